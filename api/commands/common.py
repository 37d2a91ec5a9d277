"""Helpers shared by the commands: exit codes, loading with clean errors."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import typer
from rich.console import Console
from rich.text import Text

from ...models import DocumentError, Roster, Scenario, dump_json, load_roster, load_scenario
from ...models.errors import InternalError
from ...models.progress import ProgressEvent

# Exit codes of the spec.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_UNKNOWN = 4
EXIT_INTERNAL = 70

err_console = Console(stderr=True)
out_console = Console()


def readable(console: Console) -> Console:
    """The console itself on a terminal; for a file or pipe, one wide enough for the whole table."""
    if console.is_terminal:
        return console
    return Console(file=console.file, width=max(console.width, 160), stderr=console.stderr)


def table_console(json_out: bool) -> Console:
    """Where a command's tables go: stdout, unless stdout carries the document (``--json``)."""
    return readable(err_console if json_out else out_console)


def fail_input(error: DocumentError) -> "typer.Exit":
    """Print a document error (one line per field path) and exit 2."""
    err_console.print(f"[bold red]error:[/] invalid {error.document}", highlight=False)
    for issue in error.issues:
        err_console.print(f"  {issue}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def read_scenario(path: Path) -> Scenario:
    try:
        return load_scenario(path)
    except DocumentError as exc:
        fail_input(exc)
    raise AssertionError  # unreachable


def read_roster(path: Path) -> Roster:
    try:
        return load_roster(path)
    except DocumentError as exc:
        fail_input(exc)
    raise AssertionError  # unreachable


def write_text_or_stdout(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)


def _gap(objective, bound) -> str:
    if objective is None or bound is None:
        return "-"
    return f"{(bound - objective) / bound:.2%}" if bound else "0.00%"


def progress_line(label: str, event: ProgressEvent) -> Text:
    """One progress event as one line on stderr, the same for every command."""
    parts = [f"{label} [{event.phase}]"]
    if event.step is not None:
        parts.append(f"{event.step}/{event.steps}")
    parts.append(f"{event.elapsed:6.1f}s")
    if event.objective is not None or event.bound is not None:
        obj = "-" if event.objective is None else f"{event.objective:,}"
        bound = "-" if event.bound is None else f"{event.bound:,}"
        parts.append(f"incumbent {obj}  bound {bound}  gap {_gap(event.objective, event.bound)}")
    if event.solutions is not None:
        parts.append(f"solutions {event.solutions}")
    if event.detail:
        parts.append(event.detail)
    return Text("  ".join(parts), style="cyan")


def print_progress(label: str, quiet: bool):
    """A progress callback that prints each event (nothing when ``quiet``)."""
    def show(event: ProgressEvent) -> None:
        if not quiet:
            err_console.print(progress_line(label, event))
    return show


@contextmanager
def planning_errors() -> Iterator[None]:
    """Around a solve or a planning feature: bad input exits 2 naming its paths; a bug exits 70 saying so."""
    try:
        yield
    except DocumentError as exc:
        fail_input(exc)
    except InternalError as exc:
        err_console.print(f"[bold red]internal error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_INTERNAL)


def emit_document(document: Any, show: Callable[[Console], None], noun: str, *, output: Optional[Path],
                  json_out: bool, quiet: bool) -> None:
    """A command's answer: the document to ``-o`` and/or stdout (``--json``), then its readable form on
    stdout (on stderr when stdout carries the document), and where the document went."""
    text = dump_json(document)
    if output is not None:
        write_text_or_stdout(text, output)
    if json_out:
        write_text_or_stdout(text, None)
    if not quiet:
        show(table_console(json_out))
        if output is not None:
            err_console.print(f"{noun} written to {output}", highlight=False)


def exit_for_status(status: str) -> None:
    """Exit 3 for a proved infeasible answer, 4 for none found in time, else 0."""
    raise typer.Exit({"infeasible": EXIT_INFEASIBLE, "unknown": EXIT_UNKNOWN}.get(status, EXIT_OK))


def output_format(output: Path, fmt: Optional[str], format_of: Callable[[Path, Optional[str]], str]) -> str:
    """The format to write ``output`` in (``--format``, else its suffix), once it is sure the file can be
    written there; else exit 2 saying why."""
    try:
        kind = format_of(output, fmt)
    except ValueError as exc:
        err_console.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    if not output.parent.exists():
        err_console.print(f"error: the folder of {output} does not exist", highlight=False, markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    return kind


def write_bytes_atomic(output: Path, data: bytes) -> None:
    """The whole file or none of it: written beside it, then moved into place."""
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(output)

