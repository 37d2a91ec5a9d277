"""The must-haves of a scenario, and which of them a set of bookings breaks.

The spec (``settings.must_haves``) names three kinds: a required campaign
(``campaigns[i].required``), a required creator
(``campaigns[i].required_creators[j]``) and a signed booking
(``campaigns[i].locked[j]``: that creator on exactly those days).  Hard
must-haves hold in every roster; soft ones may be broken, and a roster lists
the ones it breaks in ``relaxed``.  The validator, the solver and the
explanations all read them from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Mapping, Optional, Sequence

from ..models import Scenario
from ..models.paths import FieldPath, at

Day = dt.date
Kind = Literal["required", "required_creator", "locked"]


@dataclass(frozen=True)
class MustHave:
    path: FieldPath
    kind: Kind
    campaign: str
    creator: Optional[str] = None  # required_creator, locked
    days: tuple[Day, ...] = ()  # locked: the signed post days, sorted

    def kept_by(self, bookings: Mapping[tuple[str, str], Sequence[Day]]) -> bool:
        """Whether bookings ((creator, campaign) -> post days) keep this must-have."""
        if self.kind == "required":
            return any(campaign == self.campaign for _, campaign in bookings)
        posts = bookings.get((self.creator, self.campaign))
        if posts is None:
            return False
        return self.kind == "required_creator" or tuple(sorted(set(posts))) == self.days

    def broken_message(self) -> str:
        """What breaking it means, in a planner's words."""
        if self.kind == "required":
            return f"{self.campaign} is required but not staffed"
        if self.kind == "required_creator":
            return f"{self.creator} is a required creator of {self.campaign} but is not booked on it"
        days = ", ".join(str(d) for d in self.days)
        return f"{self.creator}'s signed booking on {self.campaign} ({days}) is not kept"


def must_haves(scenario: Scenario) -> list[MustHave]:
    """Every must-have of the scenario, in document order."""
    out: list[MustHave] = []
    for i, campaign in enumerate(scenario.campaigns):
        if campaign.required:
            out.append(MustHave(at("campaigns", i, "required"), "required", campaign.id))
        for j, creator in enumerate(campaign.required_creators):
            out.append(MustHave(at("campaigns", i, "required_creators", j), "required_creator", campaign.id, creator))
        for j, booking in enumerate(campaign.locked):
            out.append(MustHave(at("campaigns", i, "locked", j), "locked", campaign.id, booking.creator,
                                tuple(sorted(set(booking.posts)))))
    return out


def soft(scenario: Scenario) -> bool:
    return scenario.effective_settings.must_haves == "soft"


def broken(scenario: Scenario, bookings: Mapping[tuple[str, str], Sequence[Day]]) -> list[MustHave]:
    """The must-haves these bookings break, in document order."""
    return [m for m in must_haves(scenario) if not m.kept_by(bookings)]
