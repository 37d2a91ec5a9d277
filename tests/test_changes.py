"""Change sets (changes/1) and exclusivity variants: no solver needed.

Each test states the change a planner makes and checks the scenario that
comes out (or the error that names the operation and the field).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creator_roster.models import DocumentError, load_scenario
from creator_roster.models.changes import ChangeSet, load_changes
from creator_roster.planning.changes import apply_changes
from creator_roster.planning.variants import (
    booked_audience,
    build_variants,
    clause_document,
    creator_split,
    creator_unbooked,
    regional_selection,
)
from creator_roster.rules import contract


def creator(cid, audience, fee=1000, rate=0.05, **more):
    return {"id": cid, "platforms": ["instagram"], "audience": audience, "engagement_rate": rate,
            "fee_per_post": fee, **more}


def scenario_doc():
    return {
        "format": "scenario/1",
        "name": "changes",
        "horizon": {"start": "2027-04-01", "end": "2027-06-30"},
        "regions": ["US", "UK", "CA"],
        "platforms": ["instagram", "tiktok"],
        "categories": [{"id": "skincare"}, {"id": "sunscreen", "parent": "skincare", "adjacent": ["haircare"]},
                       {"id": "haircare"}, {"id": "serum", "parent": "skincare"}],
        "brands": [{"id": "glowco", "competitors": ["sunbrite"]}, {"id": "sunbrite"}, {"id": "shineco"}],
        "creators": [creator("ava", {"US": 600000, "UK": 100000, "CA": 50000}, blocked_brands=["sunbrite"]),
                     creator("ben", {"US": 100000, "UK": 300000}),
                     creator("cy", {"CA": 80000})],
        "campaigns": [
            {"id": "glow", "brand": "glowco", "category": "sunscreen", "regions": ["US", "UK", "CA"],
             "platforms": ["instagram"], "window": {"start": "2027-04-01", "end": "2027-04-30"},
             "launch": {"start": "2027-04-01", "end": "2027-04-10"},
             "creators": {"min": 2, "max": 3}, "budget": 5000,
             "required_creators": ["ava"], "preferred_creators": {"ben": 500}, "excluded_creators": ["cy"],
             "exclusivity": {
                 "phases": [{"level": "category", "from": {"anchor": "first_post", "offset_days": -3},
                             "to": {"anchor": "launch_end"}},
                            {"level": "competitors", "from": {"anchor": "launch_end", "offset_days": 1},
                             "to": {"anchor": "last_post", "offset_days": 31}, "regions": ["US", "UK"]}],
                 "exceptions": {"brands": ["shineco"]}}},
            {"id": "sun", "brand": "sunbrite", "category": "sunscreen", "regions": ["US"],
             "platforms": ["instagram"], "window": {"start": "2027-05-01", "end": "2027-05-31"}},
        ],
        "commitments": [{"id": "ava-old", "creator": "ava", "brand": "shineco", "category": "haircare",
                         "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-10"]}],
    }


@pytest.fixture
def scenario():
    return load_scenario(scenario_doc())


def changes(*ops):
    return load_changes({"format": "changes/1", "changes": list(ops)})


def error_of(scenario, *ops) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        apply_changes(scenario, changes(*ops))
    assert info.value.document == "changes"
    return info.value


# --- set, add, remove ---------------------------------------------------------------

def test_set_moves_a_window_and_leaves_the_input_alone(scenario):
    changed, notes = apply_changes(scenario, changes(
        {"op": "set", "path": "campaigns/glow/window/end", "value": "2027-05-15"}))
    assert changed.campaigns[0].window.end == dt.date(2027, 5, 15)
    assert scenario.campaigns[0].window.end == dt.date(2027, 4, 30)
    assert notes == []
    assert changed.campaigns[1] == scenario.campaigns[1]


def test_set_creates_absent_fields_and_keeps_exact_decimals(scenario):
    changed, _ = apply_changes(scenario, changes(
        {"op": "set", "path": "campaigns/sun/budget", "value": 1234.5},
        {"op": "set", "path": "campaigns/sun/creators/max", "value": 2},
        {"op": "set", "path": "creators/ben/exclusivity_premium/full", "value": 0.07}))
    sun = changed.campaigns[1]
    assert sun.budget == Decimal("1234.5") and sun.creators.max == 2
    assert changed.creators[1].exclusivity_premium.full == Decimal("0.07")


def test_add_appends_to_lists_and_creates_map_keys(scenario):
    changed, _ = apply_changes(scenario, changes(
        {"op": "add", "path": "creators", "value": creator("dee", {"US": 5})},
        {"op": "add", "path": "campaigns/sun/required_creators", "value": "dee"},
        {"op": "add", "path": "campaigns/sun/preferred_creators/ben", "value": 100},
        {"op": "add", "path": "campaigns/glow/exclusivity/phases",
         "value": {"level": "full", "from": {"anchor": "window_start"}, "to": {"anchor": "window_start"}}}))
    assert [c.id for c in changed.creators] == ["ava", "ben", "cy", "dee"]
    assert changed.campaigns[1].required_creators == ["dee"]
    assert changed.campaigns[1].preferred_creators == {"ben": Decimal(100)}
    assert len(changed.campaigns[0].phases) == 3


def test_list_items_by_id_by_value_and_by_position(scenario):
    changed, _ = apply_changes(scenario, changes(
        {"op": "remove", "path": "campaigns/glow/exclusivity/phases/1/regions/UK"},
        {"op": "set", "path": "campaigns/glow/exclusivity/phases/0/level", "value": "full"},
        {"op": "remove", "path": "campaigns/glow/excluded_creators/cy"}))
    glow = changed.campaigns[0]
    assert glow.phases[1].regions == ["US"] and glow.phases[0].level == "full"
    assert glow.excluded_creators == []


def test_slash_in_an_id_is_escaped():
    doc = scenario_doc()
    doc["campaigns"][1]["id"] = "sun/summer"
    changed, _ = apply_changes(load_scenario(doc), changes(
        {"op": "set", "path": "campaigns/sun~1summer/weight", "value": 2}))
    assert changed.campaigns[1].weight == 2


# --- cascades ---------------------------------------------------------------------------

def test_removing_a_creator_leaves_every_list_and_their_commitments(scenario):
    changed, notes = apply_changes(scenario, changes({"op": "remove", "path": "creators/ava"}))
    glow = changed.campaigns[0]
    assert "ava" not in glow.required_creators
    assert [c.id for c in changed.creators] == ["ben", "cy"]
    assert changed.commitments == []
    assert any("required_creators" in n and "ava" in n for n in notes)
    assert any("commitment 'ava-old'" in n for n in notes)
    changed, notes = apply_changes(scenario, changes({"op": "remove", "path": "creators/ben"}))
    assert changed.campaigns[0].preferred_creators == {}
    assert any("preferred_creators" in n for n in notes)


def test_removing_a_signed_creator_removes_her_signed_booking_and_says_so(scenario):
    doc = scenario.to_document()
    doc["campaigns"][0]["locked"] = [{"creator": "cy", "posts": ["2027-04-02"]}]  # glow: one post per creator
    signed = load_scenario(doc)
    changed, notes = apply_changes(signed, changes({"op": "remove", "path": "creators/cy"}))
    assert changed.campaigns[0].locked == []
    assert any("signed booking" in n and "cy" in n for n in notes)
    kept, _ = apply_changes(signed, changes({"op": "remove", "path": "creators/ben"}))
    assert [s.creator for s in kept.campaigns[0].locked] == ["cy"]


def test_removing_a_brand_leaves_competitors_exceptions_and_blocks_and_its_campaigns_go(scenario):
    changed, notes = apply_changes(scenario, changes({"op": "remove", "path": "brands/sunbrite"}))
    assert changed.brands[0].competitors == []
    assert changed.creators[0].blocked_brands == []
    assert [k.id for k in changed.campaigns] == ["glow"]
    assert any("campaign 'sun'" in n for n in notes)
    changed, notes = apply_changes(scenario, changes({"op": "remove", "path": "brands/shineco"}))
    assert changed.campaigns[0].excepted_brands == []
    assert changed.commitments == []  # ava's deal was with shineco
    assert any("exceptions" in n for n in notes) and any("commitment 'ava-old'" in n for n in notes)


def test_removing_a_category_moves_its_children_up(scenario):
    doc = scenario_doc()
    doc["categories"].append({"id": "mineral", "parent": "sunscreen"})
    doc["campaigns"][1]["category"] = "skincare"
    doc["campaigns"][0]["category"] = "skincare"
    changed, notes = apply_changes(load_scenario(doc), changes({"op": "remove", "path": "categories/sunscreen"}))
    mineral = next(c for c in changed.categories if c.id == "mineral")
    assert mineral.parent == "skincare"
    assert any("mineral" in n for n in notes)


def test_a_category_still_in_use_cannot_be_removed(scenario):
    err = error_of(scenario, {"op": "remove", "path": "categories/sunscreen"})
    assert err.issues[0].path == "changes[0].path"
    assert "campaign 'glow'" in err.issues[0].message


def test_removing_a_region_cascades_and_drops_emptied_phases(scenario):
    changed, notes = apply_changes(scenario, changes({"op": "remove", "path": "regions/UK"}))
    glow = changed.campaigns[0]
    assert glow.regions == ["US", "CA"] and glow.phases[1].regions == ["US"]
    assert "UK" not in changed.creators[0].audience
    assert changed.regions == ["US", "CA"]
    assert notes
    err = error_of(scenario, {"op": "remove", "path": "regions/US"})  # sun has only US
    assert err.issues[0].path == "changes[0].path" and "campaign 'sun'" in err.issues[0].message


# --- errors name the operation and the field -----------------------------------------------

def test_unknown_id_names_the_operation_path(scenario):
    err = error_of(scenario, {"op": "set", "path": "campaigns/glow/weight", "value": 2},
                   {"op": "remove", "path": "creators/zed"})
    assert [i.path for i in err.issues] == ["changes[1].path"]
    assert "'zed'" in err.issues[0].message and "ava" in err.issues[0].message


def test_unknown_field_names_the_fields_there(scenario):
    err = error_of(scenario, {"op": "set", "path": "campaigns/glow/windw/end", "value": "2027-05-01"})
    assert err.issues[0].path == "changes[0].path" and "'windw'" in err.issues[0].message


def test_a_change_that_breaks_the_scenario_names_the_operation_and_the_field(scenario):
    err = error_of(scenario, {"op": "set", "path": "campaigns/sun/weight", "value": 2},
                   {"op": "set", "path": "campaigns/glow/window/end", "value": "2027-08-01"})
    assert [i.path for i in err.issues] == ["changes[1].value"]
    assert "campaigns[0].window.end" in err.issues[0].message and "horizon" in err.issues[0].message


def test_a_dangling_reference_is_blamed_on_the_change_that_made_it(scenario):
    err = error_of(scenario, {"op": "set", "path": "campaigns/sun/weight", "value": 2},
                   {"op": "add", "path": "campaigns/sun/required_creators", "value": "zed"})
    assert err.issues[0].path == "changes[1].value" and "'zed'" in err.issues[0].message


def test_removing_the_launch_under_launch_anchors_is_an_error(scenario):
    err = error_of(scenario, {"op": "remove", "path": "campaigns/glow/launch"})
    assert all(i.path == "changes[0].path" for i in err.issues)
    assert "launch" in err.issues[0].message


def test_duplicates_and_misused_ops_are_errors(scenario):
    assert error_of(scenario, {"op": "add", "path": "creators", "value": creator("ava", {"US": 1})}) \
        .issues[0].path == "changes[0].value"
    assert "already" in error_of(scenario, {"op": "add", "path": "campaigns/glow/required_creators",
                                            "value": "ava"}).issues[0].message
    assert "rename" in error_of(scenario, {"op": "set", "path": "creators/ava",
                                           "value": creator("zed", {"US": 1})}).issues[0].message
    assert error_of(scenario, {"op": "remove", "path": "campaigns/sun/budget"}).issues[0].path == "changes[0].path"


def test_the_document_itself_is_checked():
    with pytest.raises(DocumentError) as info:
        load_changes({"format": "changes/1", "changes": [{"op": "set", "path": "a/b"},
                                                         {"op": "remove", "path": "a", "value": 1},
                                                         {"op": "move", "path": "a//b", "value": 1}]})
    paths = {i.path for i in info.value.issues}
    assert {"changes[0]", "changes[1]", "changes[2].op", "changes[2].path"} <= paths
    with pytest.raises(DocumentError):
        load_changes({"format": "changes/2", "changes": []})


def test_changes_schema_is_a_json_schema():
    schema = ChangeSet.model_json_schema()
    assert schema["properties"]["format"]["const"] == "changes/1"
    assert set(schema["$defs"]["Change"]["properties"]["op"]["enum"]) == {"set", "add", "remove"}


# --- exclusivity variants ---------------------------------------------------------------------

def test_variants_follow_their_definitions(scenario):
    glow = scenario.campaigns[0]
    variants = {v.name: clause_document(v.clause) for v in build_variants(scenario, glow, None)}
    assert list(variants) == ["requested", "full", "category", "semi", "phased", "phased-category", "shorter",
                              "regional", "none"]
    assert variants["requested"] == clause_document(glow.exclusivity)
    for name, level in (("full", "full"), ("category", "category"), ("semi", "competitors")):
        assert [p["level"] for p in variants[name]["phases"]] == [level, level]
        assert [(p["from"], p["to"]) for p in variants[name]["phases"]] == \
            [(p["from"], p["to"]) for p in variants["requested"]["phases"]]
        assert variants[name]["exceptions"] == {"brands": ["shineco"]}
    # phased: strongest requested level (category) from the requested start to launch end, then competitors
    # to the requested end; scope: the union of the phases' regions (one phase has none = the campaign's)
    assert variants["phased"]["phases"] == [
        {"level": "category", "from": {"anchor": "first_post", "offset_days": -3},
         "to": {"anchor": "launch_end", "offset_days": 0}},
        {"level": "competitors", "from": {"anchor": "launch_end", "offset_days": 1},
         "to": {"anchor": "last_post", "offset_days": 31}}]
    # phased-category: the same two parts, full through the launch, then category
    assert variants["phased-category"]["phases"] == [
        {"level": "full", "from": {"anchor": "first_post", "offset_days": -3},
         "to": {"anchor": "launch_end", "offset_days": 0}},
        {"level": "category", "from": {"anchor": "launch_end", "offset_days": 1},
         "to": {"anchor": "last_post", "offset_days": 31}}]
    # shorter: last_post + 31 -> last_post + 15; launch_end anchors untouched
    assert variants["shorter"]["phases"][1]["to"] == {"anchor": "last_post", "offset_days": 15}
    assert variants["shorter"]["phases"][0] == variants["requested"]["phases"][0]
    assert variants["none"] == {"phases": []}


def test_phased_without_a_launch_tightens_for_14_days_after_the_first_post():
    doc = scenario_doc()
    glow = doc["campaigns"][0]
    del glow["launch"]
    glow["exclusivity"] = {"phases": [{"level": "full", "from": {"anchor": "window_start"},
                                       "to": {"anchor": "window_end", "offset_days": 9}}]}
    s = load_scenario(doc)
    variants = {v.name: clause_document(v.clause) for v in build_variants(s, s.campaigns[0], None)}
    assert variants["phased"]["phases"] == [
        {"level": "full", "from": {"anchor": "window_start", "offset_days": 0},
         "to": {"anchor": "first_post", "offset_days": 14}},
        {"level": "competitors", "from": {"anchor": "first_post", "offset_days": 15},
         "to": {"anchor": "window_end", "offset_days": 9}}]
    assert variants["shorter"]["phases"][0]["to"] == {"anchor": "window_end", "offset_days": 4}


def test_regional_keeps_the_largest_regions_up_to_80_percent_of_the_booked_audience(scenario):
    glow = scenario.campaigns[0]
    # ava and ben booked: US 700k, UK 400k, CA 50k of 1.15M -> US alone 61%, US+UK 96%
    from creator_roster.models import Roster
    roster = Roster.model_validate({"scenario": None, "status": "feasible", "objective": 1, "bound": 1,
                                    "assignments": [
                                        {"creator": "ava", "campaign": "glow", "posts": ["2027-04-02"], "fee": 1,
                                         "value": 1},
                                        {"creator": "ben", "campaign": "glow", "posts": ["2027-04-02"], "fee": 1,
                                         "value": 1}]})
    audience = booked_audience(scenario, {"glow"}, roster)
    assert audience == {"US": 700000, "UK": 400000, "CA": 50000}
    assert regional_selection(glow, audience) == ["US", "UK"]
    variants = {v.name: clause_document(v.clause) for v in build_variants(scenario, glow, roster)}
    assert [p.get("regions") for p in variants["regional"]["phases"]] == [["US", "UK"], ["US", "UK"]]
    assert regional_selection(glow, {"US": 90, "UK": 5, "CA": 5}) == ["US"]


def test_creator_split_is_exact_on_staffing_budget_and_must_haves(scenario):
    glow = scenario.campaigns[0]
    semi = build_variants(scenario, glow, None)[3].clause
    split = creator_split(scenario, glow, "ava", semi)
    changed, _ = apply_changes(scenario, split.changes)
    original = next(k for k in changed.campaigns if k.id == "glow")
    clone = next(k for k in changed.campaigns if k.id == split.clone_id)
    ava = changed.creators[0]
    fee = contract.fee(ava, clone, changed.effective_settings)
    assert clone.required_creators == ["ava"] and clone.creators.max == 1
    assert set(clone.excluded_creators) == {"ben", "cy"}
    assert clause_document(clone.exclusivity) == clause_document(semi)
    assert (clone.window, clone.launch, clone.regions, clone.posts_per_creator) == \
        (glow.window, glow.launch, glow.regions, glow.posts_per_creator)
    # glow needed 2..3 creators with ava: the others are 1..2, and must be there
    assert (original.creators.min, original.creators.max, original.required) == (1, 2, True)
    assert original.required_creators == [] and "ava" in original.excluded_creators
    assert original.budget == 5000 - fee
    assert clause_document(original.exclusivity) == clause_document(glow.exclusivity)
    # ben's preferred bonus stays on glow; ava has none to move
    assert original.preferred_creators == {"ben": Decimal(500)}


def test_creator_split_is_none_when_the_creator_cannot_be_booked(scenario):
    glow = scenario.campaigns[0]
    assert creator_split(scenario, glow, "cy", glow.exclusivity) is None  # excluded from glow
    unbooked, _ = apply_changes(scenario, creator_unbooked(glow, "ben").changes)
    assert "ben" in unbooked.campaigns[0].excluded_creators
