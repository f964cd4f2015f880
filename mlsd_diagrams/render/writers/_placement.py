"""Where the parts of a drawing go on a 16:9 slide: the Graphviz layout scaled to fit, with every
component sized for its name at a readable size (the spacing shrinks, the text does not)."""

from __future__ import annotations

from dataclasses import dataclass

from .._measure import grow, overlapping, text_width, union
from .._quoting import wrap
from ..layout._drawing import Box, Layout
from ..scene._scene import Scene, SceneNode

__all__ = [
    "NAME_PT",
    "SLIDE_H",
    "SLIDE_W",
    "NodePlace",
    "Placement",
    "overlapping",
    "place",
    "small_pt",
    "text_width",
]

SLIDE_W = 960.0
SLIDE_H = 540.0
"""A 13.333 x 7.5 inch slide, in points."""
NAME_PT = 12.0
"""Component names on a slide: the smallest size read from the back of a room."""
SMALL_PT = 9.0
GROUP_PT = 12.0
MARGIN = 18.0
TITLE_BAND = 50.0
LEGEND_BAND = 40.0
_NAME_CHARS = 14
_STRETCH = 1.5
"""How much more one axis may be scaled than the other, to use the slide's width or height."""
_PAD = 7.0


@dataclass(frozen=True)
class NodePlace:
    """A component on the slide: its box, the square of its icon, and its lines of text."""

    box: Box
    icon: Box | None
    name: tuple[str, ...]
    small: tuple[str, ...]


@dataclass(frozen=True)
class Placement:
    """Every part of one drawing on the slide, in points."""

    nodes: dict[str, NodePlace]
    clusters: dict[str, Box]
    name_pt: float = NAME_PT
    """The size of component names: NAME_PT, unless the drawing cannot fit at that size."""


def small_pt(name_pt: float) -> float:
    """Technology and latency lines, under a name of this size."""
    return max(7.0, min(SMALL_PT, name_pt - 3))


def _size(
    node: SceneNode, icon_side: float, name_pt: float
) -> tuple[float, float, tuple[str, ...]]:
    name = tuple(wrap(" ".join(node.label), _NAME_CHARS, 3)) or (" ",)
    small = (*node.tech, *([node.latency] if node.latency else []))
    text_w = max(
        [text_width(line, name_pt, bold=True) for line in name]
        + [text_width(line, small_pt(name_pt)) for line in small]
    )
    icon = icon_side if node.icon else 0.0
    width = max(text_w * 1.06 + 8, icon) + 2 * _PAD
    # LibreOffice sets lines a little looser than 1.2 em; the 6 pt keep the icon off the name.
    height = icon + 6 + (len(name) * name_pt + len(small) * small_pt(name_pt)) * 1.3 + 2 * _PAD
    return width, height, name


def _chains(scene: Scene) -> dict[str, tuple[str, ...]]:
    """For each component, the groups around it, innermost first."""
    parent = {c.id: c.parent for c in scene.clusters}
    owner = {m: c.id for c in scene.clusters for m in c.direct_members}
    chains = {}
    for node in scene.nodes:
        chain: list[str] = []
        group = owner.get(node.id)
        while group is not None and group not in chain:
            chain.append(group)
            group = parent.get(group)
        chains[node.id] = tuple(chain)
    return chains


def _push(
    order: list[str],
    centre: dict[str, list[float]],
    size: dict[str, tuple[float, float]],
    axis: int,
    gap: dict[tuple[str, str], float],
    apart: dict[tuple[str, str], int],
) -> None:
    """Move components along `axis` (0 x, 1 y), in layout order, just far enough that none
    overlaps one before it that it is kept apart from along this axis; the order is kept."""
    other = 1 - axis
    for index, current in enumerate(order):
        for before in order[:index]:
            if apart[before, current] != axis:
                continue
            span = abs(centre[current][other] - centre[before][other])
            if span >= (size[current][other] + size[before][other]) / 2 + 4:
                continue
            least = (
                centre[before][axis]
                + (size[current][axis] + size[before][axis]) / 2
                + gap[before, current]
            )
            centre[current][axis] = max(centre[current][axis], least)


def _apart(
    laid: dict[str, tuple[float, float]], size: dict[str, tuple[float, float]]
) -> dict[tuple[str, str], int]:
    """For each pair, the axis along which the layout keeps them further apart, in units of
    their sizes: the one along which they are pushed apart when they would overlap."""
    found = {}
    for a, (ax, ay) in laid.items():
        for b, (bx, by) in laid.items():
            along_x = abs(ax - bx) / (size[a][0] + size[b][0])
            along_y = abs(ay - by) / (size[a][1] + size[b][1])
            found[a, b] = 0 if along_x >= along_y else 1
    return found


def _gaps(scene: Scene, axis: int) -> dict[tuple[str, str], float]:
    """The room between two components along an axis: a gap, and the margins (and, above a
    group's first row, the label) of every group boundary between them."""
    chains = _chains(scene)
    gaps = {}
    for a in scene.nodes:
        for b in scene.nodes:
            leaving = [g for g in chains[a.id] if g not in chains[b.id]]
            entering = [g for g in chains[b.id] if g not in chains[a.id]]
            labels = sum(_label_room(scene, g) for g in entering) if axis == 1 else 0.0
            gaps[a.id, b.id] = 14.0 + (len(leaving) + len(entering)) * (_PAD + 1) + labels
    return gaps


def _label_room(scene: Scene, group: str) -> float:
    lines = next((len(c.label) for c in scene.clusters if c.id == group), 0)
    return GROUP_PT * 1.25 * lines


_Gaps = dict[tuple[str, str], float]


def _attempt(
    scene: Scene,
    layout: Layout,
    scale: tuple[float, float],
    base: tuple[float, float],
    origin: Box,
    gaps: list[_Gaps],
    name_pt: float,
) -> Placement:
    """The parts placed with these scales: node centres from the layout, then pushed apart
    (in the layout's order) where their shapes would overlap; groups drawn around them."""
    sx, sy = scale
    icon_side = max(22.0, min(34.0, 56.0 * min(sx, sy)))
    laid = {n.id: layout.nodes[n.id].center for n in scene.nodes if n.id in layout.nodes}
    centre = {
        key: [(x - origin.x - origin.width / 2) * sx, (y - origin.y - origin.height / 2) * sy]
        for key, (x, y) in laid.items()
    }
    sized = {n.id: _size(n, icon_side, name_pt) for n in scene.nodes if n.id in laid}
    size = {key: (w, h) for key, (w, h, _) in sized.items()}
    # Which axis keeps a pair apart is read at the full scale, the same at every trial scale.
    scaled = {key: (x * base[0], y * base[1]) for key, (x, y) in laid.items()}
    apart = _apart(scaled, size)
    for axis in (1, 0, 1, 0):
        order = sorted(laid, key=lambda key: (laid[key][axis], laid[key][1 - axis]))
        _push(order, centre, size, axis, gaps[axis], apart)
    nodes: dict[str, NodePlace] = {}
    for node in scene.nodes:
        if node.id not in laid:
            continue
        width, height, name = sized[node.id]
        cx, cy = centre[node.id]
        box = Box(cx - width / 2, cy - height / 2, width, height)
        icon = Box(cx - icon_side / 2, box.y + _PAD, icon_side, icon_side) if node.icon else None
        small = (*node.tech, *([node.latency] if node.latency else []))
        nodes[node.id] = NodePlace(box, icon, name, small)
    clusters: dict[str, Box] = {}
    # The deepest first, so a group is grown around the groups inside it.
    for cluster in sorted(scene.clusters, key=lambda c: -c.depth):
        inside = [grow(nodes[m].box, _PAD) for m in cluster.direct_members if m in nodes]
        inside += [
            grow(clusters[c.id], _PAD)
            for c in scene.clusters
            if c.parent == cluster.id and c.id in clusters
        ]
        if inside:
            clusters[cluster.id] = grow(union(inside), 0.0, top=_label_room(scene, cluster.id))
    return Placement(nodes, clusters, name_pt)


def _extent(placement: Placement) -> Box:
    return union([p.box for p in placement.nodes.values()] + list(placement.clusters.values()))


def _moved(placement: Placement, dx: float, dy: float) -> Placement:
    def move(box: Box) -> Box:
        return Box(round(box.x + dx, 2), round(box.y + dy, 2), box.width, box.height)

    return Placement(
        {
            key: NodePlace(move(p.box), move(p.icon) if p.icon else None, p.name, p.small)
            for key, p in placement.nodes.items()
        },
        {key: move(box) for key, box in placement.clusters.items()},
        placement.name_pt,
    )


def _shrunk(placement: Placement, by: float) -> Placement:
    def scaled(box: Box) -> Box:
        return Box(box.x * by, box.y * by, box.width * by, box.height * by)

    return Placement(
        {
            key: NodePlace(scaled(p.box), scaled(p.icon) if p.icon else None, p.name, p.small)
            for key, p in placement.nodes.items()
        },
        {key: scaled(box) for key, box in placement.clusters.items()},
        round(placement.name_pt * by, 1),
    )


def place(scene: Scene, layout: Layout, area: Box) -> Placement:
    """The drawing fitted into `area` (points on the slide), centred there: the layout's
    spacing shrinks (never the text) until it fits."""
    laid = list(layout.nodes.values()) + list(layout.clusters.values())
    if not laid:
        return Placement({}, {})
    origin = union(laid)
    fit_x = area.width / max(origin.width, 1.0)
    fit_y = area.height / max(origin.height, 1.0)
    uniform = min(fit_x, fit_y)
    sx, sy = min(fit_x, uniform * _STRETCH), min(fit_y, uniform * _STRETCH)

    gaps = [_gaps(scene, 0), _gaps(scene, 1)]

    def fits(factor: float, name_pt: float) -> Placement:
        scale = (sx * factor, sy * factor)
        return _attempt(scene, layout, scale, (sx, sy), origin, gaps, name_pt)

    # Names keep NAME_PT where the spacing can shrink enough; a big design that cannot fit that
    # way gets smaller names, down to the 9 pt the SPEC allows for a whole design.
    best: tuple[float, Placement] | None = None
    for name_pt in (NAME_PT, 11.0, 10.0, 9.0):
        for factor in (1.0, 0.85, 0.7, 0.6, 0.5, 0.42, 0.35, 0.28, 0.22, 0.16, 0.1):
            placement = fits(factor, name_pt)
            extent = _extent(placement)
            over = max(extent.width / area.width, extent.height / area.height)
            if best is None or over < best[0]:
                best = (over, placement)
            if over <= 1.0:
                break
        if best is not None and best[0] <= 1.0:
            break
    assert best is not None
    over, placement = best
    if over > 1.0:
        # Nothing fits at 9 pt: the closest arrangement, scaled down whole, text included.
        placement = _shrunk(placement, 1.0 / over)
    extent = _extent(placement)
    dx = area.x + (area.width - extent.width) / 2 - extent.x
    dy = area.y + (area.height - extent.height) / 2 - extent.y
    return _moved(placement, dx, dy)
