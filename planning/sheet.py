"""A planner's spreadsheet (CSV or XLSX) as rows of cells, read within fixed bounds.

Every cell keeps where the planner sees it: its row number (the header is
row 1) and its column's header, plus the column letter for an XLSX file.
The bounds are checked before any real work: the file's size (and, for an
XLSX, the size of what it unpacks to), then rows, columns and cell lengths
while reading, so a hostile file is refused in milliseconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Optional

MAX_SHEET_BYTES = 2 * 1024 * 1024
"""A sheet file is at most this big (the HTTP service's limit for a request body too)."""
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
"""An XLSX (a zip) unpacks to at most this much: a small file that inflates to gigabytes is refused."""
MAX_ROWS = 20_000
"""Data rows, the header not counted (the server's default cap on a scenario's creators)."""
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
"""Characters in one cell: room for a year of unavailable ranges."""

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv"


@dataclass(frozen=True)
class SheetIssue:
    """One problem with a sheet, where the planner sees it: ``row 4, column fee_per_post`` (``where``)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SheetError(ValueError):
    """A sheet that cannot be imported; every problem found is in ``issues``."""

    def __init__(self, issues: Iterable[SheetIssue], name: str = "sheet"):
        self.issues = list(issues)
        self.name = name
        super().__init__(f"invalid {name}: {len(self.issues)} problem(s)")

    def lines(self) -> list[str]:
        """Each problem on one line, led by the sheet's name: ``creators.csv row 4, column fee_per_post: ...``."""
        return [f"{self.name} {issue}" for issue in self.issues]

    def as_json(self) -> list[dict]:
        return [{"path": i.where, "message": i.message} for i in self.issues]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet shows it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Sheet:
    """The header and the non-empty data rows, each with its row number as the planner sees it."""

    kind: str  # csv or xlsx
    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def where(self, row: int, column: Optional[int] = None, name: Optional[str] = None) -> str:
        """``row 4, column fee_per_post`` (an XLSX adds the letter: ``column fee_per_post (D)``)."""
        if column is None and name is None:
            return f"row {row}"
        name = name if name is not None else self.header[column]
        letter = f" ({column_letter(column)})" if self.kind == "xlsx" and column is not None else ""
        return f"row {row}, column {name}{letter}"


def kind_of(name: str, media_type: Optional[str] = None) -> str:
    """csv or xlsx, from a media type or else the file name; ValueError for anything else."""
    media = (media_type or "").split(";", 1)[0].strip().lower()
    if media == XLSX_MEDIA_TYPE or (not media and name.lower().endswith(".xlsx")):
        return "xlsx"
    if media in (CSV_MEDIA_TYPE, "application/csv") or (not media and name.lower().endswith(".csv")):
        return "csv"
    what = f"content type {media!r}" if media else f"file {name!r}"
    raise ValueError(f"{what} is not a sheet: send CSV (text/csv, .csv) or XLSX ({XLSX_MEDIA_TYPE}, .xlsx)")


def read_sheet(data: bytes, kind: str, name: str = "sheet") -> Sheet:
    """The sheet in ``data`` (CSV or XLSX bytes), within the bounds above; else SheetError."""
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError([SheetIssue("", f"the file is {len(data):,} bytes, over the limit of "
                                         f"{MAX_SHEET_BYTES:,}")], name)
    records = _csv_records(data, name) if kind == "csv" else _xlsx_records(data, name)
    return _bounded(records, kind, name)


def _bounded(records: Iterator[list[Any]], kind: str, name: str) -> Sheet:
    header: Optional[list[str]] = None
    sheet = Sheet(kind, [])
    for number, cells in enumerate(records, start=1):
        while cells and _blank(cells[-1]):
            cells = cells[:-1]
        if len(cells) > MAX_COLUMNS:
            raise SheetError([SheetIssue(f"row {number}", f"{len(cells)} columns, over the limit of "
                                                          f"{MAX_COLUMNS}")], name)
        long = next((i for i, c in enumerate(cells) if isinstance(c, str) and len(c) > MAX_CELL_CHARS), None)
        if long is not None:
            named = header is not None and long < len(header) and header[long]
            where = sheet.where(number, long) if named else f"row {number}, column {column_letter(long)}"
            raise SheetError([SheetIssue(where, f"a cell of {len(cells[long]):,} characters, over the limit of "
                                                f"{MAX_CELL_CHARS:,}")], name)
        if header is None:
            header = ["" if c is None else str(c).strip() for c in cells]
            sheet.header = header
            continue
        if all(_blank(c) for c in cells):
            continue
        if len(sheet.rows) == MAX_ROWS:
            raise SheetError([SheetIssue(f"row {number}", f"more than {MAX_ROWS:,} rows of creators")], name)
        sheet.rows.append((number, cells + [None] * (len(header) - len(cells))))
    if header is None or not any(header):
        raise SheetError([SheetIssue("row 1", "the sheet is empty: row 1 must be the header (id, platforms, ...)")],
                         name)
    return sheet


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _csv_records(data: bytes, name: str) -> Iterator[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError([SheetIssue("", "not UTF-8 text: save the sheet as 'CSV UTF-8' (or send the .xlsx)")],
                         name) from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)  # a header never has these in a name
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:  # a cell over csv's own limit (128 KiB), a stray quote
        raise SheetError([SheetIssue(f"row {reader.line_num}", f"not readable as CSV: {exc}")], name) from None


def _xlsx_records(data: bytes, name: str) -> Iterator[list[Any]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SheetError([SheetIssue("", "not an XLSX file (an .xlsx is a zip archive)")], name) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError([SheetIssue("", f"the XLSX unpacks to {unpacked:,} bytes, over the limit of "
                                         f"{MAX_UNPACKED_BYTES:,}")], name)
    from openpyxl import load_workbook  # only an XLSX import pays for loading it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SheetError([SheetIssue("", f"not a readable XLSX file: {type(exc).__name__}")], name) from None
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [_xlsx_value(v) for v in values[:MAX_COLUMNS + 1]]
    finally:
        book.close()


def _xlsx_value(value: Any) -> Any:
    """A typed XLSX cell as the import reads it: a date-and-time at midnight is the day."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value
