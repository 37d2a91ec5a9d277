"""The import contract: which room of the code may import which (docs/architecture.md).

Every ``.py`` file of the folders that pyproject.toml installs (its
``[tool.setuptools.package-dir]``) is parsed with ``ast``; every import in it
is resolved to a module name, wherever it stands (top level, inside a
function, a ``try`` or an ``if``): ``import a.b``, ``from a import b``,
relative ``from ..x import y`` and ``from . import mod`` (against the file's
own package), and ``importlib.import_module(...)`` / ``__import__(...)``
with a literal name.  Imports of ``creator_roster`` are mapped to their room
and must point down (or stay inside the room); imports of other packages must
not be on the room's list of bans.

The checker is plain functions (``check_source`` for a piece of text), so the
tests at the bottom can prove it reports what it should.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Optional

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOP = "creator_roster"

# The rooms, top to bottom.  ``root`` is creator_roster/__init__.py (it runs on every import of a
# subpackage) and run_rules.py (how a run runs): anyone may import them (planning.batch reads
# ``__version__``, every front door the run rules) and they may import no room and nothing any
# room bans.
ROOMS = ("api", "planning", "scenarios", "solver", "rules", "models", "root")

ROOM_OF = {  # module prefix -> room (``creator_roster`` itself is ``root``; see room_of)
    f"{TOP}.api": "api",
    f"{TOP}.__main__": "api",  # `python -m creator_roster` is a front door
    f"{TOP}.planning": "planning",
    f"{TOP}.scenarios": "scenarios",
    f"{TOP}.solver": "solver",
    f"{TOP}.rules": "rules",
    f"{TOP}.models": "models",
    f"{TOP}.run_rules": "root",  # how a run runs: plain numbers, importing nothing of ours
}

MAY_IMPORT = {
    "api": {"api", "planning", "scenarios", "solver", "rules", "models", "root"},
    "planning": {"planning", "scenarios", "solver", "rules", "models", "root"},
    "scenarios": {"scenarios", "rules", "models", "root"},  # the generator needs no solver
    "solver": {"solver", "rules", "models", "root"},  # never api, so never api.bodies either
    "rules": {"rules", "models", "root"},
    "models": {"models", "root"},
    "root": {"root"},
}

# Third-party packages (top-level import names) a room must not import.
FRONT_DOOR = {"fastapi", "starlette", "sqlalchemy", "uvicorn", "typer", "rich"}
BANNED = {
    "api": set(),
    "planning": FRONT_DOOR,
    "scenarios": FRONT_DOOR,
    "solver": FRONT_DOOR,
    "rules": FRONT_DOOR | {"ortools"},
    "models": FRONT_DOOR | {"ortools", "networkx"},
    "root": FRONT_DOOR | {"ortools", "networkx"},
}

# A floor per room, well under today's counts: a walk that finds less has gone wrong.
MIN_MODULES = {"api": 15, "planning": 4, "scenarios": 2, "solver": 4, "rules": 3, "models": 5, "root": 1}


# --- the checker ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Module:
    name: str  # creator_roster.rules.contract
    shown: str  # rules/contract.py
    path: Optional[Path] = None  # None for a synthetic module
    is_package: bool = False
    source: Optional[str] = None  # text of a synthetic module

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]

    @property
    def room(self) -> Optional[str]:
        return room_of(self.name)

    def text(self) -> str:
        return self.source if self.source is not None else self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Import:
    line: int
    target: Optional[str]  # None: not resolvable (see ``why``)
    dynamic: bool = False
    why: str = ""


def in_package(name: str) -> bool:
    return name == TOP or name.startswith(TOP + ".")


def room_of(name: str) -> Optional[str]:
    """The room of a creator_roster module; None for another package or an unmapped subpackage."""
    if name == TOP:
        return "root"
    for prefix, room in ROOM_OF.items():
        if name == prefix or name.startswith(prefix + "."):
            return room
    return None


def package_dirs() -> dict[str, Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    return {package: ROOT / folder for package, folder in config["package-dir"].items()}


def installed_packages() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]


@cache
def discover() -> tuple[Module, ...]:
    found: dict[str, Module] = {}
    for prefix, folder in package_dirs().items():
        for path in sorted(folder.rglob("*.py")):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if "__pycache__" in parts:
                continue
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            name = ".".join([prefix, *parts])
            found[name] = Module(name, path.relative_to(ROOT).as_posix(), path, is_package)
    return tuple(sorted(found.values(), key=lambda m: m.name))


def known_modules() -> frozenset[str]:
    return frozenset(m.name for m in discover())


def modules_of(room: str) -> list[Module]:
    return [m for m in discover() if m.room == room]


def _absolute(module: Optional[str], level: int, package: str) -> Optional[str]:
    """``from <level dots><module>`` as an absolute name; None when it climbs above the top package."""
    if level == 0:
        return module
    parts = package.split(".") if package else []
    if level - 1 >= len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _is_dynamic_import(func: ast.expr) -> bool:
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    return name in ("import_module", "__import__")


def _dynamic_target(call: ast.Call, package: str) -> tuple[Optional[str], str]:
    arg = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "name"), None)
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        name = arg.value
        if name.startswith("."):  # import_module(".x", __package__): relative to this file's package
            level = len(name) - len(name.lstrip("."))
            return _absolute(name[level:] or None, level, package), "relative name beyond the top package"
        return name, ""
    if isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
        head = str(arg.values[0].value)  # f"creator_roster.models.{name}" -> creator_roster.models
        partial = head.rpartition(".")[0]
        if partial and partial != TOP:
            return partial, ""
    return None, "a computed module name"


def imports_in(source: str, module: str, is_package: bool = False,
               known: Optional[frozenset[str]] = None, filename: str = "<source>") -> list[Import]:
    """Every import of ``source`` (the text of module ``module``), resolved to module names, in line order."""
    known = known_modules() if known is None else known
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            found += [Import(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            if base is None:
                found.append(Import(node.lineno, None, why="relative import beyond the top package"))
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                # `from pkg import name`: the submodule when there is one, else pkg itself
                is_module = alias.name != "*" and (sub in known or room_of(sub) not in (None, room_of(base)))
                found.append(Import(node.lineno, sub if is_module else base))
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            target, why = _dynamic_target(node, package)
            found.append(Import(node.lineno, target, dynamic=True, why="" if target else why))
    return sorted(found, key=lambda i: i.line)


@cache
def imports_of(module: Module) -> tuple[Import, ...]:
    return tuple(imports_in(module.text(), module.name, module.is_package, filename=module.shown))


def room_problems(module: Module, imports: Iterable[Import]) -> Iterator[str]:
    """Imports of creator_roster that point up, sideways out of the room, or nowhere."""
    here = module.room
    for imp in imports:
        if imp.target is None:
            if not imp.dynamic:
                yield f"{module.shown}:{imp.line} cannot be resolved ({imp.why})"
            continue
        if not in_package(imp.target):
            continue
        there = room_of(imp.target)
        if there is None:
            yield f"{module.shown}:{imp.line} imports {imp.target} (no room is assigned to it; add it to ROOM_OF)"
        elif here not in MAY_IMPORT or there not in MAY_IMPORT[here]:
            yield f"{module.shown}:{imp.line} imports {imp.target} (layer {here} may not import layer {there})"


def banned_problems(module: Module, imports: Iterable[Import]) -> Iterator[str]:
    """Imports of third-party packages the module's room bans."""
    banned = BANNED.get(module.room, set())
    for imp in imports:
        if imp.target is None or in_package(imp.target):
            continue
        top = imp.target.split(".")[0]
        if top in banned:
            yield f"{module.shown}:{imp.line} imports {imp.target} (layer {module.room} may not import {top})"


def dynamic_problems(module: Module, imports: Iterable[Import]) -> Iterator[str]:
    """Below api, a dynamic import must name its module, or the contract cannot see it."""
    if module.room == "api":
        return
    for imp in imports:
        if imp.dynamic and imp.target is None:
            yield (f"{module.shown}:{imp.line} imports {imp.why} "
                   f"(layer {module.room} must name what it imports; only api may compute it)")


def check_source(source: str, module: str, is_package: bool = False,
                 known: Optional[frozenset[str]] = None) -> list[str]:
    """Every problem of one module given as text (what the tests below run on each real file)."""
    fake = Module(module, f"<{module}>", is_package=is_package, source=source)
    imports = imports_in(source, module, is_package, known, filename=fake.shown)
    return [*room_problems(fake, imports), *banned_problems(fake, imports), *dynamic_problems(fake, imports)]


def _report(title: str, problems: list[str]) -> str:
    return f"{title} ({len(problems)}):\n  " + "\n  ".join(problems)


# --- the contract on the real code --------------------------------------------------------------

@pytest.mark.parametrize("room", ROOMS)
def test_the_walk_finds_each_room_and_its_imports(room):
    modules = modules_of(room)
    assert len(modules) >= MIN_MODULES[room], (
        f"found {len(modules)} module(s) in {room}, expected at least {MIN_MODULES[room]}: "
        f"{[m.shown for m in modules]}")
    if room != "root":  # each room's code imports its own room or the rooms below
        assert any(in_package(i.target or "") for m in modules for i in imports_of(m)), \
            f"no creator_roster import resolved in {room}: the resolver is broken"


def test_every_installed_package_and_module_has_a_room():
    unmapped = [p for p in installed_packages() if room_of(p) is None]
    unmapped += [m.shown for m in discover() if m.room is None]
    assert not unmapped, _report("packages or modules outside every room", unmapped)
    missing = [f"{p} -> {d}" for p, d in package_dirs().items() if not d.is_dir()]
    assert not missing, _report("package folders that do not exist", missing)


@pytest.mark.parametrize("room", ROOMS)
def test_imports_point_down(room):
    problems = [p for m in modules_of(room) for p in room_problems(m, imports_of(m))]
    assert not problems, _report(f"wrong-way imports in {room}", problems)


@pytest.mark.parametrize("room", [r for r in ROOMS if BANNED[r]])
def test_no_banned_third_party_imports(room):
    problems = [p for m in modules_of(room) for p in banned_problems(m, imports_of(m))]
    assert not problems, _report(f"banned imports in {room} (bans: {', '.join(sorted(BANNED[room]))})", problems)


@pytest.mark.parametrize("room", [r for r in ROOMS if r != "api"])
def test_dynamic_imports_below_api_name_their_module(room):
    problems = [p for m in modules_of(room) for p in dynamic_problems(m, imports_of(m))]
    assert not problems, _report(f"dynamic imports the contract cannot check in {room}", problems)


@pytest.mark.parametrize("room", ROOMS)
def test_a_rooms_bans_hold_in_every_room_it_may_import(room):
    """Else a ban is dodged through a lower room (rules bans ortools, so models must too)."""
    leaks = [f"{room} may import {lower}, which may import {sorted(BANNED[room] - BANNED[lower])}"
             for lower in sorted(MAY_IMPORT[room]) if not BANNED[room] <= BANNED[lower]]
    assert not leaks, _report("bans that do not carry down", leaks)


# --- the checker itself -------------------------------------------------------------------------

KNOWN = frozenset({f"{TOP}.{name}" for name in ("solver", "solver.model", "solver.solve", "rules", "rules.contract",
                                                 "models", "api", "api.bodies", "planning", "planning.batch")})

A_RULES_MODULE_GONE_WRONG = '''\
"""A rules module that breaks the contract in every way the checker knows."""
import json
import ortools.sat.python.cp_model
from ..solver import model
from . import contract
from .. import models


def later():
    from ..api.bodies import Job
    try:
        import fastapi
    except ImportError:
        pass
    importlib.import_module("creator_roster.planning.batch")
    return __import__("rich.console"), importlib.import_module(name)
'''


def test_the_checker_reports_each_wrong_import_of_a_synthetic_rules_module():
    problems = check_source(A_RULES_MODULE_GONE_WRONG, f"{TOP}.rules.fake", known=KNOWN)
    m = f"<{TOP}.rules.fake>"
    assert sorted(problems) == sorted([
        f"{m}:3 imports ortools.sat.python.cp_model (layer rules may not import ortools)",
        f"{m}:4 imports creator_roster.solver.model (layer rules may not import layer solver)",
        f"{m}:10 imports creator_roster.api.bodies (layer rules may not import layer api)",
        f"{m}:12 imports fastapi (layer rules may not import fastapi)",
        f"{m}:15 imports creator_roster.planning.batch (layer rules may not import layer planning)",
        f"{m}:16 imports rich.console (layer rules may not import rich)",
        f"{m}:16 imports a computed module name (layer rules must name what it imports; only api may compute it)",
    ])


@pytest.mark.parametrize("module, source", [
    (f"{TOP}.solver.fake", ("import networkx\nfrom ortools.sat.python import cp_model\nfrom ..rules import contract\n"
                            "from ..models import Roster\nfrom .model import build_model\nfrom .. import __version__\n")),
    (f"{TOP}.api.fake", "import typer\nfrom ..planning.batch import run_batch\nimportlib.import_module(f'{x}.y')\n"),
    (f"{TOP}.scenarios.fake", "import random\nfrom ..rules import contract\nfrom ..models import Campaign\n"),
])
def test_the_checker_passes_a_module_that_keeps_the_contract(module, source):
    assert check_source(source, module, known=KNOWN) == []


@pytest.mark.parametrize("module, source, problem", [
    (f"{TOP}.scenarios.fake", "from ..solver.solve import solve_scenario\n",
     "layer scenarios may not import layer solver"),
    (f"{TOP}.scenarios.fake", "from ..planning import batch\n", "layer scenarios may not import layer planning"),
    (f"{TOP}.solver.fake", "from ..api.bodies import Job\n", "layer solver may not import layer api"),
    (f"{TOP}.solver.fake", "import sqlalchemy.orm\n", "layer solver may not import sqlalchemy"),
    (f"{TOP}.planning.fake", "from rich.table import Table\n", "layer planning may not import rich"),
    (f"{TOP}.models.fake", "import networkx as nx\n", "layer models may not import networkx"),
    (f"{TOP}.models.fake", "from .. import rules\n", "layer models may not import layer rules"),
    (TOP, "from .models import Scenario\n", "layer root may not import layer models"),
    (f"{TOP}.rules.fake", "from ... import x\n", "cannot be resolved (relative import beyond the top package)"),
    (f"{TOP}.rules.fake", "import creator_roster.reports\n", "no room is assigned to it"),
])
def test_the_checker_reports_one_wrong_import(module, source, problem):
    problems = check_source(source, module, is_package=module == TOP, known=KNOWN)
    assert len(problems) == 1 and problem in problems[0], problems


@pytest.mark.parametrize("module, is_package, statement, target", [
    (f"{TOP}.rules.validate", False, "from . import contract", f"{TOP}.rules.contract"),
    (f"{TOP}.rules", True, "from . import contract", f"{TOP}.rules.contract"),
    (f"{TOP}.rules.validate", False, "from .contract import fee", f"{TOP}.rules.contract"),
    (f"{TOP}.api.commands.solve", False, "from ...solver.solve import solve_scenario", f"{TOP}.solver.solve"),
    (f"{TOP}.planning.batch", False, "from .. import __version__", TOP),
    (f"{TOP}.planning.batch", False, "from .. import solver", f"{TOP}.solver"),
    (f"{TOP}.planning.batch", False, "from ..models import *", f"{TOP}.models"),
    (f"{TOP}.models.io", False, "import creator_roster.rules.contract as c", f"{TOP}.rules.contract"),
    (f"{TOP}.models.io", False, "from creator_roster.solver import model", f"{TOP}.solver.model"),
    (f"{TOP}.models.io", False, "importlib.import_module('creator_roster.solver.model')", f"{TOP}.solver.model"),
    (f"{TOP}.solver.solve", False, "import_module('.model', __package__)", f"{TOP}.solver.model"),
    (f"{TOP}.api.commands.schema", False, "importlib.import_module(f'creator_roster.models.{n}')", f"{TOP}.models"),
    (f"{TOP}.api.commands", True, "importlib.import_module(f'{__name__}.{n}')", None),
    (f"{TOP}.rules.index", False, ("def f():\n    try:\n        from ..solver import model\n"
                                   "    except ImportError:\n        pass"), f"{TOP}.solver.model"),
])
def test_the_checker_resolves_each_form_of_import(module, is_package, statement, target):
    assert [i.target for i in imports_in(statement, module, is_package, known=KNOWN)] == [target]
