"""How a drawing reads on a slide: its figures when the SVG is fitted to 16:9 (960 x 540 pt).

The figures are read from the finished SVG as SPEC says: its `width`/`height` in points give the
scale; a component's name is the largest text of its node group; "any text" is every non-empty
`<text>`; two edges cross when their drawn paths intersect, pairs sharing an end node aside.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ._geometry import Point, crossings

__all__ = [
    "FULL",
    "SLIDE_HEIGHT_PT",
    "SLIDE_WIDTH_PT",
    "VIEW",
    "SlideFigures",
    "SlideTargets",
    "slide_figures",
]

SLIDE_WIDTH_PT = 960.0
SLIDE_HEIGHT_PT = 540.0
_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class SlideFigures:
    """One drawing's size and how it reads on a 16:9 slide."""

    width_pt: float
    height_pt: float
    aspect: float
    scale: float
    """How much the drawing shrinks (or grows) to fit the slide."""
    smallest_name_pt: float
    smallest_text_pt: float
    crossings: int
    nodes: int
    edges: int


@dataclass(frozen=True)
class SlideTargets:
    """SPEC's figures for a drawing on a slide."""

    min_aspect: float
    max_aspect: float
    min_name_pt: float
    min_text_pt: float
    max_crossings: int | None
    """None where the bound is an average over many drawings, not one drawing's."""

    def misses(self, figures: SlideFigures) -> list[str]:
        """What the drawing falls short of, in words; empty when it meets every figure."""
        found = []
        if not self.min_aspect <= figures.aspect <= self.max_aspect:
            found.append(f"aspect {figures.aspect} outside {self.min_aspect}-{self.max_aspect}")
        if figures.smallest_name_pt < self.min_name_pt:
            found.append(f"names {figures.smallest_name_pt} pt < {self.min_name_pt:g}")
        if figures.smallest_text_pt < self.min_text_pt:
            found.append(f"text {figures.smallest_text_pt} pt < {self.min_text_pt:g}")
        if self.max_crossings is not None and figures.crossings > self.max_crossings:
            found.append(f"{figures.crossings} crossings > {self.max_crossings}")
        return found


FULL = SlideTargets(1.2, 2.4, 9, 7, None)
"""The whole diagram; its crossings: at most one per design on average."""
VIEW = SlideTargets(1.2, 2.4, 12, 9, 1)


def _font_size(element: ET.Element) -> float:
    return float(element.get("font-size", "14"))


def _texts(element: ET.Element) -> list[ET.Element]:
    return [t for t in element.iter(f"{_SVG}text") if (t.text or "").strip()]


def _path_points(d: str) -> list[Point]:
    numbers = [float(n) for n in _NUMBER.findall(d)]
    return list(zip(numbers[0::2], numbers[1::2], strict=False))


def _edge_ends(title: str) -> frozenset[str]:
    # Graphviz titles an edge `tail->head`, with ports after a colon.
    return frozenset(end.split(":")[0] for end in title.split("->"))


def slide_figures(svg: str) -> SlideFigures:
    """The slide figures of a finished SVG (as `mlsd render` writes it)."""
    root = ET.fromstring(svg)
    width = float(root.get("width", "0").removesuffix("pt"))
    height = float(root.get("height", "0").removesuffix("pt"))
    scale = min(SLIDE_WIDTH_PT / width, SLIDE_HEIGHT_PT / height)
    groups = list(root.iter(f"{_SVG}g"))
    nodes = [g for g in groups if g.get("class") == "node"]
    edges = [g for g in groups if g.get("class") == "edge"]
    names = [max(_font_size(t) for t in _texts(n)) for n in nodes if _texts(n)]
    texts = [_font_size(t) for t in _texts(root)]
    drawn = []
    for edge in edges:
        path = edge.find(f"{_SVG}path")
        points = _path_points(path.get("d", "")) if path is not None else []
        drawn.append((_edge_ends(edge.findtext(f"{_SVG}title") or ""), points))
    return SlideFigures(
        width_pt=width,
        height_pt=height,
        aspect=round(width / height, 2),
        scale=round(scale, 3),
        smallest_name_pt=round(min(names, default=0.0) * scale, 1),
        smallest_text_pt=round(min(texts, default=0.0) * scale, 1),
        crossings=crossings(drawn),
        nodes=len(nodes),
        edges=len(edges),
    )
