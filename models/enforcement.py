"""The documents of enforcement: a proposed deal, published posts, and the answers of
a deal check, the breach monitor and a creator calendar.

A deal is written like a commitment without an id: absolute phase dates, its
own regions and platforms.  Inputs are strict (unknown fields are errors, like
every document of the format); answers are plain models, written by alias
(``with``).  The HTTP service wraps them in its own request bodies
(``api/bodies.py``); the rules answer with them directly.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .paths import PathText
from .scenario import CommitmentExclusivity, Level
from .types import DayField, Strict

Id = Annotated[str, StringConstraints(min_length=1, max_length=200, strict=True)]
NonEmptyIds = Annotated[list[Id], Field(min_length=1, max_length=1000)]


class Answer(BaseModel):
    """Base of the answers: serialised by alias (``with``), never read strictly."""

    model_config = ConfigDict(populate_by_name=True)


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


ConflictKind = Literal["exclusivity", "same_day", "unavailable", "weekly_cap", "blocked_brand"]


class Conflict(Answer):
    kind: ConflictKind
    with_: str = Field(alias="with", description="the commitment id, the campaign id of a roster booking, "
                                                 "or the creator id for the creator's own rules")
    phase: Optional[PathText] = Field(None, description="field path of the exclusivity phase that is breached")
    path: PathText = Field(description="field path of the rule that blocks the deal")
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


class AllowedClause(Answer):
    """A clause variant (``planning.variants`` names) under which the checked deal would be allowed."""

    variant: str
    clause: ClauseOut
    message: str


class CheckAnswer(Answer):
    allowed: bool
    conflicts: list[Conflict]
    earliest_start: Optional[dt.date]
    allowed_variants: list[AllowedClause]
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


class BreachOut(Answer):
    with_: str = Field(alias="with")
    phase: PathText
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
    phase: PathText
    reason: str


class CalendarPost(Answer):
    """One of the creator's own post days."""

    day: dt.date
    with_: str = Field(alias="with", description="the campaign id or the commitment id")
    booking: Literal["commitment", "campaign"]
    brand: str
    signed: bool = Field(description="a signed (locked) booking or a commitment: the day cannot move")


class Calendar(Answer):
    creator: str
    scenario: str
    scenario_version: Optional[int] = None
    roster_job: Optional[str] = None
    entries: list[CalendarEntry] = Field(description="the exclusivity windows that block the creator")
    posts: list[CalendarPost] = Field([], description="the creator's own post days: commitments, signed "
                                                      "bookings and the roster's bookings")
