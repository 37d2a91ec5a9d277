"""A roster as a spreadsheet: one row per post, for the planner's sheet (CSV, RFC 4180, or XLSX).

Each row names the creator, the campaign and its brand, the post's day and
platforms, its part of the booking's money (base fee, exclusivity premium,
fee) and value, and the booking's clause in words with its dates.  A
booking's fee and value are whole currency units for the booking, not per
post: they are split across its posts with the remainder on the first post,
so the rows of a booking add up to exactly its fee and value.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Optional

from ..models import DocumentError, FieldIssue, Roster, Scenario
from ..models.paths import at
from ..rules import contract
from ..rules.index import ScenarioIndex
from ..rules.words import clause_words

FORMATS = ("csv", "xlsx")


@dataclass
class PostRow:
    creator: str
    campaign: str
    brand: str
    category: str
    post: int  # 1 for the booking's first post, ...
    posts: int
    post_date: dt.date
    platforms: str
    regions: str
    base_fee: int
    premium: int
    fee: int
    value: int
    clause: str  # in words, with each phase's dates
    clause_from: Optional[dt.date]
    clause_to: Optional[dt.date]


COLUMNS = tuple(f.name for f in fields(PostRow))


def split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` whole amounts that add up to it, the remainder on the first."""
    share, rest = divmod(total, parts)
    return [share + rest] + [share] * (parts - 1)


def check_references(index: ScenarioIndex, roster: Roster) -> None:
    """A roster of another scenario is refused, naming the first assignments that do not fit."""
    issues = []
    for i, a in enumerate(roster.assignments):
        if a.creator not in index.creators:
            issues.append(FieldIssue(at("assignments", i, "creator"), f"no creator {a.creator!r} in the scenario"))
        if a.campaign not in index.campaigns:
            issues.append(FieldIssue(at("assignments", i, "campaign"), f"no campaign {a.campaign!r} in the scenario"))
        if not a.posts:
            issues.append(FieldIssue(at("assignments", i, "posts"), "a booking without posts"))
    if issues:
        raise DocumentError(issues, document="roster")


def post_rows(scenario: Scenario, roster: Roster) -> list[PostRow]:
    """One row per post of the roster, in the roster's order, then by day."""
    index = ScenarioIndex(scenario)
    check_references(index, roster)
    rows = []
    for a in roster.assignments:
        creator, campaign = index.creators[a.creator], index.campaigns[a.campaign]
        days = sorted(a.posts)
        base = contract.base_fee(creator, campaign)
        clause, start, end = clause_words(campaign, days[0], days[-1])
        scope = contract.campaign_scope(creator, campaign)
        money = zip(split(base, len(days)), split(a.fee - base, len(days)), split(a.fee, len(days)),
                    split(a.value, len(days)))
        for n, (day, (base_part, premium_part, fee_part, value_part)) in enumerate(zip(days, money), 1):
            rows.append(PostRow(a.creator, a.campaign, campaign.brand, campaign.category, n, len(days), day,
                                ", ".join(sorted(scope.platforms)), ", ".join(sorted(scope.regions)),
                                base_part, premium_part, fee_part, value_part, clause, start, end))
    return rows


def to_csv(rows: list[PostRow]) -> str:
    """RFC 4180: CRLF line ends, fields quoted where needed, a header row; dates as YYYY-MM-DD."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in astuple(row)])
    return out.getvalue()


def to_xlsx(rows: list[PostRow], title: str) -> bytes:
    """A workbook with typed cells (dates as dates, money as numbers), a frozen header and a filter."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = (title or "roster")[:31].translate({ord(c): "-" for c in "[]:*?/\\"})
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(astuple(row)))
    widths = {name: len(name) for name in COLUMNS}
    for row in rows:
        for name, value in zip(COLUMNS, astuple(row)):
            widths[name] = max(widths[name], min(60, len(str(value))))
    for i, name in enumerate(COLUMNS, 1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = widths[name] + 2
        if name in ("post_date", "clause_from", "clause_to"):
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
        if name in ("base_fee", "premium", "fee", "value"):
            for cell in sheet[letter][1:]:
                cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_roster(scenario: Scenario, roster: Roster, fmt: str) -> bytes:
    rows = post_rows(scenario, roster)
    if fmt == "csv":
        return to_csv(rows).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(rows, scenario.name or "roster")
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def format_of(path: Path, given: Optional[str], formats: tuple[str, ...] = FORMATS) -> str:
    """The format asked for, else the output file's suffix; ValueError when neither is one of ``formats``."""
    fmt = (given or path.suffix.lstrip(".")).lower()
    if fmt not in formats:
        raise ValueError(f"say --format {', '.join(formats[:-1])} or {formats[-1]} (the output {path.name!r} "
                         f"does not tell)")
    return fmt
