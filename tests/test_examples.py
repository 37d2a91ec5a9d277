"""Every shared example solves to its known optimum (or is proved infeasible), and validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from creator_roster.models import load_scenario

from .conftest import assert_reaches_expected, example_paths, expected_for, solve_checked

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.json"


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_example_reaches_known_optimum(path):
    expected = expected_for(path)
    roster = solve_checked(load_scenario(path))
    assert_reaches_expected(roster, expected)
    if expected["status"] == "optimal":
        assert sum(a.value for a in roster.assignments) == expected["objective"]


def _examples_with(field: str) -> list:
    return [p for p in example_paths() if field in expected_for(p)]


@pytest.mark.parametrize("path", _examples_with("culprits"), ids=lambda p: p.stem)
def test_infeasible_example_is_explained_with_its_culprits(path):
    expected = expected_for(path)
    roster = solve_checked(load_scenario(path))
    assert roster.status == "infeasible" and roster.assignments == []
    paths = [item.path for item in roster.explanation]
    for culprit in expected["culprits"]:
        assert any(p == culprit or p.startswith(culprit + ".") or p.startswith(culprit + "[") for p in paths), paths
    assert len(paths) <= 5
    assert all(item.message for item in roster.explanation)


@pytest.mark.parametrize("path", _examples_with("relaxed_paths"), ids=lambda p: p.stem)
def test_soft_must_have_example_relaxes_exactly_the_expected_ones(path):
    expected = expected_for(path)
    roster = solve_checked(load_scenario(path))
    assert [item.path for item in roster.relaxed] == expected["relaxed_paths"]
    assert len(roster.relaxed) == expected["relaxed_count"]
    assert all(item.message for item in roster.relaxed)
    # optimal proves no roster keeps every must-have: the explanation names the rules in the way
    explained = {item.path for item in roster.explanation}
    assert set(expected["relaxed_paths"]) <= explained


def test_examples_are_in_sync_with_shared_copy():
    """The project's copies of ../shared/examples must not drift (skipped where ../shared is absent)."""
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2] / "shared" / "examples"
    if not shared.is_dir():
        pytest.skip("../shared is not beside this checkout")
    for src in shared.glob("*.json"):
        copy = Path(__file__).parent / "data" / "examples" / src.name
        assert copy.exists(), f"{src.name} has no copy in tests/data/examples"
        assert copy.read_bytes() == src.read_bytes(), f"{src.name} differs from ../shared/examples"


def _plan(roster) -> list:
    return [(a.creator, a.campaign, [d.isoformat() for d in a.posts]) for a in roster.assignments]


@pytest.mark.parametrize("path", example_paths() + [pytest.param(DEMO, marks=pytest.mark.slow)], ids=lambda p: p.stem)
def test_the_same_scenario_gives_the_same_roster_run_after_run(path):
    """Stable plans: an optimal roster is canonical, so three 2-worker runs (and a 1-worker one) agree exactly."""
    scenario = load_scenario(path)
    rosters = [solve_checked(scenario, workers=w) for w in (2, 2, 2, 1)]
    if rosters[0].status == "optimal":
        assert all(r.stats["canonical"] for r in rosters)
    assert all(_plan(r) == _plan(rosters[0]) and r.status == rosters[0].status for r in rosters)
