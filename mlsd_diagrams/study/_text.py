"""Design words made safe for one Markdown line, list item or table cell."""

from __future__ import annotations

__all__ = ["cell", "flat", "words"]


def flat(text: str) -> str:
    """One line: Markdown list items and table cells cannot hold line breaks."""
    return " ".join(text.split())


# A design's words are text: HTML in them (`<script>`, `<!--`, `&amp;`), a backtick or a bracket
# would be read by a Markdown viewer as markup, code or a link (a title `x](http://host/p.png)`
# would swap a card's image for a remote one), so each is written escaped; so is a backslash,
# which would otherwise escape the bracket that closes our own link.
_LITERAL = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "\\`", "[": "\\[", "]": "\\]", "\\": "\\\\"}
)


def words(text: str) -> str:
    """`flat` text that a Markdown viewer shows as written, not as HTML, code or a link."""
    return flat(text).translate(_LITERAL)


def cell(text: str) -> str:
    # An unescaped pipe would end the cell and shift every later column.
    return words(text).replace("|", "\\|") or " "
