"""The `roster` command line (Typer + Rich).

Each command lives in its own module under ``api/commands`` and registers
itself on the shared Typer app; this module only assembles them and maps
errors to the spec's exit codes.
"""

from __future__ import annotations

import sys

import typer

from .commands import COMMAND_MODULES

app = typer.Typer(
    name="roster",
    help="creator-roster: conflict-free influencer campaign rosters with OR-Tools CP-SAT.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in COMMAND_MODULES:
    module.register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.stderr.write("interrupted\n")
        raise SystemExit(130)
