"""/check: a proposed deal against a scenario's commitments and its latest solved roster."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from ...models.enforcement import CheckAnswer
from ..bodies import CheckRequest
from .common import errors, indexed, require_key

BIG_DEAL = 30  # posts

router = APIRouter(tags=["enforcement"], dependencies=[Depends(require_key)], responses=errors(401))


@router.post("/check", response_model=CheckAnswer, responses=errors(404, 413, 422))
async def check_deal(request: Request, body: CheckRequest) -> Response:
    found = await indexed(request, body.scenario)
    if len(body.deal.posts) <= BIG_DEAL:
        answer = found.enforcer.check(body.deal)
    else:  # a long deal takes longer to shift around: off the event loop
        answer = await run_in_threadpool(found.enforcer.check, body.deal)
    answer.scenario_version = found.version
    answer.roster_job = found.roster_job
    return Response(answer.model_dump_json(by_alias=True), media_type="application/json")
