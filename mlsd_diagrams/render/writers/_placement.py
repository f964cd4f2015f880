"""Where a drawing goes on a 16:9 slide: its layout scaled uniformly into the area under the
title, so every part keeps the place (and the proportions) it has in the images."""

from __future__ import annotations

from dataclasses import dataclass

from .._measure import text_width, union
from ..layout._drawing import Box, Layout
from ..scene._themes import TYPE

__all__ = [
    "GROUP_PT",
    "LEGEND_BAND",
    "MARGIN",
    "SLIDE_H",
    "SLIDE_W",
    "TITLE_BAND",
    "SlideMap",
    "slide_map",
    "text_width",
]

SLIDE_W = 960.0
SLIDE_H = 540.0
"""A 13.333 x 7.5 inch slide, in points."""
GROUP_PT = 12.0
MARGIN = 18.0
TITLE_BAND = 50.0
LEGEND_BAND = 40.0


@dataclass(frozen=True)
class SlideMap:
    """The layout's points to the slide's: one scale for both axes, then a shift."""

    scale: float
    dx: float
    dy: float

    def box(self, box: Box) -> Box:
        return Box(
            round(box.x * self.scale + self.dx, 2),
            round(box.y * self.scale + self.dy, 2),
            round(box.width * self.scale, 2),
            round(box.height * self.scale, 2),
        )

    def point(self, point: tuple[float, float]) -> tuple[float, float]:
        return point[0] * self.scale + self.dx, point[1] * self.scale + self.dy

    def pt(self, size: float) -> float:
        """A type size of the images, as it reads on the slide."""
        return round(size * self.scale, 1)

    @property
    def name_pt(self) -> float:
        return self.pt(TYPE.name)


def slide_map(layout: Layout, area: Box) -> SlideMap:
    """The drawing (its nodes and groups: the title and legend are the slide's own) fitted
    into `area` and centred there."""
    laid = list(layout.nodes.values()) + list(layout.clusters.values())
    if not laid:
        return SlideMap(1.0, area.x, area.y)
    extent = union(laid)
    scale = min(area.width / max(extent.width, 1.0), area.height / max(extent.height, 1.0))
    dx = area.x + (area.width - extent.width * scale) / 2 - extent.x * scale
    dy = area.y + (area.height - extent.height * scale) / 2 - extent.y * scale
    return SlideMap(scale, dx, dy)
