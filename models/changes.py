"""changes/1: a what-if change set, applied to a scenario before a re-plan.

A change is ``{"op": "set" | "add" | "remove", "path": ..., "value": ...}``.
The path reads like a JSON Pointer that addresses list items by id: a
top-level list, then an id, then field names, e.g.
``campaigns/glow-spring/window/end``.  How each path is resolved (and what a
removal cascades to) is ``planning.changes``; this module is only the document.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    StringConstraints,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from .errors import DocumentError, FieldIssue, issues_from_validation_error
from .io import read_source
from .types import Strict

Op = Literal["set", "add", "remove"]
ChangePath = Annotated[str, StringConstraints(min_length=1, strict=True)]


def _json_safe(value: Any) -> Any:
    """Decimals (exact numbers read from JSON) written back as JSON numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class Change(Strict):
    """One operation on the scenario document."""

    op: Op = Field(description="set: replace or create the field or item at path; add: append value to the list "
                               "at path (or create a new key of a map); remove: delete the item, key or optional "
                               "field at path (removing an entity also removes every reference to it)")
    path: ChangePath = Field(description="list/id/field/...: items of id lists are addressed by id, items of "
                                         "string lists by their value, other list items by position (from 0); "
                                         "'~1' stands for '/' and '~0' for '~' inside a segment",
                             examples=["campaigns/glow-spring/window/end", "creators/ava", "creators"])
    value: Any = Field(None, description="the new value (set, add); absent for remove")

    @field_validator("path")
    @classmethod
    def _segments_not_empty(cls, path: str) -> str:
        if any(not segment for segment in path.strip("/").split("/")):
            raise ValueError(f"path {path!r} has an empty segment; write it like campaigns/glow-spring/window/end")
        return path

    @model_validator(mode="after")
    def _value_matches_op(self) -> "Change":
        has_value = "value" in self.model_fields_set and self.value is not None
        if self.op in ("set", "add") and not has_value:
            raise ValueError(f"'{self.op}' needs a 'value' (to delete something, use 'remove')")
        if self.op == "remove" and "value" in self.model_fields_set:
            raise ValueError("'remove' takes no 'value'")
        return self

    @field_serializer("value")
    def _value_out(self, value: Any) -> Any:
        return _json_safe(value)

    def segments(self) -> list[str]:
        """The path split into unescaped segments."""
        return [s.replace("~1", "/").replace("~0", "~") for s in self.path.strip("/").split("/")]

    def describe(self) -> str:
        return f"{self.op} {self.path}"


class ChangeSet(Strict):
    """A list of changes, applied in order to a scenario/1 document."""

    format: Literal["changes/1"]
    changes: list[Change]

    def to_document(self) -> dict:
        data = self.model_dump(mode="json")
        for change, out in zip(self.changes, data["changes"]):
            if change.op == "remove":
                out.pop("value", None)
        return data


def changes_from_data(data: Any) -> ChangeSet:
    if not isinstance(data, dict):
        raise DocumentError([FieldIssue("", "a changes document must be a JSON object")], document="changes")
    if isinstance(data.get("format"), str) and data["format"] != "changes/1":
        raise DocumentError([FieldIssue("format", f"expected 'changes/1', got {data['format']!r}")],
                            document="changes")
    try:
        return ChangeSet.model_validate(data)
    except ValidationError as exc:
        raise DocumentError(issues_from_validation_error(exc), document="changes") from None


def load_changes(source: str | Path | bytes | dict) -> ChangeSet:
    """Read a changes/1 document (JSON or YAML); errors name the field path."""
    return changes_from_data(read_source(source, "changes"))
