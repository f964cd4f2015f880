"""The layout of one Graphviz run (its `-Tjson` output) as plain data: boxes and edge paths in
points, origin at the top left, y growing downwards, as slides and drawing tools expect."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..._errors import RenderError

__all__ = ["Box", "EdgePath", "Layout", "parse_layout", "read_layout"]

_POINTS_PER_INCH = 72.0


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
class EdgePath:
    """One drawn edge from `tail` to `head` (Graphviz's direction) as a polyline of B-spline
    control points, and the point its arrowhead touches, if it has one."""

    tail: str
    head: str
    points: tuple[tuple[float, float], ...]
    arrow_end: tuple[float, float] | None


@dataclass(frozen=True)
class Layout:
    """Where Graphviz put every node, cluster and edge of one drawing."""

    width: float
    height: float
    nodes: dict[str, Box]
    clusters: dict[str, Box]
    """Keyed by group id (the DOT name without its `cluster_` prefix)."""
    edges: tuple[EdgePath, ...]
    label_width: float = 0.0
    """The graph's own label (title and legend), drawn above everything else."""
    label_height: float = 0.0


def _numbers(text: str) -> list[float]:
    return [float(part) for part in text.split(",")]


def parse_layout(text: str) -> Layout:
    """The layout in Graphviz's JSON output; ValueError when it is not such a document."""
    data: dict[str, Any] = json.loads(text)
    x0, y0, x1, y1 = _numbers(data["bb"])
    height = y1 - y0

    def point(x: float, y: float) -> tuple[float, float]:
        return round(x - x0, 2), round(height - (y - y0), 2)

    names: dict[int, str] = {}
    nodes: dict[str, Box] = {}
    clusters: dict[str, Box] = {}
    for item in data.get("objects", []):
        name = str(item["name"])
        names[int(item["_gvid"])] = name
        if "bb" in item and name.startswith("cluster_"):
            left, bottom, right, top = _numbers(item["bb"])
            corner = point(left, top)
            clusters[name.removeprefix("cluster_")] = Box(*corner, right - left, top - bottom)
        elif "pos" in item:
            cx, cy = _numbers(item["pos"])
            width = float(item["width"]) * _POINTS_PER_INCH
            tall = float(item["height"]) * _POINTS_PER_INCH
            centre = point(cx, cy)
            nodes[name] = Box(centre[0] - width / 2, centre[1] - tall / 2, width, tall)
    edges = []
    for item in data.get("edges", []):
        points: list[tuple[float, float]] = []
        arrow_end = None
        for part in str(item.get("pos", "")).split():
            if part.startswith("e,"):
                arrow_end = point(*_numbers(part[2:]))
            elif not part.startswith("s,"):
                points.append(point(*_numbers(part)))
        edges.append(
            EdgePath(names[int(item["tail"])], names[int(item["head"])], tuple(points), arrow_end)
        )
    return Layout(
        round(x1 - x0, 2),
        round(height, 2),
        nodes,
        clusters,
        tuple(edges),
        float(data.get("lwidth", 0)) * _POINTS_PER_INCH,
        float(data.get("lheight", 0)) * _POINTS_PER_INCH,
    )


def read_layout(text: str) -> Layout:
    """`parse_layout` for a Graphviz run's output: RenderError when Graphviz wrote no layout
    this module can read."""
    try:
        return parse_layout(text)
    except (ValueError, KeyError, TypeError, IndexError):
        raise RenderError("Graphviz wrote an unreadable layout; reinstall Graphviz") from None
