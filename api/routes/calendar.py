"""/creators/{id}/calendar: what a creator may not promote, as JSON or as an RFC 5545 calendar."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from ...models.enforcement import Calendar
from ...rules.enforce import calendar_ics
from .common import errors, indexed, not_found, require_key

router = APIRouter(tags=["enforcement"], dependencies=[Depends(require_key)], responses=errors(401))

ICS = "text/calendar"
SCENARIO = Query(..., min_length=1, max_length=200, description="the scenario id")


async def _calendar(request: Request, creator_id: str, scenario: str) -> Calendar:
    found = await indexed(request, scenario)
    try:
        cal = found.enforcer.calendar(creator_id, scenario)
    except KeyError:
        raise not_found("creator", creator_id) from None
    cal.scenario_version = found.version
    cal.roster_job = found.roster_job
    return cal


def _ics(cal: Calendar) -> Response:
    return Response(calendar_ics(cal), media_type=f"{ICS}; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{cal.creator}.ics"'})


@router.get("/creators/{creator_id}/calendar.ics", responses={
    200: {"description": "RFC 5545 calendar, one all-day event per phase", "content": {ICS: {}}}, **errors(404, 422)})
async def creator_calendar_ics(request: Request, creator_id: str, scenario: str = SCENARIO) -> Response:
    return _ics(await _calendar(request, creator_id, scenario))


@router.get("/creators/{creator_id}/calendar", response_model=Calendar, responses={
    200: {"description": "JSON, or RFC 5545 with 'Accept: text/calendar'", "content": {ICS: {}}}, **errors(404, 422)})
async def creator_calendar(request: Request, creator_id: str, scenario: str = SCENARIO) -> Response:
    cal = await _calendar(request, creator_id, scenario)
    if ICS in request.headers.get("accept", ""):
        return _ics(cal)
    return Response(cal.model_dump_json(by_alias=True), media_type="application/json")
