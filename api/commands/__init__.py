"""One module per `roster` sub-command; each exposes ``register(app)``.

Add a new command by writing its module and listing it in ``_NAMES``; a
listed module that does not exist yet is skipped.
"""

from __future__ import annotations

import importlib
import importlib.util

_NAMES = [
    "solve",
    "validate",
    "schema",
    "generate",
    "options",
    "whatif",
    "batch",
    "sweep",
    "serve",
]

COMMAND_MODULES = [importlib.import_module(f"{__name__}.{name}") for name in _NAMES
                   if importlib.util.find_spec(f"{__name__}.{name}") is not None]
