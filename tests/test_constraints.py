"""One constraint family at a time, on tiny hand-made scenarios: where it bites and where it does not.

In ``builders.tiny()`` ava is worth 10,000 a post and ben 5,000; glow (glowco)
and sun (sunbrite) are rival sunscreen campaigns in the same week.
"""

from __future__ import annotations

from .builders import campaign, creator, phase, tiny
from .conftest import solve_checked


def booked(roster) -> set[tuple[str, str]]:
    return {(a.creator, a.campaign) for a in roster.assignments}


def one_campaign(**extra):
    return tiny(campaigns=[campaign("glow", "glowco", **extra)])


# --- eligibility ------------------------------------------------------------------

def test_creator_without_a_campaign_platform_is_not_booked():
    doc = tiny(creators=[creator("ava", platforms=["tiktok"]), creator("ben", audience=50000)])
    r = solve_checked(doc)
    assert ("ava", "glow") not in booked(r) and ("ben", "glow") in booked(r)


def test_excluded_and_blocking_creators_are_not_booked():
    doc = tiny(creators=[creator("ava", blocked_brands=["glowco"]), creator("ben", audience=50000)],
               campaigns=[campaign("glow", "glowco", excluded_creators=["ben"]), campaign("sun", "sunbrite")])
    r = solve_checked(doc)
    assert booked(r) & {("ava", "glow"), ("ben", "glow")} == set()


def test_no_audience_in_the_campaign_regions_means_not_eligible():
    doc = tiny(creators=[creator("ava", audience=0)], campaigns=[campaign("glow", "glowco")])
    assert solve_checked(doc).objective == 0


# --- posting -----------------------------------------------------------------------

def test_posts_are_spaced_at_least_min_days_apart():
    doc = one_campaign(posts_per_creator=2, min_days_between_posts=6)  # a 7-day window: days 1 and 7
    r = solve_checked(doc)
    assert r.objective == 2 * 10000 + 2 * 5000
    for a in r.assignments:
        assert [d.isoformat() for d in a.posts] == ["2027-03-01", "2027-03-07"]


def test_posts_that_cannot_fit_the_window_leave_the_campaign_unstaffed():
    doc = one_campaign(posts_per_creator=2, min_days_between_posts=7)
    r = solve_checked(doc)
    assert r.objective == 0 and not r.campaigns[0].staffed


# --- one post a day, unavailability, weekly caps ---------------------------------------

def test_one_post_a_day_across_campaigns():
    doc = tiny(creators=[creator("ava")],
               campaigns=[campaign("glow", "glowco", start="2027-03-02", end="2027-03-02"),
                          campaign("snack", "crunch", start="2027-03-02", end="2027-03-02", category="snacks")])
    assert solve_checked(doc).objective == 10000
    doc["campaigns"][1]["window"]["end"] = "2027-03-03"
    assert solve_checked(doc).objective == 20000


def test_unavailable_days_take_no_post():
    doc = tiny(creators=[creator("ava", unavailable=[{"start": "2027-03-01", "end": "2027-03-06"}])],
               campaigns=[campaign("glow", "glowco", posts_per_creator=2)])
    assert solve_checked(doc).objective == 0
    doc["creators"][0]["unavailable"][0]["end"] = "2027-03-05"
    r = solve_checked(doc)
    assert r.objective == 20000
    assert [d.day for d in r.assignments[0].posts] == [6, 7]


def test_weekly_cap_counts_commitment_posts():
    # 2027-03-01 is a Monday; ava may post twice a week and already posts once for oldco.
    commitment = {"id": "old", "creator": "ava", "brand": "dermaplus", "category": "skincare",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-01"]}
    doc = tiny(creators=[creator("ava", max_posts_per_week=2)],
               campaigns=[campaign("glow", "glowco", posts_per_creator=2)], commitments=[commitment])
    assert solve_checked(doc).objective == 0
    doc["creators"][0]["max_posts_per_week"] = 3
    assert solve_checked(doc).objective == 20000


# --- staffing, must-haves, budgets -------------------------------------------------------

def test_min_creators_or_nothing():
    doc = tiny(creators=[creator("ava")], campaigns=[campaign("glow", "glowco", creators={"min": 2})])
    r = solve_checked(doc)
    assert r.objective == 0 and not r.campaigns[0].staffed


def test_max_creators_keeps_the_best():
    doc = one_campaign(creators={"max": 1})
    r = solve_checked(doc)
    assert booked(r) == {("ava", "glow")}


def test_required_campaign_is_staffed_even_when_it_costs_value():
    # ava is worth more on glow; sun is required and only ava can do both... she cannot (rivals).
    doc = tiny(creators=[creator("ava")],
               campaigns=[campaign("glow", "glowco", weight=3,
                                   exclusivity={"phases": [phase("competitors", frm_off=-10, to_off=10)]}),
                          campaign("sun", "sunbrite", required=True)])
    r = solve_checked(doc)
    assert booked(r) == {("ava", "sun")}


def test_required_creator_is_booked():
    doc = tiny(campaigns=[campaign("glow", "glowco", creators={"max": 1}, required_creators=["ben"])])
    assert booked(solve_checked(doc)) == {("ben", "glow")}


def test_budget_uses_the_formula_fee_with_premiums():
    # ava's fee: 1000 x (1 + 0.15 x 7/30) = 1035; ben's 1035 as well; budget 2069 fits one.
    clause = {"phases": [phase("full", frm="window_start", to="window_end")]}
    doc = one_campaign(budget=2069, exclusivity=clause)
    r = solve_checked(doc)
    assert booked(r) == {("ava", "glow")} and r.assignments[0].fee == 1035
    doc["campaigns"][0]["budget"] = 2070
    assert solve_checked(doc).objective == 15000


def test_preferred_bonus_and_weight_enter_the_value():
    doc = one_campaign(creators={"max": 1}, preferred_creators={"ben": 5000.5}, weight=1)
    r = solve_checked(doc)
    assert booked(r) == {("ben", "glow")} and r.objective == 10001  # 5000 + 5000.5 rounded half up
    doc["campaigns"][0]["weight"] = 2
    assert booked(solve_checked(doc)) == {("ava", "glow")}


def test_equal_value_ties_go_to_the_lower_fees():
    doc = tiny(creators=[creator("ava", fee=900), creator("ben", audience=100000, fee=500)],
               campaigns=[campaign("glow", "glowco", creators={"max": 1})])
    r = solve_checked(doc)
    assert r.objective == 10000 and booked(r) == {("ben", "glow")}


# --- exclusivity ----------------------------------------------------------------------------

def clause(*phases, exceptions=None):
    doc = {"phases": list(phases)}
    if exceptions is not None:
        doc["exceptions"] = {"brands": exceptions}
    return doc


def two_campaigns(level: str, other_brand: str, other_category: str, **phase_extra):
    return tiny(creators=[creator("ava")],
                campaigns=[campaign("glow", "glowco", start="2027-03-01", end="2027-03-01",
                                    exclusivity=clause(phase(level, to_off=20, **phase_extra))),
                           campaign("other", other_brand, start="2027-03-05", end="2027-03-05",
                                    category=other_category)])


def test_competitors_level_blocks_only_competitors():
    assert solve_checked(two_campaigns("competitors", "sunbrite", "snacks")).objective == 10000
    assert solve_checked(two_campaigns("competitors", "dermaplus", "sunscreen")).objective == 20000


def test_category_level_blocks_overlapping_categories_not_adjacent():
    assert solve_checked(two_campaigns("category", "dermaplus", "skincare")).objective == 10000
    assert solve_checked(two_campaigns("category", "hairco", "haircare")).objective == 20000


def test_full_level_blocks_adjacent_categories():
    assert solve_checked(two_campaigns("full", "hairco", "haircare")).objective == 10000
    assert solve_checked(two_campaigns("full", "crunch", "snacks")).objective == 20000


def test_phase_regions_and_platforms_limit_the_clause():
    assert solve_checked(two_campaigns("full", "dermaplus", "skincare", regions=["UK"])).objective == 20000
    assert solve_checked(two_campaigns("full", "dermaplus", "skincare", platforms=["tiktok"])).objective == 20000
    assert solve_checked(two_campaigns("full", "dermaplus", "skincare", platforms=["instagram"])).objective == 10000


def test_exceptions_work_in_the_direction_of_the_clause_only():
    doc = two_campaigns("full", "dermaplus", "skincare")
    doc["campaigns"][0]["exclusivity"]["exceptions"] = {"brands": ["dermaplus"]}
    assert solve_checked(doc).objective == 20000
    # dermaplus's own clause looking back over the glow post excepts nobody.
    doc["campaigns"][1]["exclusivity"] = clause(phase("category", frm_off=-10))
    assert solve_checked(doc).objective == 10000


def test_post_anchored_phase_moves_with_the_posts():
    # glow's clause runs 3 days past its post; glow may post on 03-01..03-03, other is on 03-05.
    doc = tiny(creators=[creator("ava")],
               campaigns=[campaign("glow", "glowco", start="2027-03-01", end="2027-03-03",
                                   exclusivity=clause(phase("category", to_off=3))),
                          campaign("other", "dermaplus", start="2027-03-05", end="2027-03-05", category="skincare")])
    r = solve_checked(doc)
    assert r.objective == 20000
    assert next(a for a in r.assignments if a.campaign == "glow").posts[0].day == 1
    doc["campaigns"][0]["exclusivity"]["phases"][0]["to"]["offset_days"] = 4
    assert solve_checked(doc).objective == 10000


def test_a_phase_whose_end_is_before_its_start_covers_nothing():
    doc = two_campaigns("full", "dermaplus", "skincare")
    doc["campaigns"][0]["exclusivity"]["phases"][0]["to"] = {"anchor": "first_post", "offset_days": -1}
    assert solve_checked(doc).objective == 20000


def test_commitment_clause_blocks_new_posts_and_new_clauses_block_commitment_posts():
    deal = {"id": "deal", "creator": "ava", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
            "platforms": ["instagram"], "posts": ["2027-03-10"],
            "exclusivity": {"phases": [{"level": "competitors", "start": "2027-03-01", "end": "2027-03-04"}]}}
    doc = tiny(creators=[creator("ava")],
               campaigns=[campaign("glow", "glowco", start="2027-03-01", end="2027-03-05")], commitments=[deal])
    r = solve_checked(doc)
    assert r.objective == 10000 and r.assignments[0].posts[0].day == 5
    # glow's own clause reaching the commitment's post on 03-10 makes ava unbookable.
    doc["campaigns"][0]["exclusivity"] = clause(phase("competitors", to_off=5))
    assert solve_checked(doc).objective == 0


# --- the model itself is deterministic --------------------------------------------------------

def test_the_same_scenario_builds_the_same_model_however_fast_the_clock_runs(monkeypatch):
    """Knapsack cuts come from sub-solves limited in work, not seconds: a slow machine builds the same model."""
    import itertools
    import time
    from pathlib import Path

    from creator_roster.models import load_scenario
    from creator_roster.rules.index import ScenarioIndex
    from creator_roster.solver.candidates import DayClock, build_candidates
    from creator_roster.solver.model import build_model

    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "medium.json")

    def built() -> tuple:
        index, clock = ScenarioIndex(scenario), DayClock(scenario.horizon.start)
        rm = build_model(index, build_candidates(index, clock))
        return str(rm.model.proto), dict(rm.campaign_bounds)

    quiet = built()
    assert quiet[1], "the scenario should have budgeted campaigns with knapsack bounds"
    ticks = itertools.count()
    monkeypatch.setattr(time, "monotonic", lambda: 1000.0 + next(ticks))  # every look at the clock: a second later
    assert built() == quiet
