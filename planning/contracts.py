"""From check to contract: a checked deal becomes a commitment, a planned booking a signed one.

Plain document edits, no solver and no HTTP.  Each function takes a scenario and
returns a new one (the input is never changed), built as a scenario/1 document
and loaded again through ``scenario_from_data``, so the result has passed every
rule of the contract that an input file would.

- ``commit_deal``: the deal (the body ``/check`` takes: a commitment without an
  id) becomes ``commitments[n]`` with the given id.  Its references must resolve
  in the scenario, the id must be new, and it must not conflict with what the
  scenario has already signed (its commitments and ``campaigns[].locked``
  bookings), by the same rules as the deal check: exclusivity both ways, same
  day, unavailable day, weekly cap, blocked brand.  ``force=True`` signs a
  conflicting deal anyway (its breaches are then pre-existing problems among
  commitments: roster warnings, never roster errors).  Planned, unsigned
  bookings (a roster's) never refuse a deal: signing it is what re-planning
  around it is for.
- ``lock_booking``: a valid roster's booking of one creator on one campaign
  becomes ``campaigns[i].locked[j]`` (``{"creator", "posts"}``, the roster's
  days), so every later roster keeps it on exactly those days.

Every refusal is a ``DocumentError`` whose issues name the field at fault: the
deal's own fields under ``deal_path`` (``deal.posts[0]`` over HTTP,
``posts[0]`` for a deal file), ``id``, ``campaign`` and ``creator`` for the
request's ids, ``status`` and ``assignments`` for a roster that cannot be used.
"""

from __future__ import annotations

from typing import Sequence

from ..models import DocumentError, FieldIssue, Roster, Scenario, scenario_from_data
from ..models.enforcement import Conflict, Deal
from ..models.paths import FieldPath, at
from ..rules.enforce import Enforcer
from ..rules.validate import validate

_SOLVED = ("optimal", "feasible")
_SHOWN_VIOLATIONS = 5
FORCE_HINT = ("the deal conflicts with what is already signed; to sign it anyway, commit it with force "
              "(HTTP: \"force\": true, CLI: --force)")


# --- deals into commitments -------------------------------------------------------------------

def commitment_entry(deal: Deal, commitment_id: str) -> dict:
    """The deal as a scenario/1 commitment: ``{id, creator, brand, category, regions, platforms, posts,
    exclusivity?}``."""
    fields = deal.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
    return {"id": commitment_id, **fields}


def commit_deal(scenario: Scenario, deal: Deal, commitment_id: str, *, force: bool = False,
                deal_path: FieldPath = at("deal"), id_path: FieldPath = at("id")) -> Scenario:
    """``scenario`` with ``deal`` signed as the commitment ``commitment_id`` (appended to ``commitments``).

    Raises ``DocumentError``: references that do not resolve or duplicate post days (paths under
    ``deal_path``); an empty or already used id (``id_path``); unless ``force``, every conflict with
    the scenario's commitments and signed bookings (at the deal's field that causes it).
    """
    enforcer = Enforcer(scenario)
    issues = enforcer.deal_issues(deal, deal_path)
    if not commitment_id:
        issues.append(FieldIssue(id_path, "a commitment id must be a non-empty string"))
    for i, existing in enumerate(scenario.commitments):
        if existing.id == commitment_id:
            issues.append(FieldIssue(id_path, f"commitment id {commitment_id!r} is already used by "
                                              f"{at('commitments', i)}"))
    if issues:
        raise DocumentError(issues, document="commitment")
    if not force:
        conflicts = enforcer.conflicts(enforcer.deal_booking(deal))
        if conflicts:
            refused = [FieldIssue(_conflict_field(c, deal, deal_path), _conflict_text(c)) for c in conflicts]
            raise DocumentError(refused + [FieldIssue(deal_path, FORCE_HINT)], document="commitment")
    data = scenario.to_document()
    data["commitments"] = list(data.get("commitments", [])) + [commitment_entry(deal, commitment_id)]
    try:
        return scenario_from_data(data)
    except DocumentError as exc:  # the new entry's fields, named as the caller sent them
        entry = at("commitments", len(data["commitments"]) - 1)
        raise DocumentError(_renamed(exc.issues, entry, deal_path, id_path), document="commitment") from None


def _conflict_field(conflict: Conflict, deal: Deal, deal_path: FieldPath) -> FieldPath:
    """The field of the deal that makes the conflict: its brand, one of its phases, or its first post involved."""
    if conflict.kind == "blocked_brand":
        return deal_path / "brand"
    if conflict.phase is not None:
        phase = FieldPath.parse(conflict.phase)
        if phase.head == "deal":  # another booking's posts fall in the deal's own phase
            return deal_path + FieldPath(phase.steps[1:])
    days = set(conflict.days)
    first = next((i for i, day in enumerate(deal.posts) if day in days), None)
    return deal_path / "posts" / first if first is not None else deal_path / "posts"


def _conflict_text(conflict: Conflict) -> str:
    where = FieldPath.parse(conflict.path)
    rule = "" if where.head == "deal" else f" (rule at {where})"
    return f"not allowed ({conflict.kind.replace('_', ' ')}): {conflict.message}{rule}"


def _renamed(issues: Sequence[FieldIssue], entry: FieldPath, deal_path: FieldPath,
             id_path: FieldPath) -> list[FieldIssue]:
    out = []
    for issue in issues:
        steps = issue.at.steps
        if steps[:len(entry.steps)] == entry.steps:
            rest = FieldPath(steps[len(entry.steps):])
            issue = FieldIssue(id_path if rest.steps[:1] == ("id",) else deal_path + rest, issue.message)
        out.append(issue)
    return out


# --- planned bookings into signed ones ----------------------------------------------------------

def check_roster(scenario: Scenario, roster: Roster) -> None:
    """A roster whose bookings may be signed: solved, and valid for ``scenario`` (``rules.validate``)."""
    if roster.status not in _SOLVED:
        raise DocumentError([FieldIssue("status", f"the roster is {roster.status}: it has no bookings to sign")],
                            document="roster")
    violations = validate(scenario, roster)
    if violations:
        shown = [FieldIssue("assignments", f"not a valid roster of this scenario: {v}")
                 for v in violations[:_SHOWN_VIOLATIONS]]
        if len(violations) > _SHOWN_VIOLATIONS:
            shown.append(FieldIssue("assignments", f"... and {len(violations) - _SHOWN_VIOLATIONS} more violation(s)"))
        raise DocumentError(shown, document="roster")


def lock_booking(scenario: Scenario, roster: Roster, campaign_id: str, creator_id: str) -> Scenario:
    """``scenario`` with the roster's booking of ``creator_id`` on ``campaign_id`` signed in ``campaigns[i].locked``.

    Raises ``DocumentError``: an unknown campaign or creator, a creator already signed on the campaign,
    or a pair the roster does not book (paths ``campaign`` and ``creator``, document "lock request"); a
    roster that is not solved or not valid for the scenario (paths ``status``, ``assignments``, document
    "roster").
    """
    position = {k.id: i for i, k in enumerate(scenario.campaigns)}
    issues = []
    if campaign_id not in position:
        issues.append(FieldIssue("campaign", f"unknown campaign {campaign_id!r}"))
    if creator_id not in {c.id for c in scenario.creators}:
        issues.append(FieldIssue("creator", f"unknown creator {creator_id!r}"))
    if issues:
        raise DocumentError(issues, document="lock request")
    i = position[campaign_id]
    for j, signed in enumerate(scenario.campaigns[i].locked):
        if signed.creator == creator_id:
            raise DocumentError([FieldIssue("creator", f"{creator_id} already has a signed booking on {campaign_id} "
                                                       f"({at('campaigns', i, 'locked', j)})")],
                                document="lock request")
    check_roster(scenario, roster)
    booked = next((a for a in roster.assignments if a.campaign == campaign_id and a.creator == creator_id), None)
    if booked is None:
        on = sorted(a.creator for a in roster.assignments if a.campaign == campaign_id)
        who = f"it books {', '.join(on)}" if on else "it does not staff the campaign"
        raise DocumentError([FieldIssue("creator", f"the roster does not book {creator_id} on {campaign_id} "
                                                   f"({who}); only a booking of the roster can be signed")],
                            document="lock request")
    data = scenario.to_document()
    entry = {"creator": creator_id, "posts": [day.isoformat() for day in sorted(booked.posts)]}
    data["campaigns"][i]["locked"] = list(data["campaigns"][i].get("locked", [])) + [entry]
    return scenario_from_data(data)


def locked_path(scenario: Scenario, campaign_id: str, creator_id: str) -> FieldPath:
    """Where the signed booking of ``creator_id`` on ``campaign_id`` sits (``campaigns[i].locked[j]``)."""
    for i, campaign in enumerate(scenario.campaigns):
        if campaign.id == campaign_id:
            for j, signed in enumerate(campaign.locked):
                if signed.creator == creator_id:
                    return at("campaigns", i, "locked", j)
    raise KeyError((campaign_id, creator_id))


def commitment_path(scenario: Scenario, commitment_id: str) -> FieldPath:
    """Where the commitment ``commitment_id`` sits (``commitments[n]``)."""
    for n, commitment in enumerate(scenario.commitments):
        if commitment.id == commitment_id:
            return at("commitments", n)
    raise KeyError(commitment_id)
