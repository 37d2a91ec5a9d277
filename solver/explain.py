"""Why no roster exists, in a planner's words.

Every planner rule is put under an assumption literal named by its field
path (``build_model(explain=True)``).  A feasibility solve with one worker
and no objective returns a core of assumptions that cannot hold together
(CP-SAT only minimises the core in that setting); deletion then shrinks it
to an irreducible set when time allows.  Rules that fail on their own (a
required creator who is not eligible) are answered without a solver.
"""

from __future__ import annotations

import time
from typing import Iterable, Optional

from ortools.sat.python import cp_model

from ..models import ExplanationItem
from ..models.paths import FieldPath, at
from ..rules import contract
from ..rules.index import ScenarioIndex
from ..rules.words import anchor_words
from .candidates import Candidate, earliest_placement
from .model import Key, build_model


def explain_infeasible(index: ScenarioIndex, candidates: dict[Key, Candidate],
                       time_limit_s: float, seed: int) -> list[ExplanationItem]:
    static = _static_reasons(index)
    if static:
        return static
    paths = _core(index, candidates, time_limit_s, seed)
    if paths is None:
        return [ExplanationItem(path=p, message=_describe(index, p, [])) for p in _required_paths(index)] or [
            ExplanationItem(path=at("campaigns"), message="no roster satisfies every rule, and the solver could not "
                                                      "isolate a smaller set of rules within its time limit")]
    return [ExplanationItem(path=p, message=_describe(index, p, paths)) for p in _ordered(paths)]


# --- rules that fail on their own ------------------------------------------------

def _named_creators(campaign, i: int):
    """(path, creator id) of the campaign's must-have creators: required, then signed."""
    yield from ((at("campaigns", i, "required_creators", j), cid) for j, cid in enumerate(campaign.required_creators))
    yield from ((at("campaigns", i, "locked", j), signed.creator) for j, signed in enumerate(campaign.locked))


def _static_reasons(index: ScenarioIndex) -> list[ExplanationItem]:
    s = index.scenario
    for i, campaign in enumerate(s.campaigns):
        for path, cid in _named_creators(campaign, i):
            creator = index.creators[cid]
            reason = _ineligible_because(index, i, creator.id)
            if reason:
                cause_path, cause = reason
                return [ExplanationItem(path=path, message=f"{cid} must be booked on {campaign.id}, but {cause}"),
                        ExplanationItem(path=cause_path, message=cause[0].upper() + cause[1:])]
            if earliest_placement(range(clock_len(campaign)), campaign.posts_per_creator,
                                  campaign.min_days_between_posts) is None:
                return [ExplanationItem(path=path, message=f"{cid} must be booked on {campaign.id}"),
                        ExplanationItem(path=at("campaigns", i, "min_days_between_posts"),
                                        message=f"{campaign.posts_per_creator} posts at least "
                                                f"{campaign.min_days_between_posts} days apart do not fit in the "
                                                f"window {campaign.window.start} to {campaign.window.end}")]
    return []


def clock_len(campaign) -> int:
    return (campaign.window.end - campaign.window.start).days + 1


def _ineligible_because(index: ScenarioIndex, ci: int, creator_id: str) -> Optional[tuple[str, str]]:
    campaign, creator = index.scenario.campaigns[ci], index.creators[creator_id]
    cpath = index.creator_path(creator_id)
    if not contract.post_platforms(creator, campaign):
        return (cpath / "platforms", f"{creator_id} is on {', '.join(creator.platforms) or 'no platform'}, "
                                      f"and {campaign.id} posts only on {', '.join(campaign.platforms)}")
    if not any(creator.audience.get(r, 0) > 0 for r in campaign.regions):
        return (cpath / "audience", f"{creator_id} has no audience in {', '.join(campaign.regions)}")
    if creator_id in campaign.excluded_creators:
        j = campaign.excluded_creators.index(creator_id)
        return (at("campaigns", ci, "excluded_creators", j), f"{creator_id} is also excluded from {campaign.id}")
    if campaign.brand in creator.blocked_brands:
        j = creator.blocked_brands.index(campaign.brand)
        return (cpath / "blocked_brands" / j, f"{creator_id} refuses to work with {campaign.brand}")
    return None


def _required_paths(index: ScenarioIndex) -> list[FieldPath]:
    out = []
    for i, campaign in enumerate(index.scenario.campaigns):
        if campaign.required:
            out.append(at("campaigns", i, "required"))
        out += [path for path, _ in _named_creators(campaign, i)]
    return out


# --- the core ------------------------------------------------------------------------

def _core(index: ScenarioIndex, candidates: dict[Key, Candidate], time_limit_s: float,
          seed: int) -> Optional[list[FieldPath]]:
    deadline = time.monotonic() + time_limit_s
    rm = build_model(index, candidates, explain=True)
    lits = rm.guards.lits
    by_index = {lit.index: path for path, lit in lits.items()}

    def infeasible_core(paths: Iterable[FieldPath]) -> Optional[list[FieldPath]]:
        """The sufficient subset if ``paths`` cannot hold together, [] if they can, None if unknown."""
        left = deadline - time.monotonic()
        if left <= 0.05:
            return None
        rm.model.clear_assumptions()
        rm.model.add_assumptions([lits[p] for p in paths])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = left
        solver.parameters.random_seed = seed
        status = solver.solve(rm.model)
        if status == cp_model.INFEASIBLE:
            return [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return []
        return None

    core = infeasible_core(list(lits))
    if not core:
        return None
    # Deletion: drop every rule the others do not need.
    for path in list(core):
        if path not in core or len(core) == 1:
            continue
        rest = [p for p in core if p != path]
        smaller = infeasible_core(rest)
        if smaller is None:
            break
        if smaller:
            core = smaller
    return core


_MUST_HAVE_FIELDS = ("required", "required_creators", "locked")
_TOPS = ("campaigns", "commitments", "creators")


def _ordered(paths: list[FieldPath]) -> list[FieldPath]:
    """Must-haves first (what the planner asked for), then what stands in their way."""
    def rank(p: FieldPath) -> tuple:
        must = p.head == "campaigns" and len(p.names()) > 1 and p.names()[1] in _MUST_HAVE_FIELDS
        return (not must, _TOPS.index(p.head) if p.head in _TOPS else 9, str(p))
    return sorted(dict.fromkeys(paths), key=rank)


# --- sentences ------------------------------------------------------------------------

def _describe(index: ScenarioIndex, path: FieldPath, core: list[FieldPath]) -> str:
    head, pos = path.head, path.index(path.head or "")
    rest = path.steps[2:]  # below campaigns[i], commitments[i] or creators[i]
    try:
        if head == "campaigns" and pos is not None:
            return _describe_campaign_rule(index, pos, rest, core)
        if head == "commitments" and pos is not None:
            return _describe_commitment_rule(index, pos, rest, core)
        if head == "creators" and pos is not None:
            return _describe_creator_rule(index, pos, rest)
    except (IndexError, KeyError, TypeError):  # pragma: no cover - a path we do not word
        pass
    return f"the rule at {path}"


def _window(campaign) -> str:
    return f"between {campaign.window.start} and {campaign.window.end}"


def _posts(campaign) -> str:
    n = campaign.posts_per_creator
    spacing = f", {campaign.min_days_between_posts} days apart" if n > 1 and campaign.min_days_between_posts > 1 else ""
    return f"{n} post{'s' if n > 1 else ''}{spacing}"


def _describe_campaign_rule(index: ScenarioIndex, i: int, rest: tuple, core: list[FieldPath]) -> str:
    k = index.scenario.campaigns[i]
    field = rest[0] if rest else ""
    if field == "required_creators":
        cid = k.required_creators[rest[1]]
        return f"{cid} must post for {k.id} ({_posts(k)}) {_window(k)}"
    if field == "locked":
        signed = k.locked[rest[1]]
        days = ", ".join(str(d) for d in sorted(set(signed.posts)))
        return f"{signed.creator} is signed on {k.id} to post on exactly {days}: those days cannot move"
    if field == "min_launch_posts":
        return (f"each creator booked on {k.id} makes at least {k.min_launch_posts} of its {k.posts_per_creator} "
                f"post(s) inside the launch, {k.launch.start} to {k.launch.end}")
    if field == "required":
        text = f"{k.id} is required: it must be staffed with at least {k.creators.min} creator(s) {_window(k)}"
        if not any(index.ineligibility(c.id, k.id) is None for c in index.scenario.creators):
            text += (", but no creator is eligible (on one of its platforms, with audience in its regions, "
                     "not excluded and not refusing the brand)")
        return text
    if field == "creators" and rest[1] == "min":
        eligible = [c.id for c in index.scenario.creators if index.ineligibility(c.id, k.id) is None]
        who = f": {', '.join(eligible)}" if len(eligible) <= 6 else ""
        return (f"once staffed, {k.id} needs at least {k.creators.min} creators, "
                f"and {len(eligible)} are eligible{who}")
    if field == "creators" and rest[1] == "max":
        return f"{k.id} takes at most {k.creators.max} creators"
    if field == "budget":
        return _describe_budget(index, k)
    if field == "exclusivity":
        ph = k.phases[rest[2]]
        where = ", ".join(ph.regions if ph.regions is not None else k.regions)
        on = f" on {', '.join(ph.platforms)}" if ph.platforms else ""
        return (f"{k.id}'s {ph.level}-level exclusivity ({anchor_words(ph.from_)} to {anchor_words(ph.to)}, "
                f"{where}{on}) keeps its creators from posting for {_level_words(ph.level, k.brand)}")
    return f"the rule {field} of {k.id}"


def _describe_budget(index: ScenarioIndex, k) -> str:
    text = f"{k.id}'s budget is {k.budget:,}"
    musts = [(c, index.fee(c, k.id)) for c in k.required_creators if index.ineligibility(c, k.id) is None]
    if musts:
        fees = ", ".join(f"{c} {fee:,}" for c, fee in musts)
        return text + f"; the fees of the creators it must book are {fees} (with the clause premiums)"
    fees = sorted(index.fee(c.id, k.id) for c in index.scenario.creators if index.ineligibility(c.id, k.id) is None)
    if len(fees) >= k.creators.min:
        return text + f"; its {k.creators.min} cheapest eligible creator(s) cost {sum(fees[:k.creators.min]):,}"
    return text


def _level_words(level: str, brand: str) -> str:
    return {"competitors": f"{brand}'s competitors",
            "category": f"{brand}'s competitors and brands in an overlapping category",
            "full": f"{brand}'s competitors and brands in an overlapping or adjacent category"}[level]


def _core_campaigns(index: ScenarioIndex, core: list[FieldPath], creator: str) -> list[int]:
    """Campaigns named in the core that this creator is required on or could staff."""
    out = []
    for p in core:
        i = p.index("campaigns")
        if p.head == "campaigns" and i is not None:
            k = index.scenario.campaigns[i]
            if creator in k.required_creators or k.required or any(s.creator == creator for s in k.locked):
                out.append(i)
    return sorted(set(out))


def _describe_commitment_rule(index: ScenarioIndex, i: int, rest: tuple, core: list[FieldPath]) -> str:
    m = index.scenario.commitments[i]
    if rest and rest[0] == "posts":
        return _describe_commitment_posts(index, m, core)
    if rest and rest[0] == "exclusivity":
        ph = m.phases[rest[2]]
        where = ", ".join(ph.regions if ph.regions is not None else m.regions)
        on = f" on {', '.join(ph.platforms)}" if ph.platforms else ""
        text = (f"{m.creator}'s existing {m.brand} deal ({m.id}) has a {ph.level}-level clause from {ph.start} to "
                f"{ph.end} in {where}{on}")
        covered = []
        for ci in _core_campaigns(index, core, m.creator):
            k = index.scenario.campaigns[ci]
            scope = contract.campaign_scope(index.creators[m.creator], k)
            booking = contract.commitment_booking(m, i)
            phase = booking.phases[rest[2]]
            if contract.phase_applies(index.relations, booking.scope, phase.scope, scope):
                signed = [d for s in k.locked if s.creator == m.creator for d in sorted(set(s.posts))]
                lo, hi = max(ph.start, k.window.start), min(ph.end, k.window.end)
                if signed:
                    inside = [str(d) for d in signed if ph.start <= d <= ph.end]
                    if inside:
                        covered.append(f"{m.creator}'s signed {k.id} post(s) on {', '.join(inside)}")
                elif lo <= hi:
                    whole = ph.start <= k.window.start and k.window.end <= ph.end
                    covered.append(f"{k.id}'s whole window" if whole else f"{k.id}'s window from {lo} to {hi}")
        if covered:
            text += ", which covers " + " and ".join(covered)
        return text
    return f"{m.creator}'s existing deal {m.id}"


def _describe_commitment_posts(index: ScenarioIndex, m, core: list[FieldPath]) -> str:
    """A commitment's posts, with what they contribute: a taken day, a week's cap, a post a clause would cover."""
    days = ", ".join(str(d) for d in sorted(set(m.posts)))
    text = f"{m.creator} already posts for {m.brand} on {days} ({m.id})"
    creator_path = index.creator_path(m.creator)
    roles = []
    if creator_path / "max_posts_per_week" in core:
        cap = index.creators[m.creator].max_posts_per_week
        roles.append(f"these posts count toward her cap of {cap} sponsored post(s) a week")
    for p in core:
        k_pos = p.index("campaigns")
        if p.head == "campaigns" and k_pos is not None and "exclusivity" in p.names():
            k = index.scenario.campaigns[k_pos]
            roles.append(f"{k.id}'s clause would cover them, so she cannot post for {k.id} around them")
    if not roles:
        return text + ", and she posts nothing else on those days"
    return text + "; " + "; ".join(roles)


def _describe_creator_rule(index: ScenarioIndex, i: int, rest: tuple) -> str:
    c = index.scenario.creators[i]
    field = rest[0] if rest else ""
    if field == "unavailable":
        rng = c.unavailable[rest[1]]
        return f"{c.id} is unavailable from {rng.start} to {rng.end}"
    if field == "max_posts_per_week":
        return f"{c.id} makes at most {c.max_posts_per_week} sponsored posts a week, commitments included"
    return f"the rule {field} of {c.id}"
