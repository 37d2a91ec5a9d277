"""Tiny hand-made scenarios for one-rule-at-a-time tests.

``tiny()`` is a one-week horizon, two creators, two campaigns of rival
brands in the same category, nothing binding; tests change one thing.
"""

from __future__ import annotations

import copy
from typing import Any


def creator(cid: str, audience: int = 100000, fee: int = 1000, **extra: Any) -> dict:
    doc = {"id": cid, "platforms": ["instagram"], "audience": {"US": audience},
           "engagement_rate": 0.1, "fee_per_post": fee}
    doc.update(extra)
    return doc


def campaign(kid: str, brand: str, start: str = "2027-03-01", end: str = "2027-03-07", **extra: Any) -> dict:
    doc = {"id": kid, "brand": brand, "category": "sunscreen", "regions": ["US"], "platforms": ["instagram"],
           "window": {"start": start, "end": end}}
    doc.update(extra)
    return doc


def phase(level: str, frm: str = "first_post", frm_off: int = 0, to: str = "last_post", to_off: int = 0,
          **extra: Any) -> dict:
    doc = {"level": level, "from": {"anchor": frm, "offset_days": frm_off},
           "to": {"anchor": to, "offset_days": to_off}}
    doc.update(extra)
    return doc


def tiny(creators: list[dict] | None = None, campaigns: list[dict] | None = None, **extra: Any) -> dict:
    doc = {
        "format": "scenario/1",
        "name": "tiny",
        "horizon": {"start": "2027-03-01", "end": "2027-03-31"},
        "regions": ["US", "UK"],
        "platforms": ["instagram", "tiktok"],
        "categories": [{"id": "skincare"}, {"id": "sunscreen", "parent": "skincare", "adjacent": ["haircare"]},
                       {"id": "haircare"}, {"id": "snacks"}],
        "brands": [{"id": "glowco", "competitors": ["sunbrite"]}, {"id": "sunbrite"}, {"id": "dermaplus"},
                   {"id": "hairco"}, {"id": "crunch"}],
        "creators": creators if creators is not None else [creator("ava"), creator("ben", audience=50000)],
        "campaigns": campaigns if campaigns is not None else [campaign("glow", "glowco"),
                                                              campaign("sun", "sunbrite")],
    }
    doc.update(copy.deepcopy(extra))
    return doc
