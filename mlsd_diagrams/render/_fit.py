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
from ._inspect import SLIDE_HEIGHT_PT, SLIDE_WIDTH_PT
from ._layout import Layout, parse_layout
from ._scene import Scene
from ._themes import TYPE

__all__ = ["MAX_ASPECT", "MIN_ASPECT", "Fit", "fit"]

MIN_ASPECT = 1.25
MAX_ASPECT = 2.3
"""Width over height kept inside SPEC's 1.2-2.4, with a margin for the title's rounding."""
READABLE_SCALE = 7 / TYPE.detail
"""The scale at which the smallest text is still 7 pt on the slide."""


@dataclass(frozen=True)
class Fit:
    """How one candidate lays out: its scale on the slide once stretched, and its crossings."""

    scale: float
    crossings: int

    @property
    def cost(self) -> float:
        # Text too small to read is the worst fault; then every crossing; then a smaller drawing.
        unreadable = max(0.0, READABLE_SCALE - self.scale)
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


def fit(scene: Scene) -> Scene:
    """The scene laid out the way that reads best on a slide (ties keep the earlier candidate:
    the design's own direction, without lanes)."""
    best: tuple[float, Scene] | None = None
    for candidate in _candidates(scene):
        try:
            layout = parse_layout(layout_json(dot_source(candidate), imagepath=resources_dir()))
        except (ValueError, KeyError, TypeError, IndexError):
            raise RenderError("Graphviz wrote an unreadable layout; reinstall Graphviz") from None
        judged, ratio = _judge(layout)
        if best is None or judged.cost < best[0]:
            best = (judged.cost, replace(candidate, ratio=ratio))
    assert best is not None  # there is always a candidate
    return best[1]
