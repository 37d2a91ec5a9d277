"""Shared fixtures: every roster a test produces goes through the validator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from creator_roster.models import Roster, Scenario, scenario_from_data
from creator_roster.rules.validate import validate
from creator_roster.solver.solve import SolveParams, solve_scenario

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "examples"


def example_paths() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))


def expected_for(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".expected.json").read_text())


def assert_reaches_expected(roster: Roster, expected: dict) -> None:
    """An example's roster has its known status and objective, and a proved optimum its bound."""
    assert roster.status == expected["status"]
    assert roster.objective == expected["objective"]
    if expected["status"] == "optimal":
        assert roster.bound == roster.objective


def assert_valid(scenario: Scenario, roster: Roster) -> None:
    violations = validate(scenario, roster)
    assert violations == [], "\n".join(str(v) for v in violations)


def solve_checked(scenario: Scenario | dict, **options) -> Roster:
    """Solve and pass the roster through the validator (whatever the status)."""
    if isinstance(scenario, dict):
        scenario = scenario_from_data(scenario)
    options.setdefault("time_limit_s", 10)
    options.setdefault("workers", 2)
    roster = solve_scenario(scenario, SolveParams(**options))
    assert_valid(scenario, roster)
    return roster


@pytest.fixture
def solve():
    return solve_checked


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session (tests/postgres.py); skips, saying how to get one, if it cannot start."""
    from .postgres import HOW_TO_GET_IT, PostgresServer

    server = PostgresServer()
    missing = server.why_not()
    if missing:
        pytest.skip(f"{missing}: {HOW_TO_GET_IT}")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """An empty database of its own for this test."""
    return postgres_server.new_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request, tmp_path) -> str:
    """The store's database: each test that takes this runs on SQLite and (in the full lane) a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'roster.db'}"
    return request.getfixturevalue("postgres_url")
