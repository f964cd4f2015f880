"""The formats mlsd writes, as a light table (no rendering imports), so the CLI's choices and
help come from it; `render.writers` holds the writer of each row."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = ["FORMATS", "Format", "FormatInfo", "format_list"]


class Format(StrEnum):
    PNG = "png"
    SVG = "svg"
    PDF = "pdf"
    DOT = "dot"
    PPTX = "pptx"
    DRAWIO = "drawio"
    DRAWIO_SVG = "drawio-svg"
    EXCALIDRAW = "excalidraw"
    MERMAID = "mermaid"
    D2 = "d2"
    JSON = "json"
    YAML = "yaml"
    PY = "py"


@dataclass(frozen=True)
class FormatInfo:
    """What a format is, for the CLI and the file names."""

    summary: str
    suffix: str
    reads: Literal["drawing", "deck", "design"]
    """A positioned drawing (a file per drawing), the drawings of a design (one deck), or the
    design alone (text that needs no positions)."""
    text: bool
    """Text, so `mlsd export` can print it."""


FORMATS: dict[Format, FormatInfo] = {
    Format.PNG: FormatInfo("PNG image", "png", "drawing", text=False),
    Format.SVG: FormatInfo("SVG image, icons embedded", "svg", "drawing", text=True),
    Format.PDF: FormatInfo("PDF", "pdf", "drawing", text=False),
    Format.DOT: FormatInfo("Graphviz DOT of the drawing", "dot", "drawing", text=True),
    Format.PPTX: FormatInfo("PowerPoint deck of editable shapes", "pptx", "deck", text=False),
    Format.DRAWIO: FormatInfo("draw.io file", "drawio", "drawing", text=True),
    Format.DRAWIO_SVG: FormatInfo(
        "SVG that draw.io opens editable", "drawio.svg", "drawing", text=True
    ),
    Format.EXCALIDRAW: FormatInfo("Excalidraw file", "excalidraw", "drawing", text=True),
    Format.MERMAID: FormatInfo("Mermaid flowchart", "mmd", "design", text=True),
    Format.D2: FormatInfo("D2 diagram", "d2", "design", text=True),
    Format.JSON: FormatInfo("the design as JSON", "json", "design", text=True),
    Format.YAML: FormatInfo("the design as YAML", "yaml", "design", text=True),
    Format.PY: FormatInfo("a Python module that builds the design", "py", "design", text=True),
}


def format_list(formats: list[Format] | None = None) -> str:
    """`png (PNG image), svg (...)`: the formats named with what each is, for help text."""
    return ", ".join(f"{f.value} ({FORMATS[f].summary})" for f in (formats or list(Format)))
