"""``GET /jobs/{id}/offer``: a finished options job as an offer sheet a brand can be shown (HTML, PDF or CSV).

The sheet is rendered from the job's options/1 document against the scenario
version the job was run on (planning.offer), recommended by the brand's rule
whatever perspective the job was asked with.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ...models import load_scenario
from ...models.options import OptionsDocument
from ...planning.offer import FORMATS, build_sheet, render
from .common import errors, not_found, require_key, store_of

router = APIRouter(tags=["options"], dependencies=[Depends(require_key)], responses=errors(401))

MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


@router.get("/jobs/{job_id}/offer", responses={
    200: {"description": "the offer sheet", "content": {m: {} for m in MEDIA.values()}},
    409: {"description": "not a finished options job"}, **errors(404, 422)})
async def offer_sheet(request: Request, job_id: str,
                      fmt: str = Query("html", alias="format", pattern="^(html|pdf|csv)$",
                                       description=", ".join(FORMATS))) -> Response:
    """The options of one campaign (and creator) as a sheet for the brand: nothing of anyone else's business."""
    store = store_of(request)
    row = store.get_job(job_id)
    if row is None:
        raise not_found("job", job_id)
    if row.kind != "options" or row.status != "done":
        raise HTTPException(409, f"job {job_id} is a {row.kind} job that is {row.status}: an offer sheet is made "
                                 f"from a finished options job")

    def make() -> tuple[bytes, str]:
        scenario = load_scenario(store.scenario_document(row.scenario_id, row.scenario_version).encode("utf-8"))
        doc = OptionsDocument.model_validate_json(store.job_result(job_id) or "{}")
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"offer-{doc.campaign}-{doc.creator or 'all'}")[:80]
        return render(build_sheet(scenario, doc), fmt), name

    body, name = await run_in_threadpool(make)
    disposition = "inline" if fmt != "csv" else "attachment"
    return Response(body, media_type=MEDIA[fmt], headers={"Content-Disposition": f'{disposition}; filename="{name}.{fmt}"'})
