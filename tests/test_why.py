"""Why not creator C on campaign K: tiny scenarios whose answers are worked out by hand.

Values (tests/builders.py): engagement 0.1 x audience a post, so ava
(100k) 10,000, ben (50k) 5,000, cy (30k) 3,000; fees 1,000 a post unless
given.  Every roster a test sees goes through the validator: the forced
roster against the forced scenario (``apply_changes(scenario, changes)``).
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from creator_roster import run_rules
from creator_roster.api.app import create_app
from creator_roster.api.cli import app
from creator_roster.api.settings import ServerSettings
from creator_roster.models import DocumentError, Roster, Scenario, dump_json, scenario_from_data
from creator_roster.models.changes import load_changes
from creator_roster.models.roster import Assignment, campaign_summaries
from creator_roster.models.why import WhyDocument
from creator_roster.planning.changes import apply_changes
from creator_roster.planning.why import reasons_for, why_not
from creator_roster.rules.index import ScenarioIndex

from .builders import campaign, creator, phase, tiny
from .conftest import assert_valid, solve_checked
from .test_api import wait

TIME = 3.0
runner = CliRunner()


def checked(scenario: Scenario, doc: WhyDocument) -> WhyDocument:
    """The forced roster is valid for the forced scenario; the document survives a round trip."""
    if doc.roster is not None:
        forced, _ = apply_changes(scenario, doc.changes)
        assert_valid(forced, doc.roster)
    assert WhyDocument.model_validate(json.loads(dump_json(doc))).to_document() == doc.to_document()
    return doc


def ask(document: dict, campaign_id: str, creator_id: str, **more) -> WhyDocument:
    scenario = scenario_from_data(document)
    return checked(scenario, why_not(scenario, campaign_id, creator_id, time_limit_s=TIME, workers=2, **more))


def reasons(doc: WhyDocument) -> set[tuple[str, str, str, str]]:
    return {(r.path, r.rule, r.creator, r.campaign) for r in doc.reasons}


# --- the scenarios ----------------------------------------------------------------------------

def budget_or_cap(rule: str) -> dict:
    """ben is preferred on glow (+20,000) and glow holds one of ava (1,200) and ben (1,000): by budget or by max.

    Best roster: ben on glow (25,000), ava and ben on sun (15,000): 40,000 for 3,200 of fees.
    With ava on glow: ava on glow (10,000) and both on sun: 25,000 for 3,400.
    """
    limit = {"budget": 1200} if rule == "budget" else {"creators": {"max": 1}}
    return tiny(creators=[creator("ava", fee=1200), creator("ben", audience=50000)],
                campaigns=[campaign("glow", "glowco", preferred_creators={"ben": 20000}, **limit),
                           campaign("sun", "sunbrite")])


def clause_clash(holder: str) -> dict:
    """ava is worth 30,000 on sun (a 20,000 bonus), 10,000 on glow; a competitors clause keeps her to one of them.

    ``holder`` glow: glow's clause covers its window and 14 days more (1 Mar - 21 Mar), so sun (10 - 16 Mar);
    sun: sun's clause runs from 30 days before her first sun post, so it covers all of glow's window.
    ben is excluded from sun; he takes glow in the best roster: 35,000.  With ava on glow: 15,000.
    """
    glow_clause = {"phases": [phase("competitors", "window_start", 0, "window_end", 14)]}
    sun_clause = {"phases": [phase("competitors", "first_post", -30, "last_post", 0)]}
    return tiny(creators=[creator("ava"), creator("ben", audience=50000)],
                campaigns=[campaign("glow", "glowco", **({"exclusivity": glow_clause} if holder == "glow" else {})),
                           campaign("sun", "sunbrite", "2027-03-10", "2027-03-16", preferred_creators={"ava": 20000},
                                    excluded_creators=["ben"],
                                    **({"exclusivity": sun_clause} if holder == "sun" else {}))])


def tied_up(**extra) -> dict:
    """ava's sunbrite deal has a competitors clause over the whole of March: she cannot post for glowco."""
    deal = {"id": "ava-sun", "creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
            "platforms": ["instagram"], "posts": ["2027-02-20"],
            "exclusivity": {"phases": [{"level": "competitors", "start": "2027-02-01", "end": "2027-03-31"}]}}
    return tiny(creators=[creator("ava"), creator("ben", audience=50000)], commitments=[deal], **extra)


# --- (a) already booked --------------------------------------------------------------------------

def test_already_booked_says_so_and_solves_nothing_more():
    scenario = scenario_from_data(tiny())
    baseline = solve_checked(scenario, time_limit_s=TIME)
    doc = checked(scenario, why_not(scenario, "glow", "ava", baseline=baseline, time_limit_s=TIME))
    mine = next(a for a in baseline.assignments if (a.creator, a.campaign) == ("ava", "glow"))
    assert doc.booked_in_baseline is True and doc.possible is True
    assert (doc.booking.posts, doc.booking.fee, doc.booking.value) == (mine.posts, 1000, 10000)
    assert doc.status is None and doc.roster is None and doc.changes is None and doc.stats["solves"] == 0
    assert doc.baseline_objective == baseline.objective
    assert doc.text.startswith("ava is booked on glow in the baseline: posts 2027-03-0")


# --- (b) possible, at a cost: budget or creators.max --------------------------------------------

@pytest.mark.parametrize("rule,path", [("budget", "campaigns[0].budget"), ("max", "campaigns[0].creators.max")])
def test_forcing_her_displaces_ben_because_of_the_budget_or_the_cap(rule, path):
    doc = ask(budget_or_cap(rule), "glow", "ava")
    assert doc.booked_in_baseline is False and doc.possible is True and doc.status == "optimal"
    assert (doc.baseline_objective, doc.baseline_fees) == (40000, 3200)
    assert (doc.objective, doc.fees, doc.value_change, doc.fee_change) == (25000, 3400, -15000, 200)
    assert (doc.booking.fee, doc.booking.value) == (1200, 10000)
    assert [(d.creator, d.campaign) for d in doc.displaced] == [("ben", "glow")]
    assert doc.moved == [] and doc.added == []
    assert reasons(doc) == {(path, "budget" if rule == "budget" else "max_creators", "ben", "glow")}
    assert doc.requirement == "campaigns[0].required_creators[0]"
    assert doc.changes.to_document()["changes"] == [
        {"op": "add", "path": "campaigns/glow/required_creators", "value": "ava"}]
    assert "-15,000" in doc.text and "displaced: ben on glow" in doc.text and path in doc.text
    assert doc.stats["solves"] == 2


# --- (c) possible, but K's (or the competitor's) clause costs her another booking ----------------

@pytest.mark.parametrize("holder,path,fee_change", [
    ("glow", "campaigns[0].exclusivity.phases[0]", 35),  # her glow fee carries 21 days at 5%: 1,035
    ("sun", "campaigns[1].exclusivity.phases[0]", -62),  # her sun fee carried 37 days at 5%: 1,062
])
def test_a_clause_costs_her_the_other_booking(holder, path, fee_change):
    doc = ask(clause_clash(holder), "glow", "ava")
    assert doc.possible is True and doc.status == "optimal"
    assert (doc.baseline_objective, doc.objective, doc.value_change) == (35000, 15000, -20000)
    assert doc.fee_change == fee_change
    assert [(d.creator, d.campaign) for d in doc.displaced] == [("ava", "sun")]
    assert reasons(doc) == {(path, "exclusivity", "ava", "sun")}
    assert "competitors exclusivity" in doc.reasons[0].message


# --- (d) impossible: a commitment's clause --------------------------------------------------------

def test_a_commitment_clause_makes_it_impossible():
    doc = ask(tied_up(), "glow", "ava")
    assert doc.booked_in_baseline is False and doc.possible is False and doc.status == "infeasible"
    assert {e.path for e in doc.explanation} == {"campaigns[0].required_creators[0]",
                                                  "commitments[0].exclusivity.phases[0]"}
    assert doc.requirement == "campaigns[0].required_creators[0]"
    assert doc.booking is None and doc.value_change is None and doc.reasons == []
    assert "impossible" in doc.text and "commitments[0].exclusivity.phases[0]" in doc.text


# --- the reasons on hand-built rosters: one post a day, weekly cap, a commitment's blocked days --------

def _roster(scenario: Scenario, bookings: dict[tuple[str, str], list[str]]) -> Roster:
    index = ScenarioIndex(scenario)
    assignments = [Assignment(creator=c, campaign=k, posts=posts, fee=index.fee(c, k), value=index.value(c, k))
                   for (c, k), posts in bookings.items()]
    return Roster(scenario=scenario.name, status="feasible", objective=sum(a.value for a in assignments),
                  bound=None, assignments=assignments,
                  campaigns=campaign_summaries([k.id for k in scenario.campaigns], assignments))


def _early_deal(**ava) -> Scenario:
    """ava's sunbrite deal blocks glowco on 1-5 March, so glow (1-7 March) has her on the 6th or 7th only."""
    deal = {"id": "ava-sun", "creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
            "platforms": ["instagram"], "posts": ["2027-02-20"],
            "exclusivity": {"phases": [{"level": "competitors", "start": "2027-03-01", "end": "2027-03-05"}]}}
    return scenario_from_data(tiny(
        creators=[creator("ava", **ava), creator("ben", audience=50000)],
        campaigns=[campaign("glow", "glowco"), campaign("hair", "hairco", "2027-03-06", "2027-03-07",
                                                        category="haircare")],
        commitments=[deal]))


def _forced(scenario: Scenario) -> Scenario:
    """The scenario with ava required on glow, as why_not builds it."""
    return apply_changes(scenario, load_changes({"format": "changes/1", "changes": [
        {"op": "add", "path": "campaigns/glow/required_creators", "value": "ava"}]}))[0]


def test_reasons_one_post_a_day_and_the_commitment_days():
    scenario = _early_deal()
    baseline = _roster(scenario, {("ava", "hair"): ["2027-03-06"]})
    forced = _roster(_forced(scenario), {("ava", "glow"): ["2027-03-06"], ("ava", "hair"): ["2027-03-07"]})
    assert_valid(scenario, baseline)
    assert_valid(_forced(scenario), forced)
    found, notes = reasons_for(scenario, baseline, forced, "ava", "glow")
    assert {(r.path, r.rule, r.creator, r.campaign) for r in found} == {
        ("creators[0]", "one_post_a_day", "ava", "hair"),
        ("commitments[0].exclusivity.phases[0]", "commitment", "ava", "glow")}
    assert notes == []
    commitment = next(r for r in found if r.rule == "commitment")
    assert "from 2027-03-01 to 2027-03-05, 5 of its 7 window days" in commitment.message


def test_reasons_weekly_cap():
    scenario = _early_deal(max_posts_per_week=1)
    baseline = _roster(scenario, {("ava", "hair"): ["2027-03-07"]})
    forced = _roster(_forced(scenario), {("ava", "glow"): ["2027-03-06"]})
    assert_valid(scenario, baseline)
    assert_valid(_forced(scenario), forced)
    found, _ = reasons_for(scenario, baseline, forced, "ava", "glow")
    assert ("creators[0].max_posts_per_week", "weekly_cap", "ava", "hair") in \
        {(r.path, r.rule, r.creator, r.campaign) for r in found}


# --- soft must-haves: the baseline's compromises stand, her requirement is hard ----------------------

def soft_scenario(**glow) -> dict:
    """glow requires ben, who refuses glowco: the baseline relaxes campaigns[0].required_creators[0]."""
    return tiny(creators=[creator("ava"), creator("ben", audience=50000, blocked_brands=["glowco"]),
                          creator("cy", audience=30000)],
                campaigns=[campaign("glow", "glowco", required_creators=["ben"], **glow),
                           campaign("sun", "sunbrite")],
                settings={"must_haves": "soft"})


def test_soft_must_haves_release_what_the_baseline_breaks():
    doc = ask(soft_scenario(creators={"max": 1}), "glow", "cy")
    assert doc.possible is True
    assert doc.requirement == "campaigns[0].required_creators[1]"  # one past the end of the input's list
    assert doc.changes.to_document()["changes"] == [
        {"op": "set", "path": "settings/must_haves", "value": "hard"},
        {"op": "set", "path": "campaigns/glow/required_creators", "value": ["cy"]}]
    assert (doc.value_change, doc.fee_change) == (-7000, 0)
    assert reasons(doc) == {("campaigns[0].creators.max", "max_creators", "ava", "glow")}
    assert any("released campaigns[0].required_creators[0]" in n for n in doc.notes)


def test_soft_impossible_names_the_requirement_by_its_input_path():
    document = tied_up(settings={"must_haves": "soft"})
    document["creators"][1]["blocked_brands"] = ["glowco"]
    document["campaigns"][0]["required_creators"] = ["ben"]
    doc = ask(document, "glow", "ava")
    assert doc.possible is False
    assert {e.path for e in doc.explanation} == {"campaigns[0].required_creators[1]",
                                                  "commitments[0].exclusivity.phases[0]"}


# --- (g) bad input ----------------------------------------------------------------------------------

def test_unknown_ids_name_their_path():
    scenario = scenario_from_data(tiny())
    with pytest.raises(DocumentError) as caught:
        why_not(scenario, "glow", "zed")
    assert [i.path for i in caught.value.issues] == ["creator"] and "zed" in str(caught.value)
    with pytest.raises(DocumentError) as caught:
        why_not(scenario, "nope", "zed")
    assert [i.path for i in caught.value.issues] == ["campaign", "creator"]


def test_a_baseline_of_another_scenario_is_refused():
    other = solve_checked(budget_or_cap("max"), time_limit_s=TIME)
    with pytest.raises(DocumentError) as caught:
        why_not(scenario_from_data(budget_or_cap("budget")), "glow", "ava",
                baseline=other.model_copy(update={"assignments": other.assignments[:1]}))
    assert caught.value.document == "baseline roster"


# --- (e) the command line ------------------------------------------------------------------------------

def test_cli_answers_writes_and_exits(tmp_path):
    src = tmp_path / "budget.json"
    src.write_text(json.dumps(budget_or_cap("budget")))
    out = tmp_path / "why.json"
    result = runner.invoke(app, ["why", str(src), "--campaign", "glow", "--creator", "ava", "-o", str(out),
                                 "--time-limit", str(TIME)])
    assert result.exit_code == 0, result.output
    assert "Booking ava on glow is possible" in result.stdout and "campaigns[0].budget" in result.stdout
    written = json.loads(out.read_text())
    assert written["format"] == "why/1" and written["value_change"] == -15000
    checked(scenario_from_data(budget_or_cap("budget")), WhyDocument.model_validate(written))

    baseline = solve_checked(budget_or_cap("budget"), time_limit_s=TIME)
    roster_file = tmp_path / "baseline.json"
    roster_file.write_text(dump_json(baseline))
    result = runner.invoke(app, ["why", str(src), "--campaign", "glow", "--creator", "ava", "--json",
                                 "--baseline", str(roster_file), "--time-limit", str(TIME)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["stats"]["solves"] == 1 and printed["fee_change"] == 200


def test_cli_impossible_is_exit_3_and_still_written(tmp_path):
    src = tmp_path / "tied.json"
    src.write_text(json.dumps(tied_up()))
    out = tmp_path / "why.json"
    result = runner.invoke(app, ["why", str(src), "--campaign", "glow", "--creator", "ava", "-o", str(out),
                                 "--time-limit", str(TIME), "-q"])
    assert result.exit_code == 3, result.output
    assert json.loads(out.read_text())["possible"] is False


def test_cli_bad_input_is_exit_2_naming_the_path(tmp_path):
    src = tmp_path / "tiny.json"
    src.write_text(json.dumps(tiny()))
    out = tmp_path / "why.json"
    result = runner.invoke(app, ["why", str(src), "--campaign", "glow", "--creator", "zed", "-o", str(out)])
    assert result.exit_code == 2 and "creator: no creator with id 'zed'" in result.output
    assert not out.exists()
    foreign = tmp_path / "foreign.json"
    foreign.write_text(dump_json(solve_checked(budget_or_cap("max"), time_limit_s=TIME)))
    result = runner.invoke(app, ["why", str(src), "--campaign", "glow", "--creator", "ava",
                                 "--baseline", str(foreign)])
    assert result.exit_code == 2 and "invalid baseline roster" in result.output


def test_schema_why():
    result = runner.invoke(app, ["schema", "why"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["properties"]["format"]["const"] == "why/1"
    assert {"possible", "reasons", "displaced", "explanation"} <= set(schema["properties"])
    assert set(schema["$defs"]["Reason"]["properties"]) == {"path", "rule", "creator", "campaign", "message"}


# --- (f) over HTTP ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_why_job_over_http(tmp_path):
    settings = ServerSettings(database_url=f"sqlite:///{tmp_path / 'roster.db'}", max_time_limit_s=30)
    document = budget_or_cap("budget")
    with TestClient(create_app(settings), base_url="http://localhost") as client:
        sid = client.post("/scenarios", json=document).json()["id"]
        r = client.post(f"/scenarios/{sid}/why", json={"campaign": "glow", "creator": "zed"})
        assert r.status_code == 422 and [e["path"] for e in r.json()["errors"]] == ["creator"]
        r = client.post(f"/scenarios/{sid}/why", json={"campaign": "nope", "creator": "ava", "baseline": "x"})
        assert r.status_code == 422 and [e["path"] for e in r.json()["errors"]] == ["campaign", "baseline"]

        r = client.post(f"/scenarios/{sid}/why", json={"campaign": "glow", "creator": "ava", "time_limit_s": TIME})
        assert r.status_code == 202 and r.headers["location"].startswith("/jobs/")
        job = wait(client, r.json()["id"])
        assert job["status"] == "done" and job["kind"] == "why", job
        assert job["time_limit_s"] == TIME  # each solve's limit; the budget counts the baseline, then the forced solve
        assert job["budget_s"] == run_rules.why_budget(TIME, has_baseline=False).seconds
        answer = WhyDocument.model_validate(client.get(f"/jobs/{job['id']}/result").json())
        checked(scenario_from_data(document), answer)
        assert (answer.possible, answer.value_change, answer.stats["solves"]) == (True, -15000, 2)

        solved = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": TIME}).json()["id"])
        assert solved["status"] == "done"
        r = client.post(f"/scenarios/{sid}/why", json={"campaign": "glow", "creator": "ava", "baseline": solved["id"],
                                                       "time_limit_s": TIME})
        job = wait(client, r.json()["id"])
        assert job["status"] == "done", job
        answer = WhyDocument.model_validate(client.get(f"/jobs/{job['id']}/result").json())
        checked(scenario_from_data(document), answer)
        assert (answer.value_change, answer.stats["solves"]) == (-15000, 1)
