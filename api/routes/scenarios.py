"""/scenarios: stored scenario/1 documents, every version kept; solve, options, what-if and why jobs on them."""

from __future__ import annotations

from typing import Optional

from fastapi import (
    APIRouter,
    Body,
    Depends,
    Header,
    HTTPException,
    Query,
    Request,
    Response,
)
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ... import run_rules
from ...models import DocumentError, FieldIssue, dump_json
from ...models.changes import load_changes
from ...models.errors import issues_under
from ...models.paths import at
from ...planning.changes import apply_changes
from ...planning.ids import id_issues
from ...planning.options import check_custom_variants
from ...planning.variants import clause_document
from ..bodies import (
    JobCreated,
    OptionsRequest,
    ScenarioCreated,
    ScenarioSummary,
    ScenarioVersionInfo,
    SolveRequest,
    WhatIfRequest,
    WhyRequest,
)
from ..store import VersionConflict
from .common import (
    SCENARIO_BODY,
    admit,
    errors,
    not_found,
    read_scenario_body,
    require_key,
    runner_of,
    settings_of,
    store_of,
    time_limit,
    version_tag,
    workers,
)

router = APIRouter(tags=["scenarios"], dependencies=[Depends(require_key)], responses=errors(401))


def _etag(version: int) -> str:
    return f'"{version}"'


def _version_of(if_match: Optional[str]) -> Optional[int]:
    """If-Match: "3" (or 3, or W/"3") -> 3; '*' -> None."""
    if if_match is None or if_match.strip() == "*":
        return None
    return version_tag(if_match)


@router.post("/scenarios", status_code=201, response_model=ScenarioCreated, openapi_extra=SCENARIO_BODY,
             responses=errors(413, 422))
async def create_scenario(request: Request, response: Response) -> ScenarioCreated:
    scenario, document = await read_scenario_body(request)

    def store_it():  # a large document's write and index take time: off the event loop, as its parsing
        row = store_of(request).add_scenario(document, scenario.name)
        request.app.state.cache.put(row.id, row.version, scenario)
        return row

    row = await run_in_threadpool(store_it)
    response.headers["ETag"] = _etag(row.version)
    response.headers["Location"] = f"/scenarios/{row.id}"
    return ScenarioCreated(id=row.id, version=row.version)


@router.get("/scenarios", response_model=list[ScenarioSummary])
def list_scenarios(request: Request) -> list[ScenarioSummary]:
    return [ScenarioSummary(id=r.id, name=r.name, version=r.version, created_at=r.created_at, updated_at=r.updated_at)
            for r in store_of(request).list_scenarios()]


@router.get("/scenarios/{scenario_id}", responses={200: {"description": "the scenario/1 document",
                                                         "content": {"application/json": {"schema": {
                                                             "$ref": "#/components/schemas/Scenario"}}}},
                                                   **errors(404)})
def get_scenario(request: Request, scenario_id: str,
                 version: Optional[int] = Query(None, ge=1, le=2**31 - 1,
                                                description="an earlier version; default the current one")):
    store = store_of(request)
    row = store.get_scenario(scenario_id)
    if row is None:
        raise not_found("scenario", scenario_id)
    wanted = version or row.version
    text = store.scenario_document(scenario_id, wanted)
    if text is None:
        raise not_found("version", f"{scenario_id} v{wanted}")
    return Response(text, media_type="application/json",
                    headers={"ETag": _etag(wanted), "X-Scenario-Version": str(wanted)})


@router.get("/scenarios/{scenario_id}/versions", response_model=list[ScenarioVersionInfo], responses=errors(404))
def list_versions(request: Request, scenario_id: str) -> list[ScenarioVersionInfo]:
    store = store_of(request)
    if store.get_scenario(scenario_id) is None:
        raise not_found("scenario", scenario_id)
    return [ScenarioVersionInfo(version=v.version, created_at=v.created_at) for v in store.scenario_versions(scenario_id)]


@router.put("/scenarios/{scenario_id}", response_model=ScenarioCreated, openapi_extra=SCENARIO_BODY,
            responses={409: {"description": "If-Match names a version that is no longer current"},
                       **errors(404, 413, 422)})
async def put_scenario(request: Request, response: Response, scenario_id: str,
                       if_match: Optional[str] = Header(None, description='the version being replaced, e.g. "3"')):
    store = store_of(request)
    if await run_in_threadpool(store.get_scenario, scenario_id) is None:
        raise not_found("scenario", scenario_id)
    expected = _version_of(if_match)
    scenario, document = await read_scenario_body(request)

    def store_it():
        try:
            row = store.put_scenario(scenario_id, document, scenario.name, expected)
        except VersionConflict as exc:
            raise HTTPException(409, f"the scenario is at version {exc.current}, not {expected}; "
                                     "fetch it again and retry", headers={"ETag": _etag(exc.current)}) from None
        if row is None:
            raise not_found("scenario", scenario_id)
        request.app.state.cache.put(row.id, row.version, scenario)
        return row

    row = await run_in_threadpool(store_it)
    response.headers["ETag"] = _etag(row.version)
    return ScenarioCreated(id=row.id, version=row.version)


@router.delete("/scenarios/{scenario_id}", status_code=204, responses=errors(404))
def delete_scenario(request: Request, scenario_id: str) -> Response:
    if not store_of(request).delete_scenario(scenario_id):
        raise not_found("scenario", scenario_id)
    return Response(status_code=204)


# --- jobs on a scenario ---------------------------------------------------------------------

def _current(request: Request, scenario_id: str):
    store = store_of(request)
    row = store.get_scenario(scenario_id)
    if row is None:
        raise not_found("scenario", scenario_id)
    return row, request.app.state.cache.get(scenario_id)


def _queued(request: Request, kind: str, row, params: dict, budget: run_rules.JobBudget) -> JSONResponse:
    """Store the job with its declared budget (the watchdog's deadline) and wake the runner."""
    admit(request)
    job = store_of(request).add_job(kind, row.id, row.version, params, budget.seconds)
    runner_of(request).submit()
    body = JobCreated(id=job.id, status="queued").model_dump()
    return JSONResponse(body, status_code=202, headers={"Location": f"/jobs/{job.id}"})


@router.post("/scenarios/{scenario_id}/solve", status_code=202, response_model=JobCreated, responses=errors(404, 422))
def solve(request: Request, scenario_id: str, body: Optional[SolveRequest] = Body(None)):
    row, indexed = _current(request, scenario_id)
    settings = settings_of(request)
    body = body or SolveRequest()
    limit = time_limit(body.time_limit_s, indexed.enforcer.scenario, settings)
    params = {"time_limit_s": limit, "workers": workers(body.workers, settings), "seed": body.seed}
    return _queued(request, "solve", row, params, run_rules.solve_budget(limit))


@router.post("/scenarios/{scenario_id}/options", status_code=202, response_model=JobCreated,
             responses=errors(404, 422))
def options(request: Request, scenario_id: str, body: OptionsRequest):
    row, indexed = _current(request, scenario_id)
    issues = id_issues(indexed.enforcer.scenario, body.campaign, body.creator)
    if issues:
        raise DocumentError(issues, document="options request")
    settings = settings_of(request)
    limit = time_limit(body.time_limit_s, indexed.enforcer.scenario, settings, per_variant=True)
    if body.variants:
        campaign = next(k for k in indexed.enforcer.scenario.campaigns if k.id == body.campaign)
        check_custom_variants(indexed.enforcer.scenario, campaign, body.variants)
    params = {"campaign": body.campaign, "creator": body.creator, "time_limit_s": limit,
              "workers": workers(body.workers, settings), "perspective": body.perspective,
              "variants": {name: clause_document(c) for name, c in (body.variants or {}).items()}}
    return _queued(request, "options", row, params,
                   run_rules.options_budget(limit, body.creator is not None, len(body.variants or {})))


@router.post("/scenarios/{scenario_id}/what-if", status_code=202, response_model=JobCreated,
             responses=errors(404, 422))
def what_if(request: Request, scenario_id: str, body: WhatIfRequest):
    row, indexed = _current(request, scenario_id)
    store = store_of(request)
    _check_changes(body.changes, indexed.enforcer.scenario)
    baseline_job = body.baseline if body.baseline is not None else row.roster_job
    if body.baseline is not None:
        job = store.get_job(body.baseline)
        if job is None or job.kind != "solve" or job.status != "done" or job.scenario_id != scenario_id:
            raise DocumentError([FieldIssue("baseline", f"{body.baseline!r} is not a finished solve job of this "
                                                        "scenario")], document="what-if request")
    settings = settings_of(request)
    limit = time_limit(body.time_limit_s, indexed.enforcer.scenario, settings)
    params = {"changes": _plain(body.changes), "baseline_job": baseline_job,
              "stability_weight": float(body.stability_weight) if body.stability_weight is not None else None,
              "time_limit_s": limit, "workers": workers(body.workers, settings)}
    return _queued(request, "what-if", row, params, run_rules.whatif_budget(limit, baseline_job is not None))


@router.post("/scenarios/{scenario_id}/why", status_code=202, response_model=JobCreated, responses=errors(404, 422))
def why(request: Request, scenario_id: str, body: WhyRequest):
    """Why is the creator not on the campaign: a why/1 document (booked?, possible?, the cost, the rules)."""
    row, indexed = _current(request, scenario_id)
    issues = id_issues(indexed.enforcer.scenario, body.campaign, body.creator)
    if body.baseline is not None:
        job = store_of(request).get_job(body.baseline)
        if job is None or job.kind != "solve" or job.status != "done" or job.scenario_id != scenario_id:
            issues.append(FieldIssue("baseline", f"{body.baseline!r} is not a finished solve job of this scenario"))
    if issues:
        raise DocumentError(issues, document="why request")
    settings = settings_of(request)
    limit = time_limit(body.time_limit_s, indexed.enforcer.scenario, settings)
    baseline_job = body.baseline if body.baseline is not None else row.roster_job
    params = {"campaign": body.campaign, "creator": body.creator, "baseline_job": baseline_job,
              "time_limit_s": limit, "workers": workers(body.workers, settings)}
    return _queued(request, "why", row, params, run_rules.why_budget(limit, baseline_job is not None))


def _check_changes(changes: dict, scenario) -> None:
    """Reject a change set that does not load, or does not apply to this scenario (an unknown creator, a
    field the scenario lacks, a result that breaks a rule), before it is queued: a 422 naming the path
    under ``changes``, as the CLI's exit 2."""
    try:
        apply_changes(scenario, load_changes(changes))
    except DocumentError as exc:
        raise DocumentError(issues_under(at("changes"), exc.issues), document="what-if request") from None


def _plain(document: dict) -> dict:
    import json

    return json.loads(dump_json(document, indent=None))
