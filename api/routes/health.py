"""/health: liveness and database reachability; open without an API key."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/health")
def health(request: Request) -> JSONResponse:
    try:
        request.app.state.store.ping()
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        database = f"unreachable: {type(exc).__name__}"
    ok = database == "ok"
    return JSONResponse({"status": "ok" if ok else "degraded", "database": database}, status_code=200 if ok else 503)
