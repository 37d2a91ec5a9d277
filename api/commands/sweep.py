"""`roster sweep SCENARIO --vary PATH=V1,V2,... -o OUTDIR`: a batch over a scenario's variants.

Every variant is checked before anything is written or solved: a bad path or
a value that breaks the scenario exits 2 naming the path and the value.  The
summary gains a column per varied path and is shown pivoted over the values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ... import run_rules
from ...models import DocumentError, scenario_from_data
from ...models.io import read_source
from ...planning.batch import BatchRow
from ...planning.sweep import (
    SweepError,
    Variation,
    cell_text,
    pivot,
    plan_sweep,
    show_value,
)
from .batch import (
    DEPRECATED_WORKERS_HELP,
    JOBS_HELP,
    SCHEDULER_HELP,
    SOLVER_WORKERS_HELP,
    TIME_LIMIT_HELP,
    execute,
    print_summary,
    processes,
    report,
)
from .common import EXIT_BAD_INPUT, err_console, fail_input, out_console

VARY_HELP = ("PATH=V1,V2,... : a field (same paths as error messages, e.g. campaigns[0].budget) and its values "
             "(JSON when they parse, text otherwise). Repeat for a cross product.")


def pivot_table(rows: list[BatchRow], variations: list[Variation]) -> Optional[Table]:
    layout = pivot(rows, variations)
    if layout is None:
        return None
    if "grid" in layout:
        first, second = variations
        table = Table(title=f"objective: {first.path} (rows) x {second.path} (columns)", title_justify="left")
        table.add_column(first.path)
        for value in layout["columns"]:
            table.add_column(show_value(value), justify="right")
        for value, line in zip(layout["rows"], layout["grid"]):
            table.add_row(show_value(value), *["" if cell is None else cell for cell in line])
        return table
    path = variations[0].path
    table = Table(title=f"by {path}", title_justify="left")
    for column in (path, "status", "objective", "bound", "fees", "staffed"):
        table.add_column(column, justify="left" if column in (path, "status") else "right")
    for value, row in layout["rows"]:
        table.add_row(show_value(value), row.status if not row.error else "error", cell_text(row),
                      "" if row.bound is None else str(row.bound), "" if row.fees is None else str(row.fees),
                      "" if row.staffed is None else f"{row.staffed}/{row.campaigns}")
    return table


def sweep_command(
    scenario: Path = typer.Argument(..., help="The scenario/1 document to vary.", show_default=False),
    vary: list[str] = typer.Option(..., "--vary", help=VARY_HELP, show_default=False),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the variants, rosters and summary.",
                                show_default=False),
    jobs: int = typer.Option(run_rules.BATCH_PROCESSES, "--jobs", "-j", min=1, help=JOBS_HELP),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help=DEPRECATED_WORKERS_HELP,
                                          show_default=False),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help=SCHEDULER_HELP, show_default=False),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.01, help=TIME_LIMIT_HELP,
                                               show_default=False),
    solver_workers: int = typer.Option(run_rules.BATCH_SOLVE_WORKERS, "--solver-workers", min=1, help=SOLVER_WORKERS_HELP),
) -> None:
    """Solve every combination of the varied values; OUTDIR/scenarios/<name>__<k>.json are the variants."""
    try:
        data = read_source(scenario, "scenario")
        scenario_from_data(data)
    except DocumentError as exc:
        fail_input(exc)
    try:
        items, variations = plan_sweep(data, vary, output, stem=scenario.stem)
    except SweepError as exc:
        err_console.print(f"[bold red]error:[/] --vary {escape(str(exc))}", highlight=False)
        for detail in exc.details:
            err_console.print(f"  {detail}", highlight=False, markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    except OSError as exc:
        err_console.print(f"[bold red]error:[/] cannot write the variants to {escape(str(output))}: "
                          f"{escape(exc.strerror or str(exc))}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT)

    rows = execute(items, output, processes(jobs, workers), scheduler, time_limit, solver_workers)
    print_summary(rows, [v.path for v in variations])
    table = pivot_table(rows, variations)
    if table is not None:
        out_console.print(table)
    raise typer.Exit(report(rows, output))


def register(app: typer.Typer) -> None:
    app.command("sweep")(sweep_command)
