"""A brute-force solver for tiny scenarios, built only on the validator.

It enumerates every set of bookings and every choice of post days, keeps the
rosters the validator accepts, and returns the best value.  It shares no code
with the CP-SAT model, so agreement between the two is real evidence.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Optional

from creator_roster.models import (
    Assignment,
    CampaignSummary,
    ExplanationItem,
    Roster,
    Scenario,
)
from creator_roster.rules import contract, must_haves
from creator_roster.rules.index import ScenarioIndex
from creator_roster.rules.validate import validate


def placements(campaign, horizon) -> list[tuple[dt.date, ...]]:
    start, end = max(campaign.window.start, horizon.start), min(campaign.window.end, horizon.end)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return [c for c in itertools.combinations(days, campaign.posts_per_creator)
            if contract.spacing_ok(c, campaign.min_days_between_posts)]


def make_roster(index: ScenarioIndex, bookings: dict[tuple[str, str], tuple[dt.date, ...]]) -> Roster:
    s = index.scenario
    assignments = [Assignment(creator=c, campaign=k, posts=list(days), fee=index.fee(c, k), value=index.value(c, k))
                   for (c, k), days in bookings.items()]
    campaigns = []
    for k in s.campaigns:
        mine = [a for a in assignments if a.campaign == k.id]
        campaigns.append(CampaignSummary(id=k.id, staffed=bool(mine), creators=[a.creator for a in mine],
                                         fees=sum(a.fee for a in mine), value=sum(a.value for a in mine)))
    total = sum(a.value for a in assignments)
    relaxed = None
    if must_haves.soft(s):
        relaxed = [ExplanationItem(path=m.path, message="relaxed") for m in must_haves.broken(s, bookings)]
    return Roster(scenario=s.name, status="feasible", objective=total, bound=total,
                  assignments=assignments, campaigns=campaigns, relaxed=relaxed)


def brute_force_best(scenario: Scenario, limit: int = 200_000) -> Optional[tuple[int, int]]:
    """(relaxed must-haves, value) of the best valid roster, or None when no roster is valid.

    Best is the spec's order: fewest relaxed must-haves first (always 0 when
    they are hard), then the most value.
    """
    index = ScenarioIndex(scenario)
    options = []
    for k in scenario.campaigns:
        for c in scenario.creators:
            if contract.ineligibility(c, k) is None:
                options.append(((c.id, k.id), placements(k, scenario.horizon)))
    choices = [[None] + p for _, p in options]
    total = 1
    for c in choices:
        total *= len(c)
    assert total <= limit, f"too many rosters to enumerate ({total})"
    soft = must_haves.soft(scenario)
    best: Optional[tuple[int, int]] = None
    for combo in itertools.product(*choices):
        bookings = {key: days for (key, _), days in zip(options, combo) if days is not None}
        relaxed = len(must_haves.broken(scenario, bookings)) if soft else 0
        rank = (-relaxed, sum(index.value(c, k) for c, k in bookings))
        if best is not None and rank <= (-best[0], best[1]):
            continue
        if not validate(scenario, make_roster(index, bookings)):
            best = (relaxed, rank[1])
    return best


def assert_brute_force_optimum(scenario: Scenario, roster) -> None:
    """The roster is what the brute force finds best: infeasible when it finds nothing, else optimal with
    the same number of relaxed must-haves and the same value."""
    expected = brute_force_best(scenario)
    if expected is None:
        assert roster.status == "infeasible"
        return
    assert roster.status == "optimal"
    relaxed, value = expected
    assert len(roster.relaxed or []) == relaxed
    assert roster.objective == value
