"""The Solve and Campaign pages in a real headless Chromium: a live chart from the job's events, cancel, the
roster opened in the timeline, the explanation linked to what it names, and a campaign's bookings and budget."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from creator_roster.scenarios.generate import generate

from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app
from .test_web_timeline import DEMO, EXAMPLES, stored

pytestmark = pytest.mark.slow  # a real server and a real browser


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """An L season (300 creators, 40 campaigns): a solve that runs its whole time limit."""
    path = tmp_path_factory.mktemp("large") / "L.json"
    path.write_text(json.dumps(generate(300, 40, 270, seed=5, commitments=30)))
    return path


def open_solve(chromium, url: str, sid: str, width: int = 1280):  # noqa: F811
    page, watched = open_app(chromium, url, width)
    page.goto(f"{url}/#/solve/{sid}")
    page.wait_for_selector(f'#solve-scenario option[value="{sid}"]', state="attached")
    assert page.locator("#solve-scenario").input_value() == sid
    return page, watched


def test_the_chart_follows_the_job_live_and_the_result_opens_in_the_timeline(server, chromium, large, tmp_path):  # noqa: F811
    sid, _ = stored(server, large, solve=False)
    page, watched = open_solve(chromium, server, sid)
    page.fill("#solve-limit", "6")
    page.get_by_role("button", name="Solve").click()
    # while the job runs: its figures are drawn as they come, not only at the end
    page.wait_for_function("document.getElementById('solve-status').textContent.includes('running') && "
                           "document.querySelectorAll('#solve-chart path.series').length > 0", timeout=30000)
    assert page.get_by_role("button", name="Cancel").is_enabled()
    page.screenshot(path=str(artifacts(tmp_path) / "web-solve-live.png"))
    page.wait_for_url(re.compile(r"#/timeline/"), timeout=60000)
    job = page.url.rsplit("/", 1)[1]
    page.wait_for_selector("#tl-body:not([hidden]) .tl-row")
    roster = httpx.get(f"{server}/jobs/{job}/result").json()
    assert f"{roster['objective']:,}" in page.inner_text("#tl-summary") and job in page.inner_text("#tl-summary")
    figures = page.eval_on_selector_all("#solve-points tbody tr", "rows => rows.map(r => r.cells[3].textContent)")
    assert len(figures) >= 2 and figures[-1] == f"{roster['bound']:,}"  # the last point is the roster's own bound
    bounds = [int(f.replace(",", "")) for f in figures if f != "none"]
    assert bounds == sorted(bounds, reverse=True)  # the bound drawn never rises
    watched.assert_clean()
    page.close()


def test_a_running_solve_can_be_cancelled(server, chromium, large):  # noqa: F811
    sid, _ = stored(server, large, solve=False)
    page, watched = open_solve(chromium, server, sid)
    page.fill("#solve-limit", "60")
    page.get_by_role("button", name="Solve").click()
    page.wait_for_function("document.getElementById('solve-status').textContent.includes('running')", timeout=30000)
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_selector("#solve-result:not([hidden])", timeout=30000)
    assert "cancelled" in page.inner_text("#solve-status")
    assert "cancelled" in page.inner_text("#solve-result")
    assert page.get_by_role("button", name="Solve").is_enabled() and page.get_by_role("button", name="Cancel").is_disabled()
    watched.assert_clean()
    page.close()


def test_when_no_roster_exists_the_explanation_links_each_path_to_what_it_names(server, chromium, tmp_path):  # noqa: F811
    path = EXAMPLES / "17-infeasible-locked-clash.json"
    sid, _ = stored(server, path, solve=False)
    page, watched = open_solve(chromium, server, sid)
    page.get_by_role("button", name="Solve").click()
    page.wait_for_selector("#solve-result:not([hidden]) .explanation li", timeout=60000)
    assert "infeasible" in page.inner_text("#solve-status")
    assert "Why no roster exists" in page.inner_text("#solve-result")
    assert page.locator("#solve-figure").is_hidden()  # no figures to draw: no empty chart
    links = dict(page.eval_on_selector_all(".explanation a", "links => links.map(a => [a.textContent, a.getAttribute('href')])"))
    locked = next(href for text, href in links.items() if text.startswith("campaigns[1].locked[0]"))
    assert locked == f"#/campaign/{sid}/glow-spring"
    deal = next(href for text, href in links.items() if text.startswith("commitments[1]"))
    assert deal == f"#/timeline/{sid}?creator=ava"  # the commitment's creator, on the timeline
    page.screenshot(path=str(artifacts(tmp_path) / "web-solve-infeasible.png"), full_page=True)
    page.locator(".explanation a", has_text="campaigns[1].locked[0]").first.click()
    page.wait_for_selector("#campaign-bookings, #campaign-musts")
    assert page.inner_text("#campaign-title") == "Campaign glow-spring"
    assert "not kept: signed booking of ava" in page.inner_text("#campaign-musts")  # no roster keeps it
    page.go_back()
    page.locator(".explanation a", has_text="commitments[1]").first.click()
    page.wait_for_selector('#tl-rows .tl-creator[data-creator="ava"]')
    assert page.locator("#tl-creator").input_value() == "ava"
    assert page.eval_on_selector_all("#tl-rows .tl-creator", "rows => rows.map(r => r.dataset.creator)") == ["ava"]
    watched.assert_clean()
    page.close()


def test_the_campaign_page_shows_bookings_budget_staffing_must_haves_and_clause(server, chromium, tmp_path):  # noqa: F811
    sid, roster = stored(server, DEMO)
    campaign = next(k for k in roster["campaigns"] if len(k["creators"]) >= 2)
    page, watched = open_app(chromium, server)
    page.goto(f"{server}/#/campaign/{sid}/{campaign['id']}")
    page.wait_for_selector("#campaign-bookings")
    rows = page.eval_on_selector_all("#campaign-bookings tbody tr", "rows => rows.map(r => r.dataset.creator)")
    assert sorted(rows) == sorted(campaign["creators"])
    total = page.inner_text("#campaign-bookings tfoot").split("\t")
    assert f"{campaign['fees']:,}" in total and f"{campaign['value']:,}" in total
    spec = next(k for k in json.loads(DEMO.read_text())["campaigns"] if k["id"] == campaign["id"])
    budget = page.inner_text("#campaign-budget")
    assert f"fees {campaign['fees']:,}" in budget
    if spec.get("budget") is not None:
        assert f"of {int(spec['budget']):,}" in budget
    assert f"{len(campaign['creators'])} creators booked" in page.inner_text("#campaign-staffing")
    timeline = httpx.get(f"{server}/scenarios/{sid}/timeline").json()
    assert page.inner_text("#campaign-clause") == next(k for k in timeline["campaigns"] if k["id"] == campaign["id"])["clause"]
    page.screenshot(path=str(artifacts(tmp_path) / "web-campaign.png"), full_page=True)

    musts_sid, musts_roster = stored(server, EXAMPLES / "11-must-haves-and-deal-breakers.json")
    page.goto(f"{server}/#/campaign/{musts_sid}/vita-launch")
    page.wait_for_function("document.getElementById('campaign-title').textContent === 'Campaign vita-launch'")
    page.wait_for_selector("#campaign-musts li")
    musts = page.inner_text("#campaign-musts")
    assert "kept: the campaign must be staffed" in musts and "kept: zed is never booked" in musts
    booked = next(k for k in musts_roster["campaigns"] if k["id"] == "vita-launch")["creators"]
    assert f"nice to have: leo (bonus 4,000), {'booked' if 'leo' in booked else 'not booked'}" in musts
    page.goto(f"{server}/#/campaign/{musts_sid}")
    page.wait_for_selector("#campaign-list li a")
    assert page.inner_text("#campaign-title").startswith("Campaigns of")
    assert page.locator("#campaign-list li").count() == 2
    watched.assert_clean()
    page.close()


def test_the_solve_form_works_from_the_keyboard_and_the_pages_fit_a_phone(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, DEMO, solve=False)
    page, watched = open_solve(chromium, server, sid, width=390)
    page.uncheck("#solve-open")
    page.focus("#solve-seed")
    page.keyboard.press("Tab")  # the checkbox
    page.keyboard.press("Tab")  # the Solve button
    assert page.evaluate("document.activeElement.id") == "solve-start"
    page.keyboard.press("Enter")
    page.wait_for_selector("#solve-open-timeline", timeout=60000)
    page.screenshot(path=str(artifacts(tmp_path) / "web-solve-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.goto(f"{server}/#/campaign/{sid}/glow-spf-launch")
    page.wait_for_selector("#campaign-bookings")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    page.screenshot(path=str(artifacts(tmp_path) / "web-campaign-phone.png"), full_page=True)
    watched.assert_clean()
    page.close()
