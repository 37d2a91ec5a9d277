"""Negotiation trade-off options: every exclusivity variant of one campaign, priced and re-solved.

The requested scenario is solved first; its roster is the hint of every
variant re-solve and the reference for what each variant gains, loses and
changes elsewhere.  A variant whose clause is identical to an earlier one
reuses its roster (``same_clause_as``).

With a creator, the variant applies to that creator's booking only: for
each variant the better of "booked under the variant" (solved on the exact
split scenario of ``variants.creator_split``, which gives her booking a
campaign of its own) and "not booked" (one solve, shared by all variants,
since an unbooked creator's clause does not matter) is the option.  Either
way the option's roster is a roster of the scenario itself, her booking on
the campaign under the variant clause: it validates with
``ScenarioIndex(scenario, clauses={(creator, campaign): clause})``.

Figures (``docs/options-whatif.md`` has the definitions in words):

- ``campaign_fees`` / ``campaign_premium`` / ``campaign_value``: over the
  campaign's bookings (with a creator: hers under the variant clause); premium = fee - base fee;
- ``protection``: for each booked creator, each day covered by a phase of
  their clause (resolved on their actual posts) counts its strongest
  ``level weight x share of the creator's campaign-region audience in the
  phase's regions x share of their post platforms the phase covers``; the
  sum is averaged over the creators weighted by their campaign-region
  audience.  Full = 3, category = 2, competitors = 1, so 30 days of full
  exclusivity everywhere scores 90;
- ``pareto``: not dominated on (objective up, campaign fees down,
  protection up);
- the recommended option: among the Pareto options whose objective is
  within 1% of the best objective, the most protection, then the lowest
  campaign fees, then the earliest in the variant order.
"""

from __future__ import annotations

import dataclasses
import time
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Optional

from .. import run_rules
from ..models.changes import ChangeSet
from ..models.errors import DocumentError, FieldIssue
from ..models.io import scenario_from_data
from ..models.options import VARIANT_NAMES, BookingChange, Option, OptionsDocument, UnbookedCreator
from ..models.paths import FieldPath, at
from ..models.progress import ProgressEvent, ProgressFn
from ..models.roster import Assignment, ExplanationItem, Roster, campaign_summaries
from ..models.scenario import Campaign, CampaignExclusivity, Scenario
from ..rules import contract, must_haves
from ..rules.index import ScenarioIndex
from ..rules.validate import validate
from ..solver.solve import SolveParams, solve_scenario
from .changes import apply_changes
from .ids import id_issues
from .unbooked import why_unbooked
from .variants import (
    CreatorSplit,
    Variant,
    build_variants,
    campaign_clause_changes,
    clause_document,
    creator_split,
    creator_unbooked,
)

LEVEL_WEIGHT = {"full": 3, "category": 2, "competitors": 1}
NO_CHANGES = ChangeSet(format="changes/1", changes=[])
Clauses = Mapping[tuple[str, str], CampaignExclusivity]  # (creator, campaign) -> that booking's own clause
RECOMMEND_TOLERANCE = 0.01



# --- figures of one roster -----------------------------------------------------------------

@dataclass(frozen=True)
class CampaignFigures:
    fees: int
    premium: int
    value: int
    creators: list[str]
    protection: float
    reach: int  # audience in the campaign's regions, over its bookings
    engagements: int  # reach x engagement rate x posts, over its bookings
    must_haves_kept: bool


def campaign_figures(scenario: Scenario, campaign_ids: set[str], roster: Roster,
                     clauses: Optional[Clauses] = None) -> CampaignFigures:
    """The campaign's figures in ``roster``: what the brand pays, reaches and is protected by (``clauses``: a
    booking's own negotiated clause, as ``ScenarioIndex`` takes them)."""
    index = ScenarioIndex(scenario, clauses)
    mine = [a for a in roster.assignments if a.campaign in campaign_ids]
    fees = premium = value = reach = 0
    engagements = Fraction(0)
    for a in mine:
        creator, campaign = index.creators[a.creator], index.campaigns[a.campaign]
        fee = index.fee(a.creator, a.campaign)
        fees += fee
        premium += fee - contract.base_fee(creator, campaign)
        value += contract.value(creator, campaign)
        audience = contract.reach(creator, campaign)
        reach += audience
        engagements += audience * contract.exact(creator.engagement_rate) * len(a.posts)
    bookings = {(a.creator, a.campaign): a.posts for a in roster.assignments}
    kept = not any(m.campaign in campaign_ids for m in must_haves.broken(scenario, bookings))
    return CampaignFigures(fees, premium, value, sorted({a.creator for a in mine}), protection_score(index, mine),
                           reach, contract.round_half_up(engagements), kept)


def _campaign_audience(index: ScenarioIndex, a: Assignment) -> int:
    creator = index.creators[a.creator]
    return sum(creator.audience.get(r, 0) for r in index.campaigns[a.campaign].regions)


def protection_score(index: ScenarioIndex, bookings: list[Assignment]) -> float:
    total = sum(_campaign_audience(index, a) for a in bookings)
    if total <= 0:
        return 0.0
    score = 0.0
    for a in bookings:
        creator, campaign = index.creators[a.creator], index.campaigns[a.campaign]
        booking = index.campaign_booking(a.creator, a.campaign, a.posts)
        platforms = contract.post_platforms(creator, campaign)
        cover: dict = defaultdict(float)
        for phase in booking.phases:
            if phase.end < phase.start:
                continue
            regions = phase.scope.regions & set(campaign.regions)
            audience = sum(creator.audience.get(r, 0) for r in regions)
            on_platforms = 1.0 if phase.scope.platforms is None or not platforms else \
                len(phase.scope.platforms & platforms) / len(platforms)
            weight = LEVEL_WEIGHT[phase.level] * audience * on_platforms
            for offset in range((phase.end - phase.start).days + 1):
                day = contract.shift(phase.start, offset)
                cover[day] = max(cover[day], weight)
        score += sum(cover.values())
    return round(score / total, 2)


def _posts_by_booking(roster: Roster, skip: set[str]) -> dict[tuple[str, str], list]:
    return {(a.creator, a.campaign): sorted(a.posts) for a in roster.assignments if a.campaign not in skip}


def changed_elsewhere(reference: Roster, roster: Roster, skip: set[str]) -> list[BookingChange]:
    """Bookings on other campaigns that are added, removed or moved relative to ``reference``."""
    old, new = _posts_by_booking(reference, skip), _posts_by_booking(roster, skip)
    out = []
    for key in sorted(set(old) | set(new)):
        creator, campaign = key
        if key not in new:
            out.append(BookingChange(creator=creator, campaign=campaign, change="removed", old_posts=old[key]))
        elif key not in old:
            out.append(BookingChange(creator=creator, campaign=campaign, change="added", new_posts=new[key]))
        elif old[key] != new[key]:
            out.append(BookingChange(creator=creator, campaign=campaign, change="moved",
                                     old_posts=old[key], new_posts=new[key]))
    return out


# --- Pareto and recommendation --------------------------------------------------------------

def dominates(a: Option, b: Option) -> bool:
    """a is at least as good as b on every axis and strictly better on one."""
    if a.objective is None or b.objective is None:
        return False
    at_least = a.objective >= b.objective and a.campaign_fees <= b.campaign_fees and a.protection >= b.protection
    better = a.objective > b.objective or a.campaign_fees < b.campaign_fees or a.protection > b.protection
    return at_least and better


def mark_pareto(options: list[Option]) -> None:
    for option in options:
        option.pareto = option.objective is not None and not any(dominates(o, option) for o in options)


def brand_dominates(a: Option, b: Option) -> bool:
    """For the brand: a reaches at least as many, costs no more and protects no less, and is better on one."""
    at_least = a.campaign_reach >= b.campaign_reach and a.campaign_fees <= b.campaign_fees and \
        a.protection >= b.protection
    better = a.campaign_reach > b.campaign_reach or a.campaign_fees < b.campaign_fees or a.protection > b.protection
    return at_least and better


def brand_eligible(option: Option) -> bool:
    return option.objective is not None and option.staffed and option.must_haves_kept


def mark_brand_pareto(options: list[Option]) -> None:
    eligible = [o for o in options if brand_eligible(o)]
    for option in options:
        option.brand_pareto = brand_eligible(option) and not any(brand_dominates(o, option) for o in eligible)


def recommend(options: list[Option], perspective: str, campaign_id: str) -> tuple[Optional[Option], str]:
    """The recommended option and the reason, by the perspective's rule (docs/options-whatif.md)."""
    if perspective == "brand":
        return recommend_for_brand(options, campaign_id)
    return recommend_for_season(options)


def protected_reach(option: Option) -> float:
    """What the brand's campaign buys: its protection score times the audience it reaches."""
    return option.protection * option.campaign_reach


def recommend_for_brand(options: list[Option], campaign_id: str) -> tuple[Optional[Option], str]:
    """Among the options that keep the campaign staffed with its must-haves: those within 1% of the most
    protected reach (protection x reach), and of them the lowest campaign fees, then the most protection."""
    efficient = [o for o in options if o.brand_pareto]
    if not efficient:
        return None, (f"no option keeps {campaign_id} staffed with its must-haves, so none can be recommended "
                      f"to the brand")
    most = max(protected_reach(o) for o in efficient)
    near = [o for o in efficient if protected_reach(o) >= most - RECOMMEND_TOLERANCE * most]
    order = {o.name: i for i, o in enumerate(options)}
    pick = min(near, key=lambda o: (o.campaign_fees, -o.protection, order[o.name]))
    standing = "the most protected reach" if protected_reach(pick) == most else \
        f"within {RECOMMEND_TOLERANCE:.0%} of the most protected reach ({most:,.0f})"
    cheaper = "; no option that protects as much reach costs less" if len(near) > 1 else ""
    return pick, (f"{pick.name}: for {campaign_id}, it buys {standing} ({protected_reach(pick):,.0f}: protection "
                  f"{pick.protection:g} x reach {pick.campaign_reach:,}) at campaign fees {pick.campaign_fees:,} "
                  f"(premium {pick.campaign_premium:,}){cheaper}.")


def recommend_for_season(options: list[Option]) -> tuple[Optional[Option], str]:
    """Among the season-efficient options whose roster objective is within 1% of the best: the most
    protection, then the lowest campaign fees."""
    efficient = [o for o in options if o.pareto]
    if not efficient:
        return None, "no option has a roster, so none can be recommended"
    best = max(o.objective for o in efficient)
    floor = best - RECOMMEND_TOLERANCE * abs(best)
    near = [o for o in efficient if o.objective >= floor]
    order = {o.name: i for i, o in enumerate(options)}
    pick = min(near, key=lambda o: (-o.protection, o.campaign_fees, order[o.name]))
    if pick.objective == best:
        standing = f"it reaches the best roster objective ({best:,})"
    else:
        standing = f"its roster objective {pick.objective:,} is within {RECOMMEND_TOLERANCE:.0%} of the best ({best:,})"
    others = len(near) - 1
    among = " and no such efficient option protects more" if others else ""
    return pick, (f"{pick.name}: {standing} with protection {pick.protection:g}{among}, "
                  f"at campaign fees {pick.campaign_fees:,}.")


# --- building the options ----------------------------------------------------------------------

def _lookup(scenario: Scenario, campaign_id: str, creator_id: Optional[str]) -> Campaign:
    issues = id_issues(scenario, campaign_id, creator_id)
    if issues:
        raise DocumentError(issues, document="options request")
    return next(k for k in scenario.campaigns if k.id == campaign_id)


def _move_creator(roster: Roster, campaign_id: str, creator_id: str, to: Optional[str]) -> Roster:
    """The roster with the creator's booking on the campaign moved to ``to`` (dropped when None): a hint."""
    assignments = []
    for a in roster.assignments:
        if a.campaign == campaign_id and a.creator == creator_id:
            if to is not None:
                assignments.append(a.model_copy(update={"campaign": to}))
        else:
            assignments.append(a)
    return roster.model_copy(update={"assignments": assignments})


def _better(a: Roster, b: Roster) -> bool:
    """Higher value first, then lower fees."""
    if a.objective is None:
        return False
    if b.objective is None:
        return True
    return (a.objective, -a.total_fees) > (b.objective, -b.total_fees)


def repriced(scenario: Scenario, roster: Roster) -> Optional[Roster]:
    """``roster``'s bookings with fees, values and summaries computed under ``scenario`` (status feasible).

    None when it has no bookings to offer or books a creator or campaign the scenario lacks.
    """
    if roster.status not in ("optimal", "feasible"):
        return None
    index = ScenarioIndex(scenario)
    assignments = []
    for a in roster.assignments:
        if a.creator not in index.creators or a.campaign not in index.campaigns:
            return None
        assignments.append(a.model_copy(update={"fee": index.fee(a.creator, a.campaign),
                                                "value": index.value(a.creator, a.campaign)}))
    summaries = campaign_summaries([k.id for k in scenario.campaigns], assignments)
    objective = sum(a.value for a in assignments)
    return Roster(scenario=scenario.name, status="feasible", objective=objective, bound=None,
                  assignments=assignments, campaigns=summaries, warnings=list(roster.warnings),
                  stats={"fees": sum(a.fee for a in assignments)})


def at_least_hint(scenario: Scenario, solved: Roster, hint: Roster) -> tuple[Roster, list[str]]:
    """The re-solved roster, or the hint re-priced when it is valid here and better (a time-limited re-solve
    may end below its own starting point; an option must never look worse than a roster we already hold)."""
    start = repriced(scenario, hint)
    if start is None or not _better(start, solved) or validate(scenario, start):
        return solved, []
    bound = max(solved.bound, start.objective) if solved.bound is not None else None
    kept = start.model_copy(update={"bound": bound, "stats": {
        **start.stats, "source": "hint re-priced",
        "re_solve": {"status": solved.status, "objective": solved.objective, "bound": solved.bound,
                     "wall_seconds": solved.stats.get("wall_seconds")}}})
    return kept, [f"the re-solve found {solved.objective if solved.objective is not None else 'no roster'} within "
                  f"its time limit, less than the requested roster, which is also valid under this clause: "
                  f"this option is that roster re-priced"]


def clone_path_home(scenario: Scenario, campaign_id: str, creator_id: str, path: FieldPath) -> FieldPath:
    """A path into the split's clone (appended after the scenario's campaigns) as the path into the campaign
    it was split from: her signed booking and her place among the required creators by their own positions."""
    clone = len(scenario.campaigns)
    if path.steps[:2] != ("campaigns", clone):
        return path
    i, campaign = next((i, k) for i, k in enumerate(scenario.campaigns) if k.id == campaign_id)
    rest = list(path.steps[2:])
    if rest[:1] == ["locked"] and len(rest) > 1 and isinstance(rest[1], int):
        hers = [j for j, s in enumerate(campaign.locked) if s.creator == creator_id]
        rest[1] = hers[rest[1]] if rest[1] < len(hers) else rest[1]
    if rest[:1] == ["required_creators"] and creator_id in campaign.required_creators:
        rest = ["required_creators", campaign.required_creators.index(creator_id), *rest[2:]]
    return at("campaigns", i, *rest)


def fold_clone(scenario: Scenario, roster: Roster, split: CreatorSplit, campaign_id: str, creator_id: str) -> Roster:
    """A roster of the split scenario as a roster of ``scenario`` itself: the clone's booking put back on its
    campaign (whose clause for that one booking is the option's), the summaries and paths of the scenario."""
    assignments = [a.model_copy(update={"campaign": campaign_id}) if a.campaign == split.clone_id else a
                   for a in roster.assignments]

    def paths(items: Optional[list[ExplanationItem]]) -> Optional[list[ExplanationItem]]:
        if items is None:
            return None
        return [item.model_copy(update={"path": str(clone_path_home(scenario, campaign_id, creator_id,
                                                                      FieldPath.parse(str(item.path))))})
                for item in items]

    return roster.model_copy(update={
        "assignments": assignments, "campaigns": campaign_summaries([k.id for k in scenario.campaigns], assignments),
        "explanation": paths(roster.explanation), "relaxed": paths(roster.relaxed)})


@dataclass
class _Solved:
    roster: Roster
    changes: ChangeSet
    scenario: Scenario
    campaign_ids: set[str]
    notes: list[str]
    bound: Optional[int] = -1  # the option's bound when it differs from the roster's (-1: the roster's)
    clauses: Optional[Clauses] = None  # a booking's own clause (the creator's, when she is booked)


class _OptionsRun:
    def __init__(self, scenario: Scenario, campaign: Campaign, creator_id: Optional[str],
                 time_limit_s: Optional[float], workers: Optional[int]):
        self.scenario, self.campaign, self.creator_id = scenario, campaign, creator_id
        self.time_limit_s = run_rules.variant_time_limit(time_limit_s, scenario.effective_settings.time_limit_s)
        self.workers = workers
        self.solves = 0
        self.requested: Optional[Roster] = None
        self._unbooked: Optional[_Solved] = None

    def solve_requested(self) -> Roster:
        """The scenario as it is: the hint and reference of every variant, so it gets twice the time."""
        self.solves += 1
        return solve_scenario(self.scenario, SolveParams(time_limit_s=run_rules.REQUESTED_TIME_FACTOR * self.time_limit_s,
                                                          workers=self.workers))

    def solve(self, scenario: Scenario, hint: Roster) -> tuple[Roster, list[str]]:
        """Re-solve a variant from ``hint``; never report less than the hint itself when it is valid there."""
        self.solves += 1
        roster = solve_scenario(scenario, SolveParams(time_limit_s=self.time_limit_s, workers=self.workers,
                                                       hint=hint))
        return at_least_hint(scenario, roster, hint)

    def variant(self, variant: Variant) -> _Solved:
        if self.creator_id is None:
            changes = campaign_clause_changes(self.campaign.id, variant.clause)
            changed, _ = apply_changes(self.scenario, changes)
            roster, notes = self.solve(changed, self.requested)
            return _Solved(roster, changes, changed, {self.campaign.id}, notes)
        booked = self._booked(creator_split(self.scenario, self.campaign, self.creator_id, variant.clause),
                              variant.clause)
        unbooked = self.unbooked()
        cases = [c for c in (booked, unbooked) if c is not None]
        if not cases:
            raise AssertionError("a creator who cannot be booked cannot be required either")  # pragma: no cover
        chosen = booked if booked is not None and (unbooked is None or not _better(unbooked.roster, booked.roster)) \
            else unbooked
        # the variant's best roster is the better of the two cases, so its bound is the larger of theirs
        bounds = [c.roster.bound if c.roster.status != "infeasible" else None for c in cases]
        proved_out = [c.roster.status == "infeasible" for c in cases]
        if all(b is not None or out for b, out in zip(bounds, proved_out)) and any(b is not None for b in bounds):
            chosen = dataclasses.replace(chosen, bound=max(b for b in bounds if b is not None))
        else:
            chosen = dataclasses.replace(chosen, bound=None)
        return chosen

    def _booked(self, split: Optional[CreatorSplit], clause: CampaignExclusivity) -> Optional[_Solved]:
        """The creator booked under ``clause``: solved on the split scenario (scenario/1 has one clause per
        campaign), answered as a roster of the scenario itself, her booking under her own clause."""
        if split is None:
            return None
        changed, _ = apply_changes(self.scenario, split.changes)
        hint = _move_creator(self.requested, self.campaign.id, self.creator_id, split.clone_id)
        roster, notes = self.solve(changed, hint)
        folded = fold_clone(self.scenario, roster, split, self.campaign.id, self.creator_id)
        return _Solved(folded, NO_CHANGES, self.scenario, {self.campaign.id}, [split.description] + notes,
                       clauses={(self.creator_id, self.campaign.id): clause})

    def unbooked(self) -> Optional[_Solved]:
        if self.creator_id in self.campaign.required_creators:
            return None
        if self._unbooked is None:
            split = creator_unbooked(self.campaign, self.creator_id)
            changed, _ = apply_changes(self.scenario, split.changes)
            hint = _move_creator(self.requested, self.campaign.id, self.creator_id, None)
            roster, notes = self.solve(changed, hint)
            # a roster without her is a roster of the scenario itself: her clause binds nobody
            self._unbooked = _Solved(roster, NO_CHANGES, self.scenario, {self.campaign.id},
                                     [split.description] + notes)
        return self._unbooked


def check_custom_variants(scenario: Scenario, campaign: Campaign,
                          custom: Mapping[str, CampaignExclusivity]) -> None:
    """Each proposal must be a valid clause of this campaign in this scenario (anchors it has, regions and
    platforms it knows) under a name of its own; else a DocumentError naming ``variants["name"]...``."""
    issues: list[FieldIssue] = []
    position = next(i for i, k in enumerate(scenario.campaigns) if k.id == campaign.id)
    clause_at = at("campaigns", position, "exclusivity")
    for name, clause in custom.items():
        here = at("variants", name)
        if name in VARIANT_NAMES:
            issues.append(FieldIssue(here, f"{name!r} is a built-in variant's name: call the proposal something "
                                           f"else"))
            continue
        doc = scenario.to_document()
        doc["campaigns"][position]["exclusivity"] = clause_document(clause)
        try:
            scenario_from_data(doc)
        except DocumentError as exc:
            for issue in exc.issues:
                steps = issue.at.steps
                inside = steps[:len(clause_at.steps)] == clause_at.steps
                where = here + FieldPath(steps[len(clause_at.steps):]) if inside else here
                issues.append(FieldIssue(where, issue.message))
    if issues:
        raise DocumentError(issues, document="variants")


def build_options(scenario: Scenario, campaign_id: str, creator_id: str | None = None, *,
                  time_limit_s: float | None = None, workers: int | None = None,
                  progress: ProgressFn | None = None, perspective: str = "brand",
                  variants: Optional[Mapping[str, CampaignExclusivity]] = None) -> OptionsDocument:
    """Every exclusivity variant of one campaign (or one creator's booking on it), re-solved and compared.

    ``time_limit_s`` is per variant re-solve (default: the scenario's limit,
    at most 3 s); the requested scenario, solved first as every variant's
    hint, gets twice that.  ``progress`` gets a ``ProgressEvent`` after each
    variant (its name, step i of n, the variant's objective).
    Unknown ids raise ``DocumentError`` (paths ``campaign``, ``creator``).
    """
    started = time.monotonic()
    campaign = _lookup(scenario, campaign_id, creator_id)
    check_custom_variants(scenario, campaign, variants or {})
    run = _OptionsRun(scenario, campaign, creator_id, time_limit_s, workers)
    run.requested = run.solve_requested()
    requested = _Solved(run.requested, NO_CHANGES, scenario, {campaign.id}, [])
    variants = build_variants(scenario, campaign, run.requested, dict(variants or {}))
    total = len(variants)
    if progress:
        progress(ProgressEvent(run.requested.objective, run.requested.bound, time.monotonic() - started,
                               phase="requested", step=1, steps=total))

    solved: list[tuple[Variant, _Solved, Optional[str]]] = [(variants[0], requested, None)]
    seconds = {"requested": round(time.monotonic() - started, 3)}
    for done, variant in enumerate(variants[1:], start=2):
        t0 = time.monotonic()
        same = next((v.name for v, _, _ in solved if clause_document(v.clause) == clause_document(variant.clause)),
                    None)
        result = next(s for v, s, _ in solved if v.name == same) if same else run.variant(variant)
        solved.append((variant, result, same))
        seconds[variant.name] = round(time.monotonic() - t0, 3)
        if progress:
            progress(ProgressEvent(result.roster.objective, result.roster.bound, time.monotonic() - started,
                                   phase=variant.name, step=done, steps=total))

    options = [_option(scenario, campaign, creator_id, variant, result, same, run.requested)
               for variant, result, same in solved]
    mark_pareto(options)
    mark_brand_pareto(options)
    pick, reason = recommend(options, perspective, campaign.id)
    if pick is not None:
        pick.recommended = True
    return OptionsDocument(
        scenario=scenario.name, campaign=campaign.id, creator=creator_id, perspective=perspective,
        recommended=pick.name if pick else None, reason=reason,
        options=options,
        stats={"wall_seconds": round(time.monotonic() - started, 3), "solves": run.solves,
               "time_limit_s_per_solve": run.time_limit_s, "variant_seconds": seconds})


def _option(scenario: Scenario, campaign: Campaign, creator_id: Optional[str], variant: Variant, result: _Solved,
            same: Optional[str], requested: Roster) -> Option:
    roster = result.roster
    figures = campaign_figures(result.scenario, result.campaign_ids, roster, result.clauses)
    asked = campaign_figures(scenario, {campaign.id}, requested)
    before = set(asked.creators)
    elsewhere = (roster.objective or 0) - figures.value - ((requested.objective or 0) - asked.value)
    option = Option(
        name=variant.name, custom=variant.custom, description=variant.description, exclusivity=variant.clause, changes=result.changes,
        same_clause_as=same, status=roster.status, objective=roster.objective,
        bound=roster.bound if result.bound == -1 else result.bound,
        campaign_fees=figures.fees, campaign_premium=figures.premium, campaign_value=figures.value,
        campaign_creators=figures.creators, campaign_reach=figures.reach, campaign_engagements=figures.engagements,
        staffed=len(figures.creators) >= campaign.creators.min, must_haves_kept=figures.must_haves_kept,
        value_elsewhere_change=elsewhere if roster.objective is not None else 0, brand_pareto=False,
        creators_gained=sorted(set(figures.creators) - before), creators_lost=sorted(before - set(figures.creators)),
        changed_elsewhere=changed_elsewhere(requested, roster, result.campaign_ids),
        protection=figures.protection, pareto=False, notes=list(result.notes), roster=roster)
    if creator_id is not None:
        creator = next(c for c in scenario.creators if c.id == creator_id)
        under = campaign.model_copy(update={"exclusivity": variant.clause})
        option.creator_fee = contract.fee(creator, under, scenario.effective_settings)
        option.creator_booked = creator_id in figures.creators
    option.unbooked = unbooked_reasons(result, option, creator_id, campaign.id)
    return option


def unbooked_reasons(result: _Solved, option: Option, creator_id: Optional[str], campaign_id: str) -> list[UnbookedCreator]:
    """Why each creator lost (and the offer's creator, when not booked) is not on the campaign in this roster."""
    if option.objective is None:
        return []
    who = list(option.creators_lost)
    if creator_id is not None and not option.creator_booked and creator_id not in who:
        who.append(creator_id)
    out = []
    for c in who:
        clauses = {(c, campaign_id): option.exclusivity} if c == creator_id or creator_id is None else None
        found = why_unbooked(result.scenario, result.roster, campaign_id, c, clauses)
        out.append(UnbookedCreator(creator=c, kind=found.kind, reason=found.reason, paths=list(found.paths)))
    return out
