"""Plane geometry for reading drawings: Bezier edges as polylines, whether two cross, and how a
line lies against a box (inside it, along its outline, how far from it)."""

from __future__ import annotations

import math
from itertools import pairwise

__all__ = [
    "Point",
    "Rect",
    "bezier",
    "bounds",
    "crossings",
    "length",
    "length_inside",
    "length_near_outline",
    "line_rect_distance",
    "lines_cross",
    "outline",
    "outline_distance",
    "overlap",
    "rect_gap",
    "route_crossings",
]

_CURVE_STEPS = 8
"""Line segments per cubic Bezier when testing two edges for an intersection."""

Point = tuple[float, float]
Segment = tuple[Point, Point]
Rect = tuple[float, float, float, float]
"""left, top, right, bottom"""


def bezier(points: list[Point]) -> list[Point]:
    """The polyline of a Graphviz path: a start point, then cubic segments of three points."""
    line = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, p1, p2, p3 = line[-1], points[i], points[i + 1], points[i + 2]
        for step in range(1, _CURVE_STEPS + 1):
            t = step / _CURVE_STEPS
            u = 1 - t
            line.append(
                (
                    u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                    u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
                )
            )
    return line


def _crosses(a: Segment, b: Segment) -> bool:
    """Whether two segments properly intersect (touching ends do not count)."""

    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(b[0], b[1], a[0]), side(b[0], b[1], a[1])
    d3, d4 = side(a[0], a[1], b[0]), side(a[0], a[1], b[1])
    return d1 * d2 < 0 and d3 * d4 < 0


def bounds(points: list[Point]) -> Rect:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def overlap(a: Rect, b: Rect) -> tuple[float, float]:
    """How far two boxes overlap across and down (negative: the gap between them)."""
    return min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])


def rect_gap(a: Rect, b: Rect) -> float:
    """The shortest distance between two boxes; 0 when they touch or overlap."""
    across, down = overlap(a, b)
    return math.hypot(max(0.0, -across), max(0.0, -down))


def outline(rect: Rect) -> list[Point]:
    """A box's outline as a closed polyline."""
    left, top, right, bottom = rect
    return [(left, top), (right, top), (right, bottom), (left, bottom), (left, top)]


def length(line: list[Point]) -> float:
    return sum(math.dist(a, b) for a, b in pairwise(line))


def _clip(a: Point, b: Point, rect: Rect) -> float:
    """How much of segment a-b lies inside `rect` (Liang-Barsky clipping)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, a[0] - rect[0]),
        (dx, rect[2] - a[0]),
        (-dy, a[1] - rect[1]),
        (dy, rect[3] - a[1]),
    ):
        if p == 0:
            if q < 0:
                return 0.0
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return 0.0
    return (high - low) * math.hypot(dx, dy)


def length_inside(line: list[Point], rect: Rect) -> float:
    """How much of a polyline lies inside a box."""
    if len(line) < 2 or not _overlap(bounds(line), rect):
        return 0.0
    return sum(_clip(a, b, rect) for a, b in pairwise(line))


def _point_rect_distance(p: Point, rect: Rect) -> float:
    dx = max(rect[0] - p[0], 0.0, p[0] - rect[2])
    dy = max(rect[1] - p[1], 0.0, p[1] - rect[3])
    return math.hypot(dx, dy)


def outline_distance(p: Point, rect: Rect) -> float:
    """How far a point is from a box's outline, inside or out."""
    outside = _point_rect_distance(p, rect)
    if outside > 0:
        return outside
    return min(p[0] - rect[0], rect[2] - p[0], p[1] - rect[1], rect[3] - p[1])


def _pieces(line: list[Point], step: float) -> list[tuple[Point, float]]:
    """A polyline cut into pieces no longer than `step`: each piece's midpoint and length."""
    found = []
    for a, b in pairwise(line):
        size = math.dist(a, b)
        count = max(1, math.ceil(size / step))
        for i in range(count):
            t = (i + 0.5) / count
            found.append(((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), size / count))
    return found


def length_near_outline(line: list[Point], rect: Rect, within: float) -> float:
    """How much of a polyline runs within `within` of a box's outline (to a point or so)."""
    grown = (rect[0] - within, rect[1] - within, rect[2] + within, rect[3] + within)
    if len(line) < 2 or not _overlap(bounds(line), grown):
        return 0.0
    return sum(size for mid, size in _pieces(line, 1.0) if outline_distance(mid, rect) <= within)


def line_rect_distance(line: list[Point], rect: Rect) -> float:
    """The shortest distance between a polyline and a box; 0 when the line enters it."""
    if length_inside(line, rect) > 0:
        return 0.0
    # Outside the box, the nearest point of a segment is near one of its short pieces' ends.
    return min((_point_rect_distance(mid, rect) for mid, _ in _pieces(line, 1.0)), default=math.inf)


def lines_cross(first: list[Point], second: list[Point]) -> bool:
    if not _overlap(bounds(first), bounds(second)):
        return False
    segments = list(pairwise(first))
    others = list(pairwise(second))
    boxes = [bounds(list(s)) for s in others]
    for segment in segments:
        box = bounds(list(segment))
        for other, other_box in zip(others, boxes, strict=True):
            if _overlap(box, other_box) and _crosses(segment, other):
                return True
    return False


def crossings(edges: list[tuple[frozenset[str], list[Point]]]) -> int:
    """How many pairs of drawn edges cross, pairs that share an end node not counted; each
    edge is its end nodes and its Graphviz control points (a start, then cubic triples)."""
    return route_crossings([(ends, bezier(points)) for ends, points in edges if len(points) >= 2])


def route_crossings(lines: list[tuple[frozenset[str], list[Point]]]) -> int:
    """`crossings` of edges given as polylines."""
    lines = [(ends, line) for ends, line in lines if len(line) >= 2]
    return sum(
        1
        for index, (ends_a, line_a) in enumerate(lines)
        for ends_b, line_b in lines[index + 1 :]
        if not ends_a & ends_b and lines_cross(line_a, line_b)
    )
