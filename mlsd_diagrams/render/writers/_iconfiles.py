"""The icons of the `diagrams` package as bytes, for writers that embed them."""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path

from PIL import Image

from ..._errors import RenderError
from ..scene._icons import resources_dir

__all__ = ["icon_bytes", "icon_data", "icon_path", "is_own_icon", "small_icon_data"]


def is_own_icon(relative: str) -> bool:
    """Whether an icon is a design's own file: read anew each time (it may change while
    `mlsd watch` runs), where the package's icons are read once."""
    return Path(relative).is_absolute() and resources_dir() not in Path(relative).parents


def icon_path(relative: str) -> Path:
    """The file of an icon named relative to `resources_dir()`, or a design's own icon (an
    absolute path to a PNG); RenderError when it is missing or names a file outside that
    folder that is not a PNG."""
    if is_own_icon(relative):
        own = Path(relative)
        if own.suffix.lower() != ".png" or not own.is_file():
            raise RenderError(f"icon file {own} is missing or not a PNG; fix the icon's path")
        return own
    path = (resources_dir() / relative).resolve()
    if resources_dir() not in path.parents or not path.is_file():
        raise RenderError(f"icon `{relative}` is missing from the diagrams package; reinstall it")
    return path


def icon_bytes(relative: str) -> bytes:
    """The PNG of an icon named relative to `resources_dir()`, or of a design's own icon;
    RenderError when it is missing."""
    if is_own_icon(relative):
        return icon_path(relative).read_bytes()
    return _package_icon_bytes(relative)


@cache
def _package_icon_bytes(relative: str) -> bytes:
    return icon_path(relative).read_bytes()


def icon_data(relative: str) -> str:
    """An icon as base64 text, for a data URI."""
    return base64.b64encode(icon_bytes(relative)).decode("ascii")


def small_icon_data(relative: str, side: int = 64) -> str:
    """An icon shrunk to fit `side` px, as base64 PNG: for text formats a person edits (D2),
    where the full-size icons would bury the design under hundreds of kilobytes."""
    if is_own_icon(relative):
        return _small(relative, side)
    return _small_package_icon(relative, side)


@cache
def _small_package_icon(relative: str, side: int) -> str:
    return _small(relative, side)


def _small(relative: str, side: int) -> str:
    with Image.open(icon_path(relative)) as image:
        small = image.convert("RGBA")
        small.thumbnail((side, side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, format="PNG", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")
