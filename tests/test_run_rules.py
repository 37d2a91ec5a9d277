"""One set of run rules for every front door (creator_roster.run_rules): defaults, limits and job budgets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
import typer
from fastapi.testclient import TestClient

from creator_roster import run_rules
from creator_roster.api.app import create_app
from creator_roster.api.cli import app
from creator_roster.api.settings import ServerSettings
from creator_roster.models import load_roster, load_scenario
from creator_roster.planning.options import build_options
from creator_roster.rules.validate import validate
from creator_roster.scenarios.generate import generate

from .conftest import EXAMPLES
from .test_api import PRIOR, add, settings, wait

ROOT = Path(__file__).resolve().parents[1]


def option_of(command: str, name: str) -> click.Parameter:
    group = typer.main.get_command(app)
    return next(p for p in group.commands[command].params if p.name == name)


@pytest.mark.parametrize("command", ["solve", "options", "whatif", "why"])
def test_solve_commands_leave_workers_to_the_run_rules(command):
    workers = option_of(command, "workers")
    assert workers.default is None  # None: run_rules.solve_workers decides
    assert f"default {run_rules.SOLVE_WORKERS}" in workers.help


@pytest.mark.parametrize("command", ["batch", "sweep"])
def test_batch_commands_take_their_defaults_from_the_run_rules(command):
    assert option_of(command, "jobs").default == run_rules.BATCH_PROCESSES
    assert option_of(command, "workers").default is None  # deprecated alias of --jobs
    assert option_of(command, "solver_workers").default == run_rules.BATCH_SOLVE_WORKERS


def test_the_service_caps_are_the_run_rules():
    defaults = ServerSettings()
    assert defaults.max_time_limit_s == run_rules.SERVER_MAX_TIME_LIMIT_S
    assert defaults.max_workers == run_rules.SERVER_MAX_WORKERS


_STRAY = re.compile(r"(workers|time_limit_s|seed)\w*\s*(:\s*[\w\[\]]+\s*)?=\s*\d|(workers|limit)\w*\s+or\s+\d")


_INTRINSIC = {  # one worker because the method needs it, not as a default
    "solver.parameters.num_workers = 1",  # explanation cores (minimised with one worker only), knapsack sub-solves
}


def test_no_front_door_or_feature_states_a_default_of_its_own():
    stray = []
    for room in ("api", "planning", "solver"):
        for path in sorted((ROOT / room).rglob("*.py")):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if _STRAY.search(line.split("#")[0]) and line.strip() not in _INTRINSIC:
                    stray.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert stray == []


def test_limits_follow_the_rules():
    assert run_rules.solve_time_limit(None, 10) == 10 and run_rules.solve_time_limit(4, 10) == 4
    assert run_rules.solve_time_limit(400, 10, cap=300) == 300
    assert run_rules.variant_time_limit(None, 10) == run_rules.VARIANT_TIME_LIMIT_S
    assert run_rules.variant_time_limit(None, 1) == 1 and run_rules.variant_time_limit(7, 10) == 7
    assert run_rules.solve_workers(None) == run_rules.SOLVE_WORKERS and run_rules.solve_workers(8, cap=2) == 2
    assert run_rules.seed(None, None) == run_rules.SEED and run_rules.seed(None, 4) == 4 and run_rules.seed(1, 4) == 1


def test_each_job_declares_its_solves():
    per = 3.0
    assert run_rules.options_budget(per, creator=False).solves == run_rules.REQUESTED_TIME_FACTOR + 8
    assert run_rules.options_budget(per, creator=True).solves == run_rules.REQUESTED_TIME_FACTOR + 9
    assert run_rules.options_budget(per, creator=False, custom=3).solves == run_rules.REQUESTED_TIME_FACTOR + 11
    from creator_roster.models.options import VARIANT_NAMES

    assert run_rules.OPTION_VARIANTS == len(VARIANT_NAMES) - 1  # every built-in variant after the requested one
    assert run_rules.whatif_budget(per, has_baseline=False).solves == 2
    assert run_rules.why_budget(per, has_baseline=True).solves == 1
    assert run_rules.batch_budget(per, items=5, processes=2).solves == 3
    assert run_rules.solve_budget(per).seconds == per + run_rules.BUILD_ALLOWANCE_S


def test_options_search_each_variant_as_long_over_http_as_from_the_cli(tmp_path):
    scenario = load_scenario(EXAMPLES / "03-semi-exclusive-competitors.json")
    campaign = scenario.campaigns[0].id
    library = build_options(scenario, campaign)
    assert library.stats["time_limit_s_per_solve"] == run_rules.variant_time_limit(None, 10)
    with TestClient(create_app(settings(tmp_path)), base_url="http://localhost") as client:
        sid = add(client, json.loads((EXAMPLES / "03-semi-exclusive-competitors.json").read_text()))
        job = client.post(f"/scenarios/{sid}/options", json={"campaign": campaign}).json()
        row = wait(client, job["id"])
        assert row["status"] == "done", row
        per_variant = run_rules.variant_time_limit(None, float(scenario.effective_settings.time_limit_s))
        assert row["time_limit_s"] == per_variant
        assert row["budget_s"] == run_rules.options_budget(per_variant, creator=False).seconds
        solve = wait(client, client.post(f"/scenarios/{add(client, PRIOR)}/solve", json={}).json()["id"])
        assert solve["budget_s"] == run_rules.solve_budget(solve["time_limit_s"]).seconds


@pytest.mark.slow
def test_an_options_job_on_an_l_season_runs_every_variant_to_completion(tmp_path):
    """The watchdog gives a job its declared budget: every variant of a 300 x 40 x 270 season, no grace at all."""
    document = generate(creators=300, campaigns=40, days=270, seed=3)
    campaign = document["campaigns"][0]["id"]
    with TestClient(create_app(settings(tmp_path, job_grace_s=0)), base_url="http://localhost") as client:
        sid = add(client, document)
        row = wait(client, client.post(f"/scenarios/{sid}/options", json={"campaign": campaign}).json()["id"],
                   timeout=run_rules.options_budget(run_rules.VARIANT_TIME_LIMIT_S, False).seconds + 30)
        assert row["status"] == "done", row
        result = client.get(f"/jobs/{row['id']}/result").json()
    from creator_roster.models.options import VARIANT_NAMES

    assert tuple(o["name"] for o in result["options"]) == VARIANT_NAMES
    requested = next(o for o in result["options"] if o["name"] == "requested")
    assert validate(load_scenario(document), load_roster(json.dumps(requested["roster"]).encode())) == []
