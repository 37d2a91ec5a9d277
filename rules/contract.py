"""The one plain-Python reading of the spec's rules.

The validator, the deal checks, the greedy hint and the tests all use these
functions; the CP-SAT model encodes the same rules and the tests hold the two
against each other.  Nothing here knows about CP-SAT.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Optional, Sequence

from ..models import Campaign, CampaignPhase, Commitment, Creator, Settings
from ..models.paths import FieldPath, at
from ..models.scenario import PhaseAnchor
from .relations import Relations

Day = dt.date


# --- numbers -----------------------------------------------------------------

def round_half_up(x: Fraction) -> int:
    """Round to the nearest integer, halves upwards (the spec's rounding)."""
    return math.floor(x + Fraction(1, 2))


def exact(x: Decimal | int) -> Fraction:
    return Fraction(x)


# --- days and weeks ------------------------------------------------------------

def iso_week(day: Day) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def shift(day: Day, days: int) -> Day:
    return day + dt.timedelta(days=days)


# --- scopes and phases ---------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What a booking is for: brand, category, where and on which platforms it posts."""

    brand: str
    category: str
    regions: frozenset[str]
    platforms: frozenset[str]
    excepted: frozenset[str]  # brands this booking's own clause never blocks


@dataclass(frozen=True)
class PhaseScope:
    """The static part of a phase: level and where it applies (None: any platform)."""

    level: str
    regions: frozenset[str]
    platforms: Optional[frozenset[str]]
    path: FieldPath


@dataclass(frozen=True)
class Phase:
    """A phase resolved to days; covers nothing when end < start."""

    scope: PhaseScope
    start: Day
    end: Day

    def contains(self, day: Day) -> bool:
        return self.start <= day <= self.end

    @property
    def level(self) -> str:
        return self.scope.level

    @property
    def path(self) -> FieldPath:
        return self.scope.path


def post_platforms(creator: Creator, campaign: Campaign) -> frozenset[str]:
    """The platforms a creator's posts for a campaign go out on."""
    return frozenset(campaign.platforms) & frozenset(creator.platforms)


def campaign_scope(creator: Creator, campaign: Campaign) -> Scope:
    return Scope(campaign.brand, campaign.category, frozenset(campaign.regions),
                 post_platforms(creator, campaign), frozenset(campaign.excepted_brands))


def commitment_scope(commitment: Commitment) -> Scope:
    return Scope(commitment.brand, commitment.category, frozenset(commitment.regions),
                 frozenset(commitment.platforms), frozenset(commitment.excepted_brands))


def phase_scope(phase, default_regions: Sequence[str], path: FieldPath) -> PhaseScope:
    regions = frozenset(phase.regions if phase.regions is not None else default_regions)
    platforms = frozenset(phase.platforms) if phase.platforms is not None else None
    return PhaseScope(phase.level, regions, platforms, path)


def phase_applies(relations: Relations, holder: Scope, phase: PhaseScope, other: Scope) -> bool:
    """Conditions 1, 3, 4 and 5 of the conflict rule: all but the day."""
    if holder.brand == other.brand or other.brand in holder.excepted:
        return False
    if not relations.covers(phase.level, holder.brand, holder.category, other.brand, other.category):
        return False
    if not (phase.regions & other.regions):
        return False
    return phase.platforms is None or bool(phase.platforms & other.platforms)


def anchor_day(campaign: Campaign, end: PhaseAnchor, first_post: Day, last_post: Day) -> Day:
    """The day a phase's ``from`` or ``to`` falls on, given the booking's first and last post."""
    anchor = {
        "first_post": first_post,
        "last_post": last_post,
        "window_start": campaign.window.start,
        "window_end": campaign.window.end,
        "launch_start": campaign.launch.start if campaign.launch else None,
        "launch_end": campaign.launch.end if campaign.launch else None,
    }[end.anchor]
    if anchor is None:  # rejected when the scenario is loaded
        raise ValueError(f"anchor {end.anchor} needs a launch")
    return shift(anchor, end.offset_days)


def campaign_phase_days(campaign: Campaign, phase: CampaignPhase, first_post: Day, last_post: Day) -> tuple[Day, Day]:
    return (anchor_day(campaign, phase.from_, first_post, last_post),
            anchor_day(campaign, phase.to, first_post, last_post))


def campaign_phase_path(campaign_index: int, phase_index: int) -> FieldPath:
    return at("campaigns", campaign_index, "exclusivity", "phases", phase_index)


def commitment_phase_path(commitment_index: int, phase_index: int) -> FieldPath:
    return at("commitments", commitment_index, "exclusivity", "phases", phase_index)


# --- bookings --------------------------------------------------------------------

@dataclass(frozen=True)
class Booking:
    """A creator on a campaign with its post days, or a commitment."""

    kind: str  # "campaign" or "commitment"
    ref: str  # the campaign id or the commitment id
    path: FieldPath  # campaigns[i] or commitments[i]
    creator: str
    scope: Scope
    posts: tuple[Day, ...]
    phases: tuple[Phase, ...]

    @property
    def label(self) -> str:
        return f"{self.creator} on {self.ref}" if self.kind == "campaign" else f"commitment {self.ref}"


def campaign_booking(creator: Creator, campaign: Campaign, campaign_index: int, posts: Iterable[Day]) -> Booking:
    posts = tuple(sorted(posts))
    phases: list[Phase] = []
    if posts:
        for j, ph in enumerate(campaign.phases):
            start, end = campaign_phase_days(campaign, ph, posts[0], posts[-1])
            phases.append(Phase(phase_scope(ph, campaign.regions, campaign_phase_path(campaign_index, j)), start, end))
    return Booking("campaign", campaign.id, at("campaigns", campaign_index), creator.id,
                   campaign_scope(creator, campaign), posts, tuple(phases))


def commitment_booking(commitment: Commitment, index: int) -> Booking:
    phases = tuple(
        Phase(phase_scope(ph, commitment.regions, commitment_phase_path(index, j)), ph.start, ph.end)
        for j, ph in enumerate(commitment.phases)
    )
    return Booking("commitment", commitment.id, at("commitments", index), commitment.creator,
                   commitment_scope(commitment), tuple(sorted(commitment.posts)), phases)


@dataclass(frozen=True)
class Breach:
    """A post of ``poster`` on ``day`` inside ``phase`` of ``holder``."""

    day: Day
    poster: Booking
    holder: Booking
    phase: Phase

    def message(self) -> str:
        return (f"{self.poster.creator}'s post for {self.poster.scope.brand} ({self.poster.label}) on {self.day} "
                f"falls in {self.holder.label}'s {self.phase.level} exclusivity "
                f"({self.phase.start} to {self.phase.end}, {self.holder.scope.brand})")


def breaches_of(relations: Relations, poster: Booking, holder: Booking) -> list[Breach]:
    """Every post of ``poster`` that breaches a phase of ``holder`` (same creator assumed)."""
    found = []
    if poster is holder:
        return found
    for phase in holder.phases:
        if phase.end < phase.start or not phase_applies(relations, holder.scope, phase.scope, poster.scope):
            continue
        for day in poster.posts:
            if phase.contains(day):
                found.append(Breach(day, poster, holder, phase))
    return found


def post_breaches(relations: Relations, day: Day, poster: Scope, holder: Booking) -> list[Phase]:
    """The phases of ``holder`` that a single post (``poster`` scope, on ``day``) breaches."""
    if holder.phases and (holder.scope.brand == poster.brand or poster.brand in holder.scope.excepted):
        return []
    return [ph for ph in holder.phases
            if ph.contains(day) and phase_applies(relations, holder.scope, ph.scope, poster)]


# --- eligibility, fees, value -------------------------------------------------------

def ineligibility(creator: Creator, campaign: Campaign) -> Optional[str]:
    """None when the creator may be booked on the campaign, else the reason in words."""
    if not post_platforms(creator, campaign):
        return f"{creator.id} is on none of {campaign.id}'s platforms ({', '.join(campaign.platforms)})"
    if not any(creator.audience.get(r, 0) > 0 for r in campaign.regions):
        return f"{creator.id} has no audience in {campaign.id}'s regions ({', '.join(campaign.regions)})"
    if creator.id in campaign.excluded_creators:
        return f"{creator.id} is excluded from {campaign.id}"
    if campaign.brand in creator.blocked_brands:
        return f"{creator.id} refuses to work with {campaign.brand}"
    return None


def premium_rate(creator: Creator, level: str, settings: Settings) -> Decimal:
    own = getattr(creator.exclusivity_premium, level) if creator.exclusivity_premium else None
    return settings.premium_default(level) if own is None else own


def nominal_days(campaign: Campaign, phase: CampaignPhase) -> int:
    """A phase's length with first_post = window.start and last_post = window.end."""
    start, end = campaign_phase_days(campaign, phase, campaign.window.start, campaign.window.end)
    return max(0, (end - start).days + 1)


def premium_days_by_level(campaign: Campaign) -> dict[str, int]:
    """Nominal exclusivity days of the campaign's clause, added up per level."""
    days: dict[str, int] = {}
    for ph in campaign.phases:
        days[ph.level] = days.get(ph.level, 0) + nominal_days(campaign, ph)
    return days


def premium_fraction(creator: Creator, campaign: Campaign, settings: Settings) -> Fraction:
    """The premium part of the fee formula, sum over phases of premium[level] x nominal_days / 30, exactly."""
    return sum((exact(premium_rate(creator, ph.level, settings)) * nominal_days(campaign, ph) / 30
                for ph in campaign.phases), Fraction(0))


def premium_rates(creator: Creator, settings: Settings) -> tuple[int, dict[str, int]]:
    """The creator's premium rates over one common denominator: (D, {level: rate x D})."""
    rates = {level: exact(premium_rate(creator, level, settings)) for level in ("full", "category", "competitors")}
    denominator = math.lcm(*(r.denominator for r in rates.values()))
    return denominator, {level: int(r * denominator) for level, r in rates.items()}


def _round_half_up_ratio(num: int, den: int) -> int:
    """round_half_up(num / den) for whole num >= 0 and den > 0, without Fractions."""
    return (2 * num + den) // (2 * den)


def fee_from(fee_per_post: int, posts: int, rates: tuple[int, dict[str, int]], days_by_level: dict[str, int]) -> int:
    """posts x fee_per_post x (1 + sum over phases of premium[level] x nominal_days / 30), rounded half up.

    Exact in whole numbers: with the rates over a common denominator D, the
    fee is posts x fee x (30 D + sum rate_D x days) / (30 D).  Summing the
    nominal days per level first gives exactly the same number.
    """
    denominator, numerators = rates
    top = 30 * denominator + sum(numerators[level] * days for level, days in days_by_level.items())
    return _round_half_up_ratio(posts * fee_per_post * top, 30 * denominator)


def fee(creator: Creator, campaign: Campaign, settings: Settings) -> int:
    return fee_from(creator.fee_per_post, campaign.posts_per_creator, premium_rates(creator, settings),
                    premium_days_by_level(campaign))


def base_fee(creator: Creator, campaign: Campaign) -> int:
    return campaign.posts_per_creator * creator.fee_per_post


def value_from(weight_x_posts: Fraction, engagement_rate: Fraction, reach: int, bonus) -> int:
    """round_half_up(weight x posts x engagement x reach) + round_half_up(preferred bonus)."""
    base = _round_half_up_ratio(weight_x_posts.numerator * engagement_rate.numerator * reach,
                                weight_x_posts.denominator * engagement_rate.denominator)
    return base + (round_half_up(exact(bonus)) if bonus is not None else 0)


def reach(creator: Creator, campaign: Campaign) -> int:
    return sum(creator.audience.get(r, 0) for r in campaign.regions)


def value(creator: Creator, campaign: Campaign) -> int:
    return value_from(exact(campaign.weight) * campaign.posts_per_creator, exact(creator.engagement_rate),
                      reach(creator, campaign), campaign.preferred_creators.get(creator.id))


def spacing_ok(posts: Sequence[Day], min_days: int) -> bool:
    ordered = sorted(posts)
    return all((b - a).days >= min_days for a, b in zip(ordered, ordered[1:]))


def launch_posts(campaign: Campaign, posts: Iterable[Day]) -> int:
    """How many of the (distinct) post days fall inside the campaign's launch (inclusive)."""
    if campaign.launch is None:
        return 0
    return sum(1 for d in set(posts) if campaign.launch.contains(d))


def launch_ok(campaign: Campaign, posts: Iterable[Day]) -> bool:
    """Rule 7: at least ``min_launch_posts`` of the booking's posts inside the launch."""
    return not campaign.min_launch_posts or launch_posts(campaign, posts) >= campaign.min_launch_posts
