"""`mlsd kinds`: the catalog of component kinds, for people writing designs and for tools."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from .._catalog import BLOCK_CATALOG, CATALOG, kinds_taking_deploys
from ._app import OutputFormat, app

__all__: list[str] = []

ICON_SETS = ("oss", "aws", "gcp", "azure")


def _traits(kind: str) -> list[str]:
    spec = CATALOG[kind]
    traits = []
    if spec.hosts_model:
        traits.append("hosts_model")
    if spec.slow_store:
        traits.append("slow_store")
    if kind in kinds_taking_deploys() and not spec.hosts_model:
        traits.append("takes_deploys")
    return traits


def _row(kind: str) -> dict[str, Any]:
    spec = CATALOG[kind]
    return {
        "kind": kind,
        "title": spec.title,
        "category": spec.category.value,
        "plane": spec.plane.value,
        "traits": _traits(kind),
        "icons": {name: spec.icons.get(name) for name in ICON_SETS},
    }


@app.command("kinds")
def list_kinds(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for tools.")
    ] = OutputFormat.TEXT,
    blocks: Annotated[
        bool, typer.Option("--blocks", help="The block kinds of model figures instead.")
    ] = False,
) -> None:
    """Print the component kinds: category, default plane, traits and icon per icon set."""
    if blocks:
        _list_block_kinds(output_format)
        return
    rows = [_row(kind) for kind in CATALOG]
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["kind"]) for r in rows)
    typer.echo(f"{'KIND':<{width}}  {'CATEGORY':<13}  {'PLANE':<8}  {'TRAITS':<24}  ICON (oss)")
    for r in rows:
        traits = ", ".join(r["traits"]) or "-"
        icon = r["icons"]["oss"] or "-"
        typer.echo(
            f"{r['kind']:<{width}}  {r['category']:<13}  {r['plane']:<8}  {traits:<24}  {icon}"
        )
    typer.echo("")
    typer.echo("Icons for the aws, gcp and azure sets: mlsd kinds --format json")


def _list_block_kinds(output_format: OutputFormat) -> None:
    rows: list[dict[str, Any]] = [
        {
            "kind": spec.kind,
            "title": spec.title,
            "description": spec.description,
            "shape": spec.shape,
            "family": spec.family.value,
            "keeps_shape": spec.keeps_shape,
            "needs_loss": spec.needs_loss,
        }
        for spec in BLOCK_CATALOG.values()
    ]
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["kind"]) for r in rows)
    typer.echo(f"{'KIND':<{width}}  {'FAMILY':<10}  {'OUTLINE':<13}  DESCRIPTION")
    for r in rows:
        typer.echo(f"{r['kind']:<{width}}  {r['family']:<10}  {r['shape']:<13}  {r['description']}")
