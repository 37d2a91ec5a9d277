"""The web app's Scenarios page in a real headless Chromium: list, upload, errors by path, versions, delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import browser
from .test_web_docs import artifacts, chromium, server, start_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow  # a real server and a real browser

EXAMPLE = Path(__file__).parent / "data" / "examples" / "07-prior-commitments.json"
DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.json"


def open_app(chromium, url: str, width: int = 1280):  # noqa: F811 - the fixture, passed in
    page = chromium.new_page(viewport={"width": width, "height": 900})
    watched = browser.Watched(url)
    watched.attach(page)
    page.goto(url + "/")
    return page, watched


def test_upload_list_errors_versions_and_delete(server, chromium, tmp_path):  # noqa: F811
    page, watched = open_app(chromium, server)
    page.wait_for_selector("#page-scenarios:not([hidden])")
    page.wait_for_selector("#no-scenarios:not([hidden])")

    page.get_by_label("A scenario/1 file (JSON or YAML)").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("#upload-result .ok")
    assert "stored as" in page.inner_text("#upload-result")
    name = json.loads(EXAMPLE.read_text())["name"]
    row = page.locator("#scenario-table tbody tr", has_text=name)
    assert row.count() == 1 and "1" in row.locator("td").nth(2).inner_text()

    watched.expected_statuses.add(422)  # the bad upload below
    bad = json.loads(DEMO.read_text())
    bad["campaigns"][1]["brand"] = "nobody"
    page.get_by_label("or paste it here").fill(json.dumps(bad, indent=2))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("#upload-result ul.errors li")
    errors = page.inner_text("#upload-result")
    assert "campaigns[1].brand" in errors and "nobody" in errors
    assert '"brand": "nobody"' in page.inner_text("#upload-result .excerpt")  # the offending line, beside it
    page.screenshot(path=str(artifacts(tmp_path) / "web-scenarios-errors.png"), full_page=True)

    row.get_by_role("button", name=f"versions of {name}").click()
    page.wait_for_selector("#versions:not([hidden]) li")
    assert "version 1" in page.inner_text("#version-list")

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=f"delete {name}").click()
    page.wait_for_selector("#no-scenarios:not([hidden])")
    assert page.locator("#scenario-table tbody tr").count() == 0
    watched.assert_clean()
    page.close()


def test_the_page_is_usable_from_the_keyboard_and_at_phone_width(server, chromium, tmp_path):  # noqa: F811
    page, watched = open_app(chromium, server, width=390)
    page.wait_for_selector("#page-scenarios:not([hidden])")
    page.get_by_label("or paste it here").fill(EXAMPLE.read_text())
    page.keyboard.press("Tab")  # from the text to the Upload button
    page.keyboard.press("Enter")
    page.wait_for_selector("#upload-result .ok")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # nothing sticks out sideways
    page.screenshot(path=str(artifacts(tmp_path) / "web-scenarios-phone.png"), full_page=True)
    watched.assert_clean()
    page.close()


def test_with_an_api_key_the_page_asks_for_it_once(chromium, tmp_path):  # noqa: F811
    if browser.why_not():
        pytest.skip(f"{browser.why_not()}: {browser.HOW_TO_GET_IT}")
    key = "k" * 24
    running = start_server(tmp_path, {"ROSTER_API_KEY": key})
    url = running.url
    try:
        page = chromium.new_page()
        watched = browser.Watched(url)
        page.on("request", watched._request)
        page.goto(url + "/")
        page.wait_for_selector("#key-form:not([hidden])")
        page.get_by_role("textbox", name="Key").fill(key)
        page.get_by_role("button", name="Use this key").click()
        page.wait_for_selector("#no-scenarios:not([hidden])")  # the list came back with the key
        assert page.locator("#key-form").is_hidden()
        assert watched.foreign == []
        page.close()
    finally:
        running.stop()
