"""Enforcing exclusivity on deals and posts: deal checks, the breach monitor, creator calendars.

No solver here: every answer comes from the spec's conflict rule as read in
``rules.contract``.  An ``Enforcer`` holds a scenario's bookings by creator (its
commitments and, when there is one, the bookings of a solved roster) so that
a check only looks at the few bookings of the deal's creator.

Beyond the conflict rule proper (both directions: the deal's posts against
the other bookings' phases, the other bookings' posts against the deal's
phases), a deal check also reports what would make the deal's posts invalid
in a roster: a second post on a day already used, a post on an unavailable
day, a week over the creator's cap, and a brand the creator blocks.  Each
conflict says its ``kind``; the deal is allowed only with no conflict at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Optional, Sequence

from ..models import DocumentError, FieldIssue, Roster, Scenario
from ..models.enforcement import (
    Alert,
    AllowedClause,
    BreachOut,
    Calendar,
    CalendarEntry,
    CalendarPost,
    CheckAnswer,
    ClauseOut,
    Conflict,
    Deal,
    ExceptionsOut,
    MonitorAnswer,
    PhaseOut,
    PublishedPost,
)
from ..models.paths import FieldPath, at
from ..models.scenario import LEVELS
from . import contract
from .contract import Booking, Phase, Scope
from .index import ScenarioIndex
from .words import blocked_words

Day = dt.date

SEARCH_MARGIN_DAYS = 366  # how far past the last relevant day earliest_start searches

def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _plus(day: Day, n: int) -> Day:
    """``day`` moved by ``n`` days, held at the ends of the calendar (year 1 and 9999) instead of overflowing."""
    try:
        return day + dt.timedelta(days=n)
    except OverflowError:
        return dt.date.max if n > 0 else dt.date.min


class Enforcer:
    """A scenario's bookings by creator, ready for deal checks, monitoring and calendars."""

    def __init__(self, scenario: Scenario, roster: Optional[Roster] = None):
        self.index = ScenarioIndex(scenario)
        self.scenario = scenario
        self.relations = self.index.relations
        self.bookings: dict[str, list[Booking]] = defaultdict(list)
        for creator, found in self.index.commitment_bookings.items():
            self.bookings[creator].extend(found)
        booked: set[tuple[str, str]] = set()
        if roster is not None:
            for a in roster.assignments:
                if a.creator in self.index.creators and a.campaign in self.index.campaigns:
                    self.bookings[a.creator].append(self.index.campaign_booking(a.creator, a.campaign, a.posts))
                    booked.add((a.creator, a.campaign))
        self.signed: set[tuple[str, str]] = set()  # signed (locked) bookings are bookings, roster or not
        for campaign in scenario.campaigns:
            for signed in campaign.locked:
                key = (signed.creator, campaign.id)
                if signed.creator in self.index.creators:
                    self.signed.add(key)
                    if key not in booked:
                        self.bookings[signed.creator].append(
                            self.index.campaign_booking(signed.creator, campaign.id, sorted(set(signed.posts))))
        self.brands = {b.id for b in scenario.brands}
        self.categories = {c.id for c in scenario.categories}
        self.regions = set(scenario.regions)
        self.platforms = set(scenario.platforms)

    # --- input checks --------------------------------------------------------------

    def _ref_issues(self, path: FieldPath, creator: str, brand: str, category: str,
                    regions: Sequence[str], platforms: Sequence[str]) -> list[FieldIssue]:
        issues = []
        if creator not in self.index.creators:
            issues.append(FieldIssue(path / "creator", f"unknown creator {creator!r}"))
        if brand not in self.brands:
            issues.append(FieldIssue(path / "brand", f"unknown brand {brand!r}"))
        if category not in self.categories:
            issues.append(FieldIssue(path / "category", f"unknown category {category!r}"))
        issues += [FieldIssue(path / "regions" / i, f"unknown region {r!r}")
                   for i, r in enumerate(regions) if r not in self.regions]
        issues += [FieldIssue(path / "platforms" / i, f"unknown platform {p!r}")
                   for i, p in enumerate(platforms) if p not in self.platforms]
        return issues

    def deal_issues(self, deal: Deal, path: FieldPath = at("deal")) -> list[FieldIssue]:
        issues = self._ref_issues(path, deal.creator, deal.brand, deal.category, deal.regions, deal.platforms)
        seen: dict[Day, int] = {}
        for i, day in enumerate(deal.posts):
            if day in seen:
                issues.append(FieldIssue(path / "posts" / i, f"duplicate day {day} (already at {path / 'posts' / seen[day]})"))
            seen.setdefault(day, i)
        for j, ph in enumerate(deal.phases):
            p = path / "exclusivity" / "phases" / j
            issues += [FieldIssue(p / "regions" / i, f"unknown region {r!r}")
                       for i, r in enumerate(ph.regions or []) if r not in self.regions]
            issues += [FieldIssue(p / "platforms" / i, f"unknown platform {x!r}")
                       for i, x in enumerate(ph.platforms or []) if x not in self.platforms]
        issues += [FieldIssue(path / "exclusivity" / "exceptions" / "brands" / i, f"unknown brand {b!r}")
                   for i, b in enumerate(deal.excepted_brands) if b not in self.brands]
        return issues

    def require_valid_deal(self, deal: Deal, path: FieldPath = at("deal")) -> None:
        issues = self.deal_issues(deal, path)
        if issues:
            raise DocumentError(issues, document="deal")

    # --- the deal as a booking ----------------------------------------------------------

    @staticmethod
    def deal_booking(deal: Deal, shift_days: int = 0, phases: Optional[Sequence] = None) -> Booking:
        """The deal as a commitment-like booking, posts and phases shifted together by ``shift_days``."""
        scope = Scope(deal.brand, deal.category, frozenset(deal.regions), frozenset(deal.platforms),
                      frozenset(deal.excepted_brands))
        resolved = tuple(
            Phase(contract.phase_scope(ph, deal.regions, at("deal", "exclusivity", "phases", j)),
                  _plus(ph.start, shift_days), _plus(ph.end, shift_days))
            for j, ph in enumerate(deal.phases if phases is None else phases)
        )
        return Booking("deal", "deal", at("deal"), deal.creator, scope,
                       tuple(sorted(_plus(d, shift_days) for d in deal.posts)), resolved)

    # --- conflicts ----------------------------------------------------------------------

    def conflicts(self, deal: Booking) -> list[Conflict]:
        """Everything that blocks the deal booking as it stands."""
        creator = self.index.creators[deal.creator]
        cpath = self.index.creator_path(creator.id)
        found: list[Conflict] = []
        for k, brand in enumerate(creator.blocked_brands):
            if brand == deal.scope.brand:
                found.append(Conflict(kind="blocked_brand", with_=creator.id, path=cpath / "blocked_brands" / k,
                                      days=list(deal.posts), message=f"{creator.id} refuses to work with {brand}"))
        for other in self.bookings.get(deal.creator, ()):
            found += self._exclusivity_conflicts(deal, other)
            same = sorted(set(deal.posts) & set(other.posts))
            if same:
                found.append(Conflict(kind="same_day", with_=other.ref, path=other.path, days=same,
                                      message=f"{deal.creator} already posts for {other.scope.brand} "
                                              f"({other.label}) on {', '.join(map(str, same))}: one post a day"))
        for k, rng in enumerate(creator.unavailable):
            days = [d for d in deal.posts if rng.contains(d)]
            if days:
                found.append(Conflict(kind="unavailable", with_=creator.id, path=cpath / "unavailable" / k, days=days,
                                      message=f"{creator.id} is unavailable from {rng.start} to {rng.end}"))
        if creator.max_posts_per_week is not None:
            found += self._weekly_cap_conflicts(deal, creator.max_posts_per_week, cpath / "max_posts_per_week")
        return found

    def _exclusivity_conflicts(self, deal: Booking, other: Booking) -> list[Conflict]:
        out = []
        for direction in ((deal, other), (other, deal)):
            by_phase: dict[str, list[contract.Breach]] = defaultdict(list)
            for breach in contract.breaches_of(self.relations, *direction):
                by_phase[breach.phase.path].append(breach)
            for path, breaches in by_phase.items():
                first = breaches[0]
                days = sorted({b.day for b in breaches})
                if first.holder is deal:
                    message = (f"{deal.creator}'s posts for {other.scope.brand} ({other.label}) on "
                               f"{', '.join(map(str, days))} fall in the deal's {first.phase.level} exclusivity "
                               f"({first.phase.start} to {first.phase.end})")
                else:
                    message = (f"the deal's posts for {deal.scope.brand} on {', '.join(map(str, days))} fall in "
                               f"{other.label}'s {first.phase.level} exclusivity "
                               f"({first.phase.start} to {first.phase.end}, {other.scope.brand})")
                out.append(Conflict(kind="exclusivity", with_=other.ref, phase=path, path=path, days=days,
                                    message=message))
        return out

    def _weekly_cap_conflicts(self, deal: Booking, cap: int, path: FieldPath) -> list[Conflict]:
        used = Counter(contract.iso_week(d) for b in self.bookings.get(deal.creator, ()) for d in set(b.posts))
        mine: dict[tuple[int, int], list[Day]] = defaultdict(list)
        for d in deal.posts:
            mine[contract.iso_week(d)].append(d)
        out = []
        for week, days in sorted(mine.items()):
            if used[week] + len(days) > cap:
                out.append(Conflict(kind="weekly_cap", with_=deal.creator, path=path, days=days,
                                    message=f"week {week[0]}-W{week[1]:02d} would have {used[week] + len(days)} posts, "
                                            f"over {deal.creator}'s cap of {cap}"))
        return out

    # --- earliest start -----------------------------------------------------------------

    def _blocked_shifts(self, deal: Booking) -> list[tuple[int, int]]:
        """Ranges of whole-deal shifts (in days) that clash with a booking or an unavailable day.

        The weekly cap is not a range; candidates are re-checked in full.
        """
        ranges: list[tuple[int, int]] = []
        posts = deal.posts
        for other in self.bookings.get(deal.creator, ()):
            for ph in other.phases:  # the deal's posts inside their phases
                if ph.end >= ph.start and contract.phase_applies(self.relations, other.scope, ph.scope, deal.scope):
                    ranges += [((ph.start - p).days, (ph.end - p).days) for p in posts]
            for ph in deal.phases:  # their posts inside the deal's phases
                if ph.end >= ph.start and contract.phase_applies(self.relations, deal.scope, ph.scope, other.scope):
                    ranges += [((b - ph.end).days, (b - ph.start).days) for b in other.posts]
            ranges += [((b - p).days, (b - p).days) for b in other.posts for p in posts]
        for rng in self.index.creators[deal.creator].unavailable:
            ranges += [((rng.start - p).days, (rng.end - p).days) for p in posts]
        ranges.sort()
        return ranges

    def _search_limit(self, deal: Booking) -> Day:
        last = max([self.scenario.horizon.end, deal.posts[-1]] + [ph.end for ph in deal.phases])
        for other in self.bookings.get(deal.creator, ()):
            last = max([last] + [ph.end for ph in other.phases] + list(other.posts[-1:]))
        return _plus(last, SEARCH_MARGIN_DAYS)

    def earliest_start(self, deal: Deal) -> Optional[Day]:
        """The first day from which the whole deal, shifted, is allowed (searching forward); None if none."""
        booking = self.deal_booking(deal)
        creator = self.index.creators[deal.creator]
        if deal.brand in creator.blocked_brands:
            return None
        first = booking.posts[0]
        # never shift a day past the end of the calendar
        room = (dt.date.max - max([booking.posts[-1]] + [ph.end for ph in booking.phases])).days
        max_shift = min((self._search_limit(booking) - first).days, room)
        ranges = self._blocked_shifts(booking)
        used = Counter(contract.iso_week(d) for b in self.bookings.get(deal.creator, ()) for d in set(b.posts))
        shift, i, reach = 0, 0, -1
        while shift <= max_shift:
            while i < len(ranges) and ranges[i][0] <= shift:  # ranges are sorted by start; shift only grows
                reach = max(reach, ranges[i][1])
                i += 1
            if reach >= shift:  # inside a blocked range: jump past it
                shift = reach + 1
                continue
            if self._weeks_ok(booking, shift, creator.max_posts_per_week, used) \
                    and not self.conflicts(self.deal_booking(deal, shift)):
                return first + _days(shift)
            shift += 1  # only the weekly cap can get here
        return None

    @staticmethod
    def _weeks_ok(deal: Booking, shift: int, cap: Optional[int], used: Counter) -> bool:
        """The weekly cap alone, for the deal shifted by ``shift`` days (cheap; the rest is in the ranges)."""
        if cap is None:
            return True
        mine = Counter(contract.iso_week(_plus(d, shift)) for d in deal.posts)
        return all(used[week] + n <= cap for week, n in mine.items())

    # --- weaker clauses -------------------------------------------------------------------

    def allowed_variants(self, deal: Deal) -> list[AllowedClause]:
        """The smallest changes of the deal's own clause that make it allowed, one per kind of change, each
        re-checked in full: a phase ending earlier, starting later, at a lower level, or narrowed to fewer
        regions or platforms.  None when the deal's clause is not what is in the way."""
        phases = list(deal.phases)
        blocked = self._blocked_by_phase(deal)
        if not blocked:
            return []
        first, last = min(deal.posts), max(deal.posts)
        kinds = {"ends earlier": self._ended_earlier, "starts later": self._started_later,
                 "lower level": self._lowered, "narrower regions": self._narrowed_regions,
                 "narrower platforms": self._narrowed_platforms}
        found: dict[str, tuple[list, list[str]]] = {}
        for name, change in kinds.items():
            clause, said = list(phases), []
            for j, hits in sorted(blocked.items()):
                changed = change(deal, phases[j], hits)
                if changed is None:
                    break
                clause[j], words = changed
                said.append(f"phase {j + 1} ({phases[j].level}, {phases[j].start} to {phases[j].end}) {words}")
            else:
                if not self.conflicts(self.deal_booking(deal, 0, clause)):
                    found[name] = (clause, said)
        # a cut that takes a phase off the deal's own posts is no answer when the other cut keeps them
        for cut, other in (("ends earlier", "starts later"), ("starts later", "ends earlier")):
            if cut in found and other in found and not self._covers_posts(found[cut][0], blocked, first, last) \
                    and self._covers_posts(found[other][0], blocked, first, last):
                del found[cut]
        return [AllowedClause(variant=name, clause=self._clause_out(deal, clause), message="; ".join(said))
                for name, (clause, said) in found.items()]

    def _blocked_by_phase(self, deal: Deal) -> dict[int, list[tuple[Day, Booking]]]:
        """The other bookings' posts each phase of the deal's clause would block, by phase position."""
        booking = self.deal_booking(deal)
        out: dict[int, list[tuple[Day, Booking]]] = defaultdict(list)
        for other in self.bookings.get(deal.creator, ()):
            for breach in contract.breaches_of(self.relations, other, booking):
                out[breach.phase.path.index("phases")].append((breach.day, other))
        return dict(out)

    @staticmethod
    def _covers_posts(phases, blocked: dict, first: Day, last: Day) -> bool:
        return all(phases[j].start <= last and phases[j].end >= first for j in blocked)

    @staticmethod
    def _hit_words(hits: list[tuple[Day, Booking]], day: Day) -> str:
        other = next(b for d, b in hits if d == day)
        return f"{other.creator}'s post for {other.scope.brand} ({other.label}) on {day}"

    def _ended_earlier(self, deal: Deal, ph, hits):
        day = min(d for d, _ in hits)
        end = _plus(day, -1)
        if end < ph.start:
            return None
        return ph.model_copy(update={"end": end}), f"ends on {end}, the day before {self._hit_words(hits, day)}"

    def _started_later(self, deal: Deal, ph, hits):
        day = max(d for d, _ in hits)
        start = _plus(day, 1)
        if start > ph.end:
            return None
        return ph.model_copy(update={"start": start}), f"starts on {start}, the day after {self._hit_words(hits, day)}"

    def _lowered(self, deal: Deal, ph, hits):
        """The strongest level below the phase's that blocks none of the posts."""
        scope = self.deal_booking(deal).scope
        for level in LEVELS[LEVELS.index(ph.level) + 1:]:
            lowered = contract.phase_scope(ph.model_copy(update={"level": level}), deal.regions, at())
            if not any(contract.phase_applies(self.relations, scope, lowered, other.scope) for _, other in hits):
                return ph.model_copy(update={"level": level}), f"at {level} level"
        return None

    def _narrowed_regions(self, deal: Deal, ph, hits):
        where = [r for r in (ph.regions or deal.regions) if not any(r in other.scope.regions for _, other in hits)]
        if not where:
            return None
        return ph.model_copy(update={"regions": where}), f"limited to {', '.join(where)}"

    def _narrowed_platforms(self, deal: Deal, ph, hits):
        on = [p for p in (ph.platforms or sorted(self.scenario.platforms))
              if not any(p in other.scope.platforms for _, other in hits)]
        if not on:
            return None
        return ph.model_copy(update={"platforms": on}), f"limited to {', '.join(on)}"

    @staticmethod
    def _clause_out(deal: Deal, phases) -> ClauseOut:
        exceptions = ExceptionsOut(brands=list(deal.excepted_brands)) if deal.exclusivity and deal.exclusivity.exceptions else None
        return ClauseOut(phases=[PhaseOut(level=p.level, start=p.start, end=p.end, regions=p.regions, platforms=p.platforms)
                                 for p in phases], exceptions=exceptions)

    # --- the deal check -----------------------------------------------------------------

    def check(self, deal: Deal) -> CheckAnswer:
        """The whole deal check; raises DocumentError (paths under ``deal``) for a deal that does not resolve."""
        self.require_valid_deal(deal)
        conflicts = self.conflicts(self.deal_booking(deal))
        allowed = not conflicts
        return CheckAnswer(
            allowed=allowed,
            conflicts=conflicts,
            earliest_start=min(deal.posts) if allowed else self.earliest_start(deal),
            allowed_variants=[] if allowed else self.allowed_variants(deal),
        )

    # --- the breach monitor ---------------------------------------------------------------

    def monitor(self, posts: Sequence[PublishedPost]) -> MonitorAnswer:
        """Published posts against every booking of their creator.

        A post for a booking's own brand is never a breach of that booking (rule 1), which
        covers a post that is itself one of the booked posts.
        """
        issues = []
        for i, post in enumerate(posts):
            issues += self._ref_issues(at("posts", i), post.creator, post.brand, post.category, post.regions, post.platforms)
        if issues:
            raise DocumentError(issues, document="monitor request")
        alerts = []
        for i, post in enumerate(posts):
            scope = Scope(post.brand, post.category, frozenset(post.regions), frozenset(post.platforms), frozenset())
            breaches = []
            for holder in self.bookings.get(post.creator, ()):
                if holder.scope.brand == post.brand and post.day in holder.posts:
                    continue  # the booked post itself
                for phase in contract.post_breaches(self.relations, post.day, scope, holder):
                    breaches.append(BreachOut(
                        with_=holder.ref, phase=phase.path,
                        message=(f"{post.creator}'s post for {post.brand} on {post.day} falls in {holder.label}'s "
                                 f"{phase.level} exclusivity ({phase.start} to {phase.end}, {holder.scope.brand})")))
            if breaches:
                alerts.append(Alert(post=i, creator=post.creator, day=post.day, breaches=breaches))
        return MonitorAnswer(alerts=alerts)

    # --- the creator calendar -------------------------------------------------------------

    def calendar(self, creator_id: str, scenario_id: str) -> Calendar:
        """What the creator may not promote, phase by phase, with the reason; KeyError for an unknown creator."""
        if creator_id not in self.index.creators:
            raise KeyError(creator_id)
        entries = []
        for booking in self.bookings.get(creator_id, ()):
            for ph in booking.phases:
                if ph.end < ph.start:
                    continue
                entries.append(self._entry(booking, ph))
        entries.sort(key=lambda e: (e.start, e.end, e.with_, e.phase))
        posts = sorted((CalendarPost(day=day, with_=b.ref, booking=b.kind, brand=b.scope.brand,
                                     signed=b.kind == "commitment" or (creator_id, b.ref) in self.signed)
                        for b in self.bookings.get(creator_id, ()) for day in sorted(set(b.posts))),
                       key=lambda p: (p.day, p.with_))
        return Calendar(creator=creator_id, scenario=scenario_id, entries=entries, posts=posts)

    def _entry(self, booking: Booking, ph: Phase) -> CalendarEntry:
        s = booking.scope
        blocked = blocked_words(ph.level, s.brand, s.category)
        where = ", ".join(sorted(ph.scope.regions))
        on = ", ".join(sorted(ph.scope.platforms)) if ph.scope.platforms is not None else "any platform"
        except_ = f", except {', '.join(sorted(s.excepted))}" if s.excepted else ""
        reason = (f"{booking.label} ({s.brand}, {s.category}): {ph.level} exclusivity, no posts for {blocked}"
                  f"{except_}; in {where} on {on}")
        return CalendarEntry(
            start=ph.start, end=ph.end, level=ph.level, with_=booking.ref, booking=booking.kind,
            brand=s.brand, category=s.category, regions=sorted(ph.scope.regions),
            platforms=sorted(ph.scope.platforms) if ph.scope.platforms is not None else None,
            exceptions=sorted(s.excepted), phase=ph.path, reason=reason)


def calendar_ics(calendar: Calendar, prodid: str = "-//creator-roster//calendar//EN") -> bytes:
    """The calendar as RFC 5545: an all-day event per post day and per phase (DTEND is the day after the last)."""
    from icalendar import Calendar as ICal

    cal = ICal()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{calendar.creator}: posts and exclusivity ({calendar.scenario})")
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    uid = f"{calendar.scenario}/{calendar.creator}"
    for post in calendar.posts:
        kind = "commitment" if post.booking == "commitment" else ("signed" if post.signed else "planned")
        cal.add_component(_all_day(f"{uid}/{post.with_}/post/{post.day}@creator-roster", stamp, post.day, post.day,
                                   f"Post for {post.brand}: {post.with_} ({kind})", busy=True))
    for e in calendar.entries:
        cal.add_component(_all_day(f"{uid}/{e.with_}/{e.phase}@creator-roster", stamp, e.start, e.end,
                                   f"Exclusivity ({e.level}) for {e.brand}: {e.with_}", busy=False,
                                   description=e.reason))
    return cal.to_ical()


def _all_day(uid: str, stamp: dt.datetime, first: Day, last: Day, summary: str, busy: bool,
             description: Optional[str] = None):
    """One all-day event from ``first`` to ``last`` inclusive; a post day is busy, a clause window is not."""
    from icalendar import Event

    ev = Event()
    ev.add("uid", uid)
    ev.add("dtstamp", stamp)
    ev.add("dtstart", first)
    ev.add("dtend", _plus(last, 1))
    ev.add("summary", summary)
    if description is not None:
        ev.add("description", description)
    ev.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    return ev
