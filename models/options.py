"""options/1: negotiation trade-off options for one campaign's exclusivity clause.

Each option is the scenario with only that clause changed (described by the
change set ``changes``, which ``planning.changes.apply_changes`` turns into the
option's scenario), re-solved; ``roster`` validates against that scenario.
Built by ``planning.options.build_options``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import Field, StringConstraints, TypeAdapter, ValidationError, field_serializer

from .changes import ChangeSet
from .errors import DocumentError, FieldIssue, issues_from_validation_error
from .io import read_source
from .paths import at
from .roster import Roster, Status
from .scenario import CampaignExclusivity
from .types import DayField, Strict

Perspective = Literal["brand", "season"]
VARIANT_NAMES: tuple[str, ...] = ("requested", "full", "category", "semi", "phased", "phased-category", "shorter",
                                  "regional", "none")
"""The built-in variants, in the order they are listed; a planner's own proposals follow them."""
MAX_CUSTOM_VARIANTS = 8
VariantName = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.-]*$")]
CustomVariants = Annotated[dict[VariantName, CampaignExclusivity], Field(max_length=MAX_CUSTOM_VARIANTS)]
"""A planner's own clauses, by name: scenario/1 exclusivity objects (``roster options --variant FILE``)."""


class BookingChange(Strict):
    """A booking on another campaign that differs from the requested option's roster."""

    creator: str
    campaign: str
    change: Literal["added", "removed", "moved"]
    old_posts: list[DayField] = []
    new_posts: list[DayField] = []


class UnbookedCreator(Strict):
    """Why a creator is not on the campaign in this option's roster, in words (planning.unbooked)."""

    creator: str
    kind: Literal["ineligible", "over_budget", "clash", "full", "elsewhere", "not_placed"]
    reason: str
    paths: list[str] = Field([], description="what is in the way, by field path (a clash)")


class Option(Strict):
    name: VariantName
    custom: bool = Field(False, description="the planner's own proposal (--variant), not a built-in variant")
    description: str = Field(description="the variant's definition in words")
    exclusivity: CampaignExclusivity = Field(description="the variant clause, a scenario/1 exclusivity object")
    changes: ChangeSet = Field(description="apply to the input scenario to get the scenario this option's roster "
                                           "is valid for")
    same_clause_as: Optional[str] = Field(None, description="an earlier option with the identical clause "
                                                            "(its roster is reused)")
    status: Status
    objective: Optional[int] = Field(description="total value of the re-solved roster")
    bound: Optional[int]
    campaign_fees: int = Field(description="all fees booked on the campaign")
    campaign_premium: int = Field(description="the exclusivity premium part of campaign_fees (fee minus base fee)")
    campaign_value: int
    campaign_creators: list[str] = Field(description="creators booked on the campaign")
    campaign_reach: int = Field(description="the booked creators' audience in the campaign's regions, summed")
    campaign_engagements: int = Field(description="expected engagements: each booked creator's reach x "
                                                  "engagement rate x posts, summed and rounded")
    staffed: bool = Field(description="the campaign has at least its minimum of creators")
    must_haves_kept: bool = Field(description="the campaign's must-haves (required, required creators, signed "
                                              "bookings) hold in this roster")
    creators_gained: list[str] = Field(description="on the campaign here, not in the requested option")
    creators_lost: list[str] = Field(description="on the campaign in the requested option, not here")
    unbooked: list[UnbookedCreator] = Field([], description="why each creator lost (and, with --creator, that "
                                                            "creator when not booked) is not on the campaign")
    changed_elsewhere: list[BookingChange] = Field(description="bookings on other campaigns that differ from the "
                                                               "requested option's roster")
    value_elsewhere_change: int = Field(description="the season-wide effect: the value of the other campaigns' "
                                                    "bookings here minus in the requested option (negative: "
                                                    "value given up elsewhere)")
    protection: float = Field(description="audience-weighted exclusivity-days x level weight (see the docs)")
    pareto: bool = Field(description="season front: no other option has objective >=, campaign_fees <= and "
                                     "protection >= with at least one strictly better")
    brand_pareto: bool = Field(description="brand front: staffed with its must-haves kept, and no other such "
                                           "option has campaign_reach >=, campaign_fees <= and protection >= "
                                           "with at least one strictly better")
    recommended: bool = False
    creator_fee: Optional[int] = Field(None, description="with --creator: that creator's fee on the campaign "
                                                         "under this clause")
    creator_booked: Optional[bool] = Field(None, description="with --creator: whether this roster books them")
    notes: list[str] = []
    roster: Roster

    @field_serializer("exclusivity")
    def _clause_out(self, clause: CampaignExclusivity) -> dict[str, Any]:
        return clause.model_dump(mode="json", by_alias=True, exclude_none=True)

    @field_serializer("changes")
    def _changes_out(self, changes: ChangeSet) -> dict[str, Any]:
        return changes.to_document()


class OptionsDocument(Strict):
    format: Literal["options/1"] = "options/1"
    scenario: Optional[str] = Field(None, description="the scenario's name")
    campaign: str
    creator: Optional[str] = None
    perspective: Perspective = Field("brand", description="whose interest the recommendation follows: the "
                                                          "campaign's (brand) or the whole season's (season)")
    recommended: Optional[str] = Field(description="name of the recommended option (null when none has a roster)")
    reason: str
    options: list[Option]
    stats: dict[str, Any] = {}

    def to_document(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    def option(self, name: str) -> Option:
        for option in self.options:
            if option.name == name:
                return option
        raise KeyError(name)


_CUSTOM = TypeAdapter(CustomVariants)


def load_variants(source) -> dict[str, CampaignExclusivity]:
    """A planner's proposals from a file (or bytes, or parsed data): ``{"name": {exclusivity}, ...}``, checked,
    each error at ``variants["name"]...``."""
    data = read_source(source, document="variants")
    if not isinstance(data, dict):
        raise DocumentError([FieldIssue(at("variants"), "give the proposals as an object: a name for each, its "
                                                        "clause (a scenario/1 exclusivity object) as the value")],
                            document="variants")
    try:
        return _CUSTOM.validate_python(data)
    except ValidationError as exc:
        raise DocumentError(issues_from_validation_error(exc, at("variants")), document="variants") from None

