"""/monitor: published posts checked for breaches of commitments and roster bookings."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from ...models.enforcement import MonitorAnswer
from ..bodies import MonitorRequest
from .common import errors, indexed, require_key

BIG_FEED = 200  # posts

router = APIRouter(tags=["enforcement"], dependencies=[Depends(require_key)], responses=errors(401))


@router.post("/monitor", response_model=MonitorAnswer, responses=errors(404, 413, 422))
async def monitor_posts(request: Request, body: MonitorRequest) -> Response:
    found = await indexed(request, body.scenario)
    if len(body.posts) <= BIG_FEED:
        answer = found.enforcer.monitor(body.posts)
    else:  # a long feed: off the event loop
        answer = await run_in_threadpool(found.enforcer.monitor, body.posts)
    answer.scenario_version = found.version
    answer.roster_job = found.roster_job
    return Response(answer.model_dump_json(by_alias=True), media_type="application/json")
