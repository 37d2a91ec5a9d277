"""Field paths: where a value sits in a document, as in ``campaigns[3].exclusivity.phases[0].to``.

Input errors, explanations, relaxed must-haves, change sets and sweeps all
name fields this way.  A map key that is not a plain name (empty, or with
``.``, ``[``, ``]`` or ``"`` in it) is written as a quoted step:
``creators[2].audience[""]``, ``creators[0].audience["a.b"]``.  Paths are built here, step by step
(``at("campaigns", 3) / "exclusivity"``), and read here (``FieldPath.parse``),
so no other module writes a path with an f-string or splits one to get an
index back.  A ``FieldPath`` prints as the text above; documents carry that
text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Iterable, Optional, Union

from pydantic import BeforeValidator

Step = Union[str, int]

_TOKEN = re.compile(r'\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.\[\]"]+)')
_QUOTED = re.compile(r'[.\[\]"]')  # a name with one of these (or an empty one) is written ["like.this"]


@dataclass(frozen=True)
class FieldPath:
    """A path as its steps: field names (str) and list positions (int)."""

    steps: tuple[Step, ...] = ()

    def __truediv__(self, step: Step) -> FieldPath:
        return FieldPath(self.steps + (step,))

    def __add__(self, other: FieldPath) -> FieldPath:
        return FieldPath(self.steps + other.steps)

    def __str__(self) -> str:
        out = ""
        for step in self.steps:
            if isinstance(step, int):
                out += f"[{step}]"
            elif not step or _QUOTED.search(step):  # a map key that is not a plain name: a region "", "a.b"
                out += "[" + json.dumps(step, ensure_ascii=False) + "]"
            else:
                out += ("." if out else "") + step
        return out

    def __bool__(self) -> bool:
        return bool(self.steps)

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        """``'campaigns[3].window.end'`` -> its steps; ValueError for text that is not a path."""
        steps: list[Step] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:
                raise ValueError(f"not a field path: {text!r}")
            index, quoted, name = match.groups()
            steps.append(int(index) if index is not None else json.loads(quoted) if quoted is not None else name)
            pos = match.end()
        if text and str(cls(tuple(steps))) != text:
            raise ValueError(f"not a field path: {text!r}")
        return cls(tuple(steps))

    @property
    def head(self) -> Optional[str]:
        """The top-level field (``campaigns`` of ``campaigns[3].budget``)."""
        return self.steps[0] if self.steps and isinstance(self.steps[0], str) else None

    def index(self, name: str) -> Optional[int]:
        """The list position right after the first field ``name`` (3 for ``campaigns`` above), or None."""
        for step, following in zip(self.steps, self.steps[1:]):
            if step == name and isinstance(following, int):
                return following
        return None

    def names(self) -> tuple[str, ...]:
        """The field names only: ``('campaigns', 'exclusivity', 'phases', 'to')``."""
        return tuple(s for s in self.steps if isinstance(s, str))


ROOT = FieldPath()


def at(*steps: Step) -> FieldPath:
    """A path from its steps: ``at("campaigns", 3, "budget")``."""
    return FieldPath(tuple(steps))


def from_loc(loc: Iterable[object]) -> FieldPath:
    """A path from a pydantic error location (ints are list positions, anything else a field name)."""
    return FieldPath(tuple(p if isinstance(p, int) else str(p) for p in loc))


def _as_text(value: object) -> object:
    return str(value) if isinstance(value, FieldPath) else value


PathText = Annotated[str, BeforeValidator(_as_text)]
"""A document field that holds a path: accepts a ``FieldPath`` and stores its text."""
