"""`roster generate`: write a random, realistic scenario/1 document.

JSON goes to stdout, or atomically to ``-o FILE`` (the whole file or nothing).
Sizes that cannot make a scenario exit 2 with a message saying which.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ...scenarios.generate import check_sizes, generate
from .common import EXIT_BAD_INPUT, err_console, write_text_or_stdout


def generate_command(
    creators: int = typer.Option(..., "--creators", help="Number of creators.", show_default=False),
    campaigns: int = typer.Option(..., "--campaigns", help="Number of campaigns.", show_default=False),
    days: int = typer.Option(..., "--days", help="Horizon length in days (at least 14).", show_default=False),
    seed: int = typer.Option(0, "--seed", help="Random seed; the same seed gives the same scenario."),
    commitments: Optional[int] = typer.Option(None, "--commitments",
                                              help="Existing deals to add (default: creators // 10).",
                                              show_default=False),
    crowded: bool = typer.Option(False, "--crowded", help="A crowded market: one region, one platform, every "
                                                         "brand a rival of its market's others, a clause on "
                                                         "every campaign."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout.",
                                          dir_okay=False, show_default=False),
) -> None:
    """Generate a scenario: heavy-tailed audiences, competing brands, phased clauses, commitments."""
    k = max(creators, 0) // 10 if commitments is None else commitments
    try:
        check_sizes(creators, campaigns, days, k)
    except ValueError as exc:
        err_console.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    if output is not None and not output.parent.exists():
        err_console.print(f"error: the folder of {output} does not exist", highlight=False, markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    document = generate(creators, campaigns, days, seed, commitments, crowded)
    write_text_or_stdout(json.dumps(document, indent=2) + "\n", output)


def register(app: typer.Typer) -> None:
    app.command("generate")(generate_command)
