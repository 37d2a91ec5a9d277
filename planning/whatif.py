"""What-if: apply a change set, re-plan with as little reshuffling as asked, and diff.

The changed scenario is built and fully validated before anything is
solved, so an invalid change costs nothing.  Without a baseline roster the
original scenario is solved first.  The re-plan starts from the baseline
(hint) and counts a baseline booking as kept when the same creator is on the
same campaign on the same days:

- ``stability=None``: the best value first, then as few changed baseline
  bookings as possible among rosters of that value;
- ``stability=W``: maximise value + W x kept bookings (trades value for calm);
- ``stability=0``: a free re-plan.
"""

from __future__ import annotations

import time

from ..models.changes import ChangeSet
from ..models.diff import DiffDocument
from ..models.errors import DocumentError, FieldIssue
from ..models.progress import ProgressEvent, ProgressFn
from ..models.roster import Roster
from ..models.scenario import Scenario
from ..rules.validate import validate
from ..solver.solve import SolveParams, Stability, solve_scenario
from .changes import apply_changes
from .diff import roster_diff


def _within(scenario: Scenario, roster: Roster) -> Roster:
    """The baseline's bookings whose creator and campaign still exist (the rest cannot be kept)."""
    creators = {c.id for c in scenario.creators}
    campaigns = {k.id for k in scenario.campaigns}
    kept = [a for a in roster.assignments if a.creator in creators and a.campaign in campaigns]
    return roster.model_copy(update={"assignments": kept})


def check_baseline(scenario: Scenario, baseline: Roster) -> None:
    """A given baseline must be a valid roster of the scenario before the changes."""
    if baseline.status not in ("optimal", "feasible"):
        raise DocumentError([FieldIssue("status", f"the baseline roster is {baseline.status}: it has no bookings "
                                                  f"to keep")], document="baseline roster")
    violations = validate(scenario, baseline)
    if violations:
        shown = [FieldIssue("assignments", f"not a valid roster of this scenario: {v}") for v in violations[:5]]
        if len(violations) > 5:
            shown.append(FieldIssue("assignments", f"... and {len(violations) - 5} more violation(s)"))
        raise DocumentError(shown, document="baseline roster")


def run_whatif(scenario: Scenario, changes: ChangeSet, *, baseline: Roster | None = None,
               stability: float | None = None, time_limit_s: float | None = None, workers: int | None = None,
               progress: ProgressFn | None = None) -> DiffDocument:
    """Re-plan ``scenario`` with ``changes`` applied; the diff against the baseline, with the new roster.

    Raises ``DocumentError`` (nothing solved) when a change is invalid, or
    when the given baseline is not a valid solved roster of ``scenario``.
    """
    if stability is not None and stability < 0:
        raise DocumentError([FieldIssue("stability", f"must be 0 or more, got {stability}")], document="what-if")
    changed, notes = apply_changes(scenario, changes)
    if baseline is not None:
        check_baseline(scenario, baseline)
    started = time.monotonic()
    steps = 2 if baseline is None else 1
    if baseline is None:
        if progress:
            progress(ProgressEvent(elapsed=0.0, phase="solving the baseline (the scenario before the changes)",
                                   step=0, steps=steps))
        baseline = solve_scenario(scenario, SolveParams(time_limit_s=time_limit_s, workers=workers))
    if progress:
        progress(ProgressEvent(baseline.objective, baseline.bound, time.monotonic() - started,
                               phase="re-planning with the changes", step=steps - 1, steps=steps))
    start_from = _within(changed, baseline) if baseline.status in ("optimal", "feasible") else None
    options = SolveParams(time_limit_s=time_limit_s, workers=workers, hint=start_from,
                           stability=Stability(start_from, stability) if start_from is not None else None)
    roster = solve_scenario(changed, options)
    if progress:
        progress(ProgressEvent(roster.objective, roster.bound, time.monotonic() - started, phase="done",
                               step=steps, steps=steps))
    return roster_diff(baseline, roster, notes=notes, stability=stability)
