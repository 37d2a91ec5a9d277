"""The fixed vocabulary the scenario generator draws from.

Readable names a planner recognises: regions, platforms, a category forest
(four markets with sub-categories), a few made-up brands per leaf category,
and creator handles.  Nothing random happens here; ``generate`` picks from
these lists with its seeded ``random.Random``.
"""

from __future__ import annotations

# Region codes, most common first; a scenario uses the first 2 and a random
# choice of the rest.
REGIONS: tuple[str, ...] = ("US", "UK", "CA", "DE", "FR", "BR", "MX", "ES", "AU")

# Platforms with how often a creator is on them (relative weights).
PLATFORMS: dict[str, float] = {"instagram": 5.0, "tiktok": 4.0, "youtube": 2.5, "pinterest": 1.0, "twitch": 0.8}
CORE_PLATFORMS: tuple[str, ...] = ("instagram", "tiktok", "youtube")

# category id -> parent (None for a root).  Order matters: parents first.
CATEGORY_TREE: dict[str, dict[str, str | None]] = {
    "beauty": {
        "beauty": None,
        "skincare": "beauty",
        "sunscreen": "skincare",
        "serum": "skincare",
        "haircare": "beauty",
        "shampoo": "haircare",
    },
    "sportswear": {
        "sportswear": None,
        "apparel": "sportswear",
        "running-shoes": "apparel",
        "activewear": "apparel",
    },
    "food": {
        "food": None,
        "snacks": "food",
        "drinks": "food",
    },
    "tech": {
        "tech": None,
        "phones": "tech",
        "audio": "tech",
    },
}

# Related but different markets (only a `full` clause reaches across these).
ADJACENCY: tuple[tuple[str, str], ...] = (
    ("sunscreen", "haircare"),
    ("serum", "shampoo"),
    ("activewear", "drinks"),
    ("running-shoes", "audio"),
    ("snacks", "drinks"),
)

# Made-up brands per leaf category (a scenario uses 2-4 of each).
BRANDS: dict[str, tuple[str, ...]] = {
    "sunscreen": ("sunbrite", "solara", "glowco", "shadeit"),
    "serum": ("dermaplus", "lumiva", "purelab", "vitaglow"),
    "shampoo": ("silkroot", "maneco", "lushlocks", "hairloom"),
    "running-shoes": ("stride", "boltrun", "trailx", "pacer"),
    "activewear": ("flexfit", "corewear", "motiv", "kinetiq"),
    "snacks": ("crunchco", "nibbly", "oatsy", "snackhaus"),
    "drinks": ("fizzup", "hydra", "brewline", "zestea"),
    "phones": ("novaphone", "pixelon", "zentel", "orbitel"),
    "audio": ("sonique", "bassline", "echowave", "tunely"),
}

# Campaign themes by the month the window starts in.
MONTHS: tuple[str, ...] = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

FIRST_NAMES: tuple[str, ...] = (
    "ava", "ben", "cy", "dee", "eli", "fay", "gus", "hana", "ivo", "jade", "kai", "lea", "milo", "nia", "omar",
    "pia", "quinn", "rae", "sol", "tess", "uma", "vic", "wren", "xia", "yara", "zed", "ana", "bo", "cleo", "dan",
    "emi", "finn", "gia", "hugo", "iris", "jon", "kira", "luca", "mae", "noor", "otto", "paz", "rio", "sami",
    "theo", "una", "vera", "wes", "yuki", "zoe",
)
NICHES: tuple[str, ...] = ("glow", "fit", "runs", "eats", "tech", "style", "daily", "vlogs", "home", "beauty")
