"""`roster solve`: a roster for a scenario, with live progress and a readable table."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from ... import run_rules
from ...models import Roster
from ...models.progress import ProgressEvent
from ...solver.solve import SolveParams, solve_scenario
from .common import (
    emit_document,
    err_console,
    exit_for_status,
    planning_errors,
    progress_line,
    read_scenario,
)


def _gap(objective: Optional[int], bound: Optional[int]) -> str:
    if objective is None or bound is None:
        return "-"
    return f"{(bound - objective) / bound:.2%}" if bound else "0.00%"


def _throttled(show, every: float):
    """A progress function that shows at most one line per ``every`` seconds, and the last one."""
    last = [float("-inf")]

    def update(event: ProgressEvent) -> None:
        now = time.monotonic()
        if now - last[0] >= every or event.final:
            show(progress_line("solving", event))
            last[0] = now

    return update


def roster_table(roster: Roster) -> Table:
    table = Table(title=f"{roster.scenario or 'roster'}: {roster.status}", title_justify="left")
    for col, justify in (("campaign", "left"), ("staffed", "center"), ("creators", "left"),
                         ("fees", "right"), ("value", "right")):
        table.add_column(col, justify=justify)
    for c in roster.campaigns:
        table.add_row(c.id, "yes" if c.staffed else "no", ", ".join(c.creators) or "-", f"{c.fees:,}", f"{c.value:,}")
    if roster.objective is not None:
        table.add_section()
        table.add_row("total", "", "", f"{roster.total_fees:,}", f"{roster.objective:,}")
    return table


def print_summary(roster: Roster, console: Console) -> None:
    console.print(roster_table(roster))
    if roster.objective is not None:
        console.print(f"status [bold]{roster.status}[/]  objective {roster.objective:,}  bound {roster.bound:,}  "
                      f"gap {_gap(roster.objective, roster.bound)}  "
                      f"wall {roster.stats.get('wall_seconds', 0):.2f}s", highlight=False)
    else:
        console.print(f"status [bold]{roster.status}[/]", highlight=False)
    for w in roster.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
    if roster.explanation:
        console.print("[bold red]No roster can satisfy all of these together:[/]")
        for item in roster.explanation:
            console.print(f"  [bold]{item.path}[/]: {item.message}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command()
    def solve(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)"),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="write the roster/1 JSON here"),
        json_out: bool = typer.Option(False, "--json", help="print the roster/1 JSON on stdout"),
        time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1,
                                                   help="seconds (default: the scenario's settings, else 10)"),
        workers: Optional[int] = typer.Option(None, "--workers", min=1, help=f"CP-SAT search workers (default {run_rules.SOLVE_WORKERS})"),
        seed: Optional[int] = typer.Option(None, "--seed", min=0, help="random seed (default: the scenario's)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress or table"),
    ) -> None:
        """Solve a scenario: a conflict-free roster of maximum value, with a proven bound.

        Exit codes: 0 roster found, 2 bad input, 3 proved infeasible (explained), 4 none found in time.
        """
        doc = read_scenario(scenario)
        options = SolveParams(time_limit_s=time_limit, workers=workers, seed=seed)
        with planning_errors():  # a solver bug exits 70, saying so plainly
            if quiet:
                roster = solve_scenario(doc, options)
            elif err_console.is_terminal:
                with Live(Text("building the model...", style="cyan"), console=err_console,
                          refresh_per_second=8) as live:
                    roster = solve_scenario(doc, options, progress=_throttled(live.update, 0.1))
            else:  # a log, not a terminal: one line per improvement, at most one a second
                roster = solve_scenario(doc, options, progress=_throttled(err_console.print, 1.0))
        emit_document(roster, lambda console: print_summary(roster, console), "roster", output=output,
                      json_out=json_out, quiet=quiet)
        exit_for_status(roster.status)
