"""Who may talk to the server, decided from the headers alone, before any body is read.

``KeyGuard``: with an API key configured, a request to anything but the open
paths (health and the API docs) without ``Authorization: Bearer <key>`` gets
401 at once, so an unauthenticated client cannot make the server buffer or
parse a body.

``LoopbackGuard``: the no-API-key mode is for the planner's own machine, not a door for the web pages she visits.

Without an API key nothing authenticates a request, so a page in her browser
could post to ``http://127.0.0.1:8000`` (cross-site request forgery) or reach
it under its own name through a rebinding DNS record.  This guard, in front
of the app when no key is set:

- answers only requests whose ``Host`` is a loopback name or address (unless
  the server was started with ``--allow-remote``);
- refuses a POST that a page could send without asking the browser first: one
  without a JSON or YAML content type and without an ``Authorization`` header
  (those make a cross-site request "non-simple", which the browser checks with
  the server before sending, and this server never allows).
"""

from __future__ import annotations

import json
import secrets
from typing import Optional

from .settings import LOOPBACK_HOSTS, ServerSettings

OPEN_PATHS = frozenset({"/", "/health", "/docs", "/docs/oauth2-redirect", "/redoc", "/docs-redoc.js",
                        "/openapi.json"})
DOCS_ASSETS = "/docs-assets"  # Swagger UI's and ReDoc's scripts and styles, served from the package: open too
OPEN_PREFIXES = (DOCS_ASSETS + "/", "/app-assets/")  # ... and the web app's (the page asks for the key itself)


def key_matches(authorization: Optional[str], key: str) -> bool:
    """Whether an ``Authorization`` header carries the bearer token ``key`` (compared in constant time)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer":
        token = ""
    return secrets.compare_digest(token.strip().encode("utf-8", "surrogateescape"), key.encode("utf-8"))


class KeyGuard:
    """ASGI middleware; does nothing without an API key."""

    def __init__(self, app, settings: ServerSettings):
        self.app, self.key = app, settings.api_key

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] != "http" or not self.key or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            return await self.app(scope, receive, send)
        authorization = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"authorization"),
                             None)
        if not key_matches(authorization, self.key):
            return await _refuse(send, 401, "missing or wrong API key (send 'Authorization: Bearer <key>')",
                                 [(b"www-authenticate", b"Bearer")])
        return await self.app(scope, receive, send)

DOCUMENT_TYPES = ("application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
                  # a creator sheet (POST /scenarios/{id}/creators/import); neither is a CORS-safelisted type, so a
                  # page of another site cannot send one without the preflight this server never allows
                  "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def hostname(host_header: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:8000' -> '::1'."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_document_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in DOCUMENT_TYPES or (media.startswith("application/") and media.endswith("+json"))


class LoopbackGuard:
    """ASGI middleware; does nothing once an API key is configured."""

    def __init__(self, app, settings: ServerSettings):
        self.app = app
        self.active = not settings.api_key
        self.any_host = settings.allow_remote

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.active:
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = hostname(headers.get("host", ""))
        if not self.any_host and host not in LOOPBACK_HOSTS:
            return await _refuse(send, 403, f"this server has no API key and answers loopback names only, "
                                            f"not Host {host!r}")
        if scope["method"] == "POST" and "authorization" not in headers and \
                not is_document_type(headers.get("content-type", "")):
            return await _refuse(send, 415, "a POST needs a JSON or YAML body with its content type "
                                            "(Content-Type: application/json; send {} for no options)")
        return await self.app(scope, receive, send)


async def _refuse(send, status: int, detail: str, headers: Optional[list] = None) -> None:
    body = json.dumps({"detail": detail, "errors": []}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})
