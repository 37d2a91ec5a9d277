"""A season as the web app's timeline draws it: the scenario and its roster, worked out into dated bands.

The page draws and filters; every day and figure here comes from the plain
rules (``rules.contract``, ``rules.words``): a booking's phases are dated from
its own posts, its base fee and premium split as the fee rule splits them.
Without a roster the signed bookings still show, priced as the rules price
them, so a planner sees what is already fixed before the first solve.
"""

from __future__ import annotations

import math
from typing import Optional

from ..models import Assignment, Campaign, Commitment, DateRange, Roster, Scenario
from ..models.diff import DiffDocument
from ..models.paths import at
from ..models.timeline import (
    Timeline,
    TimelineBooking,
    TimelineCampaign,
    TimelineCommitment,
    TimelineCompare,
    TimelineCreator,
    TimelinePhase,
    TimelineRemoved,
    TimelineRoster,
)
from ..rules import contract, words
from ..rules.index import ScenarioIndex
from .export import check_references


def booking_phases(campaign: Campaign, campaign_index: int, posts: list) -> list[TimelinePhase]:
    first, last = min(posts), max(posts)
    out = []
    for j, phase in enumerate(campaign.phases):
        text, start, end = words.phase_words(campaign, phase, first, last)
        out.append(TimelinePhase(level=phase.level, start=start, end=end, words=text,
                                 path=str(contract.campaign_phase_path(campaign_index, j))))
    return out


def booking_of(index: ScenarioIndex, a: Assignment, signed: bool) -> TimelineBooking:
    creator, campaign = index.creators[a.creator], index.campaign_for(a.creator, a.campaign)
    posts = sorted(a.posts)
    base = contract.base_fee(creator, campaign)
    clause, _, _ = words.clause_words(campaign, posts[0], posts[-1])
    return TimelineBooking(campaign=a.campaign, brand=campaign.brand, category=campaign.category, posts=posts,
                           base_fee=base, premium=a.fee - base, fee=a.fee, value=a.value, clause=clause,
                           phases=booking_phases(campaign, index.campaign_pos[a.campaign], posts), signed=signed)


def commitment_of(commitment: Commitment, i: int) -> TimelineCommitment:
    phases = [TimelinePhase(level=p.level, start=p.start, end=p.end,
                            words=words.commitment_phase_words(p.level, p.start, p.end, p.regions, p.platforms),
                            path=str(contract.commitment_phase_path(i, j)))
              for j, p in enumerate(commitment.phases)]
    return TimelineCommitment(id=commitment.id, path=str(at("commitments", i)), brand=commitment.brand,
                              category=commitment.category, posts=sorted(commitment.posts),
                              clause=words.commitment_clause_words(commitment), phases=phases)


def signed_assignments(index: ScenarioIndex) -> list[Assignment]:
    """The scenario's signed bookings as assignments, priced by the rules (what shows before a solve)."""
    return [Assignment(creator=s.creator, campaign=k.id, posts=sorted(s.posts), fee=index.fee(s.creator, k.id),
                       value=index.value(s.creator, k.id))
            for k in index.scenario.campaigns for s in k.locked]


def campaign_of(index: ScenarioIndex, campaign: Campaign, booked: list[Assignment]) -> TimelineCampaign:
    mine = [a for a in booked if a.campaign == campaign.id]
    return TimelineCampaign(
        id=campaign.id, path=str(index.campaign_path(campaign.id)), brand=campaign.brand, category=campaign.category,
        window=campaign.window, launch=campaign.launch,
        budget=None if campaign.budget is None else math.floor(campaign.budget),
        fees=sum(a.fee for a in mine), value=sum(a.value for a in mine), creators=[a.creator for a in mine],
        staffing_min=campaign.creators.min, staffing_max=campaign.creators.max,
        required=campaign.required, clause=words.campaign_clause_words(campaign))


def timeline_of(scenario: Scenario, roster: Optional[Roster], job: Optional[str] = None,
                clauses: Optional[dict] = None) -> Timeline:
    """The timeline of ``scenario`` with ``roster`` (None: the signed bookings only).  A roster naming a
    creator or campaign the scenario does not have is refused (a DocumentError on the roster's paths).
    ``clauses``: a clause negotiated for one booking, (creator, campaign) -> exclusivity, as ScenarioIndex
    takes it (a per-creator option)."""
    index = ScenarioIndex(scenario, clauses)
    if roster is not None:
        check_references(index, roster)
    booked = roster.assignments if roster is not None else signed_assignments(index)
    signed = {(s.creator, k.id) for k in scenario.campaigns for s in k.locked}
    bookings: dict[str, list[TimelineBooking]] = {c.id: [] for c in scenario.creators}
    for a in booked:
        bookings[a.creator].append(booking_of(index, a, (a.creator, a.campaign) in signed))
    commitments: dict[str, list[TimelineCommitment]] = {c.id: [] for c in scenario.creators}
    for i, m in enumerate(scenario.commitments):
        commitments[m.creator].append(commitment_of(m, i))
    creators = [TimelineCreator(id=c.id, platforms=sorted(c.platforms), regions=sorted(c.audience),
                                fee_per_post=c.fee_per_post,
                                unavailable=[DateRange(start=u.start, end=u.end) for u in c.unavailable],
                                bookings=bookings[c.id], commitments=commitments[c.id])
                for c in scenario.creators]
    summary = None if roster is None else TimelineRoster(job=job, status=roster.status, objective=roster.objective,
                                                         bound=roster.bound)
    return Timeline(scenario=scenario.name, horizon=scenario.horizon, roster=summary,
                    brands=[b.id for b in scenario.brands],
                    campaigns=[campaign_of(index, k, booked) for k in scenario.campaigns], creators=creators)


def with_changes(timeline: Timeline, diff: DiffDocument, *, job: str, kind: str, against: str,
                 brand_of: dict[str, str], option: Optional[str] = None) -> Timeline:
    """The timeline of ``diff.roster`` with what ``diff`` says changed marked on its bookings: added and
    moved (with the days they had), and the bookings dropped listed (``brand_of``: campaign id -> brand, of
    the scenario before the changes too, for campaigns a change removed)."""
    added = {(b.creator, b.campaign) for b in diff.added}
    was = {(m.creator, m.campaign): m.old_posts for m in diff.moved}
    for creator in timeline.creators:
        for booking in creator.bookings:
            key = (creator.id, booking.campaign)
            if key in added:
                booking.change = "added"
            elif key in was:
                booking.change, booking.was_posts = "moved", sorted(was[key])
    removed = [TimelineRemoved(creator=b.creator, campaign=b.campaign, brand=brand_of.get(b.campaign, ""),
                               posts=sorted(b.posts)) for b in diff.removed]
    timeline.compare = TimelineCompare(job=job, kind=kind, option=option, against=against, added=len(diff.added),
                                       moved=len(diff.moved), kept=diff.kept, removed=removed,
                                       objective_delta=diff.objective_delta, fees_delta=diff.fees_delta)
    return timeline
