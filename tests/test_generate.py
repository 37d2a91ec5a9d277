"""The scenario generator, `roster generate`, the shipped scenarios and the hypothesis strategy."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import load_scenario
from creator_roster.rules.index import ScenarioIndex
from creator_roster.rules.validate import commitment_warnings
from creator_roster.scenarios.generate import generate

from .conftest import solve_checked
from .strategies import small_scenarios

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
runner = CliRunner()


def load_json_text(document: dict):
    """Load the document the way a file would be read: through its JSON text."""
    return load_scenario(json.dumps(document).encode())


@pytest.fixture(scope="module")
def medium():
    return load_json_text(generate(100, 20, 180, seed=7))


# --- the generator ----------------------------------------------------------------------

@pytest.mark.parametrize("creators,campaigns,days,seed", [
    (20, 5, 90, 0), (20, 5, 90, 1), (20, 5, 90, 2), (100, 20, 180, 3), (300, 40, 270, 4),
    (5, 2, 14, 5), (1, 1, 14, 6), (0, 0, 14, 7), (3, 12, 30, 8),
])
def test_generated_scenarios_load(creators, campaigns, days, seed):
    document = generate(creators, campaigns, days, seed)
    scenario = load_json_text(document)
    assert (len(scenario.creators), len(scenario.campaigns)) == (creators, campaigns)
    assert scenario.horizon.days() == days
    assert scenario.horizon.start.weekday() == 0  # a Monday


@settings(max_examples=30, deadline=None)
@given(creators=st.integers(0, 40), campaigns=st.integers(0, 12), days=st.integers(14, 400),
       seed=st.integers(0, 2**32), commitments=st.none() | st.integers(0, 60))
def test_any_sizes_give_a_loadable_scenario_without_commitment_warnings(creators, campaigns, days, seed, commitments):
    if commitments and not creators:
        commitments = 0
    scenario = load_json_text(generate(creators, campaigns, days, seed, commitments))
    assert len(scenario.commitments) == (creators // 10 if commitments is None else commitments)
    assert commitment_warnings(scenario) == []


def test_same_seed_gives_the_same_document_and_other_seeds_differ():
    first = json.dumps(generate(100, 20, 180, seed=11))
    assert json.dumps(generate(100, 20, 180, seed=11)) == first
    others = {json.dumps(generate(100, 20, 180, seed=s)) for s in (12, 13)}
    assert first not in others and len(others) == 2


def test_commitments_default_to_a_tenth_of_the_creators_and_follow_the_argument():
    assert len(generate(100, 10, 120, seed=1)["commitments"]) == 10
    assert len(generate(35, 10, 120, seed=1)["commitments"]) == 3
    assert len(generate(30, 10, 120, seed=1, commitments=0)["commitments"]) == 0
    assert len(generate(30, 10, 120, seed=1, commitments=25)["commitments"]) == 25
    # more commitments than creators: some creators get two deals, still a valid document
    scenario = load_json_text(generate(4, 2, 60, seed=2, commitments=9))
    assert len(scenario.commitments) == 9


@pytest.mark.parametrize("creators,commitments,seed", [(100, None, 1), (300, None, 2), (6, 20, 3), (40, 90, 4)])
def test_commitments_never_clash_among_themselves(creators, commitments, seed):
    scenario = load_json_text(generate(creators, 10, 120, seed, commitments))
    assert commitment_warnings(scenario) == []


@pytest.mark.parametrize("creators,campaigns,days,seed,commitments", [(100, 20, 180, 12, 60), (30, 8, 90, 3, 18)])
def test_a_crowded_market_is_one_region_one_platform_rivals_everywhere_and_a_clause_on_every_campaign(
        creators, campaigns, days, seed, commitments):
    plain = generate(creators, campaigns, days, seed, commitments)
    scenario = load_json_text(generate(creators, campaigns, days, seed, commitments, crowded=True))
    assert len(scenario.regions) == 1 and len(scenario.platforms) == 1
    assert all(list(c.audience) == scenario.regions and c.platforms == scenario.platforms for c in scenario.creators)
    assert all(k.exclusivity and k.exclusivity.phases and not k.excepted_brands for k in scenario.campaigns)
    relations = ScenarioIndex(scenario).relations
    parent = {c.id: c.parent for c in scenario.categories}

    def root(category):
        while parent[category] is not None:
            category = parent[category]
        return category

    market = {k.brand: root(k.category) for k in scenario.campaigns}  # a brand's campaigns share its market
    pairs = [(a, b) for a in market for b in market if a < b and market[a] == market[b]]
    assert pairs and all(relations.competes(a, b) for a, b in pairs)
    # the audience is kept, gathered in the one region; the ordinary season of the seed is unchanged
    assert [sum(c["audience"].values()) for c in plain["creators"]] == [sum(c.audience.values()) for c in scenario.creators]
    assert json.dumps(generate(creators, campaigns, days, seed, commitments)) == json.dumps(plain)
    assert commitment_warnings(scenario) == []
    if creators <= 30:
        roster = solve_checked(scenario)
        assert roster.status == "optimal"


def test_some_commitments_reach_back_before_the_horizon():
    big = load_json_text(generate(300, 10, 180, seed=5))
    before = [m for m in big.commitments if min(m.posts) < big.horizon.start]
    assert before and any(ph.start < big.horizon.start for m in before for ph in m.phases)


def test_medium_size_has_every_clause_level_and_phased_clauses(medium):
    levels = {ph.level for k in medium.campaigns for ph in k.phases}
    assert levels == {"full", "category", "competitors"}
    phased = [k for k in medium.campaigns if len({ph.level for ph in k.phases}) > 1]
    assert phased
    launch_phased = [k for k in medium.campaigns
                     if k.launch is not None and any(ph.to.anchor == "launch_end" for ph in k.phases)]
    assert launch_phased, "expected a launch clause: full through launch_end, then competitors"
    anchors = {b.anchor for k in medium.campaigns for ph in k.phases for b in (ph.from_, ph.to)}
    assert {"first_post", "last_post"} <= anchors


def test_some_budgets_bind_and_every_budget_affords_a_minimal_team(medium):
    ix = ScenarioIndex(medium)
    binding = 0
    for k in medium.campaigns:
        if k.budget is None:
            continue
        eligible = [c.id for c in medium.creators if ix.ineligibility(c.id, k.id) is None]
        best = sorted(eligible, key=lambda c: -ix.value(c, k.id))[: k.creators.max]
        if k.budget < sum(ix.fee(c, k.id) for c in best):
            binding += 1
        cheapest = sorted(ix.fee(c, k.id) for c in eligible)[: k.creators.min]
        assert k.budget >= sum(cheapest), f"{k.id}: budget {k.budget} below the cheapest team {cheapest}"
    assert binding >= 2
    assert any(k.budget is None for k in medium.campaigns)


def test_generated_scenarios_never_name_must_have_creators_and_rarely_require_campaigns():
    for seed in range(5):
        scenario = load_json_text(generate(100, 20, 180, seed))
        assert all(not k.required_creators for k in scenario.campaigns)
        assert sum(k.required for k in scenario.campaigns) <= 4


def test_audiences_are_heavy_tailed_and_engagement_falls_with_size():
    scenario = load_json_text(generate(1000, 10, 60, seed=3))
    totals = [sum(c.audience.values()) for c in scenario.creators]
    assert max(totals) > 20 * statistics.median(totals)
    assert sum(t >= 1_000_000 for t in totals) >= 3  # a few mega creators
    assert sum(t < 100_000 for t in totals) > len(totals) / 2  # many micro ones
    rates = [float(c.engagement_rate) for c in scenario.creators]
    assert 0.01 <= min(rates) and max(rates) <= 0.09
    by_size = sorted(scenario.creators, key=lambda c: sum(c.audience.values()))
    small, big = by_size[: len(by_size) // 2], by_size[-len(by_size) // 10:]
    assert statistics.mean(float(c.engagement_rate) for c in big) < statistics.mean(
        float(c.engagement_rate) for c in small)
    assert statistics.mean(c.fee_per_post for c in big) > 5 * statistics.mean(c.fee_per_post for c in small)


def test_shape_of_the_world(medium):
    assert 4 <= len(medium.regions) <= 6 and 3 <= len(medium.platforms) <= 4
    assert all(1 <= len(c.platforms) <= 3 and 1 <= len(c.audience) <= 4 for c in medium.creators)
    assert any(c.exclusivity_premium is not None for c in medium.creators)
    assert any(c.exclusivity_premium is None for c in medium.creators)
    assert any(c.max_posts_per_week is not None for c in medium.creators)
    assert any(c.unavailable for c in medium.creators)
    parents = {c.id: c.parent for c in medium.categories}
    assert any(parents.get(p) is not None for p in parents.values() if p)  # depth three: skincare > sunscreen
    assert any(c.adjacent for c in medium.categories)
    assert any(b.competitors for b in medium.brands)
    for k in medium.campaigns:
        assert 14 <= k.window.days() <= 56
        assert 1 <= k.posts_per_creator <= 3 and 1 <= k.min_days_between_posts <= 7
        assert 1 <= k.creators.min <= 3 and k.creators.max <= 15
        assert 0.5 <= k.weight <= 3


def test_small_generated_scenarios_solve_to_valid_rosters():
    for seed in (1, 2):
        roster = solve_checked(generate(20, 5, 90, seed), time_limit_s=10)
        assert roster.status in ("optimal", "feasible")
        assert any(c.staffed for c in roster.campaigns)


# --- shipped scenarios ----------------------------------------------------------------

def test_shipped_scenarios_load():
    for name in ("demo", "medium", "infeasible"):
        scenario = load_scenario(SCENARIOS / f"{name}.json")
        assert scenario.name


def test_medium_json_is_the_generator_at_seed_7():
    shipped = json.loads((SCENARIOS / "medium.json").read_text())
    assert shipped == json.loads(json.dumps(generate(100, 20, 180, seed=7)))


def test_demo_shows_what_it_promises():
    demo = load_scenario(SCENARIOS / "demo.json")
    assert demo.name == "Beauty & sportswear season 2027"
    assert 25 <= len(demo.creators) <= 35 and len(demo.campaigns) == 8 and len(demo.commitments) >= 3
    assert any(k.launch and {ph.level for ph in k.phases} == {"full", "competitors"} for k in demo.campaigns)
    assert any(k.phases and {ph.level for ph in k.phases} == {"competitors"} for k in demo.campaigns)
    assert any(k.required for k in demo.campaigns)
    assert any(k.preferred_creators for k in demo.campaigns)
    assert any(k.excluded_creators for k in demo.campaigns)
    assert any(c.max_posts_per_week for c in demo.creators)


def test_demo_solves_to_a_valid_roster_where_a_budget_binds():
    demo = load_scenario(SCENARIOS / "demo.json")
    roster = solve_checked(demo, time_limit_s=30)
    assert roster.status in ("optimal", "feasible")
    staffed = {c.id for c in roster.campaigns if c.staffed}
    assert {k.id for k in demo.campaigns if k.required} <= staffed
    ix = ScenarioIndex(demo)
    binding = []
    for k in demo.campaigns:
        if k.budget is None:
            continue
        eligible = [c.id for c in demo.creators if ix.ineligibility(c.id, k.id) is None]
        best = sorted(eligible, key=lambda c: -ix.value(c, k.id))[: k.creators.max]
        if k.budget < sum(ix.fee(c, k.id) for c in best):
            binding.append(k.id)
    assert binding, "the demo should have a budget that rules out the best team"


def test_infeasible_scenario_is_infeasible_and_explained():
    scenario = load_scenario(SCENARIOS / "infeasible.json")
    roster = solve_checked(scenario, time_limit_s=10)
    assert roster.status == "infeasible"
    paths = [item.path for item in roster.explanation or []]
    assert any(p.startswith("commitments[0]") for p in paths), paths
    assert any(p.startswith("campaigns[0]") for p in paths), paths


# --- roster generate --------------------------------------------------------------------

def test_cli_writes_a_loadable_file(tmp_path):
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["generate", "--creators", "20", "--campaigns", "5", "--days", "90",
                                 "--seed", "3", "--commitments", "4", "-o", str(out)])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(out)
    assert len(scenario.creators) == 20 and len(scenario.commitments) == 4
    assert json.loads(out.read_text()) == json.loads(json.dumps(generate(20, 5, 90, 3, 4)))
    crowded = tmp_path / "crowded.json"
    result = runner.invoke(app, ["generate", "--creators", "20", "--campaigns", "5", "--days", "90",
                                 "--seed", "3", "--commitments", "4", "--crowded", "-o", str(crowded)])
    assert result.exit_code == 0, result.output
    assert json.loads(crowded.read_text()) == json.loads(json.dumps(generate(20, 5, 90, 3, 4, crowded=True)))
    assert len(load_scenario(crowded).regions) == 1


def test_cli_prints_json_to_stdout():
    result = runner.invoke(app, ["generate", "--creators", "5", "--campaigns", "2", "--days", "30"])
    assert result.exit_code == 0
    assert load_scenario(json.loads(result.stdout)).horizon.days() == 30


@pytest.mark.parametrize("args,words", [
    (["--creators", "-1", "--campaigns", "2", "--days", "30"], "creators"),
    (["--creators", "5", "--campaigns", "-3", "--days", "30"], "campaigns"),
    (["--creators", "5", "--campaigns", "2", "--days", "13"], "days"),
    (["--creators", "5", "--campaigns", "2", "--days", "30", "--commitments", "-1"], "commitments"),
    (["--creators", "0", "--campaigns", "2", "--days", "30", "--commitments", "2"], "commitments"),
    (["--creators", "five", "--campaigns", "2", "--days", "30"], "creators"),
])
def test_cli_rejects_bad_sizes_with_exit_2(args, words, tmp_path):
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["generate", *args, "-o", str(out)])
    assert result.exit_code == 2
    assert words in result.output
    assert not out.exists()


def test_cli_rejects_an_output_folder_that_does_not_exist(tmp_path):
    result = runner.invoke(app, ["generate", "--creators", "5", "--campaigns", "2", "--days", "30",
                                 "-o", str(tmp_path / "missing" / "s.json")])
    assert result.exit_code == 2


# --- the hypothesis strategy -----------------------------------------------------------

@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_scenarios())
def test_every_small_scenario_loads(document):
    scenario = load_json_text(document)
    assert 1 <= len(scenario.creators) <= 4 and 1 <= len(scenario.campaigns) <= 3
    assert 10 <= scenario.horizon.days() <= 25
    assert len(scenario.commitments) <= 3
