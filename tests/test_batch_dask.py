"""The same batch on a real Dask cluster (2 worker processes) gives the answers of the local pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed")

from creator_roster.api.cli import app  # noqa: E402
from creator_roster.models import load_roster, load_scenario  # noqa: E402
from creator_roster.planning.batch import discover_inputs, run_batch  # noqa: E402

from .conftest import EXAMPLES, assert_valid, example_paths  # noqa: E402

TIME_LIMIT = 10.0
pytestmark = pytest.mark.slow  # a real LocalCluster: the whole lane, not the fast one


@pytest.fixture(scope="module")
def scheduler_address():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                                  silence_logs=40) as cluster:
        yield cluster.scheduler_address


def test_a_batch_on_a_dask_cluster_matches_the_local_run(scheduler_address: str, tmp_path: Path):
    items = discover_inputs([str(EXAMPLES)])
    assert len(items) == len(example_paths())
    local = run_batch(items, tmp_path / "local", workers=2, time_limit_s=TIME_LIMIT)
    on_dask = run_batch(items, tmp_path / "dask", scheduler=scheduler_address, time_limit_s=TIME_LIMIT)

    assert [row.name for row in on_dask] == [row.name for row in local]
    proved = [(l, d) for l, d in zip(local, on_dask) if l.status in ("optimal", "infeasible")]
    assert len(proved) == len(items)  # the examples are all proved locally
    for l, d in proved:
        assert (d.status, d.objective) == (l.status, l.objective), d.name
        assert d.error is None and not d.cached
        assert_valid(load_scenario(d.scenario), load_roster(tmp_path / "dask" / f"{d.name}.roster.json"))
    summary = json.loads((tmp_path / "dask" / "summary.json").read_text())
    assert [r["status"] for r in summary] == [row.status for row in local]


def test_the_cli_runs_on_the_cluster_with_scheduler(scheduler_address: str, tmp_path: Path):
    files = [str(EXAMPLES / "02-adjacent-only-at-full.json"), str(EXAMPLES / "12-post-spacing.json")]
    out = tmp_path / "out"
    args = ["batch", *files, "-o", str(out), "--scheduler", scheduler_address, "--time-limit", str(TIME_LIMIT)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    records = {Path(r["scenario"]).stem: r for r in json.loads((out / "summary.json").read_text())}
    assert records["02-adjacent-only-at-full"]["objective"] == 63000
    assert records["12-post-spacing"]["objective"] == 107500

    again = CliRunner().invoke(app, args)  # up to date: nothing is sent to the cluster
    assert again.exit_code == 0
    assert all(r["cached"] for r in json.loads((out / "summary.json").read_text()))
