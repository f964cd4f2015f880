"""`mlsd kinds`: the catalog of component kinds, for people writing designs and for tools."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Annotated, Any

import typer

from .._catalog import CATALOG, KindSpec
from ._app import OutputFormat, app

__all__: list[str] = []

ICON_SETS = ("oss", "aws", "gcp", "azure")


# The catalog's yes-or-no traits (hosts_model, slow_store, takes_deploys, monitors, ...).
TRAITS = tuple(f.name for f in fields(KindSpec) if f.type in ("bool", bool))


def _traits(kind: str) -> list[str]:
    return [name for name in TRAITS if getattr(CATALOG[kind], name)]


def _row(kind: str) -> dict[str, Any]:
    spec = CATALOG[kind]
    return {
        "kind": kind,
        "title": spec.title,
        "category": spec.category.value,
        "plane": spec.plane.value,
        "traits": _traits(kind),
        "equivalents": list(spec.equivalents),
        "synonyms": list(spec.synonyms),
        "icons": {name: spec.icons.get(name) for name in ICON_SETS},
    }


@app.command("kinds")
def list_kinds(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for tools.")
    ] = OutputFormat.TEXT,
) -> None:
    """Print the component kinds: category, default plane, traits and icon per icon set."""
    rows = [_row(kind) for kind in CATALOG]
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["kind"]) for r in rows)
    traits = {r["kind"]: ", ".join(r["traits"]) or "-" for r in rows}
    wide = max(len("TRAITS"), *map(len, traits.values()))
    typer.echo(f"{'KIND':<{width}}  {'CATEGORY':<13}  {'PLANE':<8}  {'TRAITS':<{wide}}  ICON (oss)")
    for r in rows:
        icon = r["icons"]["oss"] or "-"
        typer.echo(
            f"{r['kind']:<{width}}  {r['category']:<13}  {r['plane']:<8}  "
            f"{traits[r['kind']]:<{wide}}  {icon}"
        )
    typer.echo("")
    typer.echo("Icons for the aws, gcp and azure sets: mlsd kinds --format json")
