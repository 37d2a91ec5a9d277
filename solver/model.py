"""The CP-SAT model of scenario/1, built in named steps.

Decisions: ``booked[c, k]`` for every candidate pair and, per booking, one
integer day variable per post (ordered, spaced).  Time is the resource, so
posts are optional unit intervals: one post a day is a no-overlap per
creator, and an exclusivity phase is an optional interval whose ends move
with the holder's first and last post, in a no-overlap with the posts it
forbids.  Pairs whose clash does not depend on the days become at-most-one
constraints over cliques of the conflict graph.

With ``explain=True`` every planner rule (a required creator, a budget, a
commitment's clause, ...) is enforced only under an assumption literal named
by its field path, for the infeasibility explanation.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

import networkx as nx
from ortools.sat.python import cp_model

from .. import run_rules
from ..models.paths import FieldPath, at
from ..models.scenario import PhaseAnchor
from ..rules import contract, must_haves
from ..rules.index import ScenarioIndex
from .candidates import Candidate, CreatorCalendar, DayClock, post_ranges

Key = tuple[str, str]


class Guards:
    """Assumption literals keyed by field path (only in explain mode)."""

    def __init__(self, model: cp_model.CpModel, enabled: bool):
        self.model = model
        self.enabled = enabled
        self.lits: dict[FieldPath, cp_model.IntVar] = {}

    def lit(self, path: FieldPath) -> Optional[cp_model.IntVar]:
        if not self.enabled:
            return None
        if path not in self.lits:
            self.lits[path] = self.model.new_bool_var(f"assume:{path}")
        return self.lits[path]

    def only_if(self, constraint, path: FieldPath, *more):
        lits = [x for x in (self.lit(path), *more) if x is not None]
        if lits:
            constraint.only_enforce_if(lits)
        return constraint


@dataclass
class RosterModel:
    """The CP-SAT model with its variables, by what they mean."""

    index: ScenarioIndex
    clock: DayClock
    candidates: dict[Key, Candidate]
    explain: bool = False
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    booked: dict[Key, cp_model.IntVar] = field(default_factory=dict)
    posts: dict[Key, list[cp_model.IntVar]] = field(default_factory=dict)
    ranges: dict[Key, list[tuple[int, int]]] = field(default_factory=dict)
    intervals: dict[Key, list[cp_model.IntervalVar]] = field(default_factory=dict)
    staffed: dict[str, cp_model.IntVar] = field(default_factory=dict)
    calendars: dict[str, CreatorCalendar] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    guards: Guards = None  # type: ignore[assignment]
    lazy_creators: set[str] = field(default_factory=set)  # day rules not yet in the model
    campaign_bounds: dict[str, int] = field(default_factory=dict)  # proven caps on a campaign's value
    campaign_scope: Optional[set[str]] = None  # None: every campaign's own rules are in the model
    kept: dict[FieldPath, cp_model.IntVar] = field(default_factory=dict)  # soft must-haves: path -> kept literal

    def __post_init__(self):
        self.guards = Guards(self.model, self.explain)

    @property
    def soft_must_haves(self) -> bool:
        """Must-haves may be broken (``settings.must_haves: soft``); explain mode always reads them hard."""
        return not self.explain and must_haves.soft(self.index.scenario)

    # --- reading the model -------------------------------------------------------
    def by_creator(self) -> dict[str, list[Key]]:
        out: dict[str, list[Key]] = defaultdict(list)
        for key in self.booked:
            out[key[0]].append(key)
        return out

    def by_campaign(self) -> dict[str, list[Key]]:
        out: dict[str, list[Key]] = defaultdict(list)
        for key in self.booked:
            out[key[1]].append(key)
        return out

    def ruled_campaigns(self):
        """(position, campaign) for the campaigns whose staffing, must-haves and budget this model states."""
        return [(i, k) for i, k in enumerate(self.index.scenario.campaigns)
                if self.campaign_scope is None or k.id in self.campaign_scope]

    def post_intervals(self, key: Key) -> list[cp_model.IntervalVar]:
        """The booking's posts as optional unit intervals, made when a no-overlap first needs them."""
        if key not in self.intervals:
            self.intervals[key] = [self.model.new_optional_fixed_size_interval_var(p, 1, self.booked[key], "")
                                   for p in self.posts[key]]
        return self.intervals[key]

    def value_expr(self) -> cp_model.LinearExpr:
        keys = list(self.booked)
        return cp_model.LinearExpr.weighted_sum([self.booked[k] for k in keys],
                                                [self.candidates[k].value for k in keys])

    def fee_expr(self) -> cp_model.LinearExpr:
        keys = list(self.booked)
        return cp_model.LinearExpr.weighted_sum([self.booked[k] for k in keys],
                                                [self.candidates[k].fee for k in keys])

    def extract(self, solver) -> dict[Key, list[int]]:
        """Booked pairs and their post days (day numbers) from a solver or callback."""
        return {k: [solver.value(p) for p in self.posts[k]] for k, b in self.booked.items() if solver.value(b)}

    def add_hint(self, bookings: dict[Key, list[int]]) -> None:
        self.model.clear_hints()
        for key, var in self.booked.items():
            on = key in bookings and len(bookings[key]) == len(self.posts[key])
            self.model.add_hint(var, on)
            days = bookings[key] if on else idle_days(self, key)
            for p, d in zip(self.posts[key], sorted(days)):
                self.model.add_hint(p, d)
        staffed = {k for _, k in bookings}
        for cid, var in self.staffed.items():
            self.model.add_hint(var, cid in staffed)


def idle_days(rm: RosterModel, key: Key) -> list[int]:
    """Where an unbooked pair's post variables rest (removes useless symmetry)."""
    return [lo for lo, _ in rm.ranges[key]]


# --- building ------------------------------------------------------------------

def build_model(index: ScenarioIndex, candidates: dict[Key, Candidate], *, explain: bool = False,
                lazy_day_rules: bool = False, campaign_scope: Optional[set[str]] = None) -> RosterModel:
    """The whole model; with ``lazy_day_rules`` the one-post-a-day and weekly-cap
    constraints are left out, to be added per creator by ``add_day_rules`` when a
    solution breaks them (they rarely bind, and they slow the proof).

    With ``campaign_scope`` only those campaigns' own rules (staffing,
    must-haves, budgets) are stated, and no knapsack cuts: a sub-model around
    fixed bookings (solver.windows).
    """
    rm = RosterModel(index, DayClock(index.scenario.horizon.start), candidates, explain)
    rm.campaign_scope = campaign_scope
    rm.calendars = {c: CreatorCalendar(index, rm.clock, c) for c in sorted({c for c, _ in candidates})}
    add_bookings(rm)
    add_day_blocks(rm)
    rm.lazy_creators = set(rm.by_creator()) if lazy_day_rules else set()
    add_day_rules(rm, set(rm.by_creator()) - rm.lazy_creators)
    add_staffing(rm)
    add_must_haves(rm)
    add_launch_posts(rm)
    add_budgets(rm)
    add_exclusivity(rm)
    if campaign_scope is None:
        add_knapsack_bounds(rm)
    return rm


def add_bookings(rm: RosterModel) -> None:
    """booked[c, k] and ordered, spaced post days inside the allowed days."""
    m = rm.model
    placements: dict[tuple[int, int, int], Optional[list[tuple[int, int]]]] = {}  # shared day tuples
    for key, cand in rm.candidates.items():
        days = cand.days(with_blocks=not rm.explain)
        shape = (id(days), cand.posts, cand.spacing)
        if shape not in placements:
            placements[shape] = post_ranges(days, cand.posts, cand.spacing)
        ranges = placements[shape]
        if ranges is None:
            continue  # no room at all: never bookable
        booked = m.new_bool_var(f"booked[{key[0]},{key[1]}]")
        posts = []
        for lo, hi in ranges:
            first, last = bisect.bisect_left(days, lo), bisect.bisect_right(days, hi)
            if last - first == hi - lo + 1:  # every day in between is allowed
                p = m.new_int_var(lo, hi, "")
            else:
                p = m.new_int_var_from_domain(cp_model.Domain.from_values(days[first:last]), "")
            posts.append(p)
        for a, b in zip(posts, posts[1:]):
            m.add(b >= a + cand.spacing)
        for p, (lo, _) in zip(posts, ranges):
            m.add(p == lo).only_enforce_if(~booked)
        rm.booked[key], rm.posts[key], rm.ranges[key] = booked, posts, ranges
        rm.stats["post_vars"] += len(posts)
    rm.stats["bookings"] = len(rm.booked)


def add_day_blocks(rm: RosterModel) -> None:
    """Explain mode only: the candidate's blocked days, each under its rule's literal.

    In normal mode the blocks are already taken out of the day domains.
    """
    if not rm.explain:
        return
    m = rm.model
    for key, booked in rm.booked.items():
        for block in rm.candidates[key].blocks:
            outside = cp_model.Domain.from_values(sorted(block.days)).complement()
            facts = [rm.guards.lit(path) for path in block.also]
            for p in rm.posts[key]:
                rm.guards.only_if(m.add_linear_expression_in_domain(p, outside), block.path, booked, *facts)


def add_day_rules(rm: RosterModel, creators: Iterable[str]) -> None:
    """One post a day and weekly caps for these creators (once each)."""
    by_creator = rm.by_creator()
    for creator in creators:
        keys = by_creator.get(creator, [])
        add_one_post_a_day(rm, keys)
        add_weekly_caps(rm, creator, keys)
        rm.lazy_creators.discard(creator)


def day_rule_breakers(rm: RosterModel, bookings: dict[Key, list[int]]) -> set[str]:
    """Creators still outside the model's day rules whose posts here break them."""
    days: dict[str, list[int]] = defaultdict(list)
    for (creator, _), posts in bookings.items():
        if creator in rm.lazy_creators:
            days[creator].extend(posts)
    out = set()
    for creator, posts in days.items():
        if len(set(posts)) < len(posts):
            out.add(creator)
            continue
        cal = rm.calendars[creator]
        if cal.cap is not None:
            weeks: dict[tuple[int, int], int] = defaultdict(int)
            for d in posts:
                weeks[rm.clock.iso_week(d)] += 1
            if any(n + cal.week_load.get(w, 0) > cal.cap for w, n in weeks.items()):
                out.add(creator)
    return out


def add_one_post_a_day(rm: RosterModel, keys: list[Key]) -> None:
    """No creator posts twice on a day: a no-overlap of the creator's post intervals."""
    if len(keys) < 2:
        return  # one booking's own posts are spaced apart already
    rm.model.add_no_overlap([iv for k in keys for iv in rm.post_intervals(k)])


def add_weekly_caps(rm: RosterModel, creator: str, keys: list[Key]) -> None:
    """At most max_posts_per_week per ISO week, commitment posts included.

    Only weeks where the new posts could exceed what is left get counting
    literals; a week the commitments already fill is a day block.
    """
    m = rm.model
    cal = rm.calendars[creator]
    if cal.cap is None:
        return
    path = cal.path / "max_posts_per_week"
    reach: dict[tuple[int, int], list[tuple[Key, int, int, int]]] = defaultdict(list)
    for key in keys:
        for j, (lo, hi) in enumerate(rm.ranges[key]):
            for week, (ws, we) in _weeks_between(rm.clock, lo, hi):
                reach[week].append((key, j, ws, we))
    for week, posts in reach.items():
        left = cal.cap - cal.week_load.get(week, 0)
        if len(posts) <= left:
            continue
        in_week = []
        for key, j, ws, we in posts:
            p, booked = rm.posts[key][j], rm.booked[key]
            lit = m.new_bool_var(f"week[{key},{j},{week}]")
            m.add_implication(lit, booked)
            m.add_linear_constraint(p, ws, we).only_enforce_if(lit)
            m.add_linear_expression_in_domain(p, cp_model.Domain(ws, we).complement()).only_enforce_if([booked, ~lit])
            in_week.append(lit)
        loads = [rm.guards.lit(p) for p in sorted(cal.week_posts.get(week, ()), key=str)] if rm.explain else []
        rm.guards.only_if(m.add(sum(in_week) <= max(left, 0)), path, *loads)
        if loads:  # explain mode: without the commitments' posts, the cap alone
            rm.guards.only_if(m.add(sum(in_week) <= cal.cap), path)
        rm.stats["week_caps"] += 1


def _weeks_between(clock: DayClock, lo: int, hi: int):
    """(iso week, (first day, last day)) for the weeks meeting [lo, hi], day numbers."""
    d = lo
    while d <= hi:
        monday = d - clock.date(d).weekday()
        yield clock.iso_week(d), (monday, monday + 6)
        d = monday + 7


def add_staffing(rm: RosterModel) -> None:
    """A campaign is unstaffed, or staffed with creators.min..max."""
    m = rm.model
    by_campaign = rm.by_campaign()
    for i, campaign in rm.ruled_campaigns():
        keys = by_campaign.get(campaign.id, [])
        staffed = m.new_bool_var(f"staffed[{campaign.id}]")
        rm.staffed[campaign.id] = staffed
        booked = [rm.booked[k] for k in keys]
        for b in booked:
            m.add_implication(b, staffed)
        n = sum(booked)
        m.add(n >= staffed)
        if campaign.creators.min > 1:
            rm.guards.only_if(m.add(n >= campaign.creators.min * staffed), at("campaigns", i, "creators", "min"))
        if campaign.creators.max is not None and campaign.creators.max < len(booked):
            rm.guards.only_if(m.add(n <= campaign.creators.max), at("campaigns", i, "creators", "max"))


def add_must_haves(rm: RosterModel) -> None:
    """Required campaigns are staffed, required creators booked, signed bookings booked on their days.

    Hard must-haves hold (each under its assumption literal in explain mode);
    soft ones hold only where their ``kept`` literal is true, and the solve
    keeps as many as it can before it looks at value.
    """
    for i, campaign in rm.ruled_campaigns():
        if campaign.required:
            _must_have(rm, at("campaigns", i, "required"), [rm.staffed[campaign.id] == 1])
        for j, creator in enumerate(campaign.required_creators):
            var = rm.booked.get((creator, campaign.id))
            _must_have(rm, at("campaigns", i, "required_creators", j), None if var is None else [var == 1])
        for j, signed in enumerate(campaign.locked):
            _must_have(rm, at("campaigns", i, "locked", j), _signed_booking(rm, (signed.creator, campaign.id),
                                                                          signed.posts))


def _signed_booking(rm: RosterModel, key: Key, posts) -> Optional[list]:
    """The pair booked on exactly these days, or None when the pair cannot be booked at all."""
    if key not in rm.booked:
        return None
    days = sorted({rm.clock.num(d) for d in posts})
    return [rm.booked[key] == 1] + [p == d for p, d in zip(rm.posts[key], days)]


def _must_have(rm: RosterModel, path: FieldPath, constraints: Optional[list]) -> None:
    """State one must-have; ``None``: it cannot hold (an ineligible creator, no room for the posts)."""
    m = rm.model
    if rm.soft_must_haves:
        lit = rm.kept[path] = m.new_bool_var(f"kept[{path}]")
    else:
        lit = rm.guards.lit(path)
    if constraints is None:
        m.add_bool_or([~lit] if lit is not None else [])
        return
    for constraint in constraints:
        added = m.add(constraint)
        if lit is not None:
            added.only_enforce_if(lit)


def add_launch_posts(rm: RosterModel) -> None:
    """On a campaign with min_launch_posts m, a booked creator makes at least m posts inside the launch."""
    m = rm.model
    for key, booked in rm.booked.items():
        cand = rm.candidates[key]
        if not cand.min_launch:
            continue
        lo, hi = cand.launch
        always, maybe = 0, []
        for p, (p_lo, p_hi) in zip(rm.posts[key], rm.ranges[key]):
            if p_hi < lo or p_lo > hi:
                continue  # this post can never fall in the launch
            if lo <= p_lo and p_hi <= hi:
                always += 1
                continue
            inside = m.new_bool_var("")
            m.add_linear_constraint(p, lo, hi).only_enforce_if(inside)
            maybe.append(inside)
        need = cand.min_launch - always
        if need <= 0:
            continue
        path = rm.index.campaign_path(key[1]) / "min_launch_posts"
        if len(maybe) < need:
            rm.guards.only_if(m.add(booked == 0), path)
        else:
            rm.guards.only_if(m.add(sum(maybe) >= need), path, booked)
        rm.stats["launch_rules"] += 1


def add_budgets(rm: RosterModel) -> None:
    """Fees booked on a campaign stay within its budget."""
    m = rm.model
    by_campaign = rm.by_campaign()
    for i, campaign in rm.ruled_campaigns():
        if campaign.budget is None:
            continue
        keys = by_campaign.get(campaign.id, [])
        fees = [rm.candidates[k].fee for k in keys]
        cap = int(campaign.budget)  # fees are whole: floor of the budget is the same cap
        if sum(fees) <= cap:
            continue
        expr = cp_model.LinearExpr.weighted_sum([rm.booked[k] for k in keys], fees)
        rm.guards.only_if(m.add(expr <= cap), at("campaigns", i, "budget"))


def add_knapsack_bounds(rm: RosterModel) -> None:
    """Cap each budgeted campaign's value by its own best budget-and-max knapsack.

    The linear relaxation only sees the fractional knapsack, which stays loose
    when a few expensive creators share a budget; the integer optimum of the
    campaign on its own (or the bound CP-SAT proves for it in a moment) is a
    valid, much tighter cut.  Left out in explain mode: it would survive the
    budget's assumption literal being dropped.
    """
    if rm.explain:
        return
    by_campaign = rm.by_campaign()
    rm.campaign_bounds = knapsack_bounds(rm.index, rm.candidates, by_campaign)
    for campaign_id, bound in rm.campaign_bounds.items():
        keys = by_campaign[campaign_id]
        values = [rm.candidates[k].value for k in keys]
        most = rm.index.campaigns[campaign_id].creators.max or len(keys)
        if bound < sum(sorted(values, reverse=True)[:most]):
            rm.model.add(cp_model.LinearExpr.weighted_sum([rm.booked[k] for k in keys], values) <= bound)
            rm.stats["knapsack_bounds"] += 1


def knapsack_bounds(index: ScenarioIndex, candidates: dict[Key, Candidate],
                    by_campaign: dict[str, list[Key]]) -> dict[str, int]:
    """A proven cap on the value of each budgeted campaign whose best creators cost more than its budget.

    Each campaign on its own is a knapsack (budget and ``creators.max``).  The
    sub-solves are limited in CP-SAT's deterministic time (work, not
    seconds), so the caps are the same on a busy machine and a quiet one.
    """
    work_left = run_rules.KNAPSACK_WORK_TOTAL
    tight = []  # budgeted campaigns, the most over budget first
    for campaign_id, keys in by_campaign.items():
        campaign = index.campaigns[campaign_id]
        if campaign.budget is None:
            continue
        most = campaign.creators.max or len(keys)
        top = sorted(keys, key=lambda k: -candidates[k].value)[:most]
        pressure = sum(candidates[k].fee for k in top) / max(1, int(campaign.budget))
        if pressure > 1:
            tight.append((-pressure, campaign_id, keys))
    bounds: dict[str, int] = {}
    for _, campaign_id, keys in sorted(tight):
        if work_left <= 0.01:
            break
        campaign = index.campaigns[campaign_id]
        most = campaign.creators.max or len(keys)
        items = _undominated([(candidates[k].value, candidates[k].fee) for k in keys], most)
        sub = cp_model.CpModel()
        pick = [sub.new_bool_var("") for _ in items]
        sub.add(cp_model.LinearExpr.weighted_sum(pick, [f for _, f in items]) <= int(campaign.budget))
        sub.add(sum(pick) <= most)
        sub.maximize(cp_model.LinearExpr.weighted_sum(pick, [v for v, _ in items]))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_deterministic_time = min(run_rules.KNAPSACK_WORK_EACH, work_left)
        status = solver.solve(sub)
        work_left -= solver.response_proto.deterministic_time
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bounds[campaign_id] = int(solver.best_objective_bound + 1e-6)
    return bounds


def _undominated(items: list[tuple[int, int]], most: int) -> list[tuple[int, int]]:
    """(value, fee) items less those that ``most`` others beat on both counts.

    An item with ``most`` others at least as valuable and no dearer never needs
    to be in a best pick of at most ``most`` items, so the knapsack's optimum
    is unchanged.
    """
    kept, best = [], []  # best: a min-heap of the ``most`` highest values seen at lower or equal fees
    for value, fee in sorted(items, key=lambda it: (it[1], -it[0])):
        if len(best) >= most and best[0] >= value:
            continue
        kept.append((value, fee))
        heapq.heappush(best, value)
        if len(best) > most:
            heapq.heappop(best)
    return kept


@dataclass
class _AnchoredDay:
    """A phase's from/to as (post index or None, offset): day = post[j] + offset, or the constant offset."""

    post: Optional[int]
    offset: int


def _anchored_day(rm: RosterModel, key: Key, end: PhaseAnchor) -> _AnchoredDay:
    campaign = rm.index.campaigns[key[1]]
    if end.anchor == "first_post":
        return _AnchoredDay(0, end.offset_days)
    if end.anchor == "last_post":
        return _AnchoredDay(campaign.posts_per_creator - 1, end.offset_days)
    day = contract.anchor_day(campaign, end, campaign.window.start, campaign.window.end)
    return _AnchoredDay(None, rm.clock.num(day))


def _span(rm: RosterModel, key: Key, b: _AnchoredDay) -> tuple[int, int]:
    if b.post is None:
        return b.offset, b.offset
    lo, hi = rm.ranges[key][b.post]
    return lo + b.offset, hi + b.offset


def _expr(rm: RosterModel, key: Key, b: _AnchoredDay):
    return b.offset if b.post is None else rm.posts[key][b.post] + b.offset


def add_exclusivity(rm: RosterModel) -> None:
    """No post inside a phase that covers it: bookings against bookings and commitments.

    Commitment clauses against new posts are day blocks (fixed dates).  Here:
    each phase of a booking is an optional interval that moves with the
    holder's posts; it may not overlap the posts it covers (other bookings'
    posts, and the creator's commitment posts).  A clash that happens
    whatever the days becomes an at-most-one over a clique.
    """
    covers = _CoverCache(rm)
    for creator, keys in rm.by_creator().items():
        neighbours = _Neighbours(rm, keys)
        edges: list[tuple[Key, Key, FieldPath]] = []
        for key in keys:
            for clause in _clauses(rm, key):
                victims, always = _covered_bookings(rm, key, clause, neighbours, covers)
                edges += [(key, other, clause.path) for other in always]
                fixed_days = _covered_commitment_posts(rm, creator, key, clause)
                hit = _always_hit(rm, key, clause, fixed_days)
                if hit:
                    _forbid(rm, key, clause.path, hit)
                elif victims or fixed_days:
                    _add_phase_no_overlap(rm, key, clause, victims, fixed_days)
        _add_conflict_cliques(rm, edges)


@dataclass(frozen=True)
class _Clause:
    """One phase of a booking: its path and scope, and where its ends can fall (day numbers)."""

    path: FieldPath
    scope: contract.PhaseScope
    start: _AnchoredDay
    end: _AnchoredDay
    starts: tuple[int, int]  # earliest and latest first day
    ends: tuple[int, int]  # earliest and latest last day


def _clauses(rm: RosterModel, key: Key) -> Iterable[_Clause]:
    """The booking's phases that can cover a day, whatever the post days."""
    ci = rm.index.campaign_pos[key[1]]
    campaign = rm.index.campaigns[key[1]]
    for j, phase in enumerate(campaign.phases):
        path = contract.campaign_phase_path(ci, j)
        start, end = _anchored_day(rm, key, phase.from_), _anchored_day(rm, key, phase.to)
        clause = _Clause(path, contract.phase_scope(phase, campaign.regions, path), start, end,
                         _span(rm, key, start), _span(rm, key, end))
        if clause.ends[1] >= clause.starts[0]:  # else it covers nothing, whatever the days
            yield clause


class _Neighbours:
    """A creator's bookings by their first possible day, to find those a phase can meet in time."""

    def __init__(self, rm: RosterModel, keys: list[Key]):
        self.spans = sorted((rm.ranges[k][0][0], rm.ranges[k][-1][1], k) for k in keys)
        self.firsts = [lo for lo, _, _ in self.spans]
        self.longest = max(hi - lo for lo, hi, _ in self.spans)

    def meeting(self, lo: int, hi: int):
        """(first day, last day, key) of the bookings whose posts can fall in [lo, hi]."""
        near = self.spans[bisect.bisect_left(self.firsts, lo - self.longest):bisect.bisect_right(self.firsts, hi)]
        return [(first, last, key) for first, last, key in near if last >= lo]


class _CoverCache:
    """Whether a campaign's phase covers another booking's scope, computed once per combination."""

    def __init__(self, rm: RosterModel):
        self.rm = rm
        self.seen: dict[tuple, bool] = {}  # (holder campaign, phase, other campaign, other's platforms) -> covered?

    def __call__(self, key: Key, clause: _Clause, other: Key) -> bool:
        victim = self.rm.candidates[other].scope
        seen = (key[1], clause.path, other[1], victim.platforms)
        if seen not in self.seen:
            holder = self.rm.candidates[key].scope
            self.seen[seen] = contract.phase_applies(self.rm.index.relations, holder, clause.scope, victim)
        return self.seen[seen]


def _covered_bookings(rm: RosterModel, key: Key, clause: _Clause, neighbours: _Neighbours,
                      covers: _CoverCache) -> tuple[list[Key], list[Key]]:
    """The creator's other bookings the clause covers: (clash depending on the days, clash whatever the days)."""
    (s_lo, s_hi), (e_lo, e_hi) = clause.starts, clause.ends
    victims, always = [], []
    for first, last, other in neighbours.meeting(s_lo, e_hi):
        if other[1] == key[1] or not covers(key, clause, other):
            continue
        if s_hi <= first and last <= e_lo and _always_nonempty(rm, key, clause.start, clause.end):
            always.append(other)
        else:
            victims.append(other)
    return victims, always


def _covered_commitment_posts(rm: RosterModel, creator: str, key: Key, clause: _Clause) -> dict[int, list[FieldPath]]:
    """Days of the creator's commitment posts the clause can cover, with the commitments posting then."""
    holder = rm.candidates[key].scope
    lo, hi = clause.starts[0], clause.ends[1]
    days: dict[int, list[FieldPath]] = defaultdict(list)
    for booking in rm.index.commitment_bookings.get(creator, []):
        if contract.phase_applies(rm.index.relations, holder, clause.scope, booking.scope):
            for d in sorted({rm.clock.num(x) for x in booking.posts}):
                if lo <= d <= hi:
                    days[d].append(booking.path / "posts")
    return days


def _always_hit(rm: RosterModel, key: Key, clause: _Clause, fixed_days: dict[int, list[FieldPath]]) -> list[FieldPath]:
    """The commitments whose posts the clause covers whatever the booking's days ([] for none)."""
    if not _always_nonempty(rm, key, clause.start, clause.end):
        return []
    s_hi, e_lo = clause.starts[1], clause.ends[0]
    return [path for d, paths in sorted(fixed_days.items()) if s_hi <= d <= e_lo for path in paths]


def _forbid(rm: RosterModel, key: Key, path: FieldPath, facts: list[FieldPath]) -> None:
    """The booking cannot be made; in explain mode, under the clause's and one of the ``facts``' assumptions."""
    lit = rm.guards.lit(path)
    if lit is None:
        rm.model.add_bool_or([~rm.booked[key]])
    else:
        for fact in facts:
            rm.model.add_bool_or([~rm.booked[key], ~lit, ~rm.guards.lit(fact)])
    rm.stats["pruned_by_commitment"] += 1


def _add_phase_no_overlap(rm: RosterModel, key: Key, clause: _Clause, victims: list[Key],
                          fixed_days: dict[int, list[FieldPath]]) -> None:
    """The phase's interval in one no-overlap with the posts it covers."""
    m = rm.model
    iv = _phase_interval(rm, key, clause.start, clause.end, clause.path)
    if iv is None:
        return
    fixed = [_commitment_post(rm, key[0], d, paths) for d, paths in sorted(fixed_days.items())]
    m.add_no_overlap([iv] + fixed + [x for v in victims for x in rm.post_intervals(v)])
    rm.stats["phase_no_overlaps"] += 1


def _commitment_post(rm: RosterModel, creator: str, day: int, paths: list[FieldPath]) -> cp_model.IntervalVar:
    """A commitment post as a unit interval; in explain mode present only while a commitment posting then holds."""
    m = rm.model
    if not rm.explain:
        return m.new_fixed_size_interval_var(day, 1, f"fixed[{creator},{day}]")
    lits = [rm.guards.lit(p) for p in paths]
    present = lits[0]
    if len(lits) > 1:
        present = m.new_bool_var(f"posted[{creator},{day}]")
        m.add_bool_or(lits).only_enforce_if(present)
        for lit in lits:
            m.add_implication(lit, present)
    return m.new_optional_fixed_size_interval_var(day, 1, present, f"fixed[{creator},{day}]")


def _always_nonempty(rm: RosterModel, key: Key, start: _AnchoredDay, end: _AnchoredDay) -> bool:
    return _min_length(rm, key, start, end) >= 1


def _min_length(rm: RosterModel, key: Key, start: _AnchoredDay, end: _AnchoredDay) -> int:
    """The shortest the phase (end - start + 1) can be over the holder's placements."""
    if start.post is not None and end.post is not None:
        cand = rm.candidates[key]
        gap = (end.post - start.post) * cand.spacing if end.post >= start.post else \
            -(rm.ranges[key][start.post][1] - rm.ranges[key][end.post][0])
        return gap + end.offset - start.offset + 1
    (_, s_hi), (e_lo, _) = _span(rm, key, start), _span(rm, key, end)
    return e_lo - s_hi + 1


def _phase_interval(rm: RosterModel, key: Key, start: _AnchoredDay, end: _AnchoredDay, path: FieldPath):
    """An optional interval [start, end] present when the pair is booked and the phase covers a day."""
    m = rm.model
    booked = rm.booked[key]
    (s_lo, _), (e_lo, e_hi) = _span(rm, key, start), _span(rm, key, end)
    max_len = e_hi - s_lo + 1  # at least 1: _clauses keeps only phases that can cover a day
    min_len = _min_length(rm, key, start, end)
    s_expr, e_expr = _expr(rm, key, start), _expr(rm, key, end)
    lit = rm.guards.lit(path)
    presence = booked
    if min_len < 1 or lit is not None:
        presence = m.new_bool_var(f"phase_on[{key},{path}]")
        conditions = [booked] + ([lit] if lit is not None else [])
        if min_len < 1:
            nonempty = m.new_bool_var(f"nonempty[{key},{path}]")
            m.add(e_expr >= s_expr).only_enforce_if(nonempty)
            m.add(e_expr < s_expr).only_enforce_if(~nonempty)
            conditions.append(nonempty)
        for c in conditions:
            m.add_implication(presence, c)
        m.add_bool_or([presence] + [~c for c in conditions])
    if start.post == end.post or (start.post is None and end.post is None):
        size = (end.offset - start.offset + 1) if start.post == end.post else (e_lo - s_lo + 1)
        if size < 1:
            return None
        return m.new_optional_fixed_size_interval_var(s_expr, size, presence, f"phase[{key},{path}]")
    size = m.new_int_var(max(min_len, 1), max_len, f"phase_len[{key},{path}]")
    return m.new_optional_interval_var(s_expr, size, e_expr + 1, presence, f"phase[{key},{path}]")


def _add_conflict_cliques(rm: RosterModel, edges: list[tuple[Key, Key, FieldPath]]) -> None:
    """Pairs that clash whatever the days: at most one per clique of the conflict graph."""
    if not edges:
        return
    m = rm.model
    if rm.explain:
        for a, b, path in edges:
            rm.guards.only_if(m.add(rm.booked[a] + rm.booked[b] <= 1), path)
        return
    graph = nx.Graph()
    for a, b, _ in edges:
        graph.add_edge(a, b)
    for clique in nx.find_cliques(graph):
        if len(clique) >= 2:
            m.add_at_most_one(rm.booked[k] for k in clique)
            rm.stats["cliques"] += 1
