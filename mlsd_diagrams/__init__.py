"""mlsd-diagrams: diagram-as-code for machine-learning system design.

    import mlsd_diagrams as mlsd

    design = mlsd.load("ml_system_framework")   # a built-in id, or a .py/.json/.yaml path
    findings = mlsd.validate(design)              # [Finding], errors first
    mlsd.render(design, "out/")                   # out/<id>.png and out/<id>.svg
    design                                        # in Jupyter: drawn inline (SVG)

Names are imported on first use, so `import mlsd_diagrams` (and so `mlsd --help`) stays light:
no pydantic, no `diagrams` until a design is loaded or drawn.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._diagnostics import Finding
    from ._errors import InvalidDesignError, LoadError, MlsdError, RenderError
    from ._facade import png_bytes, render, svg_text
    from ._load import load, load_text
    from ._model import (
        Card,
        Component,
        DebtRow,
        Design,
        Estimate,
        Evidence,
        FailureMode,
        Figure,
        FigureBlock,
        FigureGroup,
        FigureLink,
        Flow,
        Group,
        RubricPoint,
        Tradeoff,
        View,
    )
    from .compose import Blueprint, link
    from .render import RenderOptions
    from .rules import validate

__all__ = [
    "Blueprint",
    "Card",
    "Component",
    "DebtRow",
    "Design",
    "Estimate",
    "Evidence",
    "FailureMode",
    "Figure",
    "FigureBlock",
    "FigureGroup",
    "FigureLink",
    "Finding",
    "Flow",
    "Group",
    "InvalidDesignError",
    "LoadError",
    "MlsdError",
    "RenderError",
    "RenderOptions",
    "RubricPoint",
    "Tradeoff",
    "View",
    "link",
    "load",
    "load_text",
    "png_bytes",
    "render",
    "svg_text",
    "validate",
]

_HOMES = {
    "Blueprint": "compose",
    "link": "compose",
    "Finding": "_diagnostics",
    "InvalidDesignError": "_errors",
    "LoadError": "_errors",
    "MlsdError": "_errors",
    "RenderError": "_errors",
    "png_bytes": "_facade",
    "render": "_facade",
    "svg_text": "_facade",
    "load": "_load",
    "load_text": "_load",
    "Card": "_model",
    "Component": "_model",
    "DebtRow": "_model",
    "Design": "_model",
    "Estimate": "_model",
    "Evidence": "_model",
    "FailureMode": "_model",
    "Figure": "_model",
    "FigureBlock": "_model",
    "FigureGroup": "_model",
    "FigureLink": "_model",
    "Flow": "_model",
    "Group": "_model",
    "RubricPoint": "_model",
    "Tradeoff": "_model",
    "View": "_model",
    "RenderOptions": "render",
    "validate": "rules",
}


# A function named like a subpackage; reach the package with `from .render import ...`.
_SHADOWED = frozenset({"render"})


class _Package(ModuleType):
    """This package, keeping `load` and `render` the functions once their modules are imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a subpackage binds it on its package, which would replace the function of
        # the same name (after the first render, `mlsd.render` would be the package).
        if name in _SHADOWED and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'mlsd_diagrams' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _shown_by(name: str) -> Callable[[Any], Any]:
    """A display function of `_notebook`, imported on the first display, not before."""

    def show(value: Any) -> Any:
        return getattr(importlib.import_module("._notebook", __name__), name)(value)

    return show


def _register_notebook_display() -> None:
    """Inside IPython (Jupyter), designs and blueprints draw themselves inline as SVG, and an
    invalid one shows its findings as HTML: one mime bundle each, as a `_repr_mimebundle_`
    method would give it, so a display validates once and draws once."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    bundle = shell.display_formatter.mimebundle_formatter
    bundle.for_type_by_name(f"{__name__}._model", "Design", _shown_by("design_bundle"))
    bundle.for_type_by_name(
        f"{__name__}.compose._blueprint", "Blueprint", _shown_by("blueprint_bundle")
    )


_register_notebook_display()
