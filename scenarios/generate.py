"""Random but realistic scenario/1 documents for benchmarks and demos.

``generate(creators, campaigns, days, seed)`` returns a JSON-ready dict that
``load_scenario`` accepts.  The same arguments always give the same document
(one ``random.Random(seed)``, no global state, no iteration over sets).

What makes the scenarios realistic (see docs/scenarios.md for the figures):

- audiences are log-normal (median ~40k followers, a few creators in the
  millions), spread over 1-4 regions with a home region holding most of it;
- engagement falls with size (micro creators ~8%, mega ~3%); the fee per post
  follows the engaged audience, so value per currency unit is similar across
  sizes and budgets force real trade-offs;
- campaigns of competing brands overlap in time, so good creators are
  contested; clauses of all three levels, phased launch clauses, region and
  platform limits, carve-outs, and prior commitments block them further.

Generated scenarios avoid infeasibility on purpose: no ``required_creators``,
and ``required`` only on a campaign with many eligible creators and room in
its budget.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Optional

from ..models import Campaign, Creator, Settings
from ..rules import contract
from . import catalog
from .crowded import crowd

HORIZON_START = dt.date(2027, 1, 4)  # a Monday
MIN_DAYS = 14
MAX_DAYS = 3660
DEFAULT_PREMIUM = {"full": 0.15, "category": 0.1, "competitors": 0.05}


def generate(creators: int, campaigns: int, days: int, seed: int, commitments: int | None = None,
             crowded: bool = False) -> dict:
    """A scenario/1 document with the given numbers of creators, campaigns and horizon days.

    ``commitments`` defaults to ``creators // 10``.  ``crowded``: one region, one platform, every brand a
    rival of every other brand of its market, a clause on every campaign (``scenarios.crowded``); the
    same seed gives the same season otherwise.  Raises ``ValueError`` on
    sizes that cannot make a scenario (negative counts, fewer than 14 days,
    commitments without creators).
    """
    if commitments is None:
        commitments = max(creators, 0) // 10
    check_sizes(creators, campaigns, days, commitments)
    rng = random.Random(seed)
    world = _world(rng, days, campaigns)
    creator_docs = _creators(rng, world, creators)
    campaign_docs = _campaigns(rng, world, campaigns, len(creator_docs))
    _staffing_terms(rng, world, creator_docs, campaign_docs)
    commitment_docs = _commitments(rng, world, creator_docs, commitments)
    document = {
        "format": "scenario/1",
        "name": f"Generated {creators}x{campaigns}x{days} (seed {seed})",
        "horizon": {"start": world.start.isoformat(), "end": world.end.isoformat()},
        "regions": world.regions,
        "platforms": world.platforms,
        "categories": world.categories,
        "brands": world.brand_docs,
        "creators": creator_docs,
        "campaigns": campaign_docs,
        "commitments": commitment_docs,
        "settings": {"time_limit_s": 10, "seed": 0, "default_premium": dict(DEFAULT_PREMIUM)},
    }
    if crowded:
        market = {b: world.root_of[leaf] for b, leaf in world.brand_leaf.items()}
        return crowd(document, random.Random(f"crowded-{seed}"), market)
    return document


def check_sizes(creators: int, campaigns: int, days: int, commitments: int) -> None:
    problems = []
    for name, number in (("creators", creators), ("campaigns", campaigns), ("commitments", commitments)):
        if number < 0:
            problems.append(f"{name} must be 0 or more, got {number}")
    if days < MIN_DAYS:
        problems.append(f"days must be at least {MIN_DAYS} (a campaign window is 2 to 8 weeks), got {days}")
    if days > MAX_DAYS:
        problems.append(f"days must be at most {MAX_DAYS}, got {days}")
    if commitments > 0 and creators == 0:
        problems.append("commitments need at least one creator")
    if problems:
        raise ValueError("; ".join(problems))


# --- the world: horizon, regions, platforms, categories, brands --------------------

@dataclass
class World:
    start: dt.date
    end: dt.date
    regions: list[str]
    platforms: list[str]
    categories: list[dict]
    leaves: list[str]  # leaf categories in use, forest order
    parent: dict[str, Optional[str]]
    root_of: dict[str, str]
    brands_of: dict[str, list[str]]  # leaf -> its brands
    brand_leaf: dict[str, str]
    brand_docs: list[dict]
    rivals: dict[str, list[str]] = field(default_factory=dict)  # symmetric competition

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def brands(self) -> list[str]:
        return list(self.brand_leaf)


def _world(rng: random.Random, days: int, campaigns: int) -> World:
    start = HORIZON_START
    end = start + dt.timedelta(days=days - 1)
    extra = rng.randint(2, 4)  # 4-6 regions in all
    regions = list(catalog.REGIONS[:2]) + sorted(rng.sample(catalog.REGIONS[2:], extra),
                                                 key=catalog.REGIONS.index)
    optional = [p for p in catalog.PLATFORMS if p not in catalog.CORE_PLATFORMS]
    platforms = list(catalog.CORE_PLATFORMS) + (rng.sample(optional, 1) if rng.random() < 0.5 else [])

    # Small scenarios use two or three markets, so that brands meet each other.
    markets = list(catalog.CATEGORY_TREE)
    n_markets = 4 if campaigns >= 12 else (3 if campaigns >= 7 else 2)
    chosen = sorted(rng.sample(markets, n_markets), key=markets.index)
    parent: dict[str, Optional[str]] = {}
    root_of: dict[str, str] = {}
    for market in chosen:
        for cat, par in catalog.CATEGORY_TREE[market].items():
            parent[cat] = par
            root_of[cat] = market
    children = {p for p in parent.values() if p is not None}
    leaves = [c for c in parent if c not in children]
    adjacency: dict[str, list[str]] = {}
    for a, b in catalog.ADJACENCY:
        if a in parent and b in parent:
            adjacency.setdefault(a, []).append(b)
    categories = []
    for cat, par in parent.items():
        doc: dict = {"id": cat}
        if par is not None:
            doc["parent"] = par
        if cat in adjacency:
            doc["adjacent"] = adjacency[cat]
        categories.append(doc)

    brands_of: dict[str, list[str]] = {}
    brand_leaf: dict[str, str] = {}
    for leaf in leaves:
        names = list(catalog.BRANDS[leaf][: rng.randint(2, 4)])
        brands_of[leaf] = names
        for name in names:
            brand_leaf[name] = leaf
    world = World(start, end, regions, platforms, categories, leaves, parent, root_of, brands_of, brand_leaf, [])
    _competition(rng, world)
    return world


def _competition(rng: random.Random, world: World) -> None:
    """Competitor sets inside each leaf category, and a few across sibling categories."""
    pairs: list[tuple[str, str]] = []
    for leaf in world.leaves:
        names = world.brands_of[leaf]
        inside = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if rng.random() < 0.6]
        if not inside:
            inside = [(names[0], names[1])]
        pairs.extend(inside)
    brands = world.brands
    for _ in range(rng.randint(1, 3)):
        a = rng.choice(brands)
        leaf = world.brand_leaf[a]
        same_market = [b for b in brands if world.brand_leaf[b] != leaf
                       and world.root_of[world.brand_leaf[b]] == world.root_of[leaf]]
        if same_market:
            b = rng.choice(same_market)
            if (a, b) not in pairs and (b, a) not in pairs:
                pairs.append((a, b))
    world.rivals = {b: [] for b in brands}
    listed: dict[str, list[str]] = {b: [] for b in brands}
    for a, b in pairs:
        world.rivals[a].append(b)
        world.rivals[b].append(a)
        listed[a].append(b)  # written once; the relation is symmetric
    world.brand_docs = [({"id": b, "competitors": listed[b]} if listed[b] else {"id": b}) for b in brands]


# --- creators -------------------------------------------------------------------------

def _creators(rng: random.Random, world: World, count: int) -> list[dict]:
    return [_creator(rng, world, cid) for cid in _creator_ids(rng, count)]


def _creator_ids(rng: random.Random, count: int) -> list[str]:
    """Handles like ``ava-glow``; numbered (``ava-glow-2``) only once every pair is taken."""
    names = [f"{first}-{niche}" for first in catalog.FIRST_NAMES for niche in catalog.NICHES]
    rng.shuffle(names)
    return [names[i % len(names)] + (f"-{i // len(names) + 1}" if i >= len(names) else "") for i in range(count)]


def _weighted_sample(rng: random.Random, items: list[str], weights: list[float], k: int) -> list[str]:
    items, weights = list(items), list(weights)
    out = []
    for _ in range(min(k, len(items))):
        i = rng.choices(range(len(items)), weights=weights)[0]
        out.append(items.pop(i))
        weights.pop(i)
    return out


def _region_weights(regions: list[str]) -> list[float]:
    return [6.0 if r == "US" else 3.0 if r == "UK" else 1.5 for r in regions]


def _creator(rng: random.Random, world: World, cid: str) -> dict:
    if rng.random() < 0.02:  # mega creators, log-uniform 1M-10M
        total = int(math.exp(rng.uniform(math.log(1_000_000), math.log(10_000_000))))
    else:
        total = int(min(20_000_000, max(2_000, rng.lognormvariate(math.log(40_000), 1.2))))
    n_regions = rng.choices([1, 2, 3, 4], weights=[4, 3, 2, 1])[0]
    regions = _weighted_sample(rng, world.regions, _region_weights(world.regions), n_regions)
    shares = [rng.uniform(0.5, 0.9)] + [rng.random() for _ in regions[1:]]
    rest = sum(shares[1:])
    if rest:
        shares = [shares[0]] + [(1 - shares[0]) * s / rest for s in shares[1:]]
    else:
        shares = [1.0]
    step = 100 if total >= 10_000 else 10
    audience = {r: max(step, round(total * s / step) * step) for r, s in zip(regions, shares)}

    n_platforms = rng.choices([1, 2, 3], weights=[3, 4, 2])[0]
    platforms = _weighted_sample(rng, world.platforms, [catalog.PLATFORMS[p] for p in world.platforms], n_platforms)
    platforms.sort(key=world.platforms.index)

    rate = 0.095 - 0.017 * math.log10(total / 1000) + rng.gauss(0, 0.008)
    rate = round(min(0.09, max(0.01, rate)), 3)
    fee = max(100, round(total * rate * rng.uniform(0.25, 0.6) / 50) * 50)

    doc: dict = {"id": cid, "platforms": platforms, "audience": audience, "engagement_rate": rate,
                 "fee_per_post": fee}
    if rng.random() < 0.4:
        doc["exclusivity_premium"] = _premium(rng)
    if rng.random() < 0.3:
        doc["max_posts_per_week"] = rng.choices([1, 2, 3], weights=[1, 3, 2])[0]
    if rng.random() < 0.25:
        doc["unavailable"] = _unavailable(rng, world)
    if rng.random() < 0.04:
        doc["blocked_brands"] = [rng.choice(world.brands)]
    return doc


def _premium(rng: random.Random) -> dict:
    """Own premiums, strongest level dearest; some levels left to the settings default."""
    competitors = round(rng.uniform(0.02, 0.08), 2)
    category = round(competitors + rng.uniform(0.03, 0.12), 2)
    full = round(category + rng.uniform(0.03, 0.12), 2)
    premium = {"full": full, "category": category, "competitors": competitors}
    keep = [level for level in premium if rng.random() < 0.75] or ["full"]
    return {level: premium[level] for level in premium if level in keep}


def _unavailable(rng: random.Random, world: World) -> list[dict]:
    periods = []
    for _ in range(rng.randint(1, 2)):
        length = rng.randint(3, 14)
        start = world.start + dt.timedelta(days=rng.randint(0, max(0, world.days - length)))
        periods.append((start, start + dt.timedelta(days=length - 1)))
    periods.sort()
    return [{"start": s.isoformat(), "end": e.isoformat()} for s, e in periods]


# --- campaigns ------------------------------------------------------------------------

def _campaigns(rng: random.Random, world: World, count: int, n_creators: int) -> list[dict]:
    used: set[str] = set()
    docs = [_campaign(rng, world, used, n_creators) for _ in range(count)]
    docs.sort(key=lambda d: (d["window"]["start"], d["id"]))
    return docs


def _campaign_id(brand: str, start: dt.date, launch: bool, used: set[str]) -> str:
    base = f"{brand}-{'launch-' if launch else ''}{catalog.MONTHS[start.month - 1]}"
    cid, n = base, 1
    while cid in used:
        n += 1
        cid = f"{base}-{n}"
    used.add(cid)
    return cid


def _campaign(rng: random.Random, world: World, used: set[str], n_creators: int) -> dict:
    leaf = rng.choice(world.leaves)
    brand = rng.choice(world.brands_of[leaf])
    parent = world.parent[leaf]
    category = parent if parent is not None and rng.random() < 0.15 else leaf

    length = min(world.days, rng.randint(14, 56))
    start = world.start + dt.timedelta(days=rng.randint(0, world.days - length))
    end = start + dt.timedelta(days=length - 1)
    posts = rng.choices([1, 2, 3], weights=[5, 3.5, 1.5])[0]
    gap = rng.randint(1, 7)
    while (posts - 1) * gap > length - 1:
        gap -= 1
    launch = None
    if rng.random() < 0.35:
        offset = rng.randint(0, min(7, length // 4))
        l_start = start + dt.timedelta(days=offset)
        l_end = min(end, l_start + dt.timedelta(days=rng.randint(5, 14)))
        launch = {"start": l_start.isoformat(), "end": l_end.isoformat()}

    n_regions = rng.choices([1, 2, 3], weights=[4, 3, 2])[0]
    regions = _weighted_sample(rng, world.regions, _region_weights(world.regions), n_regions)
    regions.sort(key=world.regions.index)
    n_platforms = rng.choices([1, 2, 3], weights=[4, 4, 1])[0]
    platforms = _weighted_sample(rng, world.platforms, [catalog.PLATFORMS[p] for p in world.platforms],
                                 n_platforms)
    platforms.sort(key=world.platforms.index)

    most = min(rng.randint(3, 15), max(1, math.ceil(n_creators * 0.6)))
    least = min(rng.choices([1, 2, 3], weights=[5, 3, 2])[0], most)

    doc: dict = {
        "id": _campaign_id(brand, start, launch is not None, used),
        "brand": brand,
        "category": category,
        "regions": regions,
        "platforms": platforms,
        "window": {"start": start.isoformat(), "end": end.isoformat()},
    }
    if launch is not None:
        doc["launch"] = launch
    doc.update({
        "posts_per_creator": posts,
        "min_days_between_posts": gap,
        "creators": {"min": least, "max": most},
        "weight": round(rng.uniform(0.5, 3.0), 1),
    })
    exclusivity = _clause(rng, world, brand, launch is not None, regions, platforms)
    if exclusivity is not None:
        doc["exclusivity"] = exclusivity
    return doc


def _bound(anchor: str, offset: int = 0) -> dict:
    return {"anchor": anchor, "offset_days": offset} if offset else {"anchor": anchor}


def _phase(level: str, start: dict, end: dict) -> dict:
    return {"level": level, "from": start, "to": end}


CLAUSES = ("none", "competitors", "category", "full", "phased", "window")
CLAUSE_WEIGHTS = (15, 25, 20, 10, 20, 10)


def _clause(rng: random.Random, world: World, brand: str, has_launch: bool,
            regions: list[str], platforms: list[str]) -> Optional[dict]:
    kind = rng.choices(CLAUSES, weights=CLAUSE_WEIGHTS)[0]
    if kind == "none":
        return None
    if kind == "competitors":
        phases = [_phase("competitors", _bound("first_post"), _bound("last_post", rng.randint(14, 45)))]
    elif kind == "category":
        phases = [_phase("category", _bound("first_post", -rng.randint(0, 7)), _bound("last_post", rng.randint(7, 21)))]
    elif kind == "full":
        phases = [_phase("full", _bound("first_post", -rng.randint(3, 10)), _bound("last_post", rng.randint(3, 10)))]
    elif kind == "window":
        level = rng.choice(["competitors", "category"])
        phases = [_phase(level, _bound("window_start", -rng.randint(0, 14)), _bound("window_end", rng.randint(0, 14)))]
    elif has_launch:  # phased: tight around the launch, semi-exclusive afterwards
        phases = [_phase("full", _bound("first_post", -7), _bound("launch_end")),
                  _phase("competitors", _bound("launch_end", 1), _bound("last_post", 30))]
    else:
        phases = [_phase("category", _bound("first_post", -3), _bound("last_post")),
                  _phase("competitors", _bound("last_post", 1), _bound("last_post", 30))]
    last = phases[-1]
    if len(regions) > 1 and rng.random() < 0.2:
        last["regions"] = sorted(rng.sample(regions, rng.randint(1, len(regions) - 1)), key=regions.index)
    if len(platforms) > 1 and rng.random() < 0.15:
        last["platforms"] = [rng.choice(platforms)]
    clause: dict = {"phases": phases}
    sisters = [b for b in world.brands if b != brand and b not in world.rivals[brand]
               and world.root_of[world.brand_leaf[b]] == world.root_of[world.brand_leaf[brand]]]
    if sisters and rng.random() < 0.12:
        clause["exceptions"] = {"brands": [rng.choice(sisters)]}
    return clause


# --- who may, must and should be booked; budgets ----------------------------------------

CAMPAIGN_KEYS = ("id", "brand", "category", "regions", "platforms", "window", "launch", "posts_per_creator",
                 "min_days_between_posts", "creators", "budget", "weight", "required", "preferred_creators",
                 "excluded_creators", "exclusivity")
SETTINGS = Settings.model_validate({"default_premium": DEFAULT_PREMIUM})


def _staffing_terms(rng: random.Random, world: World, creator_docs: list[dict], campaign_docs: list[dict]) -> None:
    """Excluded and preferred creators, budgets (some binding) and rare `required` flags.

    Fees come from ``rules.contract.fee`` (the spec's formula) on the few
    creators that matter; ranking by value uses a float estimate, which is
    enough to pick the top candidates.
    """
    creators = [Creator.model_validate(doc) for doc in creator_docs]
    for doc in campaign_docs:
        campaign = Campaign.model_validate(doc)
        regions = doc["regions"]
        eligible = [i for i, c in enumerate(creators) if contract.ineligibility(c, campaign) is None]
        if eligible and rng.random() < 0.1:
            out = rng.sample(eligible, min(len(eligible), rng.randint(1, 2)))
            doc["excluded_creators"] = [creator_docs[i]["id"] for i in sorted(out)]
            eligible = [i for i in eligible if i not in out]
        if not eligible:
            continue

        def reach(i: int) -> float:
            c = creator_docs[i]
            return c["engagement_rate"] * sum(c["audience"].get(r, 0) for r in regions)

        if rng.random() < 0.15:
            picks = rng.sample(eligible, min(len(eligible), rng.randint(1, 2)))
            doc["preferred_creators"] = {
                creator_docs[i]["id"]: max(100, int(round(reach(i) * doc["posts_per_creator"] * doc["weight"]
                                                          * rng.uniform(0.2, 0.6), -2)))
                for i in sorted(picks)}
        least, most = doc["creators"]["min"], doc["creators"]["max"]
        best = sorted(eligible, key=lambda i: -reach(i))[:most]
        top_fees = sum(contract.fee(creators[i], campaign, SETTINGS) for i in best)
        cheap = sorted(eligible, key=lambda i: creator_docs[i]["fee_per_post"])[: 3 * least]
        cheapest = sum(sorted(contract.fee(creators[i], campaign, SETTINGS) for i in cheap)[:least])
        roll = rng.random()
        if roll < 0.45:
            budget = max(top_fees * rng.uniform(0.4, 0.8), cheapest * 1.15)
        elif roll < 0.75:
            budget = top_fees * rng.uniform(1.0, 1.5)
        else:
            budget = None
        if budget is not None:
            doc["budget"] = int(math.ceil(budget / 100) * 100)
        roomy = budget is None or budget >= 2 * cheapest
        if roomy and len(eligible) >= max(8, 5 * least) and rng.random() < 0.05:
            doc["required"] = True
    for i, doc in enumerate(campaign_docs):
        campaign_docs[i] = {key: doc[key] for key in CAMPAIGN_KEYS if key in doc}


# --- commitments -----------------------------------------------------------------------

def _commitments(rng: random.Random, world: World, creator_docs: list[dict], count: int) -> list[dict]:
    """Existing deals: posts (some before the horizon) and absolute exclusivity phases.

    A creator's commitments use different ISO weeks, and markets that do not
    touch (or, once every market is taken, the same brand again), so
    commitments never clash among themselves.
    """
    if count == 0:
        return []
    n = len(creator_docs)
    order = rng.sample(range(n), n)
    used_ids: set[str] = set()
    weeks: dict[int, set] = {}
    deal_brands: dict[int, list[str]] = {}  # creator -> brands of its commitments
    docs = []
    for k in range(count):
        i = order[k % n]
        docs.append(_commitment(rng, world, creator_docs[i], used_ids, weeks.setdefault(i, set()),
                                deal_brands.setdefault(i, [])))
    return docs


def _lineage(world: World, category: str) -> set[str]:
    out: set[str] = set()
    node: Optional[str] = category
    while node is not None:
        out.add(node)
        node = world.parent.get(node)
    return out


def _touching(world: World, a: str, b: str) -> bool:
    """Could a clause for leaf ``a`` ever cover leaf ``b`` (same market, or adjacent)?"""
    if world.root_of[a] == world.root_of[b]:
        return True
    la, lb = _lineage(world, a), _lineage(world, b)
    return any((x in la and y in lb) or (x in lb and y in la) for x, y in catalog.ADJACENCY)


def _available(creator: dict, day: dt.date) -> bool:
    return not any(dt.date.fromisoformat(p["start"]) <= day <= dt.date.fromisoformat(p["end"])
                   for p in creator.get("unavailable", ()))


def _commitment(rng: random.Random, world: World, creator: dict, used_ids: set[str],
                weeks: set, deal_brands: list[str]) -> dict:
    blocked = set(creator.get("blocked_brands", ()))
    brands = [b for b in world.brands if b not in blocked
              and not any(_touching(world, world.brand_leaf[b], world.brand_leaf[m]) for m in deal_brands)]
    # Every market already touched: a repeat deal with one of the creator's brands (never a clash).
    brand = rng.choice(brands) if brands else rng.choice(deal_brands)
    leaf = world.brand_leaf[brand]
    parent = world.parent[leaf]
    category = parent if parent is not None and rng.random() < 0.2 else leaf

    before = rng.random() < 0.3
    if before:
        first = world.start - dt.timedelta(days=rng.randint(10, 45))
    else:
        first = world.start + dt.timedelta(days=rng.randint(0, world.days - 1))
    posts: list[dt.date] = []
    day = first
    for _ in range(rng.randint(1, 3)):
        while not _available(creator, day) or contract.iso_week(day) in weeks:
            day += dt.timedelta(days=1)  # ends: unavailable periods and used weeks are finite
        posts.append(day)
        weeks.add(contract.iso_week(day))
        day += dt.timedelta(days=rng.randint(7, 14))
    deal_brands.append(brand)

    own_regions = list(creator["audience"])
    regions = sorted(rng.sample(own_regions, min(len(own_regions), rng.randint(1, 2))), key=world.regions.index)
    platforms = sorted(rng.sample(creator["platforms"], min(len(creator["platforms"]), rng.randint(1, 2))),
                       key=world.platforms.index)
    base = f"{creator['id']}-{brand}-{posts[0].year}"
    cid, n = base, 1
    while cid in used_ids:
        n += 1
        cid = f"{base}-{n}"
    used_ids.add(cid)
    doc: dict = {"id": cid, "creator": creator["id"], "brand": brand, "category": category,
                 "regions": regions, "platforms": platforms, "posts": [p.isoformat() for p in posts]}
    if rng.random() < 0.8:
        doc["exclusivity"] = {"phases": _commitment_phases(rng, posts, regions)}
    return doc


def _commitment_phases(rng: random.Random, posts: list[dt.date], regions: list[str]) -> list[dict]:
    start = posts[0] - dt.timedelta(days=rng.randint(0, 7))
    end = posts[-1] + dt.timedelta(days=rng.randint(14, 60))
    if rng.random() < 0.25:
        full_end = posts[-1] + dt.timedelta(days=7)
        phases = [{"level": "full", "start": start.isoformat(), "end": full_end.isoformat()},
                  {"level": "competitors", "start": (full_end + dt.timedelta(days=1)).isoformat(),
                   "end": (full_end + dt.timedelta(days=rng.randint(14, 45))).isoformat()}]
    else:
        level = rng.choices(["full", "category", "competitors"], weights=[1, 2, 2])[0]
        phases = [{"level": level, "start": start.isoformat(), "end": end.isoformat()}]
    if len(regions) > 1 and rng.random() < 0.2:
        phases[-1]["regions"] = [rng.choice(regions)]
    return phases
