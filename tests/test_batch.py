"""Batch runs: discovery, one roster per input, the summary, failures recorded, the result cache."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import load_roster, load_scenario
from creator_roster.planning.batch import (
    SUMMARY_COLUMNS,
    BatchError,
    BatchItem,
    batch_exit_code,
    discover_inputs,
    result_key,
    run_batch,
    solve_payload,
    solve_settings,
)

from .conftest import EXAMPLES, assert_valid, expected_for

# Small, quick examples, one of them infeasible (an answer, so it counts as solved).
PICK = ["01-category-clash", "04-phased-launch-clause", "10-budget-with-premiums", "13-infeasible-must-have-tied-up",
        "16-soft-must-haves", "17-infeasible-locked-clash"]
TIME_LIMIT = 10.0  # these solve in well under a second; the limit only bounds a broken solver


def crash_on_crash_names(payload: dict) -> dict:
    """A batch task that kills its worker process for inputs named crash*; solves the others."""
    if payload["name"].startswith("crash"):
        os._exit(17)
    return solve_payload(payload)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in PICK:
        shutil.copy(EXAMPLES / f"{name}.json", folder / f"{name}.json")
        shutil.copy(EXAMPLES / f"{name}.expected.json", folder / f"{name}.expected.json")  # must be skipped
    return folder


def _assert_rosters_valid(rows, outdir: Path) -> None:
    for row in rows:
        if row.roster is None:
            continue
        source = Path(row.scenario)
        assert_valid(load_scenario(source), load_roster(outdir / f"{source.stem}.roster.json"))


def test_folder_batch_writes_one_roster_per_input_and_the_summary(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(inputs), "-o", str(out), "--jobs", "2",
                                      "--time-limit", str(TIME_LIMIT)])
    assert result.exit_code == 0, result.output

    rosters = sorted(p.name for p in out.glob("*.roster.json"))
    assert rosters == sorted(f"{name}.roster.json" for name in PICK)

    records = json.loads((out / "summary.json").read_text())
    assert isinstance(records, list) and len(records) == len(PICK)
    required = {"scenario", "status", "objective", "bound", "gap", "fees", "staffed", "wall_seconds", "error", "cached"}
    assert all(required <= set(record) for record in records)
    with open(out / "summary.csv", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert required <= set(table[0]) and len(table) == len(PICK)

    for record in records:
        source = Path(record["scenario"])
        assert source.parent == inputs
        expected = expected_for(EXAMPLES / source.name)
        assert record["status"] == expected["status"], record
        assert record["objective"] == expected["objective"], record
        assert record["error"] is None and record["cached"] is False
        scenario = load_scenario(source)
        roster = load_roster(out / f"{source.stem}.roster.json")
        assert_valid(scenario, roster)
        assert record["fees"] == roster.total_fees
        assert record["staffed"] == sum(c.staffed for c in roster.campaigns)
    # the summary table is printed too
    assert "60000" in result.output and "127500" in result.output and "infeasible" in result.output


def test_bad_input_and_crashed_worker_are_recorded_and_the_batch_goes_on(inputs: Path, tmp_path: Path):
    (inputs / "broken.json").write_text('{"format": "scenario/1", "horizon": {"start": "2027-01-01"}}')
    (inputs / "not-json.json").write_text("{ this is not json")
    shutil.copy(EXAMPLES / "01-category-clash.json", inputs / "crash-me.json")
    out = tmp_path / "out"

    rows = run_batch(discover_inputs([str(inputs)]), out, workers=2, time_limit_s=TIME_LIMIT,
                     task_fn=crash_on_crash_names)

    by_name = {row.name: row for row in rows}
    assert set(by_name) == set(PICK) | {"broken", "not-json", "crash-me"}
    assert by_name["broken"].status == "error" and "horizon.end" in by_name["broken"].error
    assert "not valid JSON" in by_name["not-json"].error
    assert by_name["crash-me"].status == "error" and "died" in by_name["crash-me"].error
    for name in PICK:
        assert by_name[name].solved, by_name[name]
        assert by_name[name].objective == expected_for(EXAMPLES / f"{name}.json")["objective"]
    assert batch_exit_code(rows) == 1
    assert not (out / "crash-me.roster.json").exists() and not (out / "broken.roster.json").exists()
    _assert_rosters_valid(rows, out)

    summary = {Path(r["scenario"]).stem: r for r in json.loads((out / "summary.json").read_text())}
    assert summary["crash-me"]["error"] and summary["broken"]["error"]


def test_cli_exit_code_is_1_when_an_input_fails(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    args = ["batch", str(inputs / f"{PICK[0]}.json"), str(tmp_path / "missing.json"), "-o", str(out)]
    result = CliRunner().invoke(app, args + ["--time-limit", str(TIME_LIMIT)])
    assert result.exit_code == 1, result.output
    assert "file not found" in result.output
    assert (out / f"{PICK[0]}.roster.json").exists()


def test_a_rerun_is_all_cached_and_a_changed_scenario_is_solved_again(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = run_batch(discover_inputs([str(inputs)]), out, workers=2, time_limit_s=TIME_LIMIT)
    assert not any(row.cached for row in first)
    written = {p.name: p.read_text() for p in out.glob("*.roster.json")}

    again = run_batch(discover_inputs([str(inputs)]), out, workers=2, time_limit_s=TIME_LIMIT)
    assert all(row.cached for row in again)
    assert [(r.status, r.objective) for r in again] == [(r.status, r.objective) for r in first]
    assert {p.name: p.read_text() for p in out.glob("*.roster.json")} == written
    assert all(r["cached"] is True for r in json.loads((out / "summary.json").read_text()))

    # Raise the budget of one scenario: only that one is solved again, to a better objective.
    changed = inputs / "10-budget-with-premiums.json"
    document = json.loads(changed.read_text())
    document["campaigns"][0]["budget"] = 100000
    changed.write_text(json.dumps(document))
    third = {row.name: row for row in run_batch(discover_inputs([str(inputs)]), out, workers=2,
                                                 time_limit_s=TIME_LIMIT)}
    assert third["10-budget-with-premiums"].cached is False
    assert third["10-budget-with-premiums"].objective > 53500
    assert all(third[name].cached for name in PICK if name != "10-budget-with-premiums")
    _assert_rosters_valid(third.values(), out)

    # A different time limit is a different solve: nothing is reused.
    fourth = run_batch(discover_inputs([str(inputs / f"{PICK[0]}.json")]), out, time_limit_s=TIME_LIMIT + 1)
    assert fourth[0].cached is False and fourth[0].solved


def test_the_summary_is_complete_after_every_finished_scenario(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    seen = []

    def check(event):
        done, total = event.step, event.steps
        records = json.loads((out / "summary.json").read_text())
        with open(out / "summary.csv", newline="") as handle:
            lines = list(csv.DictReader(handle))
        seen.append((done, total, len(records), len(lines), event.phase in {Path(r["scenario"]).stem for r in records}))

    run_batch(discover_inputs([str(inputs)]), out, workers=2, time_limit_s=TIME_LIMIT, progress=check)
    assert [s[0] for s in seen] == list(range(1, len(PICK) + 1))
    assert all(done == n_json == n_csv and listed and total == len(PICK)
               for done, total, n_json, n_csv, listed in seen)


def test_discovery_takes_files_folders_and_globs_and_skips_other_documents(inputs: Path, tmp_path: Path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(EXAMPLES / "07-prior-commitments.json", other / "07-prior-commitments.json")
    (other / "old.roster.json").write_text("{}")
    (other / "notes.txt").write_text("not a scenario")
    (other / "a-roster.json").write_text(json.dumps({"format": "roster/1"}))  # another document type
    same_name = tmp_path / "dup"
    same_name.mkdir()
    shutil.copy(EXAMPLES / "01-category-clash.json", same_name / "01-category-clash.json")

    items = discover_inputs([str(inputs), str(other / "*.json"), str(inputs / "01-*.json"),
                             str(same_name / "01-category-clash.json"), str(tmp_path / "nope.yaml"),
                             str(tmp_path / "empty-*.json")])
    names = [item.name for item in items]
    assert names[:len(PICK)] == sorted(PICK)  # folder in name order; the glob repeat is not added twice
    assert names[len(PICK)] == "07-prior-commitments"
    assert "old" not in names and "a-roster" not in names and "notes" not in names
    dup = items[len(PICK) + 1]
    assert dup.name == "01-category-clash" and "same file name" in dup.error
    assert items[len(PICK) + 2].error == "file not found"
    assert "no scenario file matches" in items[len(PICK) + 3].error
    assert all(item.error is None and item.document["format"] == "scenario/1" for item in items[:len(PICK) + 1])


def test_the_result_key_depends_on_meaning_and_settings_not_on_spelling(tmp_path: Path):
    source = EXAMPLES / "10-budget-with-premiums.json"
    data = json.loads(source.read_text())
    as_yaml = tmp_path / "same.yaml"
    as_yaml.write_text(yaml.safe_dump(data, sort_keys=True))
    spelled_out = dict(data, campaigns=[dict(data["campaigns"][0], posts_per_creator=1, required=False)])

    base = load_scenario(source)
    settings = solve_settings(base, None, 1)
    assert settings["time_limit_s"] == 10.0 and settings["seed"] == 0
    key = result_key(base, settings)
    assert result_key(load_scenario(as_yaml), settings) == key
    assert result_key(load_scenario(spelled_out), settings) == key
    assert result_key(base, solve_settings(base, 10, 1)) == key  # the same effective limit
    assert result_key(base, solve_settings(base, 5, 1)) != key
    assert result_key(base, solve_settings(base, None, 2)) != key
    richer = dict(data, campaigns=[dict(data["campaigns"][0], budget=5011)])
    assert result_key(load_scenario(richer), settings) != key


def test_items_given_as_documents_are_checked_before_solving(tmp_path: Path):
    good = json.loads((EXAMPLES / "01-category-clash.json").read_text())
    bad = dict(good, campaigns=[dict(good["campaigns"][0], brand="nobody")] + good["campaigns"][1:])
    rows = run_batch([BatchItem("good", "store:1", good), BatchItem("bad", "store:2", bad)], tmp_path,
                     time_limit_s=TIME_LIMIT)
    assert rows[0].status == "optimal" and rows[0].objective == 60000
    assert rows[1].status == "error" and "campaigns[0].brand" in rows[1].error
    assert set(SUMMARY_COLUMNS) <= set(json.loads((tmp_path / "summary.json").read_text())[0])

    unsafe = run_batch([BatchItem("../escape", "store:3", good), BatchItem("twin", "store:4", good),
                        BatchItem("twin", "store:5", good)], tmp_path, time_limit_s=TIME_LIMIT)
    assert [row.status for row in unsafe] == ["error", "optimal", "error"]
    assert "output file name" in unsafe[0].error and "same name" in unsafe[2].error
    assert not (tmp_path.parent / "escape.roster.json").exists()


def test_a_scheduler_without_dask_installed_is_a_clear_error(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    items = discover_inputs([str(EXAMPLES / "01-category-clash.json")])
    with pytest.raises(BatchError, match=r"creator-roster\[dask\]"):
        run_batch(items, tmp_path, scheduler="tcp://127.0.0.1:1")
    result = CliRunner().invoke(app, ["batch", str(EXAMPLES / "01-category-clash.json"), "-o", str(tmp_path),
                                      "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "pip install" in result.output


def test_an_interrupted_batch_leaves_a_consistent_summary_and_resumes(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"

    def interrupt_after_two(event):
        if event.step == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(discover_inputs([str(inputs)]), out, workers=1, time_limit_s=TIME_LIMIT,
                  progress=interrupt_after_two)
    finished = json.loads((out / "summary.json").read_text())
    assert len(finished) == 2 and all(r["status"] in ("optimal", "infeasible") for r in finished)
    assert len(list(out.glob("*.roster.json"))) == 2

    resumed = run_batch(discover_inputs([str(inputs)]), out, workers=2, time_limit_s=TIME_LIMIT)
    assert sum(row.cached for row in resumed) == 2
    assert {row.name for row in resumed if row.cached} == {Path(r["scenario"]).stem for r in finished}
    assert all(row.solved for row in resumed) and len(json.loads((out / "summary.json").read_text())) == len(PICK)
    _assert_rosters_valid(resumed, out)


def test_the_old_workers_flag_still_sets_the_processes_and_says_it_is_deprecated(tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(EXAMPLES / "01-category-clash.json"), "-o", str(out),
                                      "--workers", "1", "--time-limit", str(TIME_LIMIT)])
    assert result.exit_code == 0, result.output
    assert "--workers is deprecated" in result.output and "--jobs" in result.output
    assert (out / "01-category-clash.roster.json").exists()


def test_an_input_whose_output_name_is_too_long_is_an_error_row_and_the_batch_goes_on(tmp_path: Path):
    long_name = tmp_path / ("a" * 245 + ".json")  # a legal input name; 245 + ".roster.json" is not
    shutil.copy(EXAMPLES / "01-category-clash.json", long_name)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(long_name), str(EXAMPLES / "01-category-clash.json"), "-o", str(out),
                                      "--time-limit", str(TIME_LIMIT)])
    assert result.exit_code == 1, result.output
    assert "more than a file system allows" in result.output and "Traceback" not in result.output
    rows = json.loads((out / "summary.json").read_text())
    assert [r["status"] for r in rows] == ["error", "optimal"]
    assert (out / "01-category-clash.roster.json").exists()


@pytest.mark.parametrize("address, said", [
    ("nonsense", "is not a scheduler address"),
    ("http://127.0.0.1:8786", "is not a scheduler address"),
    ("tcp://127.0.0.1:notaport", "is not a scheduler address"),
    ("tcp://no-such-host.invalid:8786", "cannot reach the Dask scheduler"),
])
def test_a_bad_scheduler_address_fails_at_once_in_one_line(tmp_path: Path, address: str, said: str):
    result = CliRunner().invoke(app, ["batch", str(EXAMPLES / "01-category-clash.json"), "-o", str(tmp_path / "out"),
                                      "--scheduler", address])
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing started, nothing written


def test_a_port_where_nothing_listens_is_refused_at_once(tmp_path: Path):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago, and nothing listens on it now
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(BatchError, match="cannot reach the Dask scheduler"):
        run_batch(discover_inputs([str(EXAMPLES / "01-category-clash.json")]), tmp_path,
                  scheduler=f"tcp://127.0.0.1:{port}")


def test_a_service_that_is_not_a_scheduler_is_named_as_such(tmp_path: Path):
    """Another service on the port (here one that answers garbage) is not read as a huge Dask frame."""
    import socket
    import threading

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def answer_garbage():
        for _ in range(3):
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" * 4)

    threading.Thread(target=answer_garbage, daemon=True).start()
    try:
        with pytest.raises(BatchError, match="not a Dask scheduler"):
            run_batch(discover_inputs([str(EXAMPLES / "01-category-clash.json")]), tmp_path / "out",
                      scheduler=f"tcp://127.0.0.1:{port}")
    finally:
        server.close()
    assert not (tmp_path / "out").exists()


def _session_members(sid: int) -> list[int]:
    """Live processes in session ``sid`` (zombies excluded): the batch and everything it started."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == sid:  # state, ppid, pgrp, session
            members.append(int(stat.parent.name))
    return members


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the batch's processes")
def test_a_batch_killed_with_sigkill_leaves_no_worker_solving(tmp_path: Path):
    import signal
    import subprocess
    import time

    from creator_roster.scenarios.generate import generate

    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in (1, 2):  # solves that run for their whole limit
        (inputs / f"s{seed}.json").write_text(json.dumps(generate(300, 40, 270, seed=seed)))
    roster = str(Path(sys.executable).with_name("roster"))
    batch = subprocess.Popen([roster, "batch", str(inputs), "-o", str(tmp_path / "out"), "--jobs", "2",
                              "--time-limit", "60"], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_session_members(batch.pid)) < 4 and time.monotonic() < deadline:  # batch, fork server, 2 workers
        time.sleep(0.2)
    started = _session_members(batch.pid)
    assert len(started) >= 4, started
    batch.send_signal(signal.SIGKILL)
    batch.wait(timeout=10)
    deadline = time.monotonic() + 15
    while _session_members(batch.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _session_members(batch.pid)
    for pid in left:  # clean up before failing
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"still running after the batch was killed: {left} (of {started})"
