"""scenario/1: what a planner submits.

Structure only: field names, types and single-field ranges.  Everything that
needs the whole document (references, windows inside the horizon, unique ids)
is checked in ``models.checks`` so that each error can name its exact path.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Optional

from pydantic import Field, StrictBool, StringConstraints

from .types import DateRange, DayField, Number, Strict, Whole

Id = Annotated[str, StringConstraints(min_length=1, strict=True)]
Level = Literal["full", "category", "competitors"]
LEVELS: tuple[str, ...] = ("full", "category", "competitors")  # strongest first
Anchor = Literal["first_post", "last_post", "window_start", "window_end", "launch_start", "launch_end"]
POST_ANCHORS = ("first_post", "last_post")
LAUNCH_ANCHORS = ("launch_start", "launch_end")

# The ranges of the numbers (docs/format.md, "Ranges"): wide enough for any real season, small enough
# that every sum the model forms stays far inside CP-SAT's 64-bit integers.
MAX_MONEY = 10 ** 12  # fees, budgets, bonuses
MAX_AUDIENCE = 10 ** 10  # followers in one region
MAX_DAYS = 3660  # offsets, spacing: ten years
MAX_POSTS = 366  # posts of one booking
MAX_CREATORS = 100_000  # staffing bounds
Money = Annotated[Number, Field(ge=0, le=MAX_MONEY)]
WholeMoney = Annotated[Whole, Field(ge=0, le=MAX_MONEY)]
Rate = Annotated[Number, Field(ge=0, le=1)]
PremiumRate = Annotated[Number, Field(ge=0, le=100)]
Weight = Annotated[Number, Field(ge=0, le=1000)]
Audience = Annotated[Whole, Field(ge=0, le=MAX_AUDIENCE)]
Posts = Annotated[Whole, Field(ge=1, le=MAX_POSTS)]
Spacing = Annotated[Whole, Field(ge=1, le=MAX_DAYS)]
Offset = Annotated[Whole, Field(ge=-MAX_DAYS, le=MAX_DAYS)]
Staff = Annotated[Whole, Field(ge=1, le=MAX_CREATORS)]


class Category(Strict):
    id: Id
    parent: Optional[Id] = None
    adjacent: list[Id] = []


class Brand(Strict):
    id: Id
    competitors: list[Id] = []


class Premium(Strict):
    """Fraction of the base fee asked per 30 days of exclusivity, by level."""

    full: Optional[PremiumRate] = None
    category: Optional[PremiumRate] = None
    competitors: Optional[PremiumRate] = None


class Creator(Strict):
    id: Id
    platforms: list[Id]
    audience: dict[Id, Audience]
    engagement_rate: Rate
    fee_per_post: WholeMoney
    exclusivity_premium: Optional[Premium] = None
    max_posts_per_week: Optional[Annotated[Whole, Field(ge=0, le=7)]] = None
    unavailable: list[DateRange] = []
    blocked_brands: list[Id] = []


class PhaseAnchor(Strict):
    """A phase's ``from`` or ``to`` (the spec's "bound" of a phase): an anchor day plus ``offset_days``.

    Not to be confused with a roster's ``bound``, the proven cap on its objective.
    """

    anchor: Anchor
    offset_days: Offset = 0


class CampaignPhase(Strict):
    level: Level
    from_: PhaseAnchor = Field(alias="from")
    to: PhaseAnchor
    regions: Optional[list[Id]] = None
    platforms: Optional[list[Id]] = None


class Exceptions(Strict):
    brands: list[Id] = []


class CampaignExclusivity(Strict):
    phases: list[CampaignPhase] = []
    exceptions: Optional[Exceptions] = None

    @property
    def excepted_brands(self) -> list[str]:
        return self.exceptions.brands if self.exceptions else []


class Staffing(Strict):
    min: Staff = 1
    max: Optional[Staff] = None


class LockedBooking(Strict):
    """A signed booking: this creator posts for the campaign on exactly these days."""

    creator: Id
    posts: Annotated[list[DayField], Field(min_length=1)]


class Campaign(Strict):
    id: Id
    brand: Id
    category: Id
    regions: Annotated[list[Id], Field(min_length=1)]
    platforms: Annotated[list[Id], Field(min_length=1)]
    window: DateRange
    launch: Optional[DateRange] = None
    posts_per_creator: Posts = 1
    min_days_between_posts: Spacing = 1
    creators: Staffing = Staffing()
    budget: Optional[Money] = None
    weight: Weight = Decimal(1)
    required: StrictBool = False
    required_creators: list[Id] = []
    preferred_creators: dict[Id, Money] = {}
    excluded_creators: list[Id] = []
    exclusivity: Optional[CampaignExclusivity] = None
    locked: list[LockedBooking] = []
    min_launch_posts: Annotated[Whole, Field(ge=0, le=MAX_POSTS)] = 0

    @property
    def phases(self) -> list[CampaignPhase]:
        return self.exclusivity.phases if self.exclusivity else []

    @property
    def excepted_brands(self) -> list[str]:
        return self.exclusivity.excepted_brands if self.exclusivity else []


class CommitmentPhase(Strict):
    level: Level
    start: DayField
    end: DayField
    regions: Optional[list[Id]] = None
    platforms: Optional[list[Id]] = None


class CommitmentExclusivity(Strict):
    phases: list[CommitmentPhase] = []
    exceptions: Optional[Exceptions] = None

    @property
    def excepted_brands(self) -> list[str]:
        return self.exceptions.brands if self.exceptions else []


class Commitment(Strict):
    id: Id
    creator: Id
    brand: Id
    category: Id
    regions: Annotated[list[Id], Field(min_length=1)]
    platforms: Annotated[list[Id], Field(min_length=1)]
    posts: list[DayField] = []
    exclusivity: Optional[CommitmentExclusivity] = None

    @property
    def phases(self) -> list[CommitmentPhase]:
        return self.exclusivity.phases if self.exclusivity else []

    @property
    def excepted_brands(self) -> list[str]:
        return self.exclusivity.excepted_brands if self.exclusivity else []


DEFAULT_PREMIUM = {"full": Decimal("0.15"), "category": Decimal("0.10"), "competitors": Decimal("0.05")}


class Settings(Strict):
    time_limit_s: Annotated[Number, Field(ge=Decimal("0.01"), le=86400)] = Decimal(10)
    seed: Annotated[Whole, Field(ge=0, le=2 ** 31 - 1)] = 0
    default_premium: Optional[Premium] = None
    must_haves: Literal["hard", "soft"] = "hard"

    def premium_default(self, level: str) -> Decimal:
        given = getattr(self.default_premium, level) if self.default_premium else None
        return DEFAULT_PREMIUM[level] if given is None else given


class Scenario(Strict):
    format: Literal["scenario/1"]
    name: Optional[str] = None
    horizon: DateRange
    regions: list[Id]
    platforms: list[Id]
    categories: list[Category]
    brands: list[Brand]
    creators: list[Creator]
    campaigns: list[Campaign]
    commitments: list[Commitment] = []
    settings: Optional[Settings] = None

    @property
    def effective_settings(self) -> Settings:
        return self.settings or Settings()

    def to_document(self) -> dict:
        """The scenario as a scenario/1 JSON object (aliases, no absent fields)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
