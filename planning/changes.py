"""Apply a changes/1 change set to a scenario, with cascading removals.

The change set is applied to the scenario's JSON document, one operation at a
time; the result then goes through ``scenario_from_data`` (the full
validation every input gets).  Paths are resolved against the scenario/1
model's own field types, so ``campaigns/k/creators/max`` knows that a
campaign's ``creators`` is an object while the top-level ``creators`` is a
list of creators addressed by id.

Removing an entity removes every reference to it, and each such cascade is
reported as a note:

- a creator: leaves campaigns' required, preferred and excluded lists; its
  commitments go;
- a brand: leaves competitor lists, clause exceptions and creators' blocked
  brands; its campaigns and commitments go;
- a category: its children move up to its parent, it leaves adjacency lists
  (a category still used by a campaign or commitment cannot be removed);
- a region or platform: leaves campaigns, commitments, creators' audiences
  and platforms, and phase scopes (a phase left with none is dropped; a
  campaign or commitment left with none is an error);
- a campaign or a commitment: nothing refers to them.

Every problem is a ``DocumentError`` whose issue path names the operation
(``changes[2].path``, ``changes[2].value``) and whose message names the
scenario field.
"""

from __future__ import annotations

import copy
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import BaseModel

from ..models.changes import Change, ChangeSet
from ..models.errors import DocumentError, FieldIssue
from ..models.io import scenario_from_data
from ..models.paths import ROOT, FieldPath, at
from ..models.scenario import Scenario

ENTITY_LISTS = ("categories", "brands", "creators", "campaigns", "commitments")
ENTITY_NOUN = {"categories": "category", "brands": "brand", "creators": "creator", "campaigns": "campaign",
               "commitments": "commitment", "regions": "region", "platforms": "platform"}


class ChangeError(Exception):
    """One operation cannot be applied; ``where`` is 'path' or 'value'."""

    def __init__(self, message: str, where: str = "path"):
        super().__init__(message)
        self.message, self.where = message, where


# --- the scenario's field types ----------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """What sits at a place of the document: a model, a list of items, a map, or a plain value."""

    shape: str  # "model", "list", "map", "scalar"
    model: Optional[type[BaseModel]] = None
    item: Optional["Kind"] = None

    @property
    def has_ids(self) -> bool:
        return self.shape == "list" and self.item is not None and self.item.shape == "model" \
            and "id" in self.item.model.model_fields

    @property
    def by_value(self) -> bool:
        return self.shape == "list" and self.item is not None and self.item.shape == "scalar"


def kind_of(annotation: Any) -> Kind:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return kind_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return kind_of(args[0])
    if origin is list:
        return Kind("list", item=kind_of(typing.get_args(annotation)[0]))
    if origin is dict:
        return Kind("map", item=kind_of(typing.get_args(annotation)[1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Kind("model", model=annotation)
    return Kind("scalar")


def model_fields_by_name(model: type[BaseModel]) -> dict[str, Kind]:
    """Field kinds by their name in the document (the alias where there is one)."""
    return {(info.alias or name): kind_of(info.annotation) for name, info in model.model_fields.items()}


SCENARIO_KIND = Kind("model", model=Scenario)


# --- resolving a path ----------------------------------------------------------------

@dataclass
class Place:
    """Where a path ends: the container, the key or index in it, and what the place holds."""

    container: Any
    key: Any  # str for a dict, int for a list (None: the list itself, for 'add')
    kind: Kind
    exists: bool
    trail: FieldPath  # the scenario field path reached, e.g. campaigns[3].window.end
    entity: Optional[tuple[str, str]] = None  # (top-level list, id) the path goes through


def _describe_items(items: list, key: str) -> str:
    names = [str(x.get(key)) if isinstance(x, dict) else str(x) for x in items]
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f" (known: {shown})" if names else " (the list is empty)"


def _list_index(items: list, kind: Kind, segment: str, where: str, noun: str) -> int:
    if kind.has_ids:
        for i, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") == segment:
                return i
        raise ChangeError(f"no {noun} with id {segment!r} in {where}{_describe_items(items, 'id')}")
    if kind.by_value:
        for i, item in enumerate(items):
            if str(item) == segment:
                return i
        raise ChangeError(f"no {segment!r} in {where}{_describe_items(items, '')}")
    if not re.fullmatch(r"\d+", segment):
        raise ChangeError(f"{where} is a list addressed by position: expected a number from 0, got {segment!r}")
    index = int(segment)
    if index >= len(items):
        raise ChangeError(f"{where} has {len(items)} item(s); there is no item {index}")
    return index


def resolve(doc: dict, segments: list[str], create: bool) -> Place:
    """Follow ``segments`` through the document; with ``create``, missing objects on the way are created."""
    node: Any = doc
    kind = SCENARIO_KIND
    trail = ROOT
    entity: Optional[tuple[str, str]] = None
    shown = ""  # the path walked so far, as written in the change
    for depth, segment in enumerate(segments):
        last = depth == len(segments) - 1
        where = shown or "the scenario"
        if kind.shape == "model":
            fields = model_fields_by_name(kind.model)
            if segment not in fields:
                raise ChangeError(f"{where} has no field {segment!r} (fields: {', '.join(fields)})")
            child_kind = fields[segment]
            child_trail = trail / segment
            if last:
                return Place(node, segment, child_kind, segment in node, child_trail, entity)
            if segment not in node or node[segment] is None:
                if not create or child_kind.shape == "scalar":
                    raise ChangeError(f"{where} has no {segment!r} yet; set {shown + '/' if shown else ''}{segment} "
                                      f"as a whole first")
                node[segment] = [] if child_kind.shape == "list" else {}
            node, kind, trail = node[segment], child_kind, child_trail
        elif kind.shape == "list":
            if not isinstance(node, list):
                raise ChangeError(f"{where} is not a list in this scenario")
            noun = ENTITY_NOUN.get(shown, "item")
            index = _list_index(node, kind, segment, where, noun)
            child_trail = trail / index
            if depth == 1 and segments[0] in ENTITY_LISTS:
                entity = (segments[0], segment)
            if last:
                return Place(node, index, kind.item, True, child_trail, entity)
            node, kind, trail = node[index], kind.item, child_trail
        elif kind.shape == "map":
            if not isinstance(node, dict):
                raise ChangeError(f"{where} is not an object in this scenario")
            child_trail = trail / segment
            if last:
                return Place(node, segment, kind.item, segment in node, child_trail, entity)
            if segment not in node:
                raise ChangeError(f"{where} has no key {segment!r}")
            node, kind, trail = node[segment], kind.item, child_trail
        else:
            raise ChangeError(f"{where} is a single value; it has no part {segment!r}")
        shown = f"{shown}/{segment}" if shown else segment
    return Place(None, None, kind, True, trail, entity)  # the empty path: never produced by a valid Change


# --- applying operations -------------------------------------------------------------

@dataclass
class Applied:
    """What the operations touched, to say which one a validation problem comes from."""

    entities: list[tuple[int, tuple[str, str]]] = field(default_factory=list)
    mentions: list[tuple[int, set[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _strings_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings_in(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings_in(v) for v in value)) if value else set()
    return set()


def _plain(value: Any) -> Any:
    """A change's value as a fresh JSON-like structure (no sharing between operations)."""
    return copy.deepcopy(value)


def _apply_set(doc: dict, change: Change, segments: list[str]) -> Place:
    place = resolve(doc, segments, create=True)
    value = _plain(change.value)
    if isinstance(place.container, list):
        if place.kind.shape == "model" and "id" in place.kind.model.model_fields:
            current = place.container[place.key].get("id")
            if not isinstance(value, dict):
                raise ChangeError(f"replacing {ENTITY_NOUN.get(segments[0], 'an item')} {current!r} needs an object",
                                  "value")
            if value.setdefault("id", current) != current:
                raise ChangeError(f"set cannot rename {current!r} to {value['id']!r}: remove it and add the new one",
                                  "value")
    place.container[place.key] = value
    return place


def _apply_add(doc: dict, change: Change, segments: list[str]) -> Place:
    place = resolve(doc, segments, create=True)
    value = _plain(change.value)
    if place.kind.shape == "list":
        if isinstance(place.container, list):  # the path names a list item, not a list
            raise ChangeError(f"{change.path} names an item; add appends to a list, so name the list")
        items = place.container.setdefault(place.key, [])
        if items is None:
            items = place.container[place.key] = []
        if place.kind.has_ids:
            if not isinstance(value, dict):
                raise ChangeError(f"a new {ENTITY_NOUN.get(segments[-1], 'item')} must be an object with an id",
                                  "value")
            if any(isinstance(x, dict) and x.get("id") == value.get("id") for x in items):
                raise ChangeError(f"{change.path} already has an item with id {value.get('id')!r} "
                                  f"(use set to replace it)", "value")
        elif place.kind.by_value and value in items:
            raise ChangeError(f"{change.path} already contains {value!r}", "value")
        items.append(value)
        place.trail = place.trail / (len(items) - 1)
        return place
    if isinstance(place.container, dict) and not place.exists and _is_map_key(doc, segments):
        place.container[place.key] = value
        return place
    if isinstance(place.container, dict) and place.exists and _is_map_key(doc, segments):
        raise ChangeError(f"{change.path} already exists (use set to change it)")
    raise ChangeError(f"add appends to a list or creates a new key of a map, and {change.path} is neither; "
                      f"use set to change a field")


def _is_map_key(doc: dict, segments: list[str]) -> bool:
    if len(segments) < 2:
        return False
    parent = resolve(doc, segments[:-1], create=False)
    return parent.kind.shape == "map"


def _apply_remove(doc: dict, change: Change, segments: list[str], notes: list[str]) -> Place:
    place = resolve(doc, segments, create=False)
    if isinstance(place.container, list):
        removed = place.container[place.key]
        if len(segments) == 2 and segments[0] in ENTITY_LISTS:
            del place.container[place.key]
            _cascade_entity(doc, segments[0], removed, notes)
        elif len(segments) == 2 and segments[0] in ("regions", "platforms"):
            del place.container[place.key]
            _cascade_code(doc, segments[0], removed, notes)
        else:
            del place.container[place.key]
        return place
    if not place.exists:
        raise ChangeError(f"there is nothing at {change.path} to remove")
    del place.container[place.key]
    return place


# --- cascades ------------------------------------------------------------------------

def _drop(values: list, item: Any) -> bool:
    if item in values:
        values[:] = [v for v in values if v != item]
        return True
    return False


def _cascade_entity(doc: dict, kind: str, removed: dict, notes: list[str]) -> None:
    """Remove the references to an entity that was just removed (campaigns and commitments have none)."""
    cascade = {"creators": _cascade_creator, "brands": _cascade_brand, "categories": _cascade_category}.get(kind)
    if cascade is not None:
        cascade(doc, removed, notes)


def _cascade_creator(doc: dict, removed: dict, notes: list[str]) -> None:
    creator = removed["id"]
    for k in doc.get("campaigns", []):
        for name in ("required_creators", "excluded_creators"):
            if _drop(k.get(name, []), creator):
                notes.append(f"removed creator {creator!r} from {name} of campaign {k['id']!r}")
        if creator in k.get("preferred_creators", {}):
            del k["preferred_creators"][creator]
            notes.append(f"removed creator {creator!r} from preferred_creators of campaign {k['id']!r}")
        signed = [s for s in k.get("locked", []) if s.get("creator") != creator]
        if len(signed) != len(k.get("locked", [])):
            k["locked"] = signed
            notes.append(f"removed the signed booking of creator {creator!r} on campaign {k['id']!r}")
    kept = []
    for m in doc.get("commitments", []):
        if m.get("creator") == creator:
            notes.append(f"removed commitment {m['id']!r} of creator {creator!r}")
        else:
            kept.append(m)
    if "commitments" in doc:
        doc["commitments"] = kept


def _exceptions(holder: dict) -> list:
    return ((holder.get("exclusivity") or {}).get("exceptions") or {}).get("brands", [])


def _cascade_brand(doc: dict, removed: dict, notes: list[str]) -> None:
    brand = removed["id"]
    for b in doc.get("brands", []):
        if _drop(b.get("competitors", []), brand):
            notes.append(f"removed brand {brand!r} from the competitors of brand {b['id']!r}")
    for c in doc.get("creators", []):
        if _drop(c.get("blocked_brands", []), brand):
            notes.append(f"removed brand {brand!r} from blocked_brands of creator {c['id']!r}")
    for name in ("campaigns", "commitments"):
        noun = ENTITY_NOUN[name]
        kept = []
        for item in doc.get(name, []):
            if item.get("brand") == brand:
                notes.append(f"removed {noun} {item['id']!r} of brand {brand!r}")
                continue
            if _drop(_exceptions(item), brand):
                notes.append(f"removed brand {brand!r} from the exclusivity exceptions of {noun} {item['id']!r}")
            kept.append(item)
        if name in doc:
            doc[name] = kept


def _cascade_category(doc: dict, removed: dict, notes: list[str]) -> None:
    category, removed_parent = removed["id"], removed.get("parent")
    for name in ("campaigns", "commitments"):
        for item in doc.get(name, []):
            if item.get("category") == category:
                raise ChangeError(f"category {category!r} is still the category of {ENTITY_NOUN[name]} "
                                  f"{item['id']!r}: change that first (or remove it)")
    for cat in doc.get("categories", []):
        if _drop(cat.get("adjacent", []), category):
            notes.append(f"removed category {category!r} from the adjacent list of category {cat['id']!r}")
    for cat in doc.get("categories", []):
        if cat.get("parent") == category:
            if removed_parent is None:
                del cat["parent"]
                notes.append(f"category {cat['id']!r} lost its parent {category!r} and is now a root")
            else:
                cat["parent"] = removed_parent
                notes.append(f"category {cat['id']!r} moved from parent {category!r} to {removed_parent!r}")


def _phases(holder: dict) -> list:
    return (holder.get("exclusivity") or {}).get("phases", [])


def _cascade_code(doc: dict, list_name: str, code: str, notes: list[str]) -> None:
    """A region or platform leaves every list and map that uses it."""
    noun = ENTITY_NOUN[list_name]
    for name in ("campaigns", "commitments"):
        for item in doc.get(name, []):
            what = f"{ENTITY_NOUN[name]} {item['id']!r}"
            if _drop(item.get(list_name, []), code):
                if not item[list_name]:
                    raise ChangeError(f"removing {noun} {code!r} would leave {what} with no {list_name}; "
                                      f"change or remove it first")
                notes.append(f"removed {noun} {code!r} from the {list_name} of {what}")
            phases = _phases(item)
            for j in reversed(range(len(phases))):
                scope = phases[j].get(list_name)
                if scope is not None and _drop(scope, code):
                    if scope:
                        notes.append(f"removed {noun} {code!r} from phase {j} of {what}")
                    else:
                        del phases[j]
                        notes.append(f"dropped phase {j} of {what}: it applied only in {noun} {code!r}")
    for c in doc.get("creators", []):
        if list_name == "regions" and code in c.get("audience", {}):
            del c["audience"][code]
            notes.append(f"removed region {code!r} from the audience of creator {c['id']!r}")
        if list_name == "platforms" and _drop(c.get("platforms", []), code):
            notes.append(f"removed platform {code!r} from the platforms of creator {c['id']!r}")


# --- the whole change set ---------------------------------------------------------------

def _apply_one(doc: dict, change: Change, notes: list[str]) -> Place:
    segments = change.segments()
    if change.op == "set":
        return _apply_set(doc, change, segments)
    if change.op == "add":
        return _apply_add(doc, change, segments)
    return _apply_remove(doc, change, segments, notes)


def apply_changes(scenario: Scenario, changes: ChangeSet) -> tuple[Scenario, list[str]]:
    """The scenario with every change applied and fully validated, and notes on cascaded removals.

    Raises ``DocumentError`` (document "changes") naming the operation and
    the field; the input scenario is never modified.
    """
    doc = copy.deepcopy(scenario.to_document())
    applied = Applied()
    for i, change in enumerate(changes.changes):
        try:
            place = _apply_one(doc, change, applied.notes)
        except ChangeError as exc:
            raise DocumentError([FieldIssue(at("changes", i, exc.where), f"{change.describe()}: {exc.message}")],
                                document="changes") from None
        if place.entity is not None:
            applied.entities.append((i, place.entity))
        segments = change.segments()
        if len(segments) == 1 and isinstance(change.value, dict) and "id" in change.value:
            applied.entities.append((i, (segments[0], str(change.value["id"]))))
        applied.mentions.append((i, set(segments) | _strings_in(change.value)))
    try:
        changed = scenario_from_data(doc)
    except DocumentError as exc:
        raise DocumentError(_attribute(exc.issues, doc, changes, applied), document="changes") from None
    return changed, applied.notes


def _attribute(issues: list[FieldIssue], doc: dict, changes: ChangeSet, applied: Applied) -> list[FieldIssue]:
    """Say which operation each validation problem of the changed scenario comes from."""
    out = []
    for issue in issues:
        culprit = _culprit(issue, doc, applied)
        if culprit is None and len(changes.changes) == 1:
            culprit = 0
        detail = f"{issue.path or '(document)'}: {issue.message}"
        if culprit is None:
            out.append(FieldIssue("changes", f"together the changes make the scenario invalid: {detail}"))
        else:
            change = changes.changes[culprit]
            where = "path" if change.op == "remove" else "value"
            out.append(FieldIssue(at("changes", culprit, where), f"{change.describe()} makes {detail}"))
    return out


def _culprit(issue: FieldIssue, doc: dict, applied: Applied) -> Optional[int]:
    top = issue.at.head
    index = issue.at.index(top) if top is not None else None
    if top in ENTITY_LISTS and index is not None:
        items = doc.get(top, [])
        if index < len(items) and isinstance(items[index], dict):
            entity = (top, items[index].get("id"))
            touching = [i for i, e in applied.entities if e == entity]
            if touching:
                return touching[-1]
    elif top is not None:
        touching = [i for i, words in applied.mentions if top in words]
        if touching:
            return touching[-1]
    quoted = set(re.findall(r"'([^']+)'", issue.message))
    touching = [i for i, words in applied.mentions if words & quoted]
    return touching[-1] if touching else None
