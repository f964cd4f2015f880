"""`mlsd grade`, `diff`, `compare` and `flashcards`: study tools that compare and drill designs."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._app import (
    EXIT_USAGE,
    AllOpt,
    OutputFormat,
    TargetsArg,
    app,
    err,
    errors_to_exit_codes,
    fail,
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


class CompareFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


@app.command("compare")
def compare_command(
    targets: Annotated[
        list[str],
        typer.Argument(help="Two or more designs (ids or files), one column each."),
    ],
    output_format: Annotated[
        CompareFormat,
        typer.Option("--format", help="text for people, json for tools, markdown for notes."),
    ] = CompareFormat.TEXT,
    out_dir: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Also write OUT/<a>-vs-<b>.svg (a slide) and .md."),
    ] = None,
) -> None:
    """The trade-off matrix of operational debt, computed from the designs' graphs: stores,
    batch and stream jobs, duplicated paths, technologies, on-call, latency, freshness."""
    from .._load import load
    from ..study import compare, compare_json, compare_markdown, compare_text, write_compare

    if len(targets) < 2:
        fail("name at least two designs to compare, e.g. `mlsd compare A B`", EXIT_USAGE)
    with errors_to_exit_codes():
        designs = [load(target) for target in targets]
        ids = [d.id for d in designs]
        repeated = next((i for i in ids if ids.count(i) > 1), None)
        if repeated is not None:
            fail(f"`{repeated}` is named twice; compare different designs", EXIT_USAGE)
        result = compare(designs)
        written = write_compare(result, out_dir) if out_dir is not None else []
    writers = {
        CompareFormat.TEXT: compare_text,
        CompareFormat.JSON: compare_json,
        CompareFormat.MARKDOWN: compare_markdown,
    }
    sys.stdout.write(writers[output_format](result))
    for path in written:
        err(f"wrote {path}")


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
