"""A quick greedy roster: a first incumbent (the solver's hint) and a baseline.

Campaigns in order of weight, creators by value per fee, each on the earliest
days that keep the creator's whole schedule valid under the plain rules.  A
campaign that cannot reach its minimum is left unstaffed.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Callable, Optional

from ..rules import contract
from ..rules.index import ScenarioIndex
from .candidates import Candidate, DayClock

Key = tuple[str, str]


class CreatorSchedule:
    """One creator's bookings so far, checked with the plain rules."""

    def __init__(self, index: ScenarioIndex, clock: DayClock, creator_id: str):
        self.index, self.clock, self.creator_id = index, clock, creator_id
        creator = index.creators[creator_id]
        self.cap = creator.max_posts_per_week
        self.commitments = index.commitment_bookings.get(creator_id, [])
        self.bookings: list[contract.Booking] = []
        self.days_used: set[int] = set()
        self.week_load: dict[tuple[int, int], int] = defaultdict(int)
        for m in self.commitments:
            for day in m.posts:
                self.days_used.add(clock.num(day))
                self.week_load[contract.iso_week(day)] += 1

    def fits(self, campaign_id: str, days: list[int]) -> Optional[contract.Booking]:
        if any(d in self.days_used for d in days):
            return None
        if self.cap is not None:
            extra: dict[tuple[int, int], int] = defaultdict(int)
            for d in days:
                extra[self.clock.iso_week(d)] += 1
            if any(self.week_load[w] + n > self.cap for w, n in extra.items()):
                return None
        booking = self.index.campaign_booking(self.creator_id, campaign_id, [self.clock.date(d) for d in days])
        rel = self.index.relations
        for other in (*self.bookings, *self.commitments):
            if contract.breaches_of(rel, booking, other) or contract.breaches_of(rel, other, booking):
                return None
        return booking

    def add(self, booking: contract.Booking) -> None:
        self.bookings.append(booking)
        for day in booking.posts:
            self.days_used.add(self.clock.num(day))
            self.week_load[contract.iso_week(day)] += 1

    def remove(self, booking: contract.Booking) -> None:
        self.bookings.remove(booking)
        for day in booking.posts:
            self.days_used.discard(self.clock.num(day))
            self.week_load[contract.iso_week(day)] -= 1


def place(schedule: CreatorSchedule, cand: Candidate, tries: int = 24) -> Optional[contract.Booking]:
    """The earliest post days for ``cand`` that fit the creator's schedule (and its launch posts)."""
    days = [d for d in cand.allowed if d not in schedule.days_used]
    starts = days if len(days) <= tries else [days[i * len(days) // tries] for i in range(tries)]
    if cand.min_launch:
        lo, hi = cand.launch
        starts = sorted(set(starts) | {d for d in days if lo - (cand.posts - 1) * cand.spacing <= d <= hi})
    for first in starts:
        chosen = [first]
        for d in days:
            if len(chosen) == cand.posts:
                break
            if d - chosen[-1] >= cand.spacing:
                chosen.append(d)
        if len(chosen) < cand.posts:
            break
        if not _launch_ok(cand, chosen):
            continue
        booking = schedule.fits(cand.campaign, chosen)
        if booking is not None:
            return booking
    return None


def by_value_per_fee(c: Candidate):
    return -(Fraction(c.value, c.fee) if c.fee else Fraction(10**12 + c.value)), -c.value


def by_value(c: Candidate):
    return -c.value, c.fee


def greedy_roster(index: ScenarioIndex, candidates: dict[Key, Candidate], clock: DayClock,
                  creator_order: Callable[[Candidate], object] = by_value_per_fee) -> dict[Key, list[int]]:
    """Bookings (pair -> post day numbers) of a greedy roster; may be empty."""
    scenario = index.scenario
    schedules = {c.id: CreatorSchedule(index, clock, c.id) for c in scenario.creators}
    per_campaign: dict[str, list[Candidate]] = defaultdict(list)
    for cand in candidates.values():
        per_campaign[cand.campaign].append(cand)
    order = sorted(scenario.campaigns, key=lambda k: (not (k.required or k.required_creators or k.locked),
                                                      -k.weight, -sum(c.value for c in per_campaign[k.id])))
    signed = _signed_bookings(index, candidates, clock, schedules)
    chosen: dict[Key, list[int]] = {}
    for campaign in order:
        pool = sorted(per_campaign[campaign.id], key=lambda c: (c.creator not in campaign.required_creators,
                                                               creator_order(c)))
        budget = int(campaign.budget) if campaign.budget is not None else None
        cap = campaign.creators.max if campaign.creators.max is not None else len(pool)
        taken = [(candidates[key], booking) for key, booking in signed.items() if key[1] == campaign.id]
        spent = sum(cand.fee for cand, _ in taken)
        for cand in pool:
            if cand.key in signed:
                continue
            if len(taken) >= cap:
                break
            if budget is not None and spent + cand.fee > budget:
                continue
            booking = place(schedules[cand.creator], cand)
            if booking is None:
                continue
            schedules[cand.creator].add(booking)
            taken.append((cand, booking))
            spent += cand.fee
        if len(taken) < campaign.creators.min:
            for cand, booking in taken:
                schedules[cand.creator].remove(booking)
            continue
        for cand, booking in taken:
            chosen[cand.key] = [clock.num(d) for d in booking.posts]
    return chosen


def _signed_bookings(index: ScenarioIndex, candidates: dict[Key, Candidate], clock: DayClock,
                     schedules: dict[str, CreatorSchedule]) -> dict[Key, contract.Booking]:
    """The campaigns' signed (locked) bookings that fit, placed first on their own days."""
    out: dict[Key, contract.Booking] = {}
    for campaign in index.scenario.campaigns:
        for signed in campaign.locked:
            key = (signed.creator, campaign.id)
            cand = candidates.get(key)
            days = sorted({clock.num(d) for d in signed.posts})
            spaced = all(b - a >= cand.spacing for a, b in zip(days, days[1:])) if cand else False
            if not spaced or not set(days) <= set(cand.allowed) or not _launch_ok(cand, days):
                continue
            booking = schedules[signed.creator].fits(campaign.id, days)
            if booking is not None:
                schedules[signed.creator].add(booking)
                out[key] = booking
    return out


def _launch_ok(cand: Candidate, days: list[int]) -> bool:
    return not cand.min_launch or sum(1 for d in days if cand.launch[0] <= d <= cand.launch[1]) >= cand.min_launch


def greedy_rosters(index: ScenarioIndex, candidates: dict[Key, Candidate],
                   clock: DayClock) -> dict[str, dict[Key, list[int]]]:
    """The value-per-fee greedy (the textbook baseline) and the value-first one, by name."""
    return {order.__name__: greedy_roster(index, candidates, clock, order) for order in (by_value_per_fee, by_value)}


def best_of(candidates: dict[Key, Candidate], rosters) -> dict[Key, list[int]]:
    return max(rosters, key=lambda r: (sum(candidates[k].value for k in r), -sum(candidates[k].fee for k in r)))
