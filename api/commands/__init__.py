"""One module per `roster` sub-command; each exposes ``register(app)``.

Add a new command by writing its module and listing it in ``_NAMES``.
"""

from __future__ import annotations

import importlib

_NAMES = [
    "solve",
    "validate",
    "schema",
    "generate",
]

COMMAND_MODULES = [importlib.import_module(f"{__name__}.{name}") for name in _NAMES
                   if importlib.util.find_spec(f"{__name__}.{name}") is not None]
