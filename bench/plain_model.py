"""A plain exact CP-SAT model of the contract: the baseline the benchmarks measure the solver against.

The straightforward model an OR engineer writes first, straight from
``spec/scenario-format.md``: one model, built once, solved once; no
decomposition, no lazy constraints, no hints, no heuristics beyond CP-SAT's
own.  It reads the rules through ``rules`` (eligibility, fee, value, phase
scopes, must-haves) and shares nothing with ``solver/``.

Variables, for every eligible (creator, campaign) pair (a *booking*):

- ``booked``: the creator is booked on the campaign;
- ``x[d]``: one literal per day ``d`` the booking may post on (the window
  inside the horizon, less the creator's unavailable days, the days a
  commitment already posts on, the weeks commitments already fill, and the
  days a commitment's clause blocks for this campaign);
- ``pre[i]`` / ``suf[i]`` (only for bookings with a phase anchored at a post):
  "some post on or before / on or after the i-th allowed day", defined
  exactly, so "first post <= t" and "last post >= t" are literals.

A campaign phase ``[from, to]`` with ``from``/``to`` anchored at the first or
last post covers day ``t`` exactly when ``booked`` and both bound conditions
hold; each condition is a constant or one of those literals.  A post of
another booking of the same creator (or a commitment's post) on a day the
phase covers, when the phase applies to it (conflict rule conditions 1, 3-5,
``contract.phase_applies``), is forbidden by one clause.

Objective: the total value (hard must-haves); with soft must-haves, kept
must-haves x (every value + 1) + value, the spec's order in one objective.
The fee tie-break is not modelled (the spec makes it best effort).

    from bench.plain_model import solve_plain
    roster = solve_plain(scenario, time_limit_s=10, workers=2)
"""

from __future__ import annotations

import datetime as dt
import math
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from typing import Optional, Union

from ortools.sat.python import cp_model

from creator_roster.models import Assignment, ExplanationItem, Roster, Scenario
from creator_roster.models.roster import campaign_summaries
from creator_roster.rules import contract, must_haves
from creator_roster.rules.index import ScenarioIndex
from creator_roster.rules.validate import commitment_warnings

Key = tuple[str, str]  # (creator id, campaign id)
Cond = Union[bool, cp_model.IntVar]  # a constant or a literal (possibly negated)

_STATUS = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible"}


def _neg(cond: Cond) -> Cond:
    return (not cond) if isinstance(cond, bool) else cond.Not()


class _Booking:
    """One eligible (creator, campaign) pair: its literals and its day domain (day numbers, sorted)."""

    def __init__(self, model: cp_model.CpModel, key: Key, days: list[int]):
        self.key = key
        self.booked = model.new_bool_var(f"booked[{key}]")
        self.days = days
        self.x = {d: model.new_bool_var(f"x[{key},{d}]") for d in days}
        self.pre: list = []
        self.suf: list = []

    def define_first_last(self, model: cp_model.CpModel) -> None:
        """pre[i] <=> some post on days[0..i]; suf[i] <=> some post on days[i..]; both exact."""
        xs = [self.x[d] for d in self.days]
        n = len(xs)
        self.pre, self.suf = [None] * n, [None] * n
        for i in range(n):
            if i == 0:
                self.pre[0] = xs[0]
            else:
                self.pre[i] = model.new_bool_var(f"pre[{self.key},{i}]")
                model.add_max_equality(self.pre[i], [self.pre[i - 1], xs[i]])
        for i in reversed(range(n)):
            if i == n - 1:
                self.suf[i] = xs[i]
            else:
                self.suf[i] = model.new_bool_var(f"suf[{self.key},{i}]")
                model.add_max_equality(self.suf[i], [self.suf[i + 1], xs[i]])

    def first_at_most(self, t: int) -> Cond:
        """[first post <= t], given booked (the clause that uses it has booked in it)."""
        i = bisect_right(self.days, t) - 1
        if i < 0:
            return False
        return True if i == len(self.days) - 1 else self.pre[i]

    def last_at_least(self, t: int) -> Cond:
        """[last post >= t], given booked."""
        i = bisect_left(self.days, t)
        if i >= len(self.days):
            return False
        return True if i == 0 else self.suf[i]


def _from_condition(b: _Booking, anchor: str, offset: int, const_day: Optional[int], t: int) -> Cond:
    """[from <= t] for a phase bound ``anchor + offset`` (const_day: a fixed anchor's day number)."""
    if anchor == "first_post":
        return b.first_at_most(t - offset)
    if anchor == "last_post":  # last + offset <= t  <=>  not (last >= t - offset + 1)
        return _neg(b.last_at_least(t - offset + 1))
    return const_day + offset <= t


def _to_condition(b: _Booking, anchor: str, offset: int, const_day: Optional[int], t: int) -> Cond:
    """[to >= t]."""
    if anchor == "last_post":
        return b.last_at_least(t - offset)
    if anchor == "first_post":  # first + offset >= t  <=>  not (first <= t - offset - 1)
        return _neg(b.first_at_most(t - offset - 1))
    return const_day + offset >= t


class PlainModel:
    """The whole model of one scenario, built in the constructor."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.index = ScenarioIndex(scenario)
        self.origin = scenario.horizon.start
        self.model = cp_model.CpModel()
        self.bookings: dict[Key, _Booking] = {}
        self.fees: dict[Key, int] = {}
        self.values: dict[Key, int] = {}
        self.kept: list = []  # one literal per must-have, in must_haves() order
        self.clauses = 0
        self._build()

    def num(self, day: dt.date) -> int:
        return (day - self.origin).days

    def date(self, num: int) -> dt.date:
        return self.origin + dt.timedelta(days=num)

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        s, index, m = self.scenario, self.index, self.model
        horizon_lo, horizon_hi = 0, self.num(s.horizon.end)
        for creator in s.creators:
            commitments = index.commitment_bookings.get(creator.id, [])
            committed_days = {self.num(d) for b in commitments for d in b.posts}
            week_load: dict[tuple[int, int], int] = defaultdict(int)
            for b in commitments:
                for d in b.posts:  # a commitment listing a day twice counts twice
                    week_load[contract.iso_week(d)] += 1
            for campaign in s.campaigns:
                if contract.ineligibility(creator, campaign) is not None:
                    continue
                scope = contract.campaign_scope(creator, campaign)
                lo = max(self.num(campaign.window.start), horizon_lo)
                hi = min(self.num(campaign.window.end), horizon_hi)
                days = []
                for d in range(lo, hi + 1):
                    day = self.date(d)
                    if d in committed_days or any(r.contains(day) for r in creator.unavailable):
                        continue
                    if creator.max_posts_per_week is not None and \
                            week_load[contract.iso_week(day)] >= creator.max_posts_per_week:
                        continue
                    if any(ph.contains(day) and contract.phase_applies(index.relations, mb.scope, ph.scope, scope)
                           for mb in commitments for ph in mb.phases):
                        continue  # a commitment's clause blocks this post
                    days.append(d)
                key = (creator.id, campaign.id)
                self.bookings[key] = _Booking(m, key, days)
                self.fees[key] = index.fee(*key)
                self.values[key] = index.value(*key)
        for key, b in self.bookings.items():
            self._booking_rules(b, index.campaigns[key[1]])
        self._creator_rules()
        self._exclusivity()
        self._campaign_rules()
        self._must_haves()
        self._objective()

    def _booking_rules(self, b: _Booking, campaign) -> None:
        """Rule 2 (count, window, spacing) and rule 7 (launch posts) for one booking."""
        m = self.model
        xs = [b.x[d] for d in b.days]
        m.add(sum(xs) == campaign.posts_per_creator * b.booked)
        gap = campaign.min_days_between_posts
        if gap > 1 and campaign.posts_per_creator > 1:  # any `gap` consecutive days hold at most one post
            for i, d in enumerate(b.days):
                within = [b.x[e] for e in b.days[i:bisect_left(b.days, d + gap)]]
                if len(within) > 1:
                    m.add_at_most_one(within)
        if campaign.min_launch_posts and campaign.launch is not None:
            lo, hi = self.num(campaign.launch.start), self.num(campaign.launch.end)
            m.add(sum(b.x[d] for d in b.days if lo <= d <= hi) >= campaign.min_launch_posts * b.booked)
        if any(ph.from_.anchor in ("first_post", "last_post") or ph.to.anchor in ("first_post", "last_post")
               for ph in campaign.phases) and b.days:
            b.define_first_last(m)

    def _creator_rules(self) -> None:
        """Rule 3: one post a day across bookings; the weekly cap with the commitments' posts."""
        s, m = self.scenario, self.model
        by_creator: dict[str, list[_Booking]] = defaultdict(list)
        for (c, _), b in self.bookings.items():
            by_creator[c].append(b)
        for creator in s.creators:
            mine = by_creator.get(creator.id, [])
            by_day: dict[int, list] = defaultdict(list)
            for b in mine:
                for d, lit in b.x.items():
                    by_day[d].append(lit)
            for lits in by_day.values():
                if len(lits) > 1:
                    m.add_at_most_one(lits)
            if creator.max_posts_per_week is None:
                continue
            week_load: dict[tuple[int, int], int] = defaultdict(int)
            for mb in self.index.commitment_bookings.get(creator.id, []):
                for d in mb.posts:
                    week_load[contract.iso_week(d)] += 1
            by_week: dict[tuple[int, int], list] = defaultdict(list)
            for d, lits in by_day.items():
                by_week[contract.iso_week(self.date(d))].extend(lits)
            for week, lits in by_week.items():
                room = max(0, creator.max_posts_per_week - week_load[week])
                if len(lits) > room:
                    m.add(sum(lits) <= room)

    def _clause(self, lits: list, conds: list[Cond]) -> None:
        """Not all of (lits and conds): skipped when a condition is constant false."""
        clause = [lit.Not() for lit in lits]
        for cond in conds:
            if cond is False:
                return
            if cond is not True:
                clause.append(_neg(cond))
        self.model.add_bool_or(clause)
        self.clauses += 1

    def _exclusivity(self) -> None:
        """Rule 6: a post inside a campaign booking's phase that applies to it (commitments' clauses are in
        the day domains already)."""
        index = self.index
        by_creator: dict[str, list[_Booking]] = defaultdict(list)
        for (c, _), b in self.bookings.items():
            by_creator[c].append(b)
        for creator_id, mine in by_creator.items():
            creator = index.creators[creator_id]
            commitments = index.commitment_bookings.get(creator_id, [])
            for holder in mine:
                campaign = index.campaigns[holder.key[1]]
                if not campaign.phases or not holder.days:
                    continue
                holder_scope = contract.campaign_scope(creator, campaign)
                for j, ph in enumerate(campaign.phases):
                    pscope = contract.phase_scope(ph, campaign.regions, contract.campaign_phase_path(index.campaign_pos[campaign.id], j))
                    bounds = self._fixed_bounds(campaign, ph)
                    for poster in mine:
                        if poster is holder or not poster.days:
                            continue
                        other = contract.campaign_scope(creator, index.campaigns[poster.key[1]])
                        if not contract.phase_applies(index.relations, holder_scope, pscope, other):
                            continue
                        for d in poster.days:
                            self._clause([holder.booked, poster.x[d]], self._covers(holder, ph, bounds, d))
                    for mb in commitments:
                        if not contract.phase_applies(index.relations, holder_scope, pscope, mb.scope):
                            continue
                        for day in sorted(set(mb.posts)):
                            self._clause([holder.booked], self._covers(holder, ph, bounds, self.num(day)))

    def _fixed_bounds(self, campaign, ph) -> tuple[Optional[int], Optional[int]]:
        """The day numbers of a phase's fixed anchors (None for a post anchor)."""
        def fixed(bound) -> Optional[int]:
            if bound.anchor in ("first_post", "last_post"):
                return None
            return self.num(contract.anchor_day(campaign, bound, campaign.window.start, campaign.window.end)) \
                - bound.offset_days
        return fixed(ph.from_), fixed(ph.to)

    @staticmethod
    def _covers(holder: _Booking, ph, bounds, t: int) -> list[Cond]:
        """The two conditions under which the holder's phase covers day t (booked assumed)."""
        return [_from_condition(holder, ph.from_.anchor, ph.from_.offset_days, bounds[0], t),
                _to_condition(holder, ph.to.anchor, ph.to.offset_days, bounds[1], t)]

    def _campaign_rules(self) -> None:
        """Rules 4 (staffing) and 5 (budget)."""
        m = self.model
        self.staffed = {}
        for campaign in self.scenario.campaigns:
            keys = [k for k in self.bookings if k[1] == campaign.id]
            staffed = m.new_bool_var(f"staffed[{campaign.id}]")
            self.staffed[campaign.id] = staffed
            n = sum(self.bookings[k].booked for k in keys)
            high = len(keys) if campaign.creators.max is None else min(campaign.creators.max, len(keys))
            m.add(n >= campaign.creators.min * staffed)
            m.add(n <= high * staffed)
            if campaign.budget is not None:
                m.add(sum(self.fees[k] * self.bookings[k].booked for k in keys) <= math.floor(campaign.budget))

    def _must_haves(self) -> None:
        """Rule 4's must-haves: a keep literal each, fixed true when they are hard."""
        m = self.model
        soft = must_haves.soft(self.scenario)
        for must in must_haves.must_haves(self.scenario):
            keep = m.new_bool_var(f"keep[{must.path}]")
            if not soft:
                m.add(keep == 1)
            self.kept.append(keep)
            if must.kind == "required":
                m.add_implication(keep, self.staffed[must.campaign])
                continue
            b = self.bookings.get((must.creator, must.campaign))
            if b is None:  # not eligible: the must-have cannot be kept
                m.add_bool_or([keep.Not()])
                continue
            m.add_implication(keep, b.booked)
            for day in must.days:  # locked: exactly these days (the post count does the rest)
                lit = b.x.get(self.num(day))
                if lit is None:
                    m.add_bool_or([keep.Not()])
                else:
                    m.add_implication(keep, lit)

    def _objective(self) -> None:
        self.value_expr = cp_model.LinearExpr.weighted_sum([b.booked for b in self.bookings.values()],
                                                           [self.values[k] for k in self.bookings])
        self.value_scale = sum(self.values.values()) + 1  # one kept must-have outweighs every value
        if must_haves.soft(self.scenario) and self.kept:
            self.model.maximize(self.value_scale * sum(self.kept) + self.value_expr)
        else:
            self.model.maximize(self.value_expr)

    # --- the roster -------------------------------------------------------------------------
    def extract(self, solver: cp_model.CpSolver) -> dict[Key, list[dt.date]]:
        return {k: [self.date(d) for d in b.days if solver.boolean_value(b.x[d])]
                for k, b in self.bookings.items() if solver.boolean_value(b.booked)}


def solve_plain(scenario: Scenario, time_limit_s: float, workers: int = 2, seed: int = 0) -> Roster:
    """Build the plain model once, solve it once, and return the roster/1 document."""
    started = time.monotonic()
    pm = PlainModel(scenario)
    build_s = time.monotonic() - started
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s - build_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(pm.model)
    name = _STATUS.get(status, "unknown")
    soft = must_haves.soft(scenario)
    assignments: list[Assignment] = []
    objective = bound = None
    relaxed = None
    if name in ("optimal", "feasible"):
        bookings = pm.extract(solver)
        for campaign in scenario.campaigns:
            for creator in scenario.creators:
                key = (creator.id, campaign.id)
                if key in bookings:
                    assignments.append(Assignment(creator=creator.id, campaign=campaign.id, posts=bookings[key],
                                                  fee=pm.fees[key], value=pm.values[key]))
        objective = sum(a.value for a in assignments)
        if name == "optimal":
            bound = objective
        elif soft and pm.kept:  # the best roster keeps at least as many must-haves as this one
            kept = sum(solver.boolean_value(k) for k in pm.kept)
            bound = math.floor(solver.best_objective_bound + 1e-6) - pm.value_scale * kept
        else:
            bound = math.floor(solver.best_objective_bound + 1e-6)
        bound = max(objective, min(bound, pm.value_scale - 1))
        if soft:
            relaxed = [ExplanationItem(path=m.path, message=m.broken_message())
                       for m in must_haves.broken(scenario, bookings)]
    wall = time.monotonic() - started
    stats = {
        "model": {"bookings": len(pm.bookings), "post_literals": sum(len(b.days) for b in pm.bookings.values()),
                  "exclusivity_clauses": pm.clauses, "variables": len(pm.model.proto.variables),
                  "constraints": len(pm.model.proto.constraints)},
        "build_seconds": round(build_s, 3),
        "solve_seconds": round(solver.wall_time, 3),
        "wall_seconds": round(wall, 3),
        "cp_sat_status": solver.status_name(status),
        "conflicts": solver.num_conflicts,
        "workers": workers, "seed": seed, "time_limit_s": time_limit_s,
        "fees": sum(a.fee for a in assignments),
    }
    return Roster(scenario=scenario.name, status=name, objective=objective, bound=bound,
                  assignments=assignments, campaigns=campaign_summaries([k.id for k in scenario.campaigns], assignments),
                  warnings=commitment_warnings(scenario, pm.index), relaxed=relaxed, stats=stats)
