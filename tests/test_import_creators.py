"""Creators in from a planner's sheet: reading (CSV, XLSX, bounds), merging, the command and the HTTP route."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from creator_roster.api.app import create_app
from creator_roster.api.cli import app
from creator_roster.api.settings import ServerSettings
from creator_roster.models import load_roster, load_scenario
from creator_roster.models.scenario import Creator
from creator_roster.planning import sheet as sheet_module
from creator_roster.planning.import_creators import import_creators_file
from creator_roster.planning.sheet import XLSX_MEDIA_TYPE, SheetError, column_letter

from .conftest import assert_valid

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "examples" / "07-prior-commitments.json"  # creators ava, ben, cy
DEMO = ROOT / "scenarios" / "demo.json"
EXAMPLE_SHEET = ROOT / "docs" / "import-example.csv"
runner = CliRunner()

FULL_HEADER = ("id,platforms,audience.US,audience.UK,engagement_rate,fee_per_post,exclusivity_premium.full,"
               "exclusivity_premium.category,exclusivity_premium.competitors,max_posts_per_week,unavailable,"
               "blocked_brands")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(EXAMPLE)


def csv_bytes(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def imported(scenario, *lines: str):
    return import_creators_file(scenario, csv_bytes(*lines), "csv", "creators.csv")


def problems(scenario, *lines: str, kind: str = "csv", data: bytes | None = None) -> dict[str, str]:
    """where -> message of every issue the sheet has (the import must refuse it)."""
    with pytest.raises(SheetError) as caught:
        import_creators_file(scenario, data if data is not None else csv_bytes(*lines), kind, "creators.csv")
    return {issue.where: issue.message for issue in caught.value.issues}


def creator(result, ident: str) -> dict:
    return next(c for c in result.scenario.to_document()["creators"] if c["id"] == ident)


# --- merging ---------------------------------------------------------------------------------

def test_a_known_id_updates_the_columns_present_and_keeps_the_others(scenario):
    result = imported(scenario, "id,fee_per_post", "ben,1750", "ava,2000")
    assert result.updated == ["ben"] and result.unchanged == ["ava"] and result.added == []
    ben = creator(result, "ben")
    assert ben == {"id": "ben", "platforms": ["instagram"], "audience": {"US": 300000}, "engagement_rate": 0.05,
                   "fee_per_post": 1750}
    assert [c.id for c in result.scenario.creators] == ["ava", "ben", "cy"]  # order kept, nothing removed
    assert result.scenario.creators[2] == scenario.creators[2]


def test_a_new_id_adds_a_creator_after_the_others(scenario):
    result = imported(scenario, "id,platforms,audience.US,engagement_rate,fee_per_post",
                      "dee,instagram,90000,0.061,900", "ava,instagram,400000,0.05,2000")
    assert result.added == ["dee"] and result.unchanged == ["ava"] and result.changed
    assert [c.id for c in result.scenario.creators] == ["ava", "ben", "cy", "dee"]
    assert creator(result, "dee") == {"id": "dee", "platforms": ["instagram"], "audience": {"US": 90000},
                                      "engagement_rate": 0.061, "fee_per_post": 900}
    # ava's sheet row leaves out audience.UK: her UK audience is kept
    assert creator(result, "ava")["audience"] == {"US": 400000, "UK": 100000}


def test_a_sheet_of_the_same_values_changes_nothing(scenario):
    result = imported(scenario, "id,engagement_rate,fee_per_post,audience.US", "ava,5%,\"2,000\",400000",
                      "cy,0.040,500,100000")
    assert result.unchanged == ["ava", "cy"] and not result.changed
    assert result.scenario.to_document() == scenario.to_document()


def test_every_field_type_reads_into_the_creator(scenario):
    result = imported(scenario, FULL_HEADER,
                      'ava,instagram,"1,200,000",7,4.2%,4000,0.12,8%,0.03,3,'
                      '"2027-05-01..2027-05-10; 2027-05-20",sunbrite; dermaplus')
    ava = Creator.model_validate(creator(result, "ava"))
    assert ava.platforms == ["instagram"] and ava.audience == {"US": 1_200_000, "UK": 7}
    assert ava.engagement_rate == Decimal("0.042") and ava.fee_per_post == 4000  # exactly, not a binary float
    premium = ava.exclusivity_premium
    assert (premium.full, premium.category, premium.competitors) == (Decimal("0.12"), Decimal("0.08"),
                                                                     Decimal("0.03"))
    assert ava.max_posts_per_week == 3
    assert [(r.start.isoformat(), r.end.isoformat()) for r in ava.unavailable] == [
        ("2027-05-01", "2027-05-10"), ("2027-05-20", "2027-05-20")]
    assert ava.blocked_brands == ["sunbrite", "dermaplus"]
    assert result.updated == ["ava"]


def test_an_empty_cell_clears_an_optional_field(scenario):
    first = imported(scenario, "id,max_posts_per_week,unavailable,blocked_brands,exclusivity_premium.full,audience.UK",
                     "ava,2,2027-04-01,glowco,0.2,")
    ava = creator(first, "ava")
    assert ava["max_posts_per_week"] == 2 and ava["blocked_brands"] == ["glowco"] and "UK" not in ava["audience"]
    cleared = import_creators_file(first.scenario, csv_bytes(
        "id,max_posts_per_week,unavailable,blocked_brands,exclusivity_premium.full", "ava,,,,"), "csv")
    assert creator(cleared, "ava") == {"id": "ava", "platforms": ["instagram"], "audience": {"US": 400000},
                                       "engagement_rate": 0.05, "fee_per_post": 2000}


def test_semicolon_delimited_csv_with_a_byte_order_mark(scenario):
    data = "\ufeffid;fee_per_post;platforms\r\nben;1600;instagram\r\n".encode("utf-8")
    result = import_creators_file(scenario, data, "csv")
    assert result.updated == ["ben"] and creator(result, "ben")["fee_per_post"] == 1600


# --- bad cells: each names its row and column ------------------------------------------------

@pytest.mark.parametrize("column, cell, words", [
    ("fee_per_post", "lots", "whole number"),
    ("fee_per_post", "20.5", "whole number"),
    ("fee_per_post", "-3", "whole number"),
    ("audience.US", "1.5k", "whole number"),
    ("engagement_rate", "0,05", "decimal point"),
    ("engagement_rate", "1.5", "less than or equal to 1"),
    ("exclusivity_premium.full", "ten", "number like"),
    ("max_posts_per_week", "9", "less than or equal to 7"),
    ("unavailable", "2027-02-30", "not a real day"),
    ("unavailable", "May 1", "YYYY-MM-DD"),
    ("unavailable", "2027-04-05..2027-04-01", "ends (2027-04-01) before it starts"),
    ("platforms", "instagram;;tiktok", "empty entry"),
    ("platforms", "snapchat", "unknown platform 'snapchat'"),
    ("blocked_brands", "nobody", "unknown brand 'nobody'"),
    ("fee_per_post", "", "every creator needs"),
])
def test_a_bad_cell_names_its_row_and_column(scenario, column, cell, words):
    found = problems(scenario, f"id,{column}", f"ben,\"{cell}\"")
    assert list(found) == [f"row 2, column {column}"], found
    assert words in found[f"row 2, column {column}"]


@pytest.mark.parametrize("lines, where, words", [
    (("id,fee,platforms", "ava,1,instagram"), "row 1, column fee", "unknown column"),
    (("id,audience.FR", "ava,1"), "row 1, column audience.FR", "region 'FR' is not one of"),
    (("id,exclusivity_premium.total", "ava,1"), "row 1, column exclusivity_premium.total", "not a level"),
    (("id,fee_per_post,fee_per_post", "ava,1,2"), "row 1, column fee_per_post", "appears twice"),
    (("fee_per_post", "1"), "row 1", "no id column"),
    (("id,fee_per_post", "ava,1", "ava,2"), "row 3, column id", "also on row 2"),
    (("id,fee_per_post", ",1"), "row 2, column id", "every creator needs"),
    (("id,fee_per_post", "ava,1,oops"), "row 2, column C", "without a header"),
    (("id,fee_per_post", "zed,1"), "row 2, column platforms", "is new"),
])
def test_a_bad_header_or_row_is_named(scenario, lines, where, words):
    found = problems(scenario, *lines)
    assert where in found and words in found[where], found


def test_every_bad_cell_is_reported_in_one_run(scenario):
    found = problems(scenario, "id,platforms,fee_per_post,engagement_rate,unavailable",
                     "ava,instagram,lots,0.05,",
                     "",  # a blank line is a row the planner sees too
                     "ben,snapchat,100,2,2027-13-01",
                     "cy,instagram,100,0.01,")
    assert found.keys() == {"row 2, column fee_per_post", "row 4, column platforms", "row 4, column engagement_rate",
                            "row 4, column unavailable"}


# --- XLSX --------------------------------------------------------------------------------------

def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_with_typed_cells_imports(scenario):
    import datetime as dt

    data = xlsx_bytes([["id", "platforms", "audience.US", "engagement_rate", "fee_per_post", "unavailable"],
                       ["dee", "instagram", 90000, 0.061, 900, dt.datetime(2027, 4, 2)],
                       [None, None, None, None, None, None],
                       ["ben", "instagram", 300000.0, 0.05, 1600, "2027-04-01..2027-04-03"]])
    result = import_creators_file(scenario, data, "xlsx", "creators.xlsx")
    assert result.added == ["dee"] and result.updated == ["ben"]
    assert creator(result, "dee")["unavailable"] == [{"start": "2027-04-02", "end": "2027-04-02"}]
    assert creator(result, "dee")["engagement_rate"] == 0.061 and creator(result, "ben")["fee_per_post"] == 1600


def test_a_bad_xlsx_cell_names_the_column_letter_too(scenario):
    data = xlsx_bytes([["id", "platforms", "engagement_rate", "fee_per_post"],
                       ["ava", "instagram", 0.05, 2000],
                       [None],
                       ["ben", "instagram", 1.5, "a lot"]])
    found = problems(scenario, kind="xlsx", data=data)
    assert found.keys() == {"row 4, column engagement_rate (C)", "row 4, column fee_per_post (D)"}


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


# --- hostile sheets: refused before the work, saying which bound -----------------------------

def test_a_file_over_the_size_bound_is_refused(scenario):
    found = problems(scenario, data=b"id\n" + b"x" * sheet_module.MAX_SHEET_BYTES)
    assert "over the limit" in found[""] and "bytes" in found[""]


def test_too_many_rows_is_refused(scenario, monkeypatch):
    monkeypatch.setattr(sheet_module, "MAX_ROWS", 50)
    found = problems(scenario, "id,fee_per_post", *(f"c{i},1" for i in range(51)))
    assert found == {"row 52": "more than 50 rows of creators"}


def test_too_many_columns_is_refused(scenario):
    found = problems(scenario, ",".join(f"c{i}" for i in range(sheet_module.MAX_COLUMNS + 1)), "x")
    assert "columns, over the limit" in found["row 1"]


def test_a_huge_cell_is_refused(scenario):
    found = problems(scenario, "id,unavailable", "ava," + "2027-04-01; " * 1000)
    assert "characters, over the limit" in found["row 2, column unavailable"]


def test_a_cell_beyond_what_csv_reads_is_refused(scenario):
    found = problems(scenario, "id,unavailable", 'ava,"' + "x" * 200_000 + '"')
    assert any("not readable as CSV" in m for m in found.values())


def test_an_xlsx_that_unpacks_to_too_much_is_refused(scenario):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (sheet_module.MAX_UNPACKED_BYTES + 1))
    found = problems(scenario, kind="xlsx", data=packed.getvalue())
    assert "unpacks to" in found[""]


@pytest.mark.parametrize("data, kind, words", [
    ("id\ncafé\n".encode("latin-1"), "csv", "not UTF-8"),
    (b"id,fee_per_post\nava,1\n", "xlsx", "not an XLSX"),
    (b"", "csv", "empty"),
])
def test_an_unreadable_file_says_why(scenario, data, kind, words):
    found = problems(scenario, kind=kind, data=data)
    assert any(words in message for message in found.values()), found


# --- the command -----------------------------------------------------------------------------

def test_the_command_refuses_bad_cells_with_exit_2_and_writes_nothing(tmp_path):
    table = tmp_path / "creators.csv"
    table.write_bytes(csv_bytes("id,fee_per_post,platforms", "ava,1000,instagram", "ben,lots,instagram",
                                "cy,10,tiktok"))
    out = tmp_path / "new.json"
    result = runner.invoke(app, ["import-creators", str(EXAMPLE), str(table), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "creators.csv row 3, column fee_per_post: expected a whole number" in result.output
    assert "creators.csv row 4, column platforms: unknown platform 'tiktok'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [table]  # not even a temporary file


def test_the_command_refuses_a_sheet_that_is_not_one(tmp_path):
    table = tmp_path / "creators.txt"
    table.write_text("id\nava\n")
    result = runner.invoke(app, ["import-creators", str(EXAMPLE), str(table), "-o", str(tmp_path / "n.json")])
    assert result.exit_code == 2 and "not a sheet" in result.output and "Traceback" not in result.output


def test_the_command_writes_a_scenario_that_solves_and_validates(tmp_path):
    out = tmp_path / "demo-plus.json"
    result = runner.invoke(app, ["import-creators", str(DEMO), str(EXAMPLE_SHEET), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "nora-sun, otto-run" in result.output and "ava-glow" in result.output
    written = load_scenario(out)
    by_id = {c.id: c for c in written.creators}
    assert by_id["ava-glow"].fee_per_post == 9900 and by_id["ava-glow"].engagement_rate == Decimal("0.038")
    assert by_id["nora-sun"].model_dump(mode="json", exclude_none=True) == {
        "id": "nora-sun", "platforms": ["instagram", "youtube"], "audience": {"US": 410000, "UK": 120000},
        "engagement_rate": 0.047, "fee_per_post": 5200, "exclusivity_premium": {"category": 0.1},
        "max_posts_per_week": 2, "unavailable": [{"start": "2027-04-06", "end": "2027-04-12"},
                                                 {"start": "2027-05-01", "end": "2027-05-01"}],
        "blocked_brands": ["maneco"]}
    assert by_id["otto-run"].platforms == ["tiktok"] and by_id["otto-run"].audience == {"US": 150000, "CA": 60000}
    assert len(written.creators) == len(load_scenario(DEMO).creators) + 2

    roster_path = tmp_path / "roster.json"
    solved = runner.invoke(app, ["solve", str(out), "-o", str(roster_path), "--time-limit", "5", "--quiet"])
    assert solved.exit_code == 0, solved.output
    roster = load_roster(roster_path)
    assert roster.status in ("optimal", "feasible")
    assert_valid(written, roster)


# --- HTTP ----------------------------------------------------------------------------------------

@pytest.fixture
def client(tmp_path):
    settings = ServerSettings(database_url=f"sqlite:///{tmp_path / 'roster.db'}")
    with TestClient(create_app(settings), base_url="http://localhost") as c:
        yield c


def stored(client) -> str:
    r = client.post("/scenarios", content=EXAMPLE.read_bytes(), headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_http_import_stores_a_new_version(client):
    sid = stored(client)
    sheet = csv_bytes("id,platforms,audience.US,engagement_rate,fee_per_post", "dee,instagram,90000,0.061,900",
                      "ben,instagram,300000,0.05,1600", "ava,instagram,400000,0.05,2000")
    r = client.post(f"/scenarios/{sid}/creators/import", content=sheet,
                    headers={"Content-Type": "text/csv; charset=utf-8", "If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": sid, "version": 2, "added": ["dee"], "updated": ["ben"], "unchanged": ["ava"]}
    assert r.headers["etag"] == '"2"'
    document = client.get(f"/scenarios/{sid}").json()
    assert [c["id"] for c in document["creators"]] == ["ava", "ben", "cy", "dee"]
    assert document["creators"][1]["fee_per_post"] == 1600

    data = xlsx_bytes([["id", "fee_per_post"], ["cy", 650]])  # without If-Match, like PUT
    r = client.post(f"/scenarios/{sid}/creators/import", content=data, headers={"Content-Type": XLSX_MEDIA_TYPE})
    assert r.status_code == 200 and r.json()["version"] == 3 and r.json()["updated"] == ["cy"]

    r = client.post(f"/scenarios/{sid}/creators/import", content=data, headers={"Content-Type": XLSX_MEDIA_TYPE})
    assert r.status_code == 200 and r.json()["version"] == 3 and r.json()["unchanged"] == ["cy"]  # nothing new


def test_http_bad_cells_are_a_422_naming_row_and_column_and_nothing_is_stored(client):
    sid = stored(client)
    before = client.get(f"/scenarios/{sid}").text
    sheet = csv_bytes("id,fee_per_post,engagement_rate", "ava,2000,0.05", "ben,20.5,0.05", "cy,500,7%%")
    r = client.post(f"/scenarios/{sid}/creators/import", content=sheet, headers={"Content-Type": "text/csv"})
    assert r.status_code == 422, r.text
    paths = [e["path"] for e in r.json()["errors"]]
    assert paths == ["row 3, column fee_per_post", "row 4, column engagement_rate"]
    assert r.json()["detail"] == "invalid sheet: 2 problem(s)"
    after = client.get(f"/scenarios/{sid}")
    assert after.headers["etag"] == '"1"' and after.text == before
    assert [v["version"] for v in client.get(f"/scenarios/{sid}/versions").json()] == [1]

    bad = xlsx_bytes([["id", "fee_per_post"], ["ava", "lots"]])
    r = client.post(f"/scenarios/{sid}/creators/import", content=bad, headers={"Content-Type": XLSX_MEDIA_TYPE})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "row 2, column fee_per_post (B)"


def test_http_refuses_other_types_stale_versions_and_unknown_scenarios(client):
    sid = stored(client)
    sheet = csv_bytes("id,fee_per_post", "ava,2100")
    r = client.post(f"/scenarios/{sid}/creators/import", content=sheet,
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 415 and "not a sheet" in r.json()["detail"]
    r = client.post(f"/scenarios/{sid}/creators/import", content=sheet,
                    headers={"Content-Type": "text/csv", "If-Match": '"7"'})
    assert r.status_code == 409 and r.headers["etag"] == '"1"'
    r = client.post("/scenarios/nope/creators/import", content=sheet, headers={"Content-Type": "text/csv"})
    assert r.status_code == 404
    assert json.loads(client.get(f"/scenarios/{sid}").text)["creators"][0]["fee_per_post"] == 2000


def test_a_cell_that_does_not_read_is_reported_once(scenario):
    found = problems(scenario, "id,platforms,engagement_rate,fee_per_post", "zed,instagram,0.1,lots")
    with pytest.raises(SheetError) as caught:
        imported(scenario, "id,platforms,engagement_rate,fee_per_post", "zed,instagram,0.1,lots")
    assert len(caught.value.issues) == 1 and "whole number" in found["row 2, column fee_per_post"]
