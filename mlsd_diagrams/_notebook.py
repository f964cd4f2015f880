"""Notebook display: IPython draws a `Design` or a `Blueprint` inline as SVG, one drawing each,
and shows an invalid one's findings as an HTML table instead of a bare repr.

The package registers these with IPython by type name (see `mlsd_diagrams.__init__`) as mime
bundles (what a `_repr_mimebundle_` method gives), so the model knows nothing of rendering
and nothing heavy loads before the first display; a PNG is there on request
(`mlsd_diagrams.png_bytes(design)` with `IPython.display.Image`).
"""

from __future__ import annotations

from html import escape
from typing import Any

from pydantic import ValidationError

from ._diagnostics import Finding, schema_findings
from ._errors import InvalidDesignError
from ._facade import svg_text
from ._model import Design
from .compose import Blueprint

__all__ = ["blueprint_bundle", "design_bundle", "findings_html"]

_SVG, _HTML = "image/svg+xml", "text/html"


def design_bundle(
    design: Design, include: Any = None, exclude: Any = None
) -> dict[str, str] | None:
    """What IPython shows of a design, as `_repr_mimebundle_` gives it: its SVG when it is
    valid, else the table of its findings (the text form is added by IPython either way)."""
    try:
        return {_SVG: svg_text(design)}
    except InvalidDesignError as error:
        return {_HTML: findings_html(design.id, error.findings)}


def blueprint_bundle(
    blueprint: Blueprint, include: Any = None, exclude: Any = None
) -> dict[str, str] | None:
    """The bundle of what the blueprint builds so far."""
    try:
        design = blueprint.build()
    except ValidationError as error:
        return {_HTML: findings_html(blueprint.id, schema_findings(error))}
    return design_bundle(design)


def findings_html(design_id: str, findings: list[Finding]) -> str:
    """A small self-contained table: one row per finding, with where it is and how to fix it."""
    count = len(findings)
    rows = "".join(
        "<tr>"
        f"<td style='color:{'#b00020' if f.severity.value == 'error' else '#8a6d00'}'>"
        f"{escape(f.severity.value)}</td>"
        f"<td><code>{escape(f.code)}</code></td>"
        f"<td><code>{escape(f.subject or '')}</code></td>"
        f"<td>{escape(f.message)}</td>"
        f"<td>{escape(f.hint)}</td>"
        "</tr>"
        for f in findings
    )
    return (
        "<div class='mlsd-findings'>"
        f"<p><strong>{escape(design_id)}</strong> is not a valid design: "
        f"{count} finding{'s' if count != 1 else ''}, nothing drawn.</p>"
        "<table><thead><tr><th>severity</th><th>code</th><th>where</th><th>finding</th>"
        f"<th>how to fix it</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )
