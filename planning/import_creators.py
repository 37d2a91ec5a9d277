"""Creators in from a planner's sheet: each row adds a creator or updates the one with its id.

The columns present replace those fields of an existing creator (an empty
cell clears an optional field), the others are kept; a new id adds a
creator.  Every bad cell is found before anything is given back, and the
result is checked as a whole scenario; a problem with a creator of the sheet
is reported against its row and column (``row 4, column fee_per_post``).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import ValidationError

from ..models import DocumentError, Scenario, scenario_from_data
from ..models.errors import issues_from_validation_error
from ..models.scenario import Creator
from .creator_columns import EMPTY, NEEDED_BY_A_NEW_CREATOR, Column, column_for, column_of_field, read_cell
from .sheet import MAX_ROWS, Sheet, SheetError, SheetIssue, column_letter, read_sheet


@dataclass
class CreatorImport:
    """The new scenario and what the sheet did to its creators (ids in sheet order)."""

    scenario: Scenario
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def import_creators_file(scenario: Scenario, data: bytes, kind: str, name: str = "sheet") -> CreatorImport:
    """Read the sheet (CSV or XLSX bytes, bounded) and apply it to the scenario; SheetError naming every bad cell."""
    return import_creators(scenario, read_sheet(data, kind, name), name)


def import_creators(scenario: Scenario, sheet: Sheet, name: str = "sheet") -> CreatorImport:
    columns, issues = _columns(sheet, scenario)
    if "id" not in {c.header for c in columns.values()}:
        issues.append(SheetIssue("row 1", "no id column: every row names its creator in a column headed id"))
        raise SheetError(issues, name)
    document = scenario.to_document()
    creators: list[dict] = document["creators"]
    position = {c["id"]: i for i, c in enumerate(creators)}
    row_of: dict[int, int] = {}  # index in creators -> the sheet row that wrote it
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        issues += _stray_cells(sheet, number, cells)
        fields, row_issues = _read_row(sheet, number, cells, columns)
        issues += row_issues
        ident = fields.get("id")
        if not isinstance(ident, str) or not ident:
            continue
        if ident in seen:
            issues.append(SheetIssue(sheet.where(number, _index(columns, "id")),
                                     f"creator {ident!r} is also on row {seen[ident]}"))
            continue
        seen[ident] = number
        existing = position.get(ident)
        if existing is None:
            missing = [h for h in NEEDED_BY_A_NEW_CREATOR if not _has_column(columns, h)]
            needed = [SheetIssue(sheet.where(number, name=h), f"creator {ident!r} is new (not in the scenario), so "
                                                               f"it needs the column {h}") for h in missing]
            issues += needed
            row_issues += needed
            merged = _merged({"id": ident, "audience": {}}, fields, columns)
            creators.append(merged)
            existing = len(creators) - 1
            position[ident] = existing
        else:
            creators[existing] = _merged(creators[existing], fields, columns)
        row_of[existing] = number
        reported = {issue.where for issue in row_issues}  # a cell that did not read is not reported twice
        creators[existing], creator_issues = _checked(sheet, number, creators[existing], columns)
        issues += [issue for issue in creator_issues if issue.where not in reported]
    try:
        result = _whole_scenario(document, sheet, row_of, columns, name)
    except SheetError as exc:
        raise SheetError(_in_sheet_order(issues + exc.issues), name) from None
    if issues:
        raise SheetError(_in_sheet_order(issues), name)
    return _summary(scenario, result, row_of)


_ROW = re.compile(r"row (\d+)")


def _in_sheet_order(issues: list[SheetIssue]) -> list[SheetIssue]:
    """Row by row (a problem of the whole scenario last), each row's in the order found."""
    def row(issue: SheetIssue) -> int:
        match = _ROW.match(issue.where)
        return int(match.group(1)) if match else MAX_ROWS + 2

    return sorted(issues, key=row)


def _columns(sheet: Sheet, scenario: Scenario) -> tuple[dict[int, Column], list[SheetIssue]]:
    """Header position -> its column; an unknown or repeated header is an issue (its cells are not read)."""
    columns: dict[int, Column] = {}
    issues: list[SheetIssue] = []
    seen: dict[str, int] = {}
    for i, header in enumerate(sheet.header):
        if not header:
            if any(i < len(cells) and cells[i] not in (None, "") for _, cells in sheet.rows):
                issues.append(SheetIssue(f"row 1, column {column_letter(i)}", "a column with values has no header"))
            continue
        if header in seen:
            issues.append(SheetIssue(sheet.where(1, i), f"the column appears twice (also column "
                                                        f"{column_letter(seen[header])})"))
            continue
        seen[header] = i
        try:
            columns[i] = column_for(header, scenario)
        except ValueError as exc:
            issues.append(SheetIssue(sheet.where(1, i), str(exc)))
    return columns, issues


def _index(columns: dict[int, Column], header: str) -> Optional[int]:
    return next((i for i, c in columns.items() if c.header == header), None)


def _has_column(columns: dict[int, Column], header: str) -> bool:
    return _index(columns, header) is not None


def _stray_cells(sheet: Sheet, number: int, cells: list[Any]) -> list[SheetIssue]:
    """A value right of the last header is lost data: the planner hears of it."""
    return [SheetIssue(f"row {number}, column {column_letter(i)}", "a value in a column without a header")
            for i in range(len(sheet.header), len(cells)) if cells[i] not in (None, "")]


def _read_row(sheet: Sheet, number: int, cells: list[Any], columns: dict[int, Column]) -> tuple[dict, list]:
    """Header -> the cell's value (or EMPTY); every cell that does not read is an issue."""
    fields: dict[str, Any] = {}
    issues = []
    for i, column in columns.items():
        try:
            fields[column.header] = read_cell(column, cells[i])
        except ValueError as exc:
            issues.append(SheetIssue(sheet.where(number, i), str(exc)))
    return fields, issues


def _merged(creator: dict, fields: dict[str, Any], columns: dict[int, Column]) -> dict:
    """The creator with the row's fields written over it: a value replaces, EMPTY removes."""
    merged = copy.deepcopy(creator)
    for column in columns.values():
        if column.header not in fields or column.field == "id":
            continue
        value = fields[column.header]
        if column.key is None:
            if value is EMPTY:
                merged.pop(column.field, None)
            else:
                merged[column.field] = value
            continue
        entries = merged.setdefault(column.field, {})
        if value is EMPTY:
            entries.pop(column.key, None)
        else:
            entries[column.key] = value
        if not entries and column.field != "audience":  # audience is required, even when empty
            merged.pop(column.field)
    return merged


def _where_field(sheet: Sheet, number: int, steps: tuple, columns: dict[int, Column]) -> str:
    header = column_of_field(steps)
    index = _index(columns, header)
    return sheet.where(number, index) if index is not None else sheet.where(number, name=header)


# What stands in for a field that does not pass, so that the rest of the row is still checked whole.
_STAND_IN = {"platforms": [], "audience": {}, "engagement_rate": 0, "fee_per_post": 0}


def _checked(sheet: Sheet, number: int, creator: dict, columns: dict[int, Column]) -> tuple[dict, list[SheetIssue]]:
    """The row's creator against the creator model (ranges: a rate above 1, a week of 8 posts).

    A creator that fails is given back with stand-ins for its failing fields: the scenario is then
    still checked whole, and the row's other cells (an unknown platform) reported in the same run.
    """
    try:
        Creator.model_validate(creator)
    except ValidationError as exc:
        found = issues_from_validation_error(exc)
        failing = {issue.at.head for issue in found}
        stand_in = {**_STAND_IN, **{k: v for k, v in creator.items() if k not in failing}}
        stand_in.update({k: _STAND_IN[k] for k in failing if k in _STAND_IN})
        return stand_in, [SheetIssue(_where_field(sheet, number, i.at.steps, columns), i.message) for i in found]
    return creator, []


def _whole_scenario(document: dict, sheet: Sheet, row_of: dict[int, int], columns: dict[int, Column],
                    name: str) -> Scenario:
    """The scenario with the sheet's creators, checked whole (references: a platform or brand it lacks)."""
    try:
        return scenario_from_data(document)
    except DocumentError as exc:
        issues = []
        for issue in exc.issues:
            index = issue.at.index("creators") if issue.at.head == "creators" else None
            if index is not None and index in row_of and len(issue.at.steps) > 2:
                issues.append(SheetIssue(_where_field(sheet, row_of[index], issue.at.steps[2:], columns),
                                         issue.message))
            else:
                issues.append(SheetIssue(issue.path, issue.message))
        raise SheetError(issues, name) from None


def _summary(before: Scenario, after: Scenario, row_of: dict[int, int]) -> CreatorImport:
    result = CreatorImport(after)
    old = {c.id: _plain(c) for c in before.creators}
    for index in sorted(row_of, key=row_of.get):
        creator = after.creators[index]
        if creator.id not in old:
            result.added.append(creator.id)
        elif old[creator.id] == _plain(creator):
            result.unchanged.append(creator.id)
        else:
            result.updated.append(creator.id)
    return result


def _plain(creator: Creator) -> dict:
    """What a creator means, for comparing: absent and default fields alike."""
    return creator.model_dump(mode="json", exclude_none=True)
