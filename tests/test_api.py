"""The HTTP service in-process, through httpx (FastAPI's TestClient): documents, jobs, enforcement, access."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar as ICal

from creator_roster.api.app import create_app
from creator_roster.api.settings import ServerSettings
from creator_roster.models import load_roster, load_scenario
from creator_roster.rules.validate import validate

EXAMPLES = Path(__file__).parent / "data" / "examples"
PRIOR = json.loads((EXAMPLES / "07-prior-commitments.json").read_text())
AVA_GLOW = {"creator": "ava", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
            "platforms": ["instagram"], "posts": ["2027-04-10"]}


_DATABASES: dict[Path, str] = {}  # tmp_path -> the database this test runs on


@pytest.fixture(autouse=True)
def _every_test_on_both_databases(database_url, tmp_path):
    """Each test of this module runs on SQLite and on a real PostgreSQL server (tests/postgres.py)."""
    _DATABASES[tmp_path] = database_url
    yield
    _DATABASES.pop(tmp_path, None)


def settings(tmp_path, **more) -> ServerSettings:
    url = _DATABASES.get(tmp_path, f"sqlite:///{tmp_path / 'roster.db'}")
    return ServerSettings(database_url=url, **more)


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(settings(tmp_path, max_time_limit_s=30, batch_dir=str(tmp_path / "batches"))), base_url="http://localhost") as c:
        yield c


def add(client, document=PRIOR) -> str:
    r = client.post("/scenarios", json=document)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def wait_for(client, job_id: str, reached, timeout: float = 60) -> dict:
    """Poll the job until ``reached(job)``; past the deadline, fail saying every status seen on the way."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while True:
        job = client.get(f"/jobs/{job_id}").json()
        if not seen or seen[-1] != job["status"]:
            seen.append(job["status"])
        if reached(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} did not get there in {timeout:g} s; statuses seen: {seen}; "
                                 f"last: {job}")
        time.sleep(0.05)


def wait(client, job_id: str, timeout: float = 60) -> dict:
    return wait_for(client, job_id, lambda job: job["status"] in ("done", "failed", "cancelled"), timeout)


# --- scenarios -----------------------------------------------------------------------------

def test_scenario_versions_are_kept_and_stale_updates_conflict(client):
    sid = add(client)
    r = client.get(f"/scenarios/{sid}")
    assert r.status_code == 200 and r.headers["etag"] == '"1"'
    assert r.json()["name"] == PRIOR["name"] and len(r.json()["commitments"]) == 2

    changed = copy.deepcopy(PRIOR)
    changed["name"] = "v2"
    r = client.put(f"/scenarios/{sid}", json=changed, headers={"If-Match": '"1"'})
    assert r.status_code == 200 and r.json() == {"id": sid, "version": 2}
    stale = client.put(f"/scenarios/{sid}", json=changed, headers={"If-Match": '"1"'})
    assert stale.status_code == 409 and "version 2" in stale.json()["detail"]

    assert client.get(f"/scenarios/{sid}").json()["name"] == "v2"
    assert client.get(f"/scenarios/{sid}", params={"version": 1}).json()["name"] == PRIOR["name"]
    assert [v["version"] for v in client.get(f"/scenarios/{sid}/versions").json()] == [1, 2]
    assert [s["id"] for s in client.get("/scenarios").json()] == [sid]

    assert client.delete(f"/scenarios/{sid}").status_code == 204
    assert client.get(f"/scenarios/{sid}").status_code == 404
    assert client.delete(f"/scenarios/{sid}").status_code == 404


def test_invalid_scenarios_get_422_with_field_paths(client):
    bad = copy.deepcopy(PRIOR)
    bad["campaigns"][1]["brand"] = "nobody"
    bad["creators"][0]["engagement_rate"] = 2
    r = client.post("/scenarios", json=bad)
    assert r.status_code == 422
    paths = {e["path"] for e in r.json()["errors"]}
    assert "creators[0].engagement_rate" in paths or "campaigns[1].brand" in paths
    r = client.post("/scenarios", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == ""
    assert client.post("/scenarios", content=b"", headers={"content-type": "application/json"}).status_code == 422
    assert client.put("/scenarios/nope", json=PRIOR).status_code == 404


def test_size_limits(tmp_path):
    with TestClient(create_app(settings(tmp_path, max_body_bytes=4000, max_creators=2)), base_url="http://localhost") as c:
        r = c.post("/scenarios", json={**PRIOR, "name": "x" * 5000})
        assert r.status_code == 413
        r = c.post("/scenarios", json=PRIOR)  # three creators
        assert r.status_code == 422
        assert r.json()["errors"][0]["path"] == "creators"


def test_bodies_parsed_on_the_event_loop_are_kept_small(tmp_path):
    """A scenario may be large (it is parsed in a thread); any other body stays under max_request_bytes."""
    with TestClient(create_app(settings(tmp_path, max_request_bytes=2048)), base_url="http://localhost") as c:
        sid = c.post("/scenarios", json={**PRIOR, "name": "x" * 5000}).json()["id"]  # 5 KB: a document, fine
        deal = {**AVA_GLOW, "category": "y" * 3000}
        r = c.post("/check", json={"scenario": sid, "deal": deal})
        assert r.status_code == 413 and "2048" in r.json()["detail"]
        assert c.post("/check", json={"scenario": sid, "deal": AVA_GLOW}).status_code == 200


# --- jobs ----------------------------------------------------------------------------------

def test_solve_job_runs_in_a_worker_and_its_roster_is_valid(client):
    sid = add(client)
    r = client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5, "workers": 1})
    assert r.status_code == 202 and r.json()["status"] == "queued"
    job = wait(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["progress"]["objective"] == 28000 and job["progress"]["bound"] == 28000
    roster = load_roster(client.get(f"/jobs/{job['id']}/result").content)
    assert validate(load_scenario(PRIOR), roster) == []
    assert (roster.status, roster.objective) == ("optimal", 28000)

    events = client.get(f"/jobs/{job['id']}/events").text
    assert "event: status" in events and "event: end" in events and '"objective": 28000' in events

    # the deal check now counts the roster's bookings too
    answer = client.post("/check", json={"scenario": sid, "deal": AVA_GLOW}).json()
    assert answer["roster_job"] == job["id"]


def test_job_errors(client):
    sid = add(client)
    assert client.get("/jobs/nope").status_code == 404
    assert client.get("/jobs/nope/result").status_code == 404
    assert client.delete("/jobs/nope").status_code == 404
    assert client.post("/scenarios/nope/solve", json={}).status_code == 404
    r = client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 31})
    assert r.status_code == 422 and r.json()["errors"] == [{"path": "time_limit_s", "message": r.json()["errors"][0]["message"]}]
    r = client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": -1, "speed": 2})
    assert r.status_code == 422
    assert {e["path"] for e in r.json()["errors"]} == {"time_limit_s", "speed"}


def test_cancel_queued_and_running_jobs(client):
    from creator_roster.scenarios.generate import generate

    # an L season is nowhere near proved in 20 s (README: 33-40 s), so the first job is surely still running
    sid = add(client, generate(creators=300, campaigns=40, days=270, seed=3))
    first = client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 20}).json()["id"]
    second = client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 20}).json()["id"]
    # one job at a time: the second waits in the queue
    r = client.delete(f"/jobs/{second}")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    seen = wait_for(client, first, lambda job: job["status"] != "queued", timeout=30)
    assert seen["status"] == "running", seen
    r = client.delete(f"/jobs/{first}")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert client.get(f"/jobs/{first}/result").status_code == 409
    assert client.delete(f"/jobs/{second}").status_code == 409


def test_options_job(client):
    sid = add(client)
    r = client.post(f"/scenarios/{sid}/options", json={"campaign": "nope"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "campaign"
    r = client.post(f"/scenarios/{sid}/options", json={"campaign": "glow-april", "time_limit_s": 2})
    assert r.status_code == 202
    job = wait(client, r.json()["id"], timeout=120)
    assert job["status"] == "done", job
    document = client.get(f"/jobs/{job['id']}/result").json()
    assert document["format"].startswith("options/") and document["perspective"] == "brand"
    r = client.post(f"/scenarios/{sid}/options", json={"campaign": "glow-april", "perspective": "agency"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "perspective"
    r = client.post(f"/scenarios/{sid}/options", json={"campaign": "glow-april", "time_limit_s": 2,
                                                        "perspective": "season"})
    season = client.get(f"/jobs/{wait(client, r.json()['id'], timeout=120)['id']}/result").json()
    assert season["perspective"] == "season"
    week = {"phases": [{"level": "full", "from": {"anchor": "first_post"},
                        "to": {"anchor": "first_post", "offset_days": 6}}]}
    r = client.post(f"/scenarios/{sid}/options", json={"campaign": "glow-april", "variants": {
        "full": week, "mars": {"phases": [{**week["phases"][0], "regions": ["MARS"]}]}}})
    assert r.status_code == 422
    assert sorted(e["path"] for e in r.json()["errors"]) == ["variants.full", "variants.mars.phases[0].regions[0]"]
    r = client.post(f"/scenarios/{sid}/options", json={"campaign": "glow-april", "time_limit_s": 2,
                                                        "variants": {"launch-week": week}})
    mine = client.get(f"/jobs/{wait(client, r.json()['id'], timeout=120)['id']}/result").json()["options"][-1]
    assert mine["name"] == "launch-week" and mine["custom"] is True and mine["exclusivity"]["phases"][0]["to"] == \
        {"anchor": "first_post", "offset_days": 6}
    job_id = r.json()["id"]
    sheet = client.get(f"/jobs/{job_id}/offer", params={"format": "pdf"})
    assert sheet.status_code == 200 and sheet.headers["content-type"] == "application/pdf"
    assert sheet.content.startswith(b"%PDF")
    page = client.get(f"/jobs/{job_id}/offer")
    assert page.headers["content-type"].startswith("text/html") and "launch-week" in page.text
    assert "glow-april" in page.text and "ava-sunbrite-2027" not in page.text  # not another brand's deal
    rows = client.get(f"/jobs/{job_id}/offer", params={"format": "csv"})
    assert rows.headers["content-disposition"].startswith("attachment") and rows.text.startswith("brand,campaign")
    assert client.get(f"/jobs/{job_id}/offer", params={"format": "docx"}).status_code == 422
    solve = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 2}).json()["id"])
    assert client.get(f"/jobs/{solve['id']}/offer").status_code == 409
    assert client.get("/jobs/nope/offer").status_code == 404


# --- enforcement -------------------------------------------------------------------------

def test_check_monitor_and_calendar(client):
    sid = add(client)
    r = client.post("/check", json={"scenario": sid, "deal": AVA_GLOW})
    assert r.status_code == 200
    answer = r.json()
    assert answer["allowed"] is False and answer["earliest_start"] == "2027-05-01"
    assert answer["conflicts"][0]["with"] == "ava-sunbrite-2027"
    assert answer["conflicts"][0]["phase"] == "commitments[0].exclusivity.phases[0]"
    uk = client.post("/check", json={"scenario": sid, "deal": {**AVA_GLOW, "regions": ["UK"]}}).json()
    assert uk["allowed"] is True and uk["conflicts"] == []

    r = client.post("/check", json={"scenario": sid, "deal": {**AVA_GLOW, "creator": "zed", "posts": ["2027-02-30"]}})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "deal.posts[0]"
    r = client.post("/check", json={"scenario": sid, "deal": {**AVA_GLOW, "creator": "zed"}})
    assert r.status_code == 422 and r.json()["errors"] == [{"path": "deal.creator", "message": "unknown creator 'zed'"}]
    assert client.post("/check", json={"scenario": "nope", "deal": AVA_GLOW}).status_code == 404

    feed = [{**{k: AVA_GLOW[k] for k in ("creator", "brand", "category", "regions", "platforms")}, "day": d}
            for d in ("2027-04-10", "2027-05-10")]
    alerts = client.post("/monitor", json={"scenario": sid, "posts": feed}).json()["alerts"]
    assert [(a["post"], a["breaches"][0]["with"]) for a in alerts] == [(0, "ava-sunbrite-2027")]

    cal = client.get("/creators/ava/calendar", params={"scenario": sid})
    assert cal.status_code == 200
    assert [(e["start"], e["end"], e["with"]) for e in cal.json()["entries"]] == [
        ("2027-03-01", "2027-04-30", "ava-sunbrite-2027")]
    own = [(p["day"], p["with"], p["signed"]) for p in cal.json()["posts"]]
    assert own and all(signed for _, _, signed in own)  # commitment posts only: no roster yet
    for r in (client.get("/creators/ava/calendar.ics", params={"scenario": sid}),
              client.get("/creators/ava/calendar", params={"scenario": sid}, headers={"Accept": "text/calendar"})):
        assert r.headers["content-type"].startswith("text/calendar")
        summaries = [str(e["summary"]) for e in ICal.from_ical(r.content).walk("VEVENT")]
        assert sum(s.startswith("Exclusivity") for s in summaries) == 1
        assert sum(s.startswith("Post for") for s in summaries) == len(own)
    assert client.get("/creators/zed/calendar", params={"scenario": sid}).status_code == 404
    assert client.get("/creators/ava/calendar", params={"scenario": "nope"}).status_code == 404
    assert client.get("/creators/ava/calendar").status_code == 422


def test_check_sees_a_new_version(client):
    sid = add(client)
    assert client.post("/check", json={"scenario": sid, "deal": AVA_GLOW}).json()["allowed"] is False
    freed = copy.deepcopy(PRIOR)
    freed["commitments"] = freed["commitments"][1:]
    assert client.put(f"/scenarios/{sid}", json=freed).status_code == 200
    answer = client.post("/check", json={"scenario": sid, "deal": AVA_GLOW}).json()
    assert answer["allowed"] is True and answer["scenario_version"] == 2


# --- access --------------------------------------------------------------------------------

def test_api_key_is_required_except_for_health_and_docs(tmp_path):
    with TestClient(create_app(settings(tmp_path, api_key="s3cret-s3cret-s3cret")), base_url="http://localhost") as c:
        assert c.get("/scenarios").status_code == 401
        assert c.post("/check", json={}).status_code == 401
        assert c.get("/scenarios", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/scenarios", headers={"Authorization": "Bearer s3cret-s3cret-s3cret"}).status_code == 200
        assert c.get("/health").json()["status"] == "ok"
        assert c.get("/openapi.json").status_code == 200
        assert c.get("/docs").status_code == 200


def test_schema_survives_a_restart_of_the_app(tmp_path):
    with TestClient(create_app(settings(tmp_path)), base_url="http://localhost") as c:
        sid = add(c)
    with TestClient(create_app(settings(tmp_path)), base_url="http://localhost") as c:
        assert c.get(f"/scenarios/{sid}").json()["name"] == PRIOR["name"]


def test_what_if_job_uses_the_latest_roster_as_baseline(client):
    sid = add(client)
    solved = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5}).json()["id"])
    assert solved["status"] == "done"
    bad = client.post(f"/scenarios/{sid}/what-if", json={"changes": {"format": "changes/1", "changes": [
        {"op": "set", "path": "campaigns/glow-april/window/end", "value": "not a date"}]}, "baseline": "nope"})
    assert bad.status_code == 422
    # dropping ava's sunbrite deal frees her for the US campaigns
    changes = {"format": "changes/1", "changes": [{"op": "remove", "path": "commitments/ava-sunbrite-2027"}]}
    r = client.post(f"/scenarios/{sid}/what-if", json={"changes": changes, "time_limit_s": 5})
    assert r.status_code == 202
    job = wait(client, r.json()["id"])
    assert job["status"] == "done", job
    diff = client.get(f"/jobs/{job['id']}/result").json()
    assert diff["format"] == "diff/1"
    assert diff["baseline_objective"] == 28000 and diff["objective"] > 28000


def test_a_what_if_that_cannot_apply_is_a_422_at_submission_as_in_the_cli(client, tmp_path):
    """An unknown creator in a change is refused when posted, naming its path, not found later by the job."""
    from typer.testing import CliRunner

    from creator_roster.api.cli import app

    sid = add(client)
    changes = {"format": "changes/1", "changes": [
        {"op": "set", "path": "creators/nobody/fee_per_post", "value": 100}]}
    r = client.post(f"/scenarios/{sid}/what-if", json={"changes": changes, "time_limit_s": 5})
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert error["path"] == "changes.changes[0].path" and "nobody" in error["message"]
    assert client.get("/jobs").json() == []  # nothing was queued
    (tmp_path / "c.json").write_text(json.dumps(changes))
    cli = CliRunner().invoke(app, ["whatif", str(EXAMPLES / "07-prior-commitments.json"), str(tmp_path / "c.json")])
    assert cli.exit_code == 2 and "changes[0]" in cli.output and "nobody" in cli.output


def test_batch_of_stored_scenarios(client, tmp_path):
    first, second = add(client), add(client, json.loads((EXAMPLES / "01-category-clash.json").read_text()))
    assert client.post("/batches", json={"scenarios": [first, "nope"]}).json()["errors"][0]["path"] == "scenarios[1]"
    r = client.post("/batches", json={"scenarios": [first, second, first], "time_limit_s": 5})
    assert r.status_code == 202
    job = wait(client, r.json()["id"], timeout=120)
    assert job["status"] == "done", job
    batch = client.get(f"/batches/{job['id']}").json()  # the first, named twice, is solved once
    expected = json.loads((EXAMPLES / "01-category-clash.expected.json").read_text())["objective"]
    assert [(row["status"], row["objective"]) for row in batch["rows"]] == [("optimal", 28000), ("optimal", expected)]
    for row, document in zip(batch["rows"], (PRIOR, json.loads((EXAMPLES / "01-category-clash.json").read_text()))):
        assert validate(load_scenario(document), load_roster(Path(row["roster"]))) == []
    assert client.get("/batches/nope").status_code == 404


def test_a_second_server_process_on_the_same_database_is_noticed(tmp_path):
    with TestClient(create_app(settings(tmp_path, enforcement_recheck_s=0)), base_url="http://localhost") as a, \
            TestClient(create_app(settings(tmp_path)), base_url="http://localhost") as b:
        sid = add(a)
        assert a.post("/check", json={"scenario": sid, "deal": AVA_GLOW}).json()["allowed"] is False
        freed = copy.deepcopy(PRIOR)
        freed["commitments"] = freed["commitments"][1:]
        assert b.put(f"/scenarios/{sid}", json=freed, headers={"If-Match": '"1"'}).status_code == 200
        answer = a.post("/check", json={"scenario": sid, "deal": AVA_GLOW}).json()
        assert answer["allowed"] is True and answer["scenario_version"] == 2
        assert b.delete(f"/scenarios/{sid}").status_code == 204
        assert a.post("/check", json={"scenario": sid, "deal": AVA_GLOW}).status_code == 404


def test_the_deal_check_cache_is_told_before_a_new_roster_of_record_is_committed(database_url):
    """No window after a solve finishes in which /check still trusts the roster it had (a stale 'allowed')."""
    from creator_roster.api.store import Store

    store = Store(database_url)
    sid = store.add_scenario(PRIOR, "prior").id
    job = store.add_job("solve", sid, 1, {}, 5.0)
    assert store.claim_job(job.id, "test", 30)
    seen = []
    store.listeners.append(lambda changed: seen.append(store.scenario_state(changed)))
    assert store.finish_job(job.id, "done", result="{}")
    assert seen[0] == (1, None)  # told while the old state still stands: a check then re-reads the database
    assert seen[-1] == (1, job.id)
    store.close()


def test_an_out_of_date_index_is_never_served_after_a_first_look_finds_it_stale(database_url):
    """peek() clears the stale mark when it sees the new state; the old index must not come back after it."""
    from creator_roster.api.enforcement import EnforcementCache
    from creator_roster.api.store import Store

    store = Store(database_url)
    sid = store.add_scenario(PRIOR, "prior").id
    cache = EnforcementCache(store, recheck_s=60)
    assert cache.get(sid).roster_job is None
    job = store.add_job("solve", sid, 1, {}, 5.0)
    assert store.claim_job(job.id, "test", 30) and store.finish_job(job.id, "done", result=json.dumps({
        "format": "roster/1", "scenario": None, "status": "optimal", "objective": 0, "bound": 0}))
    assert cache.peek(sid) is None  # the roster of record changed: rebuild
    assert cache.peek(sid) is None  # ... and still so on a second look (it used to serve the old index here)
    assert cache.get(sid).roster_job == job.id
    store.close()


def test_a_soft_must_have_scenario_solves_over_http_with_its_relaxed_list(client):
    soft = json.loads((EXAMPLES / "16-soft-must-haves.json").read_text())
    sid = client.post("/scenarios", json=soft).json()["id"]
    job = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5}).json()["id"])
    assert job["status"] == "done", job
    roster = client.get(f"/jobs/{job['id']}/result").json()
    assert [item["path"] for item in roster["relaxed"]] == ["campaigns[1].locked[0]"]
    assert validate(load_scenario(soft), load_roster(json.dumps(roster).encode())) == []
    bad = copy.deepcopy(soft)
    bad["campaigns"][1]["locked"][0]["creator"] = "zed"
    r = client.post("/scenarios", json=bad)
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "campaigns[1].locked[0].creator"


def test_the_job_queue_has_a_limit_and_says_when_to_come_back(tmp_path):
    from creator_roster.scenarios.generate import generate

    with TestClient(create_app(settings(tmp_path, max_queued_jobs=2, max_batch_items=3)), base_url="http://localhost") as client:
        sid = add(client, generate(creators=300, campaigns=40, days=270, seed=3))  # each solve takes its 20 s
        solve = {"time_limit_s": 20}
        ids = [client.post(f"/scenarios/{sid}/solve", json=solve).json()["id"]]
        wait_for(client, ids[0], lambda job: job["status"] == "running", timeout=30)
        ids += [client.post(f"/scenarios/{sid}/solve", json=solve).json()["id"] for _ in range(2)]  # 2 waiting
        full = client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 20})
        assert full.status_code == 429 and int(full.headers["Retry-After"]) >= 20
        assert client.post("/batches", json={"scenarios": [sid]}).status_code == 429
        big = client.post("/batches", json={"scenarios": [sid] * 4})
        assert big.status_code == 422 and big.json()["errors"][0]["path"] == "scenarios"
        for job_id in ids:
            client.delete(f"/jobs/{job_id}")
        assert client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 1}).status_code == 202


# --- no API key: the planner's own machine, not a door for web pages ---------------------------

def test_without_a_key_only_loopback_names_are_answered(tmp_path):
    with TestClient(create_app(settings(tmp_path)), base_url="http://localhost") as c:
        assert c.get("/scenarios").status_code == 200
        for host in ("127.0.0.1:8000", "[::1]:8000", "localhost"):
            assert c.get("/scenarios", headers={"Host": host}).status_code == 200, host
        rebound = c.get("/scenarios", headers={"Host": "evil.example:8000"})
        assert rebound.status_code == 403 and "loopback" in rebound.json()["detail"]
    with TestClient(create_app(settings(tmp_path, allow_remote=True)), base_url="http://planner-box") as c:
        assert c.get("/scenarios").status_code == 200  # --allow-remote: any name


def test_without_a_key_a_page_cannot_post_a_simple_request(tmp_path):
    with TestClient(create_app(settings(tmp_path)), base_url="http://localhost") as c:
        for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
            headers = {"Content-Type": content_type} if content_type else {}
            r = c.post("/scenarios", content=json.dumps(PRIOR), headers=headers)
            assert r.status_code == 415, content_type
        assert c.get("/scenarios").json() == []  # nothing was stored
        assert c.post("/scenarios", content=json.dumps(PRIOR),
                      headers={"Content-Type": "application/json; charset=utf-8"}).status_code == 201
        yaml_body = "format: scenario/1\n"  # a YAML content type is a document too (this one is invalid)
        assert c.post("/scenarios", content=yaml_body, headers={"Content-Type": "application/yaml"}).status_code == 422


@pytest.mark.parametrize("key, words", [("short", "at least 16"), ("   ", "whitespace"),
                                        (" a-long-enough-key-with-a-space", "whitespace")])
def test_a_weak_api_key_is_refused_at_start(tmp_path, key, words):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=words):
        settings(tmp_path, api_key=key)


@pytest.mark.parametrize("tag", ['"\u00b2"', '"' + "9" * 5000 + '"', '"1.0"', '"-1"', '"1 "'])
def test_an_if_match_that_is_not_a_plain_version_is_a_conflict_not_a_crash(client, tag):
    sid = add(client)
    r = client.put(f"/scenarios/{sid}", json=PRIOR, headers={"If-Match": tag.encode("latin-1")})
    assert r.status_code == 409, r.text
    r = client.post(f"/scenarios/{sid}/commitments", json={"id": "x", "deal": AVA_GLOW},
                    headers={"If-Match": tag.encode("latin-1")})
    assert r.status_code == 409, r.text


def test_every_clause_the_deal_check_suggests_is_allowed_when_sent_back(client):
    sid = add(client)
    proposed = {"creator": "ben", "brand": "glowco", "category": "sunscreen", "regions": ["US", "UK"],
                "platforms": ["instagram"], "posts": ["2027-03-25"],
                "exclusivity": {"phases": [{"level": "full", "start": "2027-02-01", "end": "2027-04-30"}]}}
    answer = client.post("/check", json={"scenario": sid, "deal": proposed}).json()
    assert answer["allowed"] is False and len(answer["allowed_variants"]) >= 2
    for suggestion in answer["allowed_variants"]:
        clause = {"phases": [{k: v for k, v in p.items() if v is not None} for p in suggestion["clause"]["phases"]]}
        again = client.post("/check", json={"scenario": sid, "deal": {**proposed, "exclusivity": clause}}).json()
        assert again["allowed"] is True, (suggestion["variant"], again["conflicts"])


# --- timeline and export -------------------------------------------------------------------

def test_the_timeline_shows_the_roster_of_record_and_an_older_job_against_its_own_version(client):
    sid = add(client)
    before = client.get(f"/scenarios/{sid}/timeline")
    assert before.status_code == 200 and before.json()["roster"] is None
    assert [c["id"] for c in before.json()["creators"]] == [c["id"] for c in PRIOR["creators"]]
    job = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5}).json()["id"])
    roster = client.get(f"/jobs/{job['id']}/result").json()
    drawn = client.get(f"/scenarios/{sid}/timeline").json()
    assert drawn["roster"] == {"job": job["id"], "status": roster["status"], "objective": roster["objective"],
                               "bound": roster["bound"]}
    shown = sorted((c["id"], b["campaign"], tuple(b["posts"])) for c in drawn["creators"] for b in c["bookings"])
    assert shown == sorted((a["creator"], a["campaign"], tuple(a["posts"])) for a in roster["assignments"])

    renamed = copy.deepcopy(PRIOR)
    renamed["campaigns"][0]["id"] = "renamed-campaign"
    assert client.put(f"/scenarios/{sid}", json=renamed, headers={"If-Match": '"1"'}).status_code == 200
    now = client.get(f"/scenarios/{sid}/timeline").json()
    assert now["roster"] is None and now["campaigns"][0]["id"] == "renamed-campaign"  # no roster of version 2 yet
    old = client.get(f"/scenarios/{sid}/timeline", params={"job": job["id"]}).json()
    assert old["roster"]["job"] == job["id"] and old["campaigns"][0]["id"] == PRIOR["campaigns"][0]["id"]


def test_the_timeline_refuses_a_job_that_is_not_a_finished_job_with_a_roster_of_the_scenario(client):
    sid, other = add(client), add(client)
    job = wait(client, client.post(f"/scenarios/{other}/solve", json={"time_limit_s": 5}).json()["id"])
    assert client.get(f"/scenarios/{sid}/timeline", params={"job": job["id"]}).status_code == 404
    assert client.get(f"/scenarios/{sid}/timeline", params={"job": "nope"}).status_code == 404
    assert client.get("/scenarios/nope/timeline").status_code == 404
    why = wait(client, client.post(f"/scenarios/{other}/why", json={"campaign": PRIOR["campaigns"][0]["id"],
                                                                   "creator": "ava", "time_limit_s": 5}).json()["id"])
    r = client.get(f"/scenarios/{other}/timeline", params={"job": why["id"]})
    assert r.status_code == 409 and "a why job" in r.json()["detail"]
    r = client.get(f"/scenarios/{other}/timeline", params={"option": "full"})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "option"


def test_the_roster_downloads_as_csv_and_xlsx(client):
    import csv
    import io

    from openpyxl import load_workbook

    sid = add(client)
    assert client.get(f"/scenarios/{sid}/export").status_code == 409  # nothing solved yet
    job = wait(client, client.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 5}).json()["id"])
    roster = client.get(f"/jobs/{job['id']}/result").json()
    sheet = client.get(f"/scenarios/{sid}/export", params={"format": "csv"})
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/csv")
    assert sheet.headers["content-disposition"].startswith("attachment; filename=")
    rows = list(csv.DictReader(io.StringIO(sheet.text)))
    assert sum(int(r["fee"]) for r in rows) == sum(a["fee"] for a in roster["assignments"])
    assert len(rows) == sum(len(a["posts"]) for a in roster["assignments"])
    book = client.get(f"/scenarios/{sid}/export", params={"format": "xlsx", "job": job["id"]})
    assert book.status_code == 200 and book.headers["content-disposition"].endswith('.xlsx"')
    cells = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
    assert len(cells) == len(rows) + 1
    assert client.get(f"/scenarios/{sid}/export", params={"format": "pdf"}).status_code == 422
