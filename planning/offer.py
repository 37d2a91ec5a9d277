"""Offer sheets: a campaign's clause options as a brand (or one creator) can be shown them.

Built from an options/1 document, for that campaign only: each option's
clause in plain contract words, the creators it books on the campaign with
their fee, premium, reach, expected engagements and cost per engagement, who
is gained or lost, why a creator is not booked, and the option recommended by
the brand's rule.  Nothing of anyone else's business appears: no other
campaign or commitment, no other booking's fee, no other brand but the
campaign brand's own competitors where the clause says what it blocks (a
clause's agreed exceptions are counted, not named).  Rendered as HTML, CSV or
PDF (ReportLab).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Optional

from ..models import Scenario
from ..models.options import Option, OptionsDocument
from ..models.scenario import Campaign, CampaignPhase
from ..rules import contract, words
from ..rules.index import ScenarioIndex
from . import export
from .options import recommend_for_brand

FORMATS = ("html", "pdf", "csv")

SAFE_REASONS = {  # why a creator is not booked, without naming anyone else's business
    "clash": "her other engagements leave no date in the window free under this clause",
    "elsewhere": "the campaign's places are taken, and she is engaged elsewhere in the season",
}


@dataclass
class SheetCreator:
    creator: str
    posts: list[dt.date]
    fee: int
    premium: int
    reach: int
    engagements: int
    clause_dates: str  # the clause as her posts date it


@dataclass
class SheetOption:
    name: str
    recommended: bool
    custom: bool
    status: str
    clause: list[str]  # one line per phase, by its anchors
    creators: list[SheetCreator]
    gained: list[str]
    lost: list[str]
    not_booked: list[tuple[str, str]]  # (creator, why)
    staffed: bool
    protection: float
    same_as: Optional[str] = None

    @property
    def fees(self) -> int:
        return sum(c.fee for c in self.creators)

    @property
    def premium(self) -> int:
        return sum(c.premium for c in self.creators)

    @property
    def reach(self) -> int:
        return sum(c.reach for c in self.creators)

    @property
    def engagements(self) -> int:
        return sum(c.engagements for c in self.creators)

    @property
    def cost_per_engagement(self) -> Optional[float]:
        return round(self.fees / self.engagements, 4) if self.engagements else None


@dataclass
class OfferSheet:
    brand: str
    competitors: list[str]
    campaign: str
    category: str
    window: str
    launch: str
    regions: list[str]
    platforms: list[str]
    creator: Optional[str]
    recommended: Optional[str]
    reason: str
    options: list[SheetOption] = field(default_factory=list)

    @property
    def title(self) -> str:
        who = f" for {self.creator}" if self.creator else ""
        return f"Exclusivity options: {self.brand}, campaign {self.campaign}{who}"


# --- the sheet's content -------------------------------------------------------------------------

def phase_line(campaign: Campaign, phase: CampaignPhase, competitors: list[str]) -> str:
    """A phase in contract words: level, what it blocks, where, on which platforms, from and to."""
    blocked = words.blocked_words(phase.level, campaign.brand, campaign.category)
    if competitors:
        blocked = blocked.replace(f"competitors of {campaign.brand}",
                                  f"competitors of {campaign.brand} ({', '.join(competitors)})", 1)
    regions = ", ".join(phase.regions if phase.regions is not None else campaign.regions)
    platforms = ", ".join(phase.platforms) if phase.platforms is not None else "every platform"
    return (f"{words.LEVEL_NAMES[phase.level]}: no posts for {blocked}; in {regions}; on {platforms}; "
            f"from {words.anchor_words(phase.from_)} to {words.anchor_words(phase.to)}")


def clause_lines(campaign: Campaign, competitors: list[str]) -> list[str]:
    if not campaign.phases:
        return ["no exclusivity"]
    lines = [phase_line(campaign, p, competitors) for p in campaign.phases]
    if campaign.excepted_brands:
        n = len(campaign.excepted_brands)
        lines.append(f"with {n} agreed brand exception{'s' if n != 1 else ''}")
    return lines


def sheet_creators(index: ScenarioIndex, campaign: Campaign, option: Option,
                   offered_to: Optional[str]) -> list[SheetCreator]:
    """The option's bookings on the campaign; with one creator's offer (``offered_to``), only her booking is
    under the option's clause, the others under the campaign's own."""
    out = []
    for a in option.roster.assignments:
        if a.campaign != campaign.id:
            continue
        creator = index.creators[a.creator]
        posts = sorted(a.posts)
        reach = contract.reach(creator, campaign)
        engagements = contract.round_half_up(reach * contract.exact(creator.engagement_rate) * Fraction(len(posts)))
        varied = offered_to is None or a.creator == offered_to
        under = campaign.model_copy(update={"exclusivity": option.exclusivity}) if varied else campaign
        dated, _, _ = words.clause_words(under, posts[0], posts[-1])
        if dated != "no exclusivity" and under.excepted_brands:  # the exceptions are counted, not named
            dated = dated.split(" (never against ")[0]
        out.append(SheetCreator(a.creator, posts, a.fee, a.fee - contract.base_fee(creator, campaign), reach,
                                engagements, dated))
    return out


def build_sheet(scenario: Scenario, doc: OptionsDocument) -> OfferSheet:
    """The offer sheet of ``doc``'s campaign (and creator), recommended by the brand's rule."""
    index = ScenarioIndex(scenario)
    campaign = index.campaigns[doc.campaign]
    brand = next(b for b in scenario.brands if b.id == campaign.brand)
    competitors = sorted(brand.competitors)
    pick, reason = recommend_for_brand(doc.options, campaign.id)
    options = []
    for option in doc.options:
        under = campaign.model_copy(update={"exclusivity": option.exclusivity})
        not_booked = [(u.creator, SAFE_REASONS.get(u.kind, u.reason)) for u in option.unbooked]
        options.append(SheetOption(
            name=option.name, recommended=pick is not None and option.name == pick.name, custom=option.custom,
            status=option.status, clause=clause_lines(under, competitors),
            creators=sheet_creators(index, campaign, option, doc.creator) if option.objective is not None else [],
            gained=option.creators_gained, lost=option.creators_lost, not_booked=not_booked,
            staffed=option.staffed, protection=option.protection, same_as=option.same_clause_as))
    launch = f"{campaign.launch.start} to {campaign.launch.end}" if campaign.launch else "none"
    return OfferSheet(brand=campaign.brand, competitors=competitors, campaign=campaign.id,
                      category=campaign.category, window=f"{campaign.window.start} to {campaign.window.end}",
                      launch=launch, regions=list(campaign.regions), platforms=list(campaign.platforms),
                      creator=doc.creator, recommended=pick.name if pick else None, reason=reason, options=options)


# --- renderers -----------------------------------------------------------------------------------

def _money(n: Optional[float]) -> str:
    return "-" if n is None else f"{n:,}"


def _cpe(sheet_option: SheetOption) -> str:
    value = sheet_option.cost_per_engagement
    return "-" if value is None else f"{value:,.2f}"


def facts(sheet: OfferSheet) -> list[tuple[str, str]]:
    rows = [("Brand", sheet.brand), ("Campaign", f"{sheet.campaign} ({sheet.category})"), ("Window", sheet.window),
            ("Launch", sheet.launch), ("Regions", ", ".join(sheet.regions)),
            ("Platforms", ", ".join(sheet.platforms))]
    if sheet.creator:
        rows.append(("Creator", sheet.creator))
    rows.append(("Recommended", sheet.reason))
    return rows


def to_html(sheet: OfferSheet) -> str:
    e = html.escape
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(sheet.title)}</title>",
             "<style>body{font:14px/1.45 system-ui,sans-serif;color:#1d2430;margin:2rem;max-width:60rem}"
             "h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}table{border-collapse:collapse;width:100%}"
             "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d7dce4;vertical-align:top}"
             "td.n,th.n{text-align:right}.rec{border-left:4px solid #1e6b34;padding-left:.8rem}"
             "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#5b6678}dd{margin:0}"
             ".muted{color:#5b6678}@media print{body{margin:0}}</style></head><body>",
             f"<h1>{e(sheet.title)}</h1><dl>"]
    parts += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts(sheet)]
    parts.append("</dl>")
    for o in sheet.options:
        mark = " (recommended)" if o.recommended else ""
        kind = ", your proposal" if o.custom else ""
        parts.append(f"<section class='{'rec' if o.recommended else ''}'><h2>{e(o.name)}{e(mark)}{e(kind)}</h2>")
        parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in o.clause) + "</ul>")
        if o.same_as:
            parts.append(f"<p class='muted'>The same clause as {e(o.same_as)}.</p>")
        if o.status not in ("optimal", "feasible"):
            parts.append(f"<p>No roster under this clause ({e(o.status)}).</p>")
        elif o.creators:
            parts.append("<table><thead><tr><th>Creator</th><th>Posts</th><th class='n'>Fee</th>"
                         "<th class='n'>Premium</th><th class='n'>Reach</th><th class='n'>Engagements</th>"
                         "<th>Clause as dated by the posts</th></tr></thead><tbody>")
            for c in o.creators:
                parts.append(f"<tr><td>{e(c.creator)}</td><td>{e(', '.join(map(str, c.posts)))}</td>"
                             f"<td class='n'>{_money(c.fee)}</td><td class='n'>{_money(c.premium)}</td>"
                             f"<td class='n'>{_money(c.reach)}</td><td class='n'>{_money(c.engagements)}</td>"
                             f"<td>{e(c.clause_dates)}</td></tr>")
            parts.append(f"</tbody><tfoot><tr><th>Total</th><td></td><td class='n'>{_money(o.fees)}</td>"
                         f"<td class='n'>{_money(o.premium)}</td><td class='n'>{_money(o.reach)}</td>"
                         f"<td class='n'>{_money(o.engagements)}</td><td>cost per engagement {_cpe(o)}; "
                         f"protection {o.protection:g}</td></tr></tfoot></table>")
        else:
            parts.append("<p>Nobody is booked on the campaign under this clause.</p>")
        moves = [f"gained: {', '.join(o.gained)}"] * bool(o.gained) + [f"lost: {', '.join(o.lost)}"] * bool(o.lost)
        if moves:
            parts.append(f"<p>{e('; '.join(moves))}</p>")
        for creator, why in o.not_booked:
            parts.append(f"<p>{e(creator)} is not booked: {e(why)}.</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "".join(parts)


CSV_COLUMNS = ("brand", "campaign", "option", "recommended", "clause", "creator", "posts", "fee", "premium", "reach",
               "engagements", "cost_per_engagement", "not_booked_because")


def to_csv(sheet: OfferSheet) -> str:
    """One row per option and creator booked (an option with nobody, or a creator not booked: one row each)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for o in sheet.options:
        lead = [sheet.brand, sheet.campaign, o.name, "yes" if o.recommended else "", " | ".join(o.clause)]
        for c in o.creators:
            cpe = round(c.fee / c.engagements, 4) if c.engagements else ""
            writer.writerow(lead + [c.creator, " ".join(map(str, c.posts)), c.fee, c.premium, c.reach,
                                    c.engagements, cpe, ""])
        for creator, why in o.not_booked:
            writer.writerow(lead + [creator, "", "", "", "", "", "", why])
        if not o.creators and not o.not_booked:
            writer.writerow(lead + ["", "", "", "", "", "", "",
                                    "nobody booked" if o.status in ("optimal", "feasible") else o.status])
    return out.getvalue()


def to_pdf(sheet: OfferSheet) -> bytes:
    """The sheet as an A4 PDF, laid out by ReportLab's Platypus."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)

    def p(text: str, style=body) -> Paragraph:
        return Paragraph(html.escape(text), style)

    story = [Paragraph(html.escape(sheet.title), styles["Title"])]
    table = Table([[p(k), p(v)] for k, v in facts(sheet)], colWidths=[30 * mm, 140 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TEXTCOLOR", (0, 0), (0, -1), colors.grey)]))
    story += [table, Spacer(1, 4 * mm)]
    for o in sheet.options:
        head = o.name + (" (recommended)" if o.recommended else "") + (", your proposal" if o.custom else "")
        story.append(Paragraph(html.escape(head), styles["Heading2"]))
        story += [p(f"- {line}") for line in o.clause]
        if o.status not in ("optimal", "feasible"):
            story.append(p(f"No roster under this clause ({o.status})."))
        elif o.creators:
            rows = [["Creator", "Posts", "Fee", "Premium", "Reach", "Engagements"]]
            rows += [[c.creator, p(", ".join(map(str, c.posts)), small), _money(c.fee), _money(c.premium),
                      _money(c.reach), _money(c.engagements)] for c in o.creators]
            rows.append(["Total", "", _money(o.fees), _money(o.premium), _money(o.reach), _money(o.engagements)])
            grid = Table(rows, colWidths=[32 * mm, 48 * mm, 22 * mm, 22 * mm, 24 * mm, 24 * mm], repeatRows=1)
            grid.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8), ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                                      ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                                      ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
                                      ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [grid, p(f"Cost per engagement {_cpe(o)}; protection {o.protection:g}.", small)]
        else:
            story.append(p("Nobody is booked on the campaign under this clause."))
        moves = [f"gained: {', '.join(o.gained)}"] * bool(o.gained) + [f"lost: {', '.join(o.lost)}"] * bool(o.lost)
        if moves:
            story.append(p("; ".join(moves), small))
        story += [p(f"{creator} is not booked: {why}.", small) for creator, why in o.not_booked]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=sheet.title, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=16 * mm, bottomMargin=16 * mm).build(story)
    return out.getvalue()


def render(sheet: OfferSheet, fmt: str) -> bytes:
    if fmt == "html":
        return to_html(sheet).encode("utf-8")
    if fmt == "csv":
        return to_csv(sheet).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(sheet)
    raise ValueError(f"unknown offer sheet format {fmt!r}; choose one of {', '.join(FORMATS)}")


def format_of(path: Path, given: Optional[str]) -> str:
    return export.format_of(path, given, FORMATS)
