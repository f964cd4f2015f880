"""`mlsd inspect`: how each diagram, view and model figure of a design reads, measured from its
SVG: on a 16:9 slide, and against SPEC's layout-quality table."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from ._app import EXIT_INVALID, AllOpt, OutputFormat, TargetsArg, app, errors_to_exit_codes, sources

if TYPE_CHECKING:
    from .._model import Design

__all__: list[str] = []

Row = dict[str, object]

# Text columns: a short heading per SPEC row, in the table's order.
_COLUMNS = (
    ("OVL", "text_overlaps", "text overlaps"),
    ("LBL", "labels_on_something_else", "labels on something else"),
    ("THRU", "edges_through_components", "edges through a component"),
    ("TTL", "edges_through_titles", "edges through a title"),
    ("END", "edges_ending_on_outlines", "edges ending on a group outline"),
    ("GAP", "groups_touching", "groups touching"),
    ("ALNG", "edges_along_outlines", "edges along an outline"),
    ("DTR", "long_detours", "long detours"),
    ("CROSS", "crossings", "crossings"),
    ("FAR", "far_labels", "far labels"),
    ("CUT", "cut_names", "cut names"),
    ("EMPTY", "empty_area", "empty area"),
)


def _names(design: Design, drawing: str) -> dict[str, str]:
    """The names a drawing's nodes stand for, by node id: a figure's blocks, else the
    design's components and groups (a collapsed group's box is named like the group)."""
    _, _, figure_id = drawing.partition(".figure-")
    if figure_id:
        figure = next(f for f in design.figures if f.id == figure_id)
        return {b.id: b.label for b in figure.blocks}
    return {g.id: g.label for g in design.groups} | {c.id: c.label for c in design.components}


def _kind(design_id: str, drawing: str) -> str:
    return "whole" if drawing == design_id else "figure" if ".figure-" in drawing else "view"


def _text_report(rows: list[Row], average_miss: str | None) -> None:
    headings = " ".join(f"{h:>{max(len(h), 3)}}" for h, _, _ in _COLUMNS)
    typer.echo(f"{'DRAWING':<44} {'SIZE (pt)':>9} {'ASPECT':>6} {'NAME':>5} {'TEXT':>5} {headings}")
    for r in rows:
        size = f"{float(str(r['width_pt'])):.0f}x{float(str(r['height_pt'])):.0f}"
        cells = []
        for heading, key, _ in _COLUMNS:
            value = f"{float(str(r[key])):.0%}" if key == "empty_area" else str(r[key])
            cells.append(f"{value:>{max(len(heading), 3)}}")
        misses: dict[str, list[str]] = r["misses"]  # type: ignore[assignment]
        flag = f"  ! {sum(len(m) for m in misses.values())}" if misses else ""
        typer.echo(
            f"{r['drawing']!s:<44} {size:>9} {r['aspect']!s:>6} {r['smallest_name_pt']!s:>5} "
            f"{r['smallest_text_pt']!s:>5} {' '.join(cells)}{flag}"
        )
        for key, words in misses.items():
            for line in words:
                typer.echo(f"    {key}: {line}")
    whole = [r for r in rows if r["kind"] == "whole"]
    views = sum(1 for r in rows if r["kind"] == "view")
    figures = len(rows) - len(whole) - views
    crossings = sum(int(str(r["crossings"])) for r in whole)
    average = crossings / max(1, len(whole))
    missed = sum(1 for r in rows if r["misses"])
    typer.echo(
        f"{len(whole)} design(s), {views} view(s)"
        + (f", {figures} figure(s)" if figures else "")
        + f"; {average:.2f} crossings per whole diagram on average; "
        + f"{missed} of {len(rows)} drawing(s) miss a figure"
    )
    if average_miss is not None:
        typer.echo(f"  ! {average_miss}")
    typer.echo("Columns: " + ", ".join(f"{h} {words}" for h, _, words in _COLUMNS) + ".")


@app.command("inspect")
def inspect_command(
    targets: TargetsArg = None,
    all_builtin: AllOpt = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for tools.")
    ] = OutputFormat.TEXT,
    check: Annotated[
        bool,
        typer.Option(help="Exit 1 when a drawing misses a figure of SPEC's layout-quality table."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help="Designs drawn at once.", show_default="cores"),
    ] = None,
) -> None:
    """Measure each diagram, view and model figure from its SVG: size and aspect, the smallest
    name and text on a 16:9 slide (960 x 540 pt), and SPEC's layout-quality rows (overlapping
    text, labels on other ink, edges through components or titles or ending on a group's
    outline, touching groups, edges along outlines, long detours, crossings, far labels, cut
    names, empty area). Each miss is named under its drawing."""
    from .._batch import each_design
    from .._load import load
    from ..render import (
        FIGURE_QUALITY,
        VIEW_QUALITY,
        WHOLE_QUALITY,
        Format,
        LayoutQuality,
        RenderOptions,
        crossings_average_miss,
        drawing_bytes,
        layout_quality,
    )
    from ..rules import require_valid

    options = RenderOptions(formats=(Format.SVG,), all_views=True, figures=True)
    columns = {"whole": WHOLE_QUALITY, "view": VIEW_QUALITY, "figure": FIGURE_QUALITY}

    def measured(design: Design) -> list[tuple[Row, LayoutQuality]]:
        found = []
        files, _ = drawing_bytes(design, options)
        for name, data in files.items():
            drawing = name.removesuffix(".svg")
            kind = _kind(design.id, drawing)
            quality = layout_quality(data.decode("utf-8"), _names(design, drawing))
            row: Row = {"design": design.id, "drawing": drawing, "kind": kind}
            row |= quality.figures()
            row["misses"] = columns[kind].misses(quality)
            found.append((row, quality))
        return found

    with errors_to_exit_codes():
        designs = [load(source) for source in sources(targets, all_builtin)]
        for design in designs:
            require_valid(design)
        per_design = each_design(measured, designs, jobs)
    rows = [row for found in per_design for row, _ in found]
    average_miss = crossings_average_miss(
        [quality for found in per_design for row, quality in found if row["kind"] == "whole"]
    )
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2))
    else:
        _text_report(rows, average_miss)
    if check and (any(r["misses"] for r in rows) or average_miss is not None):
        raise typer.Exit(EXIT_INVALID)
