"""The planner's web app: ``/`` and its assets, all from the installed package (api/web), no CDN.

The page is open without the API key (it holds no data); it asks for the key
once and sends it as the bearer token on every API call it makes.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

WEB = Path(__file__).resolve().parents[1] / "web"
APP_ASSETS = "/app-assets"

router = APIRouter(include_in_schema=False)


@router.get("/")
def app_page() -> FileResponse:
    return FileResponse(WEB / "index.html", media_type="text/html", headers={"Cache-Control": "no-cache"})
