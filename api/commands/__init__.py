"""One module per `roster` sub-command; each exposes ``register(app)``.

Add a new command by writing its module and listing it here, under the name it is typed as.  The CLI
imports only the module of the command being run (the help imports them all), so `roster batch` does not
wait for OR-Tools to load in a process that never solves.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

COMMAND_MODULES = {"solve": "solve", "validate": "validate", "schema": "schema", "generate": "generate",
                   "options": "options", "whatif": "whatif", "why": "why", "commit-deal": "commit_deal",
                   "lock": "lock", "import-creators": "import_creators", "export": "export", "offer": "offer", "batch": "batch", "sweep": "sweep", "serve": "serve"}
"""Command name -> its module in this package, in the order the help lists them."""


def command_modules(names: list[str]) -> list[ModuleType]:
    return [import_module("." + COMMAND_MODULES[name], __package__) for name in names]
