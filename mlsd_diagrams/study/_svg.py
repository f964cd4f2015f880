"""A rendered SVG made ready to sit inside an HTML page: parsed, rebuilt from an allow-list of
elements and attributes, tagged with the design's ids and sized by its container.

The SVG may be any file found in an output folder, so nothing of it is trusted: it is read with
an XML parser (never regexes, which a tag split by another tag defeats) and only drawing elements
and presentation attributes are written back; no script, no event handler, no link out.

Graphviz names each node's and edge's group in a `<title>`: the component id, or `a->b` for an
edge. Deploys are drawn reversed (the registry feeds serving against the reading direction), so
an edge's direction is taken from the design's flows, not from its title.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

from .._model import Design, Figure, group_members
from .._text import xml_text
from ..render import drawn_ends

__all__ = ["UnreadableSvg", "embed_figure_svg", "embed_svg"]

_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

# What Graphviz and our finishing steps draw with; anything else is dropped with what it holds.
_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "path",
        "polygon",
        "polyline",
        "line",
        "rect",
        "circle",
        "ellipse",
        "text",
        "tspan",
        "image",
        "use",
        "defs",
        "symbol",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "marker",
        "pattern",
        "style",
    ]
)
_ATTRIBUTES = frozenset(
    [
        "id",
        "class",
        "d",
        "points",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "dx",
        "dy",
        "width",
        "height",
        "transform",
        "viewBox",
        "preserveAspectRatio",
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-opacity",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
        "letter-spacing",
        "text-decoration",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
        "clip-path",
        "clipPathUnits",
        "markerWidth",
        "markerHeight",
        "refX",
        "refY",
        "orient",
        "patternUnits",
        "visibility",
        "display",
        "media",
    ]
)
# A link (Graphviz wraps a part with a URL or tooltip in one) keeps what it holds, not the link.
_UNWRAPPED = frozenset(["a", "switch"])
# Icons are embedded as data URIs and parts point at each other by fragment; nothing else.
_SAFE_HREF = ("#", "data:image/png;", "data:image/jpeg;", "data:image/svg+xml;")
_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.I)
# A backslash is a CSS escape (`\75 rl(` reads `url(`), so no rule may hold one.
_UNSAFE_CSS = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:|-moz-binding|\\", re.I)


class UnreadableSvg(ValueError):
    """The SVG is not well-formed XML, so it is not embedded at all."""


def _local_urls_only(value: str) -> bool:
    """No `url(...)` that leaves the document: a fragment or a data URI."""
    return all(url.startswith(("#", "data:")) for url in _URL.findall(value))


def _safe_attributes(element: ET.Element) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name, value in element.attrib.items():
        if name == _XLINK_HREF or name == "href":
            if value.strip().startswith(_SAFE_HREF):
                kept["xlink:href"] = value
        elif name in _ATTRIBUTES and _local_urls_only(value) and not _UNSAFE_CSS.search(value):
            kept[name] = value
    return kept


def _title_of(element: ET.Element) -> str:
    title = element.find(f"{_SVG_NS}title")
    return "".join(title.itertext()).strip() if title is not None else ""


def _edge_ends(title: str, pairs: set[tuple[str, str]]) -> tuple[str, str] | None:
    if "->" not in title:
        return None
    drawn_from, drawn_to = (part.split(":", 1)[0].strip() for part in title.split("->", 1))
    if (drawn_from, drawn_to) in pairs:
        return drawn_from, drawn_to
    if (drawn_to, drawn_from) in pairs:  # a deploy, drawn from its target back to the registry
        return drawn_to, drawn_from
    return None


class _Writer:
    """Writes an allowed copy of a parsed SVG, tagging the parts the design names."""

    def __init__(self, design: Design) -> None:
        self.components = {c.id for c in design.components}
        self.kinds = {(f.source, f.target): f.kind.value for f in design.flows}
        # A flow to or from a group is drawn between components inside it: its edge is tagged
        # with the flow's ends as written.
        self.declared = {
            drawn: (design.flows[index].source, design.flows[index].target)
            for index, drawn in drawn_ends(design).items()
        }
        self.members = group_members(design.groups)
        self.out: list[str] = []

    def tags(self, element: ET.Element, attributes: dict[str, str]) -> None:
        cls, title = attributes.get("class"), _title_of(element)
        if cls == "node" and title in self.components:
            attributes["data-component"] = title
        elif cls == "edge" and (drawn := _edge_ends(title, set(self.declared))) is not None:
            ends = self.declared[drawn]
            attributes["data-source"], attributes["data-target"] = ends
            attributes["data-kind"] = self.kinds[ends]
        elif cls == "cluster" and title.removeprefix("cluster_") in self.members:
            group = title.removeprefix("cluster_")
            attributes["data-group"] = group
            attributes["data-members"] = " ".join(sorted(self.members[group] & self.components))

    def write(self, element: ET.Element) -> None:
        if not element.tag.startswith(_SVG_NS):
            return  # another namespace (XHTML in a foreignObject, say): nothing of it is drawn
        name = element.tag.removeprefix(_SVG_NS)
        if name in _UNWRAPPED:
            self.children(element)
            return
        if name not in _ELEMENTS:
            return  # the title among them: browsers show it as a tooltip naming the part
        text = "".join(element.itertext()) if name == "style" else ""
        if name == "style" and (_UNSAFE_CSS.search(text) or not _local_urls_only(text)):
            return
        attributes = _safe_attributes(element)
        if name == "g":
            self.tags(element, attributes)
        pairs = "".join(f' {key}="{html.escape(value)}"' for key, value in attributes.items())
        self.out.append(f"<{name}{pairs}>")
        if name == "g":
            self.opened(element, attributes)
        if name == "style":
            self.out.append(html.escape(text, quote=False))
        else:
            self.children(element)
        self.out.append(f"</{name}>")

    def opened(self, element: ET.Element, attributes: dict[str, str]) -> None:
        """A hook after a group's opening tag (a figure's blocks add their tooltips)."""

    def children(self, element: ET.Element) -> None:
        self.out.append(html.escape(element.text or "", quote=False))
        for child in element:
            self.write(child)
            self.out.append(html.escape(child.tail or "", quote=False))


def _svg_root(svg: str) -> ET.Element | None:
    """The parsed `<svg>` element of a file, or None when it holds none; UnreadableSvg when it
    is not well-formed."""
    start = svg.find("<svg")
    end = svg.rfind("</svg>")
    if start < 0 or end < start:
        return None
    # The prolog goes unread: no doctype, so no entity of the file's own is ever expanded. A
    # label may hold U+FFFE, which Graphviz writes as it is and XML cannot hold.
    try:
        root = ET.fromstring(xml_text(svg[start : end + len("</svg>")]))
    except ET.ParseError as error:
        raise UnreadableSvg(f"not well-formed SVG ({error})") from None
    return root if root.tag == f"{_SVG_NS}svg" else None


def _view_box(root: ET.Element) -> list[str] | None:
    """The four numbers of the element's viewBox, or None when it has no usable one."""
    numbers = (root.get("viewBox") or "").split()
    return numbers if len(numbers) == 4 and all(_is_number(n) for n in numbers) else None


def embed_svg(svg: str, design: Design) -> str | None:
    """The `<svg>` element of a rendered diagram for inlining in HTML, or None when `svg` holds
    no drawing; UnreadableSvg when it is not well-formed. Nodes gain `data-component`, edges
    `data-source`/`data-target`/`data-kind`, groups `data-group` and `data-members`; the element
    fills its container (the original size stays in `data-width`/`data-height`)."""
    root = _svg_root(svg)
    if root is None:
        return None
    writer = _Writer(design)
    writer.children(root)
    box = _view_box(root)
    size = f' data-width="{box[2]}" data-height="{box[3]}"' if box else ""
    view_box = f' viewBox="{" ".join(box)}"' if box else ""
    opening = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' class="diagram" width="100%" height="100%"{view_box}{size}'
        f' preserveAspectRatio="xMidYMid meet" role="img"'
        f' aria-label="Diagram of {html.escape(design.title)}">'
    )
    return opening + "".join(writer.out) + "</svg>"


class _FigureWriter(_Writer):
    """Writes an allowed copy of a model figure's SVG: each block tagged `data-block` and
    titled with its kind and shape, so hovering it tells them."""

    def __init__(self, figure: Figure) -> None:
        # A figure's parts are blocks, not the design's components, flows or groups.
        self.components, self.kinds, self.members, self.out = set(), {}, {}, []
        self.figure = figure

    def tags(self, element: ET.Element, attributes: dict[str, str]) -> None:
        title = _title_of(element)
        if attributes.get("class") == "node" and self.figure.block(title) is not None:
            attributes["data-block"] = title

    def opened(self, element: ET.Element, attributes: dict[str, str]) -> None:
        block = attributes.get("data-block")
        tip = _block_tip(self.figure, block) if block else None
        if tip is not None:
            self.out.append(f"<title>{html.escape(tip)}</title>")


def _block_tip(figure: Figure, block_id: str) -> str | None:
    """What hovering a block of a figure tells: its name, kind, shape, stack and frozen."""
    block = figure.block(block_id)
    if block is None:
        return None
    facts = [block.kind.replace("_", " ")]
    facts += [f"x{block.repeat}"] if block.repeat > 1 else []
    facts += [block.shape] if block.shape else []
    facts += [block.op] if block.op else []
    facts += ["frozen (pretrained)"] if block.frozen else []
    return f"{' '.join(block.label.split())}: {', '.join(facts)}"


def embed_figure_svg(svg: str, figure: Figure) -> str | None:
    """The `<svg>` element of a rendered model figure for inlining in HTML, or None when `svg`
    holds no drawing; UnreadableSvg when it is not well-formed. Sized by its container."""
    root = _svg_root(svg)
    if root is None:
        return None
    writer = _FigureWriter(figure)
    writer.children(root)
    box = _view_box(root)
    view_box = f' viewBox="{" ".join(box)}"' if box else ""
    opening = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' class="model-figure"{view_box} preserveAspectRatio="xMidYMid meet" role="img"'
        f' aria-label="Model figure: {html.escape(figure.title)}">'
    )
    return opening + "".join(writer.out) + "</svg>"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
