"""roster/1: what the solver returns, and the explanation entries in it."""

from __future__ import annotations

from typing import Any, Literal, Optional

from .paths import PathText
from .types import DayField, Strict

Status = Literal["optimal", "feasible", "infeasible", "unknown"]


class Assignment(Strict):
    creator: str
    campaign: str
    posts: list[DayField]
    fee: int
    value: int


class CampaignSummary(Strict):
    id: str
    staffed: bool
    creators: list[str]
    fees: int
    value: int


def campaign_summaries(campaign_ids: list[str], assignments: list[Assignment]) -> list[CampaignSummary]:
    """One summary per campaign, in the scenario's order, added up from the assignments."""
    out = []
    for cid in campaign_ids:
        mine = [a for a in assignments if a.campaign == cid]
        out.append(CampaignSummary(id=cid, staffed=bool(mine), creators=[a.creator for a in mine],
                                   fees=sum(a.fee for a in mine), value=sum(a.value for a in mine)))
    return out


class ExplanationItem(Strict):
    path: PathText
    message: str


class Roster(Strict):
    format: Literal["roster/1"] = "roster/1"
    scenario: Optional[str]
    status: Status
    objective: Optional[int]
    bound: Optional[int]
    assignments: list[Assignment] = []
    campaigns: list[CampaignSummary] = []
    warnings: list[str] = []
    explanation: Optional[list[ExplanationItem]] = None
    relaxed: Optional[list[ExplanationItem]] = None  # soft must-haves only: the must-haves this roster breaks
    stats: dict[str, Any] = {}

    def to_document(self) -> dict:
        """The roster as a roster/1 JSON object; ``relaxed`` only when the must-haves are soft."""
        document = self.model_dump(mode="json")
        if self.relaxed is None:
            del document["relaxed"]
        return document

    @property
    def total_fees(self) -> int:
        return sum(a.fee for a in self.assignments)
