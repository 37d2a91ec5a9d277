"""The documents: every example loads, YAML equals JSON, exact decimals, round trips, schemas."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.api.commands.schema import available_documents, schema_of
from creator_roster.models import (
    Roster,
    dump_json,
    load_roster,
    load_scenario,
    write_json_atomic,
)
from creator_roster.rules import contract

EXAMPLES = Path(__file__).parent / "data" / "examples"
SCENARIO_FILES = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_there_are_seventeen_examples():
    assert len(SCENARIO_FILES) == 17  # 13 of revision 1.0, 4 of revision 1.1


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_every_example_loads(path):
    scenario = load_scenario(path)
    raw = json.loads(path.read_text())
    assert [k.id for k in scenario.campaigns] == [k["id"] for k in raw["campaigns"]]
    assert [c.id for c in scenario.creators] == [c["id"] for c in raw["creators"]]
    assert scenario.horizon.start == dt.date.fromisoformat(raw["horizon"]["start"])


def _with_real_dates(node):
    """The same document with every YYYY-MM-DD string turned into a date (so YAML writes it unquoted)."""
    if isinstance(node, dict):
        return {k: _with_real_dates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_real_dates(v) for v in node]
    if isinstance(node, str) and DATE.match(node):
        return dt.date.fromisoformat(node)
    return node


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_yaml_with_unquoted_dates_loads_the_same_as_json(path, tmp_path):
    text = yaml.safe_dump(_with_real_dates(json.loads(path.read_text())), sort_keys=False)
    assert re.search(r"start: \d{4}-\d{2}-\d{2}\b", text)  # really unquoted
    yaml_file = tmp_path / "scenario.yaml"
    yaml_file.write_text(text, encoding="utf-8")
    assert load_scenario(yaml_file) == load_scenario(path)
    assert load_scenario(text.encode()) == load_scenario(path)


def test_hand_written_yaml_scenario():
    text = """
format: scenario/1
horizon: {start: 2027-03-01, end: "2027-03-31"}
regions: [US]
platforms: [instagram]
categories: [{id: snacks}]
brands: [{id: crunchco}]
creators:
  - id: ava
    platforms: [instagram]
    audience: {US: 1000}
    engagement_rate: 0.1
    fee_per_post: 100
campaigns:
  - id: crunch
    brand: crunchco
    category: snacks
    regions: [US]
    platforms: [instagram]
    window: {start: 2027-03-02, end: 2027-03-09}
    weight: 1.15
"""
    scenario = load_scenario(text.encode())
    assert scenario.horizon.start == dt.date(2027, 3, 1) and scenario.horizon.end == dt.date(2027, 3, 31)
    assert scenario.creators[0].engagement_rate == Decimal("0.1")
    assert scenario.campaigns[0].weight == Decimal("1.15")


def test_numbers_keep_their_exact_decimals():
    doc = json.loads((EXAMPLES / "10-budget-with-premiums.json").read_text())
    doc["creators"][0]["engagement_rate"] = 0.1
    text = json.dumps(doc)
    for scenario in (load_scenario(text.encode()), load_scenario(yaml.safe_dump(doc).encode())):
        rate = scenario.creators[0].engagement_rate
        assert isinstance(rate, Decimal) and rate == Decimal("0.1") and str(rate) == "0.1"
        assert Fraction(rate) == Fraction(1, 10)  # not the binary float 0.1000000000000000055...


def test_exact_decimals_decide_a_rounding():
    # 1000.5 rounds half up to 1001 only when 0.15 is exactly fifteen hundredths: example 10's cy.
    scenario = load_scenario(EXAMPLES / "10-budget-with-premiums.json")
    creators = {c.id: c for c in scenario.creators}
    campaign = scenario.campaigns[0]
    fee = contract.fee(creators["cy"], campaign, scenario.effective_settings)
    premium = contract.premium_fraction(creators["cy"], campaign, scenario.effective_settings)
    exact = Fraction(campaign.posts_per_creator * creators["cy"].fee_per_post) * (1 + premium)
    assert exact == Fraction(2001, 2)
    assert fee == 1001


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario_round_trips_through_its_document(path, tmp_path):
    scenario = load_scenario(path)
    document = scenario.to_document()
    assert load_scenario(document) == scenario
    assert load_scenario(dump_json(scenario).encode()) == scenario
    out = tmp_path / "again.json"
    write_json_atomic(out, scenario)
    assert load_scenario(out) == scenario
    assert not list(tmp_path.glob(".*.tmp"))  # no leftover temporary file
    # absent optional fields stay absent rather than being filled with defaults
    raw = json.loads(path.read_text())
    assert set(document) == set(raw)


def test_roster_round_trips():
    roster = Roster.model_validate({
        "format": "roster/1", "scenario": "x", "status": "feasible", "objective": 10, "bound": 12,
        "assignments": [{"creator": "ava", "campaign": "k", "posts": ["2027-03-01", "2027-03-05"],
                         "fee": 3, "value": 10}],
        "campaigns": [{"id": "k", "staffed": True, "creators": ["ava"], "fees": 3, "value": 10}],
        "warnings": ["a warning"], "explanation": None, "stats": {"wall_seconds": 0.5, "anything": [1, 2]},
    })
    document = roster.to_document()
    assert document["assignments"][0]["posts"] == ["2027-03-01", "2027-03-05"]
    assert load_roster(document) == roster
    assert load_roster(dump_json(roster).encode()) == roster


def test_dump_json_writes_numbers_as_numbers():
    scenario = load_scenario(EXAMPLES / "10-budget-with-premiums.json")
    data = json.loads(dump_json(scenario))
    rate = data["creators"][0]["engagement_rate"]
    assert isinstance(rate, (int, float)) and not isinstance(rate, bool)


# --- JSON Schemas (roster schema) ------------------------------------------------------------

runner = CliRunner()


def test_schema_names_include_scenario_and_roster():
    assert {"scenario", "roster"} <= set(available_documents())


def test_scenario_schema_matches_the_spec():
    schema = schema_of("scenario")
    assert set(schema["required"]) == {"format", "horizon", "regions", "platforms", "categories", "brands",
                                       "creators", "campaigns"}
    assert schema["additionalProperties"] is False
    phase = schema["$defs"]["CampaignPhase"]
    assert "from" in phase["properties"] and "from_" not in phase["properties"]  # by alias
    rate = schema["$defs"]["Creator"]["properties"]["engagement_rate"]
    assert rate == {"minimum": 0, "maximum": 1, "title": "Engagement Rate", "type": "number"}


@pytest.mark.parametrize("name", ["scenario", "roster", "options", "changes", "diff"])
def test_schema_command_prints_json_schema(name):
    assert name in available_documents()
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["type"] == "object" and schema["properties"]
    text = json.dumps(schema)
    # only standard JSON Schema keywords for bounds; numbers are not offered as strings
    assert not re.search(r'"(ge|le|gt|lt)": ', text)
    assert '{"type": "number"}, {"type": "string"}' not in text


def test_schema_command_unknown_name_exits_2():
    result = runner.invoke(app, ["schema", "timetable"])
    assert result.exit_code == 2
    assert "timetable" in result.output and "scenario" in result.output
