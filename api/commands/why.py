"""`roster why SCENARIO --campaign K --creator C`: why is C not on K, and what would booking her there cost?

The answer in words goes to stdout (to stderr with --json, which prints the
why/1 document instead); progress goes to stderr.  Exit codes: 0 answered
(booked in the baseline, or possible), 2 bad input or unknown ids, 3 proved
impossible (explained; the document is still written), 4 not known within
the time limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ... import run_rules
from ...models.why import WhyDocument
from ...planning.why import why_not
from .common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    EXIT_UNKNOWN,
    emit_document,
    planning_errors,
    print_progress,
    read_roster,
    read_scenario,
)


def print_why(doc: WhyDocument, console: Console) -> None:
    """The answer's text: the verdict in bold, notes dimmed."""
    for number, line in enumerate((doc.text or "").splitlines()):
        style = "dim" if line.startswith("note:") else "bold" if number == 1 or doc.booked_in_baseline else None
        console.print(line, style=style, highlight=False, markup=False, soft_wrap=True)


def exit_code(doc: WhyDocument) -> int:
    if doc.possible:
        return EXIT_OK
    return EXIT_INFEASIBLE if doc.possible is False else EXIT_UNKNOWN


def register(app: typer.Typer) -> None:
    @app.command("why")
    def why_command(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)", show_default=False),
        campaign: str = typer.Option(..., "--campaign", help="the campaign", show_default=False),
        creator: str = typer.Option(..., "--creator", help="the creator who is not on it", show_default=False),
        baseline: Optional[Path] = typer.Option(None, "--baseline",
                                                help="roster/1 of the scenario (default: solve it first)"),
        time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1,
                                                   help="seconds per solve (default: the scenario's settings)"),
        workers: Optional[int] = typer.Option(None, "--workers", min=1, help=f"CP-SAT search workers (default {run_rules.SOLVE_WORKERS})"),
        seed: Optional[int] = typer.Option(None, "--seed", min=0, help="CP-SAT random seed"),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="write the why/1 JSON here"),
        json_out: bool = typer.Option(False, "--json", help="print the why/1 JSON on stdout (text on stderr)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress or text"),
    ) -> None:
        """Is the creator booked on the campaign? If not, can she be (re-solved with her required there,
        everything else as is), at what cost in value and fees, who is displaced, and which rule forces it.

        Exit codes: 0 answered (booked, or possible), 2 bad input or unknown id, 3 impossible (explained),
        4 not known in time.
        """
        scenario_doc = read_scenario(scenario)
        baseline_doc = read_roster(baseline) if baseline is not None else None

        progress = print_progress("why", quiet)
        with planning_errors():
            answer = why_not(scenario_doc, campaign, creator, baseline=baseline_doc, time_limit_s=time_limit,
                             workers=workers, seed=seed, progress=progress)
        emit_document(answer, lambda console: print_why(answer, console), "answer", output=output,
                      json_out=json_out, quiet=quiet)
        raise typer.Exit(exit_code(answer))
