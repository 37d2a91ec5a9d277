"""The `roster` command line (Typer + Rich).

Each command lives in its own module under ``api/commands`` and registers
itself on the Typer app; this module only assembles them and maps errors to
the spec's exit codes.  ``main`` registers only the command being run, so a
command that never solves (`roster batch`: its workers do) does not load
OR-Tools; ``app`` (for tests and embedding) has every command.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Optional

import typer

from .commands import COMMAND_MODULES, command_modules

HELP = "creator-roster: conflict-free influencer campaign rosters with OR-Tools CP-SAT."


def build_app(names: Optional[list[str]] = None) -> typer.Typer:
    """The app with the named commands (all by default)."""
    built = typer.Typer(name="roster", help=HELP, no_args_is_help=True, add_completion=False,
                        pretty_exceptions_enable=False)

    @built.callback()
    def group() -> None:  # a group even with one command: `roster batch ...` keeps its word
        pass

    for module in command_modules(list(COMMAND_MODULES) if names is None else names):
        module.register(built)
    return built


def commands_for(argv: list[str]) -> Optional[list[str]]:
    """The command being run, or None (all of them) when none is named: the help, a typo."""
    return [argv[0]] if argv and argv[0] in COMMAND_MODULES else None


@cache
def _full_app() -> typer.Typer:
    return build_app()


def __getattr__(name: str):
    if name == "app":
        return _full_app()
    raise AttributeError(name)


def main() -> None:
    app = build_app(commands_for(sys.argv[1:]))
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.stderr.write("interrupted\n")
        raise SystemExit(130)
