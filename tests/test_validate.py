"""The roster validator, rule by rule, on tiny hand-made scenarios and hand-built rosters.

Every test breaks exactly one rule of "A valid roster" (or one reported figure)
in an otherwise valid roster and checks that the validator names the rule, the
creator and the day; the untouched roster must validate clean.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import Roster, Scenario, load_scenario
from creator_roster.rules.index import ScenarioIndex
from creator_roster.rules.validate import Violation, commitment_warnings, validate

EXAMPLES = Path(__file__).parent / "data" / "examples"

D = dt.date.fromisoformat

# 2027-03-01 is a Monday, so ISO weeks run 03-01..03-07, 03-08..03-14, ...
BASE = {
    "format": "scenario/1",
    "name": "validator fixture",
    "horizon": {"start": "2027-03-01", "end": "2027-04-30"},
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
        {"id": "sunbrite"},
        {"id": "crunchco"},
        {"id": "shineco"},
    ],
    "creators": [
        {"id": "ava", "platforms": ["instagram"], "audience": {"US": 100000, "UK": 20000},
         "engagement_rate": 0.05, "fee_per_post": 1000, "max_posts_per_week": 3},
        {"id": "ben", "platforms": ["instagram", "tiktok"], "audience": {"US": 50000},
         "engagement_rate": 0.04, "fee_per_post": 500},
        {"id": "cy", "platforms": ["instagram"], "audience": {"US": 10000},
         "engagement_rate": 0.1, "fee_per_post": 200},
    ],
    "campaigns": [
        {"id": "glow", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "window": {"start": "2027-03-01", "end": "2027-03-14"},
         "posts_per_creator": 2, "min_days_between_posts": 3, "creators": {"min": 1, "max": 2}},
        {"id": "crunch", "brand": "crunchco", "category": "snacks", "regions": ["US"],
         "platforms": ["instagram"], "window": {"start": "2027-03-01", "end": "2027-03-31"}},
    ],
    "commitments": [],
}

# ava 03-01 + 03-05 on glow, ben 03-02 + 03-08 on glow, cy 03-10 on crunch.
GOOD_PLAN = {
    ("ava", "glow"): ["2027-03-01", "2027-03-05"],
    ("ben", "glow"): ["2027-03-02", "2027-03-08"],
    ("cy", "crunch"): ["2027-03-10"],
}


def scenario(**changes) -> Scenario:
    """BASE with top-level fields replaced, or a function applied to the document."""
    doc = copy.deepcopy(BASE)
    edit = changes.pop("edit", None)
    doc.update(copy.deepcopy(changes))
    if edit is not None:
        edit(doc)
    return load_scenario(doc)


def campaign(doc: dict, campaign_id: str) -> dict:
    return next(k for k in doc["campaigns"] if k["id"] == campaign_id)


def creator(doc: dict, creator_id: str) -> dict:
    return next(c for c in doc["creators"] if c["id"] == creator_id)


def build_roster(s: Scenario, plan: dict, status: str = "optimal") -> dict:
    """A roster document for ``plan`` with every reported figure right (by the formulas)."""
    index = ScenarioIndex(s)
    assignments = []
    for (creator_id, campaign_id), posts in plan.items():
        known = creator_id in index.creators and campaign_id in index.campaigns
        assignments.append({
            "creator": creator_id, "campaign": campaign_id, "posts": list(posts),
            "fee": index.fee(creator_id, campaign_id) if known else 0,
            "value": index.value(creator_id, campaign_id) if known else 0,
        })
    campaigns = []
    for k in s.campaigns:
        mine = [a for a in assignments if a["campaign"] == k.id]
        campaigns.append({"id": k.id, "staffed": bool(mine), "creators": [a["creator"] for a in mine],
                          "fees": sum(a["fee"] for a in mine), "value": sum(a["value"] for a in mine)})
    solved = status in ("optimal", "feasible")
    objective = sum(a["value"] for a in assignments) if solved else None
    return {"format": "roster/1", "scenario": s.name, "status": status, "objective": objective,
            "bound": objective, "assignments": assignments, "campaigns": campaigns, "warnings": [],
            "explanation": None, "stats": {}}


def check(s: Scenario, roster: dict | Roster) -> list[Violation]:
    if isinstance(roster, dict):
        roster = Roster.model_validate(roster)
    return validate(s, roster)


def rules_of(violations: list[Violation]) -> set[int]:
    return {v.rule for v in violations}


def only(violations: list[Violation], rule: int) -> Violation:
    """The single violation, asserting it is of ``rule``."""
    assert [v.rule for v in violations] == [rule], [str(v) for v in violations]
    return violations[0]


def plan_with(**changes) -> dict:
    plan = dict(GOOD_PLAN)
    for key, posts in changes.items():
        creator_id, campaign_id = key.split("__")
        if posts is None:
            plan.pop((creator_id, campaign_id))
        else:
            plan[(creator_id, campaign_id)] = posts
    return plan


# --- the fixture itself ----------------------------------------------------------------

def test_the_good_roster_is_valid():
    s = scenario()
    assert check(s, build_roster(s, GOOD_PLAN)) == []


def test_violation_reads_as_one_line():
    v = Violation(6, "ava's post breaches", ("ava on glow",), (D("2027-03-01"),))
    assert str(v) == "rule 6: ava's post breaches"


# --- rule 1: eligibility and well-formed assignments ------------------------------------------

def test_rule1_creator_without_a_campaign_platform():
    def edit(doc):
        creator(doc, "cy")["platforms"] = ["tiktok"]
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 1)
    assert "cy" in v.message and "platform" in v.message
    assert v.bookings == ("cy on crunch",)


def test_rule1_creator_without_audience_in_the_campaign_regions():
    def edit(doc):
        creator(doc, "cy")["audience"] = {"US": 0, "UK": 5000}
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 1)
    assert "cy" in v.message and "audience" in v.message


def test_rule1_excluded_creator():
    def edit(doc):
        campaign(doc, "glow")["excluded_creators"] = ["ben"]
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 1)
    assert "ben" in v.message and "excluded" in v.message and "glow" in v.message


def test_rule1_creator_blocks_the_brand():
    def edit(doc):
        creator(doc, "ava")["blocked_brands"] = ["glowco"]
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 1)
    assert "ava" in v.message and "glowco" in v.message


def test_rule1_unknown_creator_does_not_crash():
    s = scenario()
    v = only(check(s, build_roster(s, plan_with(zed__crunch=["2027-03-12"]))), 1)
    assert "zed" in v.message


def test_rule1_unknown_campaign_does_not_crash():
    s = scenario()
    v = only(check(s, build_roster(s, plan_with(cy__nosuch=["2027-03-12"]))), 1)
    assert "nosuch" in v.message and "cy" in v.message


def test_rule1_same_creator_twice_on_one_campaign():
    s = scenario()
    roster = build_roster(s, GOOD_PLAN)
    again = dict(roster["assignments"][2], posts=["2027-03-20"])
    roster["assignments"].append(again)
    roster["campaigns"][1].update(creators=["cy", "cy"], fees=2 * again["fee"], value=2 * again["value"])
    roster["objective"] = roster["bound"] = sum(a["value"] for a in roster["assignments"])
    v = only(check(s, roster), 1)
    assert "cy" in v.message and "crunch" in v.message and "second time" in v.message


# --- rule 2: the posts of a booking ----------------------------------------------------------

def test_rule2_wrong_number_of_posts():
    s = scenario()
    v = only(check(s, build_roster(s, plan_with(ava__glow=["2027-03-01"]))), 2)
    assert "ava on glow" in v.message and "exactly 2" in v.message


def test_rule2_post_outside_the_window():
    s = scenario()
    v = only(check(s, build_roster(s, plan_with(ava__glow=["2027-03-01", "2027-03-20"]))), 2)
    assert "window" in v.message and v.days == (D("2027-03-20"),)


def test_rule2_post_outside_the_horizon():
    s = scenario()
    violations = check(s, build_roster(s, plan_with(cy__crunch=["2027-02-26"])))
    assert rules_of(violations) == {2}
    assert any("horizon" in v.message and "2027-02-26" in v.message for v in violations)


def test_rule2_posts_too_close_together():
    s = scenario()
    v = only(check(s, build_roster(s, plan_with(ava__glow=["2027-03-01", "2027-03-03"]))), 2)
    assert "2 day(s) apart" in v.message and "at least 3" in v.message
    assert v.days == (D("2027-03-01"), D("2027-03-03"))


def test_rule2_spacing_exactly_the_minimum_is_fine():
    s = scenario()
    assert check(s, build_roster(s, plan_with(ava__glow=["2027-03-01", "2027-03-04"]))) == []


def test_rule2_the_same_day_twice():
    s = scenario()
    violations = check(s, build_roster(s, plan_with(ava__glow=["2027-03-04", "2027-03-04"])))
    assert rules_of(violations) == {2}
    assert any("more than once" in v.message and v.days == (D("2027-03-04"),) for v in violations)


# --- rule 3: one post a day, availability, weekly caps ---------------------------------------

def test_rule3_two_new_posts_on_one_day():
    s = scenario()
    v = only(check(s, build_roster(s, plan_with(ava__crunch=["2027-03-05"]))), 3)
    assert "ava" in v.message and v.days == (D("2027-03-05"),)
    assert set(v.bookings) == {"ava on glow", "ava on crunch"}


def test_rule3_new_post_on_a_commitment_day():
    commitment = {"id": "cy-old", "creator": "cy", "brand": "shineco", "category": "haircare",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-10"]}
    s = scenario(commitments=[commitment])
    v = only(check(s, build_roster(s, GOOD_PLAN)), 3)
    assert set(v.bookings) == {"cy on crunch", "commitment cy-old"} and v.days == (D("2027-03-10"),)


def test_rule3_post_on_an_unavailable_day():
    def edit(doc):
        creator(doc, "ben")["unavailable"] = [{"start": "2027-03-07", "end": "2027-03-09"}]
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 3)
    assert "ben" in v.message and "unavailable" in v.message and v.days == (D("2027-03-08"),)


def test_rule3_weekly_cap_of_new_posts():
    def edit(doc):
        creator(doc, "ava")["max_posts_per_week"] = 2
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, plan_with(ava__crunch=["2027-03-03"]))), 3)
    assert "ava" in v.message and "2027-W09" in v.message and "cap of 2" in v.message


def test_rule3_weekly_cap_counts_a_commitment_post_before_the_horizon():
    # As in example 09: the horizon starts on Wednesday 03-03, ava's commitment posted on Monday 03-01,
    # in the same ISO week 2027-W09, so it counts against her cap there.
    def edit(doc):
        doc["horizon"]["start"] = "2027-03-03"
        campaign(doc, "glow")["window"]["start"] = "2027-03-03"
        campaign(doc, "crunch")["window"]["start"] = "2027-03-03"
        creator(doc, "ava")["max_posts_per_week"] = 2
    commitment = {"id": "ava-old", "creator": "ava", "brand": "shineco", "category": "haircare",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-01"]}
    s = scenario(commitments=[commitment], edit=edit)
    plan = plan_with(ava__glow=["2027-03-03", "2027-03-06"], ben__glow=["2027-03-04", "2027-03-08"])
    v = only(check(s, build_roster(s, plan)), 3)
    assert "commitment ava-old" in v.bookings and D("2027-03-01") in v.days
    # Without the pre-horizon commitment post the same roster is fine.
    s_free = scenario(edit=edit)
    assert check(s_free, build_roster(s_free, plan)) == []


def test_rule3_new_post_into_a_week_commitments_already_filled():
    def edit(doc):
        creator(doc, "cy")["max_posts_per_week"] = 1
    commitment = {"id": "cy-old", "creator": "cy", "brand": "shineco", "category": "haircare",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-08"]}
    s = scenario(commitments=[commitment], edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 3)  # cy posts 03-10, same week as 03-08
    assert "cy" in v.message and "2027-W10" in v.message
    assert set(v.bookings) == {"cy on crunch", "commitment cy-old"}


def test_commitment_only_problems_are_warnings_not_violations():
    def edit(doc):
        creator(doc, "cy")["max_posts_per_week"] = 1
        creator(doc, "cy")["unavailable"] = [{"start": "2027-03-22", "end": "2027-03-22"}]
    commitments = [
        {"id": "cy-a", "creator": "cy", "brand": "shineco", "category": "haircare", "regions": ["US"],
         "platforms": ["instagram"], "posts": ["2027-03-22", "2027-03-24"],
         "exclusivity": {"phases": [{"level": "full", "start": "2027-03-20", "end": "2027-03-31"}]}},
        {"id": "cy-b", "creator": "cy", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "posts": ["2027-03-24"]},
    ]
    s = scenario(commitments=commitments, edit=edit)
    # cy's new post (03-10) is in another week, away from all of it.
    assert check(s, build_roster(s, GOOD_PLAN)) == []
    warnings = commitment_warnings(s)
    assert any("2027-03-24" in w and "2 times" in w for w in warnings)  # two on one day
    assert any("unavailable" in w and "2027-03-22" in w for w in warnings)
    assert any("2027-W12" in w and "cap of 1" in w for w in warnings)
    # sunbrite's sunscreen is adjacent to shineco's haircare: cy-a's full clause is breached by cy-b.
    assert any("commitment cy-b" in w and "commitment cy-a" in w and "full" in w for w in warnings)
    assert len(warnings) == 4


def test_no_commitment_warnings_for_a_clean_scenario():
    assert commitment_warnings(scenario()) == []


# --- rule 4: staffing ------------------------------------------------------------------

def test_rule4_below_the_minimum():
    def edit(doc):
        campaign(doc, "glow")["creators"] = {"min": 3}
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 4)
    assert "glow" in v.message and "minimum of 3" in v.message


def test_rule4_above_the_maximum():
    s = scenario()
    v = only(check(s, build_roster(s, plan_with(cy__glow=["2027-03-01", "2027-03-04"]))), 4)
    assert "glow" in v.message and "maximum of 2" in v.message


def test_rule4_required_campaign_unstaffed():
    def edit(doc):
        doc["campaigns"].append({"id": "hair", "brand": "shineco", "category": "haircare", "regions": ["US"],
                                 "platforms": ["instagram"], "window": {"start": "2027-04-01", "end": "2027-04-30"},
                                 "required": True})
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 4)
    assert "hair" in v.message and "required" in v.message


def test_rule4_required_creator_not_booked():
    def edit(doc):
        campaign(doc, "crunch")["required_creators"] = ["ben"]
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 4)
    assert "ben" in v.message and "crunch" in v.message and v.bookings == ("ben on crunch",)


def test_an_unstaffed_optional_campaign_is_fine():
    s = scenario()
    assert check(s, build_roster(s, plan_with(cy__crunch=None))) == []


# --- rule 5: budgets ---------------------------------------------------------------------

def test_rule5_budget_against_formula_fees():
    def edit(doc):
        campaign(doc, "glow")["budget"] = 2999  # ava 2000 + ben 1000
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 5)
    assert "glow" in v.message and "3000" in v.message and "2999" in v.message


def test_rule5_budget_met_exactly_is_fine():
    def edit(doc):
        campaign(doc, "glow")["budget"] = 3000
    s = scenario(edit=edit)
    assert check(s, build_roster(s, GOOD_PLAN)) == []


def test_rule5_reported_fees_do_not_hide_a_budget_breach():
    def edit(doc):
        campaign(doc, "glow")["budget"] = 2000
        # a premium makes the formula fee differ from the base fee
        campaign(doc, "glow")["exclusivity"] = {"phases": [
            {"level": "competitors", "from": {"anchor": "window_start"}, "to": {"anchor": "window_start",
                                                                                 "offset_days": 29}}]}
    s = scenario(edit=edit)
    roster = build_roster(s, plan_with(ben__glow=None))
    assert roster["assignments"][0]["fee"] == 2100  # 2 x 1000 x (1 + 0.05 x 30/30)
    violations = check(s, roster)
    assert rules_of(violations) == {5}
    roster["assignments"][0]["fee"] = 2000
    roster["campaigns"][0]["fees"] = 2000
    assert rules_of(check(s, roster)) == {5, 8}


# --- rule 6: exclusivity ---------------------------------------------------------------------

GLOW_CATEGORY_CLAUSE = {"phases": [{"level": "category", "from": {"anchor": "first_post"},
                                    "to": {"anchor": "last_post", "offset_days": 5}}]}


def sunbrite_campaign(**extra) -> dict:
    k = {"id": "sun", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"], "platforms": ["instagram"],
         "window": {"start": "2027-03-01", "end": "2027-03-31"}}
    k.update(extra)
    return k


def test_rule6_breach_between_two_campaign_bookings():
    def edit(doc):
        campaign(doc, "glow")["exclusivity"] = copy.deepcopy(GLOW_CATEGORY_CLAUSE)
        doc["campaigns"].append(sunbrite_campaign())
    s = scenario(edit=edit)
    # ava's glow posts 03-01, 03-05: clause runs to 03-10. sun on 03-09 breaches, on 03-11 does not.
    v = only(check(s, build_roster(s, plan_with(ava__sun=["2027-03-09"]))), 6)
    assert set(v.bookings) == {"ava on sun", "ava on glow"} and v.days == (D("2027-03-09"),)
    assert "category" in v.message and "campaigns[0].exclusivity.phases[0]" in v.message
    assert check(s, build_roster(s, plan_with(ava__sun=["2027-03-11"]))) == []


def test_rule6_breach_in_the_other_direction_look_back():
    # The clause of the later booking (sun, 7-day look-back) covers the earlier glow post.
    def edit(doc):
        doc["campaigns"].append(sunbrite_campaign(exclusivity={"phases": [
            {"level": "competitors", "from": {"anchor": "first_post", "offset_days": -7},
             "to": {"anchor": "last_post"}}]}))
    s = scenario(edit=edit)
    v = only(check(s, build_roster(s, plan_with(ava__sun=["2027-03-12"]))), 6)
    assert v.bookings == ("ava on glow", "ava on sun") and v.days == (D("2027-03-05"),)
    assert check(s, build_roster(s, plan_with(ava__sun=["2027-03-13"]))) == []


def test_rule6_exception_lets_a_brand_through():
    def edit(doc):
        clause = copy.deepcopy(GLOW_CATEGORY_CLAUSE)
        clause["exceptions"] = {"brands": ["sunbrite"]}
        campaign(doc, "glow")["exclusivity"] = clause
        doc["brands"][0]["competitors"] = []
        doc["campaigns"].append(sunbrite_campaign())
    s = scenario(edit=edit)
    assert check(s, build_roster(s, plan_with(ava__sun=["2027-03-09"]))) == []


def test_rule6_region_scope_keeps_a_uk_campaign_clear():
    def edit(doc):
        campaign(doc, "glow")["exclusivity"] = copy.deepcopy(GLOW_CATEGORY_CLAUSE)
        doc["campaigns"].append(sunbrite_campaign(regions=["UK"]))
    s = scenario(edit=edit)
    assert check(s, build_roster(s, plan_with(ava__sun=["2027-03-09"]))) == []


def test_rule6_commitment_clause_blocks_a_new_post():
    commitment = {"id": "ava-sun", "creator": "ava", "brand": "sunbrite", "category": "sunscreen",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-02-10"],
                  "exclusivity": {"phases": [{"level": "competitors", "start": "2027-02-01", "end": "2027-03-03"}]}}
    s = scenario(commitments=[commitment])
    v = only(check(s, build_roster(s, GOOD_PLAN)), 6)  # ava's glow post on 03-01
    assert set(v.bookings) == {"ava on glow", "commitment ava-sun"} and v.days == (D("2027-03-01"),)
    assert "commitments[0].exclusivity.phases[0]" in v.message
    assert check(s, build_roster(s, plan_with(ava__glow=["2027-03-04", "2027-03-08"]))) == []


def test_rule6_campaign_clause_covers_a_commitment_post():
    def edit(doc):
        campaign(doc, "glow")["exclusivity"] = copy.deepcopy(GLOW_CATEGORY_CLAUSE)
    commitment = {"id": "ava-sun", "creator": "ava", "brand": "sunbrite", "category": "sunscreen",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-09"]}
    s = scenario(commitments=[commitment], edit=edit)
    v = only(check(s, build_roster(s, GOOD_PLAN)), 6)
    assert v.bookings == ("commitment ava-sun", "ava on glow") and v.days == (D("2027-03-09"),)


def test_rule6_breach_between_two_commitments_is_only_a_warning():
    commitments = [
        {"id": "ava-sun", "creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
         "platforms": ["instagram"], "posts": ["2027-04-10"],
         "exclusivity": {"phases": [{"level": "category", "start": "2027-04-01", "end": "2027-04-30"}]}},
        {"id": "ava-derm", "creator": "ava", "brand": "shineco", "category": "skincare", "regions": ["US"],
         "platforms": ["instagram"], "posts": ["2027-04-20"]},
    ]
    s = scenario(commitments=commitments)
    assert check(s, build_roster(s, GOOD_PLAN)) == []
    assert [w for w in commitment_warnings(s) if "commitment ava-derm" in w and "commitment ava-sun" in w]


# --- rule 8: the reported figures -------------------------------------------------------------

def good() -> tuple[Scenario, dict]:
    s = scenario()
    return s, build_roster(s, GOOD_PLAN)


def test_rule8_fee_off_by_more_than_one():
    s, roster = good()
    roster["assignments"][0]["fee"] += 2
    roster["campaigns"][0]["fees"] += 2
    v = only(check(s, roster), 8)
    assert "ava on glow" in v.message and "fee" in v.message


def test_rule8_fee_and_value_within_one_are_accepted():
    s, roster = good()
    roster["assignments"][0]["fee"] += 1
    roster["campaigns"][0]["fees"] += 1
    roster["assignments"][1]["value"] -= 1
    roster["campaigns"][0]["value"] -= 1
    roster["objective"] -= 1
    roster["bound"] -= 1
    assert check(s, roster) == []


def test_rule8_value_off():
    s, roster = good()
    roster["assignments"][2]["value"] += 100
    roster["campaigns"][1]["value"] += 100
    roster["objective"] += 100
    roster["bound"] += 100
    v = only(check(s, roster), 8)
    assert "cy on crunch" in v.message and "value" in v.message


@pytest.mark.parametrize("field, wrong, words", [
    ("staffed", False, "staffed"),
    ("creators", ["ava"], "lists creators"),
    ("fees", 1, "reports fees"),
    ("value", 1, "reports value"),
])
def test_rule8_campaign_summary_disagrees(field, wrong, words):
    s, roster = good()
    roster["campaigns"][0][field] = wrong
    v = only(check(s, roster), 8)
    assert "glow" in v.message and words in v.message


def test_rule8_campaign_missing_or_listed_twice_or_unknown():
    s, roster = good()
    crunch = roster["campaigns"].pop(1)
    assert "crunch" in only(check(s, roster), 8).message
    roster["campaigns"] += [crunch, crunch]
    assert "2 times" in only(check(s, roster), 8).message
    roster["campaigns"].pop()
    roster["campaigns"].append({"id": "ghost", "staffed": False, "creators": [], "fees": 0, "value": 0})
    assert "ghost" in only(check(s, roster), 8).message


def test_rule8_objective_is_not_the_sum_of_values():
    s, roster = good()
    roster["objective"] += 10
    roster["bound"] += 10
    assert "objective" in only(check(s, roster), 8).message


def test_rule8_bound_below_objective():
    s, roster = good()
    roster["status"] = "feasible"
    roster["bound"] -= 1
    assert "bound" in only(check(s, roster), 8).message
    roster["bound"] += 5
    assert check(s, roster) == []  # feasible: bound above objective is fine


def test_rule8_optimal_needs_bound_equal_to_objective():
    s, roster = good()
    roster["bound"] += 5
    assert "optimal" in only(check(s, roster), 8).message


def test_rule8_solved_roster_needs_an_objective():
    s, roster = good()
    roster["objective"] = None
    roster["bound"] = None
    violations = check(s, roster)
    assert rules_of(violations) == {8} and any("null" in v.message for v in violations)


@pytest.mark.parametrize("status", ["infeasible", "unknown"])
def test_rule8_no_roster_statuses(status):
    s, roster = good()
    roster["status"] = status
    violations = check(s, roster)  # assignments and objective still there
    assert rules_of(violations) == {8}
    assert any("assignment" in v.message for v in violations)
    assert any("null" in v.message for v in violations)
    empty = build_roster(s, {}, status=status)
    assert empty["objective"] is None and check(s, empty) == []


def test_infeasible_roster_is_not_blamed_for_unstaffed_required_campaigns():
    def edit(doc):
        campaign(doc, "glow")["required"] = True
    s = scenario(edit=edit)
    assert check(s, build_roster(s, {}, status="infeasible")) == []
    assert rules_of(check(s, build_roster(s, {}, status="optimal"))) == {4}


# --- the examples' commitments ------------------------------------------------------------------

def example(name: str) -> Scenario:
    return load_scenario(EXAMPLES / f"{name}.json")


def expected_objective(name: str) -> int:
    return json.loads((EXAMPLES / f"{name}.expected.json").read_text())["objective"]


def test_example09_optimal_roster_by_hand_is_valid():
    s = example("09-weekly-cap-and-one-post-a-day")
    roster = build_roster(s, {
        ("ben", "crunch-kickoff"): ["2027-03-03", "2027-03-09"],
        ("ava", "beat-week"): ["2027-03-15", "2027-03-17"],
        ("ava", "crunch-flash"): ["2027-03-24"],
        ("ben", "crunch-flash"): ["2027-03-24"],
    })
    assert check(s, roster) == []
    assert roster["objective"] == expected_objective("09-weekly-cap-and-one-post-a-day")


def test_example09_new_post_on_a_commitment_day_is_rejected():
    s = example("09-weekly-cap-and-one-post-a-day")
    v = only(check(s, build_roster(s, {("cy", "crunch-flash"): ["2027-03-24"]})), 3)
    assert set(v.bookings) == {"cy on crunch-flash", "commitment cy-oldco-flash"}
    assert v.days == (D("2027-03-24"),)


def test_example09_pre_horizon_commitment_post_fills_avas_first_week():
    s = example("09-weekly-cap-and-one-post-a-day")
    v = only(check(s, build_roster(s, {("ava", "crunch-kickoff"): ["2027-03-03", "2027-03-07"]})), 3)
    assert "ava" in v.message and "2027-W09" in v.message
    assert D("2027-03-01") in v.days  # the commitment post before the horizon counts


def test_example09_ben_cannot_post_twice_in_a_week():
    s = example("09-weekly-cap-and-one-post-a-day")
    v = only(check(s, build_roster(s, {("ben", "beat-week"): ["2027-03-15", "2027-03-16"]})), 3)
    assert "ben" in v.message and "commitment ben-oldco-march" in v.bookings


def test_example07_optimal_roster_by_hand_is_valid():
    s = example("07-prior-commitments")
    roster = build_roster(s, {
        ("ava", "glow-uk"): ["2027-04-05"],
        ("ben", "glow-april"): ["2027-04-05"],
        ("cy", "glow-march"): ["2027-03-14", "2027-03-17"],
    })
    assert check(s, roster) == []
    assert roster["objective"] == expected_objective("07-prior-commitments")


def test_example07_commitment_clauses_block_new_posts():
    s = example("07-prior-commitments")
    v = only(check(s, build_roster(s, {("ava", "glow-april"): ["2027-04-05"]})), 6)
    assert set(v.bookings) == {"ava on glow-april", "commitment ava-sunbrite-2027"}
    # ben's deal from last season reaches into the horizon until 03-20.
    v = only(check(s, build_roster(s, {("ben", "glow-march"): ["2027-03-17", "2027-03-20"]})), 6)
    assert "commitment ben-dermaplus-winter" in v.bookings
    assert v.days == (D("2027-03-17"), D("2027-03-20"))


def test_example07_new_post_on_a_commitment_day_is_rejected():
    s = example("07-prior-commitments")
    # ava's commitment posts on 03-10; a glowco UK post (not covered by her US-only clause) that day collides.
    doc = s.to_document()
    doc["campaigns"][1]["window"] = {"start": "2027-03-01", "end": "2027-04-20"}
    s = load_scenario(doc)
    v = only(check(s, build_roster(s, {("ava", "glow-uk"): ["2027-03-10"]})), 3)
    assert set(v.bookings) == {"ava on glow-uk", "commitment ava-sunbrite-2027"}


# --- robustness and size ------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["ava", "ben", "cy", "zed"]),
                          st.sampled_from(["glow", "crunch", "nope"]),
                          st.lists(st.dates(D("2027-02-20"), D("2027-04-05")), max_size=3)),
                max_size=6))
def test_any_hand_built_roster_is_judged_without_crashing(entries):
    s = scenario(commitments=[{"id": "ava-sun", "creator": "ava", "brand": "sunbrite", "category": "sunscreen",
                               "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-09"],
                               "exclusivity": {"phases": [{"level": "full", "start": "2027-03-01",
                                                           "end": "2027-03-20"}]}}])
    roster = build_roster(s, {})
    roster["assignments"] = [{"creator": c, "campaign": k, "posts": [d.isoformat() for d in posts],
                              "fee": 0, "value": 0} for c, k, posts in entries]
    violations = check(s, roster)
    assert all(isinstance(v, Violation) and 1 <= v.rule <= 8 and str(v).startswith(f"rule {v.rule}: ")
               for v in violations)


def test_a_large_valid_roster_validates_clean():
    """~2,000 assignments and 100 commitments (the size the brief asks to handle quickly)."""
    doc = copy.deepcopy(BASE)
    doc["horizon"] = {"start": "2027-01-04", "end": "2027-12-26"}
    doc["brands"] = [{"id": f"b{i}"} for i in range(100)]
    doc["categories"] = [{"id": "c0"}] + [{"id": f"c{i}", "parent": "c0"} for i in range(1, 100)]
    doc["creators"] = [{"id": f"u{i}", "platforms": ["instagram"], "audience": {"US": 1000 + i},
                        "engagement_rate": 0.05, "fee_per_post": 100, "max_posts_per_week": 2} for i in range(200)]
    doc["campaigns"] = []
    for k in range(100):
        week = dt.date(2027, 1, 4) + dt.timedelta(weeks=k % 50)
        doc["campaigns"].append({
            "id": f"k{k}", "brand": f"b{k}", "category": f"c{k}", "regions": ["US"], "platforms": ["instagram"],
            "window": {"start": week.isoformat(), "end": (week + dt.timedelta(days=6)).isoformat()},
            "exclusivity": {"phases": [{"level": "category", "from": {"anchor": "first_post"},
                                        "to": {"anchor": "last_post", "offset_days": 0}}]}})
    plan = {}
    for u in range(200):
        for j in range(10):  # 10 campaigns per creator, one post each, on different days
            k = (u + 5 * j) % 100
            window = dt.date.fromisoformat(doc["campaigns"][k]["window"]["start"])
            plan[(f"u{u}", f"k{k}")] = [(window + dt.timedelta(days=j % 7)).isoformat()]
    doc["commitments"] = [{"id": f"m{i}", "creator": f"u{i}", "brand": "b0", "category": "c0",
                           "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-12-20"]}
                          for i in range(100)]
    s = load_scenario(doc)
    roster = build_roster(s, plan)
    assert len(roster["assignments"]) == 2000
    assert check(s, roster) == []
    # The same roster with one post moved onto a commitment day is caught.
    roster["assignments"][0]["posts"] = ["2027-12-20"]
    assert 3 in rules_of(check(s, roster))


# --- the command ----------------------------------------------------------------------------

runner = CliRunner()


def write(tmp_path: Path, name: str, doc: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_cli_valid_roster_exits_0_with_a_summary(tmp_path):
    s, roster = good()
    result = runner.invoke(app, ["validate", str(write(tmp_path, "s.json", BASE)),
                                 str(write(tmp_path, "r.json", roster))])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output and "optimal" in result.output and "3 assignment" in result.output
    assert str(roster["objective"]) in result.output


def test_cli_invalid_roster_exits_1_one_line_per_violation(tmp_path):
    s, roster = good()
    roster["assignments"][0]["posts"] = ["2027-03-02", "2027-03-05"]  # ava on 03-02 ...
    roster["assignments"].append({"creator": "ava", "campaign": "crunch", "posts": ["2027-03-02"],
                                  "fee": 1000, "value": 5000})  # ... twice
    result = runner.invoke(app, ["validate", str(write(tmp_path, "s.json", BASE)),
                                 str(write(tmp_path, "r.json", roster))])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("rule ")]
    assert any(line.startswith("rule 3:") and "ava" in line and "2027-03-02" in line for line in lines)
    assert any(line.startswith("rule 8:") for line in lines)
    assert "Traceback" not in result.output


def test_cli_unreadable_roster_exits_2(tmp_path):
    s, roster = good()
    roster["assignments"][0]["posts"] = ["2027-02-30"]
    result = runner.invoke(app, ["validate", str(write(tmp_path, "s.json", BASE)),
                                 str(write(tmp_path, "r.json", roster))])
    assert result.exit_code == 2
    assert "assignments[0].posts[0]" in result.output and "Traceback" not in result.output


def test_cli_prints_commitment_warnings(tmp_path):
    doc = copy.deepcopy(BASE)
    doc["commitments"] = [{"id": f"cy-{i}", "creator": "cy", "brand": "shineco", "category": "haircare",
                           "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-04-20"]} for i in range(2)]
    s = load_scenario(doc)
    result = runner.invoke(app, ["validate", str(write(tmp_path, "s.json", doc)),
                                 str(write(tmp_path, "r.json", build_roster(s, GOOD_PLAN)))])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "2027-04-20" in result.output
