"""/redoc from the installed package, with nothing fetched from another host.

Swagger UI (``/docs``) and ReDoc come inside the ``fastapi-offline`` package.
ReDoc's bundle still shows a "powered by" logo fetched from cdn.redoc.ly;
this page serves the same bundle with that one image address replaced by an
empty inline picture, so the page asks no other host for anything.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse, Response

REDOC_PAGE = "/redoc"
REDOC_SCRIPT = "/docs-redoc.js"
_BUNDLE = Path(fastapi_offline.__file__).with_name("static") / "redoc.standalone.js"
_REMOTE_LOGO = b'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
_NO_LOGO = b'src:"data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"'


@lru_cache(maxsize=1)
def redoc_bundle() -> bytes:
    return _BUNDLE.read_bytes().replace(_REMOTE_LOGO, _NO_LOGO)


def add_redoc(app: FastAPI, assets: str) -> None:
    @app.get(REDOC_PAGE, include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title=app.title + " - ReDoc", redoc_js_url=REDOC_SCRIPT,
                              with_google_fonts=False, redoc_favicon_url=f"{assets}/favicon.png")

    @app.get(REDOC_SCRIPT, include_in_schema=False)
    def redoc_script() -> Response:
        return Response(redoc_bundle(), media_type="text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})
