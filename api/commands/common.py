"""Helpers shared by the commands: exit codes, loading with clean errors."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from ...models import DocumentError, Roster, Scenario, load_roster, load_scenario

# Exit codes of the spec.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_UNKNOWN = 4

err_console = Console(stderr=True)
out_console = Console()


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
