"""Why a creator is not on a campaign in a roster, in words, from the plain rules.

Asked of a roster as it stands (an option's roster): could this one creator
be added to the campaign, everyone else as they are?  The first reason that
holds is given, each checked directly:

1. the creator cannot be booked there at all (platforms, regions, excluded,
   a brand refused), or the fee alone is over the campaign's budget;
2. every placement of the posts in the window clashes: with a booking or a
   commitment of the creator (by path), unavailable days or the weekly cap;
3. the fee would take the campaign over its budget, with those booked, by N;
4. the campaign is full, and the creators chosen instead are worth more to
   it (or, when the creator would be worth more, the season uses them elsewhere);
5. otherwise the creator fits as the roster stands: the solve did not make
   the booking within its time limit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from typing import Literal, Mapping, Optional

from ..models import Roster, Scenario
from ..models.enforcement import Conflict
from ..models.paths import FieldPath
from ..models.scenario import CampaignExclusivity
from ..rules import contract
from ..rules.enforce import Enforcer
from ..rules.index import ScenarioIndex

Kind = Literal["ineligible", "over_budget", "clash", "full", "elsewhere", "not_placed"]


@dataclass(frozen=True)
class Unbooked:
    creator: str
    kind: Kind
    reason: str
    paths: tuple[str, ...] = ()  # what is in the way, by field path (a clash)


def placements(index: ScenarioIndex, creator_id: str, campaign_id: str) -> list[list[dt.date]]:
    """Each earliest-spaced run of her posts in the window: one per possible first post."""
    campaign = index.campaigns[campaign_id]
    n, gap = campaign.posts_per_creator, campaign.min_days_between_posts
    first, last = campaign.window.start, campaign.window.end
    out = []
    day = first
    while contract.shift(day, (n - 1) * gap) <= last:
        out.append([contract.shift(day, j * gap) for j in range(n)])
        day = contract.shift(day, 1)
    return out


def why_unbooked(scenario: Scenario, roster: Roster, campaign_id: str, creator_id: str,
                 clauses: Optional[Mapping[tuple[str, str], CampaignExclusivity]] = None) -> Unbooked:
    """Why ``roster`` does not book ``creator_id`` on ``campaign_id`` (``clauses``: her own clause there)."""
    index = ScenarioIndex(scenario, clauses)
    creator, campaign = index.creators[creator_id], index.campaigns[campaign_id]
    fee = index.fee(creator_id, campaign_id)
    never = contract.ineligibility(creator, campaign)
    if never is not None:
        return Unbooked(creator_id, "ineligible", never)
    if campaign.budget is not None and fee > campaign.budget:
        return Unbooked(creator_id, "over_budget", f"{creator_id}'s fee under this clause, {fee:,}, is over {campaign_id}'s whole budget "
                                    f"({int(campaign.budget):,}) by {fee - int(campaign.budget):,}")
    enforcer = Enforcer(scenario, roster)
    blocking: Counter = Counter()
    words: dict[str, str] = {}
    for posts in placements(index, creator_id, campaign_id):
        found = enforcer.conflicts(index.campaign_booking(creator_id, campaign_id, posts))
        if not found:
            break
        for conflict in found:
            key = str(conflict.phase or conflict.path)
            blocking[key] += 1
            words.setdefault(key, clash_words(conflict, creator_id, index.campaign_path(campaign_id)))
    else:
        named = [key for key, _ in blocking.most_common(3)]
        return Unbooked(creator_id, "clash", f"every placement of {creator_id}'s posts in {campaign_id}'s window clashes: " +
                        "; ".join(words[key] for key in named), tuple(named))
    mine = [a for a in roster.assignments if a.campaign == campaign_id]
    booked_fees = sum(a.fee for a in mine)
    if campaign.budget is not None and booked_fees + fee > campaign.budget:
        over = math.ceil(booked_fees + fee - campaign.budget)
        return Unbooked(creator_id, "over_budget", f"{creator_id}'s fee under this clause, {fee:,}, would take {campaign_id} over its budget by "
                                    f"{over:,} with the creators booked")
    if campaign.creators.max is not None and len(mine) >= campaign.creators.max:
        value = index.value(creator_id, campaign_id)
        weakest = min(mine, key=lambda a: (a.value, a.creator))
        if value <= weakest.value:
            return Unbooked(creator_id, "full", f"{campaign_id} is full ({len(mine)} of at most {campaign.creators.max}) and "
                                        f"{creator_id} is worth less to it ({value:,}) than {weakest.creator}, "
                                        f"chosen instead ({weakest.value:,})")
        elsewhere = sorted({a.campaign for a in roster.assignments if a.creator == creator_id})
        where = f" (booked on {', '.join(elsewhere)})" if elsewhere else ""
        return Unbooked(creator_id, "elsewhere", f"{campaign_id} is full ({len(mine)} of at most {campaign.creators.max}); "
                                    f"{creator_id} would be worth more to it ({value:,}) than {weakest.creator} "
                                    f"({weakest.value:,}), but the season does better with {creator_id} "
                                    f"elsewhere{where}")
    return Unbooked(creator_id, "not_placed", f"{creator_id} fits {campaign_id} as the roster stands (fee {fee:,}); the solve "
                                f"did not make that booking within its time limit")


def clash_words(conflict: Conflict, creator_id: str, campaign_path: FieldPath) -> str:
    """One thing in the way of a placement, named by its path."""
    days = ", ".join(str(d) for d in conflict.days)
    own = conflict.phase is not None and str(conflict.phase).startswith(str(campaign_path) + ".")
    if conflict.kind == "exclusivity" and own:
        return f"this clause ({conflict.phase}) would cover {creator_id}'s posts for {conflict.with_} on {days}"
    if conflict.kind == "exclusivity":
        return f"the posts would fall in the clause of {conflict.with_} ({conflict.phase}) on {days}"
    if conflict.kind == "same_day":
        return f"{creator_id} already posts for {conflict.with_} on {days} ({conflict.path}): one post a day"
    if conflict.kind == "unavailable":
        return f"{creator_id} is unavailable on {days} ({conflict.path})"
    if conflict.kind == "weekly_cap":
        return f"{creator_id}'s weekly cap ({conflict.path}) is full in the week of {days}"
    return f"{conflict.message} ({conflict.path})"
