"""A clause in plain words, for people: the calendar, the export, the timeline, the explanations.

One reading of each piece (a level's name, what it blocks, an anchor with its
offset, a phase with its dates), so that every place a planner or a creator
reads a clause says it the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional, Sequence

from ..models.scenario import Campaign, CampaignPhase, Commitment, PhaseAnchor
from . import contract

LEVEL_NAMES = {"full": "full exclusivity", "category": "category exclusivity",
               "competitors": "semi-exclusive (competitors only)"}

BLOCKED = {
    "full": "competitors of {brand}, brands in categories overlapping or adjacent to {category}",
    "category": "competitors of {brand}, brands in categories overlapping {category}",
    "competitors": "competitors of {brand}",
}


def blocked_words(level: str, brand: str, category: str) -> str:
    """Whose posts a phase of this level forbids: "competitors of acme, brands in categories overlapping ..."."""
    return BLOCKED[level].format(brand=brand, category=category)


def anchor_words(bound: PhaseAnchor) -> str:
    """"first post", "7 days before window start"."""
    anchor = bound.anchor.replace("_", " ")
    off = bound.offset_days
    if off == 0:
        return anchor
    return f"{abs(off)} day{'s' if abs(off) != 1 else ''} {'after' if off > 0 else 'before'} {anchor}"


def _scope(regions: Optional[Sequence[str]], platforms: Optional[Sequence[str]]) -> str:
    where = [", ".join(part) for part in (regions, platforms) if part]
    return f" ({'; '.join(where)})" if where else ""


def _exceptions(brands: Sequence[str]) -> str:
    return f" (never against {', '.join(brands)})" if brands else ""


def phase_words(campaign: Campaign, phase: CampaignPhase, first: dt.date, last: dt.date) -> tuple[str, dt.date, dt.date]:
    """A campaign phase with the days a booking posting from ``first`` to ``last`` makes it cover."""
    start, end = contract.campaign_phase_days(campaign, phase, first, last)
    return f"{LEVEL_NAMES[phase.level]} {start} to {end}{_scope(phase.regions, phase.platforms)}", start, end


def clause_words(campaign: Campaign, first: dt.date, last: dt.date) -> tuple[str, Optional[dt.date], Optional[dt.date]]:
    """The booking's clause in words (phases joined by '; then '), and the first and last day it covers."""
    if not campaign.phases:
        return "no exclusivity", None, None
    parts = [phase_words(campaign, phase, first, last) for phase in campaign.phases]
    text = "; then ".join(words for words, _, _ in parts) + _exceptions(campaign.excepted_brands)
    return text, min(start for _, start, _ in parts), max(end for _, _, end in parts)


def campaign_clause_words(campaign: Campaign) -> str:
    """The campaign's clause by its anchors, before any post is placed: "full exclusivity from first post to
    30 days after last post"."""
    if not campaign.phases:
        return "no exclusivity"
    parts = [f"{LEVEL_NAMES[p.level]} from {anchor_words(p.from_)} to {anchor_words(p.to)}"
             f"{_scope(p.regions, p.platforms)}" for p in campaign.phases]
    return "; then ".join(parts) + _exceptions(campaign.excepted_brands)


def commitment_phase_words(level: str, start: dt.date, end: dt.date, regions, platforms) -> str:
    return f"{LEVEL_NAMES[level]} {start} to {end}{_scope(regions, platforms)}"


def commitment_clause_words(commitment: Commitment) -> str:
    if not commitment.phases:
        return "no exclusivity"
    parts = [commitment_phase_words(p.level, p.start, p.end, p.regions, p.platforms) for p in commitment.phases]
    return "; then ".join(parts) + _exceptions(commitment.excepted_brands)
