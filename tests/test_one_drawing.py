"""One drawing for every writer: each component sits at the same place in the SVG, the PNG, the
deck, the draw.io file and the Excalidraw file, because each reads the one positioned drawing."""

from __future__ import annotations

import io
import json
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from pptx import Presentation
from pptx.shapes.group import GroupShape
from pptx.util import Emu

from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams.render import Format, Layout, RenderOptions, drawing_bytes

pytestmark = pytest.mark.exe

FORMATS = (Format.SVG, Format.PNG, Format.PPTX, Format.DRAWIO, Format.EXCALIDRAW)
SVG = "{http://www.w3.org/2000/svg}"


def _svg_icon_centres(svg: bytes) -> dict[str, tuple[float, float]]:
    """Each component's icon, where the SVG draws it: the centre of its top edge, in the
    layout's points (every built-in component has an icon, centred over its name)."""
    root = ET.fromstring(svg)
    xlink = "{http://www.w3.org/1999/xlink}href"
    widths = {
        i.get("id"): float(i.get("width", "0").removesuffix("px")) for i in root.iter(f"{SVG}image")
    }
    graph = root.find(f"{SVG}g")
    assert graph is not None
    shift = re.search(r"translate\(([\d.-]+) ([\d.-]+)\)", graph.get("transform", ""))
    assert shift is not None
    # Graphviz translates the graph by (pad, height + pad); the drawing's points have no pad.
    dx, dy = 0.0, float(shift.group(2)) - float(shift.group(1))
    found = {}
    for node in graph.iter(f"{SVG}g"):
        title, use = node.find(f"{SVG}title"), node.find(f"{SVG}use")
        if node.get("class") == "node" and title is not None and title.text and use is not None:
            width = widths[use.get(xlink, "").lstrip("#")]
            x, y = float(use.get("x", "0")), float(use.get("y", "0"))
            found[title.text] = (x + width / 2 + dx, y + dy)
    return found


def _pptx_boxes(data: bytes) -> dict[str, tuple[float, float, float, float]]:
    slide = Presentation(io.BytesIO(data)).slides[0]
    boxes = {}
    for shape in slide.shapes:
        if isinstance(shape, GroupShape):
            box = shape.shapes[0]
            boxes[shape.name] = tuple(Emu(v).pt for v in (box.left, box.top, box.width, box.height))
    return boxes  # type: ignore[return-value]


def _drawio_corners(text: bytes) -> dict[str, tuple[float, float]]:
    root = ET.fromstring(text)
    corners: dict[str, tuple[float, float]] = {"0": (0.0, 0.0), "1": (0.0, 0.0)}
    for cell in root.iter("mxCell"):
        geometry = cell.find("mxGeometry")
        if cell.get("vertex") != "1" or geometry is None:
            continue
        parent = corners[cell.get("parent", "1")]
        corners[cell.get("id", "")] = (
            parent[0] + float(geometry.get("x", 0)),
            parent[1] + float(geometry.get("y", 0)),
        )
    return corners


def _same_place_on_a_slide(
    layout: Layout, boxes: dict[str, tuple[float, float, float, float]]
) -> float:
    """The largest distance, in the drawing's points, between a component's box on the slide
    and its box in the drawing once the slide's one scale and shift are undone."""
    ids = sorted(layout.nodes)
    scale = boxes[ids[0]][2] / layout.nodes[ids[0]].width
    dx = boxes[ids[0]][0] - layout.nodes[ids[0]].x * scale
    dy = boxes[ids[0]][1] - layout.nodes[ids[0]].y * scale
    worst = 0.0
    for key in ids:
        x, y, width, height = boxes[key]
        laid = layout.nodes[key]
        for got, want in ((x, laid.x * scale + dx), (y, laid.y * scale + dy)):
            worst = max(worst, abs(got - want) / scale)
        worst = max(worst, abs(width / scale - laid.width), abs(height / scale - laid.height))
    return worst


@pytest.mark.parametrize("design_id", builtin_ids())
def test_every_writer_puts_each_component_where_the_drawing_has_it(design_id: str) -> None:
    design = load(design_id)
    files, result = drawing_bytes(design, RenderOptions(formats=FORMATS))
    layout = result.drawings[0].layout
    components = [c.id for c in design.components]

    # SVG and PNG are Graphviz's renderings of the drawing itself: same size, same places.
    svg = files[f"{design_id}.svg"]
    size = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert size is not None
    width_pt, height_pt = float(size.group(1)), float(size.group(2))
    png = files[f"{design_id}.png"]
    width_px, height_px = struct.unpack(">II", png[16:24])
    assert width_px / width_pt == pytest.approx(height_px / height_pt, rel=0.01)
    icons = _svg_icon_centres(svg)
    for key in components:
        box = layout.nodes[key]
        assert icons[key][0] == pytest.approx(box.center[0], abs=1.0), key
        assert box.y - 1 <= icons[key][1] <= box.y + box.height, key

    # The deck: the drawing scaled onto the slide, one scale for both axes.
    boxes = _pptx_boxes(files[f"{design_id}.pptx"])
    assert _same_place_on_a_slide(layout, {k: boxes[k] for k in components}) <= 1.0

    # draw.io and Excalidraw: the drawing's own points.
    corners = _drawio_corners(files[f"{design_id}.drawio"])
    elements = {e["id"]: e for e in json.loads(files[f"{design_id}.excalidraw"])["elements"]}
    for key in components:
        box = layout.nodes[key]
        assert corners[key] == pytest.approx((box.x, box.y), abs=0.02), key
        assert (elements[key]["x"], elements[key]["y"]) == pytest.approx((box.x, box.y), abs=0.02)
