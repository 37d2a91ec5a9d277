"""`roster schema NAME`: print the JSON Schema of one of the documents.

scenario/1 and roster/1 always; options/1, changes/1 and the diff document
when their models exist (imported lazily, so a missing one is just absent).
"""

from __future__ import annotations

import importlib
import json

import typer

from .common import EXIT_BAD_INPUT, err_console, write_text_or_stdout

# name -> (module under creator_roster.models, model class)
DOCUMENTS: dict[str, tuple[str, str]] = {
    "scenario": ("scenario", "Scenario"),
    "roster": ("roster", "Roster"),
    "options": ("options", "OptionsDocument"),
    "changes": ("changes", "ChangeSet"),
    "diff": ("diff", "DiffDocument"),
}


def document_model(name: str):
    """The pydantic model of a document name, or None when it is unknown or not built."""
    if name not in DOCUMENTS:
        return None
    module_name, class_name = DOCUMENTS[name]
    full_name = f"creator_roster.models.{module_name}"
    try:
        module = importlib.import_module(full_name)
    except ModuleNotFoundError as exc:
        if exc.name == full_name:
            return None
        raise
    return getattr(module, class_name, None)


def available_documents() -> list[str]:
    return [name for name in DOCUMENTS if document_model(name) is not None]


def schema_of(name: str) -> dict:
    model = document_model(name)
    if model is None:
        raise KeyError(name)
    schema = standard_keywords(model.model_json_schema(by_alias=True))
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
        if key in _BOUNDS and isinstance(value, (int, float)) and not isinstance(value, bool):
            out[_BOUNDS[key]] = value
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
    name: str = typer.Argument(..., help="scenario or roster (and options, changes, diff where available).",
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
