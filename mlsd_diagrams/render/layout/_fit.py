"""Fitting a drawing to a slide: try a few ways of laying a scene out and keep the one that reads
best on 16:9, the same for every format and frame of it.

The candidates are the design's direction and the other one, each with and without lanes (flows
between planes not ranking their ends); when none of them reads well (text too small, or edges
crossing), the same four again with the components given to Graphviz in reverse order, which
starts its crossing reduction elsewhere. Each is laid out by `dot -Tjson` without its icons (no
drawing) and judged by the scale at which it fits 960 x 540 pt, once stretched into the
readable aspect range, and by its edge crossings; the drawing itself is then one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..._catalog import Direction
from ..._errors import RenderError
from .._geometry import route_crossings
from .._inspect import FULL, SLIDE_HEIGHT_PT, SLIDE_WIDTH_PT, SlideTargets
from ..scene._scene import Scene, SceneEdge
from ..scene._themes import TYPE
from ._dot import dot_source
from ._drawing import Layout, read_layout
from ._graphviz import dot_executable, layout_json

__all__ = ["FIT_LIMIT", "MAX_ASPECT", "MIN_ASPECT", "Fit", "fit", "readable_scale"]

FIT_LIMIT = 60
"""Components beyond which no 16:9 slide holds a design legibly, so no layout is tried for one."""
MIN_ASPECT = 1.25
MAX_ASPECT = 2.3
"""Width over height kept inside SPEC's 1.2-2.4, with a margin for the title's rounding."""


_MARGIN = 1.02
"""The drawing is a few points larger than its trial (the `ratio` stretch, the title's rounding),
so a trial has to clear the targets by this much for its drawing to meet them."""


def readable_scale(targets: SlideTargets) -> float:
    """The smallest scale at which names and every text still meet the targets on a slide."""
    return _MARGIN * max(targets.min_name_pt / TYPE.name, targets.min_text_pt / TYPE.detail)


@dataclass(frozen=True)
class Fit:
    """How one candidate lays out: its scale on the slide once stretched, and its crossings."""

    scale: float
    crossings: int

    def cost(self, readable: float) -> float:
        # Text too small to read is the worst fault; then every crossing; then a smaller drawing.
        unreadable = max(0.0, readable - self.scale)
        return unreadable * 100 + self.crossings + (1 - self.scale)

    def reads_well(self, readable: float) -> bool:
        """Nothing left to gain from more trials."""
        return self.scale >= readable and self.crossings == 0


def _stretched(width: float, height: float) -> tuple[float, float]:
    """The size once stretched into the aspect range."""
    aspect = width / height
    if aspect > MAX_ASPECT:
        return width, width / MAX_ASPECT
    if aspect < MIN_ASPECT:
        return height * MIN_ASPECT, height
    return width, height


def _judge(layout: Layout) -> tuple[Fit, float | None]:
    width, height = _stretched(layout.width, layout.height)
    scale = min(SLIDE_WIDTH_PT / width, SLIDE_HEIGHT_PT / height)
    # The curves alone, as the trials have always judged them (arrowheads aside).
    drawn = [
        (frozenset({e.source, e.target}), list(e.points[:-1] if e.arrow else e.points))
        for e in layout.edges
    ]
    return Fit(round(scale, 4), route_crossings(drawn)), _ratio(layout)


def _labels_outside_flat_edges(scene: Scene, layout: Layout) -> Scene:
    """The scene with the labels of edges between two components of one rank placed after the
    layout, where Graphviz would lay them out and then leave them undrawn."""
    across = 0 if scene.direction is Direction.LR else 1  # the axis ranks are laid along

    def flat(edge: SceneEdge) -> bool:
        tail, head = layout.nodes.get(edge.source), layout.nodes.get(edge.target)
        return (
            bool(edge.label)
            and tail is not None
            and head is not None
            and abs(tail.center[across] - head.center[across]) < 1
        )

    edges = tuple(replace(e, label_outside=True) if flat(e) else e for e in scene.edges)
    return replace(scene, edges=edges)


def _candidates(scene: Scene) -> list[Scene]:
    other = Direction.TB if scene.direction is Direction.LR else Direction.LR
    return [
        replace(scene, direction=direction, lanes=lanes, ratio=None)
        for direction in (scene.direction, other)
        for lanes in (False, True)
    ]


def _reordered(scene: Scene) -> Scene:
    """The same scene with its components in reverse order: Graphviz orders each rank from the
    input order first, so this is a second, equally valid start for its crossing reduction."""
    return replace(scene, nodes=tuple(reversed(scene.nodes)))


def _ratio(layout: Layout) -> float | None:
    """The `ratio` (drawing height over width) that brings the whole drawing, title and legend
    included, into the aspect range; None when it is in range. Graphviz stretches the drawing
    alone, so the label's band is left out of the sum."""
    width, height = layout.width, layout.height
    aspect = width / height
    drawing_height = max(1.0, height - layout.label_height)
    boxes = [*layout.nodes.values(), *layout.clusters.values()]
    drawing_width = max((b.x + b.width for b in boxes), default=width) - min(
        (b.x for b in boxes), default=0.0
    )
    if aspect > MAX_ASPECT:
        # Taller: the drawing keeps its width and grows until the whole is MAX_ASPECT wide.
        wanted = max(1.0, width / MAX_ASPECT - layout.label_height)
        return round(wanted / max(1.0, drawing_width), 3)
    if aspect < MIN_ASPECT:
        # Wider: the drawing keeps its height and grows until the whole is MIN_ASPECT wide.
        return round(drawing_height / (height * MIN_ASPECT), 3)
    return None


# Icons sit in fixed-size cells, so a layout does not depend on them: a trial loads none.
_IMAGE = re.compile(r"<IMG [^>]*/>")


def _layout(candidate: Scene) -> Layout:
    return read_layout(layout_json(_IMAGE.sub("", dot_source(candidate))))


def fit(scene: Scene, targets: SlideTargets = FULL) -> Scene:
    """The scene laid out the way that reads best on a slide (ties keep the earlier candidate:
    the design's own direction, without lanes)."""
    if len(scene.nodes) > FIT_LIMIT:
        # No slide holds this many components: trials would only multiply a long layout.
        return scene
    dot_executable()  # no Graphviz is said as such, not taken for a refused trial
    readable = readable_scale(targets)
    # The best trial so far: its cost, how it reads, the scene and its layout. A later trial
    # must cost less to replace it, so ties keep the earlier candidate.
    best: tuple[float, Fit, Scene, Layout] | None = None
    for trials in (_candidates(scene), _candidates(_reordered(scene))):
        if best is not None and best[1].reads_well(readable):
            break
        for candidate in trials:
            try:
                layout = _layout(candidate)
                judged, ratio = _judge(layout)
            except RenderError:
                # Graphviz 2.43 refuses some trials ("trouble in init_rank" with lanes on some
                # large graphs); a way it cannot lay out is simply not taken.
                continue
            cost = judged.cost(readable)
            if best is None or cost < best[0]:
                best = (cost, judged, replace(candidate, ratio=ratio), layout)
    # With no trial laid out, the drawing itself says what is wrong.
    if best is None:
        return scene
    return _labels_outside_flat_edges(best[2], best[3])
