"""`roster batch INPUTS... -o OUTDIR`: solve many scenarios, locally or on a Dask cluster.

Exit 0 when every input was solved (optimal, feasible or infeasible), 1 when
some failed (unreadable, crashed, no roster in time, invalid roster), 2 when
the batch cannot run at all (no Dask installed, scheduler unreachable).
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional, Sequence

import typer
from rich import box
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from ... import run_rules
from ...models.progress import ProgressEvent
from ...planning.batch import (
    BatchError,
    BatchItem,
    BatchRow,
    batch_exit_code,
    run_batch,
)
from .common import EXIT_BAD_INPUT, err_console, out_console

JOBS_HELP = "Scenarios solved at the same time (local worker processes). Use the number of cores."
DEPRECATED_WORKERS_HELP = "Deprecated: the old name of --jobs."
SCHEDULER_HELP = "Run on a Dask distributed cluster at this scheduler address, e.g. tcp://10.0.0.5:8786."
TIME_LIMIT_HELP = "Time limit per scenario in seconds (default: each scenario's settings.time_limit_s)."
SOLVER_WORKERS_HELP = "CP-SAT search workers inside each solve (1 gives the best batch throughput)."


@contextmanager
def progress_bar(total: int, label: str = "solving") -> Iterator:
    """A Rich progress bar with ETA on stderr; yields the batch progress callback."""
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), TextColumn("{task.fields[last]}")]
    with Progress(*columns, console=err_console, transient=False) as bar:
        task = bar.add_task(label, total=total, last="")

        def on_event(event: ProgressEvent) -> None:
            bar.update(task, completed=event.step, last=f"{event.phase}: {event.detail}")

        yield on_event


def processes(jobs: int, workers: Optional[int]) -> int:
    """Scenarios at once: ``--jobs``; the deprecated ``--workers`` still works, with a word on stderr."""
    if workers is None:
        return jobs
    err_console.print("warning: --workers is deprecated for batch and sweep: it is now --jobs (scenarios at once); "
                      "--solver-workers sets the CP-SAT workers of each solve", highlight=False, markup=False)
    return workers


def execute(items: list[BatchItem], outdir: Path, workers: int, scheduler: Optional[str],
            time_limit: Optional[float], solver_workers: int) -> list[BatchRow]:
    """Run the batch with a progress bar; a batch that cannot start exits 2."""
    try:
        with progress_bar(len(items)) as on_row:
            return run_batch(items, outdir, workers=workers, scheduler=scheduler, time_limit_s=time_limit,
                             progress=on_row, solver_workers=solver_workers)
    except BatchError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT)


def summary_table(rows: list[BatchRow], label_columns: Sequence[str] = ()) -> Table:
    """The summary as a table (errors are listed under it: see :func:`error_lines`)."""
    columns = ["scenario", *label_columns, "status", "objective", "bound", "gap", "fees", "staffed", "seconds"]
    show_cached = any(row.cached for row in rows)
    columns += ["cached"] * show_cached
    table = Table(title="batch summary", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)
    for column in columns:
        wraps = column == "scenario" or column in label_columns
        table.add_column(column, justify="left" if wraps or column in ("status", "cached") else "right",
                         no_wrap=not wraps, overflow="fold", min_width=16 if column == "scenario" else None)
    for row in rows:
        cells = [row.name, *[_text(row.labels.get(c)) for c in label_columns], row.status,
                 _text(row.objective), _text(row.bound), "" if row.gap is None else f"{row.gap:.2%}",
                 _text(row.fees), "" if row.staffed is None else f"{row.staffed}/{row.campaigns}",
                 "" if row.wall_seconds is None else f"{float(row.wall_seconds):.1f}"]
        cells += ["yes" if row.cached else ""] * show_cached
        table.add_row(*cells)
    return table


def error_lines(rows: list[BatchRow]) -> list[str]:
    return [f"{row.name} ({row.scenario}): {row.error}" for row in rows if row.error]


def print_summary(rows: list[BatchRow], label_columns: Sequence[str] = ()) -> None:
    out_console.print(summary_table(rows, label_columns))
    for line in error_lines(rows):
        out_console.print(f"error: {line}", highlight=False, markup=False, soft_wrap=True)


def report(rows: list[BatchRow], outdir: Path) -> int:
    """One closing line with the counts and where the files are; the exit code."""
    failed = [row for row in rows if not row.solved]
    cached = sum(1 for row in rows if row.cached)
    err_console.print(f"{len(rows) - len(failed)} of {len(rows)} solved ({cached} up to date, not re-solved), "
                      f"{len(failed)} failed; summary in {outdir / 'summary.csv'} and {outdir / 'summary.json'}",
                      highlight=False, markup=False)
    return batch_exit_code(rows)


def _text(value) -> str:
    return "" if value is None else str(value)


def batch_command(
    inputs: list[str] = typer.Argument(..., help="Scenario files, folders or glob patterns.", show_default=False),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the rosters and the summary.",
                                show_default=False),
    jobs: int = typer.Option(run_rules.BATCH_PROCESSES, "--jobs", "-j", min=1, help=JOBS_HELP),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help=DEPRECATED_WORKERS_HELP,
                                          show_default=False),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help=SCHEDULER_HELP, show_default=False),
    time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.01, help=TIME_LIMIT_HELP,
                                               show_default=False),
    solver_workers: int = typer.Option(run_rules.BATCH_SOLVE_WORKERS, "--solver-workers", min=1, help=SOLVER_WORKERS_HELP),
) -> None:
    """Solve many scenarios; write OUTDIR/<name>.roster.json and OUTDIR/summary.csv|json."""
    from ...planning.batch import discover_inputs, start_local_workers

    if scheduler is None:
        start_local_workers()  # their imports run on the other core while the inputs are read
    items = discover_inputs(inputs)
    rows = execute(items, output, processes(jobs, workers), scheduler, time_limit, solver_workers)
    print_summary(rows)
    raise typer.Exit(report(rows, output))


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)
