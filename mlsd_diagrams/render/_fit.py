"""Fitting a drawing to a slide: try a few ways of laying a scene out and keep the one that reads
best on 16:9, the same for every format and frame of it.

The candidates are the design's direction and the other one, each with and without lanes (flows
between planes not ranking their ends). Each is laid out once (`dot -Tjson`, no drawing) and
judged by the scale at which it fits 960 x 540 pt, once stretched into the readable aspect
range, and by its edge crossings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .._catalog import Direction
from .._errors import RenderError
from ._dot import dot_source, resources_dir
from ._geometry import crossings
from ._graphviz import layout_json
from ._inspect import FULL, SLIDE_HEIGHT_PT, SLIDE_WIDTH_PT, SlideTargets
from ._layout import Layout, parse_layout
from ._scene import Scene
from ._themes import TYPE

__all__ = ["MAX_ASPECT", "MIN_ASPECT", "Fit", "fit", "readable_scale"]

MIN_ASPECT = 1.25
MAX_ASPECT = 2.3
"""Width over height kept inside SPEC's 1.2-2.4, with a margin for the title's rounding."""


def readable_scale(targets: SlideTargets) -> float:
    """The smallest scale at which names and every text still meet the targets on a slide."""
    return max(targets.min_name_pt / TYPE.name, targets.min_text_pt / TYPE.detail)


@dataclass(frozen=True)
class Fit:
    """How one candidate lays out: its scale on the slide once stretched, and its crossings."""

    scale: float
    crossings: int

    def cost(self, readable: float) -> float:
        # Text too small to read is the worst fault; then every crossing; then a smaller drawing.
        unreadable = max(0.0, readable - self.scale)
        return unreadable * 100 + self.crossings + (1 - self.scale)


def _stretched(width: float, height: float) -> tuple[float, float, float | None]:
    """The size once stretched into the aspect range, and the `ratio` (height / width) that
    stretches it, or None when it already fits."""
    aspect = width / height
    if aspect > MAX_ASPECT:
        return width, width / MAX_ASPECT, 1 / MAX_ASPECT
    if aspect < MIN_ASPECT:
        return height * MIN_ASPECT, height, 1 / MIN_ASPECT
    return width, height, None


def _judge(layout: Layout) -> tuple[Fit, float | None]:
    width, height, ratio = _stretched(layout.width, layout.height)
    scale = min(SLIDE_WIDTH_PT / width, SLIDE_HEIGHT_PT / height)
    drawn = [(frozenset({e.tail, e.head}), list(e.points)) for e in layout.edges]
    return Fit(round(scale, 4), crossings(drawn)), ratio


def _candidates(scene: Scene) -> list[Scene]:
    other = Direction.TB if scene.direction is Direction.LR else Direction.LR
    return [
        replace(scene, direction=direction, lanes=lanes, ratio=None)
        for direction in (scene.direction, other)
        for lanes in (False, True)
    ]


_RATIO_TRIES = 4
"""Graphviz stretches the drawing but not the title above it, so a stretch may fall short."""


def _layout(scene: Scene) -> Layout:
    try:
        return parse_layout(layout_json(dot_source(scene), imagepath=resources_dir()))
    except (ValueError, KeyError, TypeError, IndexError):
        raise RenderError("Graphviz wrote an unreadable layout; reinstall Graphviz") from None


def _into_aspect_range(scene: Scene) -> Scene:
    """The scene with its `ratio` tightened until the whole drawing, title included, has an
    aspect in range (or the tries run out)."""
    for _ in range(_RATIO_TRIES):
        layout = _layout(scene)
        aspect = layout.width / layout.height
        if MIN_ASPECT <= aspect <= MAX_ASPECT or scene.ratio is None:
            return scene
        # ratio is height over width: too wide wants more height, too tall more width.
        target = MAX_ASPECT if aspect > MAX_ASPECT else MIN_ASPECT
        scene = replace(scene, ratio=round(scene.ratio * aspect / target, 3))
    return scene


def fit(scene: Scene, targets: SlideTargets = FULL) -> Scene:
    """The scene laid out the way that reads best on a slide (ties keep the earlier candidate:
    the design's own direction, without lanes)."""
    readable = readable_scale(targets)
    best: tuple[float, Scene] | None = None
    for candidate in _candidates(scene):
        judged, ratio = _judge(_layout(candidate))
        if best is None or judged.cost(readable) < best[0]:
            best = (judged.cost(readable), replace(candidate, ratio=ratio))
    assert best is not None  # there is always a candidate
    return _into_aspect_range(best[1])
