"""The writers, one row per `Format`: what each writes, from what, and under which name.

A writer reads one of three things: a positioned drawing (one file per drawing: the whole
design, its frames, its views), the drawings of a design together (a deck: one file per
design), or the design alone (text formats that carry no positions). Adding a format is one
module and one row here; the CLI's choices and help come from this table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..._formats import FORMATS, Format
from ..._model import Design
from .._options import RenderOptions
from ..layout._drawing import Drawing

__all__ = ["WRITERS", "Writer", "self_contained_dot", "writer"]


@dataclass(frozen=True)
class Writer:
    """How one format is written: exactly one of `drawing`, `deck` and `design` is set, the one
    its `FORMATS` row says it reads."""

    format: Format
    drawing: Callable[[Drawing], bytes] | None = None
    """One file per drawing, `<stem>.<suffix>`."""
    deck: Callable[[Design, Sequence[Drawing]], bytes] | None = None
    """One file per design from its whole diagram and every view, `<id>.<suffix>`."""
    design: Callable[[Design, RenderOptions], bytes] | None = None
    """One file per design from the design alone, `<id>.<suffix>`."""
    images: tuple[str, ...] = ()
    """Graphviz renderings (png, svg, pdf) the drawing must carry for this writer."""

    @property
    def suffix(self) -> str:
        return FORMATS[self.format].suffix


def self_contained_dot(source: str) -> str:
    """The DOT text with the icon folder as its `imagepath`, so that a plain `dot -Tsvg` of the
    file, on the machine that wrote it, finds the icons."""
    from ..scene._icons import resources_dir

    folder = str(resources_dir()).replace("\\", "\\\\").replace('"', '\\"')
    head, brace, body = source.partition("{\n")
    return f'{head}{brace}\timagepath="{folder}"\n{body}'


def _png(drawing: Drawing) -> bytes:
    return drawing.images["png"]


def _svg(drawing: Drawing) -> bytes:
    from ..scene._themes import ThemeName
    from ._finish import finish_svg, follow_colour_scheme

    svg = finish_svg(drawing.images["svg"], drawing.layout)
    if drawing.scene.theme.name is ThemeName.AUTO:
        svg = follow_colour_scheme(svg)
    return svg


def _pdf(drawing: Drawing) -> bytes:
    from ._finish import finish_pdf

    return finish_pdf(drawing.images["pdf"])


def _dot(drawing: Drawing) -> bytes:
    return self_contained_dot(drawing.source).encode("utf-8")


def _pptx(design: Design, drawings: Sequence[Drawing]) -> bytes:
    from ._deckparts import speaker_notes
    from ._pptx import deck_bytes

    return deck_bytes(drawings, speaker_notes(design))


def _drawio(drawing: Drawing) -> bytes:
    from ._drawio import drawio_text

    return drawio_text(drawing).encode("utf-8")


def _drawio_svg(drawing: Drawing) -> bytes:
    from ._drawio import drawio_text, editable_svg

    picture = _svg(drawing).decode("utf-8")
    return editable_svg(picture, drawio_text(drawing)).encode("utf-8")


def _excalidraw(drawing: Drawing) -> bytes:
    from ._excalidraw import excalidraw_text

    return excalidraw_text(drawing).encode("utf-8")


def _mermaid(design: Design, options: RenderOptions) -> bytes:
    from ._mermaid import mermaid_text

    return mermaid_text(design, options).encode("utf-8")


def _d2(design: Design, options: RenderOptions) -> bytes:
    from ._d2 import d2_text

    return d2_text(design, options).encode("utf-8")


def _json(design: Design, options: RenderOptions) -> bytes:
    return design.to_json().encode("utf-8")


def _yaml(design: Design, options: RenderOptions) -> bytes:
    return design.to_yaml().encode("utf-8")


def _py(design: Design, options: RenderOptions) -> bytes:
    from ...compose import module_source

    return module_source(design, f"{design.title}: exported from mlsd-diagrams.").encode("utf-8")


_ROWS = (
    Writer(Format.PNG, drawing=_png, images=("png",)),
    Writer(Format.SVG, drawing=_svg, images=("svg",)),
    Writer(Format.PDF, drawing=_pdf, images=("pdf",)),
    Writer(Format.DOT, drawing=_dot),
    Writer(Format.PPTX, deck=_pptx),
    Writer(Format.DRAWIO, drawing=_drawio),
    Writer(Format.DRAWIO_SVG, drawing=_drawio_svg, images=("svg",)),
    Writer(Format.EXCALIDRAW, drawing=_excalidraw),
    Writer(Format.MERMAID, design=_mermaid),
    Writer(Format.D2, design=_d2),
    Writer(Format.JSON, design=_json),
    Writer(Format.YAML, design=_yaml),
    Writer(Format.PY, design=_py),
)

WRITERS: dict[Format, Writer] = {row.format: row for row in _ROWS}
assert set(WRITERS) == set(Format), "every format has a writer"
assert all(
    getattr(w, FORMATS[w.format].reads) is not None
    and sum(f is not None for f in (w.drawing, w.deck, w.design)) == 1
    for w in _ROWS
), "each writer reads what its format says"


def writer(fmt: Format) -> Writer:
    return WRITERS[fmt]
