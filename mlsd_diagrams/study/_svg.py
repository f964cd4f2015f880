"""A rendered SVG made ready to sit inside an HTML page: tagged with the design's ids, sized by its
container, and stripped of anything that could run.

Graphviz names each node's and edge's group in a `<title>`: the component id, or `a->b` for an
edge. Deploys are drawn reversed (the registry feeds serving against the reading direction), so
an edge's direction is taken from the design's flows, not from its title.
"""

from __future__ import annotations

import html
import re

from .._model import Design, Figure, group_members

__all__ = ["embed_figure_svg", "embed_svg"]

_GROUP = re.compile(
    r'<g id="(?P<gid>[^"]*)" class="(?P<cls>node|edge|cluster)">\s*<title>(?P<title>[^<]*)</title>'
)
_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
_TITLE = re.compile(r"<title>[^<]*</title>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_RUNNABLE = re.compile(
    r"<(script|foreignObject)\b.*?</\1\s*>|<(?:script|foreignObject)\b[^>]*>", re.S | re.I
)
_TAG = re.compile(r"<[A-Za-z][^<>]*>")
_HANDLER = re.compile(r"""\s(?:on[A-Za-z]+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_LINK = re.compile(r"""\s((?:xlink:)?href)\s*=\s*("[^"]*"|'[^']*')""")


def _safe_link(match: re.Match[str]) -> str:
    value = match.group(2)[1:-1]
    # Icons are embedded as data URIs; anything else (javascript:, a web address) goes.
    if value.startswith(("data:image/png;", "data:image/jpeg;", "data:image/svg+xml;", "#")):
        return match.group(0)
    return ""


def _sanitize(svg: str) -> str:
    """No script, no event handler, no link out: the SVG is ours, but its words are the user's."""
    svg = _RUNNABLE.sub("", svg)
    return _TAG.sub(lambda m: _LINK.sub(_safe_link, _HANDLER.sub("", m.group(0))), svg)


def _edge_ends(title: str, pairs: set[tuple[str, str]]) -> tuple[str, str] | None:
    if "->" not in title:
        return None
    drawn_from, drawn_to = (part.split(":", 1)[0].strip() for part in title.split("->", 1))
    if (drawn_from, drawn_to) in pairs:
        return drawn_from, drawn_to
    if (drawn_to, drawn_from) in pairs:  # a deploy, drawn from its target back to the registry
        return drawn_to, drawn_from
    return None


def embed_svg(svg: str, design: Design) -> str | None:
    """The `<svg>` element of a rendered diagram for inlining in HTML, or None when `svg` holds
    no drawing. Nodes gain `data-component`, edges `data-source`/`data-target`/`data-kind`,
    groups `data-group` and `data-members`; the element fills its container (the original
    size stays in `data-width`/`data-height`)."""
    start = svg.find("<svg")
    end = svg.rfind("</svg>")
    if start < 0 or end < start:
        return None
    body = _sanitize(_COMMENT.sub("", svg[start : end + len("</svg>")]))
    components = {c.id for c in design.components}
    kinds = {(f.source, f.target): f.kind.value for f in design.flows}
    members = group_members(design.groups)

    def tag(match: re.Match[str]) -> str:
        cls, title = match.group("cls"), html.unescape(match.group("title")).strip()
        extra = ""
        if cls == "node" and title in components:
            extra = f' data-component="{html.escape(title)}"'
        elif cls == "edge" and (ends := _edge_ends(title, set(kinds))) is not None:
            source, target = ends
            extra = (
                f' data-source="{html.escape(source)}" data-target="{html.escape(target)}"'
                f' data-kind="{kinds[ends]}"'
            )
        elif cls == "cluster" and title.removeprefix("cluster_") in members:
            group = title.removeprefix("cluster_")
            inside = " ".join(sorted(members[group] & components))
            extra = f' data-group="{html.escape(group)}" data-members="{html.escape(inside)}"'
        # The title goes: browsers show it as a tooltip, and in practice it would name the part.
        return f'<g id="{match.group("gid")}" class="{cls}"{extra}>'

    body = _TITLE.sub("", _GROUP.sub(tag, body))
    opening = _SVG_TAG.search(body)
    if opening is None:
        return None
    box = _VIEWBOX.search(opening.group(0))
    size = f' data-width="{box.group(3)}" data-height="{box.group(4)}"' if box else ""
    view_box = f' viewBox="{" ".join(box.groups())}"' if box else ""
    new_opening = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' class="diagram" width="100%" height="100%"{view_box}{size}'
        f' preserveAspectRatio="xMidYMid meet" role="img"'
        f' aria-label="Diagram of {html.escape(design.title)}">'
    )
    return new_opening + body[opening.end() :]


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
    holds no drawing: sanitized, sized by its container, each block tagged `data-block` and
    titled with its kind and shape, so hovering it tells them."""
    start = svg.find("<svg")
    end = svg.rfind("</svg>")
    if start < 0 or end < start:
        return None
    body = _sanitize(_COMMENT.sub("", svg[start : end + len("</svg>")]))

    def tag(match: re.Match[str]) -> str:
        cls, title = match.group("cls"), html.unescape(match.group("title")).strip()
        tip = _block_tip(figure, title) if cls == "node" else None
        if tip is None:
            return f'<g id="{match.group("gid")}" class="{cls}">'
        return (
            f'<g id="{match.group("gid")}" class="{cls}" data-block="{html.escape(title)}">'
            f"<title>{html.escape(tip)}</title>"
        )

    body = _GROUP.sub(tag, body)
    # Other titles (edges, clusters, the document's) would show raw Graphviz ids on hover.
    body = re.sub(
        r"(<g [^>]*class=\"(?:edge|cluster|graph)\"[^>]*>)\s*<title>[^<]*</title>", r"\1", body
    )
    opening = _SVG_TAG.search(body)
    if opening is None:
        return None
    box = _VIEWBOX.search(opening.group(0))
    view_box = f' viewBox="{" ".join(box.groups())}"' if box else ""
    new_opening = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' class="model-figure"{view_box} preserveAspectRatio="xMidYMid meet" role="img"'
        f' aria-label="Model figure: {html.escape(figure.title)}">'
    )
    return new_opening + body[opening.end() :]
