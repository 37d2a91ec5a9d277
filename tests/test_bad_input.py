"""Malformed input: every kind of bad field gives a DocumentError naming exactly that field,
and through the command line exit code 2 with the path in the message and no traceback."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import DocumentError, load_roster, load_scenario
from creator_roster.models.paths import at as path_at

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.json"
ROSTER_BIN = Path(sys.executable).with_name("roster")

BASE: dict[str, Any] = {
    "format": "scenario/1",
    "name": "bad-input base",
    "horizon": {"start": "2027-03-01", "end": "2027-05-31"},
    "regions": ["US", "UK"],
    "platforms": ["instagram", "tiktok"],
    "categories": [{"id": "skincare"}, {"id": "sunscreen", "parent": "skincare", "adjacent": ["haircare"]},
                   {"id": "haircare"}],
    "brands": [{"id": "glowco", "competitors": ["sunbrite"]}, {"id": "sunbrite"}],
    "creators": [
        {"id": "ava", "platforms": ["instagram"], "audience": {"US": 100000, "UK": 1000},
         "engagement_rate": 0.05, "fee_per_post": 1000, "exclusivity_premium": {"full": 0.1},
         "max_posts_per_week": 2, "unavailable": [{"start": "2027-04-05", "end": "2027-04-06"}]},
        {"id": "ben", "platforms": ["instagram", "tiktok"], "audience": {"US": 50000},
         "engagement_rate": 0.04, "fee_per_post": 500},
    ],
    "campaigns": [
        {"id": "glow-spring", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "window": {"start": "2027-04-01", "end": "2027-04-30"},
         "launch": {"start": "2027-04-01", "end": "2027-04-10"}, "creators": {"min": 1, "max": 2},
         "required_creators": ["ava"], "preferred_creators": {"ben": 100},
         "exclusivity": {"phases": [{"level": "full", "from": {"anchor": "first_post", "offset_days": -7},
                                     "to": {"anchor": "launch_end"}}],
                         "exceptions": {"brands": []}}},
        {"id": "sun-may", "brand": "sunbrite", "category": "sunscreen", "regions": ["US", "UK"],
         "platforms": ["instagram", "tiktok"], "window": {"start": "2027-05-01", "end": "2027-05-31"},
         "exclusivity": {"phases": [{"level": "competitors", "from": {"anchor": "first_post"},
                                     "to": {"anchor": "last_post", "offset_days": 10}}]}},
    ],
    "commitments": [
        {"id": "ben-sun", "creator": "ben", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "posts": ["2027-02-20"],
         "exclusivity": {"phases": [{"level": "category", "start": "2027-02-15", "end": "2027-03-10"}]}},
    ],
}

ROSTER = {"format": "roster/1", "scenario": "bad-input base", "status": "optimal", "objective": 10000,
          "bound": 10000,
          "assignments": [{"creator": "ava", "campaign": "glow-spring", "posts": ["2027-04-02"], "fee": 1000,
                           "value": 5000}],
          "campaigns": [], "warnings": [], "explanation": None, "stats": {}}


def at(*path) -> tuple:
    return path


def setting(path: tuple, value: Any) -> Callable[[dict], None]:
    def edit(doc: dict) -> None:
        *head, last = path
        for key in head:
            doc = doc[key]
        doc[last] = value
    return edit


def removing(path: tuple) -> Callable[[dict], None]:
    def edit(doc: dict) -> None:
        *head, last = path
        for key in head:
            doc = doc[key]
        del doc[last]
    return edit


PHASE0 = ("campaigns", 0, "exclusivity", "phases", 0)

# (case, edit of BASE, the exact path the first issue must name, a word the message must contain)
SCENARIO_CASES = [
    ("unknown top-level field", setting(("colour",), "red"), "colour", "unknown field"),
    ("unknown nested field", setting(PHASE0 + ("lvl",), "full"), "campaigns[0].exclusivity.phases[0].lvl",
     "unknown field"),
    ("dangling brand", setting(("campaigns", 1, "brand"), "nobrand"), "campaigns[1].brand", "nobrand"),
    ("dangling category", setting(("campaigns", 0, "category"), "nocat"), "campaigns[0].category", "nocat"),
    ("dangling commitment creator", setting(("commitments", 0, "creator"), "zed"), "commitments[0].creator", "zed"),
    ("dangling category parent", setting(("categories", 1, "parent"), "nocat"), "categories[1].parent", "nocat"),
    ("dangling competitor", setting(("brands", 0, "competitors", 0), "nobrand"), "brands[0].competitors[0]",
     "nobrand"),
    ("dangling required creator", setting(("campaigns", 0, "required_creators", 0), "zed"),
     "campaigns[0].required_creators[0]", "zed"),
    ("dangling preferred creator", setting(("campaigns", 0, "preferred_creators"), {"zed": 5}),
     "campaigns[0].preferred_creators.zed", "zed"),
    ("region not listed", setting(("campaigns", 0, "regions", 0), "U.S."), "campaigns[0].regions[0]", "U.S."),
    ("audience region not listed", setting(("creators", 1, "audience"), {"U.S.": 5}), "creators[1].audience[\"U.S.\"]",
     "U.S."),
    ("platform not listed", setting(("creators", 0, "platforms", 0), "insta"), "creators[0].platforms[0]", "insta"),
    ("negative fee", setting(("creators", 0, "fee_per_post"), -5), "creators[0].fee_per_post", "0"),
    ("engagement rate above 1", setting(("creators", 0, "engagement_rate"), 1.5), "creators[0].engagement_rate",
     "1"),
    ("negative premium", setting(("creators", 0, "exclusivity_premium", "full"), -0.1),
     "creators[0].exclusivity_premium.full", "0"),
    ("creators.min above creators.max", setting(("campaigns", 0, "creators"), {"min": 3, "max": 2}),
     "campaigns[0].creators.min", "max"),
    ("window outside the horizon", setting(("campaigns", 0, "window", "end"), "2027-06-15"),
     "campaigns[0].window.end", "horizon"),
    ("window before the horizon", setting(("campaigns", 1, "window", "start"), "2027-02-15"),
     "campaigns[1].window.start", "horizon"),
    ("launch anchor without a launch", setting(("campaigns", 1, "exclusivity", "phases", 0, "to"),
                                               {"anchor": "launch_end"}),
     "campaigns[1].exclusivity.phases[0].to.anchor", "launch"),
    ("bad anchor name", setting(PHASE0 + ("from", "anchor"), "first_posting"),
     "campaigns[0].exclusivity.phases[0].from.anchor", "first_post"),
    ("bad level", setting(PHASE0 + ("level",), "total"), "campaigns[0].exclusivity.phases[0].level", "full"),
    ("impossible date", setting(("campaigns", 0, "window", "start"), "2027-02-30"), "campaigns[0].window.start",
     "2027-02-30"),
    ("date and time instead of a date", setting(("horizon", "start"), "2027-03-01T09:00:00"), "horizon.start",
     "date"),
    ("impossible commitment post", setting(("commitments", 0, "posts", 0), "2027-13-01"), "commitments[0].posts[0]",
     "2027-13-01"),
    ("duplicate campaign id", setting(("campaigns", 1, "id"), "glow-spring"), "campaigns[1].id", "duplicate"),
    ("duplicate region", setting(("regions",), ["US", "UK", "US"]), "regions[2]", "duplicate"),
    ("wrong format", setting(("format",), "scenario/2"), "format", "scenario/1"),
    ("format not a string", setting(("format",), 1), "format", "scenario/1"),
    ("missing required field", removing(("campaigns", 0, "brand")), "campaigns[0].brand", "required"),
    ("missing top-level field", removing(("horizon",)), "horizon", "required"),
    ("string where a number belongs", setting(("creators", 1, "fee_per_post"), "500"), "creators[1].fee_per_post",
     "number"),
    ("string where a rate belongs", setting(("creators", 1, "engagement_rate"), "0.04"),
     "creators[1].engagement_rate", "number"),
    ("true where a number belongs", setting(("campaigns", 0, "budget"), True), "campaigns[0].budget", "number"),
    ("fractional whole number", setting(("creators", 1, "fee_per_post"), 500.5), "creators[1].fee_per_post",
     "whole"),
    ("string where a flag belongs", setting(("campaigns", 0, "required"), "yes"), "campaigns[0].required",
     "true or false"),
    ("list where an object belongs", setting(("campaigns", 0, "window"), ["2027-04-01"]), "campaigns[0].window",
     "object"),
    ("empty id", setting(("creators", 1, "id"), ""), "creators[1].id", "character"),
    ("empty regions", setting(("campaigns", 0, "regions"), []), "campaigns[0].regions", "1"),
    ("category parent cycle", setting(("categories", 0, "parent"), "sunscreen"), "categories[0].parent", "loop"),
    ("category its own parent", setting(("categories", 2, "parent"), "haircare"), "categories[2].parent", "own"),
    ("brand competing with itself", setting(("brands", 1, "competitors"), ["sunbrite"]), "brands[1].competitors[0]",
     "itself"),
    ("horizon ending before it starts", setting(("horizon", "end"), "2027-02-01"), "horizon.end", "before"),
]


def bad(edit: Callable[[dict], None]) -> dict:
    doc = copy.deepcopy(BASE)
    edit(doc)
    return doc


def test_the_base_document_is_valid():
    assert load_scenario(copy.deepcopy(BASE)).name == "bad-input base"
    assert load_roster(copy.deepcopy(ROSTER)).status == "optimal"


@pytest.mark.parametrize("case, edit, path, word", SCENARIO_CASES, ids=[c[0] for c in SCENARIO_CASES])
def test_bad_scenario_field_names_its_path(case, edit, path, word):
    with pytest.raises(DocumentError) as caught:
        load_scenario(bad(edit))
    issue = caught.value.issues[0]
    assert issue.path == path, [str(i) for i in caught.value.issues]
    assert word.lower() in issue.message.lower()
    assert caught.value.document == "scenario"


runner = CliRunner()


def run_cli(*args: str):
    result = runner.invoke(app, list(args))
    # CliRunner catches exceptions instead of printing them: an escaped one would be a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("case, edit, path, word", SCENARIO_CASES, ids=[c[0] for c in SCENARIO_CASES])
def test_bad_scenario_through_the_cli_exits_2_naming_the_path(tmp_path, case, edit, path, word):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(bad(edit)), encoding="utf-8")
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps(ROSTER), encoding="utf-8")
    result = run_cli("validate", str(scenario), str(roster))
    assert result.exit_code == 2
    assert path in result.output
    assert "Traceback" not in result.output


ROSTER_CASES = [
    ("unknown roster field", setting(("assignments", 0, "colour"), "red"), "assignments[0].colour", "unknown"),
    ("bad status", setting(("status",), "great"), "status", "optimal"),
    ("impossible post date", setting(("assignments", 0, "posts", 0), "2027-02-30"), "assignments[0].posts[0]",
     "2027-02-30"),
    ("fractional objective", setting(("objective",), 1.5), "objective", "fractional"),
    ("missing creator", removing(("assignments", 0, "creator")), "assignments[0].creator", "required"),
    ("wrong roster format", setting(("format",), "roster/2"), "format", "roster/1"),
]


@pytest.mark.parametrize("case, edit, path, word", ROSTER_CASES, ids=[c[0] for c in ROSTER_CASES])
def test_bad_roster_field_names_its_path(tmp_path, case, edit, path, word):
    doc = copy.deepcopy(ROSTER)
    edit(doc)
    with pytest.raises(DocumentError) as caught:
        load_roster(doc)
    issue = caught.value.issues[0]
    assert issue.path == path and word.lower() in issue.message.lower(), [str(i) for i in caught.value.issues]
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(BASE), encoding="utf-8")
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("validate", str(scenario), str(roster))
    assert result.exit_code == 2 and path in result.output and "roster" in result.output


def test_invalid_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "scenario/1",\n  "horizon": {"start": "2027-03-01",}\n}', encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_scenario(path)
    assert "not valid JSON" in caught.value.issues[0].message and "line 2" in caught.value.issues[0].message
    result = run_cli("validate", str(path), str(path))
    assert result.exit_code == 2 and "not valid JSON" in result.output


def test_invalid_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: scenario/1\nhorizon: [start: 2027-03-01\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_scenario(path)
    assert "not valid JSON or YAML" in caught.value.issues[0].message


def test_yaml_impossible_unquoted_date_names_its_path():
    text = "\n".join([
        "format: scenario/1",
        "horizon: {start: 2027-02-30, end: 2027-05-31}",
        "regions: [US]", "platforms: [instagram]", "categories: []", "brands: []", "creators: []", "campaigns: []",
    ])
    with pytest.raises(DocumentError) as caught:
        load_scenario(text.encode())
    assert [i.path for i in caught.value.issues] == ["horizon.start"]


def test_document_that_is_not_an_object(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_scenario(path)
    assert "object" in caught.value.issues[0].message


def test_non_existent_file(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(DocumentError) as caught:
        load_scenario(missing)
    assert "file not found" in caught.value.issues[0].message
    result = run_cli("validate", str(missing), str(missing))
    assert result.exit_code == 2 and "nope.json" in result.output


def test_every_problem_is_reported_not_just_the_first():
    doc = copy.deepcopy(BASE)
    doc["campaigns"][1]["brand"] = "nobrand"
    doc["commitments"][0]["creator"] = "zed"
    with pytest.raises(DocumentError) as caught:
        load_scenario(doc)
    assert {"campaigns[1].brand", "commitments[0].creator"} <= {i.path for i in caught.value.issues}


# --- the real executable: exit codes and no traceback on stderr --------------------------------

def run_roster(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROSTER_BIN), *args], capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not ROSTER_BIN.exists(), reason="the roster script is not installed next to python")
def test_executable_bad_scenario_exits_2_without_traceback(tmp_path):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(bad(setting(PHASE0 + ("lvl",), "full"))), encoding="utf-8")
    done = run_roster("validate", str(scenario), str(tmp_path / "missing-roster.json"))
    assert done.returncode == 2
    assert "campaigns[0].exclusivity.phases[0].lvl" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.skipif(not ROSTER_BIN.exists(), reason="the roster script is not installed next to python")
def test_executable_unknown_schema_name_exits_2(tmp_path):
    done = run_roster("schema", "nonsense")
    assert done.returncode == 2 and "scenario" in done.stderr and "Traceback" not in done.stderr


def test_each_issue_is_printed_on_one_line(tmp_path):
    doc = bad(setting(("campaigns", 1, "exclusivity", "phases", 0, "from"), {"anchor": "launch_start"}))
    doc["campaigns"][1]["brand"] = "nobrand"
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("validate", str(scenario), str(scenario))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.strip().startswith("campaigns[1].exclusivity.phases[0].from.anchor:")
               and line.rstrip().endswith("and it has none") for line in lines), lines
    assert any(line.strip() == "campaigns[1].brand: unknown brand 'nobrand'" for line in lines), lines


def test_python_attribute_name_from_underscore_is_not_a_field():
    import json

    from creator_roster.models import DocumentError, scenario_from_data

    doc = json.loads((Path(__file__).parent / "data" / "examples" / "04-phased-launch-clause.json").read_text())
    phase = doc["campaigns"][0]["exclusivity"]["phases"][0]
    phase["from_"] = phase.pop("from")
    with pytest.raises(DocumentError) as err:
        scenario_from_data(doc)
    assert "campaigns[0].exclusivity.phases[0].from_" in [i.path for i in err.value.issues]


# --- bounded parsing: hostile documents are refused before any work ---------------------------

def _yaml_alias_bomb(levels: int = 8) -> str:
    lines, prev = ["a: &a [x, x, x, x, x, x, x, x, x, x]"], "a"
    for i in range(1, levels + 1):
        lines.append(f"b{i}: &b{i} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = f"b{i}"
    return "\n".join(lines)  # 500 bytes that expand to 10**9 values


@pytest.mark.parametrize("text, words", [
    (_yaml_alias_bomb(), "YAML aliases count"),
    ("[" * 100_000 + "]" * 100_000, "nested deeper than 32"),
    ("a:\n" + "".join("  " * i + f"b{i}:\n" for i in range(1, 60)), "nested deeper than 32"),
    ('{"a": ' + "9" * 5000 + "}", "far more digits"),
])
def test_hostile_documents_are_refused_at_parsing(text, words):
    from creator_roster.models import parse_text

    with pytest.raises(DocumentError) as err:
        parse_text(text)
    assert words in err.value.issues[0].message


@pytest.mark.parametrize("path, value, words", [
    (("creators", 0, "fee_per_post"), "1e30", "too large"),
    (("creators", 0, "audience", "US"), "1e300000", "too large"),
    (("campaigns", 0, "posts_per_creator"), "100000", "less than or equal to 366"),
    (("settings", "time_limit_s"), "1e-400", "too many decimals"),
    (("settings", "time_limit_s"), "0.001", "greater than or equal to 0.01"),
])
def test_every_number_has_a_range_and_its_path_is_named(path, value, words):
    doc = json.loads(DEMO.read_text())
    doc.setdefault("settings", {})
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = "__N__"
    text = json.dumps(doc).replace('"__N__"', value)
    with pytest.raises(DocumentError) as err:
        load_scenario(text.encode())
    found = {i.path: i.message for i in err.value.issues}
    where = str(path_at(*path))
    assert where in found and words in found[where], found
