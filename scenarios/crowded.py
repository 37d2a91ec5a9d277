"""A crowded market: the generated season squeezed into one region and one platform, rivals everywhere.

Planners' hardest seasons look like this: every creator and every campaign in
the same market and on the same platform, every brand competing with every
other brand of its market, and a clause on every campaign, so nearly any two
bookings of a creator can clash.  Applied to a generated document after the
fact, so the ordinary generator's seeds keep giving the seasons they always gave.
"""

from __future__ import annotations

import random


def crowd(document: dict, rng: random.Random, root_of_brand: dict[str, str]) -> dict:
    """The document with one region, one platform, same-market rivals everywhere and a clause on every
    campaign (``root_of_brand``: brand -> the market it sells in)."""
    region, platform = document["regions"][0], document["platforms"][0]
    document["regions"], document["platforms"] = [region], [platform]
    for creator in document["creators"]:
        creator["audience"] = {region: sum(creator["audience"].values())}
        creator["platforms"] = [platform]
    for campaign in document["campaigns"]:
        campaign["regions"], campaign["platforms"] = [region], [platform]
        clause = campaign.get("exclusivity") or {"phases": [_default_phase(rng)]}
        clause.pop("exceptions", None)  # rivals everywhere: no carve-outs
        for phase in clause["phases"]:
            phase.pop("regions", None)
            phase.pop("platforms", None)
        campaign["exclusivity"] = clause
    for commitment in document["commitments"]:
        commitment["regions"], commitment["platforms"] = [region], [platform]
        for phase in (commitment.get("exclusivity") or {}).get("phases", []):
            phase.pop("regions", None)
            phase.pop("platforms", None)
    brands = [b["id"] for b in document["brands"]]
    document["brands"] = [
        {"id": b, "competitors": [r for r in brands[:i] if root_of_brand[r] == root_of_brand[b]]}
        if any(root_of_brand[r] == root_of_brand[b] for r in brands[:i]) else {"id": b}
        for i, b in enumerate(brands)]  # each pair written once: the relation is symmetric
    document["name"] = document["name"].replace("Generated", "Generated crowded")
    return document


def _default_phase(rng: random.Random) -> dict:
    level = rng.choice(["competitors", "category"])
    return {"level": level, "from": {"anchor": "first_post"},
            "to": {"anchor": "last_post", "offset_days": rng.randint(7, 30)}}
