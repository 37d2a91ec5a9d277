"""Hypothesis strategies for scenario/1 documents.

``small_scenarios()`` draws tiny but rule-dense scenarios: every one passes
``load_scenario``, and each is small enough (1-4 creators, 1-3 campaigns,
10-25 days) for CP-SAT to solve in well under a second, so a property test
can compare the solver with the validator and with brute force.  Must-haves,
required campaigns and deal-breakers are drawn too, so some scenarios are
infeasible on purpose.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

REGIONS = ("US", "UK")
PLATFORMS = ("instagram", "tiktok")
CATEGORY_IDS = ("skincare", "sunscreen", "haircare", "snacks")
BRAND_IDS = ("glowco", "sunbrite", "crunchco", "dermaplus")
CREATOR_IDS = ("ava", "ben", "cy", "dee")
LEVELS = ("full", "category", "competitors")
POST_ANCHORS = ("first_post", "last_post")
WINDOW_ANCHORS = ("window_start", "window_end")
LAUNCH_ANCHORS = ("launch_start", "launch_end")
BASE_DAY = dt.date(2027, 3, 1)  # a Monday; horizons start 0-6 days later

RATES = st.sampled_from([0, 0.01, 0.025, 0.04, 0.05, 0.062, 0.09])
PREMIUMS = st.sampled_from([0, 0.02, 0.05, 0.1, 0.125, 0.3])
WEIGHTS = st.sampled_from([0.5, 1, 1.5, 2, 3])
AUDIENCES = st.sampled_from([1000, 5000, 20000, 150000, 1000, 5000, 20000, 150000, 0])  # rarely none


def _one_in(draw, n: int) -> bool:
    """True about once in ``n`` draws; shrinks to False (the feature left out)."""
    return draw(st.sampled_from([False] * (n - 1) + [True]))


def _usually(draw, n: int) -> bool:
    """False about once in ``n`` draws; shrinks to False."""
    return draw(st.sampled_from([False] + [True] * (n - 1)))


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _subset(draw, items, min_size=0):
    """A sub-list of ``items`` in their order (not empty when min_size=1)."""
    chosen = draw(st.lists(st.sampled_from(items), min_size=min_size, max_size=len(items), unique=True))
    return [x for x in items if x in chosen]


def _day_range(draw, first: dt.date, last: dt.date, max_len: int | None = None) -> dict:
    """An inclusive range between ``first`` and ``last``."""
    span = (last - first).days
    start = draw(st.integers(0, span))
    longest = span - start if max_len is None else min(span - start, max_len - 1)
    end = start + draw(st.integers(0, longest))
    return {"start": _iso(first + dt.timedelta(days=start)), "end": _iso(first + dt.timedelta(days=end))}


@st.composite
def _categories(draw) -> list[dict]:
    ids = list(CATEGORY_IDS[: draw(st.integers(1, len(CATEGORY_IDS)))])
    docs = []
    for i, cid in enumerate(ids):
        doc: dict = {"id": cid}
        if i and draw(st.booleans()):
            doc["parent"] = draw(st.sampled_from(ids[:i]))  # parents come first: no cycles
        adjacent = [c for c in _subset(draw, ids) if c != cid]
        if adjacent and _one_in(draw, 3):
            doc["adjacent"] = adjacent
        docs.append(doc)
    return docs


@st.composite
def _brands(draw) -> list[dict]:
    ids = list(BRAND_IDS[: draw(st.integers(1, len(BRAND_IDS)))])
    docs = []
    for bid in ids:
        rivals = [b for b in _subset(draw, ids) if b != bid]
        docs.append({"id": bid, "competitors": rivals} if rivals else {"id": bid})
    return docs


@st.composite
def _creator(draw, cid: str, regions, platforms, brands, first: dt.date, last: dt.date) -> dict:
    audience = {r: draw(AUDIENCES) for r in _subset(draw, regions, 1)}
    doc: dict = {
        "id": cid,
        "platforms": _subset(draw, platforms, 1),
        "audience": audience,
        "engagement_rate": draw(RATES),
        "fee_per_post": draw(st.sampled_from([0, 100, 250, 1000, 1500, 4000])),
    }
    if draw(st.booleans()):
        premium = {level: draw(PREMIUMS) for level in _subset(draw, LEVELS)}
        doc["exclusivity_premium"] = premium
    if _one_in(draw, 3):
        doc["max_posts_per_week"] = draw(st.sampled_from([0, 1, 1, 2, 2, 3]))
    if _one_in(draw, 3):
        doc["unavailable"] = [_day_range(draw, first, last, 4) for _ in range(draw(st.integers(1, 2)))]
    if _one_in(draw, 5):
        doc["blocked_brands"] = [draw(st.sampled_from(brands))]
    return doc


@st.composite
def _bound(draw, anchors) -> dict:
    bound: dict = {"anchor": draw(st.sampled_from(anchors))}
    offset = draw(st.integers(-10, 10))
    if offset or draw(st.booleans()):
        bound["offset_days"] = offset
    return bound


@st.composite
def _campaign_phase(draw, anchors, regions, platforms) -> dict:
    phase: dict = {"level": draw(st.sampled_from(LEVELS)), "from": draw(_bound(anchors)), "to": draw(_bound(anchors))}
    if _one_in(draw, 4):
        phase["regions"] = _subset(draw, regions)  # may be empty: the phase then applies nowhere
    if _one_in(draw, 4):
        phase["platforms"] = _subset(draw, platforms)
    return phase


@st.composite
def _campaign(draw, cid: str, categories, brands, creators, regions, platforms,
              first: dt.date, last: dt.date) -> dict:
    window = _day_range(draw, first, last)
    doc: dict = {
        "id": cid,
        "brand": draw(st.sampled_from(brands)),
        "category": draw(st.sampled_from(categories)),
        "regions": _subset(draw, regions, 1),
        "platforms": _subset(draw, platforms, 1),
        "window": window,
    }
    anchors = POST_ANCHORS + WINDOW_ANCHORS
    if _one_in(draw, 3):
        w_start, w_end = dt.date.fromisoformat(window["start"]), dt.date.fromisoformat(window["end"])
        doc["launch"] = _day_range(draw, w_start, w_end)
        anchors += LAUNCH_ANCHORS
    if draw(st.booleans()):
        doc["posts_per_creator"] = draw(st.integers(1, 3))
    if draw(st.booleans()):
        doc["min_days_between_posts"] = draw(st.integers(1, 5))
    least = draw(st.integers(1, 3))
    staffing: dict = {"min": least} if draw(st.booleans()) else {}
    if draw(st.booleans()):
        staffing["max"] = draw(st.integers(staffing.get("min", 1), 4))
    if staffing or draw(st.booleans()):
        doc["creators"] = staffing
    if _one_in(draw, 3):
        doc["budget"] = draw(st.sampled_from([0, 500, 1500, 3000, 8000, 20000]))
    if draw(st.booleans()):
        doc["weight"] = draw(WEIGHTS)
    if _one_in(draw, 6):
        doc["required"] = True
    if _one_in(draw, 8):
        doc["required_creators"] = [draw(st.sampled_from(creators))]
    if _one_in(draw, 4):
        doc["preferred_creators"] = {c: draw(st.sampled_from([0, 100, 2500, 0.5]))
                                     for c in _subset(draw, creators, 1)}
    if _one_in(draw, 5):
        doc["excluded_creators"] = [draw(st.sampled_from(creators))]
    if _usually(draw, 4):
        count = 0 if _one_in(draw, 6) else draw(st.integers(1, 2))  # a clause without phases is valid too
        clause: dict = {"phases": [draw(_campaign_phase(anchors, regions, platforms)) for _ in range(count)]}
        if _one_in(draw, 4):
            clause["exceptions"] = {"brands": _subset(draw, brands)}
        doc["exclusivity"] = clause
    return doc


@st.composite
def _commitment(draw, cid: str, categories, brands, creators, regions, platforms,
                first: dt.date, last: dt.date) -> dict:
    before, after = first - dt.timedelta(days=10), last + dt.timedelta(days=5)
    posts = sorted({_iso(before + dt.timedelta(days=draw(st.integers(0, (after - before).days))))
                    for _ in range(draw(st.integers(0, 3)))})
    doc: dict = {
        "id": cid,
        "creator": draw(st.sampled_from(creators)),
        "brand": draw(st.sampled_from(brands)),
        "category": draw(st.sampled_from(categories)),
        "regions": _subset(draw, regions, 1),
        "platforms": _subset(draw, platforms, 1),
        "posts": posts,
    }
    if _usually(draw, 4):
        phases = []
        for _ in range(draw(st.integers(1, 2))):
            phase: dict = {"level": draw(st.sampled_from(LEVELS)), **_day_range(draw, before, after)}
            if _one_in(draw, 5):  # an end before the start covers nothing
                phase["start"], phase["end"] = phase["end"], phase["start"]
            if _one_in(draw, 4):
                phase["regions"] = _subset(draw, regions, 1)
            if _one_in(draw, 4):
                phase["platforms"] = _subset(draw, platforms, 1)
            phases.append(phase)
        clause: dict = {"phases": phases}
        if _one_in(draw, 4):
            clause["exceptions"] = {"brands": _subset(draw, brands)}
        doc["exclusivity"] = clause
    return doc


@st.composite
def small_scenarios(draw) -> dict:
    """A tiny scenario/1 document (a dict ready for ``load_scenario``)."""
    first = BASE_DAY + dt.timedelta(days=draw(st.integers(0, 6)))
    last = first + dt.timedelta(days=draw(st.integers(10, 25)) - 1)
    regions = list(REGIONS[: draw(st.integers(1, 2))])
    platforms = list(PLATFORMS[: draw(st.integers(1, 2))])
    category_docs = draw(_categories())
    categories = [c["id"] for c in category_docs]
    brand_docs = draw(_brands())
    brands = [b["id"] for b in brand_docs]
    creators = list(CREATOR_IDS[: draw(st.integers(1, 4))])
    creator_docs = [draw(_creator(c, regions, platforms, brands, first, last)) for c in creators]
    campaign_docs = [draw(_campaign(f"camp{i + 1}", categories, brands, creators, regions, platforms, first, last))
                     for i in range(draw(st.integers(1, 3)))]
    commitment_docs = [draw(_commitment(f"deal{i + 1}", categories, brands, creators, regions, platforms, first, last))
                       for i in range(draw(st.integers(0, 3)))]
    doc: dict = {
        "format": "scenario/1",
        "name": "hypothesis",
        "horizon": {"start": _iso(first), "end": _iso(last)},
        "regions": regions,
        "platforms": platforms,
        "categories": category_docs,
        "brands": brand_docs,
        "creators": creator_docs,
        "campaigns": campaign_docs,
    }
    if commitment_docs or draw(st.booleans()):
        doc["commitments"] = commitment_docs
    if draw(st.booleans()):
        premium = {level: draw(PREMIUMS) for level in _subset(draw, LEVELS)}
        doc["settings"] = {"time_limit_s": 5, "seed": 0, **({"default_premium": premium} if premium else {})}
    return doc
