"""`roster whatif SCENARIO CHANGES`: apply a change set, re-plan calmly, show exactly what changed.

The diff table goes to stdout (to stderr with --json, which prints the
diff/1 document instead); progress goes to stderr.  An invalid change set is
exit 2 and nothing is solved.  Exit codes otherwise follow `roster solve`:
0 re-planned, 3 the changed scenario is infeasible, 4 no roster in time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ... import run_rules
from ...models import DocumentError
from ...models.changes import ChangeSet, load_changes
from ...models.diff import DiffDocument
from ...planning.whatif import run_whatif
from .common import (
    emit_document,
    exit_for_status,
    fail_input,
    planning_errors,
    print_progress,
    read_roster,
    read_scenario,
)


def read_changes(path: Path) -> ChangeSet:
    try:
        return load_changes(path)
    except DocumentError as exc:
        fail_input(exc)
    raise AssertionError  # unreachable


def _days(days) -> str:
    return ", ".join(d.isoformat() for d in days)


def diff_table(diff: DiffDocument) -> Table:
    table = Table(title=f"what changed ({diff.roster.status})", title_justify="left")
    for name in ("change", "creator", "campaign", "baseline posts", "new posts"):
        table.add_column(name)
    for b in diff.added:
        table.add_row("added", b.creator, b.campaign, "", _days(b.posts), style="green")
    for b in diff.removed:
        table.add_row("removed", b.creator, b.campaign, _days(b.posts), "", style="red")
    for m in diff.moved:
        table.add_row("moved", m.creator, m.campaign, _days(m.old_posts), _days(m.new_posts), style="yellow")
    if not (diff.added or diff.removed or diff.moved):
        table.add_row("-", "no booking changed", "", "", "")
    return table


def _delta(value: Optional[int]) -> str:
    return "-" if value is None else f"{value:+,}"


def print_diff(diff: DiffDocument, console: Console) -> None:
    for note in diff.notes:
        console.print(f"[dim]cascade:[/] {note}", highlight=False)
    console.print(diff_table(diff))
    if diff.staffed:
        console.print(f"newly staffed: {', '.join(diff.staffed)}", highlight=False)
    if diff.unstaffed:
        console.print(f"no longer staffed: {', '.join(diff.unstaffed)}", highlight=False)
    calm = "best value, then fewest changes" if diff.stability is None else f"stability weight {diff.stability:g}"
    objective = "-" if diff.objective is None else f"{diff.objective:,}"
    baseline = "-" if diff.baseline_objective is None else f"{diff.baseline_objective:,}"
    console.print(f"objective {baseline} -> {objective} ({_delta(diff.objective_delta)}); fees {diff.baseline_fees:,} "
                  f"-> {diff.fees:,} ({_delta(diff.fees_delta)}); {diff.kept} baseline booking(s) kept; {calm}",
                  highlight=False)
    if diff.roster.explanation:
        console.print("[bold red]No roster can satisfy all of these together:[/]")
        for item in diff.roster.explanation:
            console.print(f"  [bold]{item.path}[/]: {item.message}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("whatif")
    def whatif_command(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)", show_default=False),
        changes: Path = typer.Argument(..., help="changes/1 file: the change set to apply", show_default=False),
        baseline: Optional[Path] = typer.Option(None, "--baseline",
                                                help="roster/1 of the scenario before the changes (default: solve it)"),
        stability: Optional[float] = typer.Option(None, "--stability", min=0.0,
                                                  help="maximise value + W x kept bookings; 0 = free re-plan "
                                                       "(default: best value, then fewest changes)"),
        time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1,
                                                   help="seconds per solve (default: the scenario's settings)"),
        workers: Optional[int] = typer.Option(None, "--workers", min=1, help=f"CP-SAT search workers (default {run_rules.SOLVE_WORKERS})"),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="write the diff/1 JSON here"),
        json_out: bool = typer.Option(False, "--json", help="print the diff/1 JSON on stdout (table on stderr)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress or table"),
    ) -> None:
        """Re-plan after a change (a window moves, a creator drops out, a budget grows) and show exactly what changed.

        Exit codes: 0 re-planned, 2 bad input or invalid change (nothing solved), 3 infeasible, 4 no roster in time.
        """
        scenario_doc = read_scenario(scenario)
        change_set = read_changes(changes)
        baseline_doc = read_roster(baseline) if baseline is not None else None

        progress = print_progress("what-if", quiet)
        with planning_errors():
            diff = run_whatif(scenario_doc, change_set, baseline=baseline_doc, stability=stability,
                              time_limit_s=time_limit, workers=workers, progress=progress)
        emit_document(diff, lambda console: print_diff(diff, console), "diff", output=output,
                      json_out=json_out, quiet=quiet)
        exit_for_status(diff.status)
