"""The season timeline in a real headless Chromium: every post drawn, clauses as bands, details, filters, zoom.

The page is read as a planner reads it: the marks found in the page (scrolled through, since rows are drawn as
they come into view) are compared with the roster the server returned, which the validator has checked.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import httpx
import pytest

from creator_roster.models import load_roster, load_scenario
from creator_roster.rules.validate import validate

from . import browser
from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app

pytestmark = pytest.mark.slow  # a real server and a real browser

EXAMPLES = Path(__file__).parent / "data" / "examples"
DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.json"


def stored(url: str, path: Path, solve: bool = True) -> tuple[str, dict | None]:
    """Store the scenario; with ``solve``, solve it and return its (validated) roster document."""
    with httpx.Client(base_url=url, timeout=60) as c:
        sid = c.post("/scenarios", content=path.read_bytes(), headers={"content-type": "application/json"}).json()["id"]
        if not solve:
            return sid, None
        job = c.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 10}).json()["id"]
        deadline = time.monotonic() + 60
        while c.get(f"/jobs/{job}").json()["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, "the solve did not finish in 60 s"
            time.sleep(0.1)
        roster = c.get(f"/jobs/{job}/result").json()
    assert validate(load_scenario(path), load_roster(json.dumps(roster).encode())) == []
    return sid, roster


def open_timeline(chromium, url: str, sid: str, width: int = 1280):  # noqa: F811
    page, watched = open_app(chromium, url, width)
    page.goto(f"{url}/#/timeline/{sid}")
    page.wait_for_selector("#tl-body:not([hidden]) .tl-row")
    return page, watched


def every_mark(page) -> dict[str, dict]:
    """Every mark of the timeline, by its key, scrolling the rows through from top to bottom."""
    found: dict[str, dict] = {}
    page.evaluate("document.getElementById('tl-scroll').scrollTop = 0")
    while True:
        page.wait_for_timeout(30)  # the next animation frame draws the rows in view
        for mark in page.eval_on_selector_all("#tl-rows .mark", "els => els.map(e => ({...e.dataset}))"):
            found[mark["key"]] = mark
        at_end = page.evaluate("""() => { const s = document.getElementById('tl-scroll');
            const before = s.scrollTop; s.scrollTop += s.clientHeight / 2; return s.scrollTop === before; }""")
        if at_end:
            return found


def test_every_post_of_the_roster_and_of_the_commitments_is_drawn_on_its_day(server, chromium, tmp_path):  # noqa: F811
    sid, roster = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid)
    assert roster["status"] == "optimal" and f"{roster['objective']:,}" in page.inner_text("#tl-summary")
    marks = every_mark(page)
    drawn = sorted((m["creator"], m["day"]) for m in marks.values() if m.get("kind") == "booking")
    assert drawn == sorted((a["creator"], day) for a in roster["assignments"] for day in a["posts"])
    scenario = json.loads(DEMO.read_text())
    committed = sorted((m["creator"], m["day"]) for m in marks.values() if m.get("kind") == "commitment")
    start, end = scenario["horizon"]["start"], scenario["horizon"]["end"]
    assert committed == sorted((m["creator"], day) for m in scenario["commitments"] for day in m.get("posts", [])
                               if start <= day <= end)  # the season's days: a post before it is not on the page
    assert committed
    lanes = sorted(m["campaign"] for m in marks.values() if m["key"].startswith("lane:"))
    assert lanes == sorted(k["id"] for k in scenario["campaigns"])
    page.screenshot(path=str(artifacts(tmp_path) / "web-timeline.png"))
    watched.assert_clean()
    page.close()


def test_rows_are_drawn_as_they_scroll_into_view(server, chromium):  # noqa: F811
    sid, _ = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid, width=1280)
    rows_total = page.evaluate("parseFloat(document.getElementById('tl-rows').style.height) / 34")
    drawn = page.locator("#tl-rows .tl-row").count()
    assert rows_total == 2 + 8 + 30  # two headings, the campaign lanes, the creators
    assert drawn < rows_total  # not all of them: the rest come as they scroll into view
    page.evaluate("document.getElementById('tl-scroll').scrollTop = 1e6")
    page.wait_for_selector(f'#tl-rows .tl-row[data-row="{int(rows_total) - 1}"]')
    watched.assert_clean()
    page.close()


def test_a_phased_clause_shows_as_bands_by_level_with_its_details_on_hover(server, chromium, tmp_path):  # noqa: F811
    path = EXAMPLES / "04-phased-launch-clause.json"
    sid, roster = stored(server, path)
    page, watched = open_timeline(chromium, server, sid)
    timeline = httpx.get(f"{server}/scenarios/{sid}/timeline").json()
    ava = next(c for c in timeline["creators"] if c["id"] == "ava")
    booking = next(b for b in ava["bookings"] if b["campaign"] == "glow-launch")
    row = page.locator('#tl-rows .tl-row[data-creator="ava"]')
    assert row.locator(".band.booking.band-full").count() == 1
    assert row.locator(".band.booking.band-competitors").count() == 1
    legend = page.inner_text(".tl-legend")
    assert all(words in legend for words in ("full exclusivity", "category exclusivity", "semi-exclusive"))

    day = booking["posts"][0]
    row.locator(f'.mark.post[data-day="{day}"]').first.hover()
    tip = page.locator("#tl-tip")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    for figure in (booking["fee"], booking["base_fee"], booking["premium"], booking["value"]):
        assert f"{figure:,}" in text
    assert booking["clause"] in text and "full exclusivity" in text and booking["phases"][0]["end"] in text
    page.screenshot(path=str(artifacts(tmp_path) / "web-timeline-hover.png"))
    watched.assert_clean()
    page.close()


def test_the_keyboard_reaches_the_details_and_moves_between_rows(server, chromium):  # noqa: F811
    sid, _ = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid)
    page.locator("#tl-rows .mark").first.focus()
    first = page.evaluate("document.activeElement.dataset.row")
    assert page.locator("#tl-tip").is_visible()  # focus shows the details, as hover does
    for _ in range(12):  # down through the lanes into the creators, drawing rows as it goes
        page.keyboard.press("ArrowDown")
    now = page.evaluate("({row: document.activeElement.dataset.row, kind: document.activeElement.dataset.kind})")
    assert int(now["row"]) > int(first) and now["kind"] in ("booking", "commitment")
    tip = page.inner_text("#tl-tip")
    assert "posts:" in tip and "clause:" in tip
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    assert page.locator("#tl-tip").is_hidden()
    watched.assert_clean()
    page.close()


def test_filters_by_campaign_brand_and_creator_and_grouping_by_campaign(server, chromium):  # noqa: F811
    sid, roster = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid)
    campaign = roster["campaigns"][0]
    page.select_option("#tl-campaign", campaign["id"])
    shown = set(page.eval_on_selector_all("#tl-rows .tl-creator", "els => els.map(e => e.dataset.creator)"))
    assert shown == set(campaign["creators"])
    others = page.locator('#tl-rows .mark.post.booking:not(.dim)').evaluate_all("els => els.length")
    booked_posts = sum(len(a["posts"]) for a in roster["assignments"] if a["campaign"] == campaign["id"])
    assert others == booked_posts  # the other campaigns' posts are dimmed, this one's are not
    page.select_option("#tl-campaign", "")

    brand = next(k["brand"] for k in json.loads(DEMO.read_text())["campaigns"] if k["id"] == campaign["id"])
    page.select_option("#tl-brand", brand)
    assert campaign["creators"][0] in page.inner_text("#tl-rows")
    page.select_option("#tl-brand", "")

    page.fill("#tl-creator", campaign["creators"][0][:4])
    names = page.eval_on_selector_all("#tl-rows .tl-creator", "els => els.map(e => e.dataset.creator)")
    assert names and all(campaign["creators"][0][:4] in n for n in names)
    page.fill("#tl-creator", "")

    page.select_option("#tl-group", "campaign")
    first_lane = page.locator("#tl-rows .tl-row").first
    assert "tl-lane" in first_lane.get_attribute("class")
    watched.assert_clean()
    page.close()


def test_zoom_to_weeks_widens_the_days_and_labels_the_weeks(server, chromium):  # noqa: F811
    sid, _ = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid)
    before = page.evaluate("parseFloat(document.getElementById('tl-rows').style.width)")
    page.get_by_role("button", name="Weeks").click()
    after = page.evaluate("parseFloat(document.getElementById('tl-rows').style.width)")
    assert after > before * 1.5
    assert page.locator("#tl-axis .tl-week").count() >= 10  # a four-month season has 17 Mondays
    assert page.get_by_role("button", name="Weeks").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Months").click()
    assert page.evaluate("parseFloat(document.getElementById('tl-rows').style.width)") == before
    watched.assert_clean()
    page.close()


def test_unavailable_days_are_greyed_and_signed_bookings_marked(server, chromium):  # noqa: F811
    sid, _ = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid)
    page.fill("#tl-creator", "cleo-beauty")
    grey = page.locator('#tl-rows .tl-row[data-creator="cleo-beauty"] .unavailable')
    assert grey.count() == 1 and grey.get_attribute("title") == "unavailable 2027-05-10 to 2027-05-23"
    page.close()

    signed_sid, roster = stored(server, EXAMPLES / "14-locked-signed-booking.json")
    page, watched = open_timeline(chromium, server, signed_sid)
    scenario = json.loads((EXAMPLES / "14-locked-signed-booking.json").read_text())
    locked = {(s["creator"], day) for k in scenario["campaigns"] for s in k.get("locked", []) for day in s["posts"]}
    marks = every_mark(page)
    signed = {(m["creator"], m["day"]) for m in marks.values() if m.get("kind") == "booking"
              and "signed" in page.locator(f'[data-key="{m["key"]}"]').get_attribute("class")}
    assert locked and signed == locked
    watched.assert_clean()
    page.close()


def test_without_a_roster_it_says_so_and_the_download_is_refused_in_words(server, chromium):  # noqa: F811
    sid, _ = stored(server, DEMO, solve=False)
    page, watched = open_timeline(chromium, server, sid)
    assert "no roster yet" in page.inner_text("#tl-summary")
    watched.expected_statuses.add(409)
    page.get_by_role("button", name="CSV").click()
    page.wait_for_selector("#tl-summary .errors")
    assert "solve it first" in page.inner_text("#tl-summary")
    watched.assert_clean()
    page.close()


def test_the_download_button_saves_the_roster_as_a_sheet(server, chromium, tmp_path):  # noqa: F811
    sid, roster = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid)
    with page.expect_download() as got:
        page.get_by_role("button", name="CSV").click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.suffix == ".csv"
    rows = list(csv.DictReader(saved.open(newline="", encoding="utf-8")))
    assert len(rows) == sum(len(a["posts"]) for a in roster["assignments"])
    assert sum(int(r["fee"]) for r in rows) == sum(a["fee"] for a in roster["assignments"])
    with page.expect_download() as got:
        page.get_by_role("button", name="XLSX").click()
    assert got.value.suggested_filename.endswith(".xlsx")
    watched.assert_clean()
    page.close()


def test_at_phone_width_the_timeline_scrolls_inside_its_box(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, DEMO)
    page, watched = open_timeline(chromium, server, sid, width=390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # the page itself does not scroll sideways
    assert page.evaluate("document.getElementById('tl-scroll').scrollWidth") > 390  # the season does, in its box
    page.screenshot(path=str(artifacts(tmp_path) / "web-timeline-phone.png"), full_page=True)
    watched.assert_clean()
    page.close()


def test_the_nav_link_reopens_the_last_timeline(server, chromium):  # noqa: F811
    sid, _ = stored(server, DEMO, solve=False)
    page, watched = open_app(chromium, server)
    page.wait_for_selector("#scenario-table tbody tr")
    page.locator(f'#scenario-table tr[data-scenario="{sid}"]').get_by_role("link", name="timeline of").click()
    page.wait_for_selector("#tl-body:not([hidden]) .tl-row")
    page.get_by_role("link", name="Scenarios").click()
    page.get_by_role("link", name="Timeline", exact=True).click()
    page.wait_for_selector("#tl-body:not([hidden]) .tl-row")
    assert sid in page.url
    watched.assert_clean()
    page.close()


def test_without_a_scenario_the_timeline_says_where_to_choose_one(chromium, tmp_path):  # noqa: F811
    if browser.why_not():
        pytest.skip(f"{browser.why_not()}: {browser.HOW_TO_GET_IT}")
    from .test_web_docs import start_server

    running = start_server(tmp_path)
    try:
        page, watched = open_app(chromium, running.url)
        page.goto(f"{running.url}/#/timeline")
        page.wait_for_selector("#tl-empty:not([hidden])")
        assert "Scenarios" in page.inner_text("#tl-empty")
        watched.assert_clean()
        page.close()
    finally:
        running.stop()


def test_with_many_campaigns_their_lanes_start_folded_so_creators_come_first(server, chromium, tmp_path):  # noqa: F811
    from creator_roster.scenarios.generate import generate

    path = tmp_path / "m.json"
    path.write_text(json.dumps(generate(100, 20, 180, seed=5)))
    sid, _ = stored(server, path, solve=False)
    page, watched = open_timeline(chromium, server, sid)
    assert page.locator("#tl-rows .tl-lane").count() == 0
    assert page.locator("#tl-rows .tl-creator").count() >= 10  # the first screen is creators
    page.get_by_role("button", name="show").click()
    page.wait_for_selector("#tl-rows .tl-lane")
    assert page.get_by_role("button", name="hide").get_attribute("aria-expanded") == "true"
    assert page.locator("#tl-rows .tl-lane").count() >= 10
    watched.assert_clean()
    page.close()
