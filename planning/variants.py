"""The exclusivity variants a planner can negotiate, and the scenarios they make.

A variant is one campaign's clause changed, nothing else.  Each is written as
a changes/1 change set on the input scenario, so the scenario it is solved
against is exactly ``apply_changes(scenario, variant_changes)`` (fully
validated) and anyone can rebuild it from the options/1 document.

Definitions (the *reference phases* are the requested phases; when the
campaign requests no exclusivity they are one ``full`` phase from the first
to the last post, so the level variants still mean something):

- ``requested``: the clause as written;
- ``full`` / ``category`` / ``semi``: the reference phases at that level
  (``semi`` = ``competitors``), same bounds and scopes;
- ``phased``: the strongest reference level from the reference start until
  ``launch_end`` (or ``first_post + 14`` without a launch), then
  ``competitors`` from the next day until the reference end;
- ``phased-category``: the same two parts, ``full`` through the launch and
  ``category`` after it;
- ``shorter``: every bound anchored on ``last_post`` or ``window_end`` keeps
  its anchor with a positive offset halved, rounded down;
- ``regional``: the reference phases limited to the smallest set of campaign
  regions, largest first, carrying at least 80% of the audience booked on
  the campaign in the requested roster;
- ``none``: no exclusivity;
- then the planner's own proposals (``--variant FILE``), by their names, as written.

With a creator (the one-to-one offer sheet) the variant applies to that
creator's booking only; see ``creator_split``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..models.changes import Change, ChangeSet
from ..models.options import VARIANT_NAMES
from ..models.roster import Roster
from ..models.scenario import (
    LEVELS,
    Campaign,
    CampaignExclusivity,
    CampaignPhase,
    PhaseAnchor,
    Scenario,
)
from ..rules import contract

REGIONAL_SHARE = 0.8
PHASED_DAYS_WITHOUT_LAUNCH = 14
SHORTENED_ANCHORS = ("last_post", "window_end")


@dataclass(frozen=True)
class Variant:
    name: str
    clause: CampaignExclusivity
    description: str
    custom: bool = False


def clause_document(clause: CampaignExclusivity) -> dict:
    """The clause as a scenario/1 ``exclusivity`` object."""
    return clause.model_dump(mode="json", by_alias=True, exclude_none=True)


def _phase(level: str, start: PhaseAnchor, end: PhaseAnchor, regions=None, platforms=None) -> CampaignPhase:
    return CampaignPhase.model_validate({"level": level, "from": start.model_dump(), "to": end.model_dump(),
                                         **({"regions": list(regions)} if regions is not None else {}),
                                         **({"platforms": list(platforms)} if platforms is not None else {})})


def _clause(phases: list[CampaignPhase], like: Optional[CampaignExclusivity]) -> CampaignExclusivity:
    exceptions = like.exceptions if like is not None else None
    return CampaignExclusivity(phases=[p.model_copy(deep=True) for p in phases],
                               exceptions=exceptions.model_copy(deep=True) if exceptions else None)


def reference_phases(campaign: Campaign) -> list[CampaignPhase]:
    """The requested phases, or one full phase over the posting span when none is requested."""
    if campaign.phases:
        return list(campaign.phases)
    return [_phase("full", PhaseAnchor(anchor="first_post"), PhaseAnchor(anchor="last_post"))]


def _nominal(campaign: Campaign, end: PhaseAnchor):
    return contract.anchor_day(campaign, end, campaign.window.start, campaign.window.end)


def level_clause(campaign: Campaign, level: str) -> CampaignExclusivity:
    phases = [p.model_copy(update={"level": level}) for p in reference_phases(campaign)]
    return _clause(phases, campaign.exclusivity)


def _union_scope(phases: list[CampaignPhase], name: str, order: list[str]) -> Optional[list[str]]:
    """The union of the phases' regions (or platforms); None when any phase has none (= everywhere)."""
    scopes = [getattr(p, name) for p in phases]
    if any(s is None for s in scopes):
        return None
    merged = set().union(*scopes)
    return [x for x in order if x in merged] + sorted(merged - set(order))


def phased_clause(campaign: Campaign, all_platforms: list[str], tight_level: Optional[str] = None,
                  tail_level: str = "competitors") -> CampaignExclusivity:
    """Two parts: ``tight_level`` (default: the strongest requested) through the launch, ``tail_level`` after."""
    phases = reference_phases(campaign)
    strongest = tight_level or min((p.level for p in phases), key=LEVELS.index)
    start = min((p.from_ for p in phases), key=lambda b: _nominal(campaign, b))
    end = max((p.to for p in phases), key=lambda b: _nominal(campaign, b))
    if campaign.launch is not None:
        tight_end, tail_start = PhaseAnchor(anchor="launch_end"), PhaseAnchor(anchor="launch_end", offset_days=1)
    else:
        tight_end = PhaseAnchor(anchor="first_post", offset_days=PHASED_DAYS_WITHOUT_LAUNCH)
        tail_start = PhaseAnchor(anchor="first_post", offset_days=PHASED_DAYS_WITHOUT_LAUNCH + 1)
    regions = _union_scope(phases, "regions", list(campaign.regions))
    platforms = _union_scope(phases, "platforms", all_platforms)
    if _nominal(campaign, end) <= _nominal(campaign, tight_end):
        # the request ends before the tight part would: never stronger or longer than asked
        new = [_phase(strongest, start, end, regions, platforms)]
    else:
        new = [_phase(strongest, start, tight_end, regions, platforms),
               _phase(tail_level, tail_start, end, regions, platforms)]
    return _clause(new, campaign.exclusivity)


def _halved(bound: PhaseAnchor) -> PhaseAnchor:
    if bound.anchor in SHORTENED_ANCHORS and bound.offset_days > 0:
        return PhaseAnchor(anchor=bound.anchor, offset_days=bound.offset_days // 2)
    return bound


def shorter_clause(campaign: Campaign) -> CampaignExclusivity:
    phases = [p.model_copy(update={"from_": _halved(p.from_), "to": _halved(p.to)}) for p in reference_phases(campaign)]
    return _clause(phases, campaign.exclusivity)


def booked_audience(scenario: Scenario, campaign_ids: set[str], roster: Optional[Roster]) -> dict[str, int]:
    """Audience per campaign region of the creators ``roster`` books on the campaign (or its clone).

    When the roster books nobody there, the audience of every creator eligible
    for the campaign stands in, so the regional variant is still defined.
    """
    campaign = next(k for k in scenario.campaigns if k.id in campaign_ids)
    creators = {c.id: c for c in scenario.creators}
    booked = [a.creator for a in (roster.assignments if roster else []) if a.campaign in campaign_ids]
    if not booked:
        booked = [c.id for c in scenario.creators if contract.ineligibility(c, campaign) is None]
    return {r: sum(creators[c].audience.get(r, 0) for c in booked if c in creators) for r in campaign.regions}


def regional_selection(campaign: Campaign, audience: dict[str, int]) -> list[str]:
    """Smallest set of campaign regions, largest first, with at least 80% of the booked audience."""
    total = sum(audience.values())
    if total <= 0:
        return list(campaign.regions)
    ranked = sorted(campaign.regions, key=lambda r: (-audience.get(r, 0), campaign.regions.index(r)))
    chosen, carried = [], 0
    for region in ranked:
        chosen.append(region)
        carried += audience.get(region, 0)
        if carried >= REGIONAL_SHARE * total:
            break
    return [r for r in campaign.regions if r in chosen]


def regional_clause(campaign: Campaign, audience: dict[str, int]) -> tuple[CampaignExclusivity, list[str]]:
    chosen = regional_selection(campaign, audience)
    phases = []
    for p in reference_phases(campaign):
        scope = p.regions if p.regions is not None else campaign.regions
        where = [r for r in scope if r in chosen]
        if len(where) == len(scope):
            phases.append(p)  # already limited to the chosen regions: written as requested
        elif where:
            phases.append(p.model_copy(update={"regions": where}))
    return _clause(phases, campaign.exclusivity), chosen


def none_clause() -> CampaignExclusivity:
    return CampaignExclusivity(phases=[])


def requested_clause(campaign: Campaign) -> CampaignExclusivity:
    return campaign.exclusivity.model_copy(deep=True) if campaign.exclusivity else CampaignExclusivity(phases=[])


def build_variants(scenario: Scenario, campaign: Campaign, requested_roster: Optional[Roster],
                   custom: Optional[dict[str, CampaignExclusivity]] = None) -> list[Variant]:
    """The built-in variants of ``campaign``'s clause in the documented order, then the planner's own."""
    audience = booked_audience(scenario, {campaign.id}, requested_roster)
    regional, chosen = regional_clause(campaign, audience)
    total = sum(audience.get(r, 0) for r in campaign.regions)
    share = sum(audience.get(r, 0) for r in chosen) / total if total else 1.0
    reference = "requested phases" if campaign.phases else "a full phase from first to last post (none requested)"
    tight = "launch end" if campaign.launch else f"{PHASED_DAYS_WITHOUT_LAUNCH} days after the first post"
    variants = [
        Variant("requested", requested_clause(campaign), "the clause as requested"),
        Variant("full", level_clause(campaign, "full"), f"the {reference} at full exclusivity"),
        Variant("category", level_clause(campaign, "category"), f"the {reference} at category exclusivity"),
        Variant("semi", level_clause(campaign, "competitors"), f"the {reference}, competitors only"),
        Variant("phased", phased_clause(campaign, list(scenario.platforms)),
                f"the strongest requested level until {tight}, then competitors only until the requested end"),
        Variant("phased-category", phased_clause(campaign, list(scenario.platforms), "full", "category"),
                f"full exclusivity until {tight}, then category exclusivity until the requested end"),
        Variant("shorter", shorter_clause(campaign),
                "post- and window-end-anchored tails halved (positive offsets, rounded down)"),
        Variant("regional", regional,
                f"the {reference} limited to {', '.join(chosen)} ({share:.0%} of the booked audience)"),
        Variant("none", none_clause(), "no exclusivity"),
    ]
    assert tuple(v.name for v in variants) == VARIANT_NAMES
    for name, clause in (custom or {}).items():
        variants.append(Variant(name, clause.model_copy(deep=True), "the planner's own proposal", custom=True))
    return variants


# --- the change sets that make each variant's scenario ------------------------------------

def _number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def campaign_clause_changes(campaign_id: str, clause: CampaignExclusivity) -> ChangeSet:
    """The whole campaign gets ``clause``."""
    return ChangeSet(format="changes/1", changes=[
        Change(op="set", path=f"campaigns/{_seg(campaign_id)}/exclusivity", value=clause_document(clause))])


def _seg(text: str) -> str:
    return text.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class CreatorSplit:
    """How one creator's booking gets its own clause while the rest keep the requested one."""

    changes: ChangeSet
    clone_id: Optional[str]  # the campaign that holds the creator (None: the creator is not booked)
    description: str


def clone_id_for(scenario: Scenario, campaign_id: str, creator_id: str) -> str:
    taken = {k.id for k in scenario.campaigns}
    base = f"{campaign_id}~{creator_id}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}~{n}", n + 1
    return candidate


def creator_unbooked(campaign: Campaign, creator_id: str) -> CreatorSplit:
    """The creator is not booked on the campaign: their clause does not matter."""
    excluded = list(campaign.excluded_creators) + ([creator_id] if creator_id not in campaign.excluded_creators else [])
    k = _seg(campaign.id)
    return CreatorSplit(ChangeSet(format="changes/1", changes=[
        Change(op="set", path=f"campaigns/{k}/excluded_creators", value=excluded)]), None,
        f"{creator_id} not booked on {campaign.id}")


def creator_split(scenario: Scenario, campaign: Campaign, creator_id: str,
                  clause: CampaignExclusivity) -> Optional[CreatorSplit]:
    """The scenario where ``creator_id`` is booked on ``campaign`` under ``clause``, everyone else under the request.

    scenario/1 has no per-creator clause, so the campaign is split exactly:
    a clone (same brand, category, window, launch, regions, platforms,
    posts, spacing, weight) holds only the creator, who must be booked on it
    under ``clause``; the original keeps the request for everyone else, with
    its staffing, budget and must-haves reduced by what the creator takes.
    Since the creator is booked, the original campaign's rules for "the
    campaign with the creator" become rules for "the others":

    - staffing min..max -> others min-1..max-1 (staffed for sure if min >= 2);
    - budget B -> others B - fee(creator under clause);
    - required: met by the creator; required_creators minus the creator;
    - the creator's signed booking (``locked``) moves to the clone, the others' stay;
    - the creator's preferred bonus moves to the clone.

    Two bookings of one brand never breach each other, so the split changes
    nothing else.  Returns None when the creator cannot be booked there at all
    (ineligible, over budget alone, or max 1 and another creator required).
    """
    creator = next((c for c in scenario.creators if c.id == creator_id), None)
    if creator is None or contract.ineligibility(creator, campaign) is not None:
        return None
    settings = scenario.effective_settings
    clone_campaign = campaign.model_copy(update={"exclusivity": clause})
    fee = contract.fee(creator, clone_campaign, settings)
    if campaign.budget is not None and fee > campaign.budget:
        return None
    others_required = [c for c in campaign.required_creators if c != creator_id]
    own_signed = [s.model_dump(mode="json") for s in campaign.locked if s.creator == creator_id]
    others_signed = [s.model_dump(mode="json") for s in campaign.locked if s.creator != creator_id]
    staffing_max = campaign.creators.max
    if staffing_max == 1 and (others_required or others_signed):
        return None

    clone_id = clone_id_for(scenario, campaign.id, creator_id)
    clone = campaign.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
    clone.update({
        "id": clone_id,
        "creators": {"min": 1, "max": 1},
        "required": False,
        "required_creators": [creator_id],
        "excluded_creators": [c.id for c in scenario.creators if c.id != creator_id],
        "exclusivity": clause_document(clause),
    })
    clone.pop("budget", None)
    clone.pop("locked", None)
    if own_signed:  # her signed booking goes with her: same days, on the clone
        clone["locked"] = own_signed
    bonus = campaign.preferred_creators.get(creator_id)
    clone["preferred_creators"] = {creator_id: _number(bonus)} if bonus is not None else {}

    k = f"campaigns/{_seg(campaign.id)}"
    ops = [Change(op="add", path="campaigns", value=clone)]
    excluded = list(campaign.excluded_creators) + [creator_id]
    if staffing_max == 1:
        excluded = [c.id for c in scenario.creators]  # the creator fills the only place
    ops.append(Change(op="set", path=f"{k}/excluded_creators", value=excluded))
    ops.append(Change(op="set", path=f"{k}/required_creators", value=others_required))
    if own_signed:
        ops.append(Change(op="set", path=f"{k}/locked", value=others_signed))
    if creator_id in campaign.preferred_creators:
        ops.append(Change(op="remove", path=f"{k}/preferred_creators/{_seg(creator_id)}"))
    others_min = max(1, campaign.creators.min - 1)
    staffing = {"min": others_min}
    if staffing_max is not None and staffing_max >= 2:
        staffing["max"] = staffing_max - 1
    ops.append(Change(op="set", path=f"{k}/creators", value=staffing))
    ops.append(Change(op="set", path=f"{k}/required", value=campaign.creators.min >= 2 and staffing_max != 1))
    if campaign.budget is not None:
        ops.append(Change(op="set", path=f"{k}/budget", value=_number(campaign.budget - fee)))
    return CreatorSplit(ChangeSet(format="changes/1", changes=ops), clone_id,
                        f"{creator_id} booked on {campaign.id} under this clause; the others under the request")
