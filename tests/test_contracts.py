"""From check to contract: a deal signed as a commitment, a roster's booking signed as locked.

The document edits (planning.contracts) on tiny scenarios, the HTTP round trips
(POST /scenarios/{id}/commitments and /lock, guarded by If-Match), and the CLI
equivalents (roster commit-deal, roster lock). Every roster goes through the validator.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from creator_roster.api.app import create_app
from creator_roster.api.cli import app as cli_app
from creator_roster.models import DocumentError, Roster, load_roster, load_scenario, scenario_from_data
from creator_roster.models.enforcement import Deal
from creator_roster.models.paths import ROOT
from creator_roster.planning.contracts import check_roster, commit_deal, lock_booking, locked_path
from creator_roster.rules.enforce import Enforcer
from creator_roster.rules.must_haves import must_haves

from .builders import campaign, tiny
from .conftest import assert_valid, solve_checked
from .test_api import settings, wait

# ava's signed sunbrite deal: category exclusivity over the first ten days of March
SIGNED = {"creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
          "platforms": ["instagram"], "posts": ["2027-03-03"],
          "exclusivity": {"phases": [{"level": "category", "start": "2027-03-01", "end": "2027-03-10"}]}}
# glowco competes with sunbrite: a rival deal inside that window
RIVAL = {"creator": "ava", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "posts": ["2027-03-05"]}


def one_slot() -> dict:
    """glow takes one creator (ava, the bigger audience), sun takes both: ben is not on glow."""
    return tiny(campaigns=[campaign("glow", "glowco", creators={"min": 1, "max": 1}), campaign("sun", "sunbrite")])


def paths(error: DocumentError) -> list[str]:
    return [i.path for i in error.issues]


def moved(roster: Roster, creator: str, campaign_id: str, day: str) -> Roster:
    """The roster with one booking's single post on another day (still valid: the fees do not depend on days)."""
    document = roster.to_document()
    for a in document["assignments"]:
        if (a["creator"], a["campaign"]) == (creator, campaign_id):
            a["posts"] = [day]
    return load_roster(document)


# --- the document edits ---------------------------------------------------------------------

def test_a_committed_deal_is_a_checked_commitment_that_blocks_its_rivals():
    before = scenario_from_data(tiny())
    assert Enforcer(before).check(Deal.model_validate(RIVAL)).allowed
    after = commit_deal(before, Deal.model_validate(SIGNED), "ava-sun")
    assert after.to_document()["commitments"] == [{"id": "ava-sun", **SIGNED}]
    assert before.commitments == []  # the input is not changed
    answer = Enforcer(after).check(Deal.model_validate(RIVAL))
    assert not answer.allowed
    assert [(c.kind, c.with_, c.phase) for c in answer.conflicts] == [
        ("exclusivity", "ava-sun", "commitments[0].exclusivity.phases[0]")]
    roster = solve_checked(after)  # ava's only free days for glow are inside the clause: she is not booked on it
    assert not any(a.creator == "ava" and a.campaign == "glow" for a in roster.assignments)


def test_a_deal_that_conflicts_with_what_is_signed_is_refused_unless_forced():
    signed = commit_deal(scenario_from_data(tiny()), Deal.model_validate(SIGNED), "ava-sun")
    rival = Deal.model_validate({**RIVAL, "posts": ["2027-03-03", "2027-03-05"],
                                 "exclusivity": {"phases": [{"level": "competitors", "start": "2027-03-01",
                                                             "end": "2027-03-09"}]}})
    with pytest.raises(DocumentError) as caught:
        commit_deal(signed, rival, "ava-glow")
    found = paths(caught.value)
    # its posts in the signed clause and on the signed day; the signed post inside its own clause; the hint
    assert found.count("deal.posts[0]") == 2 and "deal.exclusivity.phases[0]" in found and found[-1] == "deal"
    assert "commitments[0].exclusivity.phases[0]" in caught.value.issues[0].message
    assert "force" in caught.value.issues[-1].message
    forced = commit_deal(signed, rival, "ava-glow", force=True)
    assert [c.id for c in forced.commitments] == ["ava-sun", "ava-glow"]
    # a breach between commitments is pre-existing: a warning of every roster, never an error
    roster = solve_checked(forced)
    assert roster.status == "optimal" and roster.warnings


def test_bad_deals_and_ids_name_their_fields():
    scenario = commit_deal(scenario_from_data(tiny()), Deal.model_validate(SIGNED), "ava-sun")
    with pytest.raises(DocumentError) as caught:
        commit_deal(scenario, Deal.model_validate({**RIVAL, "creator": "zoe", "platforms": ["myspace"]}), "ava-sun")
    assert paths(caught.value) == ["deal.creator", "deal.platforms[0]", "id"]
    assert "already used by commitments[0]" in caught.value.issues[-1].message
    with pytest.raises(DocumentError) as caught:  # a deal file is its own document: paths from its root
        commit_deal(scenario, Deal.model_validate({**RIVAL, "posts": ["2027-03-20", "2027-03-20"]}), "",
                    deal_path=ROOT)
    assert paths(caught.value) == ["posts[1]", "id"]


def test_a_locked_booking_keeps_the_rosters_days_in_every_later_roster():
    scenario = scenario_from_data(one_slot())
    roster = solve_checked(scenario)
    assert [a.posts for a in roster.assignments if (a.creator, a.campaign) == ("ava", "glow")] == [
        [dt.date(2027, 3, 2)]]  # the solver's own (earliest) day
    planned = moved(roster, "ava", "glow", "2027-03-05")  # a valid roster, not the solver's own choice of day
    assert_valid(scenario, planned)
    signed = lock_booking(scenario, planned, "glow", "ava")
    assert str(locked_path(signed, "glow", "ava")) == "campaigns[0].locked[0]"
    assert signed.to_document()["campaigns"][0]["locked"] == [{"creator": "ava", "posts": ["2027-03-05"]}]
    assert [m.kind for m in must_haves(signed)] == ["locked"]
    again = solve_checked(signed)
    assert [(a.campaign, [d.isoformat() for d in a.posts]) for a in again.assignments if a.creator == "ava"] == [
        ("glow", ["2027-03-05"]), ("sun", ["2027-03-01"])]


def test_lock_errors_name_their_fields():
    scenario = scenario_from_data(one_slot())
    roster = solve_checked(scenario)
    cases = [("nope", "zoe", ["campaign", "creator"], "unknown"),
             ("glow", "ben", ["creator"], "does not book ben on glow (it books ava)")]
    for campaign_id, creator_id, where, words in cases:
        with pytest.raises(DocumentError) as caught:
            lock_booking(scenario, roster, campaign_id, creator_id)
        assert paths(caught.value) == where and words in caught.value.issues[-1].message
        assert caught.value.document == "lock request"
    signed = lock_booking(scenario, roster, "glow", "ava")
    with pytest.raises(DocumentError) as caught:
        lock_booking(signed, solve_checked(signed), "glow", "ava")
    assert paths(caught.value) == ["creator"] and "campaigns[0].locked[0]" in caught.value.issues[0].message
    # a roster that is not valid for the scenario (ava twice on 03-01) cannot be signed from
    with pytest.raises(DocumentError) as caught:
        lock_booking(scenario, moved(roster, "ava", "glow", "2027-03-01"), "glow", "ava")
    assert caught.value.document == "roster" and paths(caught.value)[0] == "assignments"
    with pytest.raises(DocumentError) as caught:
        check_roster(scenario, roster.model_copy(update={"status": "infeasible", "assignments": [],
                                                         "objective": None, "bound": None}))
    assert paths(caught.value) == ["status"]


# --- HTTP --------------------------------------------------------------------------------------

@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings(tmp_path, max_time_limit_s=30)), base_url="http://localhost") as c:
        yield c


def add(client, document: dict) -> str:
    r = client.post("/scenarios", json=document)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def check(client, sid: str, deal: dict) -> dict:
    r = client.post("/check", json={"scenario": sid, "deal": deal})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_deal_committed_over_http_blocks_a_rival_in_check(client):
    sid = add(client, tiny())
    assert check(client, sid, RIVAL)["allowed"]
    r = client.post(f"/scenarios/{sid}/commitments", json={"id": "ava-sun", "deal": SIGNED},
                    headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": sid, "version": 2, "path": "commitments[0]"} and r.headers["etag"] == '"2"'
    stored = client.get(f"/scenarios/{sid}").json()
    assert stored["commitments"] == [{"id": "ava-sun", **SIGNED}]
    answer = check(client, sid, RIVAL)
    assert not answer["allowed"] and answer["scenario_version"] == 2
    assert [(c["with"], c["phase"]) for c in answer["conflicts"]] == [
        ("ava-sun", "commitments[0].exclusivity.phases[0]")]
    # signing the rival is refused by field (422), unless forced
    r = client.post(f"/scenarios/{sid}/commitments", json={"id": "ava-glow", "deal": RIVAL},
                    headers={"If-Match": '"2"'})
    assert r.status_code == 422
    assert [e["path"] for e in r.json()["errors"]] == ["deal.posts[0]", "deal"]
    r = client.post(f"/scenarios/{sid}/commitments", json={"id": "ava-glow", "deal": RIVAL, "force": True},
                    headers={"If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["path"] == "commitments[1]"


def test_commitments_need_a_current_if_match_and_a_good_body(client):
    sid = add(client, tiny())
    body = {"id": "ava-sun", "deal": SIGNED}
    url = f"/scenarios/{sid}/commitments"
    assert client.post(url, json=body).status_code == 428
    assert client.post(url, json=body, headers={"If-Match": "*"}).status_code == 428
    assert client.post(url, json=body, headers={"If-Match": "soon"}).status_code == 409
    assert client.post("/scenarios/nope/commitments", json=body, headers={"If-Match": '"1"'}).status_code == 404
    stale = client.post(url, json=body, headers={"If-Match": '"7"'})
    assert stale.status_code == 409 and "version 1" in stale.json()["detail"] and stale.headers["etag"] == '"1"'
    assert client.post(url, json=body, headers={"If-Match": 'W/"1"'}).status_code == 200
    # the same body again on the new version: the id is taken
    again = client.post(url, json=body, headers={"If-Match": '"1"'})
    assert again.status_code == 409
    again = client.post(url, json=body, headers={"If-Match": '"2"'})
    assert again.status_code == 422 and [e["path"] for e in again.json()["errors"]] == ["id"]
    bad = client.post(url, json={"id": "x", "deal": {**SIGNED, "brand": "nobody", "posts": ["2027-02-30"]},
                                 "colour": 1}, headers={"If-Match": '"2"'})
    assert bad.status_code == 422
    assert {e["path"] for e in bad.json()["errors"]} == {"deal.posts[0]", "colour"}
    bad = client.post(url, json={"id": "x", "deal": {**RIVAL, "brand": "nobody"}}, headers={"If-Match": '"2"'})
    assert bad.status_code == 422 and [e["path"] for e in bad.json()["errors"]] == ["deal.brand"]
    assert [v["version"] for v in client.get(f"/scenarios/{sid}/versions").json()] == [1, 2]


def test_lock_signs_a_booking_of_the_roster_of_record(client):
    document = one_slot()
    sid = add(client, document)
    url = f"/scenarios/{sid}/lock"
    r = client.post(url, json={"campaign": "glow", "creator": "ava"}, headers={"If-Match": '"1"'})
    assert r.status_code == 409 and "no roster of record" in r.json()["detail"]
    assert client.post(url, json={"campaign": "glow", "creator": "ava"}).status_code == 428

    job = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5, "workers": 1}).json()["id"])
    assert job["status"] == "done", job
    roster = load_roster(client.get(f"/jobs/{job['id']}/result").content)
    assert_valid(load_scenario(document), roster)
    days = [[d.isoformat() for d in a.posts] for a in roster.assignments if (a.creator, a.campaign) == ("ava", "glow")]
    assert len(days) == 1

    for body, where in (({"campaign": "nope", "creator": "ava"}, ["campaign"]),
                        ({"campaign": "glow", "creator": "zoe"}, ["creator"]),
                        ({"campaign": "glow", "creator": "ben"}, ["creator"]),  # not booked on glow
                        ({"campaign": "glow"}, ["creator"])):
        r = client.post(url, json=body, headers={"If-Match": '"1"'})
        assert r.status_code == 422 and [e["path"] for e in r.json()["errors"]] == where, r.text
    r = client.post(url, json={"campaign": "glow", "creator": "ava"}, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": sid, "version": 2, "path": "campaigns[0].locked[0]"}
    assert client.post(url, json={"campaign": "sun", "creator": "ava"}, headers={"If-Match": '"1"'}).status_code == 409
    new = client.get(f"/scenarios/{sid}").json()
    assert new["campaigns"][0]["locked"] == [{"creator": "ava", "posts": days[0]}]

    # the new version's solve keeps the signed booking on its days; locking it twice is refused by path
    job = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5, "workers": 1}).json()["id"])
    assert job["status"] == "done", job
    again = load_roster(client.get(f"/jobs/{job['id']}/result").content)
    assert_valid(load_scenario(new), again)
    assert [[d.isoformat() for d in a.posts] for a in again.assignments
            if (a.creator, a.campaign) == ("ava", "glow")] == days
    r = client.post(url, json={"campaign": "glow", "creator": "ava"}, headers={"If-Match": '"2"'})
    assert r.status_code == 422 and "campaigns[0].locked[0]" in r.json()["errors"][0]["message"]
    r = client.post(url, json={"campaign": "sun", "creator": "ben"}, headers={"If-Match": '"2"'})
    assert r.status_code == 200 and r.json()["path"] == "campaigns[1].locked[0]"


def test_an_infeasible_roster_of_record_has_nothing_to_lock(client):
    document = tiny(campaigns=[campaign("glow", "glowco", required=True, excluded_creators=["ava", "ben"])])
    sid = add(client, document)
    job = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5, "workers": 1}).json()["id"])
    assert job["status"] == "done", job
    assert_valid(load_scenario(document), load_roster(client.get(f"/jobs/{job['id']}/result").content))
    r = client.post(f"/scenarios/{sid}/lock", json={"campaign": "glow", "creator": "ava"}, headers={"If-Match": '"1"'})
    assert r.status_code == 409 and [e["path"] for e in r.json()["errors"]] == ["status"]


# --- CLI -----------------------------------------------------------------------------------------

runner = CliRunner()


def run_cli(*args: str):
    result = runner.invoke(cli_app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def write(path, document) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_commit_deal_cli_round_trip(tmp_path):
    scenario = write(tmp_path / "s.json", tiny())
    original = (tmp_path / "s.json").read_text()
    out = tmp_path / "s2.json"
    result = run_cli("commit-deal", scenario, write(tmp_path / "deal.json", SIGNED), "--id", "ava-sun", "-o", out)
    assert result.exit_code == 0, result.output
    assert "commitments[0]" in result.output and (tmp_path / "s.json").read_text() == original
    signed = load_scenario(out)
    assert [c.id for c in signed.commitments] == ["ava-sun"]
    assert not Enforcer(signed).check(Deal.model_validate(RIVAL)).allowed

    rival = write(tmp_path / "rival.json", RIVAL)
    refused = run_cli("commit-deal", out, rival, "--id", "ava-glow", "-o", tmp_path / "s3.json")
    assert refused.exit_code == 2 and "posts[0]:" in refused.output and "--force" in refused.output
    assert not (tmp_path / "s3.json").exists()
    taken = run_cli("commit-deal", out, rival, "--id", "ava-sun", "--force", "-o", tmp_path / "s3.json")
    assert taken.exit_code == 2 and "id: commitment id 'ava-sun' is already used" in taken.output
    # -o may name the input: then, and only then, it is edited in place
    forced = run_cli("commit-deal", out, rival, "--id", "ava-glow", "--force", "-o", out)
    assert forced.exit_code == 0, forced.output
    assert [c.id for c in load_scenario(out).commitments] == ["ava-sun", "ava-glow"]
    printed = run_cli("commit-deal", scenario, rival, "--id", "ava-glow", "-o", "-", "-q")
    assert printed.exit_code == 0 and json.loads(printed.stdout)["commitments"][0]["id"] == "ava-glow"


def test_commit_deal_cli_bad_input_exits_2_naming_the_path(tmp_path):
    scenario = write(tmp_path / "s.json", tiny())
    out = tmp_path / "out.json"
    for deal, where in (({**SIGNED, "posts": ["2027-02-30"]}, "posts[0]"),
                        ({**SIGNED, "colour": "red"}, "colour"),
                        ({**SIGNED, "category": "nothing"}, "category"),
                        ([SIGNED], "a deal document must be a JSON object")):
        result = run_cli("commit-deal", scenario, write(tmp_path / "deal.json", deal), "--id", "x", "-o", out)
        assert result.exit_code == 2 and where in result.output and "Traceback" not in result.output, result.output
    result = run_cli("commit-deal", scenario, tmp_path / "missing.json", "--id", "x", "-o", out)
    assert result.exit_code == 2 and "file not found" in result.output
    assert not out.exists()


def test_lock_cli_round_trip_and_errors(tmp_path):
    scenario = write(tmp_path / "s.json", one_slot())
    planned = moved(solve_checked(one_slot()), "ava", "glow", "2027-03-05")
    roster = write(tmp_path / "r.json", planned.to_document())
    out = tmp_path / "locked.json"
    result = run_cli("lock", scenario, roster, "--campaign", "glow", "--creator", "ava", "-o", out)
    assert result.exit_code == 0, result.output
    assert "campaigns[0].locked[0]" in result.output and "2027-03-05" in result.output
    signed = load_scenario(out)
    assert signed.to_document()["campaigns"][0]["locked"] == [{"creator": "ava", "posts": ["2027-03-05"]}]
    again = solve_checked(signed)
    assert [[d.isoformat() for d in a.posts] for a in again.assignments
            if (a.creator, a.campaign) == ("ava", "glow")] == [["2027-03-05"]]

    for args, words in ((["--campaign", "nope", "--creator", "ava"], "campaign: unknown campaign 'nope'"),
                        (["--campaign", "glow", "--creator", "ben"], "creator: the roster does not book ben")):
        result = run_cli("lock", scenario, roster, *args, "-o", tmp_path / "x")
        assert result.exit_code == 2 and words in result.output, result.output
    invalid = write(tmp_path / "bad.json", moved(planned, "ava", "glow", "2027-03-01").to_document())
    result = run_cli("lock", scenario, invalid, "--campaign", "glow", "--creator", "ava", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "invalid roster" in result.output and "assignments:" in result.output
    already = run_cli("lock", out, roster, "--campaign", "glow", "--creator", "ava", "-o", tmp_path / "x")
    assert already.exit_code == 2 and "already has a signed booking" in already.output
    assert not (tmp_path / "x").exists()
