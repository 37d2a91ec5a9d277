"""diff/1: what a what-if re-plan changed, booking by booking.

A booking is identified by (creator, campaign).  ``moved`` bookings keep
their creator and campaign but post on other days; ``kept`` counts the
baseline bookings that stay exactly as they were.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from .roster import Roster, Status
from .types import DayField, Strict


class BookingPosts(Strict):
    creator: str
    campaign: str
    posts: list[DayField]


class MovedBooking(Strict):
    creator: str
    campaign: str
    old_posts: list[DayField]
    new_posts: list[DayField]


class DiffDocument(Strict):
    format: Literal["diff/1"] = "diff/1"
    scenario: Optional[str] = Field(None, description="name of the changed scenario")
    status: Status = Field(description="status of the re-plan (the roster's status)")
    stability: Optional[float] = Field(
        None, description="null: best value, then fewest changed baseline bookings; W: value + W x kept bookings")
    notes: list[str] = Field([], description="what the change set removed besides what it named (cascades)")
    added: list[BookingPosts] = Field([], description="bookings in the re-plan that the baseline does not have")
    removed: list[BookingPosts] = Field([], description="baseline bookings the re-plan drops")
    moved: list[MovedBooking] = Field([], description="same creator and campaign, other post days")
    kept: int = Field(0, description="baseline bookings kept exactly (same creator, campaign and post days)")
    staffed: list[str] = Field([], description="campaigns staffed in the re-plan and not in the baseline")
    unstaffed: list[str] = Field([], description="campaigns staffed in the baseline and not in the re-plan "
                                                 "(including campaigns the change set removed)")
    baseline_objective: Optional[int] = None
    baseline_fees: int = 0
    objective: Optional[int] = None
    fees: int = 0
    objective_delta: Optional[int] = Field(None, description="re-plan objective minus baseline objective "
                                                             "(null when either has none)")
    fees_delta: int = Field(0, description="re-plan total fees minus baseline total fees")
    roster: Roster

    def to_document(self) -> dict:
        return self.model_dump(mode="json")
