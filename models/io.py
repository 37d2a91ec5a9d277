"""Reading and writing documents: JSON or YAML in, strict models out.

JSON numbers are read as ``Decimal`` from their text, so that the fee and
value formulas see exactly the decimals the planner wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Type, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .checks import check_scenario
from .errors import DocumentError, FieldIssue, issues_from_validation_error
from .roster import Roster
from .scenario import Scenario

M = TypeVar("M", bound=BaseModel)


class _DocumentYamlLoader(yaml.SafeLoader):
    """Safe YAML whose impossible dates (2027-02-30) stay strings.

    PyYAML raises a bare ValueError for an unquoted date that matches the
    date pattern but does not exist; kept as text, the model reports it with
    the path of the field instead.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_DocumentYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _DocumentYamlLoader.construct_yaml_timestamp)


MAX_DEPTH = 32
"""Objects and lists nest at most this deep (a scenario needs 7)."""
MAX_VALUES = 2_000_000
"""Values in a document, counting a YAML alias as often as it is used (a small alias 'bomb' is refused)."""


def parse_text(text: str, hint: str = "", document: str = "input") -> Any:
    """Parse JSON (numbers as Decimal) or, failing that, YAML; within MAX_DEPTH and MAX_VALUES."""
    data = _parse(text, hint, document)
    _check_shape(data, document)
    return data


def _parse(text: str, hint: str, document: str) -> Any:
    stripped = text.lstrip()
    looks_json = hint.endswith(".json") or stripped.startswith(("{", "["))
    try:
        if looks_json:
            try:
                return json.loads(text, parse_float=Decimal)
            except json.JSONDecodeError as exc:
                if hint.endswith(".json") or not hint:
                    raise DocumentError([FieldIssue("", f"not valid JSON: {exc.msg} at line {exc.lineno} column "
                                                        f"{exc.colno}")], document=document) from None
        try:
            return yaml.load(text, Loader=_DocumentYamlLoader)  # a SafeLoader: no arbitrary objects
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            at = f" at line {where.line + 1} column {where.column + 1}" if where else ""
            raise DocumentError([FieldIssue("", f"not valid JSON or YAML{at}")], document=document) from None
    except RecursionError:
        raise DocumentError([FieldIssue("", f"nested deeper than {MAX_DEPTH} levels")], document=document) from None
    except DocumentError:
        raise
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise DocumentError([FieldIssue("", "a number has far more digits than any field allows")],
                            document=document) from None


def _check_shape(data: Any, document: str) -> None:
    """Depth and size, walked without recursion; an alias counts each time it is used."""
    stack = [(data, 1)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise DocumentError([FieldIssue("", f"more than {MAX_VALUES:,} values (YAML aliases count each time "
                                                "they are used)")], document=document)
        if depth > MAX_DEPTH:
            raise DocumentError([FieldIssue("", f"nested deeper than {MAX_DEPTH} levels")], document=document)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def read_source(source: str | Path | bytes | dict, document: str) -> Any:
    if isinstance(source, dict):
        return source
    if isinstance(source, bytes):
        return parse_text(source.decode("utf-8", errors="replace"), document=document)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocumentError([FieldIssue("", f"file not found: {path}")], document=document) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError([FieldIssue("", f"cannot read {path}: {exc}")], document=document) from None
    return parse_text(text, hint=path.name, document=document)


def _validate(model: Type[M], data: Any, document: str) -> M:
    if not isinstance(data, dict):
        raise DocumentError([FieldIssue("", f"a {document} document must be a JSON object")], document=document)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(issues_from_validation_error(exc), document=document) from None


def scenario_from_data(data: Any) -> Scenario:
    """Validate a parsed document as scenario/1, structure and references."""
    if isinstance(data, dict) and data.get("format") not in (None, "scenario/1") and isinstance(data.get("format"), str):
        raise DocumentError([FieldIssue("format", f"expected 'scenario/1', got {data['format']!r}")])
    scenario = _validate(Scenario, data, "scenario")
    issues = check_scenario(scenario)
    if issues:
        raise DocumentError(issues, document="scenario")
    return scenario


def load_scenario(source: str | Path | bytes | dict) -> Scenario:
    return scenario_from_data(read_source(source, "scenario"))


def load_roster(source: str | Path | bytes | dict) -> Roster:
    return _validate(Roster, read_source(source, "roster"), "roster")


def dump_json(document: Any, indent: int | None = 2) -> str:
    """A document (a model with ``to_document``) or plain JSON data, as JSON text."""
    data = document.to_document() if isinstance(document, BaseModel) else document
    return json.dumps(data, indent=indent, default=_json_default) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_json_atomic(path: str | Path, document: BaseModel | dict) -> None:
    """Write a whole document or nothing (no half-written files)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(dump_json(document), encoding="utf-8")
    tmp.replace(path)
