"""The exceptions the library raises; the CLI maps each to an exit code.

MlsdError                 root: catch this to catch them all
 +-- LoadError            a target cannot be read: unknown id, missing file, broken module (exit 2)
 +-- InvalidDesignError   a design has error findings, schema misfits (E100) included (exit 1)
 +-- RenderError          the environment failed: Graphviz or the file system (exit 3)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._diagnostics import Finding

__all__ = ["InvalidDesignError", "LoadError", "MlsdError", "RenderError"]


class MlsdError(Exception):
    """Root of every error mlsd-diagrams raises on purpose; its message is one line for a user."""


class LoadError(MlsdError):
    """A target could not be read or imported."""


class InvalidDesignError(MlsdError):
    """A design (or a document meant to be one) breaks error-level rules."""

    def __init__(self, source: str, findings: list[Finding]) -> None:
        self.source = source
        self.findings = findings
        first = findings[0] if findings else None
        detail = f": {first.code} {first.message}" if first else ""
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(f"{source} is not a valid design{detail}{more}")


class RenderError(MlsdError):
    """Graphviz or the file system failed while rendering."""
