"""`roster lock SCENARIO ROSTER --campaign K --creator C -o NEW`: sign a booking of a roster in a new scenario file.

ROSTER must be a solved roster/1 of SCENARIO (checked by the validator); its
booking of C on K becomes ``campaigns[i].locked[j]`` (``{"creator", "posts"}``
on the roster's days), so every later roster keeps it on exactly those days.
The new scenario/1 goes to ``-o`` (written whole or not at all; ``-`` for
stdout); the input is never changed unless ``-o`` names it.  Exit codes: 0
signed, 2 bad input: an unreadable file, an unknown campaign or creator, a
booking the roster does not have or that is already signed, a roster that is
not a valid solved roster of the scenario, each error naming its field path.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ...models import DocumentError, dump_json
from ...planning.contracts import lock_booking, locked_path
from .commit_deal import output_target
from .common import EXIT_OK, err_console, fail_input, read_roster, read_scenario, write_text_or_stdout


def register(app: typer.Typer) -> None:
    @app.command("lock")
    def lock_command(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)", show_default=False),
        roster: Path = typer.Argument(..., help="roster/1 of the scenario (e.g. from roster solve -o)",
                                      show_default=False),
        campaign: str = typer.Option(..., "--campaign", help="the campaign", show_default=False),
        creator: str = typer.Option(..., "--creator", help="the creator the roster books on it", show_default=False),
        output: Path = typer.Option(..., "-o", "--output", help="write the new scenario/1 here ('-': stdout); "
                                                                "may name SCENARIO to edit it in place",
                                    show_default=False),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no message on stderr"),
    ) -> None:
        """Sign a booking of a roster: it becomes a locked booking of a new scenario file, on the roster's days.

        Exit codes: 0 signed, 2 bad input (unknown id, a booking the roster does not have or already signed,
        a roster that is not valid for the scenario).
        """
        before = read_scenario(scenario)
        planned = read_roster(roster)
        try:
            signed = lock_booking(before, planned, campaign, creator)
        except DocumentError as exc:
            fail_input(exc)
        target = output_target(output)
        write_text_or_stdout(dump_json(signed), target)
        if not quiet:
            where = locked_path(signed, campaign, creator)
            days = ", ".join(d.isoformat() for d in signed.campaigns[where.index("campaigns")].locked[-1].posts)
            err_console.print(f"signed {creator} on {campaign} ({days}) as {where}; wrote "
                              f"{'stdout' if target is None else target}", highlight=False, markup=False)
        raise typer.Exit(EXIT_OK)
