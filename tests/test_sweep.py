"""Sweeps: --vary paths and values, the cross product, the pivot, and bad variations (exit 2)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import load_roster, load_scenario
from creator_roster.planning.batch import BatchRow
from creator_roster.planning.sweep import (
    SweepError,
    expand,
    parse_path,
    parse_vary,
    pivot,
    plan_sweep,
)

from .conftest import EXAMPLES, assert_valid

BUDGET = EXAMPLES / "10-budget-with-premiums.json"  # optimum 53500 at its budget of 5010
PHASED = EXAMPLES / "04-phased-launch-clause.json"


def _invoke(*args: str):
    return CliRunner().invoke(app, ["sweep", *args])


def test_paths_read_like_the_error_messages():
    assert parse_path("campaigns[2].exclusivity.phases[1].to.offset_days") == (
        "campaigns", 2, "exclusivity", "phases", 1, "to", "offset_days")
    for bad in ["", "campaigns[x].budget", "campaigns..budget", "[0].budget", "campaigns[0]budget"]:
        with pytest.raises(SweepError):
            parse_path(bad)


def test_values_are_json_when_they_parse_and_text_otherwise():
    variation = parse_vary('campaigns[0].window.end=2027-06-20,2027-06-30')
    assert variation.values == ("2027-06-20", "2027-06-30")
    assert parse_vary("campaigns[0].budget=4000,5010.5").values == (4000, Decimal("5010.5"))
    assert parse_vary('campaigns[0].regions=["US","CA"],["US"]').values == (["US", "CA"], ["US"])
    assert parse_vary("campaigns[0].exclusivity.phases[0].level=full,competitors").values == ("full", "competitors")
    for bad in ["campaigns[0].budget", "=1,2", "campaigns[0].budget=1,,2"]:
        with pytest.raises(SweepError):
            parse_vary(bad)


def test_the_cross_product_sets_every_combination():
    data = json.loads(PHASED.read_text())
    variations = [parse_vary("campaigns[0].budget=1000,2000,3000"),
                  parse_vary("campaigns[0].exclusivity.phases[1].to.offset_days=10,30")]
    variants = expand(data, variations, "phased")
    assert [v.name for v in variants] == [f"phased__{k}" for k in range(1, 7)]
    seen = {(v.data["campaigns"][0]["budget"], v.data["campaigns"][0]["exclusivity"]["phases"][1]["to"]["offset_days"])
            for v in variants}
    assert seen == {(b, o) for b in (1000, 2000, 3000) for o in (10, 30)}
    assert variants[0].labels == {"campaigns[0].budget": 1000, "campaigns[0].exclusivity.phases[1].to.offset_days": 10}
    assert "budget" not in data["campaigns"][0]  # the original is left alone


def test_a_budget_sweep_is_pivoted_with_a_monotone_objective(tmp_path: Path):
    out = tmp_path / "sweep"
    budgets = [0, 3000, 5010, 8000, 100000]
    result = _invoke(str(BUDGET), "--vary", "campaigns[0].budget=" + ",".join(map(str, budgets)),
                     "-o", str(out), "--jobs", "2", "--time-limit", "10")
    assert result.exit_code == 0, result.output

    records = json.loads((out / "summary.json").read_text())
    assert [r["campaigns[0].budget"] for r in records] == budgets
    objectives = [r["objective"] for r in records]
    assert all(r["status"] == "optimal" for r in records)
    assert objectives == sorted(objectives) and objectives[0] < objectives[-1]
    assert objectives[budgets.index(5010)] == 53500
    assert "campaigns[0].budget" in (out / "summary.csv").read_text().splitlines()[0]
    for record in records:
        scenario_file = Path(record["scenario"])
        assert scenario_file.parent == out / "scenarios"
        scenario = load_scenario(scenario_file)
        assert scenario.campaigns[0].budget == record["campaigns[0].budget"]
        roster = load_roster(out / f"{scenario_file.stem}.roster.json")
        assert_valid(scenario, roster)
        assert roster.total_fees <= record["campaigns[0].budget"]
    assert "by campaigns[0].budget" in result.output  # the pivot, one row per value


def test_two_varied_paths_make_a_grid_of_objectives():
    variations = [parse_vary("campaigns[0].budget=1,2"), parse_vary("campaigns[0].weight=1,2,3")]

    def row(budget, weight, objective):
        return BatchRow("x", "x", "optimal", objective=objective,
                        labels={"campaigns[0].budget": budget, "campaigns[0].weight": weight})

    rows = [row(b, w, 10 * b + w) for b in (1, 2) for w in (1, 2, 3)]
    rows[-1] = BatchRow("x", "x", "error", error="boom", labels=rows[-1].labels)
    layout = pivot(rows, variations)
    assert layout["rows"] == [1, 2] and layout["columns"] == [1, 2, 3]
    assert layout["grid"] == [["11", "12", "13"], ["21", "22", "error"]]


@pytest.mark.parametrize("vary, named", [
    ("campaigns[7].budget=1000", "campaigns[7]"),                        # no such campaign
    ("campaigns[0].budgett=1000", "campaigns[0].budgett"),               # no such field
    ("campaigns[0].budget=-5,1000", "campaigns[0].budget=-5"),           # a value out of range
    ("campaigns[0].window.end=2027-12-31", "campaigns[0].window.end=2027-12-31"),  # outside the horizon
    ("campaigns[0].exclusivity.phases[0].level=total", "level=total"),
])
def test_an_invalid_variation_exits_2_naming_the_path_and_solves_nothing(tmp_path: Path, vary: str, named: str):
    out = tmp_path / "sweep"
    result = _invoke(str(BUDGET), "--vary", vary, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert named in result.output
    assert not out.exists()  # nothing written, nothing solved


def test_an_invalid_base_scenario_exits_2(tmp_path: Path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(dict(json.loads(BUDGET.read_text()), horizon={"start": "2027-05-20"})))
    result = _invoke(str(broken), "--vary", "campaigns[0].budget=1", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "horizon.end" in result.output


def test_a_sweep_can_be_planned_from_a_json_body(tmp_path: Path):
    data = json.loads(PHASED.read_text())
    items, variations = plan_sweep(data, {"campaigns[0].window.end": ["2027-05-10", "2027-05-15"]}, tmp_path, "p")
    assert [item.name for item in items] == ["p__1", "p__2"]
    assert [item.labels for item in items] == [{"campaigns[0].window.end": "2027-05-10"},
                                               {"campaigns[0].window.end": "2027-05-15"}]
    assert all(Path(item.source).is_file() and item.error is None for item in items)
    with pytest.raises(SweepError, match="campaigns\\[0\\].creators.min"):
        plan_sweep(data, {"campaigns[0].creators.min": [0]}, tmp_path / "bad", "p")
    assert not (tmp_path / "bad").exists()


def test_change_set_paths_name_things_by_id(tmp_path: Path):
    data = json.loads(PHASED.read_text())
    campaign = data["campaigns"][0]["id"]
    items, variations = plan_sweep(data, [f"campaigns/{campaign}/budget=1000,2000"], tmp_path, "p")
    assert variations[0].steps == ("campaigns", 0, "budget")
    assert [item.labels for item in items] == [{f"campaigns/{campaign}/budget": 1000},
                                               {f"campaigns/{campaign}/budget": 2000}]
    assert [item.document["campaigns"][0]["budget"] for item in items] == [1000, 2000]
    with pytest.raises(SweepError, match="no campaign with id 'nope'"):
        plan_sweep(data, ["campaigns/nope/budget=1"], tmp_path / "bad", "p")
