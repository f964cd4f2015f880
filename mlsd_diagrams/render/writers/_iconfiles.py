"""The icons of the `diagrams` package as bytes, for writers that embed them."""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path

from PIL import Image

from ..._errors import RenderError
from ..layout._dot import resources_dir

__all__ = ["icon_bytes", "icon_data", "icon_path", "small_icon_data"]


def icon_path(relative: str) -> Path:
    """The file of an icon named relative to `resources_dir()`; RenderError when it is missing
    or names a file outside that folder."""
    path = (resources_dir() / relative).resolve()
    if resources_dir() not in path.parents or not path.is_file():
        raise RenderError(f"icon `{relative}` is missing from the diagrams package; reinstall it")
    return path


@cache
def icon_bytes(relative: str) -> bytes:
    """The PNG of an icon named relative to `resources_dir()`; RenderError when it is missing."""
    return icon_path(relative).read_bytes()


def icon_data(relative: str) -> str:
    """An icon as base64 text, for a data URI."""
    return base64.b64encode(icon_bytes(relative)).decode("ascii")


@cache
def small_icon_data(relative: str, side: int = 64) -> str:
    """An icon shrunk to fit `side` px, as base64 PNG: for text formats a person edits (D2),
    where the full-size icons would bury the design under hundreds of kilobytes."""
    with Image.open(icon_path(relative)) as image:
        small = image.convert("RGBA")
        small.thumbnail((side, side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")
