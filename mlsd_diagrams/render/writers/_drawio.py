"""draw.io (diagrams.net) files: an uncompressed mxfile laid out from the Graphviz layout.

Each component is a vertex whose cell id is the component id, with its icon embedded in the
style as a data URI; each group a container (its members' coordinates relative to it); each flow
an edge with its source and target.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..layout._drawing import Box, Drawing, EdgeRoute
from ._iconfiles import icon_data

__all__ = ["drawio_text", "editable_svg"]

_WAYPOINT_EVERY = 4
"""Of the route's sampled points (8 a curve segment), every fourth is a waypoint."""
_DASH = {"dashed": "dashed=1;dashPattern=8 4;", "dotted": "dashed=1;dashPattern=1 3;"}


def _text(lines: tuple[str, ...] | list[str]) -> str:
    """Cell text: plain (html=0), lines joined by newlines, escaped for an XML attribute."""
    return quoteattr("\n".join(lines)).replace("\n", "&#10;")


def _geometry(box: Box, origin: Box | None) -> str:
    x = box.x - (origin.x if origin else 0.0)
    y = box.y - (origin.y if origin else 0.0)
    return (
        f'<mxGeometry x="{x:.2f}" y="{y:.2f}" width="{box.width:.2f}" '
        f'height="{box.height:.2f}" as="geometry"/>'
    )


def _edge_geometry(route: EdgeRoute | None) -> str:
    """An edge's geometry with waypoints along the drawn route, so draw.io shows the edge where
    the images do instead of routing it again."""
    inner = route.points[1:-1] if route is not None else ()
    points = inner[::_WAYPOINT_EVERY]
    if not points:
        return '<mxGeometry relative="1" as="geometry"/>'
    waypoints = "".join(f'<mxPoint x="{x:.2f}" y="{y:.2f}"/>' for x, y in points)
    array = f'<Array as="points">{waypoints}</Array>'
    return f'<mxGeometry relative="1" as="geometry">{array}</mxGeometry>'


def group_cell(group_id: str) -> str:
    """The cell id of a group: a hyphen never appears in a component id, so the two cannot meet."""
    return f"group-{group_id}"


def drawio_text(drawing: Drawing) -> str:
    scene, layout = drawing.scene, drawing.layout
    theme = scene.theme
    cells = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>']
    owner = scene.owners()
    boxes = {c.id: layout.clusters[c.id] for c in scene.clusters if c.id in layout.clusters}
    for cluster in sorted(scene.clusters, key=lambda c: c.depth):
        if cluster.id not in boxes:
            continue
        parent = cluster.parent if cluster.parent in boxes else None
        fill = (
            theme.plane_fill[cluster.plane]
            if cluster.plane is not None
            else theme.group_fill[cluster.depth % len(theme.group_fill)]
        )
        style = (
            "rounded=1;arcSize=6;container=1;collapsible=0;html=0;whiteSpace=wrap;"
            "verticalAlign=top;align=left;spacingLeft=8;fontSize=13;"
            f"fillColor={fill};strokeColor={theme.group_line};fontColor={theme.subtle_text};"
        )
        cells.append(
            f'<mxCell id="{group_cell(cluster.id)}" value={_text(cluster.label)} '
            f'style="{style}" vertex="1" '
            f'parent="{group_cell(parent) if parent else "1"}">'
            f"{_geometry(boxes[cluster.id], boxes.get(parent) if parent else None)}</mxCell>"
        )
    for node in scene.nodes:
        box = layout.nodes.get(node.id)
        if box is None:
            continue
        group = owner.get(node.id)
        parent = group if group in boxes else None
        lines = [*node.label, *node.tech, *([node.latency] if node.latency else [])]
        if node.icon:
            style = (
                "shape=label;html=0;whiteSpace=wrap;fillColor=none;strokeColor=none;"
                f"image=data:image/png,{icon_data(node.icon)};imageWidth=48;imageHeight=48;"
                "imageAlign=center;imageVerticalAlign=top;verticalAlign=bottom;align=center;"
                f"fontStyle=1;fontSize=12;fontColor={theme.text};"
            )
        else:
            # A model figure's block has its family's colours; a component its category's.
            fill, line = (
                (node.block.fill, node.block.line)
                if node.block
                else (theme.category_fill[node.category], theme.category_line[node.category])
            )
            style = (
                "rounded=1;html=0;whiteSpace=wrap;fontStyle=1;fontSize=12;"
                f"fillColor={fill};strokeColor={line};fontColor={theme.text};"
            )
        geometry = _geometry(box, boxes.get(parent) if parent else None)
        where = f'parent="{group_cell(parent) if parent else "1"}"'
        if node.url is None:
            cells.append(
                f'<mxCell id="{node.id}" value={_text(lines)} style="{style}" vertex="1" '
                f"{where}>{geometry}</mxCell>"
            )
        else:
            # draw.io keeps a link on a user object around the cell, which then takes its id.
            cells.append(
                f'<UserObject id="{node.id}" label={_text(lines)} link={quoteattr(node.url)}>'
                f'<mxCell style="{style}" vertex="1" {where}>{geometry}</mxCell></UserObject>'
            )
    placed = set(layout.nodes)
    for number, edge in enumerate(scene.edges, start=1):
        if edge.source not in placed or edge.target not in placed:
            continue
        look = edge.look or theme.edges[edge.kind]
        style = (
            "curved=1;rounded=1;html=0;endArrow=block;endFill=1;"
            f"strokeColor={look.color};strokeWidth={look.penwidth:g};"
            f"fontSize=10;fontColor={theme.subtle_text};{_DASH.get(look.style, '')}"
        )
        # A merged fan is drawn from (or to) its group's box, as in the images.
        source = group_cell(edge.source_group) if edge.source_group else edge.source
        target = group_cell(edge.target_group) if edge.target_group else edge.target
        cells.append(
            f'<mxCell id="flow-{number}" value={_text(list(edge.label))} style="{style}" '
            f'edge="1" parent="1" source="{source}" target="{target}">'
            f"{_edge_geometry(drawing.route(number - 1))}</mxCell>"
        )
    title = " ".join(scene.title)
    body = "\n        ".join(cells)
    return (
        '<mxfile host="mlsd-diagrams" type="device">\n'
        f"  <diagram id={quoteattr(scene.id)} name={quoteattr(title)}>\n"
        f'    <mxGraphModel dx="0" dy="0" grid="0" gridSize="10" guides="1" tooltips="1" '
        f'connect="1" arrows="1" fold="1" page="0" pageScale="1" '
        f'pageWidth="{layout.width:.0f}" pageHeight="{layout.height:.0f}" '
        f'background="{theme.background}" math="0" shadow="0">\n'
        f"      <root>\n        {body}\n      </root>\n"
        "    </mxGraphModel>\n  </diagram>\n</mxfile>\n"
    )


def editable_svg(svg: str, mxfile: str) -> str:
    """The SVG with the draw.io file in its root's `content` attribute: draw.io's own "editable
    SVG", which any viewer shows as the picture and draw.io opens as the diagram."""
    start = svg.index("<svg")
    return f"{svg[:start]}<svg content={quoteattr(mxfile)}{svg[start + 4 :]}"
