"""`mlsd schema`: the JSON Schema of a design document, for editors and validators."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, errors_to_exit_codes

__all__ = ["SCHEMA_FILE", "schema_text"]

SCHEMA_FILE = "mlsd.schema.json"
"""The name `mlsd new --format yaml|json` gives the schema it writes beside a design file."""


def schema_text() -> str:
    from .._model import design_schema

    return json.dumps(design_schema(), indent=2, ensure_ascii=False) + "\n"


@app.command("schema")
def schema_command(
    output: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write the schema to this file, not stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of a design file (JSON or YAML), field descriptions included.

    Point an editor at it to complete and check design files as you type, e.g. with the line
    `# yaml-language-server: $schema=mlsd.schema.json` at the top of a YAML design.
    """
    from .._files import write_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    with errors_to_exit_codes():
        typer.echo(f"wrote {write_text(output, text)}")
