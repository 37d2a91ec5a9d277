"""`roster export`: a roster as CSV (RFC 4180) or XLSX, one row per post, adding up to the roster."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import dump_json, load_scenario
from creator_roster.planning.export import COLUMNS, split
from creator_roster.rules.words import clause_words

from .conftest import solve_checked

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "demo.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo scenario's roster, solved (and validated) once for the module."""
    folder = tmp_path_factory.mktemp("export")
    scenario = load_scenario(DEMO)
    roster = solve_checked(scenario, time_limit_s=20)
    (folder / "roster.json").write_text(dump_json(roster))
    return folder, scenario, roster


def export(folder: Path, name: str, *more: str):
    out = folder / name
    result = runner.invoke(app, ["export", str(folder / "roster.json"), "--scenario", str(DEMO), "-o", str(out), *more])
    return result, out


def test_the_csv_has_one_row_per_post_and_adds_up_to_the_roster(demo):
    folder, scenario, roster = demo
    result, out = export(folder, "roster.csv")
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == sum(len(a.posts) for a in roster.assignments)
    for a in roster.assignments:
        mine = [r for r in rows if (r["creator"], r["campaign"]) == (a.creator, a.campaign)]
        assert [r["post_date"] for r in mine] == [d.isoformat() for d in sorted(a.posts)]
        assert sum(int(r["fee"]) for r in mine) == a.fee and sum(int(r["value"]) for r in mine) == a.value
        assert all(int(r["base_fee"]) + int(r["premium"]) == int(r["fee"]) for r in mine)
        brand = next(k.brand for k in scenario.campaigns if k.id == a.campaign)
        assert {r["brand"] for r in mine} == {brand}
    assert sum(int(r["fee"]) for r in rows) == roster.total_fees


def test_the_clause_is_in_words_with_the_days_the_booking_makes_it_cover(demo):
    folder, scenario, roster = demo
    phased = next(k for k in scenario.campaigns if len(k.phases) > 1)  # the demo's phased launch clause
    booking = next(a for a in roster.assignments if a.campaign == phased.id)
    words, start, end = clause_words(phased, min(booking.posts), max(booking.posts))
    assert "; then " in words and words.startswith("full exclusivity")
    assert start <= min(booking.posts) and end >= max(booking.posts)
    rows = list(csv.DictReader(io.StringIO(export(folder, "c.csv")[1].read_text(), newline="")))
    row = next(r for r in rows if (r["creator"], r["campaign"]) == (booking.creator, booking.campaign))
    assert row["clause"] == words and row["clause_from"] == start.isoformat() and row["clause_to"] == end.isoformat()


def test_the_xlsx_has_typed_dates_and_numbers(demo):
    from openpyxl import load_workbook

    folder, _, roster = demo
    result, out = export(folder, "roster.xlsx")
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert tuple(header) == COLUMNS
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(body) == sum(len(a.posts) for a in roster.assignments)
    date_col, fee_col = header.index("post_date"), header.index("fee")
    assert all(isinstance(r[date_col], dt.datetime) for r in body)  # a date cell, not text
    assert all(isinstance(r[fee_col], int) for r in body)
    assert sum(r[fee_col] for r in body) == roster.total_fees
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_a_roster_of_another_scenario_is_refused_naming_the_assignment(demo, tmp_path):
    folder, _, roster = demo
    doc = json.loads(dump_json(roster))
    doc["assignments"][1]["creator"] = "nobody"
    (tmp_path / "roster.json").write_text(json.dumps(doc))
    result = runner.invoke(app, ["export", str(tmp_path / "roster.json"), "--scenario", str(DEMO),
                                 "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "assignments[1].creator" in result.output
    assert not (tmp_path / "x.csv").exists()  # nothing written


def test_an_unknown_format_is_exit_2(demo, tmp_path):
    folder, _, _ = demo
    result = runner.invoke(app, ["export", str(folder / "roster.json"), "--scenario", str(DEMO),
                                 "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "--format" in result.output


def test_a_split_adds_up_with_the_remainder_first():
    assert split(10, 3) == [4, 3, 3] and sum(split(9121, 2)) == 9121 and split(-5, 2) == [-2, -3]
