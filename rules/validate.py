"""Check a roster against its scenario, rule by rule, straight from the spec.

This never builds a CP-SAT model: it re-reads the rules through
``rules.contract`` and ``rules.must_haves`` (the same functions the model is
tested against), so a bug in the model cannot hide behind itself.  Rules 1..7
are the numbered rules of "A valid roster" in the spec; rule 8 checks the
figures the roster reports (fees, values, campaign summaries, objective,
bound, status, the relaxed must-haves).

Problems among commitments alone are pre-existing: ``commitment_warnings``
reports them as plain sentences and ``validate`` never counts them against
the roster.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

from ..models import Assignment, Creator, Roster, Scenario
from ..models.paths import at
from . import contract, must_haves
from .index import ScenarioIndex

Day = dt.date

RULE_LAUNCH = 7
RULE_FIGURES = 8
_SOLVED = ("optimal", "feasible")


@dataclass(frozen=True)
class Violation:
    rule: int  # 1..7: the spec's "A valid roster" rules; 8: reported figures
    message: str
    bookings: tuple[str, ...] = ()
    days: tuple[Day, ...] = ()

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message}"


def validate(scenario: Scenario, roster: Roster, index: Optional[ScenarioIndex] = None) -> list[Violation]:
    """Every way ``roster`` breaks the spec for ``scenario``; [] means valid.

    ``index``: the scenario's index when the caller has built it already.
    """
    return _Validator(index or ScenarioIndex(scenario), roster).run()


def commitment_warnings(scenario: Scenario, index: Optional[ScenarioIndex] = None) -> list[str]:
    """Pre-existing problems among commitments alone, one sentence each."""
    index = index or ScenarioIndex(scenario)
    warnings: list[str] = []
    for creator_id, bookings in index.commitment_bookings.items():
        creator = index.creators[creator_id]
        posts = [_Post(day, b.label, False) for b in bookings for day in b.posts]
        for day, labels in _same_day_groups(posts, count_repeats=True):
            warnings.append(f"commitments of {creator_id} already post {len(labels)} times on {day} "
                            f"({_join(labels)})")
        for post in posts:
            period = _unavailable_period(creator, post.day)
            if period is not None:
                warnings.append(f"{post.label} has {creator_id} post on {post.day}, an unavailable day "
                                f"({period.start} to {period.end})")
        for week, week_posts in _weeks_over_cap(creator, posts):
            warnings.append(f"commitments of {creator_id} already post {len(week_posts)} times in "
                            f"{_week_text(week)}, above the cap of {creator.max_posts_per_week} a week "
                            f"({_join(sorted({p.label for p in week_posts}))})")
        for poster in bookings:
            for holder in bookings:
                for (phase, found) in _group_breaches(contract.breaches_of(index.relations, poster, holder)):
                    warnings.append(_breach_text(poster, holder, phase, found))
    return warnings


# --- helpers shared by the checks ------------------------------------------------

@dataclass(frozen=True)
class _Post:
    day: Day
    label: str  # the booking's label: "ava on glow-spring" or "commitment x"
    new: bool  # a post of the roster (True) or of a commitment (False)


def _join(items: Iterable[object]) -> str:
    return ", ".join(str(x) for x in items)


def _week_text(week: tuple[int, int]) -> str:
    year, number = week
    monday = dt.date.fromisocalendar(year, number, 1)
    return f"ISO week {year}-W{number:02d} ({monday} to {monday + dt.timedelta(days=6)})"


def _unavailable_period(creator: Creator, day: Day):
    for period in creator.unavailable:
        if period.contains(day):
            return period
    return None


def _same_day_groups(posts: list[_Post], count_repeats: bool) -> Iterator[tuple[Day, list[str]]]:
    """Days with more than one post, with the bookings posting then.

    With ``count_repeats`` a booking listing a day twice counts twice (used
    for commitments); otherwise a repeat inside one booking is left to rule 2.
    """
    by_day: dict[Day, list[str]] = defaultdict(list)
    for post in posts:
        if count_repeats or post.label not in by_day[post.day]:
            by_day[post.day].append(post.label)
    for day in sorted(by_day):
        if len(by_day[day]) > 1:
            yield day, by_day[day]


def _weeks_over_cap(creator: Creator, posts: list[_Post]) -> Iterator[tuple[tuple[int, int], list[_Post]]]:
    if creator.max_posts_per_week is None:
        return
    by_week: dict[tuple[int, int], list[_Post]] = defaultdict(list)
    for post in posts:
        by_week[contract.iso_week(post.day)].append(post)
    for week in sorted(by_week):
        if len(by_week[week]) > creator.max_posts_per_week:
            yield week, by_week[week]


def _group_breaches(breaches: list[contract.Breach]) -> list[tuple[contract.Phase, list[Day]]]:
    """Breaches of one poster against one holder, grouped by the phase breached."""
    grouped: dict[str, tuple[contract.Phase, list[Day]]] = {}
    for breach in breaches:
        phase, days = grouped.setdefault(breach.phase.path, (breach.phase, []))
        if breach.day not in days:
            days.append(breach.day)
    return list(grouped.values())


def _breach_text(poster: contract.Booking, holder: contract.Booking, phase: contract.Phase, days: list[Day]) -> str:
    plural = len(days) > 1
    return (f"{poster.creator}'s post{'s' if plural else ''} for {poster.scope.brand} ({poster.label}) "
            f"on {_join(days)} fall{'' if plural else 's'} in the {phase.level} exclusivity of {holder.label} "
            f"({holder.scope.brand}, {phase.start} to {phase.end}, {phase.path})")


# --- the validator ------------------------------------------------------------------

@dataclass
class _Booked:
    """One accepted assignment: known creator and campaign, first of its pair."""

    assignment: Assignment
    label: str
    posts: tuple[Day, ...]


@dataclass
class _Validator:
    index: ScenarioIndex
    roster: Roster
    found: list[Violation] = field(default_factory=list)
    booked: list[_Booked] = field(default_factory=list)
    fees: dict[tuple[str, str], int] = field(default_factory=dict)

    def fee(self, creator_id: str, campaign_id: str) -> int:
        """The formula fee (exact arithmetic is not cheap: computed once per booking)."""
        key = (creator_id, campaign_id)
        if key not in self.fees:
            self.fees[key] = self.index.fee(creator_id, campaign_id)
        return self.fees[key]

    def add(self, rule: int, message: str, bookings: Iterable[str] = (), days: Iterable[Day] = ()) -> None:
        self.found.append(Violation(rule, message, tuple(bookings), tuple(sorted(set(days)))))

    def run(self) -> list[Violation]:
        self.accept_assignments()
        for booked in self.booked:
            self.check_eligibility(booked)
            self.check_posts(booked)
            self.check_launch(booked)
        by_creator: dict[str, list[_Booked]] = defaultdict(list)
        for booked in self.booked:
            by_creator[booked.assignment.creator].append(booked)
        for creator_id in sorted(by_creator, key=self.index.creator_pos.__getitem__):
            self.check_capacity(creator_id, by_creator[creator_id])
            self.check_exclusivity(creator_id, by_creator[creator_id])
        if self.roster.status in _SOLVED:
            self.check_staffing()
        self.check_budgets()
        self.check_figures()
        return sorted(self.found, key=lambda v: v.rule)

    # rule 1: who may be booked at all ------------------------------------------------
    def accept_assignments(self) -> None:
        seen: set[tuple[str, str]] = set()
        for i, a in enumerate(self.roster.assignments):
            label = f"{a.creator} on {a.campaign}"
            where = at("assignments", i)
            if a.creator not in self.index.creators:
                self.add(1, f"{where} books {a.creator!r}, who is not a creator of the scenario", [label])
                continue
            if a.campaign not in self.index.campaigns:
                self.add(1, f"{where} books {a.creator} on {a.campaign!r}, which is not a campaign of the scenario",
                         [label])
                continue
            if (a.creator, a.campaign) in seen:
                self.add(1, f"{where} books {a.creator} on {a.campaign} a second time", [label])
                continue
            seen.add((a.creator, a.campaign))
            self.booked.append(_Booked(a, label, tuple(sorted(a.posts))))

    def check_eligibility(self, booked: _Booked) -> None:
        reason = self.index.ineligibility(booked.assignment.creator, booked.assignment.campaign)
        if reason is not None:
            self.add(1, f"{booked.label} is not eligible: {reason}", [booked.label])

    # rule 2: the posts of one booking --------------------------------------------------
    def check_posts(self, booked: _Booked) -> None:
        campaign = self.index.campaigns[booked.assignment.campaign]
        horizon = self.index.scenario.horizon
        posts, label = booked.posts, booked.label
        if len(posts) != campaign.posts_per_creator:
            self.add(2, f"{label} has {len(posts)} post(s), the campaign asks for exactly "
                        f"{campaign.posts_per_creator}", [label], posts)
        repeats = sorted(day for day, n in Counter(posts).items() if n > 1)
        if repeats:
            self.add(2, f"{label} lists the same day more than once: {_join(repeats)}", [label], repeats)
        outside_window = [d for d in posts if not campaign.window.contains(d)]
        if outside_window:
            self.add(2, f"{label} posts on {_join(outside_window)}, outside the campaign window "
                        f"({campaign.window.start} to {campaign.window.end})", [label], outside_window)
        outside_horizon = [d for d in posts if not horizon.contains(d)]
        if outside_horizon:
            self.add(2, f"{label} posts on {_join(outside_horizon)}, outside the horizon "
                        f"({horizon.start} to {horizon.end})", [label], outside_horizon)
        distinct = sorted(set(posts))
        close = [(a, b) for a, b in zip(distinct, distinct[1:]) if (b - a).days < campaign.min_days_between_posts]
        if close:
            pairs = "; ".join(f"{a} and {b} are {(b - a).days} day(s) apart" for a, b in close)
            self.add(2, f"{label} posts too close together ({pairs}); the campaign asks for at least "
                        f"{campaign.min_days_between_posts} day(s)", [label], [d for pair in close for d in pair])

    # rule 3: one creator's days and weeks ----------------------------------------------
    def check_capacity(self, creator_id: str, booked: list[_Booked]) -> None:
        creator = self.index.creators[creator_id]
        posts = [_Post(day, b.label, True) for b in booked for day in b.posts]
        posts += [_Post(day, m.label, False) for m in self.index.commitment_bookings.get(creator_id, [])
                  for day in m.posts]
        new_labels = {b.label for b in booked}
        for day, labels in _same_day_groups(posts, count_repeats=False):
            if any(label in new_labels for label in labels):
                self.add(3, f"{creator_id} posts {len(labels)} times on {day} ({_join(labels)}); "
                            "a creator posts at most once a day", labels, [day])
        for post in posts:
            if post.new:
                period = _unavailable_period(creator, post.day)
                if period is not None:
                    self.add(3, f"{post.label} posts on {post.day}, when {creator_id} is unavailable "
                                f"({period.start} to {period.end})", [post.label], [post.day])
        for week, week_posts in _weeks_over_cap(creator, posts):
            if any(p.new for p in week_posts):
                labels = sorted({p.label for p in week_posts})
                self.add(3, f"{creator_id} posts {len(week_posts)} times in {_week_text(week)}, above the cap of "
                            f"{creator.max_posts_per_week} a week ({_join(labels)})",
                         labels, [p.day for p in week_posts])

    # rule 6: exclusivity, between bookings and against commitments -----------------------
    def check_exclusivity(self, creator_id: str, booked: list[_Booked]) -> None:
        relations = self.index.relations
        campaign_bookings = [self.index.campaign_booking(creator_id, b.assignment.campaign, b.posts) for b in booked]
        commitments = self.index.commitment_bookings.get(creator_id, [])
        everything = campaign_bookings + commitments
        for poster in everything:
            for holder in everything:
                if poster is holder or (poster.kind == "commitment" and holder.kind == "commitment"):
                    continue
                for phase, days in _group_breaches(contract.breaches_of(relations, poster, holder)):
                    self.add(6, _breach_text(poster, holder, phase, days), [poster.label, holder.label], days)

    # rule 4: staffing -------------------------------------------------------------------
    def creators_on(self) -> dict[str, list[str]]:
        on: dict[str, list[str]] = {k: [] for k in self.index.campaigns}
        for b in self.booked:
            on[b.assignment.campaign].append(b.assignment.creator)
        return on

    def check_staffing(self) -> None:
        for campaign_id, creators in self.creators_on().items():
            campaign = self.index.campaigns[campaign_id]
            labels = [f"{c} on {campaign_id}" for c in creators]
            n, low, high = len(creators), campaign.creators.min, campaign.creators.max
            if n and n < low:
                self.add(4, f"{campaign_id} is staffed with {n} creator(s), fewer than its minimum of {low}", labels)
            if high is not None and n > high:
                self.add(4, f"{campaign_id} is staffed with {n} creators, more than its maximum of {high}", labels)
        self.check_must_haves()

    def check_must_haves(self) -> None:
        """Every must-have holds, but those a soft-must-have roster lists in ``relaxed``."""
        scenario = self.index.scenario
        exempt = {item.path for item in self.roster.relaxed or ()} if must_haves.soft(scenario) else set()
        bookings = {(b.assignment.creator, b.assignment.campaign): b.posts for b in self.booked}
        for must in must_haves.broken(scenario, bookings):
            if str(must.path) in exempt:
                continue
            label = [f"{must.creator} on {must.campaign}"] if must.creator else []
            text = must.broken_message()
            if must.kind == "locked" and (must.creator, must.campaign) in bookings:
                text += f": booked on {_join(bookings[(must.creator, must.campaign)])} instead"
            self.add(4, f"{text} ({must.path})", label)

    # rule 5: budgets, on the formula fees ---------------------------------------------------
    def check_budgets(self) -> None:
        for campaign_id, creators in self.creators_on().items():
            budget = self.index.campaigns[campaign_id].budget
            if budget is None or not creators:
                continue
            total = sum(self.fee(c, campaign_id) for c in creators)
            if total > budget:
                self.add(5, f"the fees of {campaign_id} come to {total} by the fee formula "
                            f"({_join(f'{c} {self.fee(c, campaign_id)}' for c in creators)}), "
                            f"above its budget of {_number(budget)}",
                         [f"{c} on {campaign_id}" for c in creators])

    # rule 7: launch posts ---------------------------------------------------------------------
    def check_launch(self, booked: _Booked) -> None:
        campaign = self.index.campaigns[booked.assignment.campaign]
        if not contract.launch_ok(campaign, booked.posts):
            self.add(RULE_LAUNCH, f"{booked.label} makes {contract.launch_posts(campaign, booked.posts)} of its posts "
                                  f"inside the launch ({campaign.launch.start} to {campaign.launch.end}); the "
                                  f"campaign asks for at least {campaign.min_launch_posts}",
                     [booked.label], booked.posts)

    # rule 8: the figures the roster reports ---------------------------------------------------
    def check_figures(self) -> None:
        roster = self.roster
        for b in self.booked:
            a = b.assignment
            want_fee, want_value = self.fee(a.creator, a.campaign), self.index.value(a.creator, a.campaign)
            if abs(a.fee - want_fee) > 1:
                self.add(RULE_FIGURES, f"{b.label} reports fee {a.fee}, the fee formula gives {want_fee}", [b.label])
            if abs(a.value - want_value) > 1:
                self.add(RULE_FIGURES, f"{b.label} reports value {a.value}, the value formula gives {want_value}", [b.label])
        self.check_summaries()
        total_value = sum(a.value for a in roster.assignments)
        if roster.objective is not None and roster.objective != total_value:
            self.add(RULE_FIGURES, f"objective is {roster.objective} but the assignments' values add up to {total_value}")
        if roster.objective is not None and roster.bound is not None and roster.bound < roster.objective:
            self.add(RULE_FIGURES, f"bound {roster.bound} is below the objective {roster.objective}")
        self.check_status()
        self.check_relaxed()

    def check_relaxed(self) -> None:
        """``relaxed`` is null for hard must-haves and, for soft ones, lists exactly the broken must-haves."""
        roster, scenario = self.roster, self.index.scenario
        if not must_haves.soft(scenario):
            if roster.relaxed:
                self.add(RULE_FIGURES, f"the roster relaxes {_join(i.path for i in roster.relaxed)}, but the "
                                       "scenario's must-haves are hard (settings.must_haves)")
            return
        if roster.status not in _SOLVED:
            return
        if roster.relaxed is None:
            self.add(RULE_FIGURES, "the scenario's must-haves are soft, but the roster has no relaxed list")
            return
        known = {str(m.path): m for m in must_haves.must_haves(scenario)}
        bookings = {(b.assignment.creator, b.assignment.campaign): b.posts for b in self.booked}
        for item in roster.relaxed:
            if item.path not in known:
                self.add(RULE_FIGURES, f"relaxed names {item.path}, which is not a must-have of the scenario")
            elif known[item.path].kept_by(bookings):
                self.add(RULE_FIGURES, f"relaxed names {item.path}, which the roster keeps")

    def check_summaries(self) -> None:
        listed: dict[str, int] = Counter(s.id for s in self.roster.campaigns)
        for campaign_id in self.index.campaigns:
            if listed[campaign_id] == 0:
                self.add(RULE_FIGURES, f"campaign {campaign_id} is missing from the roster's campaigns list")
            elif listed[campaign_id] > 1:
                self.add(RULE_FIGURES, f"campaign {campaign_id} appears {listed[campaign_id]} times in the roster's campaigns list")
        assigned: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.roster.assignments:
            assigned[a.campaign].append(a)
        for summary in self.roster.campaigns:
            if summary.id not in self.index.campaigns:
                self.add(RULE_FIGURES, f"the roster's campaigns list names {summary.id!r}, which is not a campaign of the scenario")
                continue
            mine = assigned.get(summary.id, [])
            if summary.staffed != bool(mine):
                self.add(RULE_FIGURES, f"campaign {summary.id} reports staffed={str(summary.staffed).lower()} but has "
                            f"{len(mine)} assignment(s)")
            if sorted(summary.creators) != sorted(a.creator for a in mine):
                self.add(RULE_FIGURES, f"campaign {summary.id} lists creators [{_join(summary.creators)}] but the assignments "
                            f"book [{_join(a.creator for a in mine)}]")
            fees, value = sum(a.fee for a in mine), sum(a.value for a in mine)
            if summary.fees != fees:
                self.add(RULE_FIGURES, f"campaign {summary.id} reports fees {summary.fees}, its assignments' fees add up to {fees}")
            if summary.value != value:
                self.add(RULE_FIGURES, f"campaign {summary.id} reports value {summary.value}, its assignments' values add up "
                            f"to {value}")

    def check_status(self) -> None:
        r = self.roster
        if r.status in ("infeasible", "unknown"):
            if r.assignments:
                self.add(RULE_FIGURES, f"status {r.status} but the roster has {len(r.assignments)} assignment(s)")
            if r.objective is not None or r.bound is not None:
                self.add(RULE_FIGURES, f"status {r.status} but objective/bound are not null "
                            f"(objective {r.objective}, bound {r.bound})")
            return
        if r.objective is None:
            self.add(RULE_FIGURES, f"status {r.status} but the objective is null")
        if r.status == "optimal" and r.bound != r.objective:
            self.add(RULE_FIGURES, f"status optimal but bound {r.bound} differs from objective {r.objective}")


def _number(value) -> str:
    return str(int(value)) if value == int(value) else str(value)


def summary_line(roster: Roster) -> str:
    """One line for a valid roster: status, objective, number of assignments."""
    objective = "none" if roster.objective is None else str(roster.objective)
    return f"valid: status {roster.status}, objective {objective}, {len(roster.assignments)} assignment(s)"


__all__ = ["Violation", "validate", "commitment_warnings", "summary_line", "RULE_FIGURES", "RULE_LAUNCH"]
