"""Dead code and unused imports fail the suite: ruff (F, I) and vulture, configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_finds_no_unused_or_undefined_names():
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_vulture_finds_no_dead_code():
    result = run("vulture")
    assert result.returncode == 0, result.stdout + result.stderr


def test_vulture_would_see_dead_code(tmp_path):
    (tmp_path / "dead.py").write_text("def never_called():\n    return 1\n")
    result = run("vulture", str(tmp_path / "dead.py"))
    assert result.returncode != 0 and "never_called" in result.stdout
