"""Excalidraw files (version 2 JSON) laid out from the Graphviz layout.

Each component is a rectangle (its id the component id) with its name as bound text and its icon
as an image element (the PNG in `files`); each flow an arrow bound to both rectangles; each
top-level group a frame, each nested group a labelled rectangle inside it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..layout._drawing import Box, Drawing, EdgeRoute
from ._iconfiles import icon_data

__all__ = ["excalidraw_text"]

_STROKE = {"solid": "solid", "bold": "solid", "dashed": "dashed", "dotted": "dotted"}


def _seed(name: str) -> int:
    """A stable number per element, where Excalidraw wants a random one."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big") % 2**31


def _element(kind: str, element_id: str, box: Box, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": element_id,
        "type": kind,
        "x": round(box.x, 2),
        "y": round(box.y, 2),
        "width": round(box.width, 2),
        "height": round(box.height, 2),
        "angle": 0,
        "strokeColor": "#1e1e1e",
        "backgroundColor": "transparent",
        "fillStyle": "solid",
        "strokeWidth": 1,
        "strokeStyle": "solid",
        "roughness": 0,
        "opacity": 100,
        "groupIds": [],
        "frameId": None,
        "roundness": None,
        "seed": _seed(element_id),
        "version": 1,
        "versionNonce": _seed(element_id + "/nonce"),
        "isDeleted": False,
        "boundElements": None,
        "updated": 1,
        "link": None,
        "locked": False,
    }
    base.update(fields)
    return base


def _text(element_id: str, box: Box, text: str, size: int, colour: str, **fields: Any) -> Any:
    return _element(
        "text",
        element_id,
        box,
        text=text,
        originalText=text,
        fontSize=size,
        fontFamily=2,
        textAlign=fields.pop("textAlign", "center"),
        verticalAlign=fields.pop("verticalAlign", "middle"),
        lineHeight=1.25,
        autoResize=True,
        strokeColor=colour,
        containerId=fields.pop("containerId", None),
        **fields,
    )


def _arrow_points(route: EdgeRoute | None, a: Box, b: Box) -> list[tuple[float, float]]:
    if route is None or len(route.points) < 2:
        return [a.center, b.center]
    return list(route.points)


def excalidraw_text(drawing: Drawing) -> str:
    scene, layout = drawing.scene, drawing.layout
    theme = scene.theme
    elements: list[dict[str, Any]] = []
    files: dict[str, Any] = {}
    frame_of: dict[str, str] = {}
    placed = {n.id for n in scene.nodes if n.id in layout.nodes}

    def bound(node: str, group: str | None) -> str:
        # A flow to or from a group is bound to the group's rectangle (or frame).
        return f"group-{group}" if group is not None and group in layout.clusters else node

    ends: dict[int, tuple[str, str]] = {
        index: (bound(edge.source, edge.source_group), bound(edge.target, edge.target_group))
        for index, edge in enumerate(scene.edges)
        if edge.source in placed and edge.target in placed
    }
    arrows: dict[str, list[dict[str, str]]] = {}
    for index, pair in ends.items():
        for end in pair:
            arrows.setdefault(end, []).append({"id": f"flow-{index + 1}", "type": "arrow"})
    for cluster in sorted(scene.clusters, key=lambda c: c.depth):
        box = layout.clusters.get(cluster.id)
        if box is None:
            continue
        label = " ".join(cluster.label)
        if cluster.parent is None:
            elements.append(
                _element(
                    "frame",
                    f"group-{cluster.id}",
                    box,
                    name=label,
                    boundElements=arrows.get(f"group-{cluster.id}") or None,
                )
            )
            frame_of[cluster.id] = f"group-{cluster.id}"
            continue
        frame = frame_of.get(cluster.parent)
        frame_of[cluster.id] = frame or ""
        elements.append(
            _element(
                "rectangle",
                f"group-{cluster.id}",
                box,
                strokeColor=theme.group_line,
                backgroundColor=theme.group_fill[cluster.depth % len(theme.group_fill)],
                roundness={"type": 3},
                frameId=frame,
                boundElements=arrows.get(f"group-{cluster.id}") or None,
            )
        )
        elements.append(
            _text(
                f"group-{cluster.id}-label",
                Box(box.x + 8, box.y + 4, box.width - 16, 18),
                label,
                13,
                theme.subtle_text,
                textAlign="left",
                verticalAlign="top",
                frameId=frame,
            )
        )
    owner = scene.owners()
    for node in scene.nodes:
        box = layout.nodes.get(node.id)
        if box is None:
            continue
        frame = frame_of.get(owner.get(node.id, ""), "") or None
        text_id = f"{node.id}-label"
        lines = [*node.label, *node.tech, *([node.latency] if node.latency else [])]
        elements.append(
            _element(
                "rectangle",
                node.id,
                box,
                strokeColor=node.block.line if node.block else theme.category_line[node.category],
                backgroundColor=node.block.fill
                if node.block
                else theme.category_fill[node.category],
                roundness={"type": 3},
                frameId=frame,
                boundElements=[{"id": text_id, "type": "text"}, *arrows.get(node.id, [])],
            )
        )
        height = 15.0 * len(lines)
        elements.append(
            _text(
                text_id,
                Box(box.x + 4, box.y + box.height - height - 4, box.width - 8, height),
                "\n".join(lines),
                12,
                theme.text,
                verticalAlign="bottom",
                containerId=node.id,
                frameId=frame,
            )
        )
        if node.icon:
            file_id = hashlib.sha256(node.icon.encode("utf-8")).hexdigest()[:40]
            files[file_id] = {
                "mimeType": "image/png",
                "id": file_id,
                "dataURL": f"data:image/png;base64,{icon_data(node.icon)}",
                "created": 1,
            }
            side = 40.0
            icon = Box(box.center[0] - side / 2, box.y + 6, side, side)
            elements.append(
                _element(
                    "image", f"{node.id}-icon", icon, fileId=file_id, status="saved",
                    scale=[1, 1], frameId=frame,
                )
            )  # fmt: skip
    for index, edge in enumerate(scene.edges):
        if index not in ends:
            continue
        start, end = ends[index]
        a, b = layout.nodes[edge.source], layout.nodes[edge.target]
        points = _arrow_points(drawing.route(index), a, b)
        x0, y0 = points[0]
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        look = edge.look or theme.edges[edge.kind]
        box = Box(x0, y0, max(xs) - min(xs), max(ys) - min(ys))
        elements.append(
            _element(
                "arrow",
                f"flow-{index + 1}",
                box,
                points=[[round(x - x0, 2), round(y - y0, 2)] for x, y in points],
                strokeColor=look.color,
                strokeStyle=_STROKE.get(look.style, "solid"),
                strokeWidth=max(1, round(look.penwidth)),
                roundness={"type": 2},
                startBinding={"elementId": start, "focus": 0, "gap": 4},
                endBinding={"elementId": end, "focus": 0, "gap": 4},
                startArrowhead=None,
                endArrowhead="arrow",
                lastCommittedPoint=None,
            )
        )
    document = {
        "type": "excalidraw",
        "version": 2,
        "source": "mlsd-diagrams",
        "elements": elements,
        "appState": {"viewBackgroundColor": theme.background, "gridSize": None},
        "files": files,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"
