"""All user text that reaches Graphviz passes through here, as escaped HTML-like label markup."""

from __future__ import annotations

import textwrap
import unicodedata

__all__ = ["html_escape", "html_label", "wrap"]

# Graphviz HTML-like labels understand these entities. Braces and record syntax mean nothing
# inside them, but Graphviz still expands backslash escapes in their text (\N becomes the node
# id, \G the graph name, \\ a single backslash), so a backslash is doubled to stay literal.
# A text that ends in `]` right before a tag is a syntax error to Graphviz 2.43, so `]` is an
# entity too.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "]": "&#93;",
    "\\": "\\\\",
}

# Format characters that are part of what a reader sees: emoji sequences (zero-width joiner)
# and scripts that need a non-joiner. Other format characters (bidi overrides) are dropped.
_KEPT_FORMAT = {"\u200c", "\u200d"}
_DROPPED_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn")


def _is_dropped(char: str) -> bool:
    """Controls, surrogates, unassigned code points and most format characters: never drawn."""
    return char not in _KEPT_FORMAT and unicodedata.category(char) in _DROPPED_CATEGORIES


def html_escape(text: str) -> str:
    """Text made safe for the inside of an HTML-like label: entities escaped, controls dropped."""
    out = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif _is_dropped(char):
            # These would make Graphviz or a viewer choke; a space keeps words apart.
            out.append(" " if char in "\t\n\r" else "")
        else:
            out.append(char)
    return "".join(out)


def wrap(text: str, width: int, max_lines: int = 4) -> list[str]:
    """Lines of at most `width` characters, at most `max_lines` of them (the last one ellipsed).

    Characters that are never drawn are left out first, so no line is empty once escaped (an
    empty <B></B> is a Graphviz syntax error) and widths count only what is seen.
    """
    flat = " ".join("".join(c for c in text if c.isspace() or not _is_dropped(c)).split())
    if not flat:
        return []
    lines = textwrap.wrap(flat, width=width, break_long_words=True, break_on_hyphens=True)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "\u2026"
    return lines


def html_label(*rows: tuple[str, float, str, bool]) -> str:
    """An HTML-like label from rows of (text, point size, colour, bold); text is escaped here."""
    parts = []
    for text, size, color, bold in rows:
        body = html_escape(text)
        if not body.strip():
            continue  # an empty <B></B> or <FONT></FONT> is a Graphviz syntax error
        if bold:
            body = f"<B>{body}</B>"
        parts.append(f'<FONT POINT-SIZE="{size:g}" COLOR="{color}">{body}</FONT>')
    # With nothing to show, a space: Graphviz refuses an empty label on a node.
    return "<" + ("<BR/>".join(parts) or " ") + ">"
