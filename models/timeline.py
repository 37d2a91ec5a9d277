"""timeline/1: a season as the web app draws it, one row per creator.

Everything is in days and whole currency units, worked out by the plain rules
(``planning.timeline``), so the page only draws: each booking's posts and its
clause's phases as dated bands with their words, each commitment likewise,
the creator's unavailable days, and the campaigns' windows and launches.
"""

from __future__ import annotations

from typing import Literal, Optional

from .roster import Status
from .scenario import Level
from .types import DateRange, DayField, Strict


class TimelinePhase(Strict):
    level: Level
    start: DayField
    end: DayField
    words: str  # "full exclusivity 2026-03-01 to 2026-03-20 (US; instagram)"
    path: str  # the phase in the scenario: campaigns[2].exclusivity.phases[0]


class TimelineBooking(Strict):
    campaign: str
    brand: str
    category: str
    posts: list[DayField]
    base_fee: int
    premium: int
    fee: int
    value: int
    clause: str  # the phases in words, or "no exclusivity"
    phases: list[TimelinePhase]
    signed: bool  # a signed (locked) booking of the scenario
    change: Optional[Literal["added", "moved"]] = None  # against the roster compared with (None: kept, or none)
    was_posts: Optional[list[DayField]] = None  # a moved booking's post days in the roster compared with


class TimelineCommitment(Strict):
    id: str
    path: str  # commitments[3]
    brand: str
    category: str
    posts: list[DayField]
    clause: str
    phases: list[TimelinePhase]


class TimelineCreator(Strict):
    id: str
    platforms: list[str]
    regions: list[str]  # where the audience is
    fee_per_post: int
    unavailable: list[DateRange]
    bookings: list[TimelineBooking]
    commitments: list[TimelineCommitment]


class TimelineCampaign(Strict):
    id: str
    path: str
    brand: str
    category: str
    window: DateRange
    launch: Optional[DateRange]
    budget: Optional[int]  # whole units, rounded down; None: no budget
    fees: int  # booked
    value: int
    creators: list[str]  # booked, in roster order
    staffing_min: int
    staffing_max: Optional[int]
    required: bool
    clause: str  # the campaign's clause in words with its anchors (not dated: dates depend on the posts)


class TimelineRoster(Strict):
    job: Optional[str]
    status: Status
    objective: Optional[int]
    bound: Optional[int]


class TimelineRemoved(Strict):
    """A booking of the roster compared with that this roster drops."""

    creator: str
    campaign: str
    brand: str
    posts: list[DayField]


class TimelineCompare(Strict):
    """What the roster shown changed from another: a what-if's baseline, or an option's requested clause."""

    job: str  # the what-if or options job
    kind: Literal["what-if", "option"]
    option: Optional[str] = None  # the option shown (kind "option")
    against: str  # in words: "the baseline roster (job ...)", "the requested clause"
    added: int
    moved: int
    kept: int
    removed: list[TimelineRemoved]
    objective_delta: Optional[int]
    fees_delta: int


class Timeline(Strict):
    format: Literal["timeline/1"] = "timeline/1"
    scenario: Optional[str]
    horizon: DateRange
    roster: Optional[TimelineRoster]  # None: the scenario has no roster yet (signed bookings still show)
    brands: list[str]
    campaigns: list[TimelineCampaign]
    creators: list[TimelineCreator]
    compare: Optional[TimelineCompare] = None  # the roster's changes from another, marked on its bookings
