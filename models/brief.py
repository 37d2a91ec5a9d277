"""The answer of ``GET /creators/{id}/brief``: what one creator is sent (``planning.brief``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import Field

from .enforcement import Answer
from .scenario import Level


class BriefPost(Answer):
    day: dt.date
    weekday: str
    brand: str
    campaign: Optional[str] = Field(None, description="the campaign id; null for an existing deal")
    commitment: Optional[str] = Field(None, description="the existing deal (commitment) id; null for a campaign")
    signed: bool = Field(description="the date cannot move: a signed booking or an existing deal")
    note: str = Field(description="in words: planned, signed, or an existing deal")


class BriefRestriction(Answer):
    start: dt.date
    end: dt.date
    level: Level
    level_words: str = Field(description="the level's name: 'full exclusivity'")
    blocked: str = Field(description="whose posts it forbids, in the house's words")
    competitors: list[str] = Field(description="the brands named as competitors of the booking's brand")
    categories: list[str] = Field(description="the categories it covers as the same or related (overlapping)")
    adjacent: list[str] = Field(description="the adjacent categories it covers too (full exclusivity only)")
    regions: list[str]
    platforms: Optional[list[str]] = Field(None, description="null: every platform")
    where: str = Field(description="regions and platforms in words")
    exceptions: list[str] = Field(description="brands she may still promote")
    why: str = Field(description="the booking the clause comes from, in words")
    booking: Literal["commitment", "campaign"]
    with_: str = Field(alias="with", description="the campaign id or the commitment id")
    brand: str


class Brief(Answer):
    creator: str
    scenario: str
    scenario_name: Optional[str] = None
    scenario_version: Optional[int] = None
    roster_job: Optional[str] = Field(None, description="the solve job whose roster the brief is from; null: "
                                                        "no roster yet (commitments and signed bookings only)")
    posts: list[BriefPost] = Field(description="every post day, by date")
    restrictions: list[BriefRestriction] = Field(description="what she may not promote, by date")
    calendar: str = Field(description="the path of the same as an RFC 5545 calendar")
