"""The Scenarios page's creator import in a real headless Chromium: a good sheet, then a bad one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app

pytestmark = pytest.mark.slow  # a real server and a real browser

EXAMPLE = Path(__file__).parent / "data" / "examples" / "07-prior-commitments.json"


def test_import_a_sheet_then_see_bad_cells_by_row_and_column(server, chromium, tmp_path):  # noqa: F811
    page, watched = open_app(chromium, server)
    page.wait_for_selector("#page-scenarios:not([hidden])")
    page.get_by_label("A scenario/1 file (JSON or YAML)").set_input_files(str(EXAMPLE))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("#upload-result .ok")
    name = json.loads(EXAMPLE.read_text())["name"]
    page.wait_for_selector(f"#import-scenario option:has-text('{name}')", state="attached")

    good = tmp_path / "creators.csv"
    good.write_text("id,platforms,audience.US,engagement_rate,fee_per_post\n"
                    "dee,instagram,90000,0.061,900\nben,instagram,300000,0.05,1600\n", encoding="utf-8")
    form = page.get_by_role("form", name="Import creators from a sheet")
    form.get_by_label("Scenario").select_option(label=page.locator("#import-scenario option", has_text=name)
                                                .first.inner_text())
    form.get_by_label("A creator sheet (.csv or .xlsx)").set_input_files(str(good))
    form.get_by_role("button", name="Import creators").click()
    page.wait_for_selector("#import-result .ok")
    shown = page.inner_text("#import-result")
    assert "version 2" in shown
    assert "added 1: dee" in shown and "updated 1: ben" in shown and "unchanged 0: none" in shown
    row = page.locator("#scenario-table tbody tr", has_text=name)
    row.locator("td").nth(2).filter(has_text="2").wait_for()  # the table shows the new version

    watched.expected_statuses = {422}  # the bad sheet below
    bad = tmp_path / "bad.csv"
    bad.write_text("id,fee_per_post,platforms\nava,2000,instagram\nben,lots,instagram\ncy,500,snapchat\n",
                   encoding="utf-8")
    form.get_by_label("A creator sheet (.csv or .xlsx)").set_input_files(str(bad))
    form.get_by_role("button", name="Import creators").click()
    page.wait_for_selector("#import-result ul.errors li")
    errors = page.inner_text("#import-result")
    assert "row 3, column fee_per_post" in errors and "whole number" in errors
    assert "row 4, column platforms" in errors and "snapchat" in errors
    assert "invalid sheet: 2 problem(s)" in errors
    page.screenshot(path=str(artifacts(tmp_path) / "web-import-errors.png"), full_page=True)
    assert "2" in row.locator("td").nth(2).inner_text()  # nothing stored
    watched.assert_clean()
    page.close()
