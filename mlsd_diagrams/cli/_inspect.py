"""`mlsd inspect`: how each diagram, view and model figure of a design reads on a 16:9 slide."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from ._app import EXIT_INVALID, AllOpt, OutputFormat, TargetsArg, app, errors_to_exit_codes, sources

__all__: list[str] = []


@app.command("inspect")
def inspect_command(
    targets: TargetsArg = None,
    all_builtin: AllOpt = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for tools.")
    ] = OutputFormat.TEXT,
    check: Annotated[
        bool, typer.Option(help="Exit 1 when a drawing misses SPEC's slide figures.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help="Designs drawn at once.", show_default="cores"),
    ] = None,
) -> None:
    """Report each diagram, view and model figure fitted to a 16:9 slide (960 x 540 pt): size,
    aspect, smallest name and text in points, edge crossings, components and flows."""
    from .._batch import each_design
    from .._load import load
    from .._model import Design
    from ..render import (
        FULL,
        VIEW,
        Format,
        RenderOptions,
        SlideTargets,
        drawing_bytes,
        slide_figures,
    )
    from ..rules import require_valid

    options = RenderOptions(formats=(Format.SVG,), all_views=True, figures=True)
    # A model figure is drawn at its own aspect (a chain of blocks is long and low); SPEC holds
    # it to the view's text sizes and to no crossings at all.
    figure_targets = SlideTargets(0.0, float("inf"), VIEW.min_name_pt, VIEW.min_text_pt, 0)

    def figures_of(design: Design) -> list[dict[str, object]]:
        rows = []
        files, _ = drawing_bytes(design, options)
        for name, data in files.items():
            drawing = name.removesuffix(".svg")
            figures = slide_figures(data.decode("utf-8"))
            targets_ = (
                FULL if drawing == design.id else figure_targets if ".figure-" in drawing else VIEW
            )
            rows.append(
                {"design": design.id, "drawing": drawing, **asdict(figures)}
                | {"misses": targets_.misses(figures)}
            )
        return rows

    with errors_to_exit_codes():
        designs = [load(source) for source in sources(targets, all_builtin)]
        for design in designs:
            require_valid(design)
        per_design = each_design(figures_of, designs, jobs)
        rows = [row for design_rows in per_design for row in design_rows]
    full = [r for r in rows if r["design"] == r["drawing"]]
    average = sum(int(str(r["crossings"])) for r in full) / max(1, len(full))
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2))
    else:
        typer.echo(
            f"{'DRAWING':<48} {'SIZE (pt)':>11} {'ASPECT':>6} {'NAME':>5} {'TEXT':>5} "
            f"{'CROSS':>5} {'COMP':>4} {'FLOWS':>5}"
        )
        for r in rows:
            size = f"{float(str(r['width_pt'])):.0f}x{float(str(r['height_pt'])):.0f}"
            flag = "  ! " + "; ".join(r["misses"]) if r["misses"] else ""  # type: ignore[arg-type]
            typer.echo(
                f"{r['drawing']!s:<48} {size:>11} {r['aspect']:>6} {r['smallest_name_pt']:>5} "
                f"{r['smallest_text_pt']:>5} {r['crossings']:>5} {r['nodes']:>4} "
                f"{r['edges']:>5}{flag}"
            )
        drawn_figures = sum(1 for r in rows if ".figure-" in str(r["drawing"]))
        figures_note = f", {drawn_figures} figure(s)" if drawn_figures else ""
        typer.echo(
            f"{len(full)} design(s), {len(rows) - len(full) - drawn_figures} view(s)"
            f"{figures_note}; {average:.2f} crossings per whole diagram on average"
        )
    if check and (any(r["misses"] for r in rows) or average > 1):
        raise typer.Exit(EXIT_INVALID)
