"""/jobs: status with live progress, a server-sent event stream, cancellation, the result document."""

from __future__ import annotations

import asyncio
import json
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from ..bodies import Job
from ..store import FINISHED
from .common import errors, job_out, not_found, require_key, runner_of, store_of

router = APIRouter(tags=["jobs"], dependencies=[Depends(require_key)], responses=errors(401))

POLL_SECONDS = 0.2


@router.get("/jobs", response_model=list[Job])
def list_jobs(request: Request, scenario: Optional[str] = Query(None, max_length=200),
              limit: int = Query(100, ge=1, le=1000)) -> list[Job]:
    return [job_out(r) for r in store_of(request).list_jobs(scenario, limit)]


@router.get("/jobs/{job_id}", response_model=Job, responses=errors(404))
def get_job(request: Request, job_id: str) -> Job:
    row = store_of(request).get_job(job_id)
    if row is None:
        raise not_found("job", job_id)
    return job_out(row)


@router.delete("/jobs/{job_id}", response_model=Job,
               responses={409: {"description": "the job has already finished"}, **errors(404)})
def cancel_job(request: Request, job_id: str) -> Job:
    store = store_of(request)
    row = store.get_job(job_id)
    if row is None:
        raise not_found("job", job_id)
    if not runner_of(request).cancel(job_id):
        row = store.get_job(job_id)
        raise HTTPException(409, f"job {job_id} has already finished ({row.status})")
    return job_out(store.get_job(job_id))


@router.get("/jobs/{job_id}/result", responses={
    200: {"description": "the roster/1, options or diff document", "content": {"application/json": {}}},
    409: {"description": "the job has no result (not finished, failed or cancelled)"}, **errors(404)})
def job_result(request: Request, job_id: str) -> Response:
    store = store_of(request)
    row = store.get_job(job_id)
    if row is None:
        raise not_found("job", job_id)
    if row.status != "done":
        reason = f": {row.error}" if row.error else ""
        raise HTTPException(409, f"job {job_id} is {row.status}; no result{reason}")
    return Response(store.job_result(job_id) or "null", media_type="application/json")


@router.get("/jobs/{job_id}/events", responses={
    200: {"description": "server-sent events: 'status' and 'progress' as they change, then 'end'",
          "content": {"text/event-stream": {}}}, **errors(404)})
async def job_events(request: Request, job_id: str):
    store = store_of(request)
    if await run_in_threadpool(store.get_job, job_id) is None:
        raise not_found("job", job_id)

    async def stream():
        last_status, last_progress = None, None
        while True:
            row = await run_in_threadpool(store.get_job, job_id)
            if row is None:
                return
            job = job_out(row)
            if job.status != last_status:
                last_status = job.status
                yield {"event": "status", "data": job.model_dump_json()}
            progress = job.progress.model_dump()
            if progress != last_progress and any(v is not None for v in progress.values()):
                last_progress = progress
                yield {"event": "progress", "data": json.dumps(progress)}
            if job.status in FINISHED:
                yield {"event": "end", "data": job.model_dump_json()}
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(POLL_SECONDS)

    return EventSourceResponse(stream(), ping=15)
