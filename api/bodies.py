"""Request and answer bodies of the HTTP service.

Requests are strict (unknown fields are errors, like every document of the
format); answers are plain models.  The enforcement documents a request
carries (a deal, published posts) and the answers of the rules are in
``models/enforcement.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

from pydantic import Field, StrictBool

from ..models.enforcement import Answer, Deal, Id, PublishedPost
from ..models.options import CustomVariants, Perspective
from ..models.types import Number, Strict, Whole

# --- scenarios -------------------------------------------------------------------

class ScenarioCreated(Answer):
    id: str
    version: int


class ScenarioSummary(Answer):
    id: str
    name: Optional[str]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class ScenarioVersionInfo(Answer):
    version: int
    created_at: dt.datetime


class ErrorItem(Answer):
    path: str
    message: str


class ErrorBody(Answer):
    detail: str
    errors: list[ErrorItem] = []


# --- jobs ------------------------------------------------------------------------

JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]
JobKind = Literal["solve", "options", "what-if", "why", "batch"]

PositiveSeconds = Annotated[Number, Field(gt=0)]
Workers = Annotated[Whole, Field(ge=1, le=64)]


class SolveRequest(Strict):
    time_limit_s: Optional[PositiveSeconds] = None
    workers: Optional[Workers] = None
    seed: Optional[Annotated[Whole, Field(ge=0, le=2**31 - 1)]] = None


class OptionsRequest(Strict):
    campaign: Id
    creator: Optional[Id] = None
    perspective: Perspective = "brand"
    variants: Optional[CustomVariants] = Field(None, description="the planner's own proposals, by name: "
                                                                  "scenario/1 exclusivity objects")
    time_limit_s: Optional[PositiveSeconds] = None
    workers: Optional[Workers] = None


class WhatIfRequest(Strict):
    changes: dict[str, Any] = Field(description="a changes/1 document")
    baseline: Optional[Id] = Field(None, description="id of a finished solve job whose roster is the baseline; "
                                                     "default: the scenario's latest solved roster")
    stability_weight: Optional[Annotated[Number, Field(ge=0)]] = Field(
        None, description="None: best value first, then fewest changed bookings; W: value + W * kept bookings")
    time_limit_s: Optional[PositiveSeconds] = None
    workers: Optional[Workers] = None


class WhyRequest(Strict):
    campaign: Id
    creator: Id = Field(description="the creator asked about: why is she not on the campaign, and what would "
                                    "booking her there cost")
    baseline: Optional[Id] = Field(None, description="id of a finished solve job whose roster is the baseline; "
                                                     "default: the scenario's latest solved roster, else the job "
                                                     "solves the scenario first")
    time_limit_s: Optional[PositiveSeconds] = Field(None, description="per solve")
    workers: Optional[Workers] = None


class BatchRequest(Strict):
    scenarios: Annotated[list[Id], Field(min_length=1, max_length=1000)]
    time_limit_s: Optional[PositiveSeconds] = None
    workers: Optional[Workers] = None


class JobProgress(Answer):
    objective: Optional[int] = None
    bound: Optional[int] = None
    elapsed: Optional[float] = None
    solutions: Optional[int] = None
    phase: Optional[str] = None
    done: Optional[int] = Field(None, description="options and batches: steps finished")
    total: Optional[int] = Field(None, description="options and batches: steps in all")


class JobCreated(Answer):
    id: str
    status: JobStatus


class Job(Answer):
    id: str
    kind: JobKind
    scenario: Optional[str]
    scenario_version: Optional[int]
    status: JobStatus
    error: Optional[str] = None
    note: Optional[str] = None
    progress: JobProgress = JobProgress()
    time_limit_s: Optional[float] = Field(None, description="one solve's time limit (an options job: each variant's)")
    budget_s: Optional[float] = Field(None, description="what the whole job may take before it is stopped: its "
                                                        "declared solves, each with its limit and a build allowance")
    attempts: int = 0
    server: Optional[str] = Field(None, description="the server process (host:pid:tag) that claimed the job last; "
                                                    "several servers may share one database")
    created_at: dt.datetime
    started_at: Optional[dt.datetime] = None
    finished_at: Optional[dt.datetime] = None
    result: Optional[str] = Field(None, description="where the result document is, once done")


# --- enforcement requests ----------------------------------------------------------

class CheckRequest(Strict):
    scenario: Id
    deal: Deal


class MonitorRequest(Strict):
    scenario: Id
    posts: Annotated[list[PublishedPost], Field(max_length=10000)]


# --- contracts: deals signed as commitments, bookings signed as locked --------------

class CommitRequest(Strict):
    id: Id = Field(description="the new commitment's id, unique among the scenario's commitments")
    deal: Deal = Field(description="the deal, exactly as POST /check takes it (a commitment without an id)")
    force: StrictBool = Field(False, description="sign the deal even when it conflicts with the scenario's "
                                                 "commitments or signed bookings")


class LockRequest(Strict):
    campaign: Id
    creator: Id = Field(description="a creator the roster of record books on the campaign")


class AcceptRequest(Strict):
    job: Id = Field(description="a finished what-if job of this scenario, run on its current version")


class WhatIfAccepted(ScenarioCreated):
    roster_job: str = Field(description="the new version's roster of record: the what-if's re-plan, stored as a "
                                        "finished solve of the new version")


class ScenarioEdited(ScenarioCreated):
    path: str = Field(description="field path of the new entry: commitments[n] or campaigns[i].locked[j]")
