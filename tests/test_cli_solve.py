"""`roster solve` as a planner uses it: files, exit codes, JSON on stdout, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import load_roster, load_scenario
from creator_roster.rules.validate import validate

runner = CliRunner()
ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "tests" / "data" / "examples" / "04-phased-launch-clause.json"


def test_solve_writes_a_valid_roster_and_exits_0(tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["solve", str(EXAMPLE), "-o", str(out), "--time-limit", "5", "--seed", "3"])
    assert result.exit_code == 0, result.output
    roster = load_roster(out)
    assert roster.status == "optimal" and roster.objective == 127500
    assert validate(load_scenario(EXAMPLE), roster) == []
    assert roster.stats["seed"] == 3


def test_solve_json_prints_the_document_on_stdout():
    result = subprocess.run([sys.executable, "-m", "creator_roster", "solve", str(EXAMPLE), "--json", "--quiet"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["format"] == "roster/1" and doc["objective"] == 127500


def test_solve_shows_progress_on_stderr_and_the_table_on_stdout():
    result = subprocess.run([sys.executable, "-m", "creator_roster", "solve", str(EXAMPLE)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "incumbent" in result.stderr and "bound" in result.stderr
    assert "glow-launch" in result.stdout and "optimal" in result.stdout
    assert "glow-launch" not in result.stderr


def test_solve_json_puts_the_table_on_stderr_beside_the_document():
    result = subprocess.run([sys.executable, "-m", "creator_roster", "solve", str(EXAMPLE), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert json.loads(result.stdout)["objective"] == 127500  # stdout is the document alone
    assert "glow-launch" in result.stderr and "optimal" in result.stderr


def test_solve_bad_input_exits_2_with_the_path(tmp_path):
    doc = json.loads(EXAMPLE.read_text())
    doc["campaigns"][3]["brand"] = "nobody"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    out = tmp_path / "r.json"
    result = subprocess.run([sys.executable, "-m", "creator_roster", "solve", str(bad), "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "campaigns[3].brand" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_solve_shipped_demo_scenario(tmp_path):
    out = tmp_path / "demo.json"
    result = runner.invoke(app, ["solve", str(ROOT / "scenarios" / "demo.json"), "-o", str(out), "--time-limit", "20"])
    assert result.exit_code == 0, result.output
    roster = load_roster(out)
    assert roster.status in ("optimal", "feasible")
    assert validate(load_scenario(ROOT / "scenarios" / "demo.json"), roster) == []


def test_a_solver_bug_exits_70_saying_so_and_writes_nothing(tmp_path, monkeypatch):
    from creator_roster.api.commands import solve as solve_command
    from creator_roster.solver.solve import InternalError

    def broken(*args, **kwargs):
        raise InternalError("the solver's roster fails validation: rule 4")

    monkeypatch.setattr(solve_command, "solve_scenario", broken)
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["solve", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 70
    assert "internal error" in result.output and "rule 4" in result.output
    assert not out.exists()


def test_a_command_that_never_solves_does_not_load_ortools():
    """`roster batch` hands the solves to its workers: loading OR-Tools in the batch process only delays it."""
    code = ("import sys; from creator_roster.api import cli; cli.build_app(cli.commands_for(['batch', 'x']));"
            "print(sorted(m for m in sys.modules if m.startswith('ortools')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_the_help_lists_every_command_and_a_command_runs_alone():
    from creator_roster.api.commands import COMMAND_MODULES

    listing = subprocess.run([sys.executable, "-m", "creator_roster", "--help"], capture_output=True, text=True,
                             timeout=60)
    assert listing.returncode == 0
    assert all(name in listing.stdout for name in COMMAND_MODULES)
    alone = subprocess.run([sys.executable, "-m", "creator_roster", "validate", "--help"], capture_output=True,
                           text=True, timeout=60)
    assert alone.returncode == 0 and "Usage: python -m creator_roster validate" in alone.stdout.replace("  ", " ")
