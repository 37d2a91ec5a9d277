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


ROOMS = ("models", "rules", "solver", "planning", "api", "scenarios", "creator_roster")


def class_names(source: str) -> list[str]:
    import ast
    return [node.name for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ClassDef)]


def test_each_class_name_means_one_thing():
    """Three classes called ``Variant`` once meant a clause variant, a sweep scenario and a deal-check answer."""
    where: dict[str, list[str]] = {}
    for room in ROOMS:
        for path in sorted((ROOT / room).rglob("*.py")):
            for name in class_names(path.read_text()):
                where.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def test_class_names_are_read_from_source():
    assert sorted(class_names("class A:\n    class B: pass\nclass C: pass\n")) == ["A", "B", "C"]
