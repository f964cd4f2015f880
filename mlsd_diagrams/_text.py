"""Text made fit for XML: the schema takes any string, XML 1.0 not every character."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["REPLACEMENT", "TITLE_LIMIT", "deck_notices", "short_title", "xml_problems", "xml_text"]

REPLACEMENT = "\ufffd"
"""What stands where a character XML cannot hold was: seen, so the reader knows one was there."""

TITLE_LIMIT = 255
"""The longest document title an Office file's properties hold (python-pptx refuses more)."""

# XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except surrogates
# and the non-characters U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` with every character XML cannot hold replaced by U+FFFD."""
    return _ILLEGAL.sub(REPLACEMENT, text)


def short_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """`text` cut to `limit` characters, the last one an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def xml_problems(data: Any, path: str = "") -> list[str]:
    """The field paths (`card.narration`, `components[2].label`) of the strings in `data` (a
    design's dict) that hold characters XML cannot."""
    if isinstance(data, str):
        return [path or "text"] if _ILLEGAL.search(data) else []
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in xml_problems(v, f"{path}.{k}" if path else k)]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in xml_problems(v, f"{path}[{i}]")]
    return []


def deck_notices(data: Any, title: str) -> list[str]:
    """What a deck changed of a design (its dict, its title) to be written, one warning each."""
    notices = []
    if len(title) > TITLE_LIMIT:
        notices.append(
            f"pptx: the title has {len(title)} characters; the deck's document title keeps the "
            f"first {TITLE_LIMIT - 1} and an ellipsis; a shorter title reads better on a slide"
        )
    fields = xml_problems(data)
    if fields:
        shown = ", ".join(fields[:5]) + (f" and {len(fields) - 5} more" if len(fields) > 5 else "")
        notices.append(
            f"pptx: {shown} hold characters XML cannot (control characters, U+FFFE, U+FFFF); "
            "the deck shows U+FFFD in their place; remove them from the design"
        )
    return notices
