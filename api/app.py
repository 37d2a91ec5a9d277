"""The FastAPI application: stored scenarios, solve jobs, deal checks, the breach monitor, calendars.

``create_app(settings)`` opens the store (creating or upgrading the schema),
and on start-up runs the job supervisor.  Every error answer has the same
shape: ``{"detail": "...", "errors": [{"path": ..., "message": ...}]}``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import asynccontextmanager
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..models import DocumentError, Scenario
from ..models.paths import at, from_loc
from .bodies import ErrorBody, ErrorItem
from .docs_pages import add_redoc
from .enforcement import EnforcementCache
from .guard import DOCS_ASSETS, KeyGuard, LoopbackGuard
from .jobs import JobRunner
from .routes import (
    batches,
    brief,
    calendar,
    check,
    contracts,
    creators_import,
    health,
    jobs,
    monitor,
    offers,
    scenarios,
    timeline,
    web,
)
from .routes.common import prepare_job
from .settings import ServerSettings
from .store import Store

log = logging.getLogger("creator_roster.api")

VERSION = "0.1.0"


def error_body(detail: str, errors: Optional[list[dict]] = None) -> dict:
    return {"detail": detail, "errors": errors or []}


class BodyLimit:
    """Reads the request body within limits before the app sees it.

    A scenario document (``POST /scenarios``, ``PUT /scenarios/{id}``) may be
    up to ``document_limit`` bytes: the route parses it in a worker thread.
    Every other body (parsed by FastAPI on the event loop) may be up to
    ``request_limit``, small enough to parse in a few milliseconds.  Larger
    bodies get 413, by Content-Length or while reading; a body that stalls
    for ``stall_s`` seconds between chunks gets 408.
    """

    def __init__(self, app, document_limit: int, request_limit: int, stall_s: float):
        self.app, self.document_limit, self.request_limit, self.stall_s = app, document_limit, request_limit, stall_s

    def limit_for(self, scope) -> int:
        if scope["method"] in ("POST", "PUT") and SCENARIO_DOCUMENT_PATH.fullmatch(scope["path"]):
            return self.document_limit
        return self.request_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False
            if too_big:
                return await self._refuse(send, limit)
        chunks, size = [], 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), self.stall_s)
            except asyncio.TimeoutError:
                response = JSONResponse(error_body(f"the request body stalled: nothing arrived for {self.stall_s:g} s"),
                                        status_code=408, headers={"Connection": "close"})
                return await response({"type": "http"}, None, send)
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return await self._refuse(send, limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _refuse(self, send, limit: int):
        response = JSONResponse(error_body(f"request body over the limit of {limit} bytes"), status_code=413)
        await response({"type": "http"}, None, send)


SCENARIO_DOCUMENT_PATH = re.compile(r"/scenarios(/[^/]+)?")


def create_app(settings: Optional[ServerSettings] = None) -> FastAPI:
    settings = settings or ServerSettings()
    store = Store(settings.database_url)
    runner = JobRunner(store, settings, prepare=lambda job: prepare_job(store, settings, job))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        runner.start()
        try:
            yield
        finally:
            runner.stop()
            store.close()

    # FastAPIOffline: FastAPI whose /docs and /redoc load Swagger UI and ReDoc from the installed package
    # (fastapi-offline ships them), not from a CDN, so the docs work with no network at all.
    app = FastAPIOffline(
        static_url=DOCS_ASSETS,
        redoc_url=None,  # docs_pages.add_redoc: the same ReDoc, without its one remote image
        swagger_ui_parameters={"validatorUrl": None},  # Swagger UI would ask validator.swagger.io otherwise
        title="creator-roster",
        version=VERSION,
        description="Conflict-free influencer campaign rosters (OR-Tools CP-SAT): stored scenarios, solve jobs, "
                    "options and what-ifs, deal checks, breach monitoring and creator calendars.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.runner = runner
    app.state.cache = EnforcementCache(store, settings.enforcement_cache_size, settings.enforcement_recheck_s)

    add_redoc(app, DOCS_ASSETS)
    for module in (health, scenarios, creators_import, contracts, jobs, offers,
                   check, monitor, calendar, brief, timeline, batches, web):
        app.include_router(module.router)
    app.mount(web.APP_ASSETS, StaticFiles(directory=web.WEB), name="app-assets")

    @app.exception_handler(DocumentError)
    async def _document_error(_request: Request, exc: DocumentError):
        return JSONResponse(error_body(f"invalid {exc.document}", exc.as_json()), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError):
        errors = []
        for err in exc.errors():
            loc = list(err.get("loc", ()))
            where = loc[0] if loc else ""
            path = from_loc(p for p in loc[1:] if not (isinstance(p, str) and "[" in p))
            if where in ("query", "header", "path"):
                path = at(where) + path
            message = str(err.get("msg", "invalid value"))
            if message.startswith("Value error, "):
                message = message[len("Value error, "):]
            if err.get("type") == "extra_forbidden":
                message = "unknown field (not part of the format)"
            errors.append({"path": str(path), "message": message})
        return JSONResponse(error_body("invalid request", errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        errors = exc.detail if isinstance(exc.detail, list) else []
        return JSONResponse(error_body(detail, errors), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception):  # pragma: no cover - a bug, logged
        log.exception("internal error", exc_info=exc)
        return JSONResponse(error_body("internal error"), status_code=500)

    app.add_middleware(BodyLimit, document_limit=settings.max_body_bytes, request_limit=settings.max_request_bytes,
                       stall_s=settings.body_stall_s)
    app.add_middleware(KeyGuard, settings=settings)  # before the body is read: no key, no buffering
    app.add_middleware(LoopbackGuard, settings=settings)  # outermost
    _document_scenario_schema(app)
    return app


def _document_scenario_schema(app: FastAPI) -> None:
    """Scenario bodies are read by hand (for exact decimals and field-path errors); publish their schema anyway."""
    plain = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = plain()
        scenario = Scenario.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, sub in scenario.pop("$defs", {}).items():
            components.setdefault(name, sub)
        components["Scenario"] = scenario
        # every 422 of this app has the one error shape, not FastAPI's default
        components["HTTPValidationError"] = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        components["HTTPValidationError"].pop("$defs", None)
        components.setdefault("ErrorItem", ErrorItem.model_json_schema())
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
