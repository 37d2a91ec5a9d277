"""One solve: candidates, model, greedy hint, search with progress, honest status.

``Solve`` holds what every phase shares (the clock, the time limit, CP-SAT
workers and seed, the statistics and the progress sink) and runs the phases
as its methods, on one model:

0. ``keep_most_must_haves`` (``settings.must_haves: soft``): keep as many
   must-haves as possible; the later phases keep that many;
1. ``maximise_value`` (with ``Stability(weight=W)``: value + W x kept
   baseline bookings), adding the lazy day rules where a solution breaks
   them; this phase's bound is the roster's ``bound``;
2. ``tie_break``: keep that value, then fewest changed baseline bookings (for
   a what-if re-plan), then lowest total fees; then ``canonical``: the same
   roster at any worker count, when the time allows.

A scenario with more candidate bookings than ``run_rules.LARGE_MODEL_BOOKINGS``
is never built whole: the strategy is chosen from the candidate count, and
``improve_large`` re-plans a few campaigns at a time from the greedy roster.
An ``infeasible`` answer is re-checked with presolve off before it is
believed (CP-SAT has had wrong-infeasible reports), and then explained.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from ortools.sat.python import cp_model

from .. import run_rules
from ..models import Assignment, ExplanationItem, Roster, Scenario
from ..models.errors import InternalError
from ..models.progress import ProgressEvent, ProgressFn
from ..models.roster import campaign_summaries
from ..rules import must_haves
from ..rules.index import ScenarioIndex
from ..rules.validate import commitment_warnings, validate
from .candidates import DayClock, build_candidates
from .explain import explain_infeasible
from .greedy import best_of, greedy_rosters
from .model import Key, RosterModel, add_day_rules, build_model, day_rule_breakers, knapsack_bounds
from .windows import WindowSearch

STABILITY_SCALE = 1000  # stability weights are honoured to 1/1000 of a value unit

Bookings = dict[Key, list[int]]


@dataclass
class Stability:
    baseline: Roster
    weight: Optional[float] = None  # None: best value, then fewest changes; W: value + W x kept


@dataclass
class SolveParams:
    """How one solve runs (not to be confused with a campaign's negotiation options)."""

    time_limit_s: Optional[float] = None  # None: the scenario's settings.time_limit_s
    workers: Optional[int] = None  # CP-SAT threads; None: run_rules.SOLVE_WORKERS
    seed: Optional[int] = None  # None: the scenario's settings.seed, else run_rules.SEED
    hint: Optional[Roster] = None
    stability: Optional[Stability] = None
    explain: bool = True
    validate: bool = True  # check the roster with the validator before returning it
    lazy_day_rules: bool = True  # add one-post-a-day and weekly caps only where a solution breaks them
    large_model_bookings: int = run_rules.LARGE_MODEL_BOOKINGS  # above this: window by window (solver.windows)
    started_at: Optional[float] = None  # the monotonic time the limit counts from (a batch worker: its parse)


@dataclass
class _Outcome:
    """What a phase decided: a CP-SAT status, the bookings (day numbers) and the bound proved for them."""

    status: int
    bookings: Optional[Bookings]
    bound: Optional[int] = None
    warnings: list[str] = field(default_factory=list)
    explanation: Optional[list[ExplanationItem]] = None


def solve_scenario(scenario: Scenario, params: Optional[SolveParams] = None,
                   progress: Optional[ProgressFn] = None) -> Roster:
    """The best roster for the scenario within the time limit, checked by the validator."""
    return Solve(scenario, params, progress).run()


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Sends the incumbent value and bound of one phase to the solve's progress sink.

    While day rules are still lazy, a solution may break them: it is not
    shown as an incumbent, and the best one that keeps every rule is kept
    aside as a fallback.
    """

    def __init__(self, solve: "Solve", phase: str, to_value: Callable[[float], int],
                 known_bound: Optional[int] = None):
        super().__init__()
        self.solve, self.rm, self.phase = solve, solve.rm, phase
        self.to_value = to_value
        self.best: Optional[int] = None
        self.best_valid: Optional[Bookings] = None
        self.known_bound = known_bound
        self._value = self.rm.value_expr()

    def on_solution_callback(self) -> None:
        value = int(self.value(self._value))
        if self.rm.lazy_creators:
            bookings = self.rm.extract(self)
            if day_rule_breakers(self.rm, bookings):
                return
            if self.best is None or value > self.best:
                self.best_valid = bookings
        self.solve.solutions += 1
        self.best = value if self.best is None else max(self.best, value)
        bound = self.known_bound if self.known_bound is not None else self.to_value(self.best_objective_bound)
        self.solve.emit(self.best, bound, self.phase)

    def on_bound(self, bound: float) -> None:
        if self.known_bound is None:
            self.solve.emit(self.best, self.to_value(bound), self.phase)


class Solve:
    """One solve of one scenario; ``run()`` returns the roster."""

    def __init__(self, scenario: Scenario, params: Optional[SolveParams] = None,
                 progress: Optional[ProgressFn] = None, now: Callable[[], float] = time.monotonic):
        self.params = params or SolveParams()
        self.progress = progress
        self.now = now  # the solve's clock (a test may pass a fake one); CP-SAT keeps its own
        self.started = self.params.started_at if self.params.started_at is not None else now()
        settings = scenario.effective_settings
        self.limit = run_rules.solve_time_limit(self.params.time_limit_s, settings.time_limit_s)
        # The phases search until ``search_limit``; the rest is for building and checking the roster.
        self.search_limit = self.limit - min(run_rules.SOLVE_TAIL_S, run_rules.SOLVE_TAIL_SHARE * self.limit)
        self.workers = run_rules.solve_workers(self.params.workers)
        self.seed = run_rules.seed(self.params.seed, settings.seed)
        self.index = ScenarioIndex(scenario)  # built once: every phase and the validator's draft share it
        self.scenario = scenario
        self.clock = DayClock(scenario.horizon.start)
        self.candidates = build_candidates(self.index, self.clock)
        self.rm: Optional[RosterModel] = None
        self.kept: list[cp_model.IntVar] = []  # stability: one literal per baseline booking left as it was
        self.solutions = 0
        self.shown: list[Optional[int]] = [None, None]  # the incumbent and bound progress has shown
        self.stats: dict = {"workers": self.workers, "seed": self.seed, "time_limit_s": self.limit, "phases": []}

    # --- the clock, the solver and the progress sink ---------------------------------------
    def elapsed(self) -> float:
        return self.now() - self.started

    def deadline(self, share: float) -> float:
        """The monotonic time at which this share of the search's part of the time limit is spent."""
        return self.started + self.search_limit * share

    def cp_solver(self, seconds: float, **parameters) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        for name, val in parameters.items():
            setattr(solver.parameters, name, val)
        return solver

    def emit(self, objective: Optional[int], bound: Optional[int], phase: str) -> None:
        """Progress as a planner reads it: the best valid roster so far and the tightest bound so far.

        Each round of a phase solves a relaxation of the whole problem, so a new round's first bound (loose,
        before its search) does not undo what an earlier round proved: the bound shown never rises and the
        incumbent never falls.  "done" reports the roster's own figures.
        """
        if phase != "done":
            if objective is not None:
                self.shown[0] = objective if self.shown[0] is None else max(self.shown[0], objective)
            if bound is not None:
                self.shown[1] = bound if self.shown[1] is None else min(self.shown[1], bound)
            objective, bound = self.shown
        if self.progress:
            self.progress(ProgressEvent(objective, bound, self.elapsed(), self.solutions, phase))

    def record(self, phase: str, solver: cp_model.CpSolver, status: int) -> dict:
        """One phase's line in ``stats.phases``."""
        entry = {"phase": phase, "status": solver.status_name(status), "wall_seconds": round(solver.wall_time, 3)}
        self.stats["phases"].append(entry)
        return entry

    def value_of(self, bookings: Bookings) -> int:
        return sum(self.candidates[k].value for k in bookings)

    # --- the run ----------------------------------------------------------------------------
    def run(self) -> Roster:
        greedies = greedy_rosters(self.index, self.candidates, self.clock)
        greedy = best_of(self.candidates, greedies.values())
        self.stats["greedy_objective"] = self.value_of(greedy)  # the starting roster: the better greedy
        self.stats["greedy_value_per_fee"] = self.value_of(greedies["by_value_per_fee"])
        start = self.bookings_of(self.params.hint) if self.params.hint is not None else greedy
        if self.is_large(start):
            outcome = self.improve_large(start)
        else:
            outcome = self.search_whole(start)
        roster = self.roster(outcome)
        if self.params.validate:
            _verify(self.index, roster)
        self.emit(roster.objective, roster.bound, "done")
        return roster

    def bookings_of(self, roster: Roster) -> Bookings:
        return {(a.creator, a.campaign): sorted(self.clock.num(d) for d in a.posts)
                for a in roster.assignments if (a.creator, a.campaign) in self.candidates}

    def is_large(self, start: Bookings) -> bool:
        """Too many candidates to search whole, and a valid roster to improve: decided before any model is built."""
        if len(self.candidates) <= self.params.large_model_bookings or not start:
            return False
        if self.params.stability or (must_haves.soft(self.scenario) and must_haves.must_haves(self.scenario)):
            return False  # the phases that keep bookings or must-haves need the whole model
        return self.is_valid(start)

    def is_valid(self, bookings: Bookings) -> bool:
        draft = self.roster(_Outcome(cp_model.FEASIBLE, bookings), checked=False)
        return not validate(self.scenario, draft, self.index)

    # --- large scenarios --------------------------------------------------------------------
    def improve_large(self, start: Bookings) -> _Outcome:
        """Re-plan window by window from the starting roster; the bound is each campaign's on its own."""
        self.stats["strategy"] = "windows"
        self.stats["model"] = {"bookings": len(self.candidates)}
        bound = self.static_bound(self.by_campaign(self.candidates))
        self.stats["build_seconds"] = round(self.elapsed(), 3)
        self.emit(self.value_of(start), bound, "windows")
        t0 = self.now()
        search = WindowSearch(self.index, self.candidates, self.workers, self.seed, now=self.now,
                              on_better=lambda value: self.emit(value, bound, "windows"))
        bookings, windows = search.improve(start, self.deadline(0.95))
        self.stats["phases"].append({"phase": "windows", "windows": windows,
                                     "wall_seconds": round(self.now() - t0, 3)})
        outcome = _Outcome(cp_model.FEASIBLE, bookings, max(bound, self.value_of(bookings)))
        outcome.warnings = self.limit_warnings(outcome, start)
        return outcome

    @staticmethod
    def by_campaign(keys) -> dict[str, list[Key]]:
        out: dict[str, list[Key]] = {}
        for key in keys:
            out.setdefault(key[1], []).append(key)
        return out

    def static_bound(self, by_campaign: dict[str, list[Key]], caps: Optional[dict[str, int]] = None) -> int:
        """A bound that needs no search: each campaign on its own (best ``max`` candidates, within budget)."""
        caps = knapsack_bounds(self.index, self.candidates, by_campaign) if caps is None else caps
        total = 0
        for campaign_id, keys in by_campaign.items():
            values = sorted((self.candidates[k].value for k in keys), reverse=True)
            most = self.index.campaigns[campaign_id].creators.max
            best = sum(values[:most] if most is not None else values)
            total += min(best, caps.get(campaign_id, best))
        return total

    # --- the whole model --------------------------------------------------------------------
    def search_whole(self, start: Bookings) -> _Outcome:
        self.stats["strategy"] = "whole"
        self.build(start)
        keep_proved = self.keep_most_must_haves()
        found = self.never_below_start(self.maximise_value(self.value_objective()), start)
        found.warnings = self.limit_warnings(found, start)
        if found.status == cp_model.INFEASIBLE:
            return self.confirm_infeasible(found.warnings)
        if found.status == cp_model.MODEL_INVALID:
            raise InternalError(f"CP-SAT rejected the model: {self.rm.model.validate()}")
        if found.status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _Outcome(cp_model.UNKNOWN, None, warnings=found.warnings)
        proved = found.status == cp_model.OPTIMAL and keep_proved
        best_value = self.value_of(found.bookings)
        bound = best_value if proved else max(best_value, found.bound)
        bookings = self.tie_break(found.bookings, best_value, proved, bound)
        outcome = _Outcome(cp_model.OPTIMAL if proved else cp_model.FEASIBLE, bookings,
                           max(bound, self.value_of(bookings)), found.warnings)  # the tie-break may find more
        if keep_proved and self.relaxed_count(bookings) and self.params.explain:
            # No roster keeps every must-have (proved): say why, as for an infeasible scenario.
            outcome.explanation = self.explain()
        return outcome

    def build(self, start: Bookings) -> None:
        """The whole model, hinted with the start roster."""
        soft = must_haves.soft(self.scenario)
        # Soft must-haves fix how many are kept before the value phase, which lazy day rules could undo.
        rm = self.rm = build_model(self.index, self.candidates,
                                   lazy_day_rules=self.params.lazy_day_rules and not soft)
        self.stats["model"] = dict(rm.stats)
        self.stats["build_seconds"] = round(self.elapsed(), 3)
        rm.add_hint({k: v for k, v in start.items() if k in rm.booked})
        if self.params.stability:
            self.kept = _kept_literals(rm, self.bookings_of(self.params.stability.baseline))

    def value_objective(self) -> Callable[[float], int]:
        """Maximise value (plus the stability weight x kept bookings); returns the map from
        CP-SAT's objective bound to a bound on the roster's value."""
        rm, stability = self.rm, self.params.stability
        value = rm.value_expr()
        if self.kept and stability.weight:
            w = round(stability.weight * STABILITY_SCALE)
            rm.model.maximize(value * STABILITY_SCALE + w * sum(self.kept))
            return lambda b: math.floor(b / STABILITY_SCALE + 1e-9)  # kept >= 0, so value <= bound
        rm.model.maximize(value)
        return lambda b: math.floor(b + 1e-9)

    def keep_most_must_haves(self) -> bool:
        """Soft must-haves, phase 0: keep as many as possible, and make the later phases keep that many.

        True when that number is proved the most any roster keeps (always, with
        hard must-haves or none).
        """
        rm = self.rm
        if not rm.kept:
            return True
        lits = list(rm.kept.values())
        rm.model.maximize(sum(lits))
        solver = self.cp_solver(self.deadline(0.4) - self.now())
        status = solver.solve(rm.model)
        entry = self.record("must-haves", solver, status)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        most = round(solver.objective_value)
        entry.update(kept=most, must_haves=len(lits))
        if status == cp_model.OPTIMAL:
            rm.model.add(sum(lits) == most)
            return True
        rm.model.add(sum(lits) >= most)
        rm.add_hint(rm.extract(solver))
        return False

    def maximise_value(self, to_value: Callable[[float], int]) -> _Outcome:
        """Phase 1: maximise value; add lazy day rules where a solution breaks them, and re-solve.

        Each round's bound is valid for the full problem (a round solves a
        relaxation of it), so the roster's bound is the smallest one seen.
        """
        rm = self.rm
        reporter = _Reporter(self, "value", to_value)
        soft_deadline, hard_deadline = self.deadline(0.85), self.deadline(1.0)
        bound: Optional[int] = None
        budget = soft_deadline - self.now()
        for round_no in itertools.count():
            left = soft_deadline - self.now()
            sliced = bool(rm.lazy_creators) and left > 2.0
            if sliced:
                # Shorter rounds while rules are lazy: a breaker found early is cheap to add.
                left = min(left, max(2.0, 0.3 * budget * 2 ** round_no))
            if left < 0.2:  # out of time with a solution that breaks a day rule: one short repair round
                left = max(0.5, min(hard_deadline - self.now(), 5.0))
            solver = self.cp_solver(left)
            solver.best_bound_callback = reporter.on_bound
            status = solver.solve(rm.model, reporter)
            entry = self.record("value", solver, status)
            entry["conflicts"] = solver.num_conflicts
            if status == cp_model.UNKNOWN and sliced and soft_deadline - self.now() > 0.5:
                continue  # the round was too short to find anything: a longer one
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if reporter.best_valid is not None and status == cp_model.UNKNOWN:
                    return _Outcome(cp_model.FEASIBLE, reporter.best_valid, bound)
                return _Outcome(status, None, bound)
            round_bound = to_value(solver.objective_value if status == cp_model.OPTIMAL
                                   else solver.best_objective_bound)
            bound = round_bound if bound is None else min(bound, round_bound)
            bookings = rm.extract(solver)
            breakers = day_rule_breakers(rm, bookings)
            out_of_time = self.now() >= soft_deadline - 0.2
            if not breakers and (status == cp_model.OPTIMAL or out_of_time or not rm.lazy_creators):
                return _Outcome(status, bookings, bound)
            add_day_rules(rm, breakers)
            entry["added_day_rules"] = sorted(breakers)
            if self.now() >= hard_deadline - 0.1:
                if reporter.best_valid is None:
                    return _Outcome(cp_model.UNKNOWN, None, bound)
                return _Outcome(cp_model.FEASIBLE, reporter.best_valid, bound)
            rm.add_hint(bookings)

    def never_below_start(self, found: _Outcome, start: Bookings) -> _Outcome:
        """Not proved: never return less than the roster we started from, when it is valid."""
        self.stats["lazy_day_rules_added"] = sum(1 for p in self.stats["phases"] if p.get("added_day_rules"))
        if found.status not in (cp_model.FEASIBLE, cp_model.UNKNOWN) or not start:
            return found
        ours = self.value_of(found.bookings) if found.bookings is not None else -1
        if self.value_of(start) > ours and self.is_valid(start) and \
                (found.bookings is None or self.relaxed_count(start) <= self.relaxed_count(found.bookings)):
            found = _Outcome(cp_model.FEASIBLE, start, found.bound)
            self.stats["returned_start_roster"] = True
        if found.bookings is not None:  # both are valid bounds: keep the tighter
            static = self.static_bound(self.rm.by_campaign(), self.rm.campaign_bounds)
            found.bound = static if found.bound is None else min(found.bound, static)
        return found

    def limit_warnings(self, found: _Outcome, start: Bookings) -> list[str]:
        """Plain words when the time limit, not the problem, decided the answer."""
        out = commitment_warnings(self.scenario, self.index)
        build = self.stats["build_seconds"]
        if build > 0.5 * self.limit:
            out.append(f"building the model took {build:.1f} s of the {self.limit:g} s time limit")
        if found.status == cp_model.FEASIBLE and found.bookings is not None and start:
            if self.value_of(found.bookings) <= self.value_of(start):
                out.append("the search did not improve on the starting greedy roster within the time limit; "
                           "a longer --time-limit may find a better roster")
        return out

    def relaxed_count(self, bookings: Bookings) -> int:
        """How many must-haves these bookings break (soft must-haves only; 0 otherwise)."""
        if not must_haves.soft(self.scenario):
            return 0
        return len(must_haves.broken(self.scenario, self.dated(bookings)))

    def dated(self, bookings: Bookings) -> dict[Key, list]:
        return {key: [self.clock.date(d) for d in days] for key, days in bookings.items()}

    def tie_break(self, bookings: Bookings, best_value: int, proved: bool, bound: int) -> Bookings:
        """Same value (at least the incumbent's), then fewest changes, then lowest fees; then the canonical days.

        When the value is proved and the tie-break too, the roster is made
        canonical (``canonical``), so the same scenario gives the same roster
        at any worker count.
        """
        rm, m = self.rm, self.rm.model
        budget = min(self.search_limit - self.elapsed(), max(1.0, 0.25 * self.limit))
        if budget < 0.05:
            return bookings
        if proved:  # the later phases compare whole rosters: every day rule must be in the model
            add_day_rules(rm, set(rm.lazy_creators))
        value = rm.value_expr()
        m.add(value == best_value if proved else value >= best_value)
        fees = rm.fee_expr()
        if self.kept and self.params.stability.weight is None:
            big = sum(c.fee for c in rm.candidates.values()) + 1
            tie = sum(self.kept) * big - fees
            m.maximize(tie)
        else:
            tie = fees
            m.minimize(tie)
        rm.add_hint(bookings)
        solver = self.cp_solver(budget)
        status = solver.solve(m, _Reporter(self, "tie-break", lambda b: bound, known_bound=bound))
        self.record("tie-break", solver, status)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            better = rm.extract(solver)
            if self.value_of(better) >= best_value and not day_rule_breakers(rm, better):
                bookings = better
                if proved and status == cp_model.OPTIMAL:
                    m.add(tie == round(solver.objective_value))
                    return self.canonical(bookings)
        self.stats["canonical"] = False
        return bookings

    def canonical(self, bookings: Bookings) -> Bookings:
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
        rm, m = self.rm, self.rm.model
        rank = canonical_order(rm)
        n = len(rank)
        steps = (
            ("canonical bookings", [rm.booked[k] for k in rank], [r + 1 for r in rank.values()]),
            ("canonical days", [p for k in rank for p in rm.posts[k]],
             [n + r for k, r in rank.items() for _ in rm.posts[k]]),
        )
        self.stats["canonical"] = False
        for name, terms, weights in steps:
            budget = self.search_limit - self.elapsed()  # the value is proved: the rest of the limit is for this
            if budget < 0.05:
                return bookings
            m.minimize(cp_model.LinearExpr.weighted_sum(terms, weights))
            rm.add_hint(bookings)
            # One worker has no LP-heavy portfolio member; without it the proof of the days step on L took
            # over 150 s (3 s with linearization level 2, as with two workers).  The answer is the same.
            solver = self.cp_solver(budget, **({"linearization_level": 2} if self.workers == 1 else {}))
            status = solver.solve(m)
            self.record(name, solver, status)
            if status != cp_model.OPTIMAL:
                return bookings
            bookings = rm.extract(solver)
            if name == "canonical bookings":
                for key, var in rm.booked.items():
                    m.add(var == (1 if key in bookings else 0))
        self.stats["canonical"] = True
        return bookings

    def confirm_infeasible(self, warnings: list[str]) -> _Outcome:
        """Re-check with presolve off, then explain."""
        rm = self.rm
        left = max(1.0, self.search_limit - self.elapsed())
        add_day_rules(rm, set(rm.lazy_creators))
        rm.model.clear_objective()
        recheck = self.cp_solver(min(left, 30.0), cp_model_presolve=False)
        status = recheck.solve(rm.model)
        self.record("infeasible re-check (presolve off)", recheck, status)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bookings = rm.extract(recheck)
            return _Outcome(cp_model.FEASIBLE, bookings, None, warnings + [
                "CP-SAT first reported no roster; a re-check with presolve off found this one "
                "(the value is not proved optimal)"])
        if status != cp_model.INFEASIBLE:
            warnings = warnings + ["the presolve-off re-check of infeasibility was inconclusive within the time limit"]
        outcome = _Outcome(cp_model.INFEASIBLE, None, warnings=warnings)
        if self.params.explain:
            outcome.explanation = self.explain()
        return outcome

    def explain(self) -> list[ExplanationItem]:
        return explain_infeasible(self.index, self.candidates,
                                  time_limit_s=run_rules.explain_time_limit(self.limit), seed=self.seed)

    # --- the roster ----------------------------------------------------------------------
    def roster(self, outcome: _Outcome, checked: bool = True) -> Roster:
        """The roster document of an outcome (``checked=False``: a draft for the validator, no statistics)."""
        scenario = self.scenario
        bookings = outcome.bookings or {}
        status = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
                  cp_model.INFEASIBLE: "infeasible"}.get(outcome.status, "unknown")
        objective = self.value_of(bookings) if status in ("optimal", "feasible") else None
        bound = outcome.bound if objective is not None else None
        if bound is not None and bound < objective:
            bound = objective
        assignments = []
        for campaign in scenario.campaigns:
            for creator in scenario.creators:
                key = (creator.id, campaign.id)
                if key in bookings:
                    cand = self.candidates[key]
                    assignments.append(Assignment(creator=creator.id, campaign=campaign.id,
                                                  posts=[self.clock.date(d) for d in sorted(bookings[key])],
                                                  fee=cand.fee, value=cand.value))
        summaries = campaign_summaries([k.id for k in scenario.campaigns], assignments)
        if not checked:
            return Roster(scenario=scenario.name, status=status, objective=objective, bound=bound,
                          assignments=assignments, campaigns=summaries)
        stats = dict(self.stats)
        stats["wall_seconds"] = round(self.elapsed(), 3)
        if objective is not None and bound is not None:
            stats["gap"] = round((bound - objective) / bound, 6) if bound else 0.0
        stats["fees"] = sum(a.fee for a in assignments)
        relaxed = None
        if must_haves.soft(scenario) and objective is not None:
            relaxed = [ExplanationItem(path=m.path, message=m.broken_message())
                       for m in must_haves.broken(scenario, self.dated(bookings))]
        return Roster(scenario=scenario.name, status=status, objective=objective, bound=bound,
                      assignments=assignments, campaigns=summaries, warnings=outcome.warnings,
                      explanation=outcome.explanation, relaxed=relaxed, stats=stats)


def _kept_literals(rm: RosterModel, baseline: Bookings) -> list[cp_model.IntVar]:
    """One literal per baseline booking that is true only if it stays exactly as it was."""
    kept = []
    for key, days in baseline.items():
        if key not in rm.posts or len(days) != len(rm.posts[key]):
            continue
        lit = rm.model.new_bool_var(f"kept[{key}]")
        rm.model.add_implication(lit, rm.booked[key])
        for p, d in zip(rm.posts[key], days):
            rm.model.add(p == d).only_enforce_if(lit)
        kept.append(lit)
    return kept


def canonical_order(rm: RosterModel) -> dict[Key, int]:
    """Candidate pairs in document order: creators first, then campaigns."""
    index = rm.index
    keys = sorted(rm.booked, key=lambda k: (index.creator_pos[k[0]], index.campaign_pos[k[1]]))
    return {key: rank for rank, key in enumerate(keys)}


def _verify(index: ScenarioIndex, roster: Roster) -> None:
    violations = validate(index.scenario, roster, index)
    if violations:
        raise InternalError("the solver's roster fails validation:\n" + "\n".join(str(v) for v in violations))
