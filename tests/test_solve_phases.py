"""The solve as an object: phases as methods, one index per solve, the strategy chosen before any model is built."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from creator_roster.models import load_scenario, scenario_from_data
from creator_roster.rules import index as index_module
from creator_roster.scenarios.generate import generate
from creator_roster.solver import solve as solve_module
from creator_roster.solver.solve import Solve, SolveParams, solve_scenario

from .conftest import assert_valid, example_paths

ROOT = Path(__file__).resolve().parents[1]
MOST_PARAMETERS = 5


def parameter_counts(source: str):
    """(name, line, count) of every function, not counting self or cls."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg not in ("self", "cls")]
            yield node.name, node.lineno, len(names)


def test_no_solver_helper_takes_more_than_five_parameters():
    crowded = [f"{path.relative_to(ROOT)}:{line} {name} takes {n}"
               for path in sorted((ROOT / "solver").glob("*.py"))
               for name, line, n in parameter_counts(path.read_text()) if n > MOST_PARAMETERS]
    assert crowded == []


def test_the_parameter_count_sees_a_crowded_function():
    assert list(parameter_counts("def f(self, a, b, *, c, d, e, g): pass")) == [("f", 1, 6)]


def test_one_solve_builds_the_scenario_index_once(monkeypatch):
    scenario = load_scenario(example_paths()[0])
    built = []
    original = index_module.ScenarioIndex.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(index_module.ScenarioIndex, "__init__", counting)
    roster = solve_scenario(scenario, SolveParams(time_limit_s=5, workers=1))
    assert roster.status == "optimal"
    assert len(built) == 1  # the candidates, the model, the draft checks and the final validation share it
    assert_valid(scenario, roster)


def test_a_large_scenario_never_builds_the_whole_model(monkeypatch):
    """The strategy comes from the candidate count: the whole model is not built and then thrown away."""
    scenario = scenario_from_data(generate(40, 8, 90, seed=3))
    whole = []
    original = solve_module.build_model

    def watched(*args, **kwargs):
        whole.append(kwargs.get("campaign_scope"))
        return original(*args, **kwargs)

    monkeypatch.setattr(solve_module, "build_model", watched)
    roster = solve_scenario(scenario, SolveParams(time_limit_s=3, workers=1, large_model_bookings=20))
    assert whole == []  # solve.py built no model; the window sub-models are built in solver.windows
    assert roster.stats["strategy"] == "windows"
    assert_valid(scenario, roster)
    assert roster.objective >= roster.stats["greedy_objective"]
    assert roster.bound >= roster.objective


def test_a_small_scenario_searches_the_whole_model():
    scenario = scenario_from_data(generate(40, 8, 90, seed=3))
    roster = solve_scenario(scenario, SolveParams(time_limit_s=5, workers=1))
    assert roster.stats["strategy"] == "whole"
    assert_valid(scenario, roster)


def test_the_solve_holds_its_clock_limits_and_seed():
    scenario = load_scenario(example_paths()[0])
    solve = Solve(scenario, SolveParams(time_limit_s=7, workers=1, seed=5))
    assert (solve.limit, solve.workers, solve.seed) == (7, 1, 5)
    # 5% of the limit (at most 0.5 s) is kept back for the roster and its check, so the solve ends in time
    assert solve.deadline(1.0) == pytest.approx(solve.started + 7 - 0.35)
    assert solve.deadline(0.5) == pytest.approx(solve.started + (7 - 0.35) / 2)
    roster = solve.run()
    assert_valid(scenario, roster)
    assert roster.stats["seed"] == 5 and roster.stats["time_limit_s"] == 7


@pytest.mark.slow
def test_progress_never_shows_a_bound_that_rises_or_an_incumbent_that_falls():
    """Each round of the value phase solves a relaxation of the whole problem: its first, loose bound must
    not be shown as if the earlier rounds had proved nothing (the Solve page draws these figures)."""
    scenario = scenario_from_data(generate(300, 40, 270, seed=5, commitments=30))
    events = []
    roster = solve_scenario(scenario, SolveParams(time_limit_s=6, workers=2), progress=events.append)
    shown = [e for e in events if e.phase != "done"]
    bounds = [e.bound for e in shown if e.bound is not None]
    incumbents = [e.objective for e in shown if e.objective is not None]
    assert bounds  # an incumbent may not come in 6 s on a busy machine; the bound always does
    assert bounds == sorted(bounds, reverse=True)
    assert incumbents == sorted(incumbents)
    assert all(b >= roster.objective for b in bounds)  # never below what the roster proves is reachable
    assert events[-1].phase == "done" and (events[-1].objective, events[-1].bound) == (roster.objective, roster.bound)


def test_the_progress_sink_gets_the_tightest_bound_and_the_best_incumbent_so_far():
    """A new round's first, loose bound (50) does not undo what an earlier round proved (19); "done" reports
    the roster's own figures."""
    scenario = load_scenario(ROOT / "tests" / "data" / "examples" / "04-phased-launch-clause.json")
    events = []
    solve = Solve(scenario, SolveParams(time_limit_s=1), progress=events.append)
    for objective, bound in ((None, 50), (10, 19), (None, 50), (8, 18), (12, 30)):
        solve.emit(objective, bound, "value")
    solve.emit(11, 17, "done")
    assert [(e.objective, e.bound) for e in events] == [(None, 50), (10, 19), (10, 19), (10, 18), (12, 18), (11, 17)]
