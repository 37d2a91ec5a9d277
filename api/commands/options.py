"""`roster options SCENARIO --campaign ID`: every exclusivity variant, priced and re-solved, side by side.

The table goes to stdout (to stderr with --json, which prints the options/1
document instead); progress goes to stderr.  Exit codes: 0 options built,
2 bad input or unknown ids, 3 no variant has a roster (all infeasible),
4 none found a roster in time.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ... import run_rules
from ...models import DocumentError, FieldIssue
from ...models.options import MAX_CUSTOM_VARIANTS, Option, OptionsDocument, load_variants
from ...models.paths import at
from ...models.scenario import CampaignExclusivity, PhaseAnchor
from ...planning.options import build_options
from .common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    EXIT_UNKNOWN,
    emit_document,
    fail_input,
    planning_errors,
    print_progress,
    read_scenario,
)


class Perspective(str, Enum):
    brand = "brand"
    season = "season"


_ANCHOR = {"first_post": "first", "last_post": "last", "window_start": "win.start", "window_end": "win.end",
           "launch_start": "launch.start", "launch_end": "launch.end"}
_LEVEL = {"full": "full", "category": "category", "competitors": "competitors"}


def _anchor_text(end: PhaseAnchor) -> str:
    offset = f"{end.offset_days:+d}" if end.offset_days else ""
    return f"{_ANCHOR[end.anchor]}{offset}"


def clause_text(clause: CampaignExclusivity) -> str:
    """A clause in one short line per phase: ``full first-7..launch.end [US]``."""
    if not clause.phases:
        return "none"
    lines = []
    for phase in clause.phases:
        scope = []
        if phase.regions is not None:
            scope.append(",".join(phase.regions) or "nowhere")
        if phase.platforms is not None:
            scope.append(",".join(phase.platforms) or "no platform")
        lines.append(f"{_LEVEL[phase.level]} {_anchor_text(phase.from_)}..{_anchor_text(phase.to)}"
                     + (f" [{' '.join(scope)}]" if scope else ""))
    return "\n".join(lines)


def _number(value: Optional[int]) -> str:
    return "-" if value is None else f"{value:,}"


def options_table(doc: OptionsDocument) -> Table:
    who = f" / creator {doc.creator}" if doc.creator else ""
    table = Table(title=f"exclusivity options for {doc.campaign}{who}", title_justify="left", show_lines=True)
    columns = [("option", "left"), ("clause", "left"), ("campaign\nreach", "right"),
               ("campaign fees\n(premium)", "right"), ("campaign\nvalue", "right"), ("protec-\ntion", "right"),
               ("creators on the campaign\n(+gained -lost)", "left"), ("season objective\nvs requested", "right"),
               ("value\nelsewhere", "right"), ("changed\nelsewhere", "right")]
    if doc.creator:
        columns += [(f"{doc.creator}'s\nfee", "right"), ("booked", "center")]
    columns.append((f"{doc.perspective}\npareto", "center"))
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=name == "option")
    reference = doc.options[0].objective if doc.options else None
    for option in doc.options:
        table.add_row(*_row(option, reference, doc.creator is not None, doc.perspective),
                      style="bold green" if option.recommended else None)
    return table


def _row(option: Option, reference: Optional[int], with_creator: bool, perspective: str) -> list[str]:
    name = ("★ " if option.recommended else "") + option.name
    if option.same_clause_as:
        name += f"\n(= {option.same_clause_as})"
    if option.status not in ("optimal", "feasible"):
        name += f"\n{option.status}"
    delta = "" if option.objective is None or reference is None else f"\n{option.objective - reference:+,}"
    creators = ", ".join(option.campaign_creators) or "-"
    moves = [f"+{c}" for c in option.creators_gained] + [f"-{c}" for c in option.creators_lost]
    if moves:
        creators += f"\n({' '.join(moves)})"
    if not option.staffed:
        creators += "\nnot staffed"
    elif not option.must_haves_kept:
        creators += "\nmust-haves broken"
    row = [name, clause_text(option.exclusivity), _number(option.campaign_reach),
           f"{_number(option.campaign_fees)}\n({_number(option.campaign_premium)})", _number(option.campaign_value),
           f"{option.protection:g}", creators, _number(option.objective) + delta,
           f"{option.value_elsewhere_change:+,}", str(len(option.changed_elsewhere))]
    if with_creator:
        row += [_number(option.creator_fee), "yes" if option.creator_booked else "no"]
    front = option.brand_pareto if perspective == "brand" else option.pareto
    row.append("✓" if front else "")
    return row


def print_options(doc: OptionsDocument, console: Console) -> None:
    console.print(options_table(doc))
    reasons = [(o.name, u) for o in doc.options if not o.same_clause_as for u in o.unbooked]
    if reasons:
        console.print("[bold]not booked:[/]", highlight=False)
        for name, why in reasons:
            console.print(f"  {name}: {why.creator}: {why.reason}", highlight=False, markup=False, soft_wrap=True)
    if doc.recommended:
        console.print(f"[bold]recommended:[/] {doc.reason}", highlight=False)
    else:
        console.print(f"[yellow]{doc.reason}[/]", highlight=False)
    front = (BRAND_FRONT if doc.perspective == "brand" else SEASON_FRONT)
    console.print(f"pareto ✓: {front}; value elsewhere: the other campaigns' value here minus in the requested "
                  "option; changed elsewhere: bookings on other campaigns that differ from the requested option's "
                  "roster", style="dim", highlight=False)


BRAND_FRONT = ("the campaign is staffed with its must-haves, and no such option reaches at least as many, costs at "
               "most the campaign fees and protects at least as much, and is better on one")
SEASON_FRONT = ("no other option has at least the season objective, at most the campaign fees and at least the "
                "protection, and is better on one")


def read_variants(paths: list[Path]) -> dict[str, CampaignExclusivity]:
    """Every proposal of the ``--variant`` files; a bad file or a name given twice exits 2 naming it."""
    out: dict[str, CampaignExclusivity] = {}
    try:
        for path in paths:
            for name, clause in load_variants(path).items():
                if name in out:
                    raise DocumentError([FieldIssue(at("variants", name), f"{path.name} names {name!r} again: "
                                                                          f"each proposal needs a name of its own")],
                                        document="variants")
                out[name] = clause
        if len(out) > MAX_CUSTOM_VARIANTS:
            raise DocumentError([FieldIssue(at("variants"), f"{len(out)} proposals: at most {MAX_CUSTOM_VARIANTS}")],
                                document="variants")
    except DocumentError as exc:
        fail_input(exc)
    return out


def exit_code_of(doc: OptionsDocument) -> int:
    if doc.recommended is not None:
        return EXIT_OK
    if all(o.status == "infeasible" for o in doc.options):
        return EXIT_INFEASIBLE
    return EXIT_UNKNOWN


def register(app: typer.Typer) -> None:
    @app.command("options")
    def options_command(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)", show_default=False),
        campaign: str = typer.Option(..., "--campaign", help="the campaign whose clause is negotiated",
                                     show_default=False),
        creator: Optional[str] = typer.Option(None, "--creator",
                                              help="vary the clause for this creator's booking only (offer sheet)"),
        time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1,
                                                   help="seconds per variant re-solve (default: the scenario's, "
                                                        "at most 3)"),
        workers: Optional[int] = typer.Option(None, "--workers", min=1, help=f"CP-SAT search workers (default {run_rules.SOLVE_WORKERS})"),
        variant_files: Optional[list[Path]] = typer.Option(None, "--variant", show_default=False,
                                                           help="a file of your own proposals, compared with "
                                                                "the built-in variants: {\"name\": exclusivity "
                                                                "object, ...} (JSON or YAML; may be repeated)"),
        perspective: Perspective = typer.Option("brand", "--perspective", case_sensitive=False,
                                                help="recommend by the campaign's own interest (brand: protection "
                                                     "for what it pays and reaches) or the whole season's"),
        output: Optional[Path] = typer.Option(None, "-o", "--output", help="write the options/1 JSON here"),
        json_out: bool = typer.Option(False, "--json", help="print the options/1 JSON on stdout (table on stderr)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress or table"),
    ) -> None:
        """Compare the campaign's exclusivity clause with full, category, semi-exclusive, phased, shorter,
        regional and no exclusivity: each re-solved, priced, Pareto-marked, one recommended.

        Exit codes: 0 options built, 2 bad input or unknown id, 3 every variant infeasible, 4 no roster in time.
        """
        doc = read_scenario(scenario)
        proposals = read_variants(variant_files or [])

        progress = print_progress("options", quiet)
        with planning_errors():
            result = build_options(doc, campaign, creator, time_limit_s=time_limit, workers=workers,
                                   progress=progress, perspective=perspective.value, variants=proposals)
        emit_document(result, lambda console: print_options(result, console), "options", output=output,
                      json_out=json_out, quiet=quiet)
        raise typer.Exit(exit_code_of(result))
