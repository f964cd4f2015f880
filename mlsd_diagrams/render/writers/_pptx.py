"""A PowerPoint deck of native, editable shapes: one slide per drawing (the full diagram, then
each view), laid out from the drawing's Graphviz layout, with the design's card as speaker notes.

Each component is a group named with its id (a rounded box with its name as text, and its icon);
each flow a connector glued to both boxes, with an arrowhead; each group a rounded rectangle
behind its members. The file is deterministic: fixed dates in the document and the zip.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.shapes.shapetree import _BaseGroupShapes as Shapes
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from ..._text import short_title, xml_text
from ..layout._drawing import Box, Drawing
from ..scene._scene import Scene, SceneNode
from ..scene._themes import TYPE, Theme, ThemeName
from ._deckparts import pinned_zip
from ._iconfiles import icon_bytes
from ._placement import (
    GROUP_PT,
    LEGEND_BAND,
    MARGIN,
    SLIDE_H,
    SLIDE_W,
    TITLE_BAND,
    SlideMap,
    slide_map,
    text_width,
)

__all__ = ["deck_bytes"]

_DASH = {"dashed": MSO_LINE_DASH_STYLE.DASH, "dotted": MSO_LINE_DASH_STYLE.ROUND_DOT}
_PINNED = datetime(2000, 1, 1)


def _emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def _rgb(colour: str) -> RGBColor:
    value = colour.lstrip("#")[:6]
    return RGBColor(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))  # type: ignore[no-untyped-call]


def _write(frame: TextFrame, lines: Sequence[tuple[str, float, str, bool]]) -> None:
    """Lines of (text, size, colour, bold), one paragraph each, centred."""
    for index, (text, size, colour, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()  # type: ignore[no-untyped-call]
        paragraph.alignment = PP_ALIGN.CENTER
        # Lines as close as the images set them (Graphviz: one em apart).
        paragraph.line_spacing = Pt(size)
        paragraph.space_before = paragraph.space_after = Pt(0)
        run = paragraph.add_run()
        run.text = xml_text(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(colour)


def _tight(frame: TextFrame, anchor: MSO_ANCHOR) -> None:
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, _emu(2))


def _rect(shapes: Shapes, box: Box, kind: MSO_SHAPE = MSO_SHAPE.ROUNDED_RECTANGLE) -> Shape:
    return shapes.add_shape(kind, _emu(box.x), _emu(box.y), _emu(box.width), _emu(box.height))


def _fill(shape: Shape, fill: str | None, line: str | None, width: float = 1.0) -> None:
    if fill is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = _rgb(line)
        shape.line.width = Pt(width)
    shape.shadow.inherit = False


def _component(slide: Slide, node: SceneNode, box_at: Box, theme: Theme, where: SlideMap) -> Shape:
    """The group of a component, where the drawing has it; returns its box, which connectors
    glue to."""
    group = slide.shapes.add_group_shape()
    group.name = node.id
    box = _rect(group.shapes, box_at)
    box.name = f"{node.id} box"
    box.adjustments[0] = 0.12
    if node.block is not None:  # a model figure's block: its family's colours
        _fill(box, node.block.fill, node.block.line, 1.0)
    else:
        _fill(box, theme.category_fill[node.category], theme.category_line[node.category], 1.0)
    frame = box.text_frame
    # The words start under the icon, as in the images (a looser line than Graphviz's runs on
    # below rather than into the icon); the scene wrapped them at word boundaries already.
    _tight(frame, MSO_ANCHOR.TOP)
    frame.word_wrap = False
    if node.icon:
        frame.margin_top = _emu(where.pt(4 + TYPE.icon))
    small = (*node.tech, *([node.latency] if node.latency else []))
    rows = [(line, where.name_pt, theme.text, True) for line in node.label]
    rows += [(line, where.pt(TYPE.detail), theme.subtle_text, False) for line in small]
    _write(frame, rows)
    if node.icon:
        side = where.pt(TYPE.icon)
        icon = Box(box_at.center[0] - side / 2, box_at.y + where.pt(4), side, side)
        if theme.name is ThemeName.DARK:
            # Many logos vanish on a dark fill: the icon sits on a light plate, as in the images.
            plate = _rect(
                group.shapes, Box(icon.x - 2, icon.y - 2, icon.width + 4, icon.height + 4)
            )
            plate.name = f"{node.id} plate"
            _fill(plate, theme.node_fill, None)
        picture = group.shapes.add_picture(io.BytesIO(icon_bytes(node.icon)), Emu(0), Emu(0))
        ratio = min(_emu(icon.width) / picture.width, _emu(icon.height) / picture.height)
        picture.width = _emu_of(picture.width * ratio)
        picture.height = _emu_of(picture.height * ratio)
        picture.left = Emu(_emu(icon.x) + (_emu(icon.width) - picture.width) // 2)
        picture.top = Emu(_emu(icon.y) + (_emu(icon.height) - picture.height) // 2)
        picture.name = f"{node.id} icon"
        if node.url is not None:
            picture.click_action.hyperlink.address = node.url
    if node.url is not None:
        # Clicked in a slide show (Ctrl-click while editing), the component opens its page.
        box.click_action.hyperlink.address = node.url
    return box


def _emu_of(value: float) -> Emu:
    return Emu(round(value))


def _sites(a: Box, b: Box) -> tuple[int, int]:
    """Connection sites of two rectangles facing each other (0 top, 1 left, 2 bottom, 3 right)."""
    dx = b.center[0] - a.center[0]
    dy = b.center[1] - a.center[1]
    gap_x = abs(dx) - (a.width + b.width) / 2
    gap_y = abs(dy) - (a.height + b.height) / 2
    if gap_x >= gap_y:
        return (3, 1) if dx >= 0 else (1, 3)
    return (2, 0) if dy >= 0 else (0, 2)


def _arrowhead(connector: object) -> None:
    line = connector.line._get_or_add_ln()  # type: ignore[attr-defined]
    tail = line.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"})
    line.append(tail)


def _legend(slide: Slide, scene: Scene) -> None:
    legend, theme = scene.legend, scene.theme
    if legend is None or not (legend.flow_kinds or legend.planes):
        return
    group = slide.shapes.add_group_shape()
    group.name = "legend"
    x, y = MARGIN, SLIDE_H - MARGIN - LEGEND_BAND + 9
    for kind in legend.flow_kinds:
        style = theme.edges[kind]
        if x + 40 + text_width(style.legend, 11) > SLIDE_W - MARGIN:
            x, y = MARGIN, y + 20  # a second row rather than past the slide's edge
        sample = group.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, _emu(x), _emu(y), _emu(x + 28), _emu(y)
        )
        sample.name = f"legend {kind.value}"
        sample.line.color.rgb = _rgb(style.color)
        sample.line.width = Pt(max(style.penwidth, 1.0))
        if style.style in _DASH:
            sample.line.dash_style = _DASH[style.style]
        x = _legend_text(group.shapes, x + 32, y, style.legend, theme)
    for plane in legend.planes:
        if x + 36 + text_width(f"{plane.value} plane", 11) > SLIDE_W - MARGIN:
            x, y = MARGIN, y + 20
        swatch = _rect(group.shapes, Box(x, y - 6, 24, 12))
        swatch.name = f"legend {plane.value}"
        _fill(swatch, theme.plane_fill[plane], theme.group_line, 0.75)
        x = _legend_text(group.shapes, x + 28, y, f"{plane.value} plane", theme)


def _legend_text(shapes: Shapes, x: float, y: float, text: str, theme: Theme) -> float:
    width = text_width(text, 11) + 8
    box = shapes.add_textbox(_emu(x), _emu(y - 9), _emu(width), _emu(18))
    _tight(box.text_frame, MSO_ANCHOR.MIDDLE)
    box.text_frame.word_wrap = False
    _write(box.text_frame, [(text, 11, theme.subtle_text, False)])
    return x + width + 14


def _slide(slide: Slide, drawing: Drawing) -> None:
    scene, theme = drawing.scene, drawing.scene.theme
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = _rgb(theme.background)
    title = slide.shapes.add_textbox(
        _emu(MARGIN), _emu(12), _emu(SLIDE_W - 2 * MARGIN), _emu(TITLE_BAND - 16)
    )
    title.name = "title"
    _tight(title.text_frame, MSO_ANCHOR.TOP)
    _write(title.text_frame, [(drawing.title, 24, theme.text, True)])
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    bottom = LEGEND_BAND if scene.legend else 0.0
    area = Box(MARGIN, TITLE_BAND, SLIDE_W - 2 * MARGIN, SLIDE_H - TITLE_BAND - MARGIN - bottom - 6)
    where = slide_map(drawing.layout, area)
    group_shapes: dict[str, tuple[Shape, Box]] = {}
    for cluster in sorted(scene.clusters, key=lambda c: c.depth):
        laid = drawing.layout.clusters.get(cluster.id)
        if laid is None or not cluster.visible:
            continue
        at = where.box(laid)
        shape = _rect(slide.shapes, at)
        shape.name = f"group {cluster.id}"
        group_shapes[cluster.id] = (shape, at)
        shape.adjustments[0] = min(0.5, 10 / max(min(at.width, at.height), 1))
        fill = (
            theme.plane_fill[cluster.plane]
            if cluster.plane is not None
            else theme.group_fill[cluster.depth % len(theme.group_fill)]
        )
        _fill(shape, fill, theme.group_line, 0.75)
        _tight(shape.text_frame, MSO_ANCHOR.TOP)
        shape.text_frame.margin_left = _emu(8)
        _write(
            shape.text_frame,
            [(line, where.pt(GROUP_PT), theme.subtle_text, False) for line in cluster.label],
        )
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
    first_above_groups = len(slide.shapes._spTree)  # connectors go here: under the components
    laid_nodes = drawing.layout.nodes
    placed = {n.id: where.box(laid_nodes[n.id]) for n in scene.nodes if n.id in laid_nodes}
    boxes = {
        node.id: _component(slide, node, placed[node.id], theme, where)
        for node in scene.nodes
        if node.visible and node.id in placed
    }
    for number, edge in enumerate(scene.edges, start=1):
        if not edge.visible or edge.source not in boxes or edge.target not in boxes:
            continue
        # A merged fan is drawn from (or to) its group's box, as in the images.
        source, source_at = group_shapes.get(
            edge.source_group or "", (boxes[edge.source], placed[edge.source])
        )
        target, target_at = group_shapes.get(
            edge.target_group or "", (boxes[edge.target], placed[edge.target])
        )
        style = edge.look or theme.edges[edge.kind]
        connector = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Emu(0), Emu(0), Emu(0), Emu(0)
        )
        start, end = _sites(source_at, target_at)
        connector.begin_connect(source, start)  # type: ignore[no-untyped-call]
        connector.end_connect(target, end)  # type: ignore[no-untyped-call]
        what = edge.look.legend if edge.look else edge.kind.value  # a figure's link kind
        ends = f"{edge.source_group or edge.source} -> {edge.target_group or edge.target}"
        connector.name = f"flow {number}: {ends} ({what})"
        connector.line.color.rgb = _rgb(style.color)
        connector.line.width = Pt(style.penwidth)
        if style.style in _DASH:
            connector.line.dash_style = _DASH[style.style]
        _arrowhead(connector)
        slide.shapes._spTree.insert(first_above_groups, connector._element)
        first_above_groups += 1
        route = drawing.route(number - 1)
        if edge.label and route is not None and route.label is not None:
            _flow_label(slide, number, edge.label, where.box(route.label), where, theme)
    _legend(slide, scene)


def _flow_label(
    slide: Slide, number: int, lines: tuple[str, ...], at: Box, where: SlideMap, theme: Theme
) -> None:
    """A flow's label as a text box where the drawing puts it, beside its connector."""
    box = slide.shapes.add_textbox(_emu(at.x - 2), _emu(at.y), _emu(at.width + 4), _emu(at.height))
    box.name = f"flow {number} label"
    _tight(box.text_frame, MSO_ANCHOR.MIDDLE)
    box.text_frame.word_wrap = False
    _write(
        box.text_frame, [(line, where.pt(TYPE.detail), theme.subtle_text, False) for line in lines]
    )


def deck_bytes(drawings: Sequence[Drawing], notes: str) -> bytes:
    """The deck: a 16:9 slide per drawing, each with the same speaker notes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = _emu(SLIDE_W), _emu(SLIDE_H)
    blank = deck.slide_layouts[6]
    for drawing in drawings:
        slide = deck.slides.add_slide(blank)
        _slide(slide, drawing)
        if notes:
            slide.notes_slide.notes_text_frame.text = xml_text(notes)
    properties = deck.core_properties
    properties.title = short_title(xml_text(drawings[0].title)) if drawings else ""
    properties.author = properties.last_modified_by = "mlsd-diagrams"
    properties.created = properties.modified = _PINNED
    properties.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return pinned_zip(buffer.getvalue())
