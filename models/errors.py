"""Errors that name the offending field by its path in the document.

Every problem with an input document is reported as a ``FieldIssue`` whose
``path`` reads like ``campaigns[3].exclusivity.phases[0].to.anchor`` and whose
``message`` says in plain words what is wrong.  ``DocumentError`` carries one
or more of them; the CLI turns it into exit code 2, the API into a 422.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence, Union

from pydantic import ValidationError

from .paths import FieldPath, from_loc


@dataclass(frozen=True)
class FieldIssue:
    """One problem with a document, at ``at`` (the whole document: the empty path).

    A plain field name may be given as text (``FieldIssue("campaign", ...)``);
    anything deeper is built as a ``FieldPath``.
    """

    at: FieldPath
    message: str

    def __init__(self, at: Union[FieldPath, str], message: str):
        object.__setattr__(self, "at", at if isinstance(at, FieldPath) else FieldPath.parse(at))
        object.__setattr__(self, "message", message)

    @property
    def path(self) -> str:
        return str(self.at)

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


class DocumentError(ValueError):
    """An input document is unreadable or breaks its format."""

    def __init__(self, issues: Sequence[FieldIssue], document: str = "scenario"):
        self.issues = list(issues)
        self.document = document
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [f"invalid {self.document}: {len(self.issues)} problem(s)"]
        lines += [f"  {issue}" for issue in self.issues]
        return "\n".join(lines)

    def as_json(self) -> list[dict]:
        return [{"path": i.path, "message": i.message} for i in self.issues]


_PLAIN = {
    "missing": "this field is required",
    "extra_forbidden": "unknown field (not part of the format)",
    "literal_error": None,  # pydantic's own text lists the allowed values
    "model_type": "expected an object ({...})",
    "model_attributes_type": "expected an object ({...})",
    "dict_type": "expected an object ({...})",
    "list_type": "expected a list ([...])",
    "bool_type": "expected true or false",
}


def _plain_message(err: dict) -> str:
    kind = err.get("type", "")
    if _PLAIN.get(kind):
        return _PLAIN[kind]
    msg = err.get("msg", "invalid value")
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    msg = re.sub(r"Decimal\('([^']*)'\)", r"\1", msg)  # bounds read as numbers, not Python
    return msg[0].lower() + msg[1:] if msg else msg


def _clean_loc(loc: tuple) -> tuple:
    # Drop pydantic's internal tags such as function-before[...] or union arms;
    # "[key]" marks the part before it as a mapping key (YAML `1:`), not a list index.
    out: list[object] = []
    for p in loc:
        if p == "[key]":
            if out:
                out[-1] = str(out[-1])
            continue
        if isinstance(p, str) and ("[" in p or p in ("str", "int", "float", "date")):
            continue
        out.append(p)
    return tuple(out)


def issues_from_validation_error(exc: ValidationError, prefix: FieldPath = FieldPath()) -> list[FieldIssue]:
    return [FieldIssue(prefix + from_loc(_clean_loc(err["loc"])), _plain_message(err)) for err in exc.errors()]


def issues_under(prefix: FieldPath, issues: Sequence[FieldIssue]) -> list[FieldIssue]:
    """The same issues, their paths read from inside ``prefix`` (a document nested in another)."""
    return [FieldIssue(prefix + i.at, i.message) for i in issues]


class InternalError(RuntimeError):
    """The solver produced something the validator rejects: a bug, never the user's fault.

    Defined here, below the solver, so that a front door can catch it without importing OR-Tools."""

