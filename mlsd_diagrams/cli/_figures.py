"""`mlsd figures`: the model figures of designs, what they draw and how big they are."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ._app import OutputFormat, TargetsArg, app, errors_to_exit_codes, sources

__all__: list[str] = []


@app.command("figures")
def list_figures(
    targets: TargetsArg = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for tools.")
    ] = OutputFormat.TEXT,
) -> None:
    """List the model figures of designs (every built-in design when none is named)."""
    from .._load import load

    rows: list[dict[str, Any]] = []
    with errors_to_exit_codes():
        for source in sources(targets, all_builtin=not targets):
            design = load(source)
            rows += [
                {
                    "design": design.id,
                    "id": f.id,
                    "title": f.title,
                    "component": f.component,
                    "direction": f.direction,
                    "training": f.training,
                    "blocks": len(f.blocks),
                    "links": len(f.links),
                }
                for f in design.figures
            ]
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("no figures (add one with bp.figure(...); `mlsd new ID --figure` shows how)")
        return
    design_w = max(len(r["design"]) for r in rows)
    id_w = max(len(r["id"]) for r in rows)
    comp_w = max(len(r["component"] or "-") for r in rows)
    typer.echo(
        f"{'DESIGN':<{design_w}}  {'FIGURE':<{id_w}}  {'COMPONENT':<{comp_w}}  "
        f"{'BLOCKS':>6}  {'LINKS':>5}  TITLE"
    )
    for r in rows:
        title = r["title"] + (" (training)" if r["training"] else "")
        typer.echo(
            f"{r['design']:<{design_w}}  {r['id']:<{id_w}}  {r['component'] or '-':<{comp_w}}  "
            f"{r['blocks']:>6}  {r['links']:>5}  {title}"
        )
    typer.echo(f"{len(rows)} figures in {len({r['design'] for r in rows})} designs")
