"""One solve: candidates, model, greedy hint, search with progress, honest status.

The search runs in phases on the same model:

0. with soft must-haves (``settings.must_haves: soft``): keep as many
   must-haves as possible; the later phases keep that many;
1. maximise total value (with ``Stability(weight=W)``: value + W x kept
   baseline bookings); this phase's bound is the roster's ``bound``;
2. keep that value and break ties: fewest changed baseline bookings (for a
   what-if re-plan), then lowest total fees; best effort within the time left.

An ``infeasible`` answer is re-checked with presolve off before it is
believed (CP-SAT has had wrong-infeasible reports), and then explained.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass
from typing import Callable, Optional

from ortools.sat.python import cp_model

from .. import run_rules
from ..models import Assignment, ExplanationItem, Roster, Scenario
from ..models.progress import ProgressEvent, ProgressFn
from ..models.roster import campaign_summaries
from ..rules import must_haves
from ..rules.index import ScenarioIndex
from ..rules.validate import commitment_warnings, validate
from .candidates import DayClock, build_candidates
from .explain import explain_infeasible
from .greedy import best_of, greedy_rosters
from .model import Key, RosterModel, add_day_rules, build_model, day_rule_breakers
from .windows import improve_by_windows

STABILITY_SCALE = 1000  # stability weights are honoured to 1/1000 of a value unit


class InternalError(RuntimeError):
    """The solver produced something the validator rejects: a bug, never the user's fault."""


@dataclass
class Stability:
    baseline: Roster
    weight: Optional[float] = None  # None: best value, then fewest changes; W: value + W x kept


@dataclass
class SolveOptions:
    time_limit_s: Optional[float] = None
    workers: Optional[int] = None
    seed: Optional[int] = None
    hint: Optional[Roster] = None
    stability: Optional[Stability] = None
    explain: bool = True
    validate: bool = True  # check the roster with the validator before returning it
    lazy_day_rules: bool = True  # add one-post-a-day and weekly caps only where a solution breaks them
    large_model_bookings: int = 25_000  # above this, improve the start window by window (see solver.windows)




class _Reporter(cp_model.CpSolverSolutionCallback):
    """Sends the incumbent value and bound to a progress function.

    While day rules are still lazy, a solution may break them: it is not
    shown as an incumbent, and the best one that keeps every rule is kept
    aside as a fallback.
    """

    def __init__(self, rm: RosterModel, phase: str, started: float, fn: Optional[ProgressFn],
                 to_value: Callable[[float], int], known_bound: Optional[int] = None):
        super().__init__()
        self.rm, self.phase, self.started, self.fn = rm, phase, started, fn
        self.to_value = to_value
        self.solutions = 0
        self.best: Optional[int] = None
        self.best_valid: Optional[dict[Key, list[int]]] = None
        self.known_bound = known_bound
        self._value = rm.value_expr()

    def on_solution_callback(self) -> None:
        value = int(self.value(self._value))
        if self.rm.lazy_creators:
            bookings = self.rm.extract(self)
            if day_rule_breakers(self.rm, bookings):
                return
            if self.best is None or value > self.best:
                self.best_valid = bookings
        self.solutions += 1
        self.best = value if self.best is None else max(self.best, value)
        if self.fn:
            bound = self.known_bound if self.known_bound is not None else self.to_value(self.best_objective_bound)
            self.fn(ProgressEvent(self.best, bound, time.monotonic() - self.started, self.solutions, self.phase))

    def on_bound(self, bound: float) -> None:
        if self.fn and self.known_bound is None:
            self.fn(ProgressEvent(self.best, self.to_value(bound), time.monotonic() - self.started, self.solutions, self.phase))


def _solver(time_limit: float, workers: int, seed: int, **params) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    for name, val in params.items():
        setattr(solver.parameters, name, val)
    return solver


def _roster_bookings(rm: RosterModel, roster: Optional[Roster]) -> dict[Key, list[int]]:
    if roster is None:
        return {}
    return {(a.creator, a.campaign): sorted(rm.clock.num(d) for d in a.posts)
            for a in roster.assignments if (a.creator, a.campaign) in rm.booked}


def _kept_literals(rm: RosterModel, baseline: dict[Key, list[int]]) -> list[cp_model.IntVar]:
    """One literal per baseline booking that is true only if it stays exactly as it was."""
    kept = []
    for key, days in baseline.items():
        if len(days) != len(rm.posts[key]):
            continue
        lit = rm.model.new_bool_var(f"kept[{key}]")
        rm.model.add_implication(lit, rm.booked[key])
        for p, d in zip(rm.posts[key], days):
            rm.model.add(p == d).only_enforce_if(lit)
        kept.append(lit)
    return kept


def solve_scenario(scenario: Scenario, options: Optional[SolveOptions] = None,
                   progress: Optional[ProgressFn] = None) -> Roster:
    opts = options or SolveOptions()
    started = time.monotonic()
    settings = scenario.effective_settings
    limit = run_rules.solve_time_limit(opts.time_limit_s, settings.time_limit_s)
    workers = run_rules.solve_workers(opts.workers)
    seed = run_rules.seed(opts.seed, settings.seed)

    index = ScenarioIndex(scenario)
    clock = DayClock(scenario.horizon.start)
    candidates = build_candidates(index, clock)
    soft = must_haves.soft(scenario)
    # Soft must-haves fix how many are kept before the value phase, which lazy day rules could undo.
    rm = build_model(index, candidates, clock=clock, lazy_day_rules=opts.lazy_day_rules and not soft)
    built = time.monotonic()

    greedies = greedy_rosters(index, candidates, clock)
    greedy = {k: v for k, v in best_of(candidates, greedies.values()).items() if k in rm.booked}
    greedy_value = sum(candidates[k].value for k in greedy)
    start_from = _roster_bookings(rm, opts.hint) if opts.hint is not None else greedy
    rm.add_hint(start_from)

    baseline = _roster_bookings(rm, opts.stability.baseline) if opts.stability else {}
    kept = _kept_literals(rm, baseline) if opts.stability else []
    weight = opts.stability.weight if opts.stability else None

    stats_phases: list[dict] = []
    keep_proved = _keep_most_must_haves(rm, started + limit * 0.4, workers, seed, stats_phases)

    value = rm.value_expr()
    if kept and weight:
        w = round(weight * STABILITY_SCALE)
        rm.model.maximize(value * STABILITY_SCALE + w * sum(kept))
        to_value = lambda b: math.floor(b / STABILITY_SCALE + 1e-9)  # noqa: E731  kept >= 0, so value <= bound
    else:
        rm.model.maximize(value)
        to_value = lambda b: math.floor(b + 1e-9)  # noqa: E731

    stats = {
        "model": dict(rm.stats),
        "greedy_objective": greedy_value,  # the starting roster: the better greedy
        "greedy_value_per_fee": sum(candidates[k].value for k in greedies["by_value_per_fee"]),
        "workers": workers, "seed": seed, "time_limit_s": limit,
        "phases": stats_phases,
    }
    reporter = _Reporter(rm, "value", started, progress, to_value)
    large = len(rm.booked) > opts.large_model_bookings and not kept and not rm.kept and bool(start_from)
    if large and _valid(index, rm, start_from):
        status, bookings, bound = _improve_large(index, rm, candidates, clock, start_from, started, limit,
                                                 workers, seed, stats, progress)
    else:
        large = False
        status, bookings, bound = _maximise_value(rm, reporter, to_value, started + limit * 0.85,
                                                  started + limit, workers, seed, stats)
    stats["build_seconds"] = round(built - started, 3)
    if status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and start_from:
        # Not proved: never return less than the roster we started from, when it is valid.
        ours = sum(candidates[k].value for k in bookings) if bookings is not None else -1
        if sum(candidates[k].value for k in start_from) > ours and _valid(index, rm, start_from) and \
                (bookings is None or _relaxed_count(rm, start_from) <= _relaxed_count(rm, bookings)):
            status, bookings = cp_model.FEASIBLE, start_from
            stats["returned_start_roster"] = True
        if bookings is not None:  # both are valid bounds: keep the tighter
            bound = _static_bound(rm) if bound is None else min(bound, _static_bound(rm))
    stats["lazy_day_rules_added"] = sum(1 for p in stats["phases"] if p.get("added_day_rules"))
    warnings = commitment_warnings(scenario) + _limit_warnings(status, bookings, start_from, candidates,
                                                                built - started, limit)

    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        proved = status == cp_model.OPTIMAL and keep_proved
        best_value = sum(candidates[k].value for k in bookings)
        bound = best_value if proved else max(best_value, bound)
        if not large:  # a whole-model tie-break has no time to run on a large model
            bookings = _tie_break(rm, bookings, best_value, proved, kept, weight, started, limit, workers, seed,
                                  progress, bound, stats)
        best_value = sum(candidates[k].value for k in bookings)  # the tie-break may have found more
        status_name = "optimal" if proved else "feasible"
        explanation = None
        if keep_proved and _relaxed_count(rm, bookings) and opts.explain:
            # No roster keeps every must-have (proved): say why, as for an infeasible scenario.
            explanation = explain_infeasible(index, candidates, clock, time_limit_s=run_rules.explain_time_limit(limit),
                                             seed=seed)
        roster = _roster(index, rm, bookings, status_name, best_value, bound, warnings, stats, started, explanation)
    elif status == cp_model.INFEASIBLE:
        roster = _confirm_infeasible(index, rm, candidates, clock, opts, started, limit, workers, seed,
                                     warnings, stats, progress)
    elif status == cp_model.MODEL_INVALID:
        raise InternalError(f"CP-SAT rejected the model: {rm.model.validate()}")
    else:
        roster = _roster(index, rm, {}, "unknown", None, None, warnings, stats, started)

    if opts.validate:
        _verify(scenario, roster)
    if progress:
        progress(ProgressEvent(roster.objective, roster.bound, time.monotonic() - started,
                          reporter.solutions, "done"))
    return roster


def _keep_most_must_haves(rm: RosterModel, deadline: float, workers: int, seed: int, phases: list[dict]) -> bool:
    """Soft must-haves, phase 0: keep as many as possible, and make the later phases keep that many.

    True when that number is proved the most any roster keeps (always, with
    hard must-haves or none).
    """
    if not rm.kept:
        return True
    lits = list(rm.kept.values())
    rm.model.maximize(sum(lits))
    solver = _solver(deadline - time.monotonic(), workers, seed)
    status = solver.solve(rm.model)
    phases.append({"phase": "must-haves", "status": solver.status_name(status),
                   "wall_seconds": round(solver.wall_time, 3)})
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    most = round(solver.objective_value)
    phases[-1]["kept"] = most
    phases[-1]["must_haves"] = len(lits)
    if status == cp_model.OPTIMAL:
        rm.model.add(sum(lits) == most)
        return True
    rm.model.add(sum(lits) >= most)
    rm.add_hint(rm.extract(solver))
    return False


def _relaxed_count(rm: RosterModel, bookings: dict[Key, list[int]]) -> int:
    """How many must-haves these bookings break (soft must-haves only; 0 otherwise)."""
    if not rm.soft_must_haves:
        return 0
    return len(must_haves.broken(rm.index.scenario, _dated(rm, bookings)))


def _dated(rm: RosterModel, bookings: dict[Key, list[int]]) -> dict[Key, list]:
    return {key: [rm.clock.date(d) for d in days] for key, days in bookings.items()}


def _maximise_value(rm: RosterModel, reporter: _Reporter, to_value, soft_deadline: float, hard_deadline: float,
                    workers: int, seed: int, stats: dict):
    """Phase 1: maximise value; add lazy day rules where a solution breaks them, and re-solve.

    Each round's bound is valid for the full problem (a round solves a
    relaxation of it), so the roster's bound is the smallest one seen.  Returns
    (CP-SAT status, bookings or None, bound).
    """
    bound: Optional[int] = None
    budget = soft_deadline - time.monotonic()
    for round_no in itertools.count():
        left = soft_deadline - time.monotonic()
        sliced = bool(rm.lazy_creators) and left > 2.0
        if sliced:
            # Shorter rounds while rules are lazy: a breaker found early is cheap to add.
            left = min(left, max(2.0, 0.3 * budget * 2 ** round_no))
        if left < 0.2:  # out of time with a solution that breaks a day rule: one short repair round
            left = max(0.5, min(hard_deadline - time.monotonic(), 5.0))
        solver = _solver(left, workers, seed)
        solver.best_bound_callback = reporter.on_bound
        status = solver.solve(rm.model, reporter)
        entry = {"phase": "value", "status": solver.status_name(status),
                 "wall_seconds": round(solver.wall_time, 3), "conflicts": solver.num_conflicts}
        stats["phases"].append(entry)
        if status == cp_model.UNKNOWN and sliced and soft_deadline - time.monotonic() > 0.5:
            continue  # the round was too short to find anything: a longer one
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if reporter.best_valid is not None and status == cp_model.UNKNOWN:
                return cp_model.FEASIBLE, reporter.best_valid, bound
            return status, None, bound
        round_bound = to_value(solver.objective_value if status == cp_model.OPTIMAL else solver.best_objective_bound)
        bound = round_bound if bound is None else min(bound, round_bound)
        bookings = rm.extract(solver)
        breakers = day_rule_breakers(rm, bookings)
        out_of_time = time.monotonic() >= soft_deadline - 0.2
        if not breakers and (status == cp_model.OPTIMAL or out_of_time or not rm.lazy_creators):
            return status, bookings, bound
        add_day_rules(rm, breakers)
        entry["added_day_rules"] = sorted(breakers)
        if time.monotonic() >= hard_deadline - 0.1:
            if reporter.best_valid is None:
                return cp_model.UNKNOWN, None, bound
            return cp_model.FEASIBLE, reporter.best_valid, bound
        rm.add_hint(bookings)


def _limit_warnings(status, bookings, start_from, candidates, build_seconds: float, limit: float) -> list[str]:
    """Plain words when the time limit, not the problem, decided the answer."""
    out = []
    if build_seconds > 0.5 * limit:
        out.append(f"building the model took {build_seconds:.1f} s of the {limit:g} s time limit")
    if status == cp_model.FEASIBLE and bookings is not None and start_from:
        value = sum(candidates[k].value for k in bookings)
        if value <= sum(candidates[k].value for k in start_from):
            out.append("the search did not improve on the starting greedy roster within the time limit; "
                       "a longer --time-limit may find a better roster")
    return out


def _improve_large(index: ScenarioIndex, rm: RosterModel, candidates, clock: DayClock,
                   start_from: dict[Key, list[int]], started: float, limit: float, workers: int, seed: int,
                   stats: dict, progress: Optional[ProgressFn]):
    """A model too large to search whole: re-plan it window by window from the starting roster."""
    bound = _static_bound(rm)

    def report(value: int) -> None:
        if progress:
            progress(ProgressEvent(value, bound, time.monotonic() - started, 0, "windows"))

    report(sum(candidates[k].value for k in start_from))
    t0 = time.monotonic()
    bookings, windows = improve_by_windows(index, candidates, clock, start_from, started + limit * 0.95,
                                           workers=workers, seed=seed, on_better=report)
    stats["phases"].append({"phase": "windows", "windows": windows, "wall_seconds": round(time.monotonic() - t0, 3)})
    return cp_model.FEASIBLE, bookings, bound


def _valid(index: ScenarioIndex, rm: RosterModel, bookings: dict[Key, list[int]]) -> bool:
    draft = _roster(index, rm, bookings, "feasible", sum(rm.candidates[k].value for k in bookings), None, [], {},
                    time.monotonic())
    return not validate(index.scenario, draft)


def _static_bound(rm: RosterModel) -> int:
    """A bound that needs no search: each campaign on its own (best ``max`` candidates, within budget)."""
    total = 0
    for campaign_id, keys in rm.by_campaign().items():
        values = sorted((rm.candidates[k].value for k in keys), reverse=True)
        cap = rm.index.campaigns[campaign_id].creators.max
        best = sum(values[:cap] if cap is not None else values)
        total += min(best, rm.campaign_bounds.get(campaign_id, best))
    return total


def _tie_break(rm: RosterModel, bookings: dict[Key, list[int]], best_value: int, proved: bool,
               kept: list, weight: Optional[float], started: float, limit: float, workers: int, seed: int,
               progress: Optional[ProgressFn], bound: int, stats: dict) -> dict[Key, list[int]]:
    """Same value (at least the incumbent's), then fewest changes, then lowest fees; then the canonical days.

    When the value is proved and the tie-break too, the roster is made
    canonical (``_canonical``), so the same scenario gives the same roster
    at any worker count.
    """
    left = limit - (time.monotonic() - started)
    budget = min(left, max(1.0, 0.25 * limit))
    if budget < 0.05:
        return bookings
    m = rm.model
    if proved:  # the later phases compare whole rosters: every day rule must be in the model
        add_day_rules(rm, set(rm.lazy_creators))
    value = rm.value_expr()
    if proved:
        m.add(value == best_value)
    else:
        m.add(value >= best_value)
    fees = rm.fee_expr()
    if kept and weight is None:
        big = sum(c.fee for c in rm.candidates.values()) + 1
        tie = sum(kept) * big - fees
        m.maximize(tie)
    else:
        tie = fees
        m.minimize(tie)
    rm.add_hint(bookings)
    reporter = _Reporter(rm, "tie-break", started, progress, lambda b: bound, known_bound=bound)
    solver = _solver(budget, workers, seed)
    status = solver.solve(m, reporter)
    stats["phases"].append({"phase": "tie-break", "status": solver.status_name(status),
                            "wall_seconds": round(solver.wall_time, 3)})
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        better = rm.extract(solver)
        if sum(rm.candidates[k].value for k in better) >= best_value and not day_rule_breakers(rm, better):
            bookings = better
            if proved and status == cp_model.OPTIMAL:
                m.add(tie == round(solver.objective_value))
                return _canonical(rm, bookings, started, limit, workers, seed, stats)
    stats["canonical"] = False
    return bookings


def canonical_order(rm: RosterModel) -> dict[Key, int]:
    """Candidate pairs in document order: creators first, then campaigns."""
    index = rm.index
    keys = sorted(rm.booked, key=lambda k: (index.creator_pos[k[0]], index.campaign_pos[k[1]]))
    return {key: rank for rank, key in enumerate(keys)}


def _canonical(rm: RosterModel, bookings: dict[Key, list[int]], started: float, limit: float, workers: int,
               seed: int, stats: dict) -> dict[Key, list[int]]:
    """Among the rosters equal in every objective so far, the canonical one.

    With several workers CP-SAT returns whichever optimal roster it meets
    first, so equal-value, equal-fee rosters differ from run to run.  The
    canonical roster is chosen in two steps over the candidate pairs in
    document order (creators, then campaigns; rank r of n): first the
    bookings, the smallest sum of (r + 1) per booking, which prefers pairs
    early in the order; then, those bookings fixed, the days:
    the smallest sum of (n + r) x post day, so early posts, the earlier
    bookings' first.  The weights differ per pair, so a tie needs an exact
    coincidence.  ``stats.canonical`` says whether both steps were proved;
    a time-limited search may not get there, and its roster may then differ
    from run to run.
    """
    rank = canonical_order(rm)
    n = len(rank)
    m = rm.model
    steps = (
        ("canonical bookings", [rm.booked[k] for k in rank], [r + 1 for r in rank.values()]),
        ("canonical days", [p for k in rank for p in rm.posts[k]],
         [n + r for k, r in rank.items() for _ in rm.posts[k]]),
    )
    stats["canonical"] = False
    for name, terms, weights in steps:
        budget = limit - (time.monotonic() - started)  # the value is proved: the rest of the limit is for this
        if budget < 0.05:
            return bookings
        m.minimize(cp_model.LinearExpr.weighted_sum(terms, weights))
        rm.add_hint(bookings)
        solver = _solver(budget, workers, seed)
        status = solver.solve(m)
        stats["phases"].append({"phase": name, "status": solver.status_name(status),
                                "wall_seconds": round(solver.wall_time, 3)})
        if status != cp_model.OPTIMAL:
            return bookings
        bookings = rm.extract(solver)
        if name == "canonical bookings":
            for key, var in rm.booked.items():
                m.add(var == (1 if key in bookings else 0))
    stats["canonical"] = True
    return bookings


def _confirm_infeasible(index: ScenarioIndex, rm: RosterModel, candidates, clock: DayClock, opts: SolveOptions,
                        started: float, limit: float, workers: int, seed: int, warnings: list[str],
                        stats: dict, progress: Optional[ProgressFn]) -> Roster:
    """Re-check with presolve off, then explain."""
    left = max(1.0, limit - (time.monotonic() - started))
    add_day_rules(rm, set(rm.lazy_creators))
    rm.model.clear_objective()
    recheck = _solver(min(left, 30.0), workers, seed, cp_model_presolve=False)
    status = recheck.solve(rm.model)
    stats["phases"].append({"phase": "infeasible re-check (presolve off)", "status": recheck.status_name(status),
                            "wall_seconds": round(recheck.wall_time, 3)})
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bookings = rm.extract(recheck)
        value = sum(candidates[k].value for k in bookings)
        warnings = warnings + ["CP-SAT first reported no roster; a re-check with presolve off found this one "
                               "(the value is not proved optimal)"]
        return _roster(index, rm, bookings, "feasible", value, None, warnings, stats, started)
    if status != cp_model.INFEASIBLE:
        warnings = warnings + ["the presolve-off re-check of infeasibility was inconclusive within the time limit"]
    explanation = None
    if opts.explain:
        explanation = explain_infeasible(index, candidates, clock, time_limit_s=run_rules.explain_time_limit(limit), seed=seed)
    return _roster(index, rm, {}, "infeasible", None, None, warnings, stats, started, explanation)


def _roster(index: ScenarioIndex, rm: RosterModel, bookings: dict[Key, list[int]], status: str,
            objective: Optional[int], bound: Optional[int], warnings: list[str], stats: dict, started: float,
            explanation: Optional[list[ExplanationItem]] = None) -> Roster:
    scenario = index.scenario
    assignments = []
    for campaign in scenario.campaigns:
        for creator in scenario.creators:
            key = (creator.id, campaign.id)
            if key in bookings:
                cand = rm.candidates[key]
                assignments.append(Assignment(creator=creator.id, campaign=campaign.id,
                                              posts=[rm.clock.date(d) for d in sorted(bookings[key])],
                                              fee=cand.fee, value=cand.value))
    summaries = campaign_summaries([k.id for k in scenario.campaigns], assignments)
    if objective is not None and bound is not None and bound < objective:
        bound = objective
    stats = dict(stats)
    stats["wall_seconds"] = round(time.monotonic() - started, 3)
    if objective is not None and bound is not None:
        stats["gap"] = round((bound - objective) / bound, 6) if bound else 0.0
    stats["fees"] = sum(a.fee for a in assignments)
    relaxed = None
    if must_haves.soft(scenario) and status in ("optimal", "feasible"):
        relaxed = [ExplanationItem(path=m.path, message=m.broken_message())
                   for m in must_haves.broken(scenario, _dated(rm, bookings))]
    return Roster(scenario=scenario.name, status=status, objective=objective, bound=bound,
                  assignments=assignments, campaigns=summaries, warnings=warnings,
                  explanation=explanation, relaxed=relaxed, stats=stats)


def _verify(scenario: Scenario, roster: Roster) -> None:
    violations = validate(scenario, roster)
    if violations:
        raise InternalError("the solver's roster fails validation:\n" + "\n".join(str(v) for v in violations))
