"""Field paths: built and read in models/paths.py only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creator_roster.models.errors import FieldIssue, issues_under
from creator_roster.models.paths import ROOT, FieldPath, at, from_loc

ROOT_DIR = Path(__file__).resolve().parents[1]
ROOMS = ["models", "rules", "solver", "planning", "api", "scenarios"]

names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
keys = st.text(max_size=6)  # map keys as users write them: "", "U.S.", 'a"b', "[0]", unicode
steps = st.lists(st.one_of(names, keys, st.integers(0, 999)), max_size=6)


def test_a_path_prints_as_the_documents_write_it():
    path = at("campaigns", 3) / "exclusivity" / "phases" / 0 / "to"
    assert str(path) == "campaigns[3].exclusivity.phases[0].to"
    assert path.head == "campaigns" and path.index("campaigns") == 3 and path.index("phases") == 0
    assert path.index("to") is None and path.names() == ("campaigns", "exclusivity", "phases", "to")
    assert str(ROOT) == "" and not ROOT and str(at("changes") + path) == "changes.campaigns[3].exclusivity.phases[0].to"


@given(steps)
def test_parse_reads_back_what_str_writes(parts):
    path = FieldPath(tuple(parts))
    assert FieldPath.parse(str(path)) == path


def test_a_key_that_is_not_a_plain_name_is_quoted():
    assert str(at("creators", 1, "audience", "U.S.")) == 'creators[1].audience["U.S."]'
    assert str(at("creators", 1, "audience", "")) == 'creators[1].audience[""]'
    assert FieldPath.parse('a["x]y"].b') == at("a", "x]y", "b")


@pytest.mark.parametrize("text", [".a", "a..b", "a[x]", "a]", "[", "a[0]b", "a.", "a[-1]", 'a["x]', 'a[""'])
def test_text_that_is_not_a_path_is_refused(text):
    with pytest.raises(ValueError):
        FieldPath.parse(text)


def test_pydantic_locations_and_nested_documents():
    assert str(from_loc(("campaigns", 2, "window", "end"))) == "campaigns[2].window.end"
    nested = issues_under(at("changes"), [FieldIssue(at("changes", 0, "value"), "bad"), FieldIssue(ROOT, "worse")])
    assert [i.path for i in nested] == ["changes.changes[0].value", "changes"]
    assert FieldIssue("campaign", "x").at == at("campaign")


_PATH_SHAPE = re.compile(r"^(\{\}|[a-z_]+)(\.[a-z_]+|\.\{\}|\[\{\}\]|\[\d+\])+$")
_FILE_NAME = re.compile(r"\.(json|csv|md|ics|tmp)$")


def _fstring_paths(source: str) -> list[int]:
    """Lines of f-strings that are nothing but a field path (``f"campaigns[{i}].budget"``)."""
    tree = ast.parse(source)
    var_names = set()  # CP-SAT variable and module names look like paths but are not
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                (node.func.attr.startswith("new_") or node.func.attr in ("import_module", "find_spec")):
            var_names.update(id(a) for a in node.args)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in var_names:
            shape = "".join("{}" if isinstance(v, ast.FormattedValue) else str(v.value) for v in node.values)
            if _PATH_SHAPE.match(shape) and not _FILE_NAME.search(shape) and not shape.startswith("creator_roster."):
                found.append(node.lineno)
    return found


def test_no_module_writes_a_path_with_an_f_string():
    offenders = [f"{path.relative_to(ROOT_DIR)}:{line}"
                 for room in ROOMS for path in sorted((ROOT_DIR / room).rglob("*.py"))
                 if path.name != "paths.py" for line in _fstring_paths(path.read_text())]
    assert offenders == []


def test_the_f_string_check_catches_one():
    source = 'p = f"campaigns[{i}].budget"\nq = f"{p}.window"\nm.new_bool_var(f"x[{k}]")\nf = f"{name}.roster.json"\n'
    assert _fstring_paths(source) == [1, 2]
