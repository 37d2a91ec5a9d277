"""The ids a planning question names (a campaign, a creator), checked against the scenario."""

from __future__ import annotations

from typing import Optional

from ..models import FieldIssue, Scenario

SHOWN = 20  # known ids listed in a message


def id_issues(scenario: Scenario, campaign_id: str, creator_id: Optional[str]) -> list[FieldIssue]:
    """An issue at ``campaign`` / ``creator`` for each id the scenario does not have (None: no creator asked)."""
    issues = []
    if all(k.id != campaign_id for k in scenario.campaigns):
        known = ", ".join(k.id for k in scenario.campaigns) or "none"
        issues.append(FieldIssue("campaign", f"no campaign with id {campaign_id!r} (known: {known})"))
    if creator_id is not None and all(c.id != creator_id for c in scenario.creators):
        known = ", ".join(c.id for c in scenario.creators[:SHOWN]) or "none"
        more = ", ..." if len(scenario.creators) > SHOWN else ""
        issues.append(FieldIssue("creator", f"no creator with id {creator_id!r} (known: {known}{more})"))
    return issues
