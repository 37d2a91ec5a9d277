"""The columns of a creator sheet (docs/import.md) and how each cell is read into a scenario/1 creator field.

A column is named after the field it fills: ``id``, ``platforms``,
``engagement_rate``, ``fee_per_post``, ``max_posts_per_week``,
``unavailable``, ``blocked_brands``, and one column per map entry:
``audience.US``, ``exclusivity_premium.full``.  A reader turns a cell (text
from a CSV; text, a number or a date from an XLSX) into the field's value,
or raises ValueError with a sentence for the planner.  An empty cell is
``EMPTY``: the field is cleared (absent), which is an error for a field every
creator needs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Optional

from ..models.scenario import LEVELS, Scenario

EMPTY = object()
"""An empty cell: the field it stands for is cleared."""
LIST_SEPARATOR = ";"
RANGE_MARK = ".."

_WHOLE = re.compile(r"\d+|\d{1,3}(?:,\d{3})+")  # 4000 or 4,000
_DECIMAL = re.compile(r"\d+(?:\.\d+)?|\.\d+")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(cell: Any) -> str:
    if isinstance(cell, bool):
        raise ValueError("expected text, got TRUE/FALSE")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.date, dt.datetime)):
        raise ValueError("expected text, got a date")
    return str(cell).strip()


def read_id(cell: Any) -> str:
    return _text(cell)


def read_ids(cell: Any) -> list[str]:
    """``instagram; tiktok`` -> ['instagram', 'tiktok']."""
    items = [item.strip() for item in _text(cell).split(LIST_SEPARATOR)]
    if any(not item for item in items):
        raise ValueError(f"an empty entry in the list: separate the entries with '{LIST_SEPARATOR}', "
                         "e.g. instagram; tiktok")
    return items


def read_whole(cell: Any) -> int:
    """A whole number: 4000, 4,000 (thousands marked by commas), or a whole XLSX number."""
    if isinstance(cell, bool):
        raise ValueError("expected a whole number, got TRUE/FALSE")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if not cell.is_integer():
            raise ValueError(f"expected a whole number, got {cell!r}")
        return int(cell)
    text = _text(cell)
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"expected a whole number like 4000 or 4,000, got {text!r}")
    return int(text.replace(",", ""))


def read_fraction(cell: Any) -> Decimal:
    """A decimal number written as a fraction (0.042) or a percentage (4.2%), exactly as typed."""
    if isinstance(cell, bool):
        raise ValueError("expected a number like 0.042 or 4.2%, got TRUE/FALSE")
    if isinstance(cell, (int, float)):
        return Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    text = _text(cell).replace(" ", "")
    percent = text.endswith("%")
    digits = text[:-1] if percent else text
    if not _DECIMAL.fullmatch(digits):
        raise ValueError(f"expected a number like 0.042 or 4.2% (a decimal point, not a comma), got {text!r}")
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise ValueError(f"expected a number, got {text!r}") from None
    return number / 100 if percent else number


def _day(text: str) -> str:
    if not _DAY.fullmatch(text):
        raise ValueError(f"expected a day written YYYY-MM-DD, got {text!r}")
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real day") from None
    return text


def read_ranges(cell: Any) -> list[dict]:
    """``2027-05-01..2027-05-10; 2027-06-02`` -> date ranges (a single day is a range of one day)."""
    if isinstance(cell, dt.datetime):
        raise ValueError("expected days, got a date and time")
    if isinstance(cell, dt.date):
        return [{"start": cell.isoformat(), "end": cell.isoformat()}]
    ranges = []
    for item in read_ids(cell):
        start, mark, end = item.partition(RANGE_MARK)
        start, end = start.strip(), end.strip() if mark else start.strip()
        ranges.append({"start": _day(start), "end": _day(end)})
    return ranges


@dataclass(frozen=True)
class Column:
    """One column of the sheet: the creator field it fills (``key`` for a map entry) and how to read a cell."""

    header: str
    field: str
    read: Callable[[Any], Any]
    key: Optional[str] = None
    required: bool = False  # every creator has this field: an empty cell is an error


FIELD_COLUMNS = {column.header: column for column in (
    Column("id", "id", read_id, required=True),
    Column("platforms", "platforms", read_ids, required=True),
    Column("engagement_rate", "engagement_rate", read_fraction, required=True),
    Column("fee_per_post", "fee_per_post", read_whole, required=True),
    Column("max_posts_per_week", "max_posts_per_week", read_whole),
    Column("unavailable", "unavailable", read_ranges),
    Column("blocked_brands", "blocked_brands", read_ids),
)}
NEEDED_BY_A_NEW_CREATOR = ("platforms", "engagement_rate", "fee_per_post")
MAP_FIELDS = ("audience", "exclusivity_premium")  # one column per entry: audience.US


def column_for(header: str, scenario: Scenario) -> Column:
    """The column a header names; ValueError saying what the header may be."""
    if header in FIELD_COLUMNS:
        return FIELD_COLUMNS[header]
    field, dot, key = header.partition(".")
    if dot and field == "audience":
        if key not in scenario.regions:
            raise ValueError(f"region {key!r} is not one of the scenario's regions ({', '.join(scenario.regions)})")
        return Column(header, field, read_whole, key)
    if dot and field == "exclusivity_premium":
        if key not in LEVELS:
            raise ValueError(f"{key!r} is not a level of exclusivity ({', '.join(LEVELS)})")
        return Column(header, field, read_fraction, key)
    raise ValueError("unknown column; the columns are " + ", ".join(FIELD_COLUMNS) +
                     ", audience.<region> and exclusivity_premium.<level>")


def column_of_field(steps: tuple) -> str:
    """The header of the column a creator's field path comes from: ('audience', 'US') -> audience.US."""
    if len(steps) > 1 and steps[0] in MAP_FIELDS and isinstance(steps[1], str):
        return ".".join((steps[0], steps[1]))  # a column header, not a field path
    return str(steps[0]) if steps else "id"


def read_cell(column: Column, cell: Any) -> Any:
    """The field's value, or EMPTY; ValueError for a cell that is not of the column's kind."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        if column.required:
            raise ValueError("empty, but every creator needs this field")
        return EMPTY
    return column.read(cell)
