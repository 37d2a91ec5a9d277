"""The Creator brief page in a real headless Chromium: her posts, what she may not promote, and nothing else.

The page is read as the creator would read it: every post day the roster of record gives her (read from the
API, GET /jobs/{id}/result) and every commitment day must be in the post list, every phase her calendar lists
must be in the restrictions with its dates, and no other creator's id and no fee may be anywhere in the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from icalendar import Calendar as ICal

from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app
from .test_web_timeline import DEMO, EXAMPLES, stored

pytestmark = pytest.mark.slow  # a real server and a real browser

LOOK_BACK = EXAMPLES / "08-look-back.json"  # ava: three vita-drop posts, one sunbrite post, a commitment


@pytest.fixture(scope="module")
def solved(server):  # noqa: F811
    """Each scenario stored and solved once for the module: path -> (scenario id, roster of record)."""
    cache: dict[Path, tuple[str, dict]] = {}

    def get(path: Path) -> tuple[str, dict]:
        if path not in cache:
            cache[path] = stored(server, path, solve=True)
        return cache[path]
    return get


def creator_with_the_most(url: str, sid: str, roster: dict) -> tuple[str, dict]:
    """The creator with several roster posts and a commitment, most restrictions first, and her calendar."""
    scenario = httpx.get(f"{url}/scenarios/{sid}").json()
    committed = {m["creator"] for m in scenario.get("commitments", [])}
    posts: dict[str, int] = {}
    for a in roster["assignments"]:
        posts[a["creator"]] = posts.get(a["creator"], 0) + len(a["posts"])
    chosen = [c for c, n in posts.items() if n >= 2 and c in committed]
    assert chosen, "the example books no committed creator on several posts"
    calendars = {c: httpx.get(f"{url}/creators/{c}/calendar", params={"scenario": sid}).json() for c in chosen}
    best = max(sorted(chosen), key=lambda c: len(calendars[c]["entries"]))
    return best, calendars[best]


def open_brief(chromium, url: str, sid: str, creator: str, width: int = 1280):  # noqa: F811
    page, watched = open_app(chromium, url, width)
    page.goto(f"{url}/#/brief/{sid}/{creator}")
    page.wait_for_selector("#brief:not([hidden]) #brief-posts")
    return page, watched


def shown_posts(page) -> list[str]:
    return page.eval_on_selector_all("#brief-posts tbody tr", "rows => rows.map(r => r.dataset.day)")


def shown_rules(page) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in page.eval_on_selector_all(
        "#brief-rules .brief-rule", "lis => lis.map(li => [li.dataset.start, li.dataset.end, li.textContent])")]


def named(text: str, word: str) -> bool:
    """Is ``word`` (an id, a figure) in the text on its own, not as part of a longer id or number?"""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def assert_only_her_own(page, url: str, sid: str, creator: str, roster: dict) -> None:
    text = page.inner_text("body")
    others = [c["id"] for c in httpx.get(f"{url}/scenarios/{sid}").json()["creators"] if c["id"] != creator]
    assert [c for c in others if named(text, c)] == []
    fees = {a["fee"] for a in roster["assignments"]}
    assert [f for f in fees if named(text, f"{f:,}") or named(text, str(f))] == []  # no fee shown, hers included
    assert page.locator("#brief-creator option").count() == 0  # the picker's list of creators is gone


def assert_every_post_and_restriction(page, roster: dict, creator: str, calendar: dict) -> None:
    days = shown_posts(page)
    booked = [d for a in roster["assignments"] if a["creator"] == creator for d in a["posts"]]
    assert booked and all(d in days for d in booked)  # every post day of the roster of record
    assert sorted(days) == sorted(p["day"] for p in calendar["posts"])  # and her commitments' and signed days
    rules = shown_rules(page)
    assert [(s, e) for s, e, _ in rules] == [(x["start"], x["end"]) for x in calendar["entries"]]  # by date
    for (_, _, text), entry in zip(rules, calendar["entries"]):
        assert entry["start"] in text and entry["end"] in text and entry["brand"] in text
        assert ("existing deal" if entry["booking"] == "commitment" else "booking with") in text
        assert all(r in text for r in entry["regions"])
        assert "every platform" in text if entry["platforms"] is None else all(p in text for p in entry["platforms"])
        assert all(b in text for b in entry["exceptions"])


def test_her_brief_lists_every_post_of_the_roster_and_names_no_one_else(server, chromium, solved, tmp_path):  # noqa: F811
    sid, roster = solved(LOOK_BACK)
    creator, calendar = creator_with_the_most(server, sid, roster)
    assert creator == "ava" and any(p["booking"] == "commitment" for p in calendar["posts"])
    page, watched = open_brief(chromium, server, sid, creator)
    assert page.inner_text("#brief-title") == f"Brief for {creator}"
    assert httpx.get(f"{server}/scenarios/{sid}").json()["name"] in page.inner_text("#brief")
    assert_every_post_and_restriction(page, roster, creator, calendar)
    commitment_row = page.locator("#brief-posts tbody tr.fixed")
    assert commitment_row.count() >= 1 and "existing deal" in commitment_row.first.inner_text()
    assert "Nothing: no clause binds you" in page.inner_text("#brief-rules")  # her bookings carry no clause
    assert_only_her_own(page, server, sid, creator, roster)
    watched.assert_clean()
    page.close()


def test_the_picker_opens_a_brief_and_the_calendar_download_is_a_vcalendar(server, chromium, solved, tmp_path):  # noqa: F811
    sid, roster = solved(LOOK_BACK)
    creator, calendar = creator_with_the_most(server, sid, roster)
    page, watched = open_app(chromium, server)
    page.goto(f"{server}/#/brief/{sid}")
    page.wait_for_selector("#brief-form:not([hidden])")
    page.wait_for_selector(f'#brief-creator option[value="{creator}"]', state="attached")
    page.select_option("#brief-creator", creator)
    page.get_by_role("button", name="Show the brief").click()
    page.wait_for_selector("#brief:not([hidden]) #brief-posts")
    assert page.url.endswith(f"#/brief/{sid}/{creator}")
    with page.expect_download() as got:
        page.get_by_role("button", name="Download the calendar (.ics)").click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.name == f"{creator}.ics"
    ics = ICal.from_ical(saved.read_bytes())
    assert ics.name == "VCALENDAR"
    events = [c for c in ics.walk() if c.name == "VEVENT"]
    assert len(events) == len(calendar["posts"]) + len(calendar["entries"])  # calendar_ics: a post day, a phase each
    assert sorted(str(e["dtstart"].dt) for e in events if e["transp"] == "OPAQUE") == \
        sorted(p["day"] for p in calendar["posts"])
    watched.assert_clean()
    page.close()


def test_a_brief_with_clauses_says_each_one_and_prints_on_a4(server, chromium, solved, tmp_path):  # noqa: F811
    sid, roster = solved(DEMO)  # the demo season: clauses with regions, platforms and carve-outs
    creator, calendar = creator_with_the_most(server, sid, roster)
    assert calendar["entries"], "the demo books no committed creator under a clause"
    page, watched = open_brief(chromium, server, sid, creator)
    assert_every_post_and_restriction(page, roster, creator, calendar)
    assert_only_her_own(page, server, sid, creator, roster)
    folder = artifacts(tmp_path)
    page.screenshot(path=str(folder / "web-brief.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("nav").is_hidden() and page.locator("#brief .brief-actions").is_hidden()
    assert page.locator("#brief-rules").is_visible()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(folder / "web-brief-print.png"), full_page=True)
    watched.assert_clean()
    page.close()

    phone, watched = open_brief(chromium, server, sid, creator, width=390)
    phone.screenshot(path=str(folder / "web-brief-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing sticks out sideways
    watched.assert_clean()
    phone.close()


def test_an_unknown_creator_is_said_in_the_page(server, chromium, solved):  # noqa: F811
    sid, _ = solved(LOOK_BACK)
    page, watched = open_app(chromium, server)
    watched.expected_statuses.add(404)
    page.goto(f"{server}/#/brief/{sid}/nobody")
    page.wait_for_selector("#brief-status .errors")
    assert "nobody" in page.inner_text("#brief-status") and page.locator("#brief").is_hidden()
    watched.assert_clean()
    page.close()
