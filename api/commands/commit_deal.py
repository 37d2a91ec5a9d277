"""`roster commit-deal SCENARIO DEAL --id ID -o NEW`: sign a checked deal as a commitment of a new scenario file.

DEAL is the deal as ``POST /check`` takes it (a commitment without an id), JSON
or YAML.  The new scenario/1 goes to ``-o`` (written whole or not at all; ``-``
for stdout); the input is never changed unless ``-o`` names it.  Exit codes: 0
signed, 2 bad input (the scenario, the deal, the id) or a deal that conflicts
with what the scenario has already signed (without ``--force``), each error
naming its field path.
"""

from __future__ import annotations

from pathlib import Path

import typer
from pydantic import ValidationError

from ...models import DocumentError, FieldIssue, dump_json
from ...models.enforcement import Deal
from ...models.errors import issues_from_validation_error
from ...models.io import read_source
from ...models.paths import ROOT
from ...planning.contracts import commit_deal, commitment_path
from .common import EXIT_OK, err_console, fail_input, read_scenario, write_text_or_stdout


def read_deal(path: Path) -> Deal:
    """A deal file, strict like every document: unknown fields and bad dates are errors by path."""
    try:
        data = read_source(path, "deal")
        if not isinstance(data, dict):
            raise DocumentError([FieldIssue("", "a deal document must be a JSON object")], document="deal")
        return Deal.model_validate(data)
    except ValidationError as exc:
        fail_input(DocumentError(issues_from_validation_error(exc), document="deal"))
    except DocumentError as exc:
        fail_input(exc)
    raise AssertionError  # unreachable


def output_target(output: Path) -> Path | None:
    """``-o -`` is stdout."""
    return None if str(output) == "-" else output


def register(app: typer.Typer) -> None:
    @app.command("commit-deal")
    def commit_deal_command(
        scenario: Path = typer.Argument(..., help="scenario/1 file (JSON or YAML)", show_default=False),
        deal: Path = typer.Argument(..., help="the deal (JSON or YAML), as POST /check takes it: a commitment "
                                              "without an id", show_default=False),
        commitment_id: str = typer.Option(..., "--id", help="the new commitment's id", show_default=False),
        output: Path = typer.Option(..., "-o", "--output", help="write the new scenario/1 here ('-': stdout); "
                                                                "may name SCENARIO to edit it in place",
                                    show_default=False),
        force: bool = typer.Option(False, "--force", help="sign the deal even when it conflicts with the "
                                                          "scenario's commitments or signed bookings"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no message on stderr"),
    ) -> None:
        """Sign a deal: it becomes a commitment of a new scenario file, which every later roster plans around.

        Exit codes: 0 signed, 2 bad input or a conflict with what is already signed (without --force).
        """
        before = read_scenario(scenario)
        proposed = read_deal(deal)
        try:
            signed = commit_deal(before, proposed, commitment_id, force=force, deal_path=ROOT)
        except DocumentError as exc:
            fail_input(exc)
        target = output_target(output)
        write_text_or_stdout(dump_json(signed), target)
        if not quiet:
            where = "stdout" if target is None else str(target)
            err_console.print(f"signed {commitment_id} as {commitment_path(signed, commitment_id)}; wrote {where}",
                              highlight=False, markup=False)
        raise typer.Exit(EXIT_OK)
