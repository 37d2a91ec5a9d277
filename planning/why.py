"""Why not creator C on campaign K?  Is she booked in the baseline; if not, can she be, and at what cost.

1. The baseline: the given roster (checked with the validator) or, without
   one, the scenario solved as it is.
2. If the baseline books C on K, that is the answer (her days, fee, value).
3. Otherwise the *forced* scenario is the scenario with C appended to K's
   ``required_creators`` (a changes/1 change set, applied with
   ``planning.changes.apply_changes``, so it is fully checked), re-solved with
   the baseline as the hint and as the stability reference (best value, then
   fewest changed baseline bookings), so that what moves, moves for a reason.
4. Infeasible: impossible, with the forced roster's explanation.  Unknown:
   not known in time.  Otherwise the diff (displaced, moved, added bookings),
   the value and fee change and, for each displaced or moved booking, the
   rules that keep it from staying as it was beside the forced roster.
   Those reasons are found with the plain rules (``rules.contract``: the
   conflict rule both ways; budgets, staffing and weekly caps by arithmetic),
   never read from CP-SAT.

Soft must-haves (``settings.must_haves: soft``).  C on K is required *hard*:
the question is whether a roster books her there.  The scenario format cannot
mix hard and soft must-haves, so the forced scenario is hard, and every
must-have the baseline breaks (its ``relaxed``) is released in it (a required
campaign becomes not required, a required creator or a signed booking leaves
its list): the baseline's compromises stand and the must-haves it keeps stay
kept.  So "impossible" then means "not without breaking a must-have the
baseline keeps", and the explanation names it.  Paths in the explanation are
mapped back to the input scenario (releasing shifts list positions in the
forced one).  Without a baseline roster (none found in time) a soft scenario
is not forced: the answer is unknown.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from ..models.changes import Change, ChangeSet
from ..models.diff import BookingPosts
from ..models.errors import DocumentError
from ..models.paths import FieldPath, at
from ..models.progress import ProgressEvent, ProgressFn
from ..models.roster import Assignment, ExplanationItem, Roster
from ..models.scenario import Scenario
from ..models.why import ForcedBooking, Reason, WhyDocument
from ..rules import contract, must_haves
from ..rules.index import ScenarioIndex
from ..solver.solve import InternalError, SolveParams, Stability, solve_scenario
from .changes import apply_changes
from .diff import roster_diff
from .ids import id_issues
from .whatif import check_baseline

_SOLVED = ("optimal", "feasible")


# --- the question ------------------------------------------------------------------------------

def _lookup(scenario: Scenario, campaign_id: str, creator_id: str) -> int:
    """The campaign's position; unknown ids raise ``DocumentError`` (paths ``campaign``, ``creator``)."""
    issues = id_issues(scenario, campaign_id, creator_id)
    if issues:
        raise DocumentError(issues, document="why request")
    return next(i for i, k in enumerate(scenario.campaigns) if k.id == campaign_id)


def _bookings(roster: Roster) -> dict[tuple[str, str], list]:
    return {(a.creator, a.campaign): sorted(a.posts) for a in roster.assignments}


def _segment(text: str) -> str:
    """An id as one segment of a change path."""
    return text.replace("~", "~0").replace("/", "~1")


# --- the forced scenario ------------------------------------------------------------------------

@dataclass
class Forcing:
    """How the forced scenario differs from the input: the change set, and paths back to the input."""

    changes: ChangeSet
    requirement: FieldPath  # C's requirement, in the input scenario's terms
    released: list[must_haves.MustHave] = field(default_factory=list)
    back: dict[FieldPath, FieldPath] = field(default_factory=dict)  # forced list item -> input list item

    def original(self, path: FieldPath) -> FieldPath:
        """A path of the forced scenario as a path of the input scenario."""
        head = FieldPath(path.steps[:4])
        if head in self.back:
            return self.back[head] + FieldPath(path.steps[4:])
        return path


def forcing(scenario: Scenario, campaign_index: int, creator_id: str,
            baseline: dict[tuple[str, str], list]) -> Forcing:
    """The change set that requires the creator on the campaign (see the module's note on soft must-haves)."""
    soft = must_haves.soft(scenario)
    campaign_id = scenario.campaigns[campaign_index].id
    released = [m for m in (must_haves.broken(scenario, baseline) if soft else [])
                if not (m.kind == "required_creator" and (m.creator, m.campaign) == (creator_id, campaign_id))]
    gone = {m.path for m in released}
    changes: list[Change] = []
    back: dict[FieldPath, FieldPath] = {}
    requirement: Optional[FieldPath] = None
    if soft:
        changes.append(Change(op="set", path="settings/must_haves", value="hard"))
    for i, campaign in enumerate(scenario.campaigns):
        seg = _segment(campaign.id)
        if at("campaigns", i, "required") in gone:
            changes.append(Change(op="set", path=f"campaigns/{seg}/required", value=False))
        required: list[str] = []
        for j, creator in enumerate(campaign.required_creators):
            if i == campaign_index and creator == creator_id:
                requirement = at("campaigns", i, "required_creators", j)
            elif at("campaigns", i, "required_creators", j) in gone:
                continue
            back[at("campaigns", i, "required_creators", len(required))] = at("campaigns", i, "required_creators", j)
            required.append(creator)
        if i == campaign_index and requirement is None:
            requirement = at("campaigns", i, "required_creators", len(campaign.required_creators))
            back[at("campaigns", i, "required_creators", len(required))] = requirement
            if len(required) == len(campaign.required_creators):
                changes.append(Change(op="add", path=f"campaigns/{seg}/required_creators", value=creator_id))
                required = list(campaign.required_creators)
            else:
                required.append(creator_id)
        if required != list(campaign.required_creators):
            changes.append(Change(op="set", path=f"campaigns/{seg}/required_creators", value=required))
        locked = []
        for j, booking in enumerate(campaign.locked):
            if at("campaigns", i, "locked", j) not in gone:
                back[at("campaigns", i, "locked", len(locked))] = at("campaigns", i, "locked", j)
                locked.append(booking.model_dump(mode="json"))
        if len(locked) != len(campaign.locked):
            changes.append(Change(op="set", path=f"campaigns/{seg}/locked", value=locked))
    return Forcing(ChangeSet(format="changes/1", changes=changes), requirement, released, back)


# --- the reasons, by the plain rules ----------------------------------------------------------

def _days(days) -> str:
    return ", ".join(str(d) for d in sorted(days))


def _amount(value: Decimal) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,}"


def _week_text(week: tuple[int, int]) -> str:
    year, number = week
    monday = dt.date.fromisocalendar(year, number, 1)
    return f"ISO week {year}-W{number:02d} ({monday} to {monday + dt.timedelta(days=6)})"


def _by_phase(breaches: list[contract.Breach]) -> list[tuple[contract.Phase, list]]:
    grouped: dict[FieldPath, tuple[contract.Phase, list]] = {}
    for breach in breaches:
        phase, days = grouped.setdefault(breach.phase.path, (breach.phase, []))
        if breach.day not in days:
            days.append(breach.day)
    return list(grouped.values())


class _Reasons:
    """Why each changed baseline booking cannot stay as it was beside the forced roster."""

    def __init__(self, index: ScenarioIndex, forced: Roster, creator_id: str, campaign_id: str):
        self.index = index
        self.forced = {(a.creator, a.campaign): a for a in forced.assignments}
        self.creator_id, self.campaign_id = creator_id, campaign_id

    def _label(self, creator: str, campaign: str) -> str:
        forced = (creator, campaign) == (self.creator_id, self.campaign_id)
        return f"{'the forced booking ' if forced else ''}{creator} on {campaign}"

    def of(self, before: Assignment, displaced: bool) -> list[Reason]:
        """The rules that a booking as it was in the baseline would break in the forced roster."""
        x, k = before.creator, before.campaign
        others = [a for key, a in self.forced.items() if key != (x, k)]
        held = self.index.campaign_booking(x, k, before.posts)
        found = self._against_own(held, [a for a in others if a.creator == x])
        found += self._weekly_cap(held, [a for a in others if a.creator == x])
        if displaced:
            found += self._campaign(x, k, [a for a in others if a.campaign == k])
        return found

    def _against_own(self, held: contract.Booking, mine: list[Assignment]) -> list[Reason]:
        relations, x, k = self.index.relations, held.creator, held.ref
        out = []
        for a in mine:
            other = self.index.campaign_booking(x, a.campaign, a.posts)
            label = self._label(x, a.campaign)
            for phase, days in _by_phase(contract.breaches_of(relations, held, other)):
                out.append(Reason(path=phase.path, rule="exclusivity", creator=x, campaign=k, message=(
                    f"{x}'s post(s) for {k} ({held.scope.brand}) on {_days(days)} would fall in the {phase.level} "
                    f"exclusivity of {label} ({other.scope.brand}, {phase.start} to {phase.end})")))
            for phase, days in _by_phase(contract.breaches_of(relations, other, held)):
                out.append(Reason(path=phase.path, rule="exclusivity", creator=x, campaign=k, message=(
                    f"{k}'s {phase.level} exclusivity for {x} ({held.scope.brand}, {phase.start} to {phase.end}) "
                    f"would cover the post(s) of {label} ({other.scope.brand}) on {_days(days)}")))
            same = set(held.posts) & set(other.posts)
            if same:
                out.append(Reason(path=self.index.creator_path(x), rule="one_post_a_day", creator=x, campaign=k,
                                  message=f"{x} would post for {k} and for {label} on the same day "
                                          f"({_days(same)}); a creator posts at most once a day"))
        return out

    def _weekly_cap(self, held: contract.Booking, mine: list[Assignment]) -> list[Reason]:
        x, k = held.creator, held.ref
        cap = self.index.creators[x].max_posts_per_week
        if cap is None:
            return []
        posts = [d for a in mine for d in a.posts]
        posts += [d for m in self.index.commitment_bookings.get(x, []) for d in m.posts]
        out = []
        for week in sorted({contract.iso_week(d) for d in held.posts}):
            count = sum(1 for d in posts + list(held.posts) if contract.iso_week(d) == week)
            if count > cap:
                out.append(Reason(path=self.index.creator_path(x) / "max_posts_per_week", rule="weekly_cap",
                                  creator=x, campaign=k,
                                  message=f"{x} would post {count} times in {_week_text(week)} (commitments "
                                          f"included), above max_posts_per_week of {cap}"))
        return out

    def _campaign(self, x: str, k: str, on_k: list[Assignment]) -> list[Reason]:
        campaign, path = self.index.campaigns[k], self.index.campaign_path(k)
        names = ", ".join(a.creator for a in on_k)
        out = []
        high = campaign.creators.max
        if high is not None and len(on_k) + 1 > high:
            out.append(Reason(path=path / "creators" / "max", rule="max_creators", creator=x, campaign=k,
                              message=f"{k} takes at most {high} creator(s), and the forced roster books {names} "
                                      f"on it"))
        if campaign.budget is not None:
            spent = sum(self.index.fee(a.creator, k) for a in on_k)
            fee = self.index.fee(x, k)
            if spent + fee > campaign.budget:
                detail = ", ".join(f"{a.creator} {self.index.fee(a.creator, k):,}" for a in on_k)
                out.append(Reason(path=path / "budget", rule="budget", creator=x, campaign=k,
                                  message=f"{k}'s budget is {_amount(campaign.budget)}: the forced roster spends "
                                          f"{spent:,} on it ({detail or 'nobody'}), and {x}'s fee of {fee:,} "
                                          f"would bring it to {spent + fee:,}"))
        if not on_k and campaign.creators.min > 1:
            out.append(Reason(path=path / "creators" / "min", rule="min_creators", creator=x, campaign=k,
                              message=f"{k} needs at least {campaign.creators.min} creators, and the forced roster "
                                      f"books nobody else on it"))
        return out

    def commitments(self) -> list[Reason]:
        """Commitment clauses that keep the creator off some days of the campaign's window."""
        x, k = self.creator_id, self.campaign_id
        forced = self.forced[(x, k)]
        booking = self.index.campaign_booking(x, k, forced.posts)
        window = self.index.campaigns[k].window
        out = []
        for m in self.index.commitment_bookings.get(x, []):
            for phase in m.phases:
                start, end = max(phase.start, window.start), min(phase.end, window.end)
                if end < start or not contract.phase_applies(self.index.relations, m.scope, phase.scope,
                                                             booking.scope):
                    continue
                out.append(Reason(path=phase.path, rule="commitment", creator=x, campaign=k, message=(
                    f"{x}'s commitment {m.ref} ({m.scope.brand}, {phase.level} exclusivity {phase.start} to "
                    f"{phase.end}) keeps {x} from posting for {k} from {start} to {end}, "
                    f"{(end - start).days + 1} of its {window.days()} window days")))
        return out


def reasons_for(scenario: Scenario, baseline: Roster, forced: Roster, creator_id: str,
                campaign_id: str) -> tuple[list[Reason], list[str]]:
    """The rules behind each displaced or moved booking; a note for a change no single rule forces."""
    finder = _Reasons(ScenarioIndex(scenario), forced, creator_id, campaign_id)
    after = _bookings(forced)
    reasons: list[Reason] = []
    notes: list[str] = []
    creator_moved = False
    for a in baseline.assignments:
        key = (a.creator, a.campaign)
        if after.get(key) == sorted(a.posts):
            continue
        creator_moved = creator_moved or a.creator == creator_id
        found = finder.of(a, displaced=key not in after)
        if not found:
            notes.append(f"{a.creator} on {a.campaign}: no rule keeps it as it was beside the forced roster; "
                         f"the re-plan changes it for a better total")
        reasons += found
    if creator_moved:
        reasons += finder.commitments()
    unique: dict[tuple, Reason] = {}
    for r in reasons:
        unique.setdefault((r.path, r.creator, r.campaign, r.message), r)
    return list(unique.values()), notes


# --- the answer ----------------------------------------------------------------------------------

def why_not(scenario: Scenario, campaign_id: str, creator_id: str, *, baseline: Optional[Roster] = None,
            time_limit_s: Optional[float] = None, workers: Optional[int] = None, seed: Optional[int] = None,
            progress: Optional[ProgressFn] = None) -> WhyDocument:
    """Is the creator booked on the campaign in the baseline; if not, can she be, at what cost, and why.

    ``time_limit_s`` is per solve (default: the scenario's); without a
    baseline the scenario is solved first, so there are two solves.
    ``progress`` gets a ``ProgressEvent`` after each solve.  Unknown
    ids, or a given baseline that is not a valid solved roster of the
    scenario, raise ``DocumentError`` before anything is solved.
    """
    started = time.monotonic()
    campaign_index = _lookup(scenario, campaign_id, creator_id)
    if baseline is not None:
        check_baseline(scenario, baseline)
    total = 1 if baseline is not None else 2
    solves = 0
    if baseline is None:
        baseline = solve_scenario(scenario, SolveParams(time_limit_s=time_limit_s, workers=workers, seed=seed))
        solves += 1
        if progress:
            progress(ProgressEvent(baseline.objective, baseline.bound, time.monotonic() - started,
                                   phase="baseline", step=solves, steps=total))
    doc = WhyDocument(scenario=scenario.name, campaign=campaign_id, creator=creator_id, booked_in_baseline=False,
                      baseline_status=baseline.status, baseline_objective=baseline.objective,
                      baseline_fees=baseline.total_fees, possible=None)

    def done(notes: Optional[list[str]] = None) -> WhyDocument:
        doc.notes += notes or []
        doc.stats = {"wall_seconds": round(time.monotonic() - started, 3), "solves": solves,
                     "time_limit_s_per_solve": time_limit_s if time_limit_s is not None else
                     float(scenario.effective_settings.time_limit_s)}
        doc.text = why_text(doc)
        return doc

    mine = next((a for a in baseline.assignments if (a.creator, a.campaign) == (creator_id, campaign_id)), None)
    if mine is not None:
        doc.booked_in_baseline, doc.possible = True, True
        doc.booking = ForcedBooking(posts=sorted(mine.posts), fee=mine.fee, value=mine.value)
        return done()
    if baseline.status == "infeasible":
        doc.possible, doc.explanation = False, list(baseline.explanation or [])
        return done(["the scenario itself has no roster, with or without this booking"])
    solved = baseline.status in _SOLVED
    if not solved and must_haves.soft(scenario):
        return done(["no baseline roster was found in time; with soft must-haves the question needs one (it "
                     "tells which must-haves stay kept): try a longer time limit"])

    plan = forcing(scenario, campaign_index, creator_id, _bookings(baseline) if solved else {})
    forced_scenario, _ = apply_changes(scenario, plan.changes)
    doc.changes, doc.requirement = plan.changes, str(plan.requirement)
    options = SolveParams(time_limit_s=time_limit_s, workers=workers, seed=seed,
                           hint=baseline if solved else None,
                           stability=Stability(baseline, None) if solved else None)
    forced = solve_scenario(forced_scenario, options)
    solves += 1
    if progress:
        progress(ProgressEvent(forced.objective, forced.bound, time.monotonic() - started,
                               phase="forced", step=solves, steps=total))
    doc.roster, doc.status = forced, forced.status
    notes = [f"released {m.path} for the forced solve: the baseline breaks it too ({m.broken_message()})"
             for m in plan.released]
    if not solved:
        notes.append("no baseline roster was found in time: the changes are measured against an empty roster")

    if forced.status == "infeasible":
        doc.possible = False
        doc.explanation = [ExplanationItem(path=plan.original(FieldPath.parse(item.path)), message=item.message)
                           for item in forced.explanation or []]
        return done(notes)
    if forced.status == "unknown":
        return done(notes + ["no roster with the creator on the campaign was found within the time limit"])

    booking = next((a for a in forced.assignments if (a.creator, a.campaign) == (creator_id, campaign_id)), None)
    if booking is None:  # the requirement is hard in the forced scenario, and the roster passed the validator
        raise InternalError(f"the forced roster does not book {creator_id} on {campaign_id}")
    doc.possible = True
    doc.booking = ForcedBooking(posts=sorted(booking.posts), fee=booking.fee, value=booking.value)
    doc.objective, doc.fees = forced.objective, forced.total_fees
    if baseline.objective is not None:
        doc.value_change = forced.objective - baseline.objective
    doc.fee_change = forced.total_fees - baseline.total_fees
    diff = roster_diff(baseline, forced)
    doc.displaced, doc.moved = diff.removed, diff.moved
    doc.added = [b for b in diff.added if (b.creator, b.campaign) != (creator_id, campaign_id)]
    if solved:
        doc.reasons, unforced = reasons_for(scenario, baseline, forced, creator_id, campaign_id)
        notes += unforced
    if forced.status == "feasible":
        notes.append("the forced roster is not proved optimal: with more time the cost may be lower")
    if doc.value_change is not None and doc.value_change > 0:
        notes.append("the forced roster is worth more than the baseline, which was not proved optimal")
    return done(notes)


# --- in words ----------------------------------------------------------------------------------------

def _posts(b: BookingPosts) -> str:
    return f"{b.creator} on {b.campaign} ({_days(b.posts)})"


def _signed(value: Optional[int]) -> str:
    return "-" if value is None else f"{value:+,}"


def _figure(value: Optional[int]) -> str:
    return "-" if value is None else f"{value:,}"


def why_text(doc: WhyDocument) -> str:
    """The answer in a few plain lines."""
    c, k = doc.creator, doc.campaign
    lines = []
    if doc.booked_in_baseline:
        b = doc.booking
        lines.append(f"{c} is booked on {k} in the baseline: posts {_days(b.posts)}, fee {b.fee:,}, "
                     f"value {b.value:,}.")
        return "\n".join(lines)
    lines.append(f"{c} is not booked on {k} in the baseline ({doc.baseline_status}, objective "
                 f"{_figure(doc.baseline_objective)}, fees {doc.baseline_fees:,}).")
    if doc.possible:
        b = doc.booking
        lines.append(f"Booking {c} on {k} is possible: posts {_days(b.posts)}, fee {b.fee:,}, value {b.value:,}.")
        lines.append(f"Cost: objective {_figure(doc.baseline_objective)} -> {_figure(doc.objective)} "
                     f"({_signed(doc.value_change)}), fees {doc.baseline_fees:,} -> {_figure(doc.fees)} "
                     f"({_signed(doc.fee_change)}); the forced roster is {doc.status}.")
        lines += [f"  displaced: {_posts(d)}" for d in doc.displaced]
        lines += [f"  moved: {m.creator} on {m.campaign} ({_days(m.old_posts)} -> {_days(m.new_posts)})"
                  for m in doc.moved]
        lines += [f"  added: {_posts(a)}" for a in doc.added]
        if not (doc.displaced or doc.moved or doc.added):
            lines.append("  nothing else changes.")
        if doc.reasons:
            lines.append("Because:")
            lines += [f"  {r.path}: {r.message}" for r in doc.reasons]
    elif doc.possible is False:
        lines.append(f"Booking {c} on {k} is impossible: no roster keeps every other rule with {c} on {k}.")
        if doc.explanation:
            lines.append("These cannot hold together:")
            lines += [f"  {item.path}: {item.message}" for item in doc.explanation]
    else:
        lines.append(f"Unknown: no roster with {c} on {k} was found within the time limit.")
    lines += [f"note: {n}" for n in doc.notes]
    return "\n".join(lines)
