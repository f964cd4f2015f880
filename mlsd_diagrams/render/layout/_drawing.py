"""The positioned drawing: where every node, cluster, edge and label of one drawing lies, in
points, origin at the top left, y growing downwards, as slides and drawing tools expect.

Read from one Graphviz run (its `-Tjson` output). Graphviz's own quirks end here: B-spline
control points become polylines, edges drawn reversed (deploys, `dir=back`) are turned back to
the scene's direction, and an edge Graphviz splits into several splines is one route.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..._errors import RenderError
from .._geometry import Point, bezier
from ..scene._scene import Scene

__all__ = [
    "HINT_COMMENT",
    "RANK_ANCHOR",
    "Box",
    "Drawing",
    "EdgeRoute",
    "Layout",
    "in_scene_order",
    "parse_layout",
    "read_layout",
]

_POINTS_PER_INCH = 72.0
RANK_ANCHOR = "_rank_"
"""Names the invisible anchors of rank hints (`_hints`): `_rank_3` is rank 3. No component id
starts with an underscore."""
HINT_COMMENT = "layout hint"
"""Marks the invisible edges of hints, constraints that are no part of the drawing."""


@dataclass(frozen=True)
class Box:
    """A rectangle in points: its top-left corner and size."""

    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


@dataclass(frozen=True)
class EdgeRoute:
    """One drawn edge in the scene's direction, `source` to `target`: its route as a polyline
    ending where the arrowhead touches (if it has one), and the box of its label."""

    source: str
    target: str
    points: tuple[Point, ...]
    label: Box | None = None
    arrow: bool = True
    """The route ends in an arrowhead at `target`."""


@dataclass(frozen=True)
class Layout:
    """Where Graphviz put every node, cluster and edge of one drawing."""

    width: float
    height: float
    nodes: dict[str, Box]
    clusters: dict[str, Box]
    """Keyed by group id (the DOT name without its `cluster_` prefix)."""
    edges: tuple[EdgeRoute, ...]
    """In Graphviz's order; a Drawing's layout has them in the scene's (see `in_scene_order`)."""
    label_width: float = 0.0
    """The graph's own label (title and legend), drawn above everything else."""
    label_height: float = 0.0
    ranks: dict[int, Box] = field(default_factory=dict)
    """The invisible anchors of rank hints, by rank (see `_hints`): not drawn, not in `nodes`."""


@dataclass(frozen=True)
class Drawing:
    """One drawing laid out: the scene drawn, its layout, and Graphviz's own renderings of it
    (by format name: png, svg, pdf), which every image writer finishes rather than redraws."""

    stem: str
    """The file name without its suffix: `<id>`, `<id>.frame-02`, `<id>.view-overview`."""
    scene: Scene
    layout: Layout
    source: str
    """The DOT text laid out."""
    images: Mapping[str, bytes] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return " ".join(self.scene.title)

    def route(self, index: int) -> EdgeRoute | None:
        """The drawn route of the scene's edge at `index`, if it was drawn."""
        route = self.layout.edges[index] if index < len(self.layout.edges) else None
        return route if route is not None and route.points else None


def _numbers(text: str) -> list[float]:
    return [float(part) for part in text.split(",")]


def _spline_points(pos: str, flip: Any) -> tuple[list[Point], Point | None, Point | None]:
    """The control points of an edge's `pos` (one or more splines joined by `;`), its start
    arrow point and its end arrow point."""
    points: list[Point] = []
    start: Point | None = None
    end: Point | None = None
    for spline in pos.split(";"):
        controls: list[Point] = []
        for part in spline.split():
            if part.startswith("e,"):
                end = flip(*_numbers(part[2:]))
            elif part.startswith("s,"):
                start = start or flip(*_numbers(part[2:]))
            else:
                controls.append(flip(*_numbers(part)))
        if len(controls) >= 4:
            # A B-spline of 3n+1 control points, sampled; several splines join end to end.
            points += bezier(controls)[1 if points else 0 :]
        else:
            points += controls
    return points, start, end


def _text_box(ops: list[dict[str, Any]], flip: Any) -> Box | None:
    """The box of the text an xdot op list draws (an edge's label), or None when it draws none."""
    size = 14.0
    boxes: list[Box] = []
    for op in ops:
        if op.get("op") == "F":
            size = float(op.get("size", size))
        elif op.get("op") == "T":
            x, y = flip(*op["pt"])
            width = float(op.get("width", 0))
            align = op.get("align", "c")
            left = x - width / 2 if align == "c" else x - width if align == "r" else x
            boxes.append(Box(left, y - size * 0.8, width, size))
    if not boxes:
        return None
    left = min(b.x for b in boxes)
    top = min(b.y for b in boxes)
    right = max(b.x + b.width for b in boxes)
    bottom = max(b.y + b.height for b in boxes)
    return Box(round(left, 2), round(top, 2), round(right - left, 2), round(bottom - top, 2))


def parse_layout(text: str) -> Layout:
    """The layout in Graphviz's JSON output; ValueError when it is not such a document."""
    data: dict[str, Any] = json.loads(text)
    x0, y0, x1, y1 = _numbers(data["bb"])
    height = y1 - y0

    def flip(x: float, y: float) -> Point:
        return round(x - x0, 2), round(height - (y - y0), 2)

    names: dict[int, str] = {}
    nodes: dict[str, Box] = {}
    clusters: dict[str, Box] = {}
    ranks: dict[int, Box] = {}
    for item in data.get("objects", []):
        name = str(item["name"])
        names[int(item["_gvid"])] = name
        if "bb" in item and name.startswith("cluster_"):
            left, bottom, right, top = _numbers(item["bb"])
            corner = flip(left, top)
            clusters[name.removeprefix("cluster_")] = Box(*corner, right - left, top - bottom)
        elif "pos" in item:
            cx, cy = _numbers(item["pos"])
            width = float(item["width"]) * _POINTS_PER_INCH
            tall = float(item["height"]) * _POINTS_PER_INCH
            centre = flip(cx, cy)
            box = Box(centre[0] - width / 2, centre[1] - tall / 2, width, tall)
            if name.startswith(RANK_ANCHOR):
                ranks[int(name.removeprefix(RANK_ANCHOR))] = box
            else:
                nodes[name] = box
    edges = []
    for item in sorted(data.get("edges", []), key=lambda e: int(e["_gvid"])):
        if item.get("comment") == HINT_COMMENT:
            continue  # a hint's invisible edge: a constraint, not part of the drawing
        tail, head = names[int(item["tail"])], names[int(item["head"])]
        points, start, end = _spline_points(str(item.get("pos", "")), flip)
        label = _text_box([*item.get("_ldraw_", []), *item.get("_xldraw_", [])], flip)
        if item.get("dir") == "back":
            # Drawn from the scene's target back to its source: the route is turned round.
            route = [*reversed(points), *([start] if start else [])]
            edges.append(EdgeRoute(head, tail, tuple(route), label, start is not None))
        else:
            route = [*points, *([end] if end else [])]
            edges.append(EdgeRoute(tail, head, tuple(route), label, end is not None))
    return Layout(
        round(x1 - x0, 2),
        round(height, 2),
        nodes,
        clusters,
        tuple(edges),
        float(data.get("lwidth", 0)) * _POINTS_PER_INCH,
        float(data.get("lheight", 0)) * _POINTS_PER_INCH,
        ranks,
    )


def in_scene_order(layout: Layout, scene: Scene) -> Layout:
    """The layout with one route per scene edge, in the scene's order (Graphviz lists edges
    node by node); an edge Graphviz did not draw gets an empty route."""
    waiting: dict[tuple[str, str], list[EdgeRoute]] = {}
    for route in layout.edges:
        waiting.setdefault((route.source, route.target), []).append(route)
    ordered = []
    for edge in scene.edges:
        routes = waiting.get((edge.source, edge.target))
        ordered.append(routes.pop(0) if routes else EdgeRoute(edge.source, edge.target, ()))
    return replace(layout, edges=tuple(ordered))


def read_layout(text: str, source: str = "") -> Layout:
    """`parse_layout` for a Graphviz run's output: RenderError, saying where the DOT was kept
    for a bug report, when Graphviz wrote a layout this module cannot read."""
    try:
        return parse_layout(text)
    except (ValueError, KeyError, TypeError, IndexError) as error:
        from ._graphviz import bug_report

        raise RenderError(bug_report("a layout mlsd-diagrams cannot read", error, source)) from None
