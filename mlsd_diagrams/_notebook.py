"""Notebook display: IPython draws a `Design` or a `Blueprint` inline as SVG, one drawing each.

The package registers these with IPython by type name (see `mlsd_diagrams.__init__`), so the
model knows nothing of rendering and nothing heavy loads before the first display; a PNG is
there on request (`mlsd_diagrams.png_bytes(design)` with `IPython.display.Image`).
"""

from __future__ import annotations

from ._errors import InvalidDesignError
from ._facade import svg_text
from ._model import Design
from .compose import Blueprint

__all__ = ["blueprint_svg", "design_svg"]


def design_svg(design: Design) -> str | None:
    """The SVG IPython shows for a design; None (so the text form shows) when it is invalid."""
    try:
        return svg_text(design)
    except InvalidDesignError:
        return None


def blueprint_svg(blueprint: Blueprint) -> str | None:
    """The SVG of what the blueprint builds so far."""
    try:
        design = blueprint.build()
    except ValueError:  # pydantic's ValidationError among them: nothing drawable yet
        return None
    return design_svg(design)
