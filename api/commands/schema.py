"""`roster schema NAME`: print the JSON Schema of one of the documents."""

from __future__ import annotations

import json

import typer
from pydantic import BaseModel

from ...models.changes import ChangeSet
from ...models.diff import DiffDocument
from ...models.options import OptionsDocument
from ...models.roster import Roster
from ...models.scenario import Scenario
from ...models.why import WhyDocument
from .common import EXIT_BAD_INPUT, err_console, write_text_or_stdout

DOCUMENTS: dict[str, type[BaseModel]] = {
    "scenario": Scenario,
    "roster": Roster,
    "options": OptionsDocument,
    "changes": ChangeSet,
    "diff": DiffDocument,
    "why": WhyDocument,
}


def available_documents() -> list[str]:
    return list(DOCUMENTS)


def schema_of(name: str) -> dict:
    schema = standard_keywords(DOCUMENTS[name].model_json_schema(by_alias=True))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
_NUMBER_OR_STRING = [{"type": "number"}, {"type": "string"}]


def standard_keywords(node):
    """Repair what pydantic emits for the documents' exact-number fields.

    Numbers are validated by a before-validator into ``Decimal``, and for those
    pydantic writes the bounds as ``ge``/``le`` (not JSON Schema keywords),
    offers ``string`` as an alternative (the documents reject strings) and
    writes defaults as strings.  Rewrite them as plain JSON Schema numbers.
    """
    if isinstance(node, list):
        return [standard_keywords(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in _BOUNDS and isinstance(value, (int, float, str)) and not isinstance(value, bool):
            out[_BOUNDS[key]] = _as_number(value) if isinstance(value, str) else value  # a Decimal bound: text
        elif key == "properties" or key == "$defs":
            out[key] = {name: standard_keywords(sub) for name, sub in value.items()}
        else:
            out[key] = standard_keywords(value)
    if out.get("anyOf") == _NUMBER_OR_STRING:
        del out["anyOf"]
        out["type"] = "number"
    elif isinstance(out.get("anyOf"), list) and _NUMBER_OR_STRING[1] in out["anyOf"] and {"type": "number"} in out["anyOf"]:
        out["anyOf"] = [arm for arm in out["anyOf"] if arm != {"type": "string"}]
    if out.get("type") == "number" and isinstance(out.get("default"), str):
        out["default"] = _as_number(out["default"])
    return out


def _as_number(text: str):
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def schema_command(
    name: str = typer.Argument(..., help="scenario, roster, options, changes, diff or why.",
                               show_default=False, metavar="DOCUMENT"),
) -> None:
    """Print the JSON Schema of a document."""
    known = available_documents()
    if name not in known:
        err_console.print(f"error: unknown document {name!r}; choose one of: {', '.join(known)}",
                          highlight=False, markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    write_text_or_stdout(json.dumps(schema_of(name), indent=2) + "\n", None)


def register(app: typer.Typer) -> None:
    app.command("schema")(schema_command)
