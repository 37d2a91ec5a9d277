"""Sweeps: a scenario's variants over the cross product of varied fields.

``--vary campaigns[0].budget=4000,5010,8000`` names a field with the same
path syntax as the error messages and a list of values (JSON when they parse
as JSON, text otherwise, so ``2027-04-01`` is a date string).  Every variant
is checked as a whole scenario before anything is written or solved; a path
that does not lead anywhere, or a value that makes the scenario invalid, is a
:class:`SweepError` naming the path and the value.
"""

from __future__ import annotations

import copy
import itertools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

from ..models import DocumentError, dump_json, scenario_from_data, write_json_atomic
from ..models.changes import Change
from ..models.paths import FieldPath
from .batch import BatchItem, BatchRow
from .changes import ChangeError, resolve


class SweepError(ValueError):
    """A --vary that cannot be applied: names the path (and value) at fault."""

    def __init__(self, message: str, details: Optional[list[str]] = None):
        self.details = list(details or [])
        super().__init__(message)


@dataclass(frozen=True)
class Variation:
    path: str                 # as written: campaigns[0].budget
    steps: tuple[Any, ...]    # ('campaigns', 0, 'budget')
    values: tuple[Any, ...]   # parsed values, in the order given


@dataclass
class SweepScenario:
    """One point of the sweep's cross product: a scenario document with its values set."""

    name: str
    labels: dict[str, Any]    # path -> value of this variant
    data: dict                # the scenario document with the values set


def parse_path(path: str) -> tuple[Any, ...]:
    """'campaigns[2].exclusivity.phases[1].to.offset_days' -> ('campaigns', 2, 'exclusivity', ...)."""
    try:
        steps = FieldPath.parse(path.strip()).steps
    except ValueError:
        steps = ()
    if not steps or not isinstance(steps[0], str):
        raise SweepError(f"{path or repr(path)}: not a field path (write it like campaigns[0].budget)")
    return steps


def split_values(text: str) -> list[str]:
    """Split on commas that are not inside brackets, braces or quotes ("[\\"US\\",\\"CA\\"]" stays whole)."""
    parts, depth, quote, current = [], 0, None, []
    for char in text:
        if quote:
            quote = None if char == quote and (not current or current[-1] != "\\") else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return parts


def parse_value(text: str) -> Any:
    """JSON when it is JSON (numbers exact, as Decimal), otherwise the text itself."""
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError:
        return text


def parse_vary(option: str) -> Variation:
    """'PATH=V1,V2,...' -> Variation."""
    path, sep, values_text = option.partition("=")
    path = path.strip()
    if not sep or not path:
        raise SweepError(f"{option!r}: expected PATH=V1,V2,... (for example campaigns[0].budget=4000,8000)")
    texts = split_values(values_text)
    if any(t == "" for t in texts):
        raise SweepError(f"{path}: empty value in {values_text!r}")
    return Variation(path, _steps_of(path), tuple(parse_value(t) for t in texts))


def _steps_of(path: str) -> tuple[Any, ...]:
    """The steps of an error-message path now; a change-set path (``campaigns/glow/budget``) waits for the document."""
    return () if "/" in path else parse_path(path)


def _resolved(data: dict, variation: Variation) -> Variation:
    """A change-set path read against the document: ids become positions (``campaigns/glow`` -> campaigns[0])."""
    if variation.steps:
        return variation
    try:
        place = resolve(data, Change.model_construct(op="set", path=variation.path).segments(), create=False)
    except ChangeError as exc:
        raise SweepError(f"{variation.path}: {exc.message}") from None
    if not place.trail.steps:
        raise SweepError(f"{variation.path}: not a field path (write it like campaigns/ID/budget)")
    return Variation(variation.path, place.trail.steps, variation.values)


def set_path(data: dict, variation: Variation, value: Any) -> None:
    """Set one field in a parsed document; missing objects on the way are created, lists must reach."""
    node: Any = data
    for depth, step in enumerate(variation.steps):
        last = depth == len(variation.steps) - 1
        where = _format_steps(variation.steps[: depth + 1])
        if isinstance(step, int):
            if not isinstance(node, list):
                raise SweepError(f"{variation.path}: {_format_steps(variation.steps[:depth]) or 'the document'} "
                                 "is not a list")
            if step >= len(node):
                raise SweepError(f"{variation.path}: {where} does not exist (the list has {len(node)} item(s))")
        elif not isinstance(node, dict):
            raise SweepError(f"{variation.path}: {_format_steps(variation.steps[:depth])} is not an object")
        if last:
            node[step] = copy.deepcopy(value)
            return
        if isinstance(step, str) and step not in node:
            node[step] = {} if isinstance(variation.steps[depth + 1], str) else []
        node = node[step]


def _format_steps(steps: tuple[Any, ...]) -> str:
    return str(FieldPath(tuple(steps)))


def expand(data: dict, variations: list[Variation], stem: str) -> list[SweepScenario]:
    """Every combination of the values, each checked as a whole scenario/1 document."""
    paths = [v.path for v in variations]
    duplicates = {p for p in paths if paths.count(p) > 1}
    if duplicates:
        raise SweepError(f"{sorted(duplicates)[0]}: varied more than once")
    combos = list(itertools.product(*(v.values for v in variations)))
    width = len(str(len(combos)))
    variants = []
    for number, combo in enumerate(combos, start=1):
        variant = copy.deepcopy(data)
        for variation, value in zip(variations, combo):
            set_path(variant, variation, value)
        try:
            scenario_from_data(variant)
        except DocumentError as exc:
            pairs = list(zip(variations, combo))
            at_fault = [(v, value) for v, value in pairs if any(_related(v.path, i.path) for i in exc.issues)]
            shown = ", ".join(f"{v.path}={_show(value)}" for v, value in (at_fault or pairs))
            raise SweepError(f"{shown}: makes the scenario invalid", [str(i) for i in exc.issues]) from None
        labels = {v.path: value for v, value in zip(variations, combo)}
        variants.append(SweepScenario(f"{stem}__{number:0{width}d}", labels, variant))
    return variants


def write_variants(variants: list[SweepScenario], outdir: Path) -> list[BatchItem]:
    """Write each variant as OUTDIR/scenarios/<name>.json and return the batch items."""
    folder = Path(outdir) / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for variant in variants:
        path = folder / f"{variant.name}.json"
        write_json_atomic(path, variant.data)
        document = scenario_from_data(variant.data).to_document()
        items.append(BatchItem(variant.name, str(path), document, None, dict(variant.labels)))
    return items


def plan_sweep(data: dict, vary: list[str] | dict[str, list], outdir: Path,
               stem: str = "sweep") -> tuple[list[BatchItem], list[Variation]]:
    """Check every variant, write them to OUTDIR/scenarios and return the batch items (for the CLI and HTTP).

    ``vary`` is either ``["PATH=V1,V2", ...]`` as on the command line or
    ``{"PATH": [V1, V2], ...}`` with values already parsed (a JSON body).
    Raises :class:`SweepError` before anything is written.
    """
    if isinstance(vary, dict):
        variations = []
        for path, values in vary.items():
            if not isinstance(values, list) or not values:
                raise SweepError(f"{path}: expected a non-empty list of values")
            variations.append(Variation(path, _steps_of(path), tuple(values)))
    else:
        variations = [parse_vary(option) for option in vary]
    if not variations:
        raise SweepError("nothing to vary: give at least one PATH=V1,V2,...")
    variations = [_resolved(data, v) for v in variations]
    variants = expand(data, variations, stem)
    return write_variants(variants, outdir), variations


def pivot(rows: list[BatchRow], variations: list[Variation]) -> Optional[dict[str, Any]]:
    """The results laid out over the varied values.

    One path: ``{"rows": [[value, row], ...]}`` in the order given.  Two
    paths: ``{"grid": [[cell, ...], ...], "rows": values of the first path,
    "columns": values of the second}`` with each cell the objective (or the
    status when there is none).  More than two: None (the flat summary has a
    column per path).
    """
    if len(variations) == 1:
        path = variations[0].path
        return {"rows": [[row.labels.get(path), row] for row in rows]}
    if len(variations) == 2:
        first, second = variations
        cells = {(_key(r.labels.get(first.path)), _key(r.labels.get(second.path))): r for r in rows}
        grid = []
        for a in first.values:
            line = []
            for b in second.values:
                row = cells.get((_key(a), _key(b)))
                line.append(None if row is None else cell_text(row))
            grid.append(line)
        return {"grid": grid, "rows": list(first.values), "columns": list(second.values)}
    return None


def cell_text(row: BatchRow) -> str:
    if row.error is not None:
        return "error"
    return str(row.objective) if row.objective is not None else row.status


def _related(varied: str, issue: str) -> bool:
    """Whether an error at ``issue`` is about the field at ``varied`` (one lies inside the other)."""
    def inside(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith(outer + ".") or inner.startswith(outer + "[")
    return bool(issue) and (inside(issue, varied) or inside(varied, issue))


def _key(value: Any) -> str:
    return dump_json(value, indent=None).strip()


def _show(value: Any) -> str:
    return value if isinstance(value, str) else _key(value)


show_value = _show

__all__ = ["SweepError", "SweepScenario", "Variation", "expand", "parse_path", "parse_vary", "pivot", "plan_sweep", "set_path",
           "show_value", "split_values", "write_variants"]
