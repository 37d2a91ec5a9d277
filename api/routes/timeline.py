"""The season as the web app shows it: ``/scenarios/{id}/timeline`` and its download, ``/export``.

Both read a job's roster (``?job=``; by default the roster of record of the
current version, the one deal checks count) against the scenario version that
job ran on, so an older roster is shown against its own scenario: a solve's
roster, a what-if's re-plan on the changed scenario, and (the timeline only)
one option of an options job under its clause.  Without any roster the
timeline shows the signed bookings alone.
"""

from __future__ import annotations

import re
from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from ...models import Roster, Scenario, load_roster, load_scenario
from ...models.diff import DiffDocument
from ...models.errors import DocumentError, FieldIssue
from ...models.options import OptionsDocument
from ...models.timeline import Timeline
from ...planning.compared import changed_scenario, option_timeline, whatif_timeline
from ...planning.export import FORMATS, export_roster
from ...planning.timeline import timeline_of
from .common import errors, indexed, not_found, require_key, store_of

router = APIRouter(tags=["timeline"], dependencies=[Depends(require_key)], responses=errors(401))

JOB = Query(None, min_length=1, max_length=64, description="a solve, what-if or options job of this scenario; by "
                                                            "default the roster of record of its current version")
OPTION = Query(None, min_length=1, max_length=64, description="with an options job: the option to show (default "
                                                               "the recommended one)")
CONFLICT = {409: {"description": "the job is not a finished job of this scenario that has a roster"}}
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _scenario_at(store, found, scenario_id: str, version: int) -> Scenario:
    if version == found.version:
        return found.enforcer.scenario
    return load_scenario(store.scenario_document(scenario_id, version).encode("utf-8"))


async def _job_of(request: Request, scenario_id: str, job: str, kinds: tuple[str, ...]):
    row = await run_in_threadpool(store_of(request).get_job, job)
    if row is None or row.scenario_id != scenario_id:
        raise not_found("job", job)
    if row.kind not in kinds or row.status != "done":
        raise HTTPException(409, f"job {job} is a {row.kind} job that is {row.status}: show a finished "
                                 + " or ".join(kinds))
    return row


async def _season(request: Request, scenario_id: str,
                  job: Optional[str]) -> tuple[Scenario, Optional[Roster], Optional[str]]:
    """The scenario and the roster to export, and the job it came from: a solve's roster against the version
    it solved, or a what-if's re-plan against the changed scenario."""
    found = await indexed(request, scenario_id)
    job = job or found.roster_job
    if job is None:
        return found.enforcer.scenario, None, None
    row = await _job_of(request, scenario_id, job, ("solve", "what-if"))
    store = store_of(request)

    def load() -> tuple[Scenario, Roster]:
        scenario = _scenario_at(store, found, scenario_id, row.scenario_version)
        result = (store.job_result(job) or "").encode("utf-8")
        if row.kind == "what-if":
            diff = DiffDocument.model_validate_json(result)
            return changed_scenario(scenario, row.params["changes"]), diff.roster
        return scenario, load_roster(result)

    scenario, roster = await run_in_threadpool(load)
    return scenario, roster, job


async def _drawn(request: Request, scenario_id: str, job: Optional[str], option: Optional[str]) -> Timeline:
    """The timeline of the job's roster (default: the roster of record; none: the signed bookings alone); a
    what-if's or an option's with what its roster changed marked."""
    found = await indexed(request, scenario_id)
    job = job or found.roster_job
    if job is None:
        return await run_in_threadpool(timeline_of, found.enforcer.scenario, None, None)
    row = await _job_of(request, scenario_id, job, ("solve", "what-if", "options"))
    store = store_of(request)

    def draw() -> Timeline:
        scenario = _scenario_at(store, found, scenario_id, row.scenario_version)
        result = store.job_result(job) or ""
        if row.kind == "solve":
            return timeline_of(scenario, load_roster(result.encode("utf-8")), job)
        if row.kind == "what-if":
            return whatif_timeline(scenario, row.params["changes"], DiffDocument.model_validate_json(result), job,
                                   row.params.get("baseline_job"))
        return option_timeline(scenario, OptionsDocument.model_validate_json(result), option, job)

    return await run_in_threadpool(draw)


@router.get("/scenarios/{scenario_id}/timeline", response_model=Timeline, responses={**errors(404, 422), **CONFLICT})
async def timeline(request: Request, scenario_id: str, job: Optional[str] = JOB, option: Optional[str] = OPTION) -> Response:
    """The season drawn by day: per creator, each booking's posts and clause phases (dated, in words),
    commitments, unavailable days; per campaign, its window, launch, budget and bookings.

    With a what-if job, its re-plan on the changed scenario; with an options job, one option's roster
    (``option``, default the recommended one) under its clause.  Both carry ``compare``: the bookings added
    and moved (marked on the bookings) and removed, against the baseline or the requested clause."""
    if option is not None and job is None:
        raise DocumentError([FieldIssue("option", "an option is shown from an options job: give job too")],
                            document="timeline request")
    drawn = await _drawn(request, scenario_id, job, option)
    return Response(drawn.model_dump_json(by_alias=True), media_type="application/json")


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
