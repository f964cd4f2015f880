"""Design words made safe for one Markdown line, list item or table cell."""

from __future__ import annotations

__all__ = ["cell", "flat", "words"]


def flat(text: str) -> str:
    """One line: Markdown list items and table cells cannot hold line breaks."""
    return " ".join(text.split())


# A design's words are text: HTML in them (`<script>`, `<!--`, `&amp;`) or a backtick would be
# read by a Markdown viewer as markup or the start of code, so each is written escaped.
_LITERAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "\\`"})


def words(text: str) -> str:
    """`flat` text that a Markdown viewer shows as written, not as HTML or code."""
    return flat(text).translate(_LITERAL)


def cell(text: str) -> str:
    # An unescaped pipe would end the cell and shift every later column.
    return words(text).replace("|", "\\|") or " "
