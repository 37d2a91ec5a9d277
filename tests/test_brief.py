"""The creator brief (planning.brief) against her calendar: every post day, every phase in words, no one else."""

from __future__ import annotations

import re
from pathlib import Path

from creator_roster.models import load_scenario
from creator_roster.planning.brief import brief_of
from creator_roster.rules.enforce import Enforcer
from creator_roster.rules.validate import validate
from creator_roster.rules.words import LEVEL_NAMES
from creator_roster.solver.solve import solve_scenario

EXAMPLES = Path(__file__).parent / "data" / "examples"


def solved(name: str):
    scenario = load_scenario(EXAMPLES / name)
    roster = solve_scenario(scenario)
    assert validate(scenario, roster) == []
    return scenario, roster, Enforcer(scenario, roster)


def test_every_post_day_of_the_roster_and_of_her_commitments_is_in_her_brief():
    scenario, roster, enforcer = solved("08-look-back.json")
    brief = brief_of(enforcer, "ava", "s08")
    days = [(p.day, p.campaign or p.commitment) for p in brief.posts]
    booked = [(d, a.campaign) for a in roster.assignments if a.creator == "ava" for d in a.posts]
    committed = [(d, m.id) for m in scenario.commitments if m.creator == "ava" for d in m.posts]
    assert booked and committed and sorted(booked + committed) == days
    notes = {p.commitment: p.note for p in brief.posts if p.commitment}
    assert all("existing deal" in note for note in notes.values())
    assert brief.scenario_name == scenario.name and brief.calendar == "/creators/ava/calendar.ics?scenario=s08"


def test_each_phase_of_her_calendar_is_a_restriction_said_in_the_house_words():
    scenario, roster, enforcer = solved("02-adjacent-only-at-full.json")
    booked = {a.creator: a.campaign for a in roster.assignments if a.campaign == "sunbrite-full"}
    creator = next(iter(booked))
    calendar = enforcer.calendar(creator, "s02")
    brief = brief_of(enforcer, creator, "s02")
    assert [(r.start, r.end, r.with_) for r in brief.restrictions] == [(e.start, e.end, e.with_) for e in calendar.entries]
    full = next(r for r in brief.restrictions if r.with_ == "sunbrite-full")
    assert full.level_words == LEVEL_NAMES["full"] and full.why == "your booking with sunbrite for sunbrite-full"
    assert full.adjacent and full.categories  # the covered categories, named
    assert "every platform" in full.where or all(p in full.where for p in full.platforms)


def test_an_existing_deal_is_the_reason_of_its_own_clause():
    _, _, enforcer = solved("07-prior-commitments.json")
    (rule,) = [r for r in brief_of(enforcer, "ava", "s07").restrictions if r.booking == "commitment"]
    assert rule.why == "your existing deal ava-sunbrite-2027 with sunbrite" and rule.adjacent == []


def test_her_brief_names_no_other_creator_and_no_fee():
    scenario, roster, enforcer = solved("08-look-back.json")
    text = brief_of(enforcer, "ava", "s08").model_dump_json(by_alias=True)
    for other in (c.id for c in scenario.creators if c.id != "ava"):
        assert not re.search(rf'(?<![\w-]){re.escape(other)}(?![\w-])', text), other
    assert "fee" not in text and all(str(a.fee) not in text for a in roster.assignments)
