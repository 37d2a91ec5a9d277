"""How a run runs, for every front door: time limits, CP-SAT workers, seeds and each job's time budget.

The CLI, the HTTP service, the batch engine and the planning features ask
this module; none of them states a default of its own (tests/test_run_rules.py
compares every front door with it).  Plain numbers only: it imports nothing
of the project, so every room may use it.

A *time limit* bounds one CP-SAT search (model building comes on top); a
*budget* is what a whole job may take before the service's watchdog stops
it: the solves it declares, each with its limit and an allowance for
building the model, plus the service's grace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

SOLVE_WORKERS = 2
"""CP-SAT workers of a solve, unless asked otherwise (CLI, HTTP, library)."""

BATCH_SOLVE_WORKERS = 1
"""CP-SAT workers per solve inside a batch: the batch's processes are its parallelism (docs/batch.md)."""

BATCH_PROCESSES = 1
"""Scenarios solved at once by a local batch."""

SEED = 0
"""CP-SAT's random seed when neither the request nor the scenario gives one."""

VARIANT_TIME_LIMIT_S = 3.0
"""The longest a negotiation option's re-solve searches by default (the scenario's limit, if shorter)."""

REQUESTED_TIME_FACTOR = 2.0
"""The requested clause of an options run is every variant's hint and reference: it gets this many variant limits."""

OPTION_VARIANTS = 8
"""Built-in clause variants of one campaign after the requested one (planning.variants.build_variants)."""

BUILD_ALLOWANCE_S = 5.0
"""Per solve in a job's budget: building the model and checking the roster come on top of the search."""

SERVER_MAX_TIME_LIMIT_S = 300.0
"""The HTTP service's cap on one solve's time limit (ROSTER_MAX_TIME_LIMIT_S)."""

SERVER_MAX_WORKERS = 2
"""The HTTP service's cap on CP-SAT workers per job (ROSTER_MAX_WORKERS)."""


SOLVE_TAIL_S = 0.5
SOLVE_TAIL_SHARE = 0.05
"""What a solve keeps back of its time limit, at most this long or this share of it: building the roster
document, checking it with the validator and CP-SAT's own overrun, so the whole solve ends within its limit."""

JOB_LEASE_S = 30.0
"""A server process's claim on a running job lasts this long unless renewed (about every second); a job
whose process died is run again by another process once its lease is over (ROSTER_JOB_LEASE_S)."""

LEASE_RENEW_S = 1.0
"""How often a server renews the leases of the jobs it runs (and notices cancellations made elsewhere)."""

LARGE_MODEL_BOOKINGS = 25_000
"""Above this many candidate bookings a solve re-plans a few campaigns at a time (solver.windows)
instead of searching the whole model, which CP-SAT cannot get through in a planner's time limit."""

KNAPSACK_WORK_EACH = 0.25
KNAPSACK_WORK_TOTAL = 1.5
"""CP-SAT deterministic time (work, not seconds) for one campaign's knapsack bound, and for all of them."""

EXPLAIN_TIME_LIMIT_S = (2.0, 30.0)
"""An explanation's search: the solve's limit, but at least the first and at most the second figure."""


def explain_time_limit(solve_limit_s: float) -> float:
    low, high = EXPLAIN_TIME_LIMIT_S
    return max(low, min(high, solve_limit_s))


def solve_time_limit(requested: Optional[float], scenario_limit: float, cap: Optional[float] = None) -> float:
    """One solve's limit: the request's, else the scenario's ``settings.time_limit_s``; never over ``cap``."""
    limit = float(requested) if requested is not None else float(scenario_limit)
    return min(limit, cap) if cap is not None else limit


def variant_time_limit(requested: Optional[float], scenario_limit: float, cap: Optional[float] = None) -> float:
    """One option re-solve's limit: the request's, else the scenario's, at most ``VARIANT_TIME_LIMIT_S``."""
    if requested is not None:
        return solve_time_limit(requested, scenario_limit, cap)
    return solve_time_limit(min(float(scenario_limit), VARIANT_TIME_LIMIT_S), scenario_limit, cap)


def solve_workers(requested: Optional[int], cap: Optional[int] = None) -> int:
    """CP-SAT workers of a solve: the request's, else ``SOLVE_WORKERS``; never over ``cap``."""
    workers = requested or SOLVE_WORKERS
    return min(workers, cap) if cap is not None else workers


def seed(requested: Optional[int], scenario_seed: Optional[int]) -> int:
    return requested if requested is not None else (scenario_seed if scenario_seed is not None else SEED)


@dataclass(frozen=True)
class JobBudget:
    """What a job declares before it starts: how many solves, each searching at most ``per_solve_s``."""

    solves: float  # in units of one solve's limit (the requested clause of options counts double)
    per_solve_s: float

    @property
    def seconds(self) -> float:
        return self.solves * (self.per_solve_s + BUILD_ALLOWANCE_S)


def solve_budget(limit_s: float) -> JobBudget:
    return JobBudget(1, limit_s)


def options_budget(per_variant_s: float, creator: bool, custom: int = 0) -> JobBudget:
    """The requested clause, then every variant and the planner's ``custom`` ones; one creator's sheet also
    solves 'not booked' once."""
    return JobBudget(REQUESTED_TIME_FACTOR + OPTION_VARIANTS + custom + (1 if creator else 0), per_variant_s)


def whatif_budget(limit_s: float, has_baseline: bool) -> JobBudget:
    """The changed scenario, and the baseline first when none is given."""
    return JobBudget(1 if has_baseline else 2, limit_s)


def why_budget(limit_s: float, has_baseline: bool) -> JobBudget:
    """The forced scenario, and the baseline first when none is given."""
    return JobBudget(1 if has_baseline else 2, limit_s)


def batch_budget(limit_s: float, items: int, processes: int = BATCH_PROCESSES) -> JobBudget:
    """Every item once, ``processes`` at a time."""
    return JobBudget(-(-items // max(1, processes)), limit_s)
