"""The CP-SAT model against the plain rules: random tiny scenarios, brute force vs solver.

Each generated scenario is solved by CP-SAT and by exhaustive enumeration
over the validator; the optimal values must agree, and every CP-SAT roster
must validate.  An ``infeasible`` answer must match an enumeration that finds
no valid roster at all.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creator_roster.models import scenario_from_data

from .brute import assert_brute_force_optimum
from .conftest import solve_checked

START = dt.date(2027, 3, 1)  # a Monday
LEVELS = ["full", "category", "competitors"]
ANCHORS = ["first_post", "last_post", "window_start", "window_end"]


def day(n: int) -> str:
    return (START + dt.timedelta(days=n)).isoformat()


@st.composite
def tiny_scenarios(draw):
    horizon = 6
    brands = ["a", "b", "c"]
    comp = draw(st.sampled_from([[], ["b"], ["b", "c"]]))
    categories = [{"id": "root"}, {"id": "x", "parent": "root", "adjacent": ["y"]}, {"id": "y"}, {"id": "z"}]
    creators = []
    for cid in ("ava", "ben")[: draw(st.integers(1, 2))]:
        doc = {"id": cid, "platforms": draw(st.sampled_from([["ig"], ["tt"], ["ig", "tt"]])),
               "audience": {"US": draw(st.sampled_from([0, 1000, 3000])), "UK": draw(st.sampled_from([0, 2000]))},
               "engagement_rate": 0.1, "fee_per_post": draw(st.sampled_from([100, 300]))}
        if draw(st.booleans()):
            doc["max_posts_per_week"] = draw(st.integers(1, 2))
        if draw(st.integers(0, 3)) == 0:
            u = draw(st.integers(0, horizon - 1))
            doc["unavailable"] = [{"start": day(u), "end": day(u)}]
        creators.append(doc)
    campaigns = []
    for i in range(draw(st.integers(1, 3))):
        s = draw(st.integers(0, horizon - 2))
        e = draw(st.integers(s, min(horizon - 1, s + 3)))
        k = {"id": f"k{i}", "brand": brands[i], "category": draw(st.sampled_from(["root", "x", "y", "z"])),
             "regions": draw(st.sampled_from([["US"], ["UK"], ["US", "UK"]])),
             "platforms": draw(st.sampled_from([["ig"], ["tt"], ["ig", "tt"]])),
             "window": {"start": day(s), "end": day(e)},
             "posts_per_creator": draw(st.integers(1, 2)), "min_days_between_posts": draw(st.integers(1, 2))}
        if draw(st.booleans()):
            ph = {"level": draw(st.sampled_from(LEVELS)),
                  "from": {"anchor": draw(st.sampled_from(ANCHORS)), "offset_days": draw(st.integers(-3, 1))},
                  "to": {"anchor": draw(st.sampled_from(ANCHORS)), "offset_days": draw(st.integers(-1, 4))}}
            if draw(st.booleans()):
                ph["regions"] = [draw(st.sampled_from(["US", "UK"]))]
            if draw(st.booleans()):
                ph["platforms"] = [draw(st.sampled_from(["ig", "tt"]))]
            k["exclusivity"] = {"phases": [ph]}
            if draw(st.booleans()):
                k["exclusivity"]["exceptions"] = {"brands": [draw(st.sampled_from(brands))]}
        if draw(st.integers(0, 3)) == 0:
            k["budget"] = draw(st.sampled_from([100, 300, 500]))
        if draw(st.integers(0, 4)) == 0:
            k["required"] = True
        if draw(st.integers(0, 3)) == 0:
            k["creators"] = {"min": 2}
        if draw(st.integers(0, 3)) == 0:  # launch posts: a launch inside the window, 1..all posts in it
            ls = draw(st.integers(s, e))
            k["launch"] = {"start": day(ls), "end": day(draw(st.integers(ls, e)))}
            k["min_launch_posts"] = draw(st.integers(1, k["posts_per_creator"]))
        if draw(st.integers(0, 3)) == 0:  # a signed booking, on days that may or may not keep the rules
            days = sorted(draw(st.sets(st.integers(s - 1, e + 1), min_size=k["posts_per_creator"],
                                       max_size=k["posts_per_creator"])))
            k["locked"] = [{"creator": draw(st.sampled_from([c["id"] for c in creators])),
                            "posts": [day(d) for d in days]}]
        campaigns.append(k)
    commitments = []
    if draw(st.booleans()):
        p = draw(st.integers(-2, horizon))
        commitments.append({"id": "m0", "creator": "ava", "brand": draw(st.sampled_from(brands)),
                            "category": draw(st.sampled_from(["x", "y", "z"])), "regions": ["US"],
                            "platforms": ["ig"], "posts": [day(p)],
                            "exclusivity": {"phases": [{"level": draw(st.sampled_from(LEVELS)),
                                                        "start": day(p - draw(st.integers(0, 3))),
                                                        "end": day(p + draw(st.integers(-1, 3)))}]}})
        commitments = [c for c in commitments if c["creator"] in {x["id"] for x in creators}]
    return {"format": "scenario/1", "name": "tiny", "horizon": {"start": day(0), "end": day(horizon - 1)},
            "regions": ["US", "UK"], "platforms": ["ig", "tt"], "categories": categories,
            "brands": [{"id": "a", "competitors": comp}, {"id": "b"}, {"id": "c"}],
            "creators": creators, "campaigns": campaigns, "commitments": commitments,
            "settings": {"must_haves": draw(st.sampled_from(["hard", "soft"]))}}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_scenarios())
def test_cp_sat_optimum_equals_brute_force(doc):
    scenario = scenario_from_data(doc)
    roster = solve_checked(scenario, time_limit_s=10, workers=1, explain=False)
    assert_brute_force_optimum(scenario, roster)
