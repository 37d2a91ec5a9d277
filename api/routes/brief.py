"""/creators/{id}/brief: what a creator is sent, in plain words (``planning.brief``), for the web app's page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from ...models.brief import Brief
from ...planning.brief import brief_of
from .common import errors, indexed, not_found, require_key

router = APIRouter(tags=["enforcement"], dependencies=[Depends(require_key)], responses=errors(401))


@router.get("/creators/{creator_id}/brief", response_model=Brief, response_model_by_alias=True,
            responses=errors(404, 422))
async def creator_brief(request: Request, creator_id: str,
                        scenario: str = Query(..., min_length=1, max_length=200, description="the scenario id")) -> Brief:
    """The creator's post days and what she may not promote (when, where, on which platforms, why), from her
    commitments, her signed bookings and the roster of record; nothing of other creators, no fees."""
    found = await indexed(request, scenario)
    try:
        brief = brief_of(found.enforcer, creator_id, scenario)
    except KeyError:
        raise not_found("creator", creator_id) from None
    brief.scenario_version = found.version
    brief.roster_job = found.roster_job
    return brief
