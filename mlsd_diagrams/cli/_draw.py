"""`mlsd render` and `mlsd export`: files from designs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .._formats import FORMATS, Format, format_list
from ._app import (
    EXIT_INVALID,
    EXIT_USAGE,
    AllOpt,
    TargetsArg,
    app,
    choice,
    err,
    errors_to_exit_codes,
    fail,
    sources,
)

if TYPE_CHECKING:
    from .._batch import BatchOutcome
    from .._model import Design

__all__: list[str] = []

_THEME_HELP = (
    "light, dark, or auto (an SVG that follows the reader's light or dark setting; other "
    "formats are light)."
)

_TEXT = [f for f in Format if FORMATS[f].text]
ANKI = "anki"
"""`--to anki`: flashcards of several designs, a study package rather than a drawing."""


@app.command()
def render(
    targets: TargetsArg = None,
    all_builtin: AllOpt = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "-f",
            "--format",
            help=f"{format_list()}; repeat for several.",
            show_default="png and svg",
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
    theme: Annotated[str, typer.Option(help=_THEME_HELP)] = "light",
    icons: Annotated[str, typer.Option(help="oss, aws, gcp, azure or boxes.")] = "oss",
    dpi: Annotated[
        int | None,
        typer.Option(
            min=36,
            max=1200,
            help="PNG resolution.",
            show_default="150, long side capped at 3840 px",
        ),
    ] = None,
    transparent: Annotated[bool, typer.Option(help="Transparent background.")] = False,
    legend: Annotated[
        bool, typer.Option(help="Key of the flow kinds and planes under the title.")
    ] = True,
    frames: Annotated[
        bool,
        typer.Option(help="Also write build-up frames OUT/<id>.frame-NN.<format> for slides."),
    ] = False,
    view: Annotated[
        list[str] | None,
        typer.Option(
            "--view",
            help="Also write this view, OUT/<id>.view-NAME.<format>: overview, a top-level "
            "group's id, or a view the design declares; repeat for several.",
            show_default=False,
        ),
    ] = None,
    views: Annotated[bool, typer.Option("--views", help="Also write every view.")] = False,
    figures: Annotated[
        bool,
        typer.Option(
            "--figures", help="Also write each model figure, OUT/<id>.figure-NAME.<format>."
        ),
    ] = False,
    check: Annotated[
        bool, typer.Option(help="Write nothing; exit 1 when committed output is out of date.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help="Designs rendered at once.", show_default="cores"),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Render even designs whose outputs are up to date.")
    ] = False,
    mask: Annotated[
        bool,
        typer.Option(help="Practice: numbered labels in <id>_masked.*, answers in <id>.key.md."),
    ] = False,
) -> None:
    """Render designs to OUT/<id>.<format>, laid out once per design."""
    from .._batch import check_many, render_many
    from .._load import load
    from ..render import IconSet, RenderOptions, ThemeName

    options = RenderOptions(
        formats=tuple(choice(Format, f, "--format") for f in (formats or ["png", "svg"])),
        theme=choice(ThemeName, theme, "--theme"),
        icons=choice(IconSet, icons, "--icons"),
        dpi=dpi,
        transparent=transparent,
        legend=legend,
        frames=frames,
        views=tuple(view or ()),
        all_views=views,
        figures=figures,
    )
    stale: list[Path] = []
    with errors_to_exit_codes():
        designs: list[Design] = [load(s) for s in sources(targets, all_builtin)]
        keys: dict[str, str] = {}
        if mask:
            designs, keys = _mask_all(designs)
        if check:
            stale = check_many(designs, out_dir, options, jobs=jobs)
        else:
            _note_shared_folder(designs, out_dir)
            render_many(designs, out_dir, options, jobs=jobs, force=force, on_done=_report)
            _write_keys(keys, out_dir)
    if stale:
        for path in stale:
            err(f"{path} is out of date; run `mlsd render` without --check and commit it")
        raise typer.Exit(EXIT_INVALID)
    if check:
        typer.echo(f"{len(designs)} design(s) up to date in {out_dir}")


def _note_shared_folder(designs: list[Design], out_dir: Path) -> None:
    """A note when designs of one's own go into a folder holding the built-in designs' files
    (the checkout's committed `output/`, by default), where they would be mixed in."""
    from .._load import builtin_ids

    builtin = builtin_ids()
    if all(d.id in builtin for d in designs):
        return
    if any((out_dir / f"{design_id}.svg").is_file() for design_id in builtin):
        err(
            f"note: writing into {out_dir}, which holds the built-in designs' files; "
            "pass -o to keep yours apart"
        )


def _report(outcome: BatchOutcome) -> None:
    """One line per design as it finishes: its files, or why it was skipped."""
    if outcome.skipped:
        typer.echo(f"{outcome.design_id}: up to date, skipped (--force renders anyway)")
        return
    for warning in outcome.result.warnings:
        err(f"design `{outcome.design_id}`: {warning}")
    typer.echo(" ".join(str(p) for p in outcome.result.paths))


@app.command()
def export(
    targets: Annotated[
        list[str],
        typer.Argument(help="A design id or file (several for --to anki).", show_default=False),
    ],
    to_name: Annotated[
        str,
        typer.Option(
            "--to",
            help=f"{format_list(_TEXT)}, or anki (flashcards of every design named, to -o "
            "FILE.apkg).",
        ),
    ] = Format.JSON.value,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write to this file instead of stdout.")
    ] = None,
    theme: Annotated[str, typer.Option(help=_THEME_HELP)] = "light",
    icons: Annotated[str, typer.Option(help="oss, aws, gcp, azure or boxes.")] = "oss",
    figure: Annotated[
        str | None,
        typer.Option(
            "--figure",
            help="Export this model figure of the design instead (drawio, excalidraw, mermaid, "
            "d2); `mlsd figures TARGET` lists them.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the validated design as JSON or YAML (the schema the loader reads), as a Python
    module that builds an equal design, or as a drawing tool's file (draw.io, Excalidraw, Mermaid,
    D2; laid out as the images are); with -o, write it to a file. `--to anki -o FILE.apkg`
    writes flashcards of every design named."""
    from .._load import load
    from ..rules import require_valid

    if to_name.lower() == ANKI:
        _export_flashcards(targets, out)
        return
    to = choice(Format, to_name, "--to", {"yml": Format.YAML})
    if to not in _TEXT:
        fail(
            f"--to {to.value} is not text; write it with `mlsd render TARGET -f {to.value}`",
            EXIT_USAGE,
        )
    if len(targets) != 1:
        fail(
            f"--to {to.value} writes one design; name one (several go together only in a "
            "flashcard deck, --to anki)",
            EXIT_USAGE,
        )
    figures = (Format.DRAWIO, Format.EXCALIDRAW, Format.MERMAID, Format.D2)
    if figure is not None and to not in figures:
        fail(
            f"--figure exports a drawing: use it with --to drawio, excalidraw, mermaid or d2, "
            f"not --to {to.value}",
            EXIT_USAGE,
        )
    with errors_to_exit_codes():
        from ..render import IconSet, RenderOptions, ThemeName, figure_bytes, single_format

        options = RenderOptions(
            theme=choice(ThemeName, theme, "--theme"), icons=choice(IconSet, icons, "--icons")
        )
        design = load(targets[0])
        require_valid(design)
        if figure is not None:
            if figure not in {f.id for f in design.figures}:
                known = ", ".join(f"`{f.id}`" for f in design.figures) or "none"
                fail(
                    f"`{design.id}` has no figure `{figure}`; its figures: {known} "
                    f"(mlsd figures {targets[0]})",
                    EXIT_USAGE,
                )
            text = figure_bytes(design, figure, to, options).decode("utf-8")
        else:
            text = single_format(design, to, options).decode("utf-8")
        if out is not None:
            from .._files import write_text

            typer.echo(str(write_text(out, text)))
            return
    sys.stdout.write(text)


def _export_flashcards(targets: list[str], out: Path | None) -> None:
    """`export --to anki`: one deck of the named designs' flashcards, written to -o."""
    from ._tools import write_deck

    if out is None:
        fail("--to anki writes a package: name it with -o FILE.apkg", EXIT_USAGE)
    write_deck(targets, False, out)


def _mask_all(designs: list[Design]) -> tuple[list[Design], dict[str, str]]:
    """Practice copies of the designs, and each one's answer key by the original id."""
    from ..rules import require_valid
    from ..study import mask

    masked, keys = [], {}
    for design in designs:
        # Findings name the design as written; in its numbered copy they would name `c1`, `c2`.
        require_valid(design)
        copy, key = mask(design)
        masked.append(copy)
        keys[design.id] = key
    return masked, keys


def _write_keys(keys: dict[str, str], out_dir: Path) -> None:
    from .._files import write_text

    for design_id, key in keys.items():
        typer.echo(str(write_text(out_dir / f"{design_id}.key.md", key)))
