"""`mlsd grade`, `diff` and `flashcards`: study tools that compare and drill designs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import (
    AllOpt,
    OutputFormat,
    TargetsArg,
    app,
    err,
    errors_to_exit_codes,
    printable,
    sources,
)

__all__ = ["write_deck"]

FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for tools.")
]


@app.command("grade")
def grade_command(
    mine: Annotated[str, typer.Argument(help="Your design: an id or file.")],
    against: Annotated[str, typer.Option("--against", help="The reference design: an id or file.")],
    output_format: FormatOpt = OutputFormat.TEXT,
) -> None:
    """Grade a design against a reference: score 0-100, missing and extra roles, each check."""
    from .._load import load
    from ..study import grade, grade_json, grade_text

    with errors_to_exit_codes():
        result = grade(load(mine), load(against))
    sys.stdout.write(
        grade_json(result) if output_format is OutputFormat.JSON else printable(grade_text(result))
    )


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The earlier design: an id or file.")],
    new: Annotated[str, typer.Argument(help="The later design: an id or file.")],
    output_format: FormatOpt = OutputFormat.TEXT,
    out_dir: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Also draw OUT/<new id>.diff.svg, changes coloured."),
    ] = None,
) -> None:
    """Components, flows, groups and card fields added, removed and changed from OLD to NEW."""
    from .._load import load
    from ..study import diff, diff_json, diff_text, render_overlay

    with errors_to_exit_codes():
        result = diff(load(old), load(new))
        drawing = render_overlay(result, out_dir) if out_dir is not None else None
    sys.stdout.write(
        diff_json(result) if output_format is OutputFormat.JSON else printable(diff_text(result))
    )
    if drawing is not None:
        err(f"wrote {drawing}")


@app.command("flashcards")
def flashcards_command(
    targets: TargetsArg = None,
    all_builtin: AllOpt = False,
    output: Annotated[
        Path, typer.Option("-o", "--out", help="The Anki package to write (.apkg).")
    ] = Path("mlsd.apkg"),
) -> None:
    """Write an Anki deck: each design's masked diagram, metrics, trade-offs and failure modes
    (the same as `mlsd export ... --to anki -o FILE`)."""
    write_deck(targets, all_builtin, output)


def write_deck(targets: list[str] | None, all_builtin: bool, output: Path) -> None:
    """Load and check the designs, then write their flashcards to `output` and say so."""
    from .._load import load
    from ..rules import require_valid
    from ..study import write_flashcards

    with errors_to_exit_codes():
        designs = [load(source) for source in sources(targets, all_builtin)]
        for design in designs:
            require_valid(design)
        cards = write_flashcards(designs, output)
    typer.echo(f"wrote {output}: {len(cards)} cards from {len(designs)} design(s)")
