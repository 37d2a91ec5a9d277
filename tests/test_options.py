"""Negotiation options on tiny scenarios whose right answers are worked out by hand.

The clash: glowco's sunscreen campaign asks for full exclusivity from the
first post to 30 days after the last; sunscreen is adjacent to haircare, so
the clause keeps ava (the best creator) off shineco's haircare campaign two
weeks later.  Category, semi-exclusive, phased (full for 14 days, then
competitors only) and no exclusivity all let ava do both.

Values: ava 0.05 x 500k = 25,000 a post, ben 0.05 x 100k = 5,000.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import (
    CampaignExclusivity,
    dump_json,
    load_roster,
    load_scenario,
)
from creator_roster.models.options import OptionsDocument
from creator_roster.planning.changes import apply_changes
from creator_roster.planning.options import brand_dominates, brand_eligible, build_options, dominates
from creator_roster.planning.variants import clause_document
from creator_roster.rules.index import ScenarioIndex
from creator_roster.rules.validate import validate

TIME = 2.0


def creator(cid, audience, fee):
    return {"id": cid, "platforms": ["instagram"], "audience": {"US": audience}, "engagement_rate": 0.05,
            "fee_per_post": fee}


def campaign(cid, brand, category, start, end, **more):
    return {"id": cid, "brand": brand, "category": category, "regions": ["US"], "platforms": ["instagram"],
            "window": {"start": start, "end": end}, **more}


FULL_TAIL = {"phases": [{"level": "full", "from": {"anchor": "first_post"},
                         "to": {"anchor": "last_post", "offset_days": 30}}]}


def clash_doc(glow_max=1, shine_max=1):
    return {
        "format": "scenario/1",
        "name": "full blocks the adjacent category",
        "horizon": {"start": "2027-04-01", "end": "2027-06-30"},
        "regions": ["US"],
        "platforms": ["instagram"],
        "categories": [{"id": "skincare"}, {"id": "sunscreen", "parent": "skincare", "adjacent": ["haircare"]},
                       {"id": "haircare"}],
        "brands": [{"id": "glowco", "competitors": ["sunbrite"]}, {"id": "sunbrite"}, {"id": "shineco"}],
        "creators": [creator("ava", 500000, 1000), creator("ben", 100000, 500)],
        "campaigns": [
            campaign("glow", "glowco", "sunscreen", "2027-04-01", "2027-04-10", creators={"max": glow_max},
                     exclusivity=FULL_TAIL),
            campaign("shine", "shineco", "haircare", "2027-04-15", "2027-04-20", creators={"max": shine_max}),
        ],
    }


@pytest.fixture(scope="module")
def clash():
    return load_scenario(clash_doc())


@pytest.fixture(scope="module")
def clash_options(clash):
    return build_options(clash, "glow", time_limit_s=TIME)


def option_scenario(scenario, option):
    changed, _ = apply_changes(scenario, option.changes)
    return changed


def assert_every_roster_valid(scenario, doc: OptionsDocument):
    """Each option's roster is a roster of the scenario with only the option's clause changed: the campaign's
    (campaign options, through ``changes``) or the one creator's booking (creator options)."""
    campaign_ids = {k.id for k in scenario.campaigns}
    for option in doc.options:
        assert {a.campaign for a in option.roster.assignments} <= campaign_ids, option.name
        assert [k.id for k in option.roster.campaigns] == [k.id for k in scenario.campaigns], option.name
        changed = option_scenario(scenario, option)
        if doc.creator is None:
            holder = next(k for k in changed.campaigns if k.id == doc.campaign)
            assert clause_document(holder.exclusivity or CampaignExclusivity()) == \
                clause_document(option.exclusivity), option.name
            assert validate(changed, option.roster) == [], option.name
            continue
        assert option.changes.changes == [] and changed == scenario, option.name  # the scenario itself
        clauses = {(doc.creator, doc.campaign): option.exclusivity} if option.creator_booked else {}
        assert validate(scenario, option.roster, ScenarioIndex(scenario, clauses)) == [], option.name


def assert_pareto_marks_right(doc: OptionsDocument):
    for option in doc.options:
        dominated = any(dominates(other, option) for other in doc.options)
        assert option.pareto == (option.objective is not None and not dominated), option.name


def test_full_exclusivity_blocks_the_best_creator_and_semi_does_not(clash, clash_options):
    doc = clash_options
    by = {o.name: o for o in doc.options}
    assert [o.name for o in doc.options] == ["requested", "full", "category", "semi", "phased", "phased-category",
                                             "shorter", "regional", "none"]
    assert by["requested"].objective == 30000 and by["full"].objective == 30000
    assert by["full"].same_clause_as == "requested"  # the request is full already
    for name in ("category", "semi", "phased", "shorter", "none"):
        assert by[name].objective == 50000, name
        booked = {(a.creator, a.campaign) for a in by[name].roster.assignments}
        assert {("ava", "glow"), ("ava", "shine")} <= booked, name
    assert "ava" in by["semi"].creators_gained
    assert_every_roster_valid(clash, doc)


def test_fees_premium_and_protection_are_priced_from_the_clause(clash_options):
    by = {o.name: o for o in clash_options.options}
    # semi: 1000 x (1 + 0.05 x 40/30) = 1067 (nominal span Apr 1 .. May 10 = 40 days)
    assert (by["semi"].campaign_fees, by["semi"].campaign_premium) == (1067, 67)
    assert (by["category"].campaign_fees, by["category"].campaign_premium) == (1133, 133)
    # phased: full Apr 1..15 (15 days), competitors Apr 16..May 10 (25 days)
    assert by["phased"].campaign_fees == 1117
    assert by["none"].campaign_fees == 1000 and by["none"].campaign_premium == 0
    # protection: level weight x covered days, for one creator with all the audience in the phase's region
    assert by["semi"].protection == 31 and by["category"].protection == 62
    assert by["phased"].protection == 15 * 3 + 16 * 1
    assert by["shorter"].protection == 16 * 3
    assert by["none"].protection == 0 and by["requested"].protection == 93


def test_pareto_marks_and_recommendation(clash_options):
    doc = clash_options
    by = {o.name: o for o in doc.options}
    assert_pareto_marks_right(doc)
    assert by["semi"].pareto and by["phased"].pareto and by["none"].pareto
    assert not by["shorter"].pareto  # phased: same objective, lower fees, more protection
    assert dominates(by["phased"], by["shorter"])
    # full through the first two weeks then category (full 15 days x 3 + category 16 days x 2 = 77) keeps ava
    # (500,000): 77 x 500,000 = 38,500,000 protected reach, the most of any option (category: 31,000,000)
    assert by["phased-category"].protection == 77 and by["phased-category"].campaign_reach == 500000
    assert doc.recommended == "phased-category" and by["phased-category"].recommended
    assert sum(o.recommended for o in doc.options) == 1
    assert doc.reason.startswith("phased-category") and doc.reason.endswith(".")


def test_options_document_round_trips_and_each_option_is_checkable(clash, clash_options):
    data = json.loads(dump_json(clash_options))
    assert data["format"] == "options/1" and data["campaign"] == "glow" and data["creator"] is None
    again = OptionsDocument.model_validate(data)
    assert [o.name for o in again.options] == [o.name for o in clash_options.options]
    for raw in data["options"]:
        for key in ("name", "exclusivity", "roster", "objective", "bound", "campaign_fees", "campaign_premium",
                    "campaign_value", "protection", "pareto"):
            assert key in raw
        clause = CampaignExclusivity.model_validate(raw["exclusivity"])
        doc = clash_doc()
        doc["campaigns"][0]["exclusivity"] = raw["exclusivity"]
        scenario = load_scenario(doc)  # the clause alone makes the option's scenario (campaign mode)
        assert validate(scenario, load_roster(raw["roster"])) == []
        assert clause.phases or raw["name"] == "none"


def test_a_creator_option_on_the_timeline_dates_only_her_booking_under_its_clause():
    from creator_roster.planning.compared import option_timeline

    scenario = load_scenario(clash_doc(glow_max=2, shine_max=2))
    doc = build_options(scenario, "glow", "ava", time_limit_s=TIME)
    glow = next(k for k in scenario.campaigns if k.id == "glow")
    drawn = option_timeline(scenario, doc, "semi", "job1")
    bookings = {(c.id, b.campaign): b for c in drawn.creators for b in c.bookings}
    semi = doc.option("semi")
    assert {k: b.posts for k, b in bookings.items()} == {(a.creator, a.campaign): sorted(a.posts)
                                                         for a in semi.roster.assignments}
    assert [p.level for p in bookings[("ava", "glow")].phases] == [p.level for p in semi.exclusivity.phases]
    assert bookings[("ava", "glow")].fee == semi.creator_fee
    before = {(a.creator, a.campaign) for a in doc.option("requested").roster.assignments}
    assert {k for k, b in bookings.items() if b.change == "added"} == set(bookings) - before
    assert all((b.change == "moved") == (b.was_posts is not None) for b in bookings.values())
    assert drawn.compare.option == "semi" and drawn.compare.against == "the requested clause"
    assert [p.level for p in glow.phases] != [p.level for p in semi.exclusivity.phases]


def test_the_others_on_the_campaign_keep_its_own_clause_on_a_creator_options_timeline():
    from creator_roster.planning.compared import option_timeline

    scenario = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "demo.json")
    campaign = next(k for k in scenario.campaigns if k.id == "glow-spf-launch")
    doc = build_options(scenario, campaign.id, "ava-glow", time_limit_s=0.5)
    others = 0
    for option in (o for o in doc.options if o.objective is not None):
        shown = option_timeline(scenario, doc, option.name, "job1")
        on_campaign = [(c.id, b) for c in shown.creators for b in c.bookings if b.campaign == campaign.id]
        for creator, booking in on_campaign:
            clause = option.exclusivity.phases if creator == "ava-glow" else campaign.phases
            assert [p.level for p in booking.phases] == [p.level for p in clause], (option.name, creator)
            others += creator != "ava-glow"
    assert others


def test_phased_clause_keeps_both_bookings(clash_options):
    phased = clash_options.option("phased")
    days = {a.campaign: a.posts for a in phased.roster.assignments if a.creator == "ava"}
    # ava's shine post must come after the 15 full days that start on her glow post
    assert (days["shine"][0] - days["glow"][0]).days >= 15


def test_creator_offer_sheet_varies_only_that_creators_booking():
    scenario = load_scenario(clash_doc(glow_max=2, shine_max=2))
    doc = build_options(scenario, "glow", "ava", time_limit_s=TIME)
    by = {o.name: o for o in doc.options}
    # everyone full: each creator takes one campaign -> 25,000 + 5,000
    assert by["requested"].objective == 30000
    # ava semi, ben still full: ava does both, ben one -> 55,000 (the whole campaign semi would give 60,000)
    assert by["semi"].objective == 55000 and by["semi"].creator_booked is True
    assert by["semi"].creator_fee == 1067 and by["full"].creator_fee == 1200 and by["none"].creator_fee == 1000
    assert by["none"].objective == 55000
    assert_every_roster_valid(scenario, doc)
    assert_pareto_marks_right(doc)
    ava_on = {a.campaign for a in by["semi"].roster.assignments if a.creator == "ava"}
    assert ava_on == {"glow", "shine"}  # a roster of the scenario itself: her glow booking under her own clause
    bookings = [a.creator for a in by["semi"].roster.assignments]
    assert bookings.count("ava") == 2 and bookings.count("ben") == 1
    on_glow = [a for a in by["semi"].roster.assignments if a.campaign == "glow"]
    assert by["semi"].campaign_value == sum(a.value for a in on_glow)
    assert by["semi"].campaign_fees == sum(a.fee for a in on_glow)  # her fee is the one under her clause
    ava_glow = next(a for a in on_glow if a.creator == "ava")
    assert ava_glow.fee == by["semi"].creator_fee == 1067
    glow = next(k for k in by["semi"].roster.campaigns if k.id == "glow")
    assert glow.creators == [a.creator for a in on_glow] and glow.fees == by["semi"].campaign_fees


def test_creator_offer_sheet_reports_unbooked_when_the_variant_does_not_pay():
    doc = build_options(load_scenario(clash_doc()), "glow", "ava", time_limit_s=TIME)
    full = doc.option("full")
    # under full exclusivity ava is better used on shine; ben takes glow at a lower fee
    assert full.objective == 30000 and full.creator_booked is False
    assert doc.option("semi").creator_booked is True


def test_cli_options_writes_the_document_and_rejects_unknown_ids(tmp_path):
    runner = CliRunner()
    scenario_file = tmp_path / "clash.json"
    scenario_file.write_text(json.dumps(clash_doc()))
    out = tmp_path / "options.json"
    result = runner.invoke(app, ["options", str(scenario_file), "--campaign", "glow", "--time-limit", "1",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "semi" in result.stdout and "recommended" in result.stdout
    data = json.loads(out.read_text())
    assert data["format"] == "options/1" and data["recommended"] == "phased-category"
    bad_out = tmp_path / "bad.json"
    result = runner.invoke(app, ["options", str(scenario_file), "--campaign", "nope", "-o", str(bad_out)])
    assert result.exit_code == 2 and "nope" in result.output
    result = runner.invoke(app, ["options", str(scenario_file), "--campaign", "glow", "--creator", "zed",
                                 "-o", str(bad_out)])
    assert result.exit_code == 2 and "zed" in result.output
    assert not bad_out.exists()


def test_a_variant_never_reports_less_than_the_requested_roster_valid_under_it(clash, monkeypatch):
    """A time-limited re-solve that finds nothing must not make a weaker clause look worse than the request."""
    import creator_roster.planning.options as options_module
    from creator_roster.models import Roster

    real = options_module.solve_scenario
    calls = []

    def first_real_then_nothing(scenario, opts=None, progress=None):
        calls.append(scenario)
        if len(calls) == 1:
            return real(scenario, opts, progress)
        return Roster(scenario=scenario.name, status="unknown", objective=None, bound=None,
                      campaigns=[{"id": k.id, "staffed": False, "creators": [], "fees": 0, "value": 0}
                                 for k in scenario.campaigns])

    monkeypatch.setattr(options_module, "solve_scenario", first_real_then_nothing)
    doc = build_options(clash, "glow", time_limit_s=TIME)
    by = {o.name: o for o in doc.options}
    requested = by["requested"]
    for name in ("category", "semi", "phased", "shorter", "none"):  # all weaker than the full request
        option = by[name]
        assert option.status == "feasible" and option.objective == requested.objective, name
        assert option.roster.stats["source"] == "hint re-priced" and option.notes, name
        assert option.campaign_fees < requested.campaign_fees, name  # the same bookings, a smaller premium
    assert_every_roster_valid(clash, doc)
    assert_pareto_marks_right(doc)


# --- signed bookings stay signed in every variant ----------------------------------------------

def signed_doc():
    """ben is signed on glow for 04-03; ava is free."""
    doc = clash_doc(glow_max=2, shine_max=2)
    doc["campaigns"][0]["locked"] = [{"creator": "ben", "posts": ["2027-04-03"]}]
    return doc


def ben_on_glow(option) -> list:
    return [a.posts for a in option.roster.assignments if a.creator == "ben" and a.campaign == "glow"]


@pytest.mark.parametrize("creator_id", [None, "ava", "ben"])
def test_every_option_keeps_the_signed_booking(creator_id):
    scenario = load_scenario(signed_doc())
    doc = build_options(scenario, "glow", creator_id, time_limit_s=TIME)
    assert_every_roster_valid(scenario, doc)
    for option in doc.options:
        assert option.roster.status == "optimal", option.name  # a split must not break the signed booking
        assert ben_on_glow(option) == [[dt.date(2027, 4, 3)]], option.name
    if creator_id == "ben":  # every option prices his signed booking
        assert all(o.creator_booked for o in doc.options)


# --- perspectives: the brand's own interest, or the whole season's ------------------------------------------

def rival_doc():
    """ava is required on glow; shine is now a rival's (sunbrite) sunscreen campaign two weeks later, so every
    clause that covers mid-April keeps ava off it. The season gains 20,000 without a clause (ava instead of ben
    on shine); glow reaches ava's 500,000 under every clause."""
    doc = clash_doc()
    doc["campaigns"][0]["required_creators"] = ["ava"]
    doc["campaigns"][1].update(brand="sunbrite", category="sunscreen")
    return doc


@pytest.fixture(scope="module")
def rival():
    return load_scenario(rival_doc())


@pytest.fixture(scope="module")
def rival_by_perspective(rival):
    return {p: build_options(rival, "glow", time_limit_s=TIME, perspective=p) for p in ("brand", "season")}


def assert_brand_pareto_marks_right(doc: OptionsDocument):
    eligible = [o for o in doc.options if brand_eligible(o)]
    for option in doc.options:
        dominated = any(brand_dominates(other, option) for other in eligible)
        assert option.brand_pareto == (brand_eligible(option) and not dominated), option.name


def test_the_brand_is_recommended_the_most_protection_for_its_reach_the_season_what_pays_elsewhere(
        rival, rival_by_perspective):
    brand, season = rival_by_perspective["brand"], rival_by_perspective["season"]
    assert (brand.perspective, season.perspective) == ("brand", "season")
    assert {o.campaign_reach for o in brand.options} == {500000}  # ava, required, in every option
    assert all(o.staffed and o.must_haves_kept for o in brand.options)
    most = max(o.protection for o in brand.options)
    assert brand.recommended == "requested" and brand.option("requested").protection == most == 93
    assert brand.reason.startswith("requested: for glow, it buys the most protected reach (46,500,000: "
                                   "protection 93 x reach 500,000) at campaign fees 1,200")
    best = max(o.objective for o in season.options)
    assert season.option(season.recommended).objective == best == 50000
    assert season.option(season.recommended).protection < most
    assert "roster objective" in season.reason
    # the season-wide effect is reported either way, as its own fields
    none = brand.option("none")
    assert none.value_elsewhere_change == 20000 and brand.option("requested").value_elsewhere_change == 0
    assert {(c.creator, c.campaign) for c in none.changed_elsewhere} >= {("ava", "shine")}
    assert_brand_pareto_marks_right(brand)
    assert_pareto_marks_right(season)
    assert_every_roster_valid(rival, brand)


def test_an_option_that_leaves_the_campaign_unstaffed_is_never_recommended_to_the_brand(clash):
    doc = build_options(clash, "glow", time_limit_s=TIME)
    for option in doc.options:
        if not option.staffed or not option.must_haves_kept:
            assert not option.brand_pareto and not option.recommended
    assert_brand_pareto_marks_right(doc)


def test_engagements_are_reach_times_rate_times_posts(clash_options):
    for option in clash_options.options:
        expected = sum(a * 0.05 for a in [500000 if c == "ava" else 100000 for c in option.campaign_creators])
        assert option.campaign_engagements == round(expected), option.name


def test_cli_and_http_take_the_perspective(tmp_path):
    runner = CliRunner()
    scenario_file = tmp_path / "rival.json"
    scenario_file.write_text(json.dumps(rival_doc()))
    out = tmp_path / "season.json"
    result = runner.invoke(app, ["options", str(scenario_file), "--campaign", "glow", "--time-limit", "1",
                                 "--perspective", "season", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["perspective"] == "season"
    result = runner.invoke(app, ["options", str(scenario_file), "--campaign", "glow", "--perspective", "agency"])
    assert result.exit_code == 2 and "agency" in result.output


def test_an_infeasible_creator_option_explains_itself_in_the_scenarios_own_paths():
    """ava's signed glow-spring booking clashes with her sunbrite deal (example 17): every option of her booking
    is infeasible, and the explanation names campaigns[1].locked[0], not the solver's split of the campaign."""
    path = Path(__file__).parent / "data" / "examples" / "17-infeasible-locked-clash.json"
    scenario = load_scenario(path)
    doc = build_options(scenario, "glow-spring", "ava", time_limit_s=TIME)
    for option in doc.options:
        assert option.status == "infeasible", option.name
        paths = [str(item.path) for item in option.roster.explanation]
        assert any(p.startswith("campaigns[1].locked[0]") for p in paths), (option.name, paths)
        assert not any(p.startswith(f"campaigns[{len(scenario.campaigns)}]") for p in paths), (option.name, paths)


# --- why a creator is not booked, in words --------------------------------------------------------------------

def test_an_unbooked_creator_is_given_the_clash_that_keeps_her_off_by_path(clash):
    doc = build_options(clash, "glow", "ava", time_limit_s=TIME)
    requested = doc.option("requested")
    assert requested.creator_booked is False
    (why,) = requested.unbooked
    assert why.creator == "ava" and why.paths == ["campaigns[0].exclusivity.phases[0]"]
    assert "would cover ava's posts for shine" in why.reason
    assert doc.option("semi").creator_booked and all(u.creator != "ava" for u in doc.option("semi").unbooked)


def test_a_creator_lost_to_a_full_campaign_is_told_who_was_chosen_instead(clash_options):
    category = clash_options.option("category")
    assert category.creators_lost == ["ben"]
    (why,) = category.unbooked
    assert why.reason == "glow is full (1 of at most 1) and ben is worth less to it (5,000) than ava, chosen " \
                         "instead (25,000)"


def test_a_creator_lost_to_the_budget_is_told_by_how_much():
    doc = clash_doc(glow_max=2)
    doc["campaigns"][0]["budget"] = 1500  # ava's 1,133 under category leaves 367; ben's 567 does not fit
    options = build_options(load_scenario(doc), "glow", time_limit_s=TIME)
    category = options.option("category")
    assert category.creators_lost == ["ben"] and category.campaign_creators == ["ava"]
    (why,) = category.unbooked
    assert why.reason == "ben's fee under this clause, 567, would take glow over its budget by 200 with the " \
                         "creators booked"


def test_a_creator_unavailable_through_the_window_is_told_so():
    doc = clash_doc()
    doc["creators"][0]["unavailable"] = [{"start": "2027-04-01", "end": "2027-04-10"}]
    options = build_options(load_scenario(doc), "glow", "ava", time_limit_s=TIME)
    for option in options.options:
        (why,) = option.unbooked
        assert "ava is unavailable" in why.reason and "creators[0].unavailable[0]" in why.paths, option.name


# --- the planner's own proposals ------------------------------------------------------------------------------

PROPOSALS = {
    "launch-week": {"phases": [{"level": "full", "from": {"anchor": "first_post"},
                                "to": {"anchor": "first_post", "offset_days": 6}}]},
    "category-short": {"phases": [{"level": "category", "from": {"anchor": "first_post"},
                                   "to": {"anchor": "last_post", "offset_days": 10}}]},
}


def test_a_planners_own_proposals_are_compared_alongside_the_built_in_ones(clash):
    from creator_roster.models.options import load_variants

    doc = build_options(clash, "glow", time_limit_s=TIME, variants=load_variants(PROPOSALS))
    names = [o.name for o in doc.options]
    assert names[-2:] == ["launch-week", "category-short"]
    mine = doc.option("launch-week")
    assert mine.custom and not doc.option("full").custom
    assert clause_document(mine.exclusivity) == clause_document(CampaignExclusivity.model_validate(
        PROPOSALS["launch-week"]))
    # a week of full exclusivity ends before shine: ava does both, protection 7 days x 3
    assert mine.objective == 50000 and mine.protection == 21
    assert_every_roster_valid(clash, doc)
    assert_pareto_marks_right(doc)
    assert_brand_pareto_marks_right(doc)
    per_creator = build_options(clash, "glow", "ava", time_limit_s=TIME, variants=load_variants(PROPOSALS))
    assert per_creator.option("launch-week").creator_booked
    assert_every_roster_valid(clash, per_creator)


def test_a_bad_proposal_is_refused_by_its_path_before_any_solve(clash, tmp_path):
    from creator_roster.models import DocumentError
    from creator_roster.models.options import load_variants

    with pytest.raises(DocumentError) as caught:
        build_options(clash, "glow", time_limit_s=TIME, variants=load_variants({"full": {"phases": []}}))
    assert [str(i.at) for i in caught.value.issues] == ["variants.full"]
    with pytest.raises(DocumentError) as caught:
        build_options(clash, "glow", time_limit_s=TIME, variants=load_variants({"x": {"phases": [
            {"level": "full", "from": {"anchor": "first_post"}, "to": {"anchor": "launch_end"}, "regions": ["MARS"]}]}}))
    paths = sorted(str(i.at) for i in caught.value.issues)
    assert paths == ["variants.x.phases[0].regions[0]", "variants.x.phases[0].to.anchor"]
    with pytest.raises(DocumentError) as caught:
        load_variants({"ok": {"phases": [{"level": "total", "from": {"anchor": "first_post"},
                                          "to": {"anchor": "last_post"}}]}})
    assert [str(i.at) for i in caught.value.issues] == ["variants.ok.phases[0].level"]

    runner = CliRunner()
    scenario_file = tmp_path / "clash.json"
    scenario_file.write_text(json.dumps(clash_doc()))
    proposals = tmp_path / "mine.yaml"
    proposals.write_text("launch-week:\n  phases:\n    - level: full\n      from: {anchor: first_post}\n"
                         "      to: {anchor: first_post, offset_days: 6}\n")
    out = tmp_path / "o.json"
    result = runner.invoke(app, ["options", str(scenario_file), "--campaign", "glow", "--time-limit", "1",
                                 "--variant", str(proposals), "--variant", str(proposals), "-o", str(out)])
    assert result.exit_code == 2 and "variants.launch-week" in result.output and not out.exists()
    result = runner.invoke(app, ["options", str(scenario_file), "--campaign", "glow", "--time-limit", "1",
                                 "--variant", str(proposals), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["options"][-1]["name"] == "launch-week"
