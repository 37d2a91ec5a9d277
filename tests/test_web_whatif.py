"""The What-if page in a real headless Chromium: a change made in a form, the re-plan's diff as a table and
on the timeline (the moved marks where they are now, the days they left), and the re-plan accepted."""

from __future__ import annotations

import httpx
import pytest

from creator_roster.models import load_roster, load_scenario
from creator_roster.rules.validate import validate

from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app
from .test_web_timeline import EXAMPLES, stored

pytestmark = pytest.mark.slow  # a real server and a real browser

PRIOR = EXAMPLES / "07-prior-commitments.json"


def add_window_change(page, campaign: str, start: str, end: str) -> None:
    page.select_option("#whatif-kind", "window")
    page.select_option("#wi-campaign", campaign)
    page.fill("#wi-start", start)
    page.fill("#wi-end", end)
    page.get_by_role("button", name="Add this change").click()


def run_replan(page, url: str) -> tuple[str, dict]:
    page.fill("#whatif-limit", "5")
    page.get_by_role("button", name="Re-plan with these changes").click()
    page.wait_for_selector("#whatif-result:not([hidden])", timeout=120000)
    job = page.inner_text("#whatif-status").split()[1]
    return job, httpx.get(f"{url}/jobs/{job}/result", timeout=30).json()


def test_a_moved_window_shows_its_moved_marks_and_is_accepted_as_a_new_version(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, PRIOR)
    page, watched = open_app(chromium, server)
    page.goto(f"{server}/#/whatif/{sid}")
    page.wait_for_selector('#wi-campaign option[value="glow-april"]', state="attached")
    add_window_change(page, "glow-april", "2027-04-21", "2027-04-30")
    assert page.inner_text("#whatif-changes li").startswith("move glow-april's window to 2027-04-21 to 2027-04-30")
    job, diff = run_replan(page, server)
    assert diff["moved"], "moving the window moves the booking in it"
    rows = page.eval_on_selector_all("#whatif-diff tbody tr", "rows => rows.map(r => [r.dataset.change, "
                                     "r.dataset.creator, r.dataset.campaign, r.cells[3].textContent, r.cells[4].textContent])")
    expected = ([["added", b["creator"], b["campaign"], "", ", ".join(b["posts"])] for b in diff["added"]] +
                [["moved", m["creator"], m["campaign"], ", ".join(m["old_posts"]), ", ".join(m["new_posts"])]
                 for m in diff["moved"]] +
                [["removed", b["creator"], b["campaign"], ", ".join(b["posts"]), ""] for b in diff["removed"]])
    assert rows == expected
    page.screenshot(path=str(artifacts(tmp_path) / "web-whatif.png"), full_page=True)

    page.get_by_role("link", name="Show the changes on the timeline").click()
    page.wait_for_selector("#tl-compare:not([hidden])")
    page.wait_for_selector("#tl-rows .mark.post")
    moved_now = page.eval_on_selector_all("#tl-rows .mark.post.moved", "ms => ms.map(m => [m.dataset.creator, m.dataset.day])")
    moved_before = page.eval_on_selector_all("#tl-rows .ghost.was", "ms => ms.map(m => [m.dataset.creator, m.dataset.day])")
    assert sorted(moved_now) == sorted([m["creator"], d] for m in diff["moved"] for d in m["new_posts"])
    assert sorted(moved_before) == sorted([m["creator"], d] for m in diff["moved"] for d in m["old_posts"]
                                          if d not in m["new_posts"])
    assert f"{len(diff['moved'])} moved" in page.inner_text("#tl-compare")
    assert page.is_visible("#tl-legend-changes")
    page.screenshot(path=str(artifacts(tmp_path) / "web-whatif-timeline.png"), full_page=True)

    page.go_back()
    page.wait_for_selector("#page-whatif:not([hidden]) #whatif-result:not([hidden])")
    page.get_by_role("button", name="Accept as a new version").click()
    page.wait_for_selector("#whatif-accepted .ok")
    assert "version 2" in page.inner_text("#whatif-accepted")
    stored_now = httpx.get(f"{server}/scenarios/{sid}").json()
    glow = next(k for k in stored_now["campaigns"] if k["id"] == "glow-april")
    assert glow["window"] == {"start": "2027-04-21", "end": "2027-04-30"}
    drawn = httpx.get(f"{server}/scenarios/{sid}/timeline").json()
    roster = httpx.get(f"{server}/jobs/{drawn['roster']['job']}/result").json()
    assert load_roster(roster) == load_roster(diff["roster"])
    assert validate(load_scenario(stored_now), load_roster(roster)) == []
    assert page.inner_text("#whatif-changes") == ""  # the changes are in the new version now
    watched.assert_clean()
    page.close()


def test_a_change_the_server_refuses_is_named_by_the_planners_change(server, chromium):  # noqa: F811
    sid, _ = stored(server, PRIOR, solve=False)
    page, watched = open_app(chromium, server)
    watched.expected_statuses = {422}
    page.goto(f"{server}/#/whatif/{sid}")
    page.wait_for_selector('#wi-campaign option[value="glow-uk"]', state="attached")
    add_window_change(page, "glow-april", "2027-04-02", "2027-04-09")
    add_window_change(page, "glow-uk", "2027-04-20", "2027-04-10")  # ends before it starts
    before = len(httpx.get(f"{server}/jobs", params={"scenario": sid}).json())
    page.get_by_role("button", name="Re-plan with these changes").click()
    page.wait_for_selector("#whatif-status .errors li")
    text = page.inner_text("#whatif-status")
    assert "change 2 (move glow-uk's window" in text and "changes.changes[" in text
    assert len(httpx.get(f"{server}/jobs", params={"scenario": sid}).json()) == before  # nothing queued
    page.get_by_role("button", name="remove the change: move glow-uk's window to 2027-04-20 to 2027-04-10").click()
    assert page.eval_on_selector_all("#whatif-changes li", "l => l.length") == 1
    watched.assert_clean()
    page.close()
