"""The season as the web app shows it: ``/scenarios/{id}/timeline`` and its download, ``/export``.

Both read a solve job's roster (``?job=``; by default the roster of record of
the current version, the one deal checks count) against the scenario version
that job solved, so an older roster is shown against its own scenario.
Without any roster the timeline shows the signed bookings alone.
"""

from __future__ import annotations

import re
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ...models import Roster, Scenario, load_roster, load_scenario
from ...models.timeline import Timeline
from ...planning.export import FORMATS, export_roster
from ...planning.timeline import timeline_of
from .common import errors, indexed, not_found, require_key, store_of

router = APIRouter(tags=["timeline"], dependencies=[Depends(require_key)], responses=errors(401))

JOB = Query(None, min_length=1, max_length=64, description="a solve job of this scenario; by default the roster "
                                                            "of record of its current version")
CONFLICT = {409: {"description": "the job is not a finished solve of this scenario"}}
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


async def _season(request: Request, scenario_id: str, job: Optional[str]) -> tuple[Scenario, Optional[Roster], Optional[str]]:
    """The scenario version and the roster to show, and the job it came from."""
    found = await indexed(request, scenario_id)
    job = job or found.roster_job
    if job is None:
        return found.enforcer.scenario, None, None
    store = store_of(request)
    row = store.get_job(job)
    if row is None or row.scenario_id != scenario_id:
        raise not_found("job", job)
    if row.kind != "solve" or row.status != "done":
        raise HTTPException(409, f"job {job} is a {row.kind} job that is {row.status}: show a finished solve")

    def load() -> tuple[Scenario, Roster]:
        if row.scenario_version == found.version:
            scenario = found.enforcer.scenario
        else:
            scenario = load_scenario(store.scenario_document(scenario_id, row.scenario_version).encode("utf-8"))
        return scenario, load_roster((store.job_result(job) or "").encode("utf-8"))

    scenario, roster = await run_in_threadpool(load)
    return scenario, roster, job


@router.get("/scenarios/{scenario_id}/timeline", response_model=Timeline, responses={**errors(404), **CONFLICT})
async def timeline(request: Request, scenario_id: str, job: Optional[str] = JOB) -> Response:
    """The season drawn by day: per creator, each booking's posts and clause phases (dated, in words),
    commitments, unavailable days; per campaign, its window, launch, budget and bookings."""
    scenario, roster, job = await _season(request, scenario_id, job)
    drawn = await run_in_threadpool(lambda: timeline_of(scenario, roster, job).model_dump_json(by_alias=True))
    return Response(drawn, media_type="application/json")


@router.get("/scenarios/{scenario_id}/export", responses={
    200: {"description": "one row per post: CSV (RFC 4180) or XLSX", "content": {m: {} for m in MEDIA.values()}},
    **errors(404, 422), **CONFLICT})
async def export(request: Request, scenario_id: str, job: Optional[str] = JOB,
                 fmt: str = Query("csv", alias="format", pattern="^(csv|xlsx)$",
                                  description=" or ".join(FORMATS))) -> Response:
    """The roster as a spreadsheet, as ``roster export`` writes it."""
    scenario, roster, job = await _season(request, scenario_id, job)
    if roster is None:
        raise HTTPException(409, f"scenario {scenario_id} has no roster yet: solve it first")
    body = await run_in_threadpool(export_roster, scenario, roster, fmt)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{scenario.name or scenario_id}")[:80] + f"-{job}.{fmt}"
    return Response(body, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
