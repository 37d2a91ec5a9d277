"""POST /scenarios/{id}/creators/import: the planner's creator sheet (CSV or XLSX) applied as a new version.

The body is the sheet itself (``Content-Type: text/csv`` or the XLSX media
type), within the server's limit for a request body and the sheet's own
bounds (planning.sheet).  Reading and merging (planning.import_creators)
run in a worker thread.  ``If-Match`` is optional, as for ``PUT
/scenarios/{id}``; without it the sheet still applies only to the version it
was read against (a write in between is a 409, never lost).  Bad cells are a
422 whose ``errors[]`` name each by row and column (``row 4, column
fee_per_post``), and nothing is stored.  A sheet that changes nothing stores
no version and answers the current one.
"""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ...models.enforcement import Answer
from ...planning.import_creators import CreatorImport, import_creators_file
from ...planning.sheet import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, SheetError, SheetIssue, kind_of
from ..bodies import ErrorBody, ErrorItem
from ..enforcement import Indexed, UnknownScenario
from ..store import VersionConflict
from .common import cache_of, errors, not_found, require_key, settings_of, store_of, version_tag

router = APIRouter(tags=["scenarios"], dependencies=[Depends(require_key)], responses=errors(401))


class CreatorsImported(Answer):
    id: str
    version: int
    added: list[str]
    updated: list[str]
    unchanged: list[str]


SHEET_BODY = {
    "requestBody": {
        "required": True,
        "description": "the creator sheet: one row per creator, a header row of columns (docs/import.md)",
        "content": {CSV_MEDIA_TYPE: {"schema": {"type": "string"}},
                    XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}
RESPONSES = {
    409: {"model": ErrorBody, "description": "If-Match names a version that is no longer current"},
    415: {"model": ErrorBody, "description": "the body is not a CSV or XLSX sheet"},
    **errors(404, 413, 422),
}


def _etag(version: int) -> str:
    return f'"{version}"'


def _stale(current: int, expected: int) -> HTTPException:
    return HTTPException(409, f"the scenario is at version {current}, not {expected}; fetch it again and retry",
                         headers={"ETag": _etag(current)})


def _current(request: Request, scenario_id: str, if_match: Optional[str]) -> Indexed:
    """The current version, after If-Match (when sent) says it is the one the sheet is for."""
    expected = None if if_match is None or if_match.strip() in ("", "*") else version_tag(if_match)
    try:
        found = cache_of(request).get(scenario_id)
    except UnknownScenario:
        raise not_found("scenario", scenario_id) from None
    if expected is not None and found.version != expected:
        raise _stale(found.version, expected)
    return found


def _apply(request: Request, scenario_id: str, if_match: Optional[str], data: bytes, kind: str) -> CreatorsImported:
    found = _current(request, scenario_id, if_match)
    result: CreatorImport = import_creators_file(found.enforcer.scenario, data, kind)
    cap = settings_of(request).max_creators
    if len(result.scenario.creators) > cap:
        raise SheetError([SheetIssue("creators", f"too many creators: {len(result.scenario.creators)}, this "
                                                 f"server accepts at most {cap}")])
    version = found.version
    if result.changed:
        try:
            row = store_of(request).put_scenario(scenario_id, result.scenario.to_document(), result.scenario.name,
                                                 found.version)
        except VersionConflict as exc:
            raise _stale(exc.current, found.version) from None
        if row is None:
            raise not_found("scenario", scenario_id)
        cache_of(request).put(row.id, row.version, result.scenario)
        version = row.version
    return CreatorsImported(id=scenario_id, version=version, added=result.added, updated=result.updated,
                            unchanged=result.unchanged)


@router.post("/scenarios/{scenario_id}/creators/import", response_model=CreatorsImported,
             openapi_extra=SHEET_BODY, responses=RESPONSES)
async def import_creators(request: Request, response: Response, scenario_id: str,
                          if_match: Optional[str] = Header(None, description='optional: the version the sheet is '
                                                                             'for, e.g. "3"')):
    """Add or update the scenario's creators from a sheet: each row's id updates that creator (the columns
    present replace those fields) or adds a new one.  Answers the new version and the ids by what changed."""
    try:
        kind = kind_of("", request.headers.get("content-type", ""))
    except ValueError as exc:
        raise HTTPException(415, str(exc)) from None
    data = await request.body()
    try:
        answer = await run_in_threadpool(_apply, request, scenario_id, if_match, data, kind)
    except SheetError as exc:
        body = ErrorBody(detail=f"invalid sheet: {len(exc.issues)} problem(s)",
                         errors=[ErrorItem(**item) for item in exc.as_json()])
        return JSONResponse(body.model_dump(), status_code=422)
    response.headers["ETag"] = _etag(answer.version)
    return answer
