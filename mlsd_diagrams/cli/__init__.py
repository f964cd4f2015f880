"""The `mlsd` command line: Typer commands that parse options, call the library once each and map
its errors to exit codes and one-line messages. Each module registers its commands on `app`."""

from __future__ import annotations

from ..cli import (  # noqa: F401  (registration)
    _check,
    _draw,
    _figures,
    _inspect,
    _kinds,
    _schema,
    _study,
    _tools,
    _watch,
)
from ._app import app, main

__all__ = ["app", "main"]
