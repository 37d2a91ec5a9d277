"""What-if re-plans on tiny scenarios whose right answers are worked out by hand.

Values are engagement 0.05 x audience x posts: ava 25,000 a post, ben
15,000, cy 5,000 (weights multiply).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import DocumentError, dump_json, load_scenario
from creator_roster.models.changes import load_changes
from creator_roster.models.diff import DiffDocument
from creator_roster.planning.changes import apply_changes
from creator_roster.planning.whatif import run_whatif
from creator_roster.rules.validate import validate
from creator_roster.solver.solve import SolveParams, solve_scenario

TIME = 2.0


def creator(cid, audience, fee):
    return {"id": cid, "platforms": ["instagram"], "audience": {"US": audience}, "engagement_rate": 0.05,
            "fee_per_post": fee}


def campaign(cid, brand, start, end, **more):
    return {"id": cid, "brand": brand, "category": "snacks", "regions": ["US"], "platforms": ["instagram"],
            "window": {"start": start, "end": end}, **more}


def two_campaigns():
    """alpha (two posts, 3 days apart, two creators) in early April; beta (three creators) in May."""
    return {
        "format": "scenario/1", "name": "what-if",
        "horizon": {"start": "2027-04-01", "end": "2027-06-30"},
        "regions": ["US"], "platforms": ["instagram"], "categories": [{"id": "snacks"}],
        "brands": [{"id": "crunch"}, {"id": "munch"}],
        "creators": [creator("ava", 500000, 1000), creator("ben", 300000, 800), creator("cy", 100000, 300)],
        "campaigns": [
            campaign("alpha", "crunch", "2027-04-01", "2027-04-10", creators={"max": 2}, posts_per_creator=2,
                     min_days_between_posts=3),
            campaign("beta", "munch", "2027-05-01", "2027-05-31", creators={"max": 3}, required_creators=["ava"],
                     preferred_creators={"ava": 100}, excluded_creators=[]),
        ],
        "commitments": [{"id": "ava-old", "creator": "ava", "brand": "munch", "category": "snacks",
                         "regions": ["US"], "platforms": ["instagram"], "posts": ["2027-06-10"]}],
    }


def change_set(*ops):
    return load_changes({"format": "changes/1", "changes": list(ops)})


def booked(roster):
    return {(a.creator, a.campaign): a.posts for a in roster.assignments}


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(two_campaigns())


@pytest.fixture(scope="module")
def baseline(scenario):
    roster = solve_scenario(scenario, SolveParams(time_limit_s=TIME))
    assert validate(scenario, roster) == []
    return roster


MOVE_ALPHA = {"op": "set", "path": "campaigns/alpha/window", "value": {"start": "2027-04-15", "end": "2027-04-25"}}


@pytest.mark.parametrize("stability", [None, 1000.0])
def test_moving_a_window_moves_exactly_its_posts(scenario, baseline, stability):
    diff = run_whatif(scenario, change_set(MOVE_ALPHA), baseline=baseline, stability=stability, time_limit_s=TIME)
    changed, _ = apply_changes(scenario, change_set(MOVE_ALPHA))
    assert validate(changed, diff.roster) == []
    assert baseline.objective == 2 * 25000 + 2 * 15000 + 25000 + 100 + 15000 + 5000
    # alpha's two bookings (ava, ben) move into the new window; beta's three stay exactly as they were
    assert {(m.creator, m.campaign) for m in diff.moved} == {("ava", "alpha"), ("ben", "alpha")}
    for m in diff.moved:
        assert m.old_posts == booked(baseline)[(m.creator, "alpha")]
        assert all(changed.campaigns[0].window.contains(d) for d in m.new_posts)
    assert diff.added == [] and diff.removed == [] and diff.kept == 3
    assert diff.staffed == [] and diff.unstaffed == []
    assert diff.objective_delta == 0 and diff.fees_delta == 0
    assert diff.stability == stability


def test_removing_a_creator_cascades_and_the_diff_says_so(scenario, baseline):
    diff = run_whatif(scenario, change_set({"op": "remove", "path": "creators/ava"}), baseline=baseline,
                      time_limit_s=TIME)
    changed, _ = apply_changes(scenario, change_set({"op": "remove", "path": "creators/ava"}))
    assert validate(changed, diff.roster) == []
    assert any("required_creators" in n and "beta" in n for n in diff.notes)
    assert any("preferred_creators" in n for n in diff.notes)
    assert any("commitment 'ava-old'" in n for n in diff.notes)
    assert {(b.creator, b.campaign) for b in diff.removed} == {("ava", "alpha"), ("ava", "beta")}
    # cy moves up into alpha's free place; nothing else needs to change
    assert {(b.creator, b.campaign) for b in diff.added} == {("cy", "alpha")}
    assert diff.moved == [] and diff.kept == 3
    assert diff.objective_delta == -(2 * 25000 + 25000 + 100) + 2 * 5000


def clash_of_days():
    """ava posts once; beta (weight 2) and gamma (weight 1) both run on 2027-05-03 only."""
    doc = two_campaigns()
    doc["campaigns"] = [
        campaign("beta", "munch", "2027-05-03", "2027-05-03", creators={"max": 1}, weight=2),
        campaign("gamma", "crunch", "2027-05-03", "2027-05-03", creators={"max": 1}, weight=1),
    ]
    doc["creators"] = doc["creators"][:2]
    doc["commitments"] = []
    return doc


RAISE_GAMMA = {"op": "set", "path": "campaigns/gamma/weight", "value": 2.2}


def test_stability_trades_value_for_calm():
    scenario = load_scenario(clash_of_days())
    baseline = solve_scenario(scenario, SolveParams(time_limit_s=TIME))
    # ava (25,000) on beta x2 and ben (15,000) on gamma: 50,000 + 15,000
    assert baseline.objective == 65000 and ("ava", "beta") in booked(baseline)
    changes = change_set(RAISE_GAMMA)
    changed, _ = apply_changes(scenario, changes)
    # free: swap, ava on gamma (55,000) + ben on beta (30,000) = 85,000, two bookings change
    free = run_whatif(scenario, changes, baseline=baseline, stability=0, time_limit_s=TIME)
    best = run_whatif(scenario, changes, baseline=baseline, time_limit_s=TIME)
    # calm: keeping both is worth 2 x 10,000 > the 2,000 gained by swapping (83,000 kept)
    calm = run_whatif(scenario, changes, baseline=baseline, stability=10000, time_limit_s=TIME)
    for diff in (free, best, calm):
        assert validate(changed, diff.roster) == []
    assert free.objective == 85000 and best.objective == 85000
    assert {(b.creator, b.campaign) for b in best.added} == {("ava", "gamma"), ("ben", "beta")}
    assert calm.objective == 83000 and calm.kept == 2
    assert calm.added == [] and calm.removed == [] and calm.moved == []
    assert calm.objective_delta == 18000


def test_without_a_baseline_the_original_is_solved_first(scenario, baseline):
    steps = []
    diff = run_whatif(scenario, change_set({"op": "set", "path": "campaigns/beta/weight", "value": 1}),
                      time_limit_s=TIME, progress=steps.append)
    assert steps[0].phase.startswith("solving the baseline") and (steps[0].step, steps[0].steps) == (0, 2)
    assert steps[-1].phase == "done" and steps[-1].final and steps[-1].objective == diff.objective
    assert diff.baseline_objective == baseline.objective
    assert diff.added == [] and diff.removed == [] and diff.moved == []
    assert diff.objective_delta == 0


def test_an_invalid_change_is_an_error_and_nothing_is_solved(scenario, monkeypatch):
    import creator_roster.planning.whatif as whatif

    def must_not_solve(*_args, **_kwargs):
        raise AssertionError("solved an invalid what-if")

    monkeypatch.setattr(whatif, "solve_scenario", must_not_solve)
    with pytest.raises(DocumentError) as info:
        run_whatif(scenario, change_set({"op": "set", "path": "campaigns/beta/window/end", "value": "2027-07-31"}))
    assert info.value.issues[0].path == "changes[0].value"
    assert "campaigns[1].window.end" in info.value.issues[0].message


def test_a_baseline_of_another_scenario_is_rejected(scenario):
    other = load_scenario(clash_of_days())
    wrong = solve_scenario(other, SolveParams(time_limit_s=TIME))
    with pytest.raises(DocumentError) as info:
        run_whatif(scenario, change_set(MOVE_ALPHA), baseline=wrong, time_limit_s=TIME)
    assert info.value.document == "baseline roster"


def test_diff_document_round_trips(scenario, baseline):
    diff = run_whatif(scenario, change_set(MOVE_ALPHA), baseline=baseline, time_limit_s=TIME)
    data = json.loads(dump_json(diff))
    for key in ("format", "added", "removed", "moved", "staffed", "unstaffed", "objective_delta", "fees_delta",
                "roster", "notes"):
        assert key in data
    assert data["format"] == "diff/1"
    assert DiffDocument.model_validate(data).moved == diff.moved


def write(path, data):
    path.write_text(json.dumps(data))
    return str(path)


def test_cli_whatif_with_baseline_and_invalid_changes(tmp_path, scenario, baseline):
    runner = CliRunner()
    scenario_file = write(tmp_path / "s.json", two_campaigns())
    baseline_file = tmp_path / "baseline.json"
    baseline_file.write_text(dump_json(baseline))
    good = write(tmp_path / "move.json", {"format": "changes/1", "changes": [MOVE_ALPHA]})
    out = tmp_path / "diff.json"
    result = runner.invoke(app, ["whatif", scenario_file, good, "--baseline", str(baseline_file),
                                 "--stability", "100", "--time-limit", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "moved" in result.stdout and "alpha" in result.stdout
    data = json.loads(out.read_text())
    assert {(m["creator"], m["campaign"]) for m in data["moved"]} == {("ava", "alpha"), ("ben", "alpha")}

    bad = write(tmp_path / "bad.json", {"format": "changes/1", "changes": [
        MOVE_ALPHA, {"op": "remove", "path": "creators/zed"}]})
    bad_out = tmp_path / "bad-diff.json"
    result = runner.invoke(app, ["whatif", scenario_file, bad, "-o", str(bad_out)])
    assert result.exit_code == 2
    assert "changes[1].path" in result.output and "zed" in result.output
    assert not bad_out.exists()

    unreadable = write(tmp_path / "unreadable.json", {"format": "changes/1", "changes": [{"op": "move"}]})
    result = runner.invoke(app, ["whatif", scenario_file, unreadable])
    assert result.exit_code == 2 and "changes[0].op" in result.output
