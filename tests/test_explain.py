"""Infeasible scenarios: status, exit code 3, and an explanation a planner can act on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import load_scenario

from .builders import campaign, creator, tiny
from .conftest import solve_checked

runner = CliRunner()


def paths_of(roster) -> list[str]:
    return [item.path for item in roster.explanation]


def test_required_campaign_with_too_few_creators_names_min_and_required():
    doc = tiny(creators=[creator("ava")], campaigns=[campaign("glow", "glowco", required=True, creators={"min": 2})])
    r = solve_checked(doc)
    assert r.status == "infeasible"
    assert set(paths_of(r)) == {"campaigns[0].required", "campaigns[0].creators.min"}


def test_budget_below_the_required_creator_fee():
    doc = tiny(campaigns=[campaign("glow", "glowco", required_creators=["ava"], budget=999)])
    r = solve_checked(doc)
    assert r.status == "infeasible"
    assert set(paths_of(r)) == {"campaigns[0].required_creators[0]", "campaigns[0].budget"}
    assert "ava" in r.explanation[0].message


def test_required_creator_who_blocks_the_brand_is_explained_without_a_solver():
    doc = tiny(creators=[creator("ava", blocked_brands=["glowco"])],
               campaigns=[campaign("glow", "glowco", required_creators=["ava"])])
    r = solve_checked(doc)
    assert r.status == "infeasible"
    assert paths_of(r) == ["campaigns[0].required_creators[0]", "creators[0].blocked_brands[0]"]
    assert "refuses to work with glowco" in r.explanation[0].message


def test_unavailability_over_the_window_is_named():
    doc = tiny(creators=[creator("ava", unavailable=[{"start": "2027-02-20", "end": "2027-03-10"}])],
               campaigns=[campaign("glow", "glowco", required_creators=["ava"])])
    r = solve_checked(doc)
    assert set(paths_of(r)) == {"campaigns[0].required_creators[0]", "creators[0].unavailable[0]"}
    assert "unavailable from 2027-02-20 to 2027-03-10" in " ".join(i.message for i in r.explanation)


def test_two_must_haves_that_exclude_each_other():
    clause = {"phases": [{"level": "competitors", "from": {"anchor": "window_start"},
                          "to": {"anchor": "window_end"}}]}
    doc = tiny(creators=[creator("ava")],
               campaigns=[campaign("glow", "glowco", required_creators=["ava"], exclusivity=clause),
                          campaign("sun", "sunbrite", required_creators=["ava"])])
    r = solve_checked(doc)
    assert set(paths_of(r)) == {"campaigns[0].required_creators[0]", "campaigns[1].required_creators[0]",
                                "campaigns[0].exclusivity.phases[0]"}


def test_cli_exit_code_3_writes_the_explained_roster(tmp_path: Path):
    src = Path(__file__).parent / "data" / "examples" / "13-infeasible-must-have-tied-up.json"
    out = tmp_path / "roster.json"
    result = runner.invoke(app, ["solve", str(src), "-o", str(out), "--time-limit", "5"])
    assert result.exit_code == 3, result.output
    doc = json.loads(out.read_text())
    assert doc["status"] == "infeasible" and doc["objective"] is None and doc["assignments"] == []
    assert {e["path"] for e in doc["explanation"]} == {"campaigns[0].required_creators[0]",
                                                      "commitments[0].exclusivity.phases[0]"}


def test_shipped_infeasible_scenario_is_explained():
    path = Path(__file__).parents[1] / "scenarios" / "infeasible.json"
    r = solve_checked(load_scenario(path), time_limit_s=5)
    assert r.status == "infeasible"
    assert 1 <= len(r.explanation) <= 5
    assert all(not item.message.startswith("the rule") for item in r.explanation)


def test_required_campaign_nobody_can_staff_says_so():
    doc = tiny(creators=[creator("ava", platforms=["tiktok"])], campaigns=[campaign("glow", "glowco", required=True)])
    r = solve_checked(doc)
    assert r.status == "infeasible" and paths_of(r) == ["campaigns[0].required"]
    assert "no creator is eligible" in r.explanation[0].message


# --- every fact that takes part is named ----------------------------------------------------

def test_a_weekly_cap_used_up_by_a_commitment_names_the_commitment_too():
    # 2027-03-01 is a Monday; the window is that week; ava posts once a week and her oldco deal already does.
    commitment = {"id": "old", "creator": "ava", "brand": "dermaplus", "category": "skincare",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-03"]}
    doc = tiny(creators=[creator("ava", max_posts_per_week=1)],
               campaigns=[campaign("glow", "glowco", required_creators=["ava"])], commitments=[commitment])
    r = solve_checked(doc)
    assert r.status == "infeasible"
    assert set(paths_of(r)) == {"campaigns[0].required_creators[0]", "creators[0].max_posts_per_week",
                                "commitments[0].posts"}
    posts = next(i for i in r.explanation if i.path == "commitments[0].posts")
    assert "2027-03-03" in posts.message and "week" in posts.message


def test_a_campaign_clause_over_a_commitment_post_names_the_commitment_too():
    # glow's full-window clause would cover ava's sunbrite post on 03-04; the deal's brand competes with glowco.
    commitment = {"id": "sun-deal", "creator": "ava", "brand": "sunbrite", "category": "sunscreen",
                  "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-03-04"]}
    clause = {"phases": [{"level": "competitors", "from": {"anchor": "window_start"},
                          "to": {"anchor": "window_end"}}]}
    doc = tiny(creators=[creator("ava")], commitments=[commitment],
               campaigns=[campaign("glow", "glowco", required_creators=["ava"], exclusivity=clause)])
    r = solve_checked(doc)
    assert r.status == "infeasible"
    assert set(paths_of(r)) == {"campaigns[0].required_creators[0]", "campaigns[0].exclusivity.phases[0]",
                                "commitments[0].posts"}
    posts = next(i for i in r.explanation if i.path == "commitments[0].posts")
    assert "2027-03-04" in posts.message and "glow" in posts.message
