"""What can matter: eligible (creator, campaign) pairs and the days they may post.

A *candidate* is a pair that passes eligibility (rule 1) and can place its
posts at all.  Its allowed days are the campaign window less the days the
creator cannot use whatever else is booked: unavailable days, days with a
commitment post, weeks the commitments already fill, and days a commitment's
clause blocks for this campaign.  Each such removal is kept as a ``Block``
with the field path that causes it, so the explanation can put it back under
an assumption literal.

Days are integers counted from the horizon start (day 0); days outside the
horizon (commitments from last season) are negative or beyond the end.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from ..models.paths import FieldPath, at
from ..rules import contract
from ..rules.index import ScenarioIndex


@dataclass(frozen=True)
class Block:
    """Days a candidate may not post on, and the rule (field path) that says so."""

    path: FieldPath
    days: frozenset[int]
    reason: str
    also: tuple[FieldPath, ...] = ()  # other facts the block needs (the commitments that fill a week)


@dataclass
class Candidate:
    creator: str
    campaign: str
    posts: int  # posts_per_creator
    spacing: int  # min_days_between_posts
    value: int
    fee: int
    base_days: tuple[int, ...]  # window days, before any block
    blocks: list[Block] = field(default_factory=list)
    allowed: tuple[int, ...] = ()  # base_days less every block
    scope: Optional[contract.Scope] = None
    launch: Optional[tuple[int, int]] = None  # the campaign's launch, day numbers, when it asks for launch posts
    min_launch: int = 0  # min_launch_posts

    @property
    def key(self) -> tuple[str, str]:
        return (self.creator, self.campaign)

    def days(self, with_blocks: bool = True) -> tuple[int, ...]:
        return self.allowed if with_blocks else self.base_days


class DayClock:
    """Converts between dates and day numbers relative to the horizon start."""

    def __init__(self, start: dt.date):
        self.start = start
        self._weeks: dict[int, tuple[int, int]] = {}

    def num(self, day: dt.date) -> int:
        return (day - self.start).days

    def date(self, num: int) -> dt.date:
        return self.start + dt.timedelta(days=num)

    def iso_week(self, num: int) -> tuple[int, int]:
        week = self._weeks.get(num)
        if week is None:
            week = self._weeks[num] = contract.iso_week(self.date(num))
        return week


def earliest_placement(days: Sequence[int], posts: int, spacing: int) -> Optional[list[int]]:
    """The earliest post days from ``days`` (sorted) at least ``spacing`` apart, or None."""
    out: list[int] = []
    for d in days:
        if not out or d - out[-1] >= spacing:
            out.append(d)
            if len(out) == posts:
                return out
    return None


def latest_placement(days: Sequence[int], posts: int, spacing: int) -> Optional[list[int]]:
    out: list[int] = []
    for d in reversed(days):
        if not out or out[-1] - d >= spacing:
            out.append(d)
            if len(out) == posts:
                return out[::-1]
    return None


def post_ranges(days: Sequence[int], posts: int, spacing: int) -> Optional[list[tuple[int, int]]]:
    """For each post j, the earliest and latest day it can take in any placement."""
    early = earliest_placement(days, posts, spacing)
    late = latest_placement(days, posts, spacing)
    if early is None or late is None:
        return None
    return list(zip(early, late))


class CreatorCalendar:
    """A creator's fixed facts in day numbers: unavailable days, commitment posts, weekly load."""

    def __init__(self, index: ScenarioIndex, clock: DayClock, creator_id: str):
        creator = index.creators[creator_id]
        self.index, self.clock, self.creator_id = index, clock, creator_id
        self.commitments: list[contract.Booking] = index.commitment_bookings.get(creator_id, [])
        self.unavailable: dict[int, list[FieldPath]] = defaultdict(list)  # day -> paths
        for j, rng in enumerate(creator.unavailable):
            for n in range(clock.num(rng.start), clock.num(rng.end) + 1):
                self.unavailable[n].append(index.creator_path(creator_id) / "unavailable" / j)
        self.commitment_posts: dict[int, list[FieldPath]] = defaultdict(list)  # day -> paths
        self.week_load: dict[tuple[int, int], int] = defaultdict(int)
        self.week_posts: dict[tuple[int, int], set[FieldPath]] = defaultdict(set)  # week -> commitments' posts
        for i, m in index.commitments_of.get(creator_id, []):
            for j, day in enumerate(sorted(set(m.posts))):
                self.commitment_posts[clock.num(day)].append(at("commitments", i, "posts"))
            for day in m.posts:
                self.week_load[contract.iso_week(day)] += 1
                self.week_posts[contract.iso_week(day)].add(at("commitments", i, "posts"))
        self.cap = creator.max_posts_per_week
        self.path = index.creator_path(creator_id)
        self.has_facts = bool(self.unavailable or self.commitment_posts or index.commitments_of.get(creator_id))


def build_candidates(index: ScenarioIndex, clock: DayClock | None = None) -> dict[tuple[str, str], Candidate]:
    """Every eligible pair with room for its posts (placement ignoring other new bookings)."""
    scenario = index.scenario
    clock = clock or DayClock(scenario.horizon.start)
    windows = {k.id: _window_days(clock, k, scenario.horizon.end) for k in scenario.campaigns}
    out: dict[tuple[str, str], Candidate] = {}
    for creator in scenario.creators:
        calendar = CreatorCalendar(index, clock, creator.id)
        for campaign in scenario.campaigns:
            if windows[campaign.id] is None or contract.ineligibility(creator, campaign) is not None:
                continue
            cand = make_candidate(calendar, campaign.id, windows[campaign.id])
            out[cand.key] = cand
    return out


def _window_days(clock: DayClock, campaign, horizon_end: dt.date) -> Optional[tuple[int, ...]]:
    """The campaign's window as day numbers; None when its posts cannot fit it at all."""
    lo, hi = clock.num(campaign.window.start), clock.num(campaign.window.end)
    base = tuple(range(max(lo, 0), min(hi, clock.num(horizon_end)) + 1))
    if earliest_placement(base, campaign.posts_per_creator, campaign.min_days_between_posts) is None:
        return None
    return base


def make_candidate(calendar: CreatorCalendar, campaign_id: str, base: tuple[int, ...]) -> Candidate:
    """The calendar's creator on one campaign whose window is the day numbers ``base``."""
    index, clock, creator_id = calendar.index, calendar.clock, calendar.creator_id
    creator, campaign = index.creators[creator_id], index.campaigns[campaign_id]
    scope = contract.campaign_scope(creator, campaign)
    blocks = list(_blocks(calendar, scope, base)) if calendar.has_facts else []
    if blocks:
        blocked = frozenset().union(*(b.days for b in blocks))
        allowed = tuple(d for d in base if d not in blocked)
    else:
        allowed = base  # shared with every creator free on the whole window
    launch = None
    if campaign.min_launch_posts and campaign.launch is not None:
        launch = (clock.num(campaign.launch.start), clock.num(campaign.launch.end))
    return Candidate(creator_id, campaign_id, campaign.posts_per_creator, campaign.min_days_between_posts,
                     index.value(creator_id, campaign_id), index.fee(creator_id, campaign_id),
                     base, blocks, allowed, scope, launch, campaign.min_launch_posts if launch else 0)


def _blocks(calendar: CreatorCalendar, scope: contract.Scope, base: Sequence[int]) -> Iterable[Block]:
    index, clock = calendar.index, calendar.clock
    base_set = set(base)
    by_path: dict[FieldPath, set[int]] = defaultdict(set)
    for n in base_set & calendar.unavailable.keys():
        for path in calendar.unavailable[n]:
            by_path[path].add(n)
    for path, days in by_path.items():
        yield Block(path, frozenset(days), "unavailable")
    by_path = defaultdict(set)
    for n in base_set & calendar.commitment_posts.keys():
        for path in calendar.commitment_posts[n]:
            by_path[path].add(n)
    for path, days in by_path.items():
        yield Block(path, frozenset(days), "commitment post")
    if calendar.cap is not None:
        full: dict[tuple[int, int], set[int]] = defaultdict(set)  # weeks the commitments fill -> window days
        for n in base:
            week = clock.iso_week(n)
            if calendar.week_load.get(week, 0) >= calendar.cap:
                full[week].add(n)
        for week, days in sorted(full.items()):
            yield Block(calendar.path / "max_posts_per_week", frozenset(days), "weekly cap used up by commitments",
                        tuple(sorted(calendar.week_posts[week], key=str)))
    for booking in calendar.commitments:
        for phase in booking.phases:
            if phase.end < phase.start or not contract.phase_applies(index.relations, booking.scope, phase.scope, scope):
                continue
            lo, hi = clock.num(phase.start), clock.num(phase.end)
            days = frozenset(n for n in base if lo <= n <= hi)
            if days:
                yield Block(phase.path, days, "commitment clause")
