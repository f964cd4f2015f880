"""The drawn route of each scene edge in a layout, in the flow's own direction, for writers
that place edges themselves (draw.io waypoints, Excalidraw arrows)."""

from __future__ import annotations

from ..layout._drawing import Box, EdgePath, Layout
from ..scene._scene import Scene, SceneEdge

__all__ = ["arrow_points", "edge_paths"]


def edge_paths(scene: Scene, layout: Layout) -> dict[int, EdgePath]:
    """The drawn path of each scene edge, by its index; deploys are drawn reversed in DOT."""
    queue: dict[tuple[str, str], list[EdgePath]] = {}
    for path in layout.edges:
        queue.setdefault((path.tail, path.head), []).append(path)
    found = {}
    for index, edge in enumerate(scene.edges):
        key = (
            (edge.target, edge.source)
            if edge.kind.value == "deploy"
            else (edge.source, edge.target)
        )
        if queue.get(key):
            found[index] = queue[key].pop(0)
    return found


def arrow_points(
    edge: SceneEdge, path: EdgePath | None, a: Box, b: Box
) -> list[tuple[float, float]]:
    """Points on the drawn curve from the flow's source to its target (box centres when the
    layout has no route for it)."""
    if path is None or len(path.points) < 2:
        return [a.center, b.center]
    # B-spline control points: every third one lies on the curve.
    points = list(path.points[::3])
    if path.arrow_end is not None:
        points.append(path.arrow_end)
    return points[::-1] if edge.kind.value == "deploy" else points
