"""The timeline document (timeline/1): what the web app draws, checked against the roster and the plain rules."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from creator_roster.models import load_scenario
from creator_roster.models.scenario import PhaseAnchor
from creator_roster.planning.timeline import timeline_of
from creator_roster.rules import contract
from creator_roster.rules.index import ScenarioIndex
from creator_roster.rules.words import anchor_words, campaign_clause_words

from .conftest import example_paths, solve_checked

EXAMPLES = Path(__file__).parent / "data" / "examples"


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.stem)
def test_every_post_and_every_phase_of_the_roster_is_on_its_creators_row(path):
    scenario = load_scenario(path)
    roster = solve_checked(scenario)  # validated
    drawn = timeline_of(scenario, roster, "job-1")
    index = ScenarioIndex(scenario)
    assert [c.id for c in drawn.creators] == [c.id for c in scenario.creators]
    assert drawn.roster.job == "job-1" and drawn.roster.objective == roster.objective
    rows = {c.id: c for c in drawn.creators}
    shown = [(c.id, b.campaign) for c in drawn.creators for b in c.bookings]
    assert sorted(shown) == sorted((a.creator, a.campaign) for a in roster.assignments)
    for a in roster.assignments:
        (booking,) = [b for b in rows[a.creator].bookings if b.campaign == a.campaign]
        assert booking.posts == sorted(a.posts)
        assert (booking.fee, booking.value) == (a.fee, a.value)
        creator, campaign = index.creators[a.creator], index.campaigns[a.campaign]
        assert booking.base_fee == contract.base_fee(creator, campaign)
        assert booking.base_fee + booking.premium == a.fee
        assert booking.brand == campaign.brand
        assert len(booking.phases) == len(campaign.phases)
        for phase, drawn_phase in zip(campaign.phases, booking.phases):
            start, end = contract.campaign_phase_days(campaign, phase, min(a.posts), max(a.posts))
            assert (drawn_phase.start, drawn_phase.end, drawn_phase.level) == (start, end, phase.level)
            assert str(start) in drawn_phase.words and str(end) in drawn_phase.words
    for i, m in enumerate(scenario.commitments):
        (shown_m,) = [x for x in rows[m.creator].commitments if x.id == m.id]
        assert shown_m.path == f"commitments[{i}]" and shown_m.posts == sorted(m.posts)
        assert [(p.start, p.end, p.level) for p in shown_m.phases] == [(p.start, p.end, p.level) for p in m.phases]
    for k, summary in zip(drawn.campaigns, roster.campaigns):
        assert (k.id, k.fees, k.value, k.creators) == (summary.id, summary.fees, summary.value, summary.creators)


def test_without_a_roster_the_signed_bookings_show_priced_by_the_rules():
    scenario = load_scenario(EXAMPLES / "14-locked-signed-booking.json")
    index = ScenarioIndex(scenario)
    drawn = timeline_of(scenario, None)
    assert drawn.roster is None
    signed = [(c.id, b) for c in drawn.creators for b in c.bookings]
    expected = [(s.creator, k.id, sorted(s.posts)) for k in scenario.campaigns for s in k.locked]
    assert expected and [(c, b.campaign, b.posts) for c, b in signed] == expected
    for creator, booking in signed:
        assert booking.signed
        assert booking.fee == index.fee(creator, booking.campaign)
        assert booking.value == index.value(creator, booking.campaign)


def test_a_signed_booking_in_a_roster_is_marked_signed_and_the_others_are_not():
    scenario = load_scenario(EXAMPLES / "14-locked-signed-booking.json")
    drawn = timeline_of(scenario, solve_checked(scenario))
    locked = {(s.creator, k.id) for k in scenario.campaigns for s in k.locked}
    marks = {(c.id, b.campaign): b.signed for c in drawn.creators for b in c.bookings}
    assert marks and all(marks[key] for key in locked)
    assert all(not signed for key, signed in marks.items() if key not in locked)


def test_unavailable_days_and_campaign_windows_are_drawn_as_given():
    scenario = load_scenario(EXAMPLES / "07-prior-commitments.json")
    drawn = timeline_of(scenario, None)
    for creator, row in zip(scenario.creators, drawn.creators):
        assert [(u.start, u.end) for u in row.unavailable] == [(u.start, u.end) for u in creator.unavailable]
    for campaign, shown in zip(scenario.campaigns, drawn.campaigns):
        assert shown.window == campaign.window and shown.launch == campaign.launch
        assert shown.path.startswith("campaigns[")


def test_a_roster_of_another_scenario_is_refused_by_path():
    from creator_roster.models import DocumentError

    scenario = load_scenario(EXAMPLES / "04-phased-launch-clause.json")
    other = solve_checked(load_scenario(EXAMPLES / "07-prior-commitments.json"))
    with pytest.raises(DocumentError) as caught:
        timeline_of(scenario, other)
    assert caught.value.document == "roster" and "assignments[0]" in str(caught.value.issues[0].at)


def test_a_clause_reads_by_its_anchors_before_any_post_is_placed():
    scenario = load_scenario(EXAMPLES / "04-phased-launch-clause.json")
    words = campaign_clause_words(scenario.campaigns[0])
    assert words == ("full exclusivity from 7 days before first post to launch end; then semi-exclusive "
                     "(competitors only) from 1 day after launch end to 30 days after last post")
    assert anchor_words(PhaseAnchor(anchor="window_start", offset_days=-1)) == "1 day before window start"
    assert campaign_clause_words(scenario.campaigns[1]) == "no exclusivity"


def test_the_document_is_plain_json_with_iso_days():
    scenario = load_scenario(EXAMPLES / "04-phased-launch-clause.json")
    document = json.loads(timeline_of(scenario, solve_checked(scenario)).model_dump_json(by_alias=True))
    assert document["format"] == "timeline/1"
    post = document["creators"][0]["bookings"][0]["posts"][0]
    assert dt.date.fromisoformat(post)
