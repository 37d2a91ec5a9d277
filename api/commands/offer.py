"""`roster offer SCENARIO --campaign K [--creator C] -o FILE [--format html|pdf|csv]`: a sheet a brand can be shown.

The campaign's clause options (``roster options``, recommended by the brand's
rule) as an offer sheet (planning.offer): each clause in contract words, the
creators booked with fee, premium, reach, engagements and cost per
engagement, and nothing of anyone else's business.  The file is written whole
or not at all.  Exit codes: 0 written, 2 bad input or unknown ids, 3 no
option has a roster, 4 none found one in time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ...planning.offer import FORMATS, build_sheet, format_of, render
from ...planning.options import build_options
from .common import err_console, output_format, planning_errors, print_progress, read_scenario, write_bytes_atomic
from .options import exit_code_of, read_variants


def register(app: typer.Typer) -> None:
    @app.command("offer")
    def offer_command(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)", show_default=False),
        campaign: str = typer.Option(..., "--campaign", help="the brand's campaign", show_default=False),
        creator: Optional[str] = typer.Option(None, "--creator", help="one creator's sheet: the clause varies for "
                                                                      "her booking only"),
        output: Path = typer.Option(..., "-o", "--output", help="the file to write (.html, .pdf or .csv)",
                                    show_default=False),
        fmt: Optional[str] = typer.Option(None, "--format", help=f"{', '.join(FORMATS)} (default: from -o's suffix)",
                                          show_default=False),
        time_limit: Optional[float] = typer.Option(None, "--time-limit", min=0.1,
                                                   help="seconds per variant re-solve (default: the scenario's, "
                                                        "at most 3)"),
        variant_files: Optional[list[Path]] = typer.Option(None, "--variant", show_default=False,
                                                           help="a file of your own proposals, as for roster options"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress"),
    ) -> None:
        """Write the offer sheet of a campaign's clause options: what the brand (or one creator) can be shown."""
        kind = output_format(output, fmt, format_of)
        doc = read_scenario(scenario)
        proposals = read_variants(variant_files or [])
        with planning_errors():
            options = build_options(doc, campaign, creator, time_limit_s=time_limit, variants=proposals,
                                    progress=print_progress("offer", quiet), perspective="brand")
        write_bytes_atomic(output, render(build_sheet(doc, options), kind))
        if not quiet:
            err_console.print(f"offer sheet of {len(options.options)} options written to {output} ({kind}); "
                              f"recommended: {options.recommended or 'none'}", highlight=False, markup=False)
        raise typer.Exit(exit_code_of(options))
