"""Request and answer documents of the HTTP service.

Requests are strict (unknown fields are errors, like every document of the
format); answers are plain models.  A deal is written like a commitment
without an id: absolute phase dates, its own regions and platforms.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .scenario import CommitmentExclusivity, Level
from .types import DayField, Number, Strict, Whole

Id = Annotated[str, StringConstraints(min_length=1, max_length=200, strict=True)]
NonEmptyIds = Annotated[list[Id], Field(min_length=1, max_length=1000)]


class Answer(BaseModel):
    """Base of the answers: serialised by alias (``with``), never read strictly."""

    model_config = ConfigDict(populate_by_name=True)


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
JobKind = Literal["solve", "options", "what-if", "batch"]

PositiveSeconds = Annotated[Number, Field(gt=0)]
Workers = Annotated[Whole, Field(ge=1, le=64)]


class SolveRequest(Strict):
    time_limit_s: Optional[PositiveSeconds] = None
    workers: Optional[Workers] = None
    seed: Optional[Annotated[Whole, Field(ge=0, le=2**31 - 1)]] = None


class OptionsRequest(Strict):
    campaign: Id
    creator: Optional[Id] = None
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
    time_limit_s: Optional[float] = None
    attempts: int = 0
    created_at: dt.datetime
    started_at: Optional[dt.datetime] = None
    finished_at: Optional[dt.datetime] = None
    result: Optional[str] = Field(None, description="where the result document is, once done")


# --- deal check --------------------------------------------------------------------

class Deal(Strict):
    creator: Id
    brand: Id
    category: Id
    regions: NonEmptyIds
    platforms: NonEmptyIds
    posts: Annotated[list[DayField], Field(min_length=1, max_length=366)]
    exclusivity: Optional[CommitmentExclusivity] = None

    @property
    def phases(self):
        return self.exclusivity.phases if self.exclusivity else []

    @property
    def excepted_brands(self) -> list[str]:
        return self.exclusivity.excepted_brands if self.exclusivity else []


class CheckRequest(Strict):
    scenario: Id
    deal: Deal


ConflictKind = Literal["exclusivity", "same_day", "unavailable", "weekly_cap", "blocked_brand"]


class Conflict(Answer):
    kind: ConflictKind
    with_: str = Field(alias="with", description="the commitment id, the campaign id of a roster booking, "
                                                 "or the creator id for the creator's own rules")
    phase: Optional[str] = Field(None, description="field path of the exclusivity phase that is breached")
    path: str = Field(description="field path of the rule that blocks the deal")
    days: list[dt.date]
    message: str


class PhaseOut(Answer):
    level: Level
    start: dt.date
    end: dt.date
    regions: Optional[list[str]] = None
    platforms: Optional[list[str]] = None


class ExceptionsOut(Answer):
    brands: list[str] = []


class ClauseOut(Answer):
    phases: list[PhaseOut]
    exceptions: Optional[ExceptionsOut] = None


class Variant(Answer):
    variant: str
    clause: ClauseOut
    message: str


class CheckAnswer(Answer):
    allowed: bool
    conflicts: list[Conflict]
    earliest_start: Optional[dt.date]
    allowed_variants: list[Variant]
    scenario_version: Optional[int] = None
    roster_job: Optional[str] = Field(None, description="the solve job whose roster was checked against")


# --- monitor -----------------------------------------------------------------------

class PublishedPost(Strict):
    creator: Id
    day: DayField
    brand: Id
    category: Id
    regions: NonEmptyIds
    platforms: NonEmptyIds


class MonitorRequest(Strict):
    scenario: Id
    posts: Annotated[list[PublishedPost], Field(max_length=10000)]


class BreachOut(Answer):
    with_: str = Field(alias="with")
    phase: str
    message: str


class Alert(Answer):
    post: int
    creator: str
    day: dt.date
    breaches: list[BreachOut]


class MonitorAnswer(Answer):
    alerts: list[Alert]
    scenario_version: Optional[int] = None
    roster_job: Optional[str] = None


# --- calendar ----------------------------------------------------------------------

class CalendarEntry(Answer):
    start: dt.date
    end: dt.date
    level: Level
    with_: str = Field(alias="with")
    booking: Literal["commitment", "campaign"]
    brand: str
    category: str
    regions: list[str]
    platforms: Optional[list[str]] = Field(None, description="null: every platform")
    exceptions: list[str] = []
    phase: str
    reason: str


class Calendar(Answer):
    creator: str
    scenario: str
    scenario_version: Optional[int] = None
    roster_job: Optional[str] = None
    entries: list[CalendarEntry]
