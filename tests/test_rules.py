"""The plain-Python rules on their own: relations, fees and values against the spec's formulas."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from creator_roster.models import load_scenario, scenario_from_data
from creator_roster.rules import contract
from creator_roster.rules.relations import Relations

from .builders import tiny

decimals = st.decimals(min_value=0, max_value=Decimal("0.5"), places=4, allow_nan=False, allow_infinity=False)


@given(rates=st.fixed_dictionaries({"full": decimals, "category": decimals, "competitors": decimals}),
       days=st.dictionaries(st.sampled_from(["full", "category", "competitors"]), st.integers(0, 400)),
       fee=st.integers(0, 50_000), posts=st.integers(1, 5))
def test_fee_in_whole_numbers_equals_the_exact_fraction_formula(rates, days, fee, posts):
    exact = {level: Fraction(r) for level, r in rates.items()}
    direct = contract.round_half_up(posts * fee * (1 + sum(exact[lv] * d / 30 for lv, d in days.items())))
    denominator = math.lcm(*(r.denominator for r in exact.values()))
    as_ints = (denominator, {lv: int(r * denominator) for lv, r in exact.items()})
    assert contract.fee_from(fee, posts, as_ints, days) == direct


@given(weight=st.decimals(min_value=0, max_value=5, places=2), rate=decimals, reach=st.integers(0, 10**8),
       posts=st.integers(1, 5))
def test_value_equals_the_exact_fraction_formula(weight, rate, reach, posts):
    w, e = Fraction(weight) * posts, Fraction(rate)
    assert contract.value_from(w, e, reach, None) == contract.round_half_up(w * e * reach)


def test_round_half_up_on_halves():
    assert contract.round_half_up(Fraction(2001, 2)) == 1001
    assert contract.round_half_up(Fraction(2000, 2)) == 1000
    assert contract.round_half_up(Fraction(19999, 20)) == 1000


def test_example_10_fees_match_the_spec_notes():
    s = load_scenario("tests/data/examples/10-budget-with-premiums.json")
    fees = {c.id: contract.fee(c, s.campaigns[0], s.effective_settings) for c in s.creators}
    assert fees["cy"] == 1001  # 1000.5 rounded half up
    assert fees["ava"] + fees["cy"] == 5011 and fees["ben"] + fees["cy"] + fees["dee"] <= 5010


def test_category_relations():
    rel = Relations(scenario_from_data(tiny()))
    assert rel.overlap("sunscreen", "skincare") and rel.overlap("skincare", "sunscreen")
    assert not rel.overlap("sunscreen", "haircare")
    assert rel.adjacent("sunscreen", "haircare") and rel.adjacent("haircare", "sunscreen")
    assert not rel.adjacent("skincare", "haircare")  # adjacency is declared on sunscreen, not its parent
    assert rel.competes("glowco", "sunbrite") and rel.competes("sunbrite", "glowco")
    assert not rel.competes("glowco", "dermaplus")
    assert rel.covers("full", "glowco", "sunscreen", "hairco", "haircare")
    assert not rel.covers("category", "glowco", "sunscreen", "hairco", "haircare")
    assert rel.covers("competitors", "glowco", "snacks", "sunbrite", "haircare")


def test_fee_agrees_with_the_premium_fraction_on_every_example():
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("data/examples/*.json")):
        if path.name.endswith(".expected.json"):
            continue
        s = load_scenario(path)
        for k in s.campaigns:
            for c in s.creators:
                direct = contract.round_half_up(k.posts_per_creator * c.fee_per_post
                                             * (1 + contract.premium_fraction(c, k, s.effective_settings)))
                assert contract.fee(c, k, s.effective_settings) == direct
