"""Revision 1.1 of the contract: signed bookings, launch posts and soft must-haves.

Each rule on a tiny scenario where it bites and one where it does not, the
validator on hand-built rosters that break it, and input errors by path.
In ``builders.tiny()`` ava is worth 10,000 a post and ben 5,000; glow
(glowco) and sun (sunbrite) are rival sunscreen campaigns in 2027-03-01..07.
"""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import DocumentError, load_roster, scenario_from_data
from creator_roster.rules import must_haves
from creator_roster.rules.validate import validate

from .builders import campaign, creator, phase, tiny
from .conftest import solve_checked

D = dt.date.fromisoformat


def posts_of(roster, creator_id: str, campaign_id: str) -> list[str] | None:
    for a in roster.assignments:
        if (a.creator, a.campaign) == (creator_id, campaign_id):
            return [d.isoformat() for d in a.posts]
    return None


def issues(doc: dict) -> list[tuple[str, str]]:
    with pytest.raises(DocumentError) as err:
        scenario_from_data(doc)
    return [(i.path, i.message) for i in err.value.issues]


# --- signed bookings (campaigns[].locked) -------------------------------------------------

def test_a_signed_booking_posts_on_exactly_its_days():
    doc = tiny(creators=[creator("ava")], campaigns=[
        campaign("glow", "glowco", posts_per_creator=2, locked=[{"creator": "ava", "posts": ["2027-03-06", "2027-03-03"]}])])
    r = solve_checked(doc)
    assert r.status == "optimal" and posts_of(r, "ava", "glow") == ["2027-03-03", "2027-03-06"]


def test_a_signed_booking_is_kept_where_a_free_one_would_go_elsewhere():
    # sun's clause covers its posts' week: ava signed on sun (03-02) can no longer do glow in that week.
    clause = {"phases": [phase("competitors", to_off=0)]}
    free = tiny(creators=[creator("ava")], campaigns=[
        campaign("glow", "glowco", start="2027-03-02", end="2027-03-02"),
        campaign("sun", "sunbrite", start="2027-03-01", end="2027-03-03", exclusivity=clause, weight=0.5)])
    r = solve_checked(free)
    assert posts_of(r, "ava", "glow") == ["2027-03-02"] and posts_of(r, "ava", "sun") is not None
    signed = tiny(creators=[creator("ava")], campaigns=[
        campaign("glow", "glowco", start="2027-03-02", end="2027-03-02"),
        campaign("sun", "sunbrite", start="2027-03-01", end="2027-03-03", exclusivity=clause, weight=0.5,
                 locked=[{"creator": "ava", "posts": ["2027-03-02"]}])])
    r = solve_checked(signed)
    assert posts_of(r, "ava", "sun") == ["2027-03-02"] and posts_of(r, "ava", "glow") is None
    assert r.objective == 5000


def test_a_signed_booking_that_breaks_a_rule_is_infeasible_and_named():
    doc = tiny(creators=[creator("ava", unavailable=[{"start": "2027-03-04", "end": "2027-03-04"}])],
               campaigns=[campaign("glow", "glowco", locked=[{"creator": "ava", "posts": ["2027-03-04"]}])])
    r = solve_checked(doc)
    assert r.status == "infeasible"
    paths = [item.path for item in r.explanation]
    assert "campaigns[0].locked[0]" in paths and "creators[0].unavailable[0]" in paths


def test_a_signed_booking_of_an_ineligible_creator_is_explained_without_a_solver():
    doc = tiny(creators=[creator("ava", platforms=["tiktok"])],
               campaigns=[campaign("glow", "glowco", locked=[{"creator": "ava", "posts": ["2027-03-04"]}])])
    r = solve_checked(doc)
    assert r.status == "infeasible"
    assert [item.path for item in r.explanation] == ["campaigns[0].locked[0]", "creators[0].platforms"]


def test_signed_booking_input_errors_name_the_field():
    doc = tiny(campaigns=[campaign("glow", "glowco", posts_per_creator=2, locked=[
        {"creator": "ava", "posts": ["2027-03-02", "2027-03-02"]},
        {"creator": "ava", "posts": ["2027-03-02", "2027-03-05"]},
        {"creator": "nobody", "posts": ["2027-03-02", "2027-03-05"]}])])
    found = issues(doc)
    paths = [p for p, _ in found]
    assert "campaigns[0].locked[0].posts[1]" in paths  # a day twice
    assert "campaigns[0].locked[0].posts" in paths  # 1 distinct day of 2
    assert "campaigns[0].locked[1].creator" in paths  # ava signed twice
    assert "campaigns[0].locked[2].creator" in paths  # unknown creator
    assert any("posts_per_creator" in m for p, m in found if p == "campaigns[0].locked[0].posts")


# --- launch posts (campaigns[].min_launch_posts) -------------------------------------------

def launch_campaign(need: int) -> dict:
    return campaign("glow", "glowco", start="2027-03-01", end="2027-03-14", posts_per_creator=2,
                    min_days_between_posts=3, launch={"start": "2027-03-10", "end": "2027-03-12"},
                    min_launch_posts=need)


def test_launch_posts_bite_when_the_creator_is_away_for_most_of_the_launch():
    away = [{"start": "2027-03-11", "end": "2027-03-14"}]
    doc = tiny(creators=[creator("ava", unavailable=away)], campaigns=[launch_campaign(1)])
    r = solve_checked(doc)
    assert r.objective == 20000 and "2027-03-10" in posts_of(r, "ava", "glow")
    doc = tiny(creators=[creator("ava", unavailable=away)], campaigns=[launch_campaign(2)])
    assert solve_checked(doc).objective == 0  # two launch posts 3 days apart do not fit 03-10 alone


def test_a_launch_is_inclusive_at_both_ends():
    doc = tiny(creators=[creator("ava")], campaigns=[launch_campaign(2)])  # 03-10 and 03-12 are 2 apart: too close
    assert solve_checked(doc).objective == 0
    doc["campaigns"][0]["min_days_between_posts"] = 2
    r = solve_checked(doc)
    assert posts_of(r, "ava", "glow") == ["2027-03-10", "2027-03-12"]


def test_launch_posts_input_errors():
    no_launch = campaign("glow", "glowco", min_launch_posts=1)
    assert ("campaigns[0].min_launch_posts" in [p for p, _ in issues(tiny(campaigns=[no_launch]))])
    too_many = campaign("glow", "glowco", launch={"start": "2027-03-02", "end": "2027-03-03"}, min_launch_posts=2)
    assert any(p == "campaigns[0].min_launch_posts" and "posts_per_creator" in m
               for p, m in issues(tiny(campaigns=[too_many])))


# --- soft must-haves (settings.must_haves) ---------------------------------------------------

def clash(mode: str) -> dict:
    """ava required on glow and on sun, rivals with full-window clauses: both cannot hold."""
    clause = {"phases": [phase("competitors", frm="window_start", to="window_end")]}
    return tiny(creators=[creator("ava"), creator("ben", audience=50000)],
                campaigns=[campaign("glow", "glowco", required_creators=["ava"], exclusivity=clause),
                           campaign("sun", "sunbrite", required_creators=["ava"], exclusivity=clause, weight=2)],
                settings={"must_haves": mode})


def test_hard_must_haves_that_clash_are_infeasible():
    r = solve_checked(clash("hard"))
    assert r.status == "infeasible" and r.relaxed is None
    assert "relaxed" not in r.to_document()


def test_soft_must_haves_relax_the_fewest_then_keep_the_value():
    r = solve_checked(clash("soft"))
    assert r.status == "optimal"
    assert [item.path for item in r.relaxed] == ["campaigns[0].required_creators[0]"]  # sun is worth double
    assert posts_of(r, "ava", "sun") is not None and posts_of(r, "ava", "glow") is None
    assert r.objective == 2 * 10000 + 2 * 5000  # ben is worth more on sun too
    assert {"campaigns[0].required_creators[0]", "campaigns[1].required_creators[0]"} <= \
        {item.path for item in r.explanation}


def test_soft_must_haves_that_all_hold_relax_nothing():
    doc = clash("soft")
    doc["campaigns"][1]["required_creators"] = ["ben"]
    r = solve_checked(doc)
    assert r.status == "optimal" and r.relaxed == [] and r.explanation is None
    assert r.to_document()["relaxed"] == []


def test_must_haves_setting_is_checked():
    assert issues(tiny(settings={"must_haves": "sometimes"}))[0][0] == "settings.must_haves"


# --- the plain rules and the validator ---------------------------------------------------------

def roster_doc(scenario_doc: dict, bookings: dict, status: str = "feasible", relaxed=None) -> dict:
    s = scenario_from_data(scenario_doc)
    from creator_roster.rules.index import ScenarioIndex

    index = ScenarioIndex(s)
    assignments = [{"creator": c, "campaign": k, "posts": days, "fee": index.fee(c, k), "value": index.value(c, k)}
                   for (c, k), days in bookings.items()]
    total = sum(a["value"] for a in assignments)
    summaries = [{"id": k.id, "staffed": any(a["campaign"] == k.id for a in assignments),
                  "creators": [a["creator"] for a in assignments if a["campaign"] == k.id],
                  "fees": sum(a["fee"] for a in assignments if a["campaign"] == k.id),
                  "value": sum(a["value"] for a in assignments if a["campaign"] == k.id)} for k in s.campaigns]
    doc = {"format": "roster/1", "scenario": s.name, "status": status, "objective": total, "bound": total,
           "assignments": assignments, "campaigns": summaries, "warnings": [], "explanation": None, "stats": {}}
    if relaxed is not None:
        doc["relaxed"] = relaxed
    return doc


def check(scenario_doc: dict, roster: dict):
    return validate(scenario_from_data(scenario_doc), load_roster(roster))


def test_validator_rule4_a_signed_booking_moved_or_missing():
    doc = tiny(creators=[creator("ava")], campaigns=[
        campaign("glow", "glowco", locked=[{"creator": "ava", "posts": ["2027-03-03"]}])])
    assert check(doc, roster_doc(doc, {("ava", "glow"): ["2027-03-03"]})) == []
    moved = check(doc, roster_doc(doc, {("ava", "glow"): ["2027-03-04"]}))
    assert [v.rule for v in moved] == [4] and "campaigns[0].locked[0]" in moved[0].message
    assert "2027-03-04" in moved[0].message
    missing = check(doc, roster_doc(doc, {}))
    assert [v.rule for v in missing] == [4] and "signed" in missing[0].message


def test_validator_rule7_too_few_launch_posts():
    doc = tiny(creators=[creator("ava")], campaigns=[launch_campaign(1)])
    assert check(doc, roster_doc(doc, {("ava", "glow"): ["2027-03-05", "2027-03-12"]})) == []
    found = check(doc, roster_doc(doc, {("ava", "glow"): ["2027-03-01", "2027-03-05"]}))
    assert [v.rule for v in found] == [7] and "launch" in found[0].message


def test_validator_soft_relaxed_list_must_be_exact():
    doc = clash("soft")
    plan = {("ava", "sun"): ["2027-03-01"], ("ben", "glow"): ["2027-03-01"]}
    path = "campaigns[0].required_creators[0]"
    good = [{"path": path, "message": "ava is not booked on glow"}]
    assert check(doc, roster_doc(doc, plan, relaxed=good)) == []
    unlisted = check(doc, roster_doc(doc, plan, relaxed=[]))
    assert [v.rule for v in unlisted] == [4] and path in unlisted[0].message
    kept = good + [{"path": "campaigns[1].required_creators[0]", "message": "x"}]
    assert [v.rule for v in check(doc, roster_doc(doc, plan, relaxed=kept))] == [8]
    assert [v.rule for v in check(doc, roster_doc(doc, plan, relaxed=None))] == [4, 8]
    hard = clash("hard")
    assert 8 in [v.rule for v in check(hard, roster_doc(hard, plan, relaxed=good))]


def test_must_haves_are_listed_in_document_order_with_their_paths():
    doc = tiny(campaigns=[campaign("glow", "glowco", required=True, required_creators=["ben"],
                                   locked=[{"creator": "ava", "posts": ["2027-03-02"]}])])
    listed = must_haves.must_haves(scenario_from_data(doc))
    assert [(str(m.path), m.kind) for m in listed] == [("campaigns[0].required", "required"),
                                                  ("campaigns[0].required_creators[0]", "required_creator"),
                                                  ("campaigns[0].locked[0]", "locked")]
    signed = listed[2]
    assert signed.kept_by({("ava", "glow"): [D("2027-03-02")]})
    assert not signed.kept_by({("ava", "glow"): [D("2027-03-03")]})


def test_cli_soft_must_haves_exit_0_and_write_relaxed(tmp_path):
    import json

    path = tmp_path / "s.json"
    path.write_text(json.dumps(clash("soft")))
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["solve", str(path), "-o", str(out), "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    assert [item["path"] for item in json.loads(out.read_text())["relaxed"]] == ["campaigns[0].required_creators[0]"]
