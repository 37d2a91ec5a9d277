"""`roster import-creators SCENARIO TABLE.csv|xlsx -o NEW_SCENARIO`: creators in from the planner's sheet.

One row per creator (the columns: docs/import.md).  A row whose id is in the
scenario updates that creator (the columns present replace those fields),
a new id adds one.  The new scenario/1 goes to ``-o`` (written whole or not
at all; ``-`` for stdout; it may name SCENARIO to edit it in place), then a
summary: added, updated, unchanged.  Exit codes: 0 written, 2 bad input: an
unreadable scenario, a sheet over its bounds, or bad cells, every one named
by its row and column (``creators.csv row 4, column fee_per_post: ...``);
nothing is written then.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ...models import DocumentError, dump_json
from ...planning.import_creators import CreatorImport, import_creators_file
from ...planning.sheet import MAX_SHEET_BYTES, SheetError, kind_of
from .commit_deal import output_target
from .common import EXIT_BAD_INPUT, EXIT_OK, err_console, fail_input, read_scenario, table_console, write_text_or_stdout

SHOWN_IDS = 12
"""Ids listed per line of the summary; the rest are counted."""


def fail_sheet(message_lines: list[str]) -> "typer.Exit":
    err_console.print("[bold red]error:[/] the sheet cannot be imported", highlight=False)
    for line in message_lines:
        err_console.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def read_table(path: Path) -> tuple[bytes, str]:
    """The sheet file's bytes and kind (csv, xlsx), refused before reading when it is over the bound."""
    try:
        kind = kind_of(path.name)
        size = path.stat().st_size
        if size > MAX_SHEET_BYTES:
            fail_sheet([f"{path.name}: the file is {size:,} bytes, over the limit of {MAX_SHEET_BYTES:,}"])
        with path.open("rb") as handle:
            return handle.read(MAX_SHEET_BYTES + 1), kind
    except ValueError as exc:
        fail_sheet([str(exc)])
    except OSError as exc:
        fail_sheet([f"cannot read {path}: {exc.strerror or exc}"])
    raise AssertionError  # unreachable


def show_summary(console: Console, result: CreatorImport) -> None:
    table = Table(title="Creators from the sheet", title_justify="left")
    table.add_column("", style="bold")
    table.add_column("creators", justify="right")
    table.add_column("ids")
    for label, ids in (("added", result.added), ("updated", result.updated), ("unchanged", result.unchanged)):
        shown = ", ".join(ids[:SHOWN_IDS]) + (f", ... and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")
        table.add_row(label, str(len(ids)), shown or "-")
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("import-creators")
    def import_creators_command(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)", show_default=False),
        table: Path = typer.Argument(..., help="the creators sheet: .csv (UTF-8) or .xlsx, one row per creator "
                                               "(docs/import.md)", show_default=False, metavar="TABLE"),
        output: Path = typer.Option(..., "-o", "--output", help="write the new scenario/1 here ('-': stdout); "
                                                                "may name SCENARIO to edit it in place",
                                    show_default=False),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no summary"),
    ) -> None:
        """Add or update creators from a sheet (CSV or XLSX): one row per creator, a column per field.

        Exit codes: 0 written, 2 bad input (every bad cell named by row and column; nothing written).
        """
        before = read_scenario(scenario)
        data, kind = read_table(table)
        target = output_target(output)
        if target is not None and not target.parent.exists():
            fail_sheet([f"the folder of {target} does not exist"])
        try:
            result = import_creators_file(before, data, kind, table.name)
        except SheetError as exc:
            fail_sheet(exc.lines())
        except DocumentError as exc:  # pragma: no cover - the merge names rows; a safety net all the same
            fail_input(exc)
        write_text_or_stdout(dump_json(result.scenario), target)
        if not quiet:
            show_summary(table_console(target is None), result)
            err_console.print(f"scenario written to {'stdout' if target is None else target}", highlight=False,
                              markup=False)
        raise typer.Exit(EXIT_OK)
