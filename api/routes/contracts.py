"""From check to contract: sign a deal as a commitment, or a booking of the roster of record as locked; and
take a what-if re-plan as the scenario's next version.

The first two are edits of a stored scenario: each makes a new version (like ``PUT /scenarios/{id}``), and each
must name the version it is made on in ``If-Match`` (missing: 428; not the current version: 409), so two
planners never sign over each other.  The edits themselves are ``planning.contracts``; a refusal is a 422
whose errors name the request's fields.  The new version has no roster of record yet (as after a PUT).
"""

from __future__ import annotations

from typing import Callable, Optional

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from ...models import DocumentError, Scenario, dump_json, load_roster, load_scenario
from ...models.diff import DiffDocument
from ...models.errors import FieldIssue
from ...models.paths import FieldPath
from ...planning.compared import changed_scenario
from ...planning.contracts import commit_deal, commitment_path, lock_booking, locked_path
from ..bodies import AcceptRequest, CommitRequest, ErrorBody, LockRequest, ScenarioEdited, WhatIfAccepted
from ..enforcement import Indexed, UnknownScenario
from ..store import VersionConflict
from .common import cache_of, errors, not_found, require_key, store_of, version_tag

router = APIRouter(tags=["contracts"], dependencies=[Depends(require_key)], responses=errors(401))

RESPONSES = {
    409: {"model": ErrorBody, "description": "If-Match names a version that is no longer current, or (lock) the "
                                             "version has no usable roster of record"},
    428: {"model": ErrorBody, "description": "If-Match is missing: name the version the edit is made on"},
    **errors(404, 413, 422),
}
IF_MATCH = Header(None, description='the version the edit is made on, e.g. "3" (the ETag of GET /scenarios/{id})')


def _etag(version: int) -> str:
    return f'"{version}"'


def _expected(if_match: Optional[str]) -> int:
    """If-Match: "3" (or 3, or W/"3") -> 3; missing or '*' -> 428 (a contract edit names its version)."""
    if if_match is None or if_match.strip() in ("", "*"):
        raise HTTPException(428, 'this edit needs If-Match: "N", the version it is made on '
                                 "(the ETag of GET /scenarios/{id})")
    return version_tag(if_match)


def _stale(current: int, expected: int) -> HTTPException:
    return HTTPException(409, f"the scenario is at version {current}, not {expected}; fetch it again and retry",
                         headers={"ETag": _etag(current)})


def _on_version(request: Request, scenario_id: str, if_match: Optional[str]) -> Indexed:
    """The scenario's current version, parsed, after If-Match says it is the one the edit is made on."""
    row = store_of(request).get_scenario(scenario_id)
    if row is None:
        raise not_found("scenario", scenario_id)
    expected = _expected(if_match)
    try:
        found = cache_of(request).get(scenario_id)
    except UnknownScenario:
        raise not_found("scenario", scenario_id) from None
    if found.version != expected:
        raise _stale(found.version, expected)
    return found


def _store(request: Request, response: Response, found: Indexed, scenario: Scenario,
           path: Callable[[Scenario], FieldPath]) -> ScenarioEdited:
    """Store ``scenario`` as the next version, compare-and-set on the version it was made from."""
    try:
        row = store_of(request).put_scenario(found.scenario_id, scenario.to_document(), scenario.name, found.version)
    except VersionConflict as exc:
        raise _stale(exc.current, found.version) from None
    if row is None:
        raise not_found("scenario", found.scenario_id)
    cache_of(request).put(row.id, row.version, scenario)
    response.headers["ETag"] = _etag(row.version)
    return ScenarioEdited(id=row.id, version=row.version, path=str(path(scenario)))


@router.post("/scenarios/{scenario_id}/commitments", response_model=ScenarioEdited, responses=RESPONSES)
def commit(request: Request, response: Response, scenario_id: str, body: CommitRequest,
           if_match: Optional[str] = IF_MATCH) -> ScenarioEdited:
    """Sign a deal: it becomes a commitment of a new version (refused, 422, when it conflicts with the
    scenario's commitments or signed bookings, unless ``force``)."""
    found = _on_version(request, scenario_id, if_match)
    signed = commit_deal(found.enforcer.scenario, body.deal, body.id, force=body.force)
    return _store(request, response, found, signed, lambda s: commitment_path(s, body.id))


@router.post("/scenarios/{scenario_id}/lock", response_model=ScenarioEdited, responses=RESPONSES)
def lock(request: Request, response: Response, scenario_id: str, body: LockRequest,
         if_match: Optional[str] = IF_MATCH):
    """Sign a booking of the roster of record: it becomes ``campaigns[i].locked[j]`` of a new version, on the
    roster's days."""
    found = _on_version(request, scenario_id, if_match)
    if found.roster_job is None:
        raise HTTPException(409, f"version {found.version} of the scenario has no roster of record: solve it "
                                 f"(POST /scenarios/{scenario_id}/solve), then lock one of its bookings")
    text = store_of(request).job_result(found.roster_job)
    if not text:
        raise HTTPException(409, f"the roster of record (job {found.roster_job}) has no result")
    try:
        signed = lock_booking(found.enforcer.scenario, load_roster(text.encode("utf-8")), body.campaign, body.creator)
    except DocumentError as exc:
        if exc.document != "roster":
            raise
        # not a problem of the request: the roster of record itself has nothing to sign
        return JSONResponse({"detail": f"the roster of record (job {found.roster_job}) cannot be signed from",
                             "errors": exc.as_json()}, status_code=409)
    return _store(request, response, found, signed, lambda s: locked_path(s, body.campaign, body.creator))


@router.post("/scenarios/{scenario_id}/accept", response_model=WhatIfAccepted, responses={
    409: {"model": ErrorBody, "description": "the what-if ran on an older version, or found no roster"},
    **errors(404, 422)})
def accept_whatif(request: Request, response: Response, scenario_id: str, body: AcceptRequest,
                  if_match: Optional[str] = IF_MATCH) -> WhatIfAccepted:
    """Take a what-if: its change set applied becomes the next version, and its re-plan that version's roster
    of record.  Only on the version the what-if ran on (If-Match, when given, must name it too)."""
    store = store_of(request)
    job = store.get_job(body.job)
    if job is None or job.scenario_id != scenario_id or job.kind != "what-if":
        raise DocumentError([FieldIssue("job", f"{body.job!r} is not a what-if job of this scenario")],
                            document="accept request")
    if job.status != "done":
        raise HTTPException(409, f"what-if job {body.job} is {job.status}: accept a finished one")
    row = store.get_scenario(scenario_id)
    if row is None:
        raise not_found("scenario", scenario_id)
    expected = version_tag(if_match) if if_match not in (None, "", "*") else job.scenario_version
    if row.version != job.scenario_version or expected != job.scenario_version:
        raise HTTPException(409, f"the what-if ran on version {job.scenario_version} and the scenario is at "
                                 f"version {row.version}: run it again on the current version",
                            headers={"ETag": _etag(row.version)})
    diff = DiffDocument.model_validate_json(store.job_result(body.job) or "")
    if diff.roster.status not in ("optimal", "feasible"):
        raise HTTPException(409, f"the what-if found no roster ({diff.roster.status}): there is nothing to accept")
    before = load_scenario(store.scenario_document(scenario_id, job.scenario_version).encode("utf-8"))
    changed = changed_scenario(before, job.params["changes"])
    try:
        new = store.put_scenario(scenario_id, changed.to_document(), changed.name, job.scenario_version,
                                 roster=(dump_json(diff.roster.to_document(), indent=None), {"accepted_from": body.job}))
    except VersionConflict as exc:
        raise _stale(exc.current, job.scenario_version) from None
    if new is None:
        raise not_found("scenario", scenario_id)
    cache_of(request).put(new.id, new.version, changed)
    response.headers["ETag"] = _etag(new.version)
    return WhatIfAccepted(id=new.id, version=new.version, roster_job=new.roster_job)
