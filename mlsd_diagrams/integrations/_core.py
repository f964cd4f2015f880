"""What the docs integrations share: a design named in a page (an id, a path or inline YAML),
drawn once per build as SVG to put inline in an HTML page."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import mlsd_diagrams as mlsd
from mlsd_diagrams.render import RenderOptions, ThemeName

__all__ = [
    "OPTIONS",
    "Diagram",
    "DiagramCache",
    "check_theme",
    "design_of",
    "inline_svg",
    "located",
    "names_a_file",
    "parse_options",
]

OPTIONS = ("view", "theme")
"""The options a diagram takes in a page, as `key=value` words (MkDocs) or fields (Sphinx)."""

_SUFFIXES = (".py", ".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Diagram:
    """One diagram asked for in a page: what to draw and how."""

    spec: str
    """A built-in design id, a path to a design file, or a design as inline YAML/JSON."""
    view: str | None = None
    theme: str = "light"


def parse_options(words: list[str], where: str) -> dict[str, str]:
    """`["view=overview", "theme=dark"]` -> their dict; MlsdError naming a word that is not
    one of OPTIONS or has no value, or a theme that is not one."""
    found: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if key not in OPTIONS or not sep or not value:
            raise mlsd.MlsdError(
                f"{where}: unknown option {word!r}; write key=value with a key among "
                f"{', '.join(OPTIONS)}, e.g. view=overview"
            )
        found[key] = value.strip("\"'")
    if "theme" in found:
        check_theme(found["theme"], where)
    return found


def check_theme(theme: str, where: str) -> None:
    themes = [t.value for t in ThemeName]
    if theme not in themes:
        raise mlsd.MlsdError(f"{where}: unknown theme {theme!r}; use one of {', '.join(themes)}")


def names_a_file(spec: str) -> bool:
    """Whether a spec is a path: one line, no `key: value`, a design suffix or a folder in it."""
    text = spec.strip()
    if "\n" in text or ": " in text or text.startswith("{"):
        return False
    return text.endswith(_SUFFIXES) or "/" in text


def design_of(spec: str, bases: list[Path], where: str) -> tuple[mlsd.Design, Path | None]:
    """The design `spec` names, and its file when it is one (for rebuild-on-change).

    A spec of several lines, or one holding `key: value`, is the design itself as YAML or JSON;
    a word ending in a design suffix is a path, looked up in each of `bases` in turn; any other
    word is a built-in id.
    """
    text = spec.strip()
    if not text:
        raise mlsd.MlsdError(f"{where}: the block is empty; give a design id, a path or YAML")
    if "\n" in text or ": " in text or text.startswith("{"):
        return mlsd.load_text(text, f"{where} (inline design)"), None
    if names_a_file(text):
        for base in bases:
            candidate = (base / text).resolve()
            if candidate.is_file():
                return mlsd.load(candidate), candidate
        looked = ", ".join(str(b) for b in bases)
        raise mlsd.MlsdError(f"{where}: no design file {text!r} (looked in {looked})")
    return mlsd.load(text), None


def located(error: mlsd.MlsdError, where: str) -> str:
    """The error as one line that names the page and line once, with the first finding's hint."""
    message = str(error).removeprefix(f"{where}: ")
    if isinstance(error, mlsd.InvalidDesignError) and error.findings[:1]:
        hint = error.findings[0].hint
        message += f" (hint: {hint})" if hint else ""
    return message


def inline_svg(design: mlsd.Design, diagram: Diagram) -> str:
    """The diagram's SVG, ready to sit in an HTML page beside others: no XML prolog, and every
    id made unique to this drawing so two diagrams of a page cannot take each other's parts."""
    options = RenderOptions(theme=ThemeName(diagram.theme))
    svg = mlsd.svg_text(design, options, view=diagram.view)
    # Fitted to the page's column (a wide diagram would run past it), in proportion.
    svg = svg[svg.index("<svg") :].replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    prefix = "mlsd-" + hashlib.sha1(f"{design.id}|{diagram}".encode()).hexdigest()[:8] + "-"
    ids = set(re.findall(r'\sid="([^"]+)"', svg))
    if not ids:
        return svg

    def renamed(match: re.Match[str]) -> str:
        lead, name, tail = match.groups()
        return f"{lead}{prefix}{name}{tail}" if name in ids else match.group(0)

    return re.sub(r'(\sid="|href="#|url\(#)([^")]+)([")])', renamed, svg)


class DiagramCache:
    """Drawings made in one docs build, so a diagram shown on several pages is drawn once."""

    def __init__(self) -> None:
        self._drawn: dict[tuple[str, Diagram], str] = {}

    def html(self, design: mlsd.Design, diagram: Diagram) -> str:
        """The diagram in a `<div class="mlsd-diagram">`, with the design's title as its label."""
        key = (design.to_json(), diagram)
        if key not in self._drawn:
            label = design.title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            self._drawn[key] = (
                f'<div class="mlsd-diagram" role="img" aria-label="{label}">'
                f"{inline_svg(design, diagram)}</div>"
            )
        return self._drawn[key]
