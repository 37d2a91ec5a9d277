"""The Options page in a real headless Chromium: a campaign's options charted and tabled, with the right fronts."""

from __future__ import annotations

import httpx
import pytest

from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app
from .test_web_timeline import EXAMPLES, stored

pytestmark = pytest.mark.slow  # a real server and a real browser


def run_options(page, url: str, sid: str, campaign: str, perspective: str = "brand"):
    page.goto(f"{url}/#/options/{sid}?campaign={campaign}")
    page.wait_for_selector(f'#options-campaign option[value="{campaign}"]', state="attached")
    page.wait_for_function(f"document.getElementById('options-campaign').value === '{campaign}'")
    page.select_option("#options-perspective", perspective)
    page.fill("#options-limit", "1")
    page.get_by_role("button", name="Compare the options").click()
    page.wait_for_selector("#options-result:not([hidden]) #options-table tbody tr", timeout=120000)
    job = page.inner_text("#options-status").split()[1]
    return httpx.get(f"{url}/jobs/{job}/result", timeout=30).json()


@pytest.mark.parametrize("perspective", ["brand", "season"])
def test_every_option_is_listed_and_charted_with_its_front_and_the_recommendation(server, chromium, tmp_path,  # noqa: F811
                                                                                 perspective):
    sid, _ = stored(server, EXAMPLES / "04-phased-launch-clause.json", solve=False)
    page, watched = open_app(chromium, server)
    doc = run_options(page, server, sid, "glow-launch", perspective)
    assert doc["perspective"] == perspective
    flag = "brand_pareto" if perspective == "brand" else "pareto"
    rows = page.eval_on_selector_all("#options-table tbody tr", "rows => rows.map(r => [r.dataset.option, "
                                     "r.cells[7].textContent === '✓', r.classList.contains('recommended')])")
    assert rows == [[o["name"], o[flag], o["recommended"]] for o in doc["options"]]
    dots = page.eval_on_selector_all("#options-chart g.option", "gs => gs.map(g => [g.dataset.option, "
                                     "g.classList.contains('on-front'), g.classList.contains('recommended')])")
    charted = [o for o in doc["options"] if o["objective"] is not None and not o["same_clause_as"]]
    assert sorted(dots) == sorted([o["name"], o[flag], o["recommended"]] for o in charted)
    assert [on for _, on, _ in dots] == sorted(on for _, on, _ in dots)  # the front is drawn on top
    assert sum(1 for _, _, rec in dots if rec) == 1 and doc["recommended"] in page.inner_text("#options-reason")
    page.screenshot(path=str(artifacts(tmp_path) / f"web-options-{perspective}.png"), full_page=True)
    watched.assert_clean()
    page.close()


def test_an_out_of_range_time_limit_is_refused_before_any_job(server, chromium):  # noqa: F811
    sid, _ = stored(server, EXAMPLES / "04-phased-launch-clause.json", solve=False)
    page, watched = open_app(chromium, server)
    page.goto(f"{server}/#/options/{sid}?campaign=glow-launch")
    page.wait_for_selector('#options-campaign option[value="glow-launch"]', state="attached")
    before = len(httpx.get(f"{server}/jobs", params={"scenario": sid}).json())
    page.fill("#options-limit", "100000")
    page.get_by_role("button", name="Compare the options").click()
    assert page.evaluate("document.getElementById('options-limit').validity.rangeOverflow")
    page.wait_for_timeout(300)
    assert len(httpx.get(f"{server}/jobs", params={"scenario": sid}).json()) == before  # nothing was queued
    assert page.inner_text("#options-status") == ""
    watched.assert_clean()
    page.close()


def test_picking_an_option_shows_its_roster_on_the_timeline_against_the_requested_one(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, EXAMPLES / "04-phased-launch-clause.json", solve=False)
    page, watched = open_app(chromium, server)
    doc = run_options(page, server, sid, "glow-launch")
    requested = next(o for o in doc["options"] if o["name"] == "requested")
    before = {(a["creator"], a["campaign"]): a["posts"] for a in requested["roster"]["assignments"]}

    def bookings(o):
        return {(a["creator"], a["campaign"]): a["posts"] for a in o["roster"]["assignments"]}

    with_roster = [o for o in doc["options"] if o["objective"] is not None and o["name"] != "requested"]
    pick = next((o for o in with_roster if bookings(o) != before), with_roster[0])
    page.get_by_role("link", name=f"option {pick['name']} on the timeline").click()
    page.wait_for_selector("#tl-compare:not([hidden])")
    page.wait_for_selector("#tl-rows .mark.post")
    assert f"Option {pick['name']}" in page.inner_text("#tl-compare")
    shown = page.eval_on_selector_all("#tl-rows .mark.post.booking", "ms => ms.map(m => [m.dataset.creator, m.dataset.day, "
                                      "m.classList.contains('added'), m.classList.contains('moved')])")
    now = bookings(pick)
    expected = [[c, d, (c, k) not in before, (c, k) in before and sorted(before[(c, k)]) != sorted(posts)]
                for (c, k), posts in now.items() for d in posts]
    assert sorted(shown) == sorted(expected)
    removed = page.eval_on_selector_all("#tl-rows .ghost.removed", "ms => ms.map(m => [m.dataset.creator, m.dataset.day])")
    assert sorted(removed) == sorted([c, d] for (c, k), posts in before.items() if (c, k) not in now for d in posts)
    page.screenshot(path=str(artifacts(tmp_path) / "web-options-timeline.png"), full_page=True)
    watched.assert_clean()
    page.close()
