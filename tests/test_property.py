"""Property: on any small scenario the solver returns a roster the validator accepts,
or ``infeasible`` that a second solve with presolve off confirms."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model

from creator_roster.models import scenario_from_data
from creator_roster.rules.index import ScenarioIndex
from creator_roster.solver.candidates import DayClock, build_candidates
from creator_roster.solver.model import build_model

from .conftest import solve_checked
from .strategies import small_scenarios


def feasible_with_presolve_off(scenario) -> bool:
    index = ScenarioIndex(scenario)
    clock = DayClock(scenario.horizon.start)
    rm = build_model(index, build_candidates(index, clock))
    solver = cp_model.CpSolver()
    solver.parameters.cp_model_presolve = False
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    status = solver.solve(rm.model)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)
    return status != cp_model.INFEASIBLE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(small_scenarios())
def test_solver_output_validates_or_infeasibility_is_confirmed(doc):
    scenario = scenario_from_data(doc)
    roster = solve_checked(scenario, time_limit_s=10, workers=2)  # validates the roster
    assert roster.status in ("optimal", "feasible", "infeasible")
    if roster.status == "infeasible":
        assert roster.explanation, "an infeasible roster must say why"
        assert not feasible_with_presolve_off(scenario)
    else:
        assert roster.objective == sum(a.value for a in roster.assignments)
        assert roster.bound >= roster.objective
