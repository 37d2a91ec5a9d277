"""The timeline of a what-if re-plan or of one negotiation option, with what it changed marked.

A what-if's roster is valid for the changed scenario (the job's change set
applied to the version it ran on), and is marked against the baseline roster
the diff was made from.  An option's roster is valid for the scenario with the
option's clause: in campaign mode the option's change set applied, in creator
mode the one creator's booking under its own clause.  It is marked against
the requested option's roster, so a planner sees who comes and goes and who
posts on other days when the clause changes.
"""

from __future__ import annotations

from typing import Optional

from ..models.changes import load_changes
from ..models.diff import DiffDocument
from ..models.errors import DocumentError, FieldIssue
from ..models.options import OptionsDocument
from ..models.scenario import Scenario
from ..models.timeline import Timeline
from .changes import apply_changes
from .diff import roster_diff
from .timeline import timeline_of, with_changes


def _brands(*scenarios: Scenario) -> dict[str, str]:
    return {k.id: k.brand for s in scenarios for k in s.campaigns}


def changed_scenario(scenario: Scenario, changes: dict) -> Scenario:
    """The scenario a what-if job re-planned: its change set applied to the version it ran on."""
    changed, _ = apply_changes(scenario, load_changes(changes))
    return changed


def whatif_timeline(scenario: Scenario, changes: dict, diff: DiffDocument, job: str,
                    baseline_job: Optional[str]) -> Timeline:
    """The re-plan on the changed scenario, its added and moved bookings marked, the dropped ones listed."""
    changed = changed_scenario(scenario, changes)
    drawn = timeline_of(changed, diff.roster, job)
    against = f"the baseline roster (job {baseline_job})" if baseline_job else "the baseline roster (solved first)"
    return with_changes(drawn, diff, job=job, kind="what-if", against=against, brand_of=_brands(changed, scenario))


def option_timeline(scenario: Scenario, doc: OptionsDocument, name: Optional[str], job: str) -> Timeline:
    """One option's roster (default: the recommended one) against the requested option's roster.

    Raises DocumentError at ``option`` for an unknown name or an option without a roster."""
    name = name or doc.recommended or "requested"
    try:
        option = doc.option(name)
    except KeyError:
        known = ", ".join(o.name for o in doc.options)
        raise DocumentError([FieldIssue("option", f"no option named {name!r} (known: {known})")]) from None
    if option.objective is None:
        raise DocumentError([FieldIssue("option", f"option {name!r} has no roster ({option.status})")])
    requested = next((o for o in doc.options if o.name == "requested"), None)
    clauses = None
    if doc.creator is not None:  # her booking alone is under the option's clause
        shown = scenario
        clauses = {(doc.creator, doc.campaign): option.exclusivity}
    else:
        shown = apply_changes(scenario, option.changes)[0]
    drawn = timeline_of(shown, option.roster, job, clauses)
    if requested is None or requested.objective is None or option is requested:
        return drawn
    diff = roster_diff(requested.roster, option.roster)
    return with_changes(drawn, diff, job=job, kind="option", option=name, against="the requested clause",
                        brand_of=_brands(scenario))
