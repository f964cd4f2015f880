"""The scene: what is drawn and how, as plain data, built from a design and the render options.

Nothing here knows Graphviz. Build-up frames (and views) are transforms of a scene: they change
what is visible, never what is laid out, so every frame of a design shares one layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..._catalog import Category, Direction, FlowKind, Plane, kind_spec
from ..._model import (
    Component,
    Design,
    Flow,
    flow_ends,
    group_depths,
    group_members,
    owners,
)
from .._options import IconSet, RenderOptions
from .._quoting import wrap
from ._hints import Hints, design_hints
from ._icons import tech_icon
from ._themes import THEMES, EdgeStyle, Theme

__all__ = [
    "BlockLook",
    "Legend",
    "Scene",
    "SceneCluster",
    "SceneEdge",
    "SceneNode",
    "build_scene",
    "drawn_ends",
    "frame_steps",
    "group_planes",
    "icon_for",
    "merge_fans",
]

LABEL_CHARS = 13
"""Characters per line of a component name; three lines at most."""
EDGE_LABEL_CHARS = 16
"""Characters per line of a flow's label: edge labels widen the gaps they sit in."""


@dataclass(frozen=True)
class BlockLook:
    """How a block of a model figure is drawn, instead of an icon or a category's box."""

    outline: str
    """A Graphviz shape name (the block kind's outline in the catalog)."""
    fill: str
    line: str
    stack: int = 1
    """Repeated layers: drawn as a stack, marked "x12"."""
    frozen: bool = False
    """A pretrained part not trained here: dashed and marked."""
    dims: str | None = None
    """The block's output shape, shown under its name."""


@dataclass(frozen=True)
class SceneNode:
    """A component: its words (already wrapped), icon and colour family."""

    id: str
    kind: str
    category: Category
    plane: Plane
    label: tuple[str, ...]
    tech: tuple[str, ...]
    latency: str | None
    icon: str | None
    """A path under the `diagrams` package's resources folder; None draws a coloured box."""
    role: Literal["component", "group", "stub"] = "component"
    """A component; a whole group drawn as one box (in a view); or a neighbour of a view's
    part, drawn small."""
    group_plane: Plane | None = None
    """A group box's plane colour, as its group would have."""
    depth: int = 0
    """A group box's nesting depth, for its colour when it has no plane."""
    visible: bool = True
    highlight: str | None = None
    """A colour overriding the node's outline (a diff marks added, changed, removed parts)."""
    block: BlockLook | None = None
    """Set for a block of a model figure: drawn with its kind's outline and colour."""
    url: str | None = None
    """Where the component links to (its `url`), in every format that can hold a link."""


@dataclass(frozen=True)
class SceneEdge:
    """A flow, with its label lines (the hop latency on a line of its own)."""

    source: str
    target: str
    kind: FlowKind
    label: tuple[str, ...]
    across_planes: bool = False
    """The ends work in different planes (serving feeding an offline log, a registry deploying
    to serving): such an edge is drawn without pulling the two planes into one long row."""
    source_group: str | None = None
    """Set when the edge stands for the flows of several components of this group: it is
    drawn from the group's box."""
    target_group: str | None = None
    """Likewise at the target end: one deploy to every model host of a group."""
    flows: int = 1
    """How many flows of the design this edge stands for."""
    visible: bool = True
    highlight: str | None = None
    """A colour overriding the edge's own (a diff marks added, changed, removed flows)."""
    label_outside: bool = False
    """The label is placed after the layout (an `xlabel`): Graphviz lays out but does not draw
    the label of an edge between two components of one rank."""
    look: EdgeStyle | None = None
    """A style overriding the flow kind's (a model figure's links: data, condition, skip)."""


@dataclass(frozen=True)
class SceneCluster:
    """A group: a labelled box around its members and the clusters nested in it."""

    id: str
    label: tuple[str, ...]
    parent: str | None
    depth: int
    direct_members: tuple[str, ...]
    """The components drawn directly inside it, in the order the design lists them."""
    members: frozenset[str]
    """Every component inside, nested groups' included."""
    plane: Plane | None
    """The plane it is coloured by: a top-level group whose components share one plane."""
    visible: bool = True


@dataclass(frozen=True)
class Legend:
    """What the key under the title explains, in the order it shows them."""

    flow_kinds: tuple[FlowKind, ...]
    planes: tuple[Plane, ...]
    categories: tuple[Category, ...]
    lines: tuple[EdgeStyle, ...] = ()
    """Further line styles to key, each with its words (a model figure's link kinds)."""
    swatches: tuple[tuple[str, str, str], ...] = ()
    """Further colours to key: (words, fill, line) (a model figure's block families)."""


@dataclass(frozen=True)
class Scene:
    """Everything a writer needs to draw one diagram."""

    id: str
    title: tuple[str, ...]
    direction: Direction
    theme: Theme
    icons: IconSet
    transparent: bool
    legend: Legend | None
    nodes: tuple[SceneNode, ...]
    edges: tuple[SceneEdge, ...]
    clusters: tuple[SceneCluster, ...]
    lanes: bool = False
    """Flows between planes do not rank their ends, so each plane lays out as a lane of its
    own instead of one long row; chosen by `render.layout._fit`."""
    ratio: float | None = None
    """Height over width the drawing is stretched to, where it would be too wide or too tall
    for a slide; chosen by `render.layout._fit`."""
    rankdir: str | None = None
    """A Graphviz rankdir overriding `direction` (a model figure reads bottom to top: BT)."""
    hints: Hints = field(default_factory=Hints)
    """The design's layout hints (ranks, rows, orders) among the components drawn."""

    @property
    def boxes(self) -> bool:
        """Plain coloured boxes instead of icons: colour alone carries the category."""
        return self.icons is IconSet.BOXES

    def owners(self) -> dict[str, str]:
        """The cluster each node is drawn directly in (nodes outside every cluster are absent)."""
        return owners((c.id, c.direct_members) for c in self.clusters)

    def showing(self, visible: frozenset[str]) -> Scene:
        """The same scene with only these components (and the flows between them and the groups
        around them) visible; the rest keep their place, invisible."""
        shown = {c.id for c in self.clusters if c.members & visible}

        def drawn(node: str, group: str | None) -> bool:
            # An edge at a group's box shows with the box, whichever component anchors it.
            return group in shown if group is not None else node in visible

        return replace(
            self,
            nodes=tuple(replace(n, visible=n.id in visible) for n in self.nodes),
            edges=tuple(
                replace(
                    e,
                    visible=drawn(e.source, e.source_group) and drawn(e.target, e.target_group),
                )
                for e in self.edges
            ),
            clusters=tuple(replace(c, visible=c.id in shown) for c in self.clusters),
        )


def group_planes(design: Design) -> dict[str, Plane]:
    """The plane of each top-level group whose components all work in one plane.

    Such a group is filled with its plane's colour; nested groups keep the colour of their depth,
    so they stand out from the group around them.
    """
    members = group_members(design.groups)
    planes_of = {c.id: c.effective_plane for c in design.components}
    found = {}
    for group in design.groups:
        planes = {planes_of[m] for m in members[group.id] if m in planes_of}
        if group.parent is None and len(planes) == 1:
            found[group.id] = planes.pop()
    return found


def icon_for(component: Component, icons: IconSet, own: Path | None = None) -> str | None:
    """The icon a component is drawn with in an icon set: its own icon file (`own`, an
    absolute path), else its technology's logo, else its kind's icon; None in the boxes set."""
    if icons is IconSet.BOXES:
        return None
    if own is not None:
        return str(own.resolve())
    spec = kind_spec(component.kind)
    return (
        tech_icon(component.tech, icons.value) or spec.icons.get(icons.value) or spec.icons["oss"]
    )


def _node(component: Component, icons: IconSet, own: Path | None = None) -> SceneNode:
    latency = component.latency_ms
    return SceneNode(
        id=component.id,
        kind=component.kind,
        category=kind_spec(component.kind).category,
        plane=component.effective_plane,
        label=tuple(wrap(component.label, LABEL_CHARS, 3)),
        tech=tuple(wrap(component.tech, 22, 1)) if component.tech else (),
        latency=f"{latency:g} ms" if latency is not None else None,
        icon=icon_for(component, icons, own),
        url=component.url,
    )


def drawn_ends(design: Design) -> dict[int, tuple[str, str]]:
    """The components each flow is drawn between, by the flow's index in the design, for the
    flows that can be drawn (both ends known, sharing no component).

    A group end is drawn at its box (`SceneEdge.source_group`, `target_group`); Graphviz still
    needs a node there, so a flow leaves a group from its last component that sends nothing
    on inside the group, and enters one at its first that nothing inside feeds: the edge then
    runs forward from the group's far side (or into its near side) instead of across it."""
    ends = flow_ends(design)
    inside: list[tuple[str, str]] = [
        (f.source, f.target) for f in design.flows if f.source in ends and f.target in ends
    ]

    def anchor(group: str, leaving: bool) -> str:
        members = ends[group]
        held = set(members)
        linked = {(a if leaving else b) for a, b in inside if a in held and b in held and a != b}
        free = [m for m in members if m not in linked] or list(members)
        return free[-1] if leaving else free[0]

    drawn: dict[int, tuple[str, str]] = {}
    for index, flow in enumerate(design.flows):
        sources, targets = ends.get(flow.source, ()), ends.get(flow.target, ())
        if not sources or not targets or set(sources) & set(targets):
            continue
        source = sources[0] if len(sources) == 1 and flow.source == sources[0] else None
        target = targets[0] if len(targets) == 1 and flow.target == targets[0] else None
        drawn[index] = (source or anchor(flow.source, True), target or anchor(flow.target, False))
    return drawn


def _edge(flow: Flow, planes: dict[str, Plane], source: str, target: str) -> SceneEdge:
    lines = wrap(flow.label or "", EDGE_LABEL_CHARS, 3)
    if flow.latency_ms is not None:
        # On a line of its own, so wrapping never splits the number from its unit.
        lines.append(f"{flow.latency_ms:g} ms")
    across = planes[source] is not planes[target]
    return SceneEdge(
        source,
        target,
        flow.kind,
        tuple(lines),
        across,
        source_group=flow.source if flow.source != source else None,
        target_group=flow.target if flow.target != target else None,
    )


# Flows that fan in (metrics to a monitor) or out (a model to its hosts) over one group read as
# one arrow from (or to) the group's box: fewer lines, and far fewer crossings.
_FAN_IN = FlowKind.OBSERVE
_FAN_OUT = FlowKind.DEPLOY


def merge_fans(scene: Scene) -> Scene:
    """The scene with each fan of observe flows into one monitor from one group, and of deploy
    flows from one registry into one group, drawn as a single edge to the group's box (not
    where the other end sits inside that group too)."""
    owner = scene.owners()
    members = {c.id: c.members for c in scene.clusters}
    return replace(scene, edges=tuple(_merged(list(scene.edges), owner, members)))


def _merged(
    edges: list[SceneEdge], owner: dict[str, str], members: dict[str, frozenset[str]]
) -> list[SceneEdge]:
    fans: dict[tuple[FlowKind, str, str], list[int]] = {}
    for index, edge in enumerate(edges):
        if edge.source_group is not None or edge.target_group is not None:
            continue  # a flow to or from a group is drawn at its box already
        if edge.kind is _FAN_IN and edge.source in owner:
            group = owner[edge.source]
            if edge.target not in members[group]:
                fans.setdefault((edge.kind, group, edge.target), []).append(index)
        elif edge.kind is _FAN_OUT and edge.target in owner:
            group = owner[edge.target]
            if edge.source not in members[group]:
                fans.setdefault((edge.kind, edge.source, group), []).append(index)
    replaced: dict[int, SceneEdge] = {}
    dropped: set[int] = set()
    for (kind, first, second), indices in fans.items():
        if len(indices) < 2:
            continue
        lead = edges[indices[0]]
        labels = list(dict.fromkeys(edges[i].label for i in indices))
        merged = replace(
            lead,
            label=labels[0] if len(labels) == 1 else (),
            source_group=first if kind is _FAN_IN else None,
            target_group=second if kind is _FAN_OUT else None,
            flows=len(indices),
        )
        replaced[indices[0]] = merged
        dropped |= set(indices[1:])
    return [replaced.get(i, edge) for i, edge in enumerate(edges) if i not in dropped]


def _legend(design: Design, planes: dict[str, Plane], icons: IconSet) -> Legend:
    used_categories = {kind_spec(c.kind).category for c in design.components}
    return Legend(
        flow_kinds=tuple(k for k in FlowKind if any(f.kind is k for f in design.flows)),
        planes=tuple(p for p in Plane if p in set(planes.values())),
        # Plain boxes carry their meaning in colour alone, so their legend also keys categories.
        categories=tuple(c for c in Category if icons is IconSet.BOXES and c in used_categories),
    )


def build_scene(design: Design, options: RenderOptions) -> Scene:
    """The scene of a whole design: every component, flow and group, all visible."""
    depths = group_depths(design.groups)
    members = group_members(design.groups)
    planes = group_planes(design)
    component_planes = {c.id: c.effective_plane for c in design.components}
    return Scene(
        id=design.id,
        # Wrapped, so a long title cannot stretch the drawing past what a bitmap can hold.
        title=tuple(wrap(design.title, 90, 3)),
        direction=design.direction,
        theme=THEMES[options.theme],
        icons=options.icons,
        transparent=options.transparent,
        legend=_legend(design, planes, options.icons) if options.legend else None,
        nodes=tuple(_node(c, options.icons, design.icon_file(c)) for c in design.components),
        edges=tuple(
            _edge(design.flows[index], component_planes, source, target)
            for index, (source, target) in drawn_ends(design).items()
        ),
        clusters=tuple(
            SceneCluster(
                id=g.id,
                # Wrapped, so a long label cannot stretch the group across the drawing.
                label=tuple(wrap(g.label, 60, 2)),
                parent=g.parent,
                depth=depths[g.id],
                direct_members=tuple(g.members),
                members=members[g.id],
                plane=planes.get(g.id),
            )
            for g in design.groups
        ),
        hints=design_hints(design),
    )


def frame_steps(design: Design) -> list[frozenset[str]]:
    """The component ids each build-up frame shows, one frame more than the one before.

    `design.frames` (lists of group or component ids) sets the order; without it each group is a
    step, in declaration order. Whatever no step names comes last, so the final frame is the whole
    design. A step that adds nothing new makes no frame.
    """
    members = group_members(design.groups)
    everything = [c.id for c in design.components]
    steps = design.frames or [[g.id] for g in design.groups]
    shown: frozenset[str] = frozenset()
    frames: list[frozenset[str]] = []
    for step in [*steps, everything]:
        added = frozenset().union(*(members.get(ref, {ref}) for ref in step))
        grown = shown | (added & set(everything))
        if grown != shown:
            shown = grown
            frames.append(shown)
    return frames
