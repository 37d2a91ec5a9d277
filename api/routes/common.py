"""What the routers share: access control, reading scenario bodies, job submission."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from ... import run_rules
from ...models import (
    DocumentError,
    FieldIssue,
    Scenario,
    Settings,
    parse_text,
    scenario_from_data,
)
from ..bodies import ErrorBody, Job, JobProgress
from ..enforcement import EnforcementCache, Indexed, UnknownScenario
from ..guard import key_matches
from ..jobs import JobRunner
from ..settings import ServerSettings
from ..store import JobRow, Store

bearer = HTTPBearer(auto_error=False, description="the server's API key, when one is configured")

ERRORS = {
    401: {"model": ErrorBody, "description": "missing or wrong API key"},
    404: {"model": ErrorBody, "description": "unknown id"},
    413: {"model": ErrorBody, "description": "request body too large"},
    422: {"model": ErrorBody, "description": "invalid document; each error names its field path"},
}


def errors(*codes: int) -> dict:
    return {code: ERRORS[code] for code in codes}


def settings_of(request: Request) -> ServerSettings:
    return request.app.state.settings


def store_of(request: Request) -> Store:
    return request.app.state.store


def runner_of(request: Request) -> JobRunner:
    return request.app.state.runner


def cache_of(request: Request) -> EnforcementCache:
    return request.app.state.cache


async def require_key(request: Request, credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> None:
    """With an API key configured, every request must carry it as a bearer token."""
    key = settings_of(request).api_key
    if not key:
        return
    given = f"Bearer {credentials.credentials}" if credentials is not None else None
    if not key_matches(given, key):  # KeyGuard refused it before the body was read; this names it in OpenAPI
        raise HTTPException(401, "missing or wrong API key (send 'Authorization: Bearer <key>')",
                            headers={"WWW-Authenticate": "Bearer"})


def not_found(what: str, ident: str) -> HTTPException:
    return HTTPException(404, f"unknown {what} {ident!r}")


async def indexed(request: Request, scenario_id: str) -> Indexed:
    """The scenario's enforcement index: straight from memory when current, else built in a worker thread."""
    cache = cache_of(request)
    try:
        found = cache.peek(scenario_id)
        return found if found is not None else await run_in_threadpool(cache.get, scenario_id)
    except UnknownScenario:
        raise not_found("scenario", scenario_id) from None


# --- scenario bodies ----------------------------------------------------------------------

SIZE_LIMITS = (("creators", "max_creators"), ("campaigns", "max_campaigns"), ("commitments", "max_commitments"))


async def read_scenario_body(request: Request) -> tuple[Scenario, dict]:
    """The request body as a checked scenario/1 (JSON or YAML), within the server's size limits.

    Parsed and checked in a worker thread: a large or hostile document never holds up the event loop
    (``/health``, other requests).
    """
    raw = await request.body()
    return await run_in_threadpool(parse_scenario_body, raw, settings_of(request))


def parse_scenario_body(raw: bytes, settings: ServerSettings) -> tuple[Scenario, dict]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError([FieldIssue("", "the body is not UTF-8 text")]) from None
    if not text.strip():
        raise DocumentError([FieldIssue("", "the body is empty; send a scenario/1 document")])
    data = parse_text(text)
    if isinstance(data, dict):
        issues = [FieldIssue(field, f"too many entries: {len(data[field])}, this server accepts at most "
                                    f"{getattr(settings, limit)}")
                  for field, limit in SIZE_LIMITS
                  if isinstance(data.get(field), list) and len(data[field]) > getattr(settings, limit)]
        if issues:
            raise DocumentError(issues)
    scenario = scenario_from_data(data)
    return scenario, scenario.to_document()


SCENARIO_BODY = {
    "requestBody": {
        "required": True,
        "description": "a scenario/1 document (JSON, or YAML of the same structure)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Scenario"}}},
    }
}


# --- jobs ----------------------------------------------------------------------------------

def time_limit(requested: Optional[Decimal], scenario: Optional[Scenario], settings: ServerSettings,
               path: str = "time_limit_s", per_variant: bool = False) -> float:
    """One solve's limit by the run rules (``per_variant``: an option's re-solve), never over the server's cap."""
    cap = settings.max_time_limit_s
    if requested is not None and float(requested) > cap:
        raise DocumentError([FieldIssue(path, f"over this server's limit of {cap:g} s")], document="request")
    own = (scenario.effective_settings if scenario is not None else Settings()).time_limit_s
    rule = run_rules.variant_time_limit if per_variant else run_rules.solve_time_limit
    return rule(None if requested is None else float(requested), float(own), cap)


_VERSION_TAG = re.compile(r"[0-9]{1,9}")


def version_tag(if_match: str) -> int:
    """The version an If-Match names: "3", 3 or W/"3" -> 3; anything else (², a 5,000-digit number) is a 409."""
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not _VERSION_TAG.fullmatch(tag):  # ASCII digits only: str.isdigit() accepts '²', which int() refuses
        raise HTTPException(409, f"If-Match {if_match!r} is not a version of this scenario (expected e.g. \"3\")")
    return int(tag)


def admit(request: Request) -> None:
    """Refuse a new job while the queue is full: 429, and when to try again (the work ahead, per slot)."""
    settings, store = settings_of(request), store_of(request)
    if len(store.queued_jobs(settings.max_queued_jobs)) < settings.max_queued_jobs:
        return
    ahead = sum(job.time_limit_s for job in store.active_jobs() if job.time_limit_s)  # declared budgets
    wait = max(1, round(ahead / settings.job_concurrency))
    raise HTTPException(429, f"the job queue is full ({settings.max_queued_jobs} waiting); try again later",
                        headers={"Retry-After": str(wait)})


def workers(requested: Optional[int], settings: ServerSettings) -> int:
    return run_rules.solve_workers(requested, settings.max_workers)


def job_out(row: JobRow) -> Job:
    result = f"/jobs/{row.id}/result" if row.status == "done" else None
    progress = JobProgress(**{k: v for k, v in (row.progress or {}).items() if k in JobProgress.model_fields})
    return Job(id=row.id, kind=row.kind, scenario=row.scenario_id, scenario_version=row.scenario_version,
               status=row.status, error=row.error, note=row.note, progress=progress,
               time_limit_s=(row.params or {}).get("time_limit_s"), budget_s=row.time_limit_s,
               attempts=row.attempts, server=row.owner, created_at=row.created_at, started_at=row.started_at,
               finished_at=row.finished_at, result=result)


def prepare_job(store: Store, settings: ServerSettings, job: JobRow) -> tuple[Optional[str], dict[str, Any]]:
    """What a worker needs for a job: the scenario text and, by kind, baseline roster or batch inputs."""
    extra: dict[str, Any] = {}
    text = None
    if job.scenario_id is not None:
        text = store.scenario_document(job.scenario_id, job.scenario_version)
        if text is None:
            raise RuntimeError(f"scenario {job.scenario_id} version {job.scenario_version} is gone")
    if job.kind in ("what-if", "why") and job.params.get("baseline_job"):
        extra["baseline"] = store.job_result(job.params["baseline_job"])
    if job.kind == "batch":
        import os

        items = []
        for sid, version in job.params["items"]:
            items.append((sid, version, store.scenario_document(sid, version)))
        extra["scenarios"] = items
        extra["outdir"] = os.path.join(settings.batch_dir, job.id)
    return text, extra
