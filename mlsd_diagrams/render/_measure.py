"""Plain geometry and text measures shared by the slide writer and the layout figures: unions,
overlaps, text widths and where text puts ink."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any

from .layout._drawing import Box

__all__ = ["overlapping", "text_ink", "text_width", "union"]

_CHAR_W = 0.68
"""Average advance of a bold sans-serif character, in ems, where no font can be measured."""
_FONTS = Path("/usr/share/fonts/truetype/dejavu")
_FONT_LOCK = threading.Lock()


@cache
def _font(bold: bool) -> Any:
    """DejaVu Sans, the font LibreOffice falls back to here; None where it is not installed."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        from PIL import ImageFont

        return ImageFont.truetype(str(_FONTS / name), 100)
    except (ImportError, OSError):
        return None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of a line of text in points (measured with DejaVu Sans, a wide font)."""
    font = _font(bold)
    if font is None:
        return len(text) * size * _CHAR_W
    return float(font.getlength(text)) * size / 100


@cache
def _ink_em(text: str, bold: bool) -> tuple[float, float, float, float]:
    """`text_ink` at 1 pt."""
    font = _font(bold)
    stripped = text.strip()
    if font is None:
        lead = (len(text) - len(text.lstrip())) * _CHAR_W
        return lead, -0.73, lead + len(stripped) * _CHAR_W, 0.24
    with _FONT_LOCK:  # one FreeType face, measured from several threads by `mlsd inspect -j`
        lead = float(font.getlength(text[: len(text) - len(text.lstrip())]))
        _, top, _, bottom = font.getbbox(stripped or " ", anchor="ls")
        right = lead + float(font.getlength(stripped))
    return lead / 100, top / 100, right / 100, bottom / 100


def text_ink(text: str, size: float, bold: bool = False) -> tuple[float, float, float, float]:
    """Where a line of text puts ink, from its start on the baseline: left, top, right,
    bottom in points (spaces at either end draw nothing)."""
    left, top, right, bottom = _ink_em(text, bold)
    return left * size, top * size, right * size, bottom * size


def union(boxes: list[Box]) -> Box:
    left = min(b.x for b in boxes)
    top = min(b.y for b in boxes)
    right = max(b.x + b.width for b in boxes)
    bottom = max(b.y + b.height for b in boxes)
    return Box(left, top, right - left, bottom - top)


def overlapping(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    """Pairs of boxes that overlap (touching edges do not count)."""
    items = sorted(boxes.items())
    found = []
    for index, (first, a) in enumerate(items):
        for second, b in items[index + 1 :]:
            if (
                a.x < b.x + b.width
                and b.x < a.x + a.width
                and a.y < b.y + b.height
                and b.y < a.y + a.height
            ):
                found.append((first, second))
    return found
