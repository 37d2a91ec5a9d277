"""Whole-document checks of scenario/1: ids, references and ranges.

Pydantic checks each field on its own; these checks need the whole scenario
(a brand named by a campaign must exist, a window must lie in the horizon).
Each returns ``FieldIssue``s with the exact path of the offending field.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .errors import FieldIssue
from .paths import FieldPath, at
from .scenario import LAUNCH_ANCHORS, Scenario


def check_scenario(s: Scenario) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    for check in (_unique_ids, _category_forest, _brands, _creators, _campaigns, _commitments):
        issues.extend(check(s))
    return issues


def _unique(items: Iterable[str], path: FieldPath) -> Iterator[FieldIssue]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item in seen:
            yield FieldIssue(path / i, f"duplicate {item!r} (already at {path / seen[item]})")
        else:
            seen[item] = i


def _unique_ids(s: Scenario) -> Iterator[FieldIssue]:
    yield from _unique(s.regions, at("regions"))
    yield from _unique(s.platforms, at("platforms"))
    for name in ("categories", "brands", "creators", "campaigns", "commitments"):
        for issue in _unique((x.id for x in getattr(s, name)), at(name)):
            yield FieldIssue(issue.at / "id", issue.message.replace("duplicate", "duplicate id"))


def _refs(values: Iterable[str], known: set[str], path: FieldPath, what: str) -> Iterator[FieldIssue]:
    for i, value in enumerate(values):
        if value not in known:
            yield FieldIssue(path / i, f"unknown {what} {value!r}")


def _ref(value: str, known: set[str], path: FieldPath, what: str) -> Iterator[FieldIssue]:
    if value not in known:
        yield FieldIssue(path, f"unknown {what} {value!r}")


def _range(rng, path: FieldPath, what: str) -> Iterator[FieldIssue]:
    if rng.end < rng.start:
        yield FieldIssue(path / "end", f"{what} ends ({rng.end}) before it starts ({rng.start})")


def _category_forest(s: Scenario) -> Iterator[FieldIssue]:
    known = {c.id for c in s.categories}
    parent = {c.id: c.parent for c in s.categories}
    for i, cat in enumerate(s.categories):
        if cat.parent is not None:
            yield from _ref(cat.parent, known, at("categories", i, "parent"), "category")
            if cat.parent == cat.id:
                yield FieldIssue(at("categories", i, "parent"), "a category cannot be its own parent")
        yield from _refs(cat.adjacent, known, at("categories", i, "adjacent"), "category")
    # cycles in the parent relation
    for i, cat in enumerate(s.categories):
        seen, node = {cat.id}, cat.parent
        while node is not None and node in parent:
            if node in seen:
                if node == cat.id and cat.parent != cat.id:
                    yield FieldIssue(at("categories", i, "parent"), f"parent chain of {cat.id!r} loops back to itself")
                break
            seen.add(node)
            node = parent[node]


def _brands(s: Scenario) -> Iterator[FieldIssue]:
    known = {b.id for b in s.brands}
    for i, brand in enumerate(s.brands):
        yield from _refs(brand.competitors, known, at("brands", i, "competitors"), "brand")
        for j, other in enumerate(brand.competitors):
            if other == brand.id:
                yield FieldIssue(at("brands", i, "competitors", j), "a brand cannot compete with itself")


def _creators(s: Scenario) -> Iterator[FieldIssue]:
    regions, platforms, brands = set(s.regions), set(s.platforms), {b.id for b in s.brands}
    for i, c in enumerate(s.creators):
        p = at("creators", i)
        yield from _refs(c.platforms, platforms, p / "platforms", "platform")
        for region in c.audience:
            if region not in regions:
                yield FieldIssue(p / "audience" / region, f"unknown region {region!r}")
        yield from _refs(c.blocked_brands, brands, p / "blocked_brands", "brand")
        for j, rng in enumerate(c.unavailable):
            yield from _range(rng, p / "unavailable" / j, "unavailable period")


def _scope(phase, regions: set, platforms: set, path: FieldPath) -> Iterator[FieldIssue]:
    if phase.regions is not None:
        yield from _refs(phase.regions, regions, path / "regions", "region")
    if phase.platforms is not None:
        yield from _refs(phase.platforms, platforms, path / "platforms", "platform")


def _campaigns(s: Scenario) -> Iterator[FieldIssue]:
    regions, platforms = set(s.regions), set(s.platforms)
    brands, categories, creators = {b.id for b in s.brands}, {c.id for c in s.categories}, {c.id for c in s.creators}
    h = s.horizon
    yield from _range(h, at("horizon"), "the horizon")
    for i, k in enumerate(s.campaigns):
        p = at("campaigns", i)
        yield from _ref(k.brand, brands, p / "brand", "brand")
        yield from _ref(k.category, categories, p / "category", "category")
        yield from _refs(k.regions, regions, p / "regions", "region")
        yield from _refs(k.platforms, platforms, p / "platforms", "platform")
        yield from _range(k.window, p / "window", "the window")
        if k.window.start < h.start:
            yield FieldIssue(p / "window" / "start", f"window starts {k.window.start}, before the horizon ({h.start})")
        if k.window.end > h.end:
            yield FieldIssue(p / "window" / "end", f"window ends {k.window.end}, after the horizon ({h.end})")
        if k.launch is not None:
            yield from _range(k.launch, p / "launch", "the launch")
        if k.creators.max is not None and k.creators.min > k.creators.max:
            yield FieldIssue(p / "creators" / "min", f"creators.min ({k.creators.min}) is above creators.max ({k.creators.max})")
        yield from _refs(k.required_creators, creators, p / "required_creators", "creator")
        yield from _refs(k.excluded_creators, creators, p / "excluded_creators", "creator")
        for cid in k.preferred_creators:
            if cid not in creators:
                yield FieldIssue(p / "preferred_creators" / cid, f"unknown creator {cid!r}")
        yield from _unique(k.required_creators, p / "required_creators")
        yield from _locked(k, creators, p)
        if k.min_launch_posts:
            if k.launch is None:
                yield FieldIssue(p / "min_launch_posts", "min_launch_posts needs the campaign to have a launch, "
                                                          "and it has none")
            if k.min_launch_posts > k.posts_per_creator:
                yield FieldIssue(p / "min_launch_posts", f"min_launch_posts ({k.min_launch_posts}) is above "
                                                          f"posts_per_creator ({k.posts_per_creator})")
        if k.exclusivity is not None:
            for j, ph in enumerate(k.exclusivity.phases):
                pp = p / "exclusivity" / "phases" / j
                yield from _scope(ph, regions, platforms, pp)
                for end_name, bound in (("from", ph.from_), ("to", ph.to)):
                    if bound.anchor in LAUNCH_ANCHORS and k.launch is None:
                        yield FieldIssue(pp / end_name / "anchor",
                                         f"anchor {bound.anchor!r} needs the campaign to have a launch, and it has none")
            yield from _refs(k.excepted_brands, brands, p / "exclusivity" / "exceptions" / "brands", "brand")


def _locked(k, creators: set[str], p: FieldPath) -> Iterator[FieldIssue]:
    """Signed bookings: a known creator, once each, with exactly posts_per_creator distinct days.

    Whether a signed booking keeps the other rules is not an input error: a
    booking that cannot hold makes the scenario infeasible, and the
    explanation names it.
    """
    seen: dict[str, int] = {}
    for j, booking in enumerate(k.locked):
        lp = p / "locked" / j
        yield from _ref(booking.creator, creators, lp / "creator", "creator")
        if booking.creator in seen:
            yield FieldIssue(lp / "creator", f"{booking.creator!r} is already signed at {p / 'locked' / seen[booking.creator]}")
        seen.setdefault(booking.creator, j)
        first: dict = {}
        for d, day in enumerate(booking.posts):
            if day in first:
                yield FieldIssue(lp / "posts" / d, f"duplicate day {day} (already at {lp / 'posts' / first[day]})")
            first.setdefault(day, d)
        if len(first) != k.posts_per_creator:
            yield FieldIssue(lp / "posts", f"a signed booking has exactly posts_per_creator ({k.posts_per_creator}) "
                                            f"distinct days; this one has {len(first)}")


def _commitments(s: Scenario) -> Iterator[FieldIssue]:
    regions, platforms = set(s.regions), set(s.platforms)
    brands, categories, creators = {b.id for b in s.brands}, {c.id for c in s.categories}, {c.id for c in s.creators}
    for i, m in enumerate(s.commitments):
        p = at("commitments", i)
        yield from _ref(m.creator, creators, p / "creator", "creator")
        yield from _ref(m.brand, brands, p / "brand", "brand")
        yield from _ref(m.category, categories, p / "category", "category")
        yield from _refs(m.regions, regions, p / "regions", "region")
        yield from _refs(m.platforms, platforms, p / "platforms", "platform")
        if m.exclusivity is not None:
            for j, ph in enumerate(m.exclusivity.phases):
                yield from _scope(ph, regions, platforms, p / "exclusivity" / "phases" / j)
            yield from _refs(m.excepted_brands, brands, p / "exclusivity" / "exceptions" / "brands", "brand")
