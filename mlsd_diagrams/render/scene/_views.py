"""Views: parts of a design drawn on their own, as transforms of its scene.

Every design has an `overview` (each top-level group one box, the flows between groups merged
to one per source, target and kind) and a view per top-level group, named after it (the group
expanded; what it exchanges flows with drawn as small stubs). A declared view with the same id
replaces an automatic one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..._catalog import Category, FlowKind, Plane
from ..._errors import MlsdError
from ..._model import Design, View
from .._quoting import wrap
from ._scene import Scene, SceneCluster, SceneEdge, SceneNode

__all__ = ["OVERVIEW", "ViewSpec", "select_views", "view_scene", "views_of"]

OVERVIEW = "overview"


@dataclass(frozen=True)
class ViewSpec:
    """What a view shows: components and groups in full, groups as one box each."""

    id: str
    title: str
    include: tuple[str, ...]
    collapse: tuple[str, ...]


def views_of(design: Design) -> list[ViewSpec]:
    """The design's views in order: the overview, one per top-level group, then declared ones;
    a declared view replaces the automatic view of its id."""
    top = [g for g in design.groups if g.parent is None]
    grouped = {m for g in design.groups for m in g.members}
    automatic = [
        ViewSpec(
            OVERVIEW,
            "overview",
            tuple(c.id for c in design.components if c.id not in grouped),
            tuple(g.id for g in top),
        ),
        *(ViewSpec(g.id, g.label, (g.id,), ()) for g in top),
    ]
    declared = {v.id: _spec(v) for v in design.views}
    views = [declared.pop(v.id, v) for v in automatic]
    return views + list(declared.values())


def _spec(view: View) -> ViewSpec:
    return ViewSpec(view.id, view.title, tuple(view.include), tuple(view.collapse))


def select_views(design: Design, names: tuple[str, ...]) -> list[ViewSpec]:
    """The named views, in the order asked; MlsdError naming the views there are otherwise."""
    known = {v.id: v for v in views_of(design)}
    missing = [n for n in names if n not in known]
    if missing:
        raise MlsdError(
            f"design `{design.id}` has no view {', '.join(repr(m) for m in missing)}; "
            f"its views are {', '.join(known)}"
        )
    return [known[n] for n in names]


def _group_box(cluster: SceneCluster) -> SceneNode:
    """A collapsed group: one box named like the group, saying how much it holds."""
    count = len(cluster.members)
    return SceneNode(
        id=cluster.id,
        kind="group",
        category=Category.SERVICE,  # unused: a group box takes its group's colours
        plane=cluster.plane or Plane.ONLINE,
        label=cluster.label,
        tech=(f"{count} component{'s' if count != 1 else ''}",),
        latency=None,
        icon=None,
        role="group",
        group_plane=cluster.plane,
        depth=cluster.depth,
    )


def view_scene(scene: Scene, spec: ViewSpec) -> Scene:
    """The scene of one view: its parts in full or as boxes, neighbours as stubs."""
    clusters = {c.id: c for c in scene.clusters}
    expanded: set[str] = set()
    for name in spec.include:
        expanded |= clusters[name].members if name in clusters else {name}
    box_of: dict[str, str] = {}
    for name in spec.collapse:
        for member in clusters[name].members - expanded:
            box_of.setdefault(member, name)
    nodes = {n.id: n for n in scene.nodes}

    shown = expanded | set(box_of)
    kept = {c.id for c in scene.clusters if c.members & expanded and c.id not in spec.collapse}

    def end(component: str, group: str | None) -> tuple[str, str | None, bool]:
        """Where an edge's end is drawn in the view: the node, the group whose box it ends on,
        and whether the view shows that end (else the node is a stub)."""
        if group is None:
            return box_of.get(component, component), None, component in shown
        inside = [m for m in sorted(clusters[group].members) if m in expanded]
        if group in kept and inside:  # the group's box is drawn: the edge ends on it
            return (component if component in expanded else inside[0]), group, True
        boxed = [box_of[m] for m in sorted(clusters[group].members) if m in box_of]
        if boxed:  # collapsed, or inside a collapsed group: the edge ends on that box
            return box_of.get(component, boxed[0]), None, True
        return group, None, False  # not in the view: the group's own stub

    stubs: dict[str, SceneNode] = {}
    edges: dict[tuple[str, str, FlowKind], SceneEdge] = {}
    counts: dict[tuple[str, str, FlowKind], int] = {}
    for edge in scene.edges:
        source, source_group, source_shown = end(edge.source, edge.source_group)
        target, target_group, target_shown = end(edge.target, edge.target_group)
        if not (source_shown or target_shown) or source == target:
            continue  # outside the view, or inside one box
        for node, node_shown in ((source, source_shown), (target, target_shown)):
            if not node_shown:
                stub = nodes[node] if node in nodes else _group_box(clusters[node])
                stubs[node] = replace(stub, role="stub", icon=None, tech=(), latency=None)
        key = (source, target, edge.kind)
        counts[key] = counts.get(key, 0) + 1
        if key not in edges:
            edges[key] = replace(
                edge,
                source=source,
                target=target,
                source_group=source_group,
                target_group=target_group,
            )
    merged = [
        edge if counts[key] == 1 else replace(edge, label=(), flows=counts[key])
        for key, edge in edges.items()
    ]
    kept_nodes = [n for n in scene.nodes if n.id in expanded]
    boxes = [_group_box(clusters[g]) for g in spec.collapse if g in set(box_of.values())]
    kept_clusters = tuple(
        replace(
            c,
            direct_members=tuple(m for m in c.direct_members if m in expanded),
            members=c.members & expanded,
        )
        for c in scene.clusters
        if c.id in kept
    )
    used = {e.kind for e in merged}
    planes = {c.plane for c in kept_clusters} | {b.group_plane for b in boxes}
    legend = scene.legend and replace(
        scene.legend,
        flow_kinds=tuple(k for k in scene.legend.flow_kinds if k in used),
        planes=tuple(p for p in scene.legend.planes if p in planes),
    )
    return replace(
        scene,
        id=f"{scene.id}.view-{spec.id}",
        title=tuple(wrap(f"{' '.join(scene.title)}: {spec.title}", 90, 3)),
        legend=legend,
        nodes=(*kept_nodes, *boxes, *stubs.values()),
        edges=tuple(merged),
        clusters=kept_clusters,
        hints=scene.hints.shown(expanded),
    )
