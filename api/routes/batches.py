"""/batches: several stored scenarios solved as one job by the batch runner (planning/batch.py)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from ... import run_rules
from ...models import DocumentError, FieldIssue
from ...models.paths import at
from ..bodies import BatchRequest, JobCreated
from .common import (
    admit,
    errors,
    job_out,
    not_found,
    require_key,
    runner_of,
    settings_of,
    store_of,
    time_limit,
    workers,
)

router = APIRouter(tags=["batches"], dependencies=[Depends(require_key)], responses=errors(401))


@router.post("/batches", status_code=202, response_model=JobCreated, responses=errors(422))
def create_batch(request: Request, body: BatchRequest) -> JSONResponse:
    store, settings = store_of(request), settings_of(request)
    if len(body.scenarios) > settings.max_batch_items:
        raise DocumentError([FieldIssue("scenarios", f"{len(body.scenarios)} scenarios; this server takes at most "
                                                     f"{settings.max_batch_items} in one batch")],
                            document="batch request")
    items, issues, named = [], [], set()
    for i, sid in enumerate(body.scenarios):
        if sid in named:
            continue  # named twice: solved once
        named.add(sid)
        row = store.get_scenario(sid)
        if row is None:
            issues.append(FieldIssue(at("scenarios", i), f"unknown scenario {sid!r}"))
        else:
            items.append([row.id, row.version])
    if issues:
        raise DocumentError(issues, document="batch request")
    limit = time_limit(body.time_limit_s, None, settings)
    admit(request)
    job = store.add_job("batch", None, None, {"items": items, "time_limit_s": limit,
                                              "workers": workers(body.workers, settings)},
                        run_rules.batch_budget(limit, len(items)).seconds)
    runner_of(request).submit()
    return JSONResponse(JobCreated(id=job.id, status="queued").model_dump(), status_code=202,
                        headers={"Location": f"/batches/{job.id}"})


@router.get("/batches/{batch_id}", responses={200: {"description": "the batch job and, once done, its rows"},
                                              **errors(404)})
def get_batch(request: Request, batch_id: str) -> JSONResponse:
    store = store_of(request)
    row = store.get_job(batch_id)
    if row is None or row.kind != "batch":
        raise not_found("batch", batch_id)
    body = json.loads(job_out(row).model_dump_json())
    result = store.job_result(batch_id) if row.status == "done" else None
    body["rows"] = json.loads(result)["rows"] if result else None
    return JSONResponse(body)
