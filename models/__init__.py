"""The documents of creator-roster: scenario/1, roster/1 and their loading.

Nothing here knows about CP-SAT or HTTP.
"""

from .errors import DocumentError, FieldIssue
from .io import (
    dump_json,
    load_roster,
    load_scenario,
    parse_text,
    scenario_from_data,
    write_json_atomic,
)
from .roster import Assignment, CampaignSummary, ExplanationItem, Roster
from .scenario import (
    LEVELS,
    Brand,
    Campaign,
    CampaignExclusivity,
    CampaignPhase,
    Category,
    Commitment,
    CommitmentExclusivity,
    CommitmentPhase,
    Creator,
    LockedBooking,
    PhaseAnchor,
    Scenario,
    Settings,
)
from .types import DateRange

__all__ = [
    "Assignment", "PhaseAnchor", "Brand", "Campaign", "CampaignExclusivity", "CampaignPhase", "CampaignSummary",
    "Category", "Commitment", "CommitmentExclusivity", "CommitmentPhase", "Creator", "DateRange",
    "DocumentError", "ExplanationItem", "FieldIssue", "LEVELS", "LockedBooking", "Roster", "Scenario", "Settings",
    "dump_json", "load_roster", "load_scenario", "parse_text", "scenario_from_data", "write_json_atomic",
]
