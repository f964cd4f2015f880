"""The one-call drawing functions of the public surface: validate once, at the edge, then draw."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ._model import Design
from .render import (
    Format,
    RenderOptions,
    RenderResult,
    drawing_bytes,
    single_format,
    write_design,
)
from .rules import require_valid

__all__ = ["png_bytes", "render", "svg_text"]


def render(
    design: Design, out_dir: str | Path = "output", options: RenderOptions | None = None
) -> RenderResult:
    """Write `<out_dir>/<id>.<fmt>` for each format, laid out once, each file appearing whole.

    Raises InvalidDesignError for a design with errors (nothing is written) and RenderError when
    Graphviz or the file system fails (earlier files are left as they were).
    """
    require_valid(design)
    return write_design(design, out_dir, options)


def svg_text(
    design: Design, options: RenderOptions | None = None, *, view: str | None = None
) -> str:
    """The finished SVG of a valid design, or of one of its views, as text (for notebooks and
    web pages); MlsdError naming the design's views when it has no view `view`."""
    require_valid(design)
    if view is None:
        return single_format(design, Format.SVG, options).decode("utf-8")
    asked = replace(
        options or RenderOptions(),
        formats=(Format.SVG,),
        views=(view,),
        frames=False,
        all_views=False,
    )
    files, _ = drawing_bytes(design, asked)
    return files[f"{design.id}.view-{view}.svg"].decode("utf-8")


def png_bytes(design: Design, options: RenderOptions | None = None) -> bytes:
    """The finished PNG of a valid design, as bytes."""
    require_valid(design)
    return single_format(design, Format.PNG, options)
