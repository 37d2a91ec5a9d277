"""why/1: why is creator C not booked on campaign K, and what would booking her there cost?

The answer compares a baseline roster of the scenario with the *forced*
roster: the scenario with C added to K's ``required_creators`` (the change
set ``changes``), everything else as it is, re-solved from the baseline.
``roster`` validates against ``planning.changes.apply_changes(scenario,
changes)``.  Built by ``planning.why.why_not``.

Paths in ``reasons`` and ``explanation`` name fields of the input scenario;
``requirement`` is the path C's forced requirement has (one past the end of
K's ``required_creators`` when she was not a required creator already).
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field, field_serializer

from .changes import ChangeSet
from .diff import BookingPosts, MovedBooking
from .paths import PathText
from .roster import ExplanationItem, Roster, Status
from .types import DayField, Strict

ReasonRule = Literal["exclusivity", "commitment", "budget", "max_creators", "min_creators", "weekly_cap",
                     "one_post_a_day"]


class ForcedBooking(Strict):
    """C on K: in the baseline when she is booked there, else in the forced roster."""

    posts: list[DayField]
    fee: int
    value: int


class Reason(Strict):
    """A rule of the scenario that keeps a baseline booking from staying as it was once C is on K."""

    path: PathText = Field(description="the field that states the rule, e.g. campaigns[0].budget or "
                                       "campaigns[0].exclusivity.phases[0]")
    rule: ReasonRule = Field(description="exclusivity (a campaign's clause), commitment (a commitment's clause), "
                                         "budget, max_creators, min_creators, weekly_cap, one_post_a_day")
    creator: str = Field(description="the creator of the booking this reason is about")
    campaign: str = Field(description="the campaign of the booking this reason is about")
    message: str


class WhyDocument(Strict):
    format: Literal["why/1"] = "why/1"
    scenario: Optional[str] = Field(None, description="the scenario's name")
    campaign: str
    creator: str
    booked_in_baseline: bool = Field(description="whether the baseline roster books the creator on the campaign")
    baseline_status: Status = Field(description="status of the baseline roster")
    baseline_objective: Optional[int] = None
    baseline_fees: int = 0
    possible: Optional[bool] = Field(description="true: a valid roster books the creator on the campaign (the "
                                                 "baseline, or the forced roster); false: proved impossible (see "
                                                 "explanation); null: unknown within the time limit")
    booking: Optional[ForcedBooking] = Field(None, description="the creator's booking on the campaign: the "
                                                               "baseline's, else the forced roster's")
    requirement: Optional[PathText] = Field(None, description="the path of the forced requirement "
                                                              "(campaigns[i].required_creators[j])")
    changes: Optional[ChangeSet] = Field(None, description="apply to the scenario to get the forced scenario "
                                                           "(null when no forced solve was needed)")
    status: Optional[Status] = Field(None, description="status of the forced solve (null when none was needed)")
    objective: Optional[int] = Field(None, description="total value of the forced roster")
    fees: Optional[int] = Field(None, description="total fees of the forced roster")
    value_change: Optional[int] = Field(None, description="forced objective minus baseline objective")
    fee_change: Optional[int] = Field(None, description="forced fees minus baseline fees")
    displaced: list[BookingPosts] = Field([], description="baseline bookings the forced roster drops")
    moved: list[MovedBooking] = Field([], description="baseline bookings kept on other post days")
    added: list[BookingPosts] = Field([], description="bookings the forced roster adds, besides the creator's on "
                                                      "the campaign")
    reasons: list[Reason] = Field([], description="the rules that keep each displaced or moved booking from staying "
                                                  "as it was, found with the plain rules (not the solver)")
    explanation: Optional[list[ExplanationItem]] = Field(None, description="when impossible: rules that cannot "
                                                                           "hold together with the requirement")
    notes: list[str] = []
    text: Optional[str] = Field(None, description="the answer in plain words")
    roster: Optional[Roster] = Field(None, description="the forced roster (roster/1), valid for the forced scenario")
    stats: dict[str, Any] = {}

    @field_serializer("changes")
    def _changes_out(self, changes: Optional[ChangeSet]) -> Optional[dict[str, Any]]:
        return changes.to_document() if changes is not None else None

    @field_serializer("roster")
    def _roster_out(self, roster: Optional[Roster]) -> Optional[dict[str, Any]]:
        return roster.to_document() if roster is not None else None

    def to_document(self) -> dict:
        return self.model_dump(mode="json")
