"""mlsd-diagrams: diagram-as-code for machine-learning system design.

    import mlsd_diagrams as mlsd

    design = mlsd.load("ml_system_framework")   # a built-in id, or a .py/.json/.yaml path
    findings = mlsd.validate(design)              # [Finding], errors first
    mlsd.render(design, "out/")                   # out/<id>.png and out/<id>.svg
    design                                        # in Jupyter: drawn inline

Names are imported on first use, so `import mlsd_diagrams` (and so `mlsd --help`) stays light:
no pydantic, no `diagrams` until a design is loaded or drawn.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compose import Blueprint, link
    from .errors import InvalidDesignError, LoadError, MlsdError, RenderError
    from .load import load
    from .model import Card, Component, Design, Flow, Group, Tradeoff
    from .render import RenderOptions, render
    from .rules import Finding, validate

__all__ = [
    "Blueprint",
    "Card",
    "Component",
    "Design",
    "Finding",
    "Flow",
    "Group",
    "InvalidDesignError",
    "LoadError",
    "MlsdError",
    "RenderError",
    "RenderOptions",
    "Tradeoff",
    "link",
    "load",
    "render",
    "validate",
]

_HOMES = {
    "Blueprint": "compose",
    "link": "compose",
    "InvalidDesignError": "errors",
    "LoadError": "errors",
    "MlsdError": "errors",
    "RenderError": "errors",
    "load": "load",
    "Card": "model",
    "Component": "model",
    "Design": "model",
    "Flow": "model",
    "Group": "model",
    "Tradeoff": "model",
    "RenderOptions": "render",
    "render": "render",
    "Finding": "rules",
    "validate": "rules",
}


# Functions named like the module they live in; reach the modules with `from .load import ...`.
_SHADOWED = frozenset({"load", "render"})


class _Package(ModuleType):
    """This package, keeping `load` and `render` the functions once their modules are imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule binds it on its package, which would replace the function of the
        # same name (after a notebook's first inline render, `mlsd.render` would be a module).
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
