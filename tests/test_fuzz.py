"""Our own fuzzing pass, beyond Schemathesis's defaults: hostile edits of real documents.

Hypothesis takes a valid document (the demo scenario, a deal, a change set)
and breaks it the ways an attacker or an unlucky user would: a value
replaced by a huge or tiny number, a deep nest, a unicode or control-character
id, a long string, a wrong type; the result is sent as JSON or as YAML with
anchors and aliases.  What must hold, whatever the edit:

- the loader returns a valid document or raises ``DocumentError``, whose
  every issue names a well-formed field path and says something; nothing
  else escapes (no RecursionError, no ValueError, no traceback);
- a document that loads reads back the same after it is written (what the
  service stores always reads back valid);
- over HTTP the answer is 201/200/202 or a 4xx with the one error shape,
  never a 5xx.

The budget is bounded (``max_examples``, derandomised), so the pass takes a
few seconds and fails the same way every time.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creator_roster.api.app import create_app
from creator_roster.api.settings import ServerSettings
from creator_roster.models import DocumentError, dump_json, load_scenario
from creator_roster.models.changes import load_changes
from creator_roster.models.paths import FieldPath

ROOT = Path(__file__).resolve().parents[1]
DEMO = json.loads((ROOT / "scenarios" / "demo.json").read_text())
PRIOR = json.loads((ROOT / "tests" / "data" / "examples" / "07-prior-commitments.json").read_text())
DEAL = {"creator": "ava", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
        "platforms": ["instagram"], "posts": ["2027-04-10"]}
CHANGES = {"format": "changes/1", "changes": [
    {"op": "set", "path": "campaigns/glow-april/budget", "value": 20000},
    {"op": "remove", "path": "commitments/ava-sunbrite-2027"}]}

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def paths_of(node: Any, here: tuple = ()) -> list[tuple]:
    """Every place in a JSON document a value sits, the root excluded."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append(here + (key,))
            out += paths_of(value, here + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.append(here + (i,))
            out += paths_of(value, here + (i,))
    return out


def nest(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


hostile_values = st.one_of(
    st.integers(min_value=-(10 ** 40), max_value=10 ** 40),
    st.sampled_from([10 ** 400, -(10 ** 400), 1e308, -1e308, 5e-324, 0, -1, 2 ** 63, 2 ** 31]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.builds(nest, st.integers(min_value=20, max_value=200)),
    st.text(min_size=0, max_size=40),  # any unicode: RTL, zero-width, emoji, control characters
    st.sampled_from(["", " ", "\x00", "ava\u200b", "\u202eava", "🦄", "a" * 10_000, "2027-02-30", "1e300000"]),
    st.booleans(),
    st.none(),
    st.just({}),
    st.just([]),
    st.dictionaries(st.text(max_size=8), st.integers(), max_size=3),
)


@st.composite
def hostile_documents(draw, base: dict) -> dict:
    """The base document with one to three values replaced by hostile ones."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = paths_of(doc)
        place = draw(st.sampled_from(places))
        node = doc
        for step in place[:-1]:
            node = node[step]
        node[place[-1]] = draw(hostile_values)
    return doc


def as_text(doc: Any, yaml_with_aliases: bool) -> str:
    if not yaml_with_aliases:
        return json.dumps(doc, default=str)
    shared = {"regions": ["US", "EU"], "platforms": ["instagram", "tiktok"]}
    if isinstance(doc, dict):  # one list object used many times: PyYAML writes it once, with an anchor
        doc = {**doc, "_aliases": [shared] * 50}
    return yaml.safe_dump(doc, allow_unicode=True)


def assert_issues_are_named(err: DocumentError) -> None:
    assert err.issues, "a DocumentError says what is wrong"
    for issue in err.issues:
        assert str(FieldPath.parse(str(issue.path))) == str(issue.path)  # a well-formed path (or "")
        assert issue.message.strip()


@FUZZ
@given(doc=hostile_documents(DEMO), yaml_with_aliases=st.booleans())
def test_a_hostile_scenario_loads_or_is_refused_by_path(doc, yaml_with_aliases):
    text = as_text(doc, yaml_with_aliases)
    try:
        scenario = load_scenario(text.encode("utf-8", "surrogatepass"))
    except DocumentError as err:
        assert_issues_are_named(err)
        return
    again = load_scenario(dump_json(scenario).encode())  # what is stored reads back valid, and the same
    assert again.to_document() == scenario.to_document()


@FUZZ
@given(doc=hostile_documents(CHANGES), yaml_with_aliases=st.booleans())
def test_a_hostile_change_set_loads_or_is_refused_by_path(doc, yaml_with_aliases):
    try:
        load_changes(as_text(doc, yaml_with_aliases).encode("utf-8", "surrogatepass"))
    except DocumentError as err:
        assert_issues_are_named(err)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "roster.db"
    app = create_app(ServerSettings(database_url=f"sqlite:///{db}", max_time_limit_s=2))
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as c:
        sid = c.post("/scenarios", json=PRIOR).json()["id"]
        c.headers["x-scenario"] = sid
        yield c


def assert_answer(r, ok: tuple[int, ...]) -> None:
    assert r.status_code < 500, (r.status_code, r.text[:500])
    if r.status_code not in ok:
        body = r.json()
        assert set(body) == {"detail", "errors"} and isinstance(body["errors"], list), body


HTTP_FUZZ = settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@HTTP_FUZZ
@given(doc=hostile_documents(PRIOR), yaml_with_aliases=st.booleans())
def test_a_hostile_scenario_upload_is_never_a_server_error(client, doc, yaml_with_aliases):
    text = as_text(doc, yaml_with_aliases).encode("utf-8", "surrogatepass")
    kind = "application/yaml" if yaml_with_aliases else "application/json"
    r = client.post("/scenarios", content=text, headers={"content-type": kind})
    assert_answer(r, (201,))
    if r.status_code == 201:
        stored = client.get(f"/scenarios/{r.json()['id']}")
        assert stored.status_code == 200
        load_scenario(stored.content)  # reads back valid


@HTTP_FUZZ
@given(deal=hostile_documents(DEAL))
def test_a_hostile_deal_check_is_never_a_server_error(client, deal):
    r = client.post("/check", json={"scenario": client.headers["x-scenario"], "deal": deal})
    assert_answer(r, (200,))


@HTTP_FUZZ
@given(changes=hostile_documents(CHANGES))
def test_a_hostile_what_if_is_refused_before_it_is_queued_or_accepted(client, changes):
    sid = client.headers["x-scenario"]
    r = client.post(f"/scenarios/{sid}/what-if", content=json.dumps({"changes": changes, "time_limit_s": 1},
                                                                     default=str),
                    headers={"content-type": "application/json"})
    assert_answer(r, (202,))
    if r.status_code == 202:
        client.post(f"/jobs/{r.json()['id']}/cancel")  # the pass is about admission, not solving
