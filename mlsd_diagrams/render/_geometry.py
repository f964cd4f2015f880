"""Plane geometry for reading drawings: Bezier edges as polylines, and whether two cross."""

from __future__ import annotations

from itertools import pairwise

__all__ = ["Point", "bezier", "crossings", "lines_cross", "route_crossings"]

_CURVE_STEPS = 8
"""Line segments per cubic Bezier when testing two edges for an intersection."""

Point = tuple[float, float]
Segment = tuple[Point, Point]


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


def _box(points: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def lines_cross(first: list[Point], second: list[Point]) -> bool:
    if not _overlap(_box(first), _box(second)):
        return False
    segments = list(pairwise(first))
    others = list(pairwise(second))
    boxes = [_box(list(s)) for s in others]
    for segment in segments:
        box = _box(list(segment))
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
