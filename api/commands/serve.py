"""`roster serve`: the HTTP service under uvicorn."""

from __future__ import annotations

import logging
from typing import Optional

import typer

from .common import err_console

log = logging.getLogger("creator_roster.api")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Optional[str] = typer.Option(None, help="address to listen on (env ROSTER_HOST, default 127.0.0.1)"),
    port: Optional[int] = typer.Option(None, help="port (env ROSTER_PORT, default 8000)"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLAlchemy URL [env ROSTER_DATABASE_URL, default "
                                                       "sqlite:///roster.db]"),
    allow_remote: bool = typer.Option(False, "--allow-remote", help="listen on a non-loopback address even "
                                                                    "without an API key (env ROSTER_ALLOW_REMOTE)"),
    log_level: str = typer.Option("info", help="uvicorn log level"),
) -> None:
    """Serve the HTTP API (scenarios, solve jobs, deal checks, breach monitor, calendars)."""
    import uvicorn
    from pydantic import ValidationError

    from ..app import create_app
    from ..settings import LOOPBACK_HOSTS, ServerSettings

    overrides = {k: v for k, v in {"host": host, "port": port, "database_url": db}.items() if v is not None}
    if allow_remote:
        overrides["allow_remote"] = True
    try:
        settings = ServerSettings(**overrides)
    except ValidationError as exc:
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"])
            err_console.print(f"[bold red]error:[/] invalid setting {name} (ROSTER_{name.upper()}): {err['msg']}",
                              highlight=False)
        raise typer.Exit(2)
    logging.basicConfig(level=getattr(logging, log_level.upper(), logging.INFO),
                        format="%(levelname)s:     %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if not settings.api_key:
        if settings.host not in LOOPBACK_HOSTS and not settings.allow_remote:
            err_console.print(f"[bold red]error:[/] no API key is configured (ROSTER_API_KEY), so the server only "
                              f"listens on loopback; refusing {settings.host}. Set an API key, or pass "
                              "--allow-remote to serve without one.", highlight=False)
            raise typer.Exit(2)
        where = "loopback only" if settings.host in LOOPBACK_HOSTS else f"{settings.host}, allowed by --allow-remote"
        log.warning("no API key configured: requests are not authenticated (listening on %s)", where)
    else:
        log.info("API key configured: every request but /health and the docs needs it as a bearer token")
    log.info("database: %s", _safe_url(settings.database_url))
    try:
        application = create_app(settings)
    except Exception as exc:  # noqa: BLE001 - e.g. the database is unreachable
        err_console.print(f"[bold red]error:[/] cannot open the database: {exc}", highlight=False)
        raise typer.Exit(2)
    uvicorn.run(application, host=settings.host, port=settings.port, log_level=log_level, access_log=False)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return "(unparsable URL)"
