"""`roster export ROSTER --scenario SCENARIO -o FILE [--format csv|xlsx]`: the roster as a spreadsheet.

One row per post (planning.export): creator, campaign, brand, post date,
platforms, base fee, premium, fee, value and the booking's clause in words
with its dates.  CSV is RFC 4180 (UTF-8, CRLF); XLSX has typed dates and
numbers.  The file is written whole or not at all.  Exit codes: 0 written,
2 bad input (an unreadable document, a roster of another scenario, an
unknown format), each error naming its field path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ...models import DocumentError
from ...planning.export import FORMATS, export_roster, format_of
from .common import EXIT_OK, err_console, fail_input, output_format, read_roster, read_scenario, write_bytes_atomic


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        roster: Path = typer.Argument(..., help="roster/1 (e.g. from roster solve -o)", show_default=False),
        scenario: Path = typer.Option(..., "--scenario", help="the scenario/1 the roster was solved for",
                                      show_default=False),
        output: Path = typer.Option(..., "-o", "--output", help="the file to write (.csv or .xlsx)",
                                    show_default=False),
        fmt: Optional[str] = typer.Option(None, "--format", help=f"{' or '.join(FORMATS)} (default: from -o's suffix)",
                                          show_default=False),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no message on stderr"),
    ) -> None:
        """Write a roster as a spreadsheet: one row per post, with fees, value and the clause in words."""
        kind = output_format(output, fmt, format_of)
        doc, planned = read_scenario(scenario), read_roster(roster)
        try:
            data = export_roster(doc, planned, kind)
        except DocumentError as exc:
            fail_input(exc)
        write_bytes_atomic(output, data)
        if not quiet:
            rows = sum(len(a.posts) for a in planned.assignments)
            err_console.print(f"{rows} posts of {len(planned.assignments)} bookings written to {output} ({kind})",
                              highlight=False, markup=False)
        raise typer.Exit(EXIT_OK)
