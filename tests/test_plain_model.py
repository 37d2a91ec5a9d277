"""The plain exact model of bench/ (the benchmarks' baseline) against the examples, brute force and the solver.

Every roster it returns goes through the validator.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from bench.plain_model import solve_plain
from creator_roster.models import load_scenario, scenario_from_data
from creator_roster.scenarios.generate import generate

from .brute import assert_brute_force_optimum
from .conftest import assert_reaches_expected, assert_valid, example_paths, expected_for, solve_checked
from .strategies import small_scenarios
from .test_model_vs_rules import tiny_scenarios


def plain_checked(scenario, time_limit_s: float = 10.0, workers: int = 2):
    roster = solve_plain(scenario, time_limit_s, workers=workers)
    assert_valid(scenario, roster)
    return roster


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_plain_model_reaches_each_example_optimum(path):
    expected = expected_for(path)
    roster = plain_checked(load_scenario(path))
    assert_reaches_expected(roster, expected)
    if "relaxed_paths" in expected:
        assert [item.path for item in roster.relaxed] == expected["relaxed_paths"]


def test_plain_model_reports_its_build_and_size():
    roster = plain_checked(scenario_from_data(generate(6, 3, 28, seed=1, commitments=3)))
    assert roster.stats["model"]["bookings"] > 0
    assert 0 <= roster.stats["build_seconds"] <= roster.stats["wall_seconds"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_scenarios())
def test_plain_model_equals_brute_force(doc):
    scenario = scenario_from_data(doc)
    roster = plain_checked(scenario, workers=1)
    assert_brute_force_optimum(scenario, roster)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_scenarios())
def test_plain_model_equals_solver_on_rule_dense_scenarios(doc):
    scenario = scenario_from_data(doc)
    plain = plain_checked(scenario, workers=1)
    ours = solve_checked(scenario, time_limit_s=10, workers=1, explain=False)
    assert plain.status == ours.status
    assert plain.objective == ours.objective
    assert len(plain.relaxed or []) == len(ours.relaxed or [])


GENERATED = [(6, 3, 28, 1, 3, False), (6, 3, 28, 3, None, False), (10, 4, 42, 4, 5, False),
             (15, 5, 60, 6, 8, False), (20, 5, 60, 8, None, False),
             (6, 3, 28, 1, None, True), (10, 4, 42, 4, 5, True), (15, 5, 60, 6, 8, True), (20, 5, 60, 7, 6, True)]


@pytest.mark.slow
@pytest.mark.parametrize("creators,campaigns,days,seed,commitments,crowded", GENERATED,
                         ids=lambda v: str(v))
def test_plain_model_equals_solver_on_generated_scenarios(creators, campaigns, days, seed, commitments, crowded):
    scenario = scenario_from_data(generate(creators, campaigns, days, seed=seed, commitments=commitments,
                                           crowded=crowded))
    plain = plain_checked(scenario, time_limit_s=20)
    ours = solve_checked(scenario, time_limit_s=20)
    assert plain.status == ours.status == "optimal"
    assert plain.objective == ours.objective
