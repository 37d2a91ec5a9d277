"""Solves cut short by the time limit still return honest, valid rosters."""

from __future__ import annotations

import pytest

from creator_roster.models import load_scenario, scenario_from_data
from creator_roster.scenarios.generate import generate

from .conftest import assert_valid, example_paths, solve_checked


@pytest.mark.slow
def test_time_limited_medium_solve_is_valid_and_honest():
    # Seed 9 used to come back with a tie-break roster worth more than the reported objective.
    scenario = scenario_from_data(generate(100, 20, 180, seed=9))
    roster = solve_checked(scenario, time_limit_s=3, workers=1)
    assert roster.status in ("optimal", "feasible")
    assert roster.objective == sum(a.value for a in roster.assignments)
    assert roster.bound >= roster.objective
    assert roster.objective >= roster.stats["greedy_objective"]  # never worse than the starting roster


def test_very_short_limit_returns_the_starting_roster_rather_than_nothing():
    scenario = scenario_from_data(generate(300, 40, 270, seed=2))
    roster = solve_checked(scenario, time_limit_s=0.5, workers=2)
    assert roster.status == "feasible"
    assert roster.objective >= roster.stats["greedy_objective"] > 0


class FakeClock:
    """A clock that stands still until the test moves it."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_build_that_eats_the_time_limit_is_said_in_the_warnings(monkeypatch):
    """On the solve's own clock, building the model takes 8 of the 10 s limit: the roster says so."""
    from creator_roster.solver import solve as solve_module

    clock, original = FakeClock(), solve_module.build_model

    def slow_build(*args, **kwargs):
        clock.t += 8.0
        return original(*args, **kwargs)

    monkeypatch.setattr(solve_module, "build_model", slow_build)
    scenario = load_scenario(example_paths()[0])
    roster = solve_module.Solve(scenario, solve_module.SolveParams(time_limit_s=10, workers=1), now=clock).run()
    assert_valid(scenario, roster)
    assert "building the model took 8.0 s of the 10 s time limit" in roster.warnings
    assert roster.stats["build_seconds"] == 8.0


def test_a_quick_build_gives_no_build_warning():
    from creator_roster.solver.solve import Solve, SolveParams

    scenario = load_scenario(example_paths()[0])
    roster = Solve(scenario, SolveParams(time_limit_s=10, workers=1), now=FakeClock()).run()
    assert_valid(scenario, roster)
    assert not any("building the model" in w for w in roster.warnings)


def test_a_search_that_kept_the_starting_roster_says_a_longer_limit_may_help():
    """The warning reads the outcome, not the clock: a feasible roster no better than the start."""
    from ortools.sat.python import cp_model

    from creator_roster.solver.solve import Solve, SolveParams, _Outcome

    solve = Solve(load_scenario(example_paths()[0]), SolveParams(time_limit_s=10, workers=1), now=FakeClock())
    solve.stats["build_seconds"] = 0.0
    start = {next(iter(solve.candidates)): [0]}
    kept = solve.limit_warnings(_Outcome(cp_model.FEASIBLE, dict(start)), start)
    assert any("did not improve on the starting greedy roster" in w for w in kept)
    assert not any("did not improve" in w for w in solve.limit_warnings(_Outcome(cp_model.OPTIMAL, start), start))
    assert not any("did not improve" in w for w in solve.limit_warnings(_Outcome(cp_model.FEASIBLE, start), {}))


@pytest.mark.slow
def test_large_model_path_improves_window_by_window_and_stays_valid():
    from creator_roster.rules.validate import validate
    from creator_roster.solver.solve import SolveParams, solve_scenario

    scenario = scenario_from_data(generate(100, 20, 180, seed=12))
    roster = solve_scenario(scenario, SolveParams(time_limit_s=8, workers=2, large_model_bookings=100))
    assert validate(scenario, roster) == []
    assert roster.status == "feasible"
    assert any(p["phase"] == "windows" and p["windows"] >= 1 for p in roster.stats["phases"])
    assert roster.objective >= roster.stats["greedy_objective"]
    assert roster.bound >= roster.objective
