"""The Deal check page in a real headless Chromium: the verdict, the conflicts and the earliest start are
POST /check's, the clause that blocks the deal is outlined on the creator's row, and a suggested clause variant
re-checks as allowed.

Example 07: ava's commitment ava-sunbrite-2027 (sunscreen, category exclusivity 2027-03-01 to 2027-04-30, posts on
2027-03-10 and 2027-03-24).
"""

from __future__ import annotations

import httpx
import pytest

from .test_web_docs import artifacts, chromium, server  # noqa: F401 - fixtures
from .test_web_scenarios import open_app
from .test_web_timeline import EXAMPLES, stored

pytestmark = pytest.mark.slow  # a real server and a real browser

SCENARIO = EXAMPLES / "07-prior-commitments.json"

# glowco sunscreen on a day inside ava's sunbrite clause: the commitment's phase blocks it
INSIDE_HER_CLAUSE = {"creator": "ava", "brand": "glowco", "category": "sunscreen", "regions": ["US"],
                     "platforms": ["instagram"], "posts": ["2027-04-10", "2027-04-15"]}
# glowco skincare after her clause, but with its own full exclusivity over her sunbrite post of 2027-03-24
ITS_CLAUSE_BLOCKS = {"creator": "ava", "brand": "glowco", "category": "skincare", "regions": ["US"],
                     "platforms": ["instagram"], "posts": ["2027-05-05", "2027-05-12"],
                     "exclusivity": {"phases": [{"level": "full", "start": "2027-03-20", "end": "2027-05-20"}]}}
ALLOWED = {"creator": "cy", "brand": "glowco", "category": "sunscreen", "regions": ["US", "UK"],
           "platforms": ["instagram"], "posts": ["2027-04-10"]}


def checked(url: str, sid: str, deal: dict) -> dict:
    answer = httpx.post(f"{url}/check", json={"scenario": sid, "deal": deal}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()


def open_deal(chromium, url: str, sid: str, creator: str, width: int = 1280):  # noqa: F811
    page, watched = open_app(chromium, url, width)
    page.goto(f"{url}/#/deal/{sid}?creator={creator}")
    page.wait_for_function(f"document.getElementById('deal-creator').value === '{creator}'")
    page.wait_for_selector("#deal-season:not([hidden]) .deal-lane")
    return page, watched


def tick(page, container: str, wanted: list[str]) -> None:
    for box in page.locator(f"{container} input[type=checkbox]").all():
        box.set_checked(box.get_attribute("value") in wanted)


def fill_deal(page, deal: dict) -> None:
    """The form filled as a planner fills it: selects, ticks, one date input per post day, one row per phase."""
    page.select_option("#deal-creator", deal["creator"])
    page.select_option("#deal-brand", deal["brand"])
    page.select_option("#deal-category", deal["category"])
    tick(page, "#deal-regions", deal["regions"])
    tick(page, "#deal-platforms", deal["platforms"])
    for n, day in enumerate(deal["posts"], start=1):
        if page.locator("#deal-posts input").count() < n:
            page.get_by_role("button", name="Add a post day").click()
        page.get_by_label(f"post day {n}", exact=True).fill(day)
    clause = deal.get("exclusivity")
    page.locator("#deal-has-clause").set_checked(bool(clause))
    for n, phase in enumerate(clause["phases"] if clause else [], start=1):
        if page.locator("#deal-phases li.deal-phase").count() < n:
            page.get_by_role("button", name="Add a phase").click()
        page.get_by_label(f"level of phase {n}").select_option(phase["level"])
        page.get_by_label(f"start of phase {n}").fill(phase["start"])
        page.get_by_label(f"end of phase {n}").fill(phase["end"])


def submit(page) -> None:
    page.evaluate("document.getElementById('deal-result').hidden = true")
    page.get_by_role("button", name="Check the deal").click()
    page.wait_for_selector("#deal-result:not([hidden]) #deal-verdict")


def listed_conflicts(page) -> list[dict]:
    return page.eval_on_selector_all("#deal-conflicts li", """items => items.map(li => ({
        kind: li.dataset.kind, with: li.dataset.with, phase: li.dataset.phase || null, path: li.dataset.path,
        days: li.dataset.days ? li.dataset.days.split(',') : [], message: li.querySelector('.message').textContent}))""")


def blocking_bands(page) -> list[dict]:
    return page.eval_on_selector_all("#deal-row .deal-band.blocking", """bands => bands.map(b => ({
        with: b.dataset.with, path: b.dataset.path, label: b.getAttribute('aria-label'),
        outline: getComputedStyle(b).outlineStyle}))""")


def as_answered(answer: dict) -> list[dict]:
    return [{k: c[k] for k in ("kind", "with", "phase", "path", "days", "message")} for c in answer["conflicts"]]


def test_a_deal_inside_her_commitments_clause_is_refused_with_that_clause_outlined(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, SCENARIO, solve=False)
    answer = checked(server, sid, INSIDE_HER_CLAUSE)
    assert not answer["allowed"] and answer["conflicts"] and answer["earliest_start"]
    page, watched = open_deal(chromium, server, sid, "ava")
    fill_deal(page, INSIDE_HER_CLAUSE)
    submit(page)
    assert page.get_attribute("#deal-verdict", "data-allowed") == "false"
    assert "Refused" in page.inner_text("#deal-verdict")
    assert listed_conflicts(page) == as_answered(answer)
    for conflict in answer["conflicts"]:  # each in words, with its path and days, as a person reads them
        text = page.locator("#deal-conflicts li", has_text=conflict["message"]).inner_text()
        assert conflict["path"] in text and all(day in text for day in conflict["days"])
    # the band outlined on her row is the commitment's phase that the conflicts name, and says so
    named = sorted({(c["with"], c["phase"]) for c in answer["conflicts"] if c["phase"]})
    bands = blocking_bands(page)
    assert sorted((b["with"], b["path"]) for b in bands) == named == [("ava-sunbrite-2027",
                                                                      "commitments[0].exclusivity.phases[0]")]
    assert all("blocks the deal" in b["label"] and b["outline"] == "solid" for b in bands)
    assert "blocks the deal" in page.inner_text('#deal-row .deal-lane[data-with="ava-sunbrite-2027"]')
    refused = page.eval_on_selector_all("#deal-row .deal-post.proposed.refused", "ps => ps.map(p => p.dataset.day)")
    assert sorted(refused) == sorted({d for c in answer["conflicts"] for d in c["days"]})
    assert page.get_attribute("#deal-earliest", "data-day") == answer["earliest_start"]
    assert answer["earliest_start"] in page.inner_text("#deal-earliest")
    assert page.get_attribute("#deal-timeline-link", "href") == f"#/timeline/{sid}?creator=ava"
    page.screenshot(path=str(artifacts(tmp_path) / "web-deal-refused.png"), full_page=True)
    watched.assert_clean()
    page.close()


def test_the_deals_own_clause_blocks_her_post_and_a_suggested_variant_is_allowed(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, SCENARIO, solve=False)
    answer = checked(server, sid, ITS_CLAUSE_BLOCKS)
    assert not answer["allowed"] and answer["allowed_variants"]
    page, watched = open_deal(chromium, server, sid, "ava")
    fill_deal(page, ITS_CLAUSE_BLOCKS)
    submit(page)
    assert page.get_attribute("#deal-verdict", "data-allowed") == "false"
    assert listed_conflicts(page) == as_answered(answer)
    # the deal's own phase is what blocks: outlined on the proposed deal's lane, her blocked post ringed
    bands = blocking_bands(page)
    assert [b["path"] for b in bands] == sorted({c["phase"] for c in answer["conflicts"]}) == ["deal.exclusivity.phases[0]"]
    blocked = page.eval_on_selector_all('#deal-row .deal-lane[data-with="ava-sunbrite-2027"] .deal-post.blocked',
                                        "ps => ps.map(p => p.dataset.day)")
    assert blocked == ["2027-03-24"]
    assert page.get_attribute("#deal-earliest", "data-day") == answer["earliest_start"]
    shown = page.eval_on_selector_all("#deal-variants li", "items => items.map(li => li.dataset.variant)")
    assert shown == [v["variant"] for v in answer["allowed_variants"]]
    page.screenshot(path=str(artifacts(tmp_path) / "web-deal-variants.png"), full_page=True)

    variant = answer["allowed_variants"][0]
    page.get_by_role("button", name=f"check this variant: {variant['variant']}").click()
    page.wait_for_selector('#deal-result:not([hidden]) #deal-verdict[data-allowed="true"]')
    assert page.get_attribute("#deal-verdict", "data-allowed") == "true"
    phase = variant["clause"]["phases"][0]
    assert page.get_by_label("start of phase 1").input_value() == phase["start"]  # the form holds the variant
    assert page.get_by_label("level of phase 1").input_value() == phase["level"]
    assert page.locator("#deal-row .blocking").count() == 0 and page.locator("#deal-conflicts li").count() == 0
    varied = dict(ITS_CLAUSE_BLOCKS, exclusivity={"phases": [{k: v for k, v in phase.items() if v is not None}]})
    assert checked(server, sid, varied)["allowed"]
    watched.assert_clean()
    page.close()


def test_an_allowed_deal_shows_allowed_on_a_phone_sized_screen(server, chromium, tmp_path):  # noqa: F811
    sid, _ = stored(server, SCENARIO, solve=False)
    assert checked(server, sid, ALLOWED)["allowed"]
    page, watched = open_deal(chromium, server, sid, "cy", width=390)
    fill_deal(page, ALLOWED)
    submit(page)
    assert page.get_attribute("#deal-verdict", "data-allowed") == "true"
    assert "Allowed" in page.inner_text("#deal-verdict")
    assert page.locator("#deal-conflicts li").count() == 0 and page.locator("#deal-row .blocking").count() == 0
    days = page.eval_on_selector_all("#deal-row .deal-post.proposed", "ps => ps.map(p => p.dataset.day)")
    assert days == ALLOWED["posts"]
    # usable at 390 px: nothing wider than the screen, the check button on it
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.get_by_role("button", name="Check the deal").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(artifacts(tmp_path) / "web-deal-allowed-390.png"), full_page=True)
    watched.assert_clean()
    page.close()


def test_a_422_shows_the_error_path_next_to_the_form(server, chromium):  # noqa: F811
    sid, _ = stored(server, SCENARIO, solve=False)
    twice = dict(ALLOWED, posts=["2027-04-10", "2027-04-10"])  # a duplicate post day: the server's 422
    answer = httpx.post(f"{server}/check", json={"scenario": sid, "deal": twice}, timeout=30)
    assert answer.status_code == 422
    page, watched = open_deal(chromium, server, sid, "cy")
    watched.expected_statuses.add(422)
    fill_deal(page, twice)
    page.get_by_role("button", name="Check the deal").click()
    page.wait_for_selector("#deal-errors li")
    paths = page.eval_on_selector_all("#deal-errors li", "items => items.map(li => li.dataset.path)")
    assert paths == [e["path"] for e in answer.json()["errors"]]
    assert page.get_by_label("post day 2", exact=True).get_attribute("aria-invalid") == "true"
    assert page.locator("#deal-result").is_hidden()
    watched.assert_clean()
    page.close()
