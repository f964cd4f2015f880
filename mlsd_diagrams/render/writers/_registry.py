"""What the export writers share: the layout of a design (one `dot -Tjson` run), the icons as
bytes, a DOT file that draws on its own, and the dispatch from a format name to its writer."""

from __future__ import annotations

from enum import StrEnum

from ..._model import Design
from .._options import RenderOptions
from ..layout._dot import dot_source, resources_dir
from ..layout._drawing import Layout, read_layout
from ..layout._fit import fit
from ..layout._graphviz import draw
from ..scene._scene import Scene, build_scene

__all__ = [
    "DiagramFormat",
    "export_text",
    "layout_of",
    "scene_layout",
    "self_contained_dot",
]


class DiagramFormat(StrEnum):
    """Text formats of drawing tools: the first two carry the layout, the others need none."""

    DRAWIO = "drawio"
    EXCALIDRAW = "excalidraw"
    MERMAID = "mermaid"
    D2 = "d2"


def scene_layout(scene: Scene, dpi: int | None = None) -> Layout:
    """Where Graphviz puts the parts of a scene: one `dot -Tjson` run, no files written."""
    text, _ = draw(
        dot_source(scene), {}, dpi=dpi, imagepath=resources_dir(), components=len(scene.nodes)
    )
    return read_layout(text)


def layout_of(design: Design, options: RenderOptions | None = None) -> tuple[Scene, Layout]:
    """The scene of the whole design, every flow its own edge, laid out the way that reads best
    on a slide (as its images are), and its layout."""
    options = options or RenderOptions()
    scene = fit(build_scene(design, options))
    return scene, scene_layout(scene, options.dpi)


def self_contained_dot(source: str) -> str:
    """The DOT text with the icon folder as its `imagepath`, so that a plain `dot -Tsvg` of the
    file, on the machine that wrote it, finds the icons."""
    folder = str(resources_dir()).replace("\\", "\\\\").replace('"', '\\"')
    head, brace, body = source.partition("{\n")
    return f'{head}{brace}\timagepath="{folder}"\n{body}'


def export_text(design: Design, fmt: DiagramFormat, options: RenderOptions | None = None) -> str:
    """The design in a drawing tool's format; draw.io and Excalidraw are laid out by Graphviz."""
    if fmt is DiagramFormat.MERMAID:
        from ._mermaid import mermaid_text

        return mermaid_text(design, options or RenderOptions())
    if fmt is DiagramFormat.D2:
        from ._d2 import d2_text

        return d2_text(design, options or RenderOptions())
    scene, layout = layout_of(design, options)
    if fmt is DiagramFormat.DRAWIO:
        from ._drawio import drawio_text

        return drawio_text(scene, layout)
    from ._excalidraw import excalidraw_text

    return excalidraw_text(scene, layout)
