"""One module per `roster` sub-command; each exposes ``register(app)``.

Add a new command by writing its module and listing it here.
"""

from __future__ import annotations

from . import batch, commit_deal, export, generate, lock, options, schema, serve, solve, sweep, validate, whatif, why

COMMAND_MODULES = [solve, validate, schema, generate, options, whatif, why, commit_deal, lock, export, batch, sweep,
                   serve]
