"""Scene -> DOT text through the `diagrams` package: the only module that imports it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import diagrams
from diagrams import Cluster, Diagram, Edge
from diagrams.custom import Custom

from ..._catalog import FlowKind
from .._quoting import html_escape
from ..scene._icons import resources_dir
from ..scene._scene import Scene, SceneEdge, SceneNode
from ..scene._themes import TYPE
from ._hints import with_hints
from ._labels import edge_label, node_label, title_label

__all__ = ["dot_source", "resources_dir"]

_INVISIBLE = {"style": "invis"}
"""Hidden parts keep their size and place, so every frame of a design is laid out identically."""


@contextmanager
def _diagrams_context(diagram: Diagram) -> Iterator[None]:
    """diagrams keeps its current diagram in a context variable; hold it only while building."""
    previous_diagram = diagrams.getdiagram()
    previous_cluster = diagrams.getcluster()
    diagrams.setdiagram(diagram)
    diagrams.setcluster(None)
    try:
        yield
    finally:
        diagrams.setdiagram(previous_diagram)
        diagrams.setcluster(previous_cluster)


# Graphviz grows a slanted or round outline until the label fits its inner box, so those get a
# small margin (the default) to stay near the size of a plain box; outlines whose inner box is
# the whole shape need a real one, or the words touch the outline.
_BLOCK_MARGINS = {
    "box": "0.16,0.08",
    "box3d": "0.14,0.06",
    "tab": "0.16,0.08",
    "note": "0.14,0.06",
    "component": "0.18,0.06",
    "rarrow": "0.2,0.06",
}


def _block_attrs(node: SceneNode) -> dict[str, str]:
    """A model figure's block: its kind's outline and colour; a stack of repeated layers gets
    extra outlines, a frozen part a dashed one."""
    look = node.block
    assert look is not None
    style = "filled,dashed" if look.frozen else "filled"
    rounded = look.outline == "box"
    return {
        "shape": look.outline,
        "style": ("rounded," if rounded else "") + style,
        "margin": _BLOCK_MARGINS.get(look.outline, "0.02,0.02"),
        "fillcolor": look.fill,
        "color": look.line,
        "penwidth": "1.6",
        "peripheries": "2" if look.stack > 1 else "1",
    }


def _node_attrs(node: SceneNode, scene: Scene) -> dict[str, str]:
    theme = scene.theme
    if node.block is not None:
        return _block_attrs(node)
    if node.role == "group":
        fill = (
            theme.plane_fill[node.group_plane]
            if node.group_plane is not None
            else theme.group_fill[node.depth % len(theme.group_fill)]
        )
        return {
            "shape": "box",
            "style": "rounded,filled",
            "margin": "0.2,0.12",
            "fillcolor": fill,
            "color": theme.group_line,
            "penwidth": "1.2",
        }
    if node.role == "stub":
        # A neighbour of the part a view shows: named, not drawn in full.
        return {
            "shape": "box",
            "style": "rounded,dashed",
            "margin": "0.12,0.06",
            "color": theme.group_line,
            "penwidth": "1",
        }
    if scene.boxes:
        return {
            "shape": "box",
            "style": "rounded,filled",
            "width": "1.3",
            "height": "0.55",
            "margin": "0.14,0.07",
            "fillcolor": theme.category_fill[node.category],
            "color": theme.category_line[node.category],
            "penwidth": "1.4",
        }
    return {"shape": "plain", "margin": "0.05"}


def _edge_attrs(edge: SceneEdge, scene: Scene) -> dict[str, str]:
    theme = scene.theme
    style = edge.look or theme.edges[edge.kind]
    attrs = {
        "color": style.color,
        "style": style.style,
        "penwidth": f"{style.penwidth:g}",
        "arrowsize": "0.7" if edge.kind is FlowKind.OBSERVE else "0.9",
        "fontcolor": theme.subtle_text,
        "fontsize": f"{TYPE.detail:g}",
    }
    if edge.label:
        attrs["xlabel" if edge.label_outside else "label"] = edge_label(edge.label)
    if edge.kind is FlowKind.REQUEST:
        # Heavy edges are kept short and straight, so the request path reads as one line.
        attrs["weight"] = "6"
    if edge.kind is FlowKind.FEEDBACK:
        # Feedback closes a loop against the reading direction (a report goes back to
        # training); letting it bend freely keeps it from pulling the request path out of line,
        # and lets offline pipelines stack under the serving path instead of trailing after it.
        attrs["constraint"] = "false"
    elif edge.kind is FlowKind.OBSERVE:
        # A monitor belongs after what it watches: the edge ranks it there (else Graphviz puts
        # an otherwise unconnected monitor at the far left), with no pull on anything else.
        attrs["weight"] = "0"
    elif edge.kind is FlowKind.DEPLOY:
        # Deploys are drawn reversed (see `dot_source`); a little weight keeps the registry
        # close to what it serves, which folds the training chain under the serving path.
        attrs["weight"] = "2"
    # In lanes, flows between planes do not rank their ends, except requests (the path read
    # first) and observe edges, which carry no weight and only keep a monitor beside what it
    # watches instead of at the far start of the drawing, where every metric line crosses.
    if scene.lanes and (
        edge.kind is FlowKind.DEPLOY
        or (edge.across_planes and edge.kind not in (FlowKind.REQUEST, FlowKind.OBSERVE))
    ):
        attrs["constraint"] = "false"
    # A flow to or from a group (or a merged fan) is drawn from (or to) the group's box; a
    # deploy is drawn reversed, so its target is the DOT edge's tail and its source the head.
    reverse = edge.kind is FlowKind.DEPLOY
    if edge.source_group is not None:
        attrs["lhead" if reverse else "ltail"] = f"cluster_{edge.source_group}"
    if edge.target_group is not None:
        attrs["ltail" if reverse else "lhead"] = f"cluster_{edge.target_group}"
    if edge.highlight is not None:
        attrs |= {"color": edge.highlight, "fontcolor": edge.highlight, "penwidth": "3"}
    if not edge.visible:
        attrs |= _INVISIBLE
    return attrs


def _diagram(scene: Scene) -> Diagram:
    theme = scene.theme
    diagram = Diagram(
        name="",
        filename=scene.id,
        direction=scene.rankdir or scene.direction.value,
        curvestyle="curved",
        outformat="png",
        show=False,
        graph_attr={
            "splines": "spline",
            "pad": "0.15",
            "margin": "0",
            "nodesep": f"{TYPE.nodesep:g}",
            "ranksep": f"{TYPE.ranksep:g}",
            "bgcolor": "transparent" if scene.transparent else theme.background,
            "fontname": "Sans-Serif",
            "fontcolor": theme.text,
            "labelloc": "t",
            "labeljust": "l",
            "newrank": "true",
            "compound": "true",
            "forcelabels": "true",
        },
        # diagrams' defaults (fixed 1.4 in squares) would crop our table labels.
        node_attr={
            "fontname": "Sans-Serif",
            "fontcolor": theme.text,
            "fixedsize": "false",
            "width": "0",
            "height": "0",
            "labelloc": "c",
            "imagescale": "false",
        },
        edge_attr={"fontname": "Sans-Serif"},
    )
    diagram.dot.graph_attr["label"] = title_label(scene)
    if scene.ratio is not None:
        diagram.dot.graph_attr["ratio"] = f"{scene.ratio:.3f}"
    # Graphviz's document name appears in SVG titles; the design id keeps it meaningful.
    diagram.dot.name = scene.id
    return diagram


def dot_source(scene: Scene) -> str:
    """The DOT text of a scene: deterministic, with icon paths relative to `resources_dir()`.

    Invisible parts of the scene are still laid out, which keeps frames from jumping.
    """
    theme = scene.theme
    diagram = _diagram(scene)
    with _diagrams_context(diagram):
        clusters: dict[str, Cluster] = {}
        owner = scene.owners()
        # Parents are created before children so each cluster finds its parent as context.
        for group in sorted(scene.clusters, key=lambda c: c.depth):
            parent = clusters.get(group.parent) if group.parent else None
            diagrams.setcluster(parent)
            cluster = Cluster(
                label="",
                graph_attr={
                    "label": "<" + "<BR/>".join(html_escape(line) for line in group.label) + ">",
                    "style": "rounded,filled",
                    "fillcolor": (
                        theme.plane_fill[group.plane]
                        if group.plane is not None
                        else theme.group_fill[group.depth % len(theme.group_fill)]
                    ),
                    "pencolor": theme.group_line,
                    "fontcolor": theme.subtle_text,
                    "fontsize": f"{TYPE.group:g}",
                    "margin": "10",
                    # Bottom to top, Graphviz flips "t": the title stays on top this way.
                    **({"labelloc": "b"} if scene.rankdir == "BT" else {}),
                    **({} if group.visible else _INVISIBLE),
                },
            )
            # Name clusters by group id: diagrams derives names from labels, which may repeat.
            cluster.name = cluster.dot.name = f"cluster_{group.id}"
            clusters[group.id] = cluster

        nodes = {}
        for node in scene.nodes:
            group_id = owner.get(node.id)
            diagrams.setcluster(clusters.get(group_id) if group_id else None)
            attrs = _node_attrs(node, scene)
            if node.highlight is not None:
                plain = {"shape": "box", "style": "rounded"} if attrs["shape"] == "plain" else {}
                attrs |= plain | {"color": node.highlight, "penwidth": "3"}
            if not node.visible:
                attrs |= _INVISIBLE
            elif node.url is not None:
                # Graphviz wraps the node in an SVG <a>; `_top` leaves a page the SVG sits in.
                # It writes both values into XML as given (2.43 escapes no `&`), so they go
                # in escaped; a `\` would start a Graphviz escape, so it goes in doubled.
                attrs |= {
                    "URL": html_escape(node.url),
                    "target": "_top",
                    "tooltip": html_escape(" ".join(node.label)).replace("\\", "\\\\"),
                }
            if node.icon is not None and Path(node.icon).is_absolute():
                # A design's own icon (package icons are relative): its bytes in the DOT, so a
                # new picture in the same file is a new Graphviz run, not a remembered one.
                with suppress(OSError):  # a missing icon is reported where it is embedded
                    attrs["comment"] = hashlib.sha256(Path(node.icon).read_bytes()).hexdigest()
            # An empty icon path makes diagrams draw a plain node: the icon is in the label.
            nodes[node.id] = Custom(node_label(node, theme), "", nodeid=node.id, **attrs)
        diagrams.setcluster(None)

        for edge in scene.edges:
            attrs = _edge_attrs(edge, scene)
            if edge.kind is FlowKind.DEPLOY:
                # A deploy closes the loop back to serving: stated target -> registry with the
                # arrowhead at the target, it ranks the registry after what it serves, so the
                # arrow is routed as a short forward edge instead of a free loop.
                nodes[edge.target].connect(nodes[edge.source], Edge(reverse=True, **attrs))
            else:
                nodes[edge.source].connect(nodes[edge.target], Edge(forward=True, **attrs))

        # A cluster's DOT is copied into its parent when attached, so attach the deepest first.
        for group in sorted(scene.clusters, key=lambda c: -c.depth):
            parent = clusters.get(group.parent) if group.parent else None
            (parent or diagram).subgraph(clusters[group.id].dot)

    source: str = diagram.dot.source
    return with_hints(source, scene)
