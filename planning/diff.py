"""The difference between a baseline roster and a re-planned one, booking by booking."""

from __future__ import annotations

from typing import Optional

from ..models.diff import BookingPosts, DiffDocument, MovedBooking
from ..models.roster import Roster


def _bookings(roster: Roster) -> dict[tuple[str, str], list]:
    return {(a.creator, a.campaign): sorted(a.posts) for a in roster.assignments}


def _staffed(roster: Roster) -> set[str]:
    return {c.id for c in roster.campaigns if c.staffed} | {a.campaign for a in roster.assignments}


def roster_diff(baseline: Roster, roster: Roster, *, notes: Optional[list[str]] = None,
                stability: Optional[float] = None) -> DiffDocument:
    """What changed from ``baseline`` to ``roster``: added, removed and moved bookings, staffing, deltas."""
    old, new = _bookings(baseline), _bookings(roster)
    added = [BookingPosts(creator=c, campaign=k, posts=new[(c, k)]) for (c, k) in sorted(set(new) - set(old))]
    removed = [BookingPosts(creator=c, campaign=k, posts=old[(c, k)]) for (c, k) in sorted(set(old) - set(new))]
    moved = [MovedBooking(creator=c, campaign=k, old_posts=old[(c, k)], new_posts=new[(c, k)])
             for (c, k) in sorted(set(old) & set(new)) if old[(c, k)] != new[(c, k)]]
    kept = sum(1 for key in set(old) & set(new) if old[key] == new[key])
    order = [c.id for c in roster.campaigns] + [c.id for c in baseline.campaigns]
    position = {cid: i for i, cid in reversed(list(enumerate(order)))}
    was, now = _staffed(baseline), _staffed(roster)
    objective_delta = None
    if roster.objective is not None and baseline.objective is not None:
        objective_delta = roster.objective - baseline.objective
    return DiffDocument(
        scenario=roster.scenario, status=roster.status, stability=stability, notes=list(notes or []),
        added=added, removed=removed, moved=moved, kept=kept,
        staffed=sorted(now - was, key=position.get), unstaffed=sorted(was - now, key=position.get),
        baseline_objective=baseline.objective, baseline_fees=baseline.total_fees,
        objective=roster.objective, fees=roster.total_fees,
        objective_delta=objective_delta, fees_delta=roster.total_fees - baseline.total_fees,
        roster=roster)
