"""The Monitor page in a real headless Chromium: a CSV of published posts read in the page, the alerts tabled as
POST /monitor answers them, each creator linked to her row on the timeline; a bad cell is named by row and
column and nothing is sent.

Example 07: ava's commitment ava-sunbrite-2027 holds sunscreen (category exclusivity, 2027-03-01 to 2027-04-30);
cy has no commitment.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app
from .test_web_timeline import EXAMPLES, stored

pytestmark = pytest.mark.slow  # a real server and a real browser

SCENARIO = EXAMPLES / "07-prior-commitments.json"

ONE_BREACH = ("creator,day,brand,category,regions,platforms\n"
              "ava,2027-04-10,glowco,sunscreen,US,instagram\n"  # inside her sunbrite clause
              'cy,2027-04-10,glowco,sunscreen,"US;UK",instagram\n')  # cy has no clause: clean
AS_POSTS = [{"creator": "ava", "day": "2027-04-10", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
             "platforms": ["instagram"]},
            {"creator": "cy", "day": "2027-04-10", "brand": "glowco", "category": "sunscreen", "regions": ["US", "UK"],
             "platforms": ["instagram"]}]
BAD_DAY_IN_ROW_3 = ("creator,day,brand,category,regions,platforms\n"
                    "ava,2027-04-10,glowco,sunscreen,US,instagram\n"
                    "cy,2027-02-30,glowco,sunscreen,US|UK,instagram\n")


def open_monitor(chromium, url: str, sid: str, width: int = 1280):  # noqa: F811
    page, watched = open_app(chromium, url, width)
    page.goto(f"{url}/#/monitor/{sid}")
    page.wait_for_function(f"document.getElementById('monitor-scenario').value === '{sid}'")
    return page, watched


def upload(page, tmp_path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    page.get_by_label("Published posts: a CSV or JSON file").set_input_files(str(path))
    page.get_by_role("button", name="Check the posts").click()


def alerts_shown(page) -> list[dict]:
    return page.eval_on_selector_all("#monitor-alerts tbody tr", """rows => rows.map(r => ({
        post: Number(r.dataset.post), number: r.cells[0].firstChild.textContent, creator: r.cells[1].textContent,
        day: r.cells[2].textContent, breaches: [...r.cells[3].querySelectorAll('li')].map(li => ({
            with: li.dataset.with, phase: li.querySelector('.phase').textContent,
            message: li.querySelector('.message').textContent}))}))""")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_csv_with_one_breach_is_tabled_as_the_monitor_answers(server, chromium, tmp_path, width):  # noqa: F811
    sid, _ = stored(server, SCENARIO, solve=False)
    answer = httpx.post(f"{server}/monitor", json={"scenario": sid, "posts": AS_POSTS}, timeout=30).json()
    assert [a["creator"] for a in answer["alerts"]] == ["ava"]
    page, watched = open_monitor(chromium, server, sid, width)
    upload(page, tmp_path, "posts.csv", ONE_BREACH)
    page.wait_for_selector("#monitor-result:not([hidden]) #monitor-alerts tbody tr")
    assert alerts_shown(page) == [{"post": a["post"], "number": str(a["post"] + 1), "creator": a["creator"], "day": a["day"],
                                   "breaches": a["breaches"]} for a in answer["alerts"]]
    assert "CSV row 2" in page.inner_text("#monitor-alerts tbody tr")  # the post's row in the file
    summary = page.inner_text("#monitor-summary")
    assert "2 posts checked" in summary and "1 post breaches" in summary and "1 clean" in summary
    assert page.locator("#monitor-none").is_hidden()
    link = page.get_by_role("link", name="ava on the timeline")
    assert link.get_attribute("href") == f"#/timeline/{sid}?creator=ava"
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(artifacts(tmp_path) / f"web-monitor-{width}.png"), full_page=True)
    link.click()  # her row, and only hers, on the timeline
    page.wait_for_selector("#page-timeline:not([hidden]) #tl-rows .tl-creator")
    assert page.input_value("#tl-creator") == "ava"
    rows = page.eval_on_selector_all("#tl-rows .tl-creator", "rows => rows.map(r => r.dataset.creator)")
    assert rows == ["ava"]
    watched.assert_clean()
    page.close()


def test_clean_posts_say_no_breaches(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, SCENARIO, solve=False)
    page, watched = open_monitor(chromium, server, sid)
    page.fill("#monitor-text", '{"posts": [' + '{"creator": "cy", "day": "2027-04-10", "brand": "glowco", '
              '"category": "sunscreen", "regions": ["US"], "platforms": ["instagram"]}]}')
    page.get_by_role("button", name="Check the posts").click()
    page.wait_for_selector("#monitor-result:not([hidden])")
    assert page.locator("#monitor-none").is_visible() and "No breaches" in page.inner_text("#monitor-none")
    assert page.locator("#monitor-alerts tbody tr").count() == 0
    assert "1 post checked" in page.inner_text("#monitor-summary")
    watched.assert_clean()
    page.close()


def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_sent(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, SCENARIO, solve=False)
    page, watched = open_monitor(chromium, server, sid)
    sent = []
    page.on("request", lambda request: sent.append(request.url) if urlsplit(request.url).path == "/monitor" else None)
    upload(page, tmp_path, "posts.csv", BAD_DAY_IN_ROW_3)
    page.wait_for_selector("#monitor-errors .errors")
    error = page.inner_text("#monitor-errors")
    assert "row 3" in error and "column day" in error and "2027-02-30" in error and "Nothing was sent" in error
    assert page.locator("#monitor-result").is_hidden()
    page.screenshot(path=str(artifacts(tmp_path) / "web-monitor-bad-cell.png"), full_page=True)
    assert sent == []  # no POST /monitor left the page
    watched.assert_clean()
    page.close()
