"""Deal checks, the breach monitor and creator calendars on hand-made scenarios with known answers.

The deal check is also held against the validator: a deal is allowed exactly
when, written into the scenario as one more commitment, it adds no warning
among commitments and no violation to the roster.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar as ICal

from creator_roster.models import DocumentError, Roster, load_scenario
from creator_roster.models.enforcement import Deal, PublishedPost
from creator_roster.rules.enforce import Enforcer, calendar_ics
from creator_roster.rules.index import ScenarioIndex
from creator_roster.rules.validate import commitment_warnings, validate
from creator_roster.solver.solve import solve_scenario

EXAMPLES = Path(__file__).parent / "data" / "examples"
D = dt.date.fromisoformat


def example(name: str):
    return load_scenario(EXAMPLES / name)


BASE = {
    "format": "scenario/1",
    "name": "enforcement",
    "horizon": {"start": "2027-03-01", "end": "2027-06-30"},
    "regions": ["US", "UK"],
    "platforms": ["instagram", "tiktok"],
    "categories": [
        {"id": "skincare"},
        {"id": "sunscreen", "parent": "skincare", "adjacent": ["haircare"]},
        {"id": "haircare"},
        {"id": "snacks"},
    ],
    "brands": [
        {"id": "glowco", "competitors": ["sunbrite"]},
        {"id": "sunbrite"}, {"id": "shinyhair"}, {"id": "crunchco"}, {"id": "partner"},
    ],
    "creators": [
        {"id": "ava", "platforms": ["instagram", "tiktok"], "audience": {"US": 500000, "UK": 100000},
         "engagement_rate": 0.04, "fee_per_post": 3000, "max_posts_per_week": 2,
         "unavailable": [{"start": "2027-06-01", "end": "2027-06-05"}], "blocked_brands": ["crunchco"]},
        {"id": "ben", "platforms": ["instagram"], "audience": {"US": 300000}, "engagement_rate": 0.05,
         "fee_per_post": 1500},
    ],
    "campaigns": [
        {"id": "glow-spring", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "window": {"start": "2027-04-01", "end": "2027-04-30"},
         "exclusivity": {
             "phases": [{"level": "full", "from": {"anchor": "first_post", "offset_days": -3},
                         "to": {"anchor": "last_post", "offset_days": 10}}],
             "exceptions": {"brands": ["shinyhair"]}}},
    ],
    "commitments": [
        {"id": "ava-sunbrite", "creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "posts": ["2027-03-10"],
         "exclusivity": {"phases": [{"level": "category", "start": "2027-03-01", "end": "2027-03-31"}],
                         "exceptions": {"brands": ["glowco"]}}},
        {"id": "ava-shiny", "creator": "ava", "brand": "shinyhair", "category": "haircare", "regions": ["US"],
         "platforms": ["tiktok"], "posts": ["2027-05-20"],
         "exclusivity": {"phases": [{"level": "full", "start": "2027-05-15", "end": "2027-05-31",
                                     "platforms": ["tiktok"]}]}},
    ],
}


def ben_roster(scenario) -> Roster:
    """ben on glow-spring, posting on 2027-04-10: full exclusivity 04-07..04-20 in the US."""
    index = ScenarioIndex(scenario)
    fee, value = index.fee("ben", "glow-spring"), index.value("ben", "glow-spring")
    roster = Roster.model_validate({
        "scenario": scenario.name, "status": "feasible", "objective": value, "bound": value + 1,
        "assignments": [{"creator": "ben", "campaign": "glow-spring", "posts": ["2027-04-10"],
                         "fee": fee, "value": value}],
        "campaigns": [{"id": "glow-spring", "staffed": True, "creators": ["ben"], "fees": fee, "value": value}],
    })
    assert validate(scenario, roster) == []
    return roster


@pytest.fixture(scope="module")
def base():
    return load_scenario(copy.deepcopy(BASE))


@pytest.fixture(scope="module")
def enforcer(base):
    return Enforcer(base, ben_roster(base))


def deal(creator="ava", brand="glowco", category="sunscreen", regions=("US",), platforms=("instagram",),
         posts=("2027-04-10",), phases=(), exceptions=None) -> Deal:
    doc = {"creator": creator, "brand": brand, "category": category, "regions": list(regions),
           "platforms": list(platforms), "posts": list(posts)}
    if phases or exceptions is not None:
        doc["exclusivity"] = {"phases": [dict(p) for p in phases]}
        if exceptions is not None:
            doc["exclusivity"]["exceptions"] = {"brands": list(exceptions)}
    return Deal.model_validate(doc)


def phase(level, start, end, **more):
    return {"level": level, "start": start, "end": end, **more}


def kinds(answer):
    return sorted(c.kind for c in answer.conflicts)


# --- example 07: both directions of the conflict rule ------------------------------------

def test_deal_post_inside_a_commitment_phase_is_blocked_until_the_phase_ends():
    enf = Enforcer(example("07-prior-commitments.json"))
    answer = enf.check(deal(posts=["2027-04-10"]))
    assert not answer.allowed
    [c] = answer.conflicts
    assert (c.kind, c.with_, c.phase, c.days) == ("exclusivity", "ava-sunbrite-2027",
                                                   "commitments[0].exclusivity.phases[0]", [D("2027-04-10")])
    assert answer.earliest_start == D("2027-05-01")  # the day after ava's sunbrite clause ends
    assert answer.allowed_variants == []  # their clause, not the deal's, is in the way


def test_deal_outside_the_commitment_regions_is_allowed():
    enf = Enforcer(example("07-prior-commitments.json"))
    answer = enf.check(deal(regions=["UK"], posts=["2027-04-10"]))
    assert answer.allowed and answer.conflicts == []
    assert answer.earliest_start == D("2027-04-10")


def test_commitment_post_inside_the_deal_phase_and_weaker_clauses():
    enf = Enforcer(example("07-prior-commitments.json"))
    proposed = deal(creator="ben", posts=["2027-01-10"], phases=[phase("category", "2027-01-01", "2027-03-01")])
    answer = enf.check(proposed)
    assert not answer.allowed
    [c] = answer.conflicts
    assert (c.with_, c.phase, c.days) == ("ben-dermaplus-winter", "deal.exclusivity.phases[0]", [D("2027-02-10")])
    # shifted whole, the deal's post must wait for dermaplus' full clause (to 03-20) to end
    assert answer.earliest_start == D("2027-03-21")
    names = {v.variant: v for v in answer.allowed_variants}
    # the smallest change of each kind: one level down (glowco and dermaplus do not compete), or the phase
    # ending the day before the dermaplus post; starting after it would leave the deal's own post uncovered
    assert set(names) == {"lower level", "ends earlier"}
    assert names["lower level"].clause.phases[0].level == "competitors"
    assert names["ends earlier"].clause.phases[0].end == D("2027-02-09")
    assert "ends on 2027-02-09, the day before ben's post for dermaplus" in names["ends earlier"].message
    assert_each_variant_is_allowed(enf, proposed, answer)


def assert_each_variant_is_allowed(enf, proposed: Deal, answer) -> None:
    """Every suggestion, sent back as the deal's clause, is allowed."""
    assert answer.allowed_variants
    for v in answer.allowed_variants:
        weaker = proposed.model_copy(update={"exclusivity": proposed.exclusivity.model_copy(update={
            "phases": [type(proposed.exclusivity.phases[0]).model_validate(p.model_dump(mode="json"))
                       for p in v.clause.phases]})})
        assert enf.check(weaker).allowed, v.variant


def test_a_clause_looking_back_over_a_post_starts_later_rather_than_ending_before_the_deal():
    """ben's dermaplus post (02-10) sits in the look-back part of a full clause around his 03-25 post: the
    smallest cut starts the clause on 02-11; ending it on 02-09 would end it long before the deal's own post."""
    enf = Enforcer(example("07-prior-commitments.json"))
    proposed = deal(creator="ben", brand="glowco", posts=["2027-03-25"], regions=["US", "UK"],
                    phases=[phase("full", "2027-02-01", "2027-04-30")])
    answer = enf.check(proposed)
    names = {v.variant: v for v in answer.allowed_variants}
    assert "ends earlier" not in names
    assert names["starts later"].clause.phases[0].start == D("2027-02-11")
    assert names["narrower regions"].clause.phases[0].regions == ["UK"]  # dermaplus posts in the US only
    assert "limited to UK" in names["narrower regions"].message
    assert_each_variant_is_allowed(enf, proposed, answer)


def test_example_13_the_must_have_creator_is_tied_up_until_her_clause_ends():
    enf = Enforcer(example("13-infeasible-must-have-tied-up.json"))
    # glow-spring's booking of ava, as a deal: any post in its window (04-01..04-20) is blocked
    for day in ("2027-04-01", "2027-04-20"):
        answer = enf.check(deal(regions=["US", "CA"], posts=[day],
                                phases=[phase("category", day, "2027-05-04")]))
        assert [(c.with_, c.phase) for c in answer.conflicts] == [
            ("ava-sunbrite-2027", "commitments[0].exclusivity.phases[0]")]
        assert answer.earliest_start == D("2027-05-01") and answer.allowed_variants == []
    # a Canada-only deal is outside the sunbrite clause (US only)
    assert enf.check(deal(regions=["CA"], posts=["2027-04-10"])).allowed
    # ava may promote crunchco snacks meanwhile: no relation to sunbrite's sunscreen
    assert enf.check(deal(brand="crunchco", category="snacks", posts=["2027-04-10"])).allowed


# --- exceptions work in one direction ------------------------------------------------------

def test_their_exception_lets_the_deal_post_but_does_not_shelter_their_posts(enforcer):
    # ava-sunbrite's clause excepts glowco: a glowco post inside it is fine
    assert enforcer.check(deal(posts=["2027-03-20"])).allowed
    # but the deal's own clause still covers sunbrite's post on 03-10 (a competitor of glowco)
    answer = enforcer.check(deal(posts=["2027-03-20"], phases=[phase("competitors", "2027-03-05", "2027-03-25")]))
    assert not answer.allowed
    [c] = answer.conflicts
    assert (c.with_, c.phase, c.days) == ("ava-sunbrite", "deal.exclusivity.phases[0]", [D("2027-03-10")])
    # ... unless the deal's clause excepts sunbrite in turn
    assert enforcer.check(deal(posts=["2027-03-20"], phases=[phase("competitors", "2027-03-05", "2027-03-25")],
                               exceptions=["sunbrite"])).allowed


def test_phase_platforms_and_regions_limit_a_clause(enforcer):
    # ava-shiny's full clause (adjacent haircare ~ sunscreen) applies on tiktok only
    assert enforcer.check(deal(posts=["2027-05-20"], platforms=["instagram"])).conflicts[0].kind == "same_day"
    assert enforcer.check(deal(posts=["2027-05-21"], platforms=["instagram"])).allowed
    blocked = enforcer.check(deal(posts=["2027-05-21"], platforms=["tiktok"]))
    assert [(c.with_, c.phase) for c in blocked.conflicts] == [("ava-shiny", "commitments[1].exclusivity.phases[0]")]
    assert blocked.earliest_start == D("2027-06-06")  # after the clause (05-31) and the unavailable days (06-01..05)
    assert enforcer.check(deal(posts=["2027-05-21"], platforms=["tiktok"], regions=["UK"])).allowed


# --- roster bookings count like commitments --------------------------------------------------

def test_roster_booking_blocks_a_competitor_and_is_blocked_by_a_deal_clause(enforcer):
    answer = enforcer.check(deal(creator="ben", brand="sunbrite", posts=["2027-04-15"]))
    [c] = answer.conflicts
    assert (c.with_, c.phase, c.days) == ("glow-spring", "campaigns[0].exclusivity.phases[0]", [D("2027-04-15")])
    assert answer.earliest_start == D("2027-04-21")  # glow-spring's clause: 04-07..04-20
    # glow-spring excepts shinyhair, though haircare is adjacent to sunscreen at full level
    assert enforcer.check(deal(creator="ben", brand="shinyhair", category="haircare", posts=["2027-04-15"])).allowed
    # the deal's full clause over skincare covers ben's glowco post on 04-10 (sunscreen overlaps skincare)
    answer = enforcer.check(deal(creator="ben", brand="partner", category="skincare", posts=["2027-04-25"],
                                 phases=[phase("full", "2027-04-01", "2027-04-30")]))
    [c] = answer.conflicts
    assert (c.with_, c.phase, c.days) == ("glow-spring", "deal.exclusivity.phases[0]", [D("2027-04-10")])
    assert answer.earliest_start == D("2027-05-05")  # the shifted clause starts the day after ben's post
    # snacks are no market of glowco's: the same clause is harmless
    assert enforcer.check(deal(creator="ben", brand="crunchco", category="snacks", posts=["2027-04-25"],
                               phases=[phase("full", "2027-04-01", "2027-04-30")])).allowed


# --- the creator's own rules ---------------------------------------------------------------

def test_same_day_unavailable_weekly_cap_and_blocked_brand(enforcer):
    snacks = dict(brand="partner", category="snacks")
    assert kinds(enforcer.check(deal(posts=["2027-03-10"], **snacks))) == ["same_day"]
    assert kinds(enforcer.check(deal(posts=["2027-06-02"], **snacks))) == ["unavailable"]
    # ava may post twice a week; ava-sunbrite already posts on Wednesday 03-10
    capped = enforcer.check(deal(posts=["2027-03-08", "2027-03-09"], **snacks))
    assert kinds(capped) == ["weekly_cap"]
    assert capped.conflicts[0].path == "creators[0].max_posts_per_week"
    assert capped.earliest_start == D("2027-03-14")  # Sunday 03-14 and Monday 03-15: one post in each week
    blocked = enforcer.check(deal(brand="crunchco", category="snacks", posts=["2027-04-20"]))
    assert kinds(blocked) == ["blocked_brand"] and blocked.earliest_start is None


def test_deal_references_are_checked_with_field_paths(enforcer):
    with pytest.raises(DocumentError) as err:
        enforcer.check(deal(creator="zed", brand="nobody", regions=["US", "XX"], posts=["2027-04-01", "2027-04-01"],
                            phases=[phase("full", "2027-04-01", "2027-04-02", platforms=["myspace"])]))
    paths = {i.path for i in err.value.issues}
    assert paths == {"deal.creator", "deal.brand", "deal.regions[1]", "deal.posts[1]",
                     "deal.exclusivity.phases[0].platforms[0]"}


# --- earliest_start and the validator ------------------------------------------------------

DEALS = [
    deal(posts=["2027-03-12", "2027-03-20"], phases=[phase("full", "2027-03-05", "2027-04-05")]),
    deal(creator="ben", brand="sunbrite", posts=["2027-04-01", "2027-04-09"],
         phases=[phase("competitors", "2027-04-01", "2027-04-20")]),
    deal(brand="partner", category="skincare", platforms=["tiktok"], posts=["2027-05-10"],
         phases=[phase("category", "2027-05-01", "2027-05-30", regions=["US"])]),
    deal(brand="partner", category="snacks", posts=["2027-03-08", "2027-03-09"]),
]


@pytest.mark.parametrize("proposed", DEALS, ids=range(len(DEALS)))
def test_earliest_start_is_the_first_allowed_shift(enforcer, proposed):
    earliest = enforcer.check(proposed).earliest_start
    assert earliest is not None
    first = min(proposed.posts)
    shift = (earliest - first).days
    assert shift >= 0
    assert enforcer.conflicts(enforcer.deal_booking(proposed, shift)) == []
    assert all(enforcer.conflicts(enforcer.deal_booking(proposed, k)) for k in range(shift))


def _with_deal(document: dict, proposed: Deal) -> dict:
    doc = copy.deepcopy(document)
    commitment = {"id": "the-deal", **json.loads(proposed.model_dump_json(exclude_none=True))}
    doc["commitments"].append(commitment)
    return doc


@pytest.mark.parametrize("proposed", DEALS, ids=range(len(DEALS)))
def test_deal_check_agrees_with_the_validator_day_by_day(base, enforcer, proposed):
    roster = ben_roster(base)
    before = commitment_warnings(base)
    for k in range(0, 75, 3):
        shifted = Deal.model_validate({**proposed.model_dump(mode="json", exclude_none=True),
                                       "posts": [str(d + dt.timedelta(days=k)) for d in proposed.posts],
                                       "exclusivity": {"phases": [
                                           {**p.model_dump(mode="json", exclude_none=True),
                                            "start": str(p.start + dt.timedelta(days=k)),
                                            "end": str(p.end + dt.timedelta(days=k))} for p in proposed.phases]}})
        with_deal = load_scenario(_with_deal(BASE, shifted))
        clean = commitment_warnings(with_deal) == before and validate(with_deal, roster) == []
        assert enforcer.check(shifted).allowed == clean, (k, enforcer.check(shifted).conflicts)


# --- the breach monitor -------------------------------------------------------------------

def post(creator, day, brand, category, regions=("US",), platforms=("instagram",)) -> PublishedPost:
    return PublishedPost.model_validate({"creator": creator, "day": day, "brand": brand, "category": category,
                                         "regions": list(regions), "platforms": list(platforms)})


def test_monitor_flags_breaches_and_spares_booked_posts(enforcer):
    feed = [
        post("ben", "2027-04-10", "glowco", "sunscreen"),  # ben's own booked post
        post("ben", "2027-04-12", "sunbrite", "sunscreen"),  # competitor inside glow-spring's clause
        post("ava", "2027-03-10", "sunbrite", "sunscreen"),  # ava's own committed post
        post("ava", "2027-03-12", "glowco", "sunscreen"),  # excepted by ava-sunbrite
        post("ava", "2027-03-12", "partner", "skincare"),  # overlaps sunscreen: category clause
        post("ava", "2027-05-25", "glowco", "sunscreen", platforms=["tiktok"]),  # adjacent, full, tiktok
        post("ava", "2027-05-25", "glowco", "sunscreen", platforms=["instagram"]),  # not on tiktok: fine
    ]
    answer = enforcer.monitor(feed)
    flagged = {a.post: [(b.with_, b.phase) for b in a.breaches] for a in answer.alerts}
    assert flagged == {
        1: [("glow-spring", "campaigns[0].exclusivity.phases[0]")],
        4: [("ava-sunbrite", "commitments[0].exclusivity.phases[0]")],
        5: [("ava-shiny", "commitments[1].exclusivity.phases[0]")],
    }
    assert answer.alerts[0].creator == "ben" and answer.alerts[0].day == D("2027-04-12")


def test_monitor_checks_references(enforcer):
    with pytest.raises(DocumentError) as err:
        enforcer.monitor([post("ava", "2027-03-12", "glowco", "sunscreen"), post("ava", "2027-03-12", "x", "y")])
    assert {i.path for i in err.value.issues} == {"posts[1].brand", "posts[1].category"}


# --- the creator calendar -----------------------------------------------------------------

def test_calendar_lists_commitment_and_booking_phases(enforcer):
    cal = enforcer.calendar("ben", "s1")
    assert [(e.with_, e.start, e.end, e.level) for e in cal.entries] == [
        ("glow-spring", D("2027-04-07"), D("2027-04-20"), "full")]
    entry = cal.entries[0]
    assert entry.booking == "campaign" and entry.exceptions == ["shinyhair"] and entry.regions == ["US"]
    assert "glowco" in entry.reason and "shinyhair" in entry.reason
    ava = enforcer.calendar("ava", "s1")
    assert [(e.with_, e.phase, e.platforms) for e in ava.entries] == [
        ("ava-sunbrite", "commitments[0].exclusivity.phases[0]", None),
        ("ava-shiny", "commitments[1].exclusivity.phases[0]", ["tiktok"])]
    with pytest.raises(KeyError):
        enforcer.calendar("zed", "s1")


def test_calendar_as_ics_has_one_all_day_event_per_phase_and_per_post(enforcer):
    cal = enforcer.calendar("ava", "s1")
    ics = ICal.from_ical(calendar_ics(cal))
    events = [c for c in ics.walk("VEVENT")]
    phases = [e for e in events if str(e["summary"]).startswith("Exclusivity")]
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in phases] == [
        (D("2027-03-01"), D("2027-04-01")), (D("2027-05-15"), D("2027-06-01"))]  # DTEND is exclusive
    posts = [e for e in events if str(e["summary"]).startswith("Post for")]
    assert [e.decoded("dtstart") for e in posts] == [p.day for p in cal.posts] and cal.posts
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1) for e in posts)
    assert len({str(e["uid"]) for e in events}) == len(events)


# --- signed bookings are bookings ------------------------------------------------------------

def signed_scenario():
    """Example 14: ava is signed on glow-spring (glowco) for 04-10 and 04-17; its clause runs 10 days past."""
    return load_scenario(EXAMPLES / "14-locked-signed-booking.json")


def test_a_signed_booking_blocks_a_deal_without_any_roster():
    deal = Deal.model_validate({"creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
                                "platforms": ["instagram"], "posts": ["2027-04-20"]})
    answer = Enforcer(signed_scenario()).check(deal)
    assert answer.allowed is False
    assert [(c.kind, c.with_, c.phase) for c in answer.conflicts] == [
        ("exclusivity", "glow-spring", "campaigns[0].exclusivity.phases[0]")]
    assert answer.earliest_start == D("2027-04-28")
    later = deal.model_copy(update={"posts": [D("2027-04-28")]})
    assert Enforcer(signed_scenario()).check(later).allowed is True


def test_the_calendar_shows_signed_and_planned_post_days():
    s = signed_scenario()
    glow = s.campaigns[0]
    signed = glow.locked[0]
    roster = solve_scenario(s)
    assert validate(s, roster) == []
    cal = Enforcer(s, roster).calendar(signed.creator, "s14")
    mine = {(p.day, p.with_): p.signed for p in cal.posts}
    for day in signed.posts:
        assert mine[(day, glow.id)] is True
    planned = [a for a in roster.assignments if a.creator == signed.creator and a.campaign != glow.id]
    for a in planned:
        assert all(mine[(d, a.campaign)] is False for d in a.posts)
    assert any(e.with_ == glow.id for e in cal.entries)  # her signed clause is in the calendar too
    assert len(cal.posts) == len({(p.day, p.with_) for p in cal.posts})
