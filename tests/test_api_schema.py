"""Schemathesis against the app's own OpenAPI schema, in-process: no input may yield a 5xx.

Bounded: a few examples per operation, no deadline games, a temp SQLite file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from creator_roster.api.app import create_app
from creator_roster.api.settings import ServerSettings

_DB = Path(tempfile.mkdtemp(prefix="roster-schemathesis-")) / "roster.db"
# allow_remote: schemathesis calls the app as 'testserver'; the loopback guard has its own tests (test_api.py)
app = create_app(ServerSettings(database_url=f"sqlite:///{_DB}", max_time_limit_s=2, allow_remote=True))
# the coverage phase's boundary cases are many per operation; random generation keeps the run short
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
          phases=[Phase.explicit, Phase.generate])
def test_no_input_yields_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
