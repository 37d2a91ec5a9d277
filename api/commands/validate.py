"""`roster validate SCENARIO ROSTER`: check a roster against its scenario.

Exit 0 when valid (one summary line), 1 with one line per violation, 2 when
either document is unreadable or breaks its format.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ...rules.validate import commitment_warnings, summary_line, validate
from .common import (
    EXIT_INVALID,
    EXIT_OK,
    err_console,
    out_console,
    read_roster,
    read_scenario,
)


def validate_command(
    scenario: Path = typer.Argument(..., help="The scenario/1 document (JSON or YAML).", show_default=False,
                                   metavar="SCENARIO"),
    roster: Path = typer.Argument(..., help="The roster/1 document to check against it.", show_default=False,
                                 metavar="ROSTER"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing when valid; no warnings."),
) -> None:
    """Check every rule of a valid roster, and the figures it reports."""
    scenario_doc = read_scenario(scenario)
    roster_doc = read_roster(roster)
    violations = validate(scenario_doc, roster_doc)
    if not quiet:
        for warning in commitment_warnings(scenario_doc):
            err_console.print(f"warning: {warning}", highlight=False, markup=False)
    for violation in violations:
        out_console.print(_line(violation), highlight=False, markup=False, soft_wrap=True)
    if violations:
        out_console.print(f"invalid: {len(violations)} violation(s)", highlight=False, markup=False)
        raise typer.Exit(EXIT_INVALID)
    if not quiet:
        out_console.print(summary_line(roster_doc), highlight=False, markup=False)
    raise typer.Exit(EXIT_OK)


def _line(violation) -> str:
    text = str(violation)
    extras = []
    if violation.bookings:
        extras.append("bookings: " + ", ".join(violation.bookings))
    if violation.days:
        extras.append("days: " + ", ".join(d.isoformat() for d in violation.days))
    return text + (f" [{'; '.join(extras)}]" if extras else "")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
