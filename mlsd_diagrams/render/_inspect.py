"""How a drawing reads: its figures on a 16:9 slide (960 x 540 pt), and SPEC's layout-quality
rows, all read from the finished SVG.

Slide figures: the SVG's `width`/`height` in points give the scale; a component's name is the
largest text of its node group; "any text" is every non-empty `<text>`; two edges cross when their
drawn paths intersect, pairs sharing an end node aside (the layout trials count these).

Layout quality reads the SVG's structure as Graphviz writes it, whatever the scene: `g.node`
(titled by node id; its box is the union of what it draws), `g.edge` (titled `tail->head`: a path,
arrowheads, label lines), `g.cluster` (titled `cluster_<group id>`: an outline and a title), and
the graph's own label (the drawing's title in bold, the legend under it). Text is measured as
ink, with DejaVu Sans, the font Graphviz draws `Sans-Serif` with here.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, fields

from ._geometry import (
    Point,
    Rect,
    bezier,
    bounds,
    crossings,
    length,
    length_inside,
    length_near_outline,
    line_rect_distance,
    lines_cross,
    outline,
    outline_distance,
    overlap,
    rect_gap,
)
from ._measure import text_ink, text_width

__all__ = [
    "FIGURE_QUALITY",
    "FULL",
    "MAX_AVERAGE_CROSSINGS",
    "QUALITY_ROWS",
    "SLIDE_HEIGHT_PT",
    "SLIDE_WIDTH_PT",
    "VIEW",
    "VIEW_QUALITY",
    "WHOLE_QUALITY",
    "LayoutQuality",
    "QualityTargets",
    "SlideFigures",
    "SlideTargets",
    "crossings_average_miss",
    "layout_quality",
    "slide_figures",
]

SLIDE_WIDTH_PT = 960.0
SLIDE_HEIGHT_PT = 540.0
_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class SlideFigures:
    """One drawing's size and how it reads on a 16:9 slide."""

    width_pt: float
    height_pt: float
    aspect: float
    scale: float
    """How much the drawing shrinks (or grows) to fit the slide."""
    smallest_name_pt: float
    smallest_text_pt: float
    crossings: int
    nodes: int
    edges: int


@dataclass(frozen=True)
class SlideTargets:
    """SPEC's figures for a drawing on a slide."""

    min_aspect: float
    max_aspect: float
    min_name_pt: float
    min_text_pt: float
    max_crossings: int | None
    """None where the bound is an average over many drawings, not one drawing's."""

    def misses(self, figures: SlideFigures) -> list[str]:
        """What the drawing falls short of, in words; empty when it meets every figure."""
        found = []
        if not self.min_aspect <= figures.aspect <= self.max_aspect:
            found.append(f"aspect {figures.aspect} outside {self.min_aspect}-{self.max_aspect}")
        if figures.smallest_name_pt < self.min_name_pt:
            found.append(f"names {figures.smallest_name_pt} pt < {self.min_name_pt:g}")
        if figures.smallest_text_pt < self.min_text_pt:
            found.append(f"text {figures.smallest_text_pt} pt < {self.min_text_pt:g}")
        if self.max_crossings is not None and figures.crossings > self.max_crossings:
            found.append(f"{figures.crossings} crossings > {self.max_crossings}")
        return found


FULL = SlideTargets(1.2, 2.4, 9, 7, None)
"""The whole diagram; its crossings: at most one per design on average."""
VIEW = SlideTargets(1.2, 2.4, 12, 9, 1)


def _font_size(element: ET.Element) -> float:
    return float(element.get("font-size", "14"))


def _texts(element: ET.Element) -> list[ET.Element]:
    return [t for t in element.iter(f"{_SVG}text") if (t.text or "").strip()]


def _path_points(d: str) -> list[Point]:
    numbers = [float(n) for n in _NUMBER.findall(d)]
    return list(zip(numbers[0::2], numbers[1::2], strict=False))


def _edge_ends(title: str) -> frozenset[str]:
    # Graphviz titles an edge `tail->head`, with ports after a colon.
    return frozenset(end.split(":")[0] for end in title.split("->"))


def slide_figures(svg: str) -> SlideFigures:
    """The slide figures of a finished SVG (as `mlsd render` writes it)."""
    root = ET.fromstring(svg)
    width = float(root.get("width", "0").removesuffix("pt"))
    height = float(root.get("height", "0").removesuffix("pt"))
    scale = min(SLIDE_WIDTH_PT / width, SLIDE_HEIGHT_PT / height)
    groups = list(root.iter(f"{_SVG}g"))
    nodes = [g for g in groups if g.get("class") == "node"]
    edges = [g for g in groups if g.get("class") == "edge"]
    names = [max(_font_size(t) for t in _texts(n)) for n in nodes if _texts(n)]
    texts = [_font_size(t) for t in _texts(root)]
    drawn = []
    for edge in edges:
        path = edge.find(f"{_SVG}path")
        points = _path_points(path.get("d", "")) if path is not None else []
        drawn.append((_edge_ends(edge.findtext(f"{_SVG}title") or ""), points))
    return SlideFigures(
        width_pt=width,
        height_pt=height,
        aspect=round(width / height, 2),
        scale=round(scale, 3),
        smallest_name_pt=round(min(names, default=0.0) * scale, 1),
        smallest_text_pt=round(min(texts, default=0.0) * scale, 1),
        crossings=crossings(drawn),
        nodes=len(nodes),
        edges=len(edges),
    )


# Layout quality: SPEC's "Layout quality" table, each row read from the finished SVG.

_BOLD = "bold"
_LABEL_HIT_PT = 0.5
"""How much of a line, or of an overlap, counts as touching (less is antialiasing)."""
_THROUGH_PT = 1.0
_END_NEAR_PT = 8.0
"""How near its node a drawn end must be: Graphviz stops an edge at the node's outline, a few
points outside the ink of an outline-less node."""
_ON_OUTLINE_PT = 3.0
_GROUP_GAP_PT = 8.0
_ALONG_WITHIN_PT = 3.0
_ALONG_FOR_PT = 40.0
_DETOUR_RATIO = 1.6
_DETOUR_EXTRA_PT = 150.0
_FAR_LABEL_PT = 30.0
_EMPTY_REACH_PT = 60.0
_EMPTY_PX_PER_PT = 0.5
"""The raster the empty area is counted on: a pixel per 2 pt is finer than the 60 pt reach."""


@dataclass(frozen=True)
class _Text:
    text: str
    box: Rect
    size: float
    bold: bool


@dataclass(frozen=True)
class _Node:
    id: str
    box: Rect
    names: tuple[str, ...]
    """The name's lines, top to bottom: the node's largest text."""


@dataclass(frozen=True)
class _Edge:
    name: str
    ends: frozenset[str]
    tail: str
    head: str
    path: list[Point]
    arrows: list[list[Point]]
    labels: list[_Text]

    @property
    def pieces(self) -> list[list[Point]]:
        """Everything drawn for the edge: its path and its arrowheads."""
        return [self.path, *self.arrows]

    @property
    def label_box(self) -> Rect | None:
        return _union([t.box for t in self.labels]) if self.labels else None


@dataclass(frozen=True)
class _Group:
    id: str
    title: str
    box: Rect
    titles: list[_Text]

    @property
    def name(self) -> str:
        return f"group {self.title!r}" if self.title else f"group {self.id}"


@dataclass(frozen=True)
class _Parsed:
    area: Rect
    texts: list[_Text]
    nodes: dict[str, _Node]
    edges: list[_Edge]
    groups: list[_Group]
    title: list[_Text]
    legend: Rect | None
    ink: list[list[Point]]
    """Lines drawn outside nodes, edges and texts: group outlines, the legend's samples."""


def _union(boxes: list[Rect]) -> Rect:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _text(element: ET.Element) -> _Text | None:
    words = element.text or ""
    if not words.strip():
        return None
    size = _font_size(element)
    bold = element.get("font-weight") == _BOLD
    left, top, right, bottom = text_ink(words, size, bold)
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    width = text_width(words, size, bold)
    anchor = element.get("text-anchor", "start")
    x -= width / 2 if anchor == "middle" else width if anchor == "end" else 0.0
    return _Text(words.strip(), (x + left, y + top, x + right, y + bottom), size, bold)


def _shape(element: ET.Element, icons: dict[str, tuple[float, float]]) -> list[Point]:
    """The outline of one drawn shape, as a polyline (a path's control points as Bezier)."""
    tag = element.tag.removeprefix(_SVG)
    if tag in ("polygon", "polyline"):
        points = _path_points(element.get("points", ""))
        return points + points[:1] if tag == "polygon" and points else points
    if tag == "path":
        points = _path_points(element.get("d", ""))
        return bezier(points) if len(points) >= 2 else []
    if tag == "ellipse":
        cx, cy = float(element.get("cx", "0")), float(element.get("cy", "0"))
        rx, ry = float(element.get("rx", "0")), float(element.get("ry", "0"))
        return [
            (cx + rx * math.cos(i * math.pi / 12), cy + ry * math.sin(i * math.pi / 12))
            for i in range(25)
        ]
    if tag in ("use", "image"):
        href = element.get(_XLINK, "").lstrip("#")
        width, height = icons.get(href, (_px(element.get("width")), _px(element.get("height"))))
        x, y = float(element.get("x", "0")), float(element.get("y", "0"))
        return outline((x, y, x + width, y + height))
    return []


def _px(value: str | None) -> float:
    return float((value or "0").removesuffix("px").removesuffix("pt"))


def _drawn(element: ET.Element, icons: dict[str, tuple[float, float]]) -> list[list[Point]]:
    """Every shape under `element`, texts aside, skipping what is not drawn."""
    found = []
    for child in element.iter():
        if child.get("stroke") == "transparent" and child.get("fill") in (None, "none"):
            continue
        line = _shape(child, icons)
        if line:
            found.append(line)
    return found


def _parse(svg: str) -> _Parsed:
    root = ET.fromstring(svg)
    icons = {
        image.get("id", ""): (_px(image.get("width")), _px(image.get("height")))
        for image in root.iter(f"{_SVG}image")
    }
    graph = root.find(f"{_SVG}g")
    if graph is None:
        raise ValueError("the SVG has no graph group (<g class='graph'>): not a Graphviz drawing")
    shift = _NUMBER.findall(graph.get("transform", "").partition("translate")[2])
    dx, dy = (float(shift[0]), float(shift[1])) if len(shift) >= 2 else (0.0, 0.0)
    view = [float(n) for n in _NUMBER.findall(root.get("viewBox", ""))]
    width, height = (view[2], view[3]) if len(view) == 4 else (0.0, 0.0)
    area = (-dx, -dy, width - dx, height - dy)
    nodes: dict[str, _Node] = {}
    edges: list[_Edge] = []
    groups: list[_Group] = []
    title: list[_Text] = []
    legend: list[Rect] = []
    ink: list[list[Point]] = []
    for element in graph:
        tag, kind = element.tag.removeprefix(_SVG), element.get("class")
        label = element.findtext(f"{_SVG}title") or ""
        inner = [t for t in (_text(e) for e in element.iter(f"{_SVG}text")) if t is not None]
        if kind == "node":
            shapes = _drawn(element, icons)
            boxes = [bounds(s) for s in shapes] + [t.box for t in inner]
            if not boxes:
                continue  # an invisible node: laid out, not drawn
            largest = max((t.size for t in inner), default=0.0)
            names = tuple(t.text for t in inner if t.size == largest)
            nodes[label] = _Node(label, _union(boxes), names)
        elif kind == "edge":
            paths = list(element.iter(f"{_SVG}path"))
            if not paths:
                continue
            tail, _, head = label.partition("->")
            path = _shape(paths[0], icons)
            arrows = [
                _shape(a, icons)
                for a in element.iter()
                if a.tag.removeprefix(_SVG) in ("polygon", "ellipse", "polyline")
            ]
            edges.append(
                _Edge(
                    label,
                    _edge_ends(label),
                    tail.split(":")[0],
                    head.split(":")[0],
                    path,
                    [a for a in arrows if a],
                    inner,
                )
            )
        elif kind == "cluster":
            shapes = _drawn(element, icons)
            if not shapes:
                continue
            group_id = label.removeprefix("cluster_")
            box = bounds([p for s in shapes for p in s])
            groups.append(_Group(group_id, " ".join(t.text for t in inner), box, inner))
            ink.append(outline(box))
        elif tag == "text":
            text = _text(element)
            if text is not None and text.bold:
                title.append(text)
            elif text is not None:
                legend.append(text.box)
        elif tag in ("polygon", "polyline", "path", "ellipse", "use", "image"):
            if element.get("stroke") == "transparent" and element is graph.find(f"{_SVG}polygon"):
                continue  # the background
            line = _shape(element, icons)
            if line:
                legend.append(bounds(line))
                ink.append(line)
    texts = [t for t in (_text(e) for e in graph.iter(f"{_SVG}text")) if t is not None]
    legend_box = _union(legend) if legend else None
    return _Parsed(area, texts, nodes, edges, groups, title, legend_box, ink)


@dataclass(frozen=True)
class LayoutQuality:
    """One drawing's figures of SPEC's "Layout quality" table, read from its SVG: for each
    counted row, the faults found, each in words that say where to look."""

    slide: SlideFigures
    """Size, aspect and the smallest name and text on a 960 x 540 pt slide."""
    text_overlaps: tuple[str, ...]
    labels_on_something_else: tuple[str, ...]
    edges_through_components: tuple[str, ...]
    edges_through_titles: tuple[str, ...]
    edges_ending_on_outlines: tuple[str, ...]
    groups_touching: tuple[str, ...]
    edges_along_outlines: tuple[str, ...]
    long_detours: tuple[str, ...]
    crossings: tuple[str, ...]
    """Drawn edges that cross, arrowheads included, pairs sharing an end aside."""
    far_labels: tuple[str, ...]
    cut_names: tuple[str, ...]
    empty_area: float
    """The share of the drawing farther than 60 pt from any ink, 0 to 1."""

    def found(self) -> dict[str, tuple[str, ...]]:
        """The faults of each counted row, by row key."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), tuple)
        }

    def figures(self) -> dict[str, float | int]:
        """One figure per row, by row key (JSON's keys), after the slide's size figures."""
        slide = self.slide
        return {
            "width_pt": slide.width_pt,
            "height_pt": slide.height_pt,
            "aspect": slide.aspect,
            "scale": slide.scale,
            "smallest_name_pt": slide.smallest_name_pt,
            "smallest_text_pt": slide.smallest_text_pt,
            "nodes": slide.nodes,
            "edges": slide.edges,
            **{key: len(faults) for key, faults in self.found().items()},
            "empty_area": self.empty_area,
        }


QUALITY_ROWS = (
    "text_overlaps",
    "labels_on_something_else",
    "edges_through_components",
    "edges_through_titles",
    "edges_ending_on_outlines",
    "groups_touching",
    "edges_along_outlines",
    "long_detours",
    "crossings",
    "far_labels",
    "cut_names",
    "empty_area",
    "smallest_name_pt",
    "smallest_text_pt",
)
"""The row keys of SPEC's table, in its order (names and any text are two figures)."""


@dataclass(frozen=True)
class QualityTargets:
    """SPEC's "Layout quality" column for one kind of drawing."""

    max_crossings: int
    min_name_pt: float
    min_text_pt: float
    max_empty_area: float = 0.35
    aspect: tuple[float, float] | None = (1.2, 2.4)
    """The slide's aspect range ("Views and slide-ready output"); None for a model figure,
    drawn at its own aspect."""

    def misses(self, quality: LayoutQuality) -> dict[str, list[str]]:
        """What the drawing falls short of, by row key, each miss in words; empty when it
        meets every row."""
        found = {key: list(faults) for key, faults in quality.found().items() if faults}
        if len(found.get("crossings", ())) <= self.max_crossings:
            found.pop("crossings", None)
        slide = quality.slide
        if quality.empty_area > self.max_empty_area:
            found["empty_area"] = [
                f"{quality.empty_area:.1%} of the drawing is farther than "
                f"{_EMPTY_REACH_PT:g} pt from any ink (> {self.max_empty_area:.0%})"
            ]
        if slide.smallest_name_pt < self.min_name_pt:
            found["smallest_name_pt"] = [
                f"names {slide.smallest_name_pt} pt on the slide < {self.min_name_pt:g}"
            ]
        if slide.smallest_text_pt < self.min_text_pt:
            found["smallest_text_pt"] = [
                f"text {slide.smallest_text_pt} pt on the slide < {self.min_text_pt:g}"
            ]
        if self.aspect is not None and not self.aspect[0] <= slide.aspect <= self.aspect[1]:
            found["aspect"] = [f"aspect {slide.aspect} outside {self.aspect[0]}-{self.aspect[1]}"]
        return {key: found[key] for key in (*QUALITY_ROWS, "aspect") if key in found}


WHOLE_QUALITY = QualityTargets(max_crossings=2, min_name_pt=10, min_text_pt=8)
"""The whole diagram; its crossings also average at most 0.5 per design (see
`crossings_average_miss`)."""
VIEW_QUALITY = QualityTargets(max_crossings=0, min_name_pt=12, min_text_pt=9)
FIGURE_QUALITY = QualityTargets(max_crossings=0, min_name_pt=12, min_text_pt=9, aspect=None)
MAX_AVERAGE_CROSSINGS = 0.5


def crossings_average_miss(whole: list[LayoutQuality]) -> str | None:
    """The miss, in words, when whole diagrams cross more than 0.5 times each on average."""
    if not whole:
        return None
    average = sum(len(q.crossings) for q in whole) / len(whole)
    if average <= MAX_AVERAGE_CROSSINGS:
        return None
    return f"{average:.2f} crossings per whole diagram on average > {MAX_AVERAGE_CROSSINGS:g}"


def _quote(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "\u2026")


def _text_overlaps(texts: list[_Text]) -> list[str]:
    found = []
    ordered = sorted(texts, key=lambda t: t.box[0])
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.box[0] >= first.box[2]:
                break
            across, down = overlap(first.box, second.box)
            if across > _LABEL_HIT_PT and down > _LABEL_HIT_PT:
                found.append(
                    f"text {_quote(first.text)} overlaps {_quote(second.text)} "
                    f"by {across:.0f} x {down:.0f} pt"
                )
    return found


def _labels_on_something_else(drawing: _Parsed) -> list[str]:
    found = []
    for edge in drawing.edges:
        box = edge.label_box
        if box is None:
            continue
        label = f"the label {_quote(' '.join(t.text for t in edge.labels))} of edge {edge.name}"
        for other in drawing.edges:
            if other is not edge and any(
                length_inside(p, box) > _LABEL_HIT_PT for p in other.pieces
            ):
                twin = "another " if other.name == edge.name else ""
                found.append(f"{label} is crossed by {twin}edge {other.name}")
        for node in drawing.nodes.values():
            across, down = overlap(box, node.box)
            if across > _LABEL_HIT_PT and down > _LABEL_HIT_PT:
                found.append(f"{label} lies on node {node.id}")
        for group in drawing.groups:
            if length_inside(outline(group.box), box) > _LABEL_HIT_PT:
                found.append(f"{label} lies on the outline of {group.name}")
    return found


def _edges_through_components(drawing: _Parsed) -> list[str]:
    found = []
    for edge in drawing.edges:
        for node in drawing.nodes.values():
            if node.id in edge.ends:
                continue
            inside = length_inside(edge.path, node.box)
            if inside > _THROUGH_PT:
                found.append(f"edge {edge.name} passes through node {node.id} ({inside:.0f} pt)")
    return found


def _edges_through_titles(drawing: _Parsed) -> list[str]:
    titles = [(f"the title of {g.name}", t.box) for g in drawing.groups for t in g.titles]
    titles += [("the drawing's title", t.box) for t in drawing.title]
    if drawing.legend is not None:
        titles.append(("the legend", drawing.legend))
    found = []
    for edge in drawing.edges:
        for name, box in dict.fromkeys(titles):
            if any(length_inside(p, box) > _LABEL_HIT_PT for p in edge.pieces):
                found.append(f"edge {edge.name} passes through {name}")
    return found


def _drawn_end(edge: _Edge, end: Point) -> Point:
    """Where an edge's ink stops at one end of its path: the tip of an arrowhead there."""
    tips = [p for a in edge.arrows if min(math.dist(q, end) for q in a) <= 5 for p in a]
    return max(tips, key=lambda p: math.dist(p, end)) if tips else end


def _edges_ending_on_outlines(drawing: _Parsed) -> list[str]:
    found = []
    for edge in drawing.edges:
        if len(edge.path) < 2:
            continue
        for node_id, end in ((edge.tail, edge.path[0]), (edge.head, edge.path[-1])):
            node = drawing.nodes.get(node_id)
            tip = _drawn_end(edge, end)
            if node is None or line_rect_distance([tip, tip], node.box) <= _END_NEAR_PT:
                continue
            for group in drawing.groups:
                if outline_distance(tip, group.box) <= _ON_OUTLINE_PT:
                    found.append(
                        f"edge {edge.name} ends on the outline of {group.name}, not at {node_id}"
                    )
                    break
    return found


def _parents(groups: list[_Group]) -> dict[str, str | None]:
    """Each group's parent: the smallest other group whose box holds it."""

    def holds(outer: Rect, inner: Rect) -> bool:
        return (
            outer[0] <= inner[0]
            and outer[1] <= inner[1]
            and inner[2] <= outer[2]
            and (inner[3] <= outer[3])
        )

    def area(box: Rect) -> float:
        return (box[2] - box[0]) * (box[3] - box[1])

    parents: dict[str, str | None] = {}
    for group in groups:
        holders = [g for g in groups if g is not group and holds(g.box, group.box)]
        parents[group.id] = min(holders, key=lambda g: area(g.box)).id if holders else None
    return parents


def _groups_touching(drawing: _Parsed) -> list[str]:
    parents = _parents(drawing.groups)
    found = []
    for index, first in enumerate(drawing.groups):
        for second in drawing.groups[index + 1 :]:
            if parents[first.id] != parents[second.id]:
                continue
            gap = rect_gap(first.box, second.box)
            if gap < _GROUP_GAP_PT:
                found.append(f"{first.name} and {second.name} are {gap:.2f} pt apart")
    return found


def _edges_along_outlines(drawing: _Parsed) -> list[str]:
    found = []
    for edge in drawing.edges:
        for group in drawing.groups:
            along = length_near_outline(edge.path, group.box, _ALONG_WITHIN_PT)
            if along > _ALONG_FOR_PT:
                found.append(
                    f"edge {edge.name} runs along the outline of {group.name} for {along:.0f} pt"
                )
    return found


def _long_detours(drawing: _Parsed) -> list[str]:
    found = []
    for edge in drawing.edges:
        if len(edge.path) < 2:
            continue
        drawn = length(edge.path)
        straight = math.dist(edge.path[0], edge.path[-1])
        if drawn > _DETOUR_RATIO * straight and drawn - straight > _DETOUR_EXTRA_PT:
            found.append(
                f"edge {edge.name} is drawn {drawn:.0f} pt long for {straight:.0f} pt straight"
            )
    return found


def _crossings(drawing: _Parsed) -> list[str]:
    found = []
    edges = drawing.edges
    for index, first in enumerate(edges):
        for second in edges[index + 1 :]:
            if first.ends & second.ends:
                continue
            if any(lines_cross(a, b) for a in first.pieces for b in second.pieces):
                found.append(f"edges {first.name} and {second.name} cross")
    return found


def _far_labels(drawing: _Parsed) -> list[str]:
    found = []
    for edge in drawing.edges:
        box = edge.label_box
        if box is None or len(edge.path) < 2:
            continue
        distance = line_rect_distance(edge.path, box)
        if distance > _FAR_LABEL_PT:
            words = " ".join(t.text for t in edge.labels)
            found.append(
                f"the label {_quote(words)} is {distance:.0f} pt from its edge {edge.name}"
            )
    return found


def _cut(lines: tuple[str, ...], name: str | None) -> str | None:
    """How a drawn name is cut, in words, or None: an ellipsis, a line break inside a word,
    or (given the whole name) words left out."""
    if any("\u2026" in line for line in lines):
        return "shortened with an ellipsis"
    if name is None:
        return None
    words = " ".join(name.split())
    drawn = "".join(lines).replace(" ", "")
    if drawn != words.replace(" ", ""):
        return "shortened" if words.replace(" ", "").startswith(drawn) else None
    at = 0
    for line in lines[:-1]:
        start = words.find(line.strip(), at)
        if start < 0:
            return None
        at = start + len(line.strip())
        if at < len(words) and words[at] != " " and words[at - 1] != "-":
            return f"broken inside a word after {line.strip()!r}"
    return None


def _cut_names(drawing: _Parsed, names: Mapping[str, str]) -> list[str]:
    found = []
    for node in drawing.nodes.values():
        how = _cut(node.names, names.get(node.id))
        if how is not None:
            found.append(f"the name of {node.id} is {how}: {_quote(' / '.join(node.names))}")
    return found


def _empty_area(drawing: _Parsed) -> float:
    """The share of the drawing farther than 60 pt from any ink, counted on a raster."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = drawing.area
    k = _EMPTY_PX_PER_PT
    size = (max(1, round((right - left) * k)), max(1, round((bottom - top) * k)))
    image = Image.new("L", size, 0)
    draw = ImageDraw.Draw(image)
    reach = _EMPTY_REACH_PT * k

    def px(p: Point) -> tuple[float, float]:
        return (p[0] - left) * k, (p[1] - top) * k

    boxes = [t.box for t in drawing.texts] + [n.box for n in drawing.nodes.values()]
    for box in boxes:
        (x0, y0), (x1, y1) = px(box[:2]), px(box[2:])
        draw.rounded_rectangle((x0 - reach, y0 - reach, x1 + reach, y1 + reach), reach, fill=255)
    lines = [p for e in drawing.edges for p in e.pieces] + drawing.ink
    for line in lines:
        points = [px(p) for p in line]
        if len(points) >= 2:
            draw.line(points, fill=255, width=round(2 * reach), joint="curve")
        for x, y in (points[0], points[-1]):
            draw.ellipse((x - reach, y - reach, x + reach, y + reach), fill=255)
    covered = image.histogram()[-1]
    return round(1 - covered / (size[0] * size[1]), 3)


def layout_quality(svg: str, names: Mapping[str, str] | None = None) -> LayoutQuality:
    """SPEC's layout-quality figures of a finished SVG (as `drawing_bytes` / `mlsd render` write
    it): a whole diagram, a view or a model figure alike. `names` maps a node's id to the name
    it stands for (a component's, a group's, a block's), so that a name broken inside a word
    is found; without it only an ellipsis shows a cut name."""
    drawing = _parse(svg)
    return LayoutQuality(
        slide=slide_figures(svg),
        text_overlaps=tuple(_text_overlaps(drawing.texts)),
        labels_on_something_else=tuple(_labels_on_something_else(drawing)),
        edges_through_components=tuple(_edges_through_components(drawing)),
        edges_through_titles=tuple(_edges_through_titles(drawing)),
        edges_ending_on_outlines=tuple(_edges_ending_on_outlines(drawing)),
        groups_touching=tuple(_groups_touching(drawing)),
        edges_along_outlines=tuple(_edges_along_outlines(drawing)),
        long_detours=tuple(_long_detours(drawing)),
        crossings=tuple(_crossings(drawing)),
        far_labels=tuple(_far_labels(drawing)),
        cut_names=tuple(_cut_names(drawing, names or {})),
        empty_area=_empty_area(drawing),
    )
