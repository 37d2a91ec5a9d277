"""A what-if's re-plan and a negotiation option on the timeline, their changes marked; a what-if accepted."""

from __future__ import annotations

import json

from creator_roster.models import load_roster, load_scenario
from creator_roster.models.changes import load_changes
from creator_roster.planning.changes import apply_changes
from creator_roster.rules.validate import validate

from .test_api import EXAMPLES, PRIOR, add, client, wait  # noqa: F401 - client is a fixture

FREE_AVA = {"format": "changes/1", "changes": [{"op": "remove", "path": "commitments/ava-sunbrite-2027"},
                                               {"op": "set", "path": "campaigns/glow-april/window/end",
                                                "value": "2027-04-20"}]}


def solved_whatif(client, changes=FREE_AVA) -> tuple[str, dict, dict]:  # noqa: F811
    sid = add(client)
    assert wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5}).json()["id"])["status"] == "done"
    job = wait(client, client.post(f"/scenarios/{sid}/what-if", json={"changes": changes, "time_limit_s": 5}).json()["id"])
    assert job["status"] == "done", job
    return sid, job, client.get(f"/jobs/{job['id']}/result").json()


def shown_bookings(timeline: dict) -> dict:
    return {(c["id"], b["campaign"]): b for c in timeline["creators"] for b in c["bookings"]}


def test_a_what_if_is_drawn_on_the_changed_scenario_with_its_added_moved_and_removed_bookings(client):  # noqa: F811
    sid, job, diff = solved_whatif(client)
    changed, _ = apply_changes(load_scenario(PRIOR), load_changes(FREE_AVA))
    assert validate(changed, load_roster(diff["roster"])) == []
    drawn = client.get(f"/scenarios/{sid}/timeline", params={"job": job["id"]}).json()
    glow_april = next(k for k in drawn["campaigns"] if k["id"] == "glow-april")
    assert glow_april["window"]["end"] == "2027-04-20"  # the changed scenario, not the stored one
    assert all(m["id"] != "ava-sunbrite-2027" for c in drawn["creators"] for m in c["commitments"])
    bookings = shown_bookings(drawn)
    assert {k: sorted(b["posts"]) for k, b in bookings.items()} == {
        (a["creator"], a["campaign"]): sorted(a["posts"]) for a in diff["roster"]["assignments"]}
    assert {k for k, b in bookings.items() if b["change"] == "added"} == {(a["creator"], a["campaign"]) for a in diff["added"]}
    moved = {(m["creator"], m["campaign"]): m["old_posts"] for m in diff["moved"]}
    assert {k: b["was_posts"] for k, b in bookings.items() if b["change"] == "moved"} == moved
    compare = drawn["compare"]
    assert compare["kind"] == "what-if" and compare["job"] == job["id"]
    assert [(r["creator"], r["campaign"], r["posts"]) for r in compare["removed"]] == [
        (r["creator"], r["campaign"], r["posts"]) for r in diff["removed"]]
    assert (compare["added"], compare["moved"], compare["kept"]) == (len(diff["added"]), len(diff["moved"]), diff["kept"])
    assert compare["objective_delta"] == diff["objective_delta"] and diff["added"]  # ava is free for the US now
    export = client.get(f"/scenarios/{sid}/export", params={"job": job["id"]})
    assert export.status_code == 200 and export.text.count("\n") == 1 + sum(
        len(a["posts"]) for a in diff["roster"]["assignments"])


def test_an_accepted_what_if_is_the_next_version_with_its_re_plan_as_the_roster_of_record(client):  # noqa: F811
    sid, job, diff = solved_whatif(client)
    r = client.post(f"/scenarios/{sid}/accept", json={"job": job["id"]})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["version"] == 2 and r.headers["ETag"] == '"2"'
    stored = client.get(f"/scenarios/{sid}").json()
    changed, _ = apply_changes(load_scenario(PRIOR), load_changes(FREE_AVA))
    assert load_scenario(stored) == changed
    drawn = client.get(f"/scenarios/{sid}/timeline").json()  # the roster of record of version 2
    assert drawn["roster"]["job"] == answer["roster_job"]
    roster = load_roster(client.get(f"/jobs/{answer['roster_job']}/result").json())
    assert roster == load_roster(diff["roster"]) and validate(changed, roster) == []
    # the deal check now counts the re-plan's bookings
    check = client.post("/check", json={"scenario": sid, "deal": {
        "creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"], "platforms": ["instagram"],
        "posts": [min(a["posts"][0] for a in diff["roster"]["assignments"] if a["creator"] == "ava")]}}).json()
    assert check["roster_job"] == answer["roster_job"]
    again = client.post(f"/scenarios/{sid}/accept", json={"job": job["id"]})
    assert again.status_code == 409 and "version 1" in again.json()["detail"]


def test_accept_refuses_what_is_not_a_what_if_of_the_scenario_and_a_stale_if_match(client):  # noqa: F811
    sid, job, _ = solved_whatif(client)
    solve = client.get("/jobs", params={"scenario": sid}).json()
    solve_id = next(j["id"] for j in solve if j["kind"] == "solve")
    r = client.post(f"/scenarios/{sid}/accept", json={"job": solve_id})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "job"
    other = add(client)
    assert client.post(f"/scenarios/{other}/accept", json={"job": job["id"]}).status_code == 422
    assert client.post(f"/scenarios/{sid}/accept", json={"job": job["id"]}, headers={"If-Match": '"7"'}).status_code == 409
    assert client.get(f"/scenarios/{sid}").headers["X-Scenario-Version"] == "1"  # nothing stored


def test_each_option_is_drawn_under_its_clause_against_the_requested_one(client):  # noqa: F811
    document = json.loads((EXAMPLES / "04-phased-launch-clause.json").read_text())
    sid = add(client, document)
    job = wait(client, client.post(f"/scenarios/{sid}/options", json={"campaign": "glow-launch",
                                                                      "time_limit_s": 2}).json()["id"], timeout=120)
    assert job["status"] == "done", job
    doc = client.get(f"/jobs/{job['id']}/result").json()
    scenario = load_scenario(document)
    requested = next(o for o in doc["options"] if o["name"] == "requested")
    for option in (o for o in doc["options"] if o["objective"] is not None):
        drawn = client.get(f"/scenarios/{sid}/timeline", params={"job": job["id"], "option": option["name"]}).json()
        under, _ = apply_changes(scenario, load_changes(option["changes"]))
        assert validate(under, load_roster(option["roster"])) == []
        bookings = shown_bookings(drawn)
        assert {k: sorted(b["posts"]) for k, b in bookings.items()} == {
            (a["creator"], a["campaign"]): sorted(a["posts"]) for a in option["roster"]["assignments"]}
        if option["name"] == "requested":
            assert drawn["compare"] is None
            continue
        before = {(a["creator"], a["campaign"]): sorted(a["posts"]) for a in requested["roster"]["assignments"]}
        assert {k for k, b in bookings.items() if b["change"] == "added"} == set(bookings) - set(before)
        assert {(r["creator"], r["campaign"]) for r in drawn["compare"]["removed"]} == set(before) - set(bookings)
        assert drawn["compare"]["option"] == option["name"] and drawn["compare"]["against"] == "the requested clause"
        levels = [p["level"] for p in (option["exclusivity"] or {}).get("phases", [])]
        assert all([p["level"] for p in b["phases"]] == levels for k, b in bookings.items() if k[1] == "glow-launch")
    recommended = client.get(f"/scenarios/{sid}/timeline", params={"job": job["id"]}).json()
    assert (recommended["compare"] or {}).get("option", "requested") == doc["recommended"]
    r = client.get(f"/scenarios/{sid}/timeline", params={"job": job["id"], "option": "nope"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "option"
