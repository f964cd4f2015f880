"""Composing designs in Python: `Blueprint` and `link`, the building blocks, and the inverse,
Python source that rebuilds a design (`mlsd new`, `mlsd export --to py`)."""

from __future__ import annotations

from ._blueprint import Blueprint, Link, Node, link
from ._codegen import module_source, starter_design, starter_figure, starter_source
from ._figure import BlockNode, FigureBuilder

__all__ = [
    "BlockNode",
    "Blueprint",
    "FigureBuilder",
    "Link",
    "Node",
    "link",
    "module_source",
    "starter_design",
    "starter_figure",
    "starter_source",
]
