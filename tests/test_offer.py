"""Offer sheets: a campaign's options as its brand can be shown them, in HTML, CSV and PDF, with nothing of
anyone else's business in them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creator_roster.api.cli import app
from creator_roster.models import load_scenario
from creator_roster.planning.offer import build_sheet, render
from creator_roster.planning.options import build_options

from .conftest import example_paths

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "demo.json"
MONEY = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")


def pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def mentions(text: str, token: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_-]){re.escape(token)}(?![A-Za-z0-9_-])", text) is not None


def forbidden_for(scenario, campaign, options) -> tuple[set[str], set[str]]:
    """The ids and the booking fees of everyone else's business, as a sheet for ``campaign`` must not show them."""
    brand = next(b for b in scenario.brands if b.id == campaign.brand)
    allowed = ({campaign.id, campaign.brand, campaign.category, *brand.competitors}
               | {c.id for c in scenario.creators} | set(scenario.regions) | set(scenario.platforms))
    ids = ({k.id for k in scenario.campaigns} | {m.id for m in scenario.commitments}
           | {b.id for b in scenario.brands}) - allowed
    if scenario.name:
        ids.add(scenario.name)
    own = {f"{a.fee:,}" for o in options.options for a in o.roster.assignments if a.campaign == campaign.id}
    fees = {f"{a.fee:,}" for o in options.options for a in o.roster.assignments
            if a.campaign != campaign.id and a.fee >= 1000} - own
    return ids, fees


def sheet_cases():
    for path in example_paths():
        scenario = load_scenario(path)
        for campaign in scenario.campaigns:
            yield pytest.param(path, campaign.id, id=f"{path.stem}:{campaign.id}")


@pytest.mark.slow
@pytest.mark.parametrize("path, campaign_id", list(sheet_cases()))
def test_a_sheet_shows_nothing_of_anyone_elses_business(path, campaign_id):
    scenario = load_scenario(path)
    campaign = next(k for k in scenario.campaigns if k.id == campaign_id)
    options = build_options(scenario, campaign_id, time_limit_s=0.5)
    sheet = build_sheet(scenario, options)
    ids, fees = forbidden_for(scenario, campaign, options)
    for fmt in ("html", "csv", "pdf"):
        data = render(sheet, fmt)
        text = pdf_text(data) if fmt == "pdf" else data.decode("utf-8")
        assert campaign_id in text and campaign.brand in text, fmt
        leaked = sorted(token for token in ids if mentions(text, token))
        assert leaked == [], (fmt, leaked)
        shown = set(MONEY.findall(text)) if fmt != "csv" else {f"{int(n):,}" for n in re.findall(r"\d+", text)}
        assert sorted(fees & shown) == [], (fmt, "another booking's fee")


@pytest.fixture(scope="module")
def demo_sheet():
    scenario = load_scenario(DEMO)
    options = build_options(scenario, "glow-spf-launch", time_limit_s=1)
    return scenario, options, build_sheet(scenario, options)


def test_the_sheet_prices_each_creator_and_recommends_by_the_brands_rule(demo_sheet):
    scenario, options, sheet = demo_sheet
    assert sheet.recommended == options.recommended and sheet.recommended is not None
    assert [o.name for o in sheet.options] == [o.name for o in options.options]
    for mine, option in zip(sheet.options, options.options):
        assert mine.fees == option.campaign_fees and mine.premium == option.campaign_premium
        assert mine.reach == option.campaign_reach and mine.engagements == option.campaign_engagements
        if mine.engagements:
            assert mine.cost_per_engagement == round(option.campaign_fees / option.campaign_engagements, 4)
    requested = sheet.options[0]
    assert requested.clause[0].startswith("full exclusivity: no posts for competitors of glowco (solara, sunbrite)")
    assert "from 7 days before first post to launch end" in requested.clause[0]


def test_the_csv_has_a_row_per_option_and_creator(demo_sheet):
    _, options, sheet = demo_sheet
    rows = list(csv.DictReader(io.StringIO(render(sheet, "csv").decode("utf-8"))))
    for option in sheet.options:
        mine = [r for r in rows if r["option"] == option.name]
        booked = [r for r in mine if r["fee"]]
        assert sorted(r["creator"] for r in booked) == sorted(c.creator for c in option.creators)
        assert sum(int(r["fee"]) for r in booked) == option.fees
        assert all(r["recommended"] == ("yes" if option.recommended else "") for r in mine)


def test_the_pdf_is_a_real_document_whose_first_page_is_not_blank(demo_sheet, tmp_path):
    import pypdfium2 as pdfium

    _, _, sheet = demo_sheet
    data = render(sheet, "pdf")
    assert data.startswith(b"%PDF")
    page = pdfium.PdfDocument(data)[0]
    image = page.render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "offer-page-1.png")
    dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
    assert dark > 0.01 * image.width * image.height  # text and rules, not an empty page
    assert "Exclusivity options: glowco, campaign glow-spf-launch" in pdf_text(data)


def test_cli_writes_each_format_and_refuses_what_it_cannot_write(tmp_path):
    runner = CliRunner()
    for fmt in ("html", "pdf", "csv"):
        out = tmp_path / f"sheet.{fmt}"
        result = runner.invoke(app, ["offer", str(DEMO), "--campaign", "glow-spf-launch", "--creator", "ava-glow",
                                     "--time-limit", "0.5", "-q", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    assert "for ava-glow" in (tmp_path / "sheet.html").read_text()
    result = runner.invoke(app, ["offer", str(DEMO), "--campaign", "glow-spf-launch", "-o", str(tmp_path / "x.doc")])
    assert result.exit_code == 2 and "--format" in result.output
    result = runner.invoke(app, ["offer", str(DEMO), "--campaign", "nope", "-o", str(tmp_path / "y.html")])
    assert result.exit_code == 2 and "nope" in result.output and not (tmp_path / "y.html").exists()


def test_a_creators_sheet_dates_only_her_booking_under_the_option_clause():
    from creator_roster.rules.words import clause_words

    scenario = load_scenario(DEMO)
    campaign = next(k for k in scenario.campaigns if k.id == "glow-spf-launch")
    sheet = build_sheet(scenario, build_options(scenario, campaign.id, "ava-glow", time_limit_s=0.5))
    full = next(o for o in sheet.options if o.name == "full")
    others = [c for c in full.creators if c.creator != "ava-glow"]
    assert others
    for c in others:  # the others keep the campaign's requested clause
        assert c.clause_dates == clause_words(campaign, c.posts[0], c.posts[-1])[0]
    for c in full.creators:
        if c.creator == "ava-glow":
            assert c.clause_dates.startswith("full exclusivity") and "then full exclusivity" in c.clause_dates
