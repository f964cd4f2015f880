"""Mermaid and D2 text of a model figure: each block in its kind's outline and family's colour,
a box per group, the links with their words and shapes, styled by link kind."""

from __future__ import annotations

import json

from ..._catalog import BLOCK_CATALOG
from ..._model import Figure, FigureLink
from .._options import RenderOptions
from .._quoting import wrap
from ..scene._figure import FAMILY_COLOURS, LINK_STYLES, block_details
from ._d2 import quoted
from ._mermaid import label

__all__ = ["figure_d2", "figure_mermaid"]

# Graphviz outlines -> Mermaid's nearest node shapes (opening, closing bracket).
_MERMAID_SHAPES = {
    "parallelogram": ("[/", "/]"),
    "trapezium": ("[/", "\\]"),
    "invtrapezium": ("[\\", "/]"),
    "hexagon": ("{{", "}}"),
    "ellipse": ("([", "])"),
    "diamond": ("{", "}"),
    "octagon": ("[[", "]]"),
    "house": (">", "]"),
    "rarrow": (">", "]"),
    "box3d": ("[(", ")]"),
}
_D2_SHAPES = {
    "parallelogram": "parallelogram",
    "hexagon": "hexagon",
    "ellipse": "oval",
    "diamond": "diamond",
    "octagon": "step",
    "note": "page",
    "box3d": "stored_data",
}
_DASH = {"dashed": "stroke-dasharray:6 4", "dotted": "stroke-dasharray:2 3"}
_D2_DASH = {"dashed": 5, "dotted": 2}


def _words(link: FigureLink) -> str:
    return " ".join(w for w in (link.label, link.shape) if w)


def _family(kind: str, frozen: bool) -> str:
    return "pretrained" if frozen else BLOCK_CATALOG[kind].family.value


def figure_mermaid(figure: Figure, options: RenderOptions) -> str:
    """A Mermaid flowchart of the figure, in its own direction."""
    colours = FAMILY_COLOURS[options.theme]
    lines = ["---", f"title: {json.dumps(' '.join(wrap(figure.title, 200, 1)))}", "---"]
    lines.append(f"flowchart {figure.direction}")
    owner = {m: g.id for g in figure.groups for m in g.members}

    def block_line(index: int, indent: str) -> str:
        block = figure.blocks[index]
        # The name wrapped, the details (stack, shape) on a line of their own.
        parts = [label(block.label, 24)[1:-1]]
        if block_details(block):
            parts.append(label(block_details(block), 60, 1)[1:-1])
        opening, closing = _MERMAID_SHAPES.get(BLOCK_CATALOG[block.kind].shape, ("[", "]"))
        return f'{indent}b_{block.id}{opening}"{"<br>".join(parts)}"{closing}'

    for index, block in enumerate(figure.blocks):
        if block.id not in owner:
            lines.append(block_line(index, "  "))
    for group in figure.groups:
        lines.append(f"  subgraph g_{group.id}[{label(group.label, 60, 2)}]")
        for index, block in enumerate(figure.blocks):
            if owner.get(block.id) == group.id:
                lines.append(block_line(index, "    "))
        lines.append("  end")
    known = {b.id for b in figure.blocks}
    styles = LINK_STYLES[options.theme]
    drawn = [k for k in figure.links if k.source in known and k.target in known]
    for link in drawn:
        arrow = "-->" if styles[link.kind].style == "solid" else "-.->"
        words = _words(link)
        middle = f"|{label(words)}|" if words else ""
        lines.append(f"  b_{link.source} {arrow}{middle} b_{link.target}")
    for number, link in enumerate(drawn):
        look = styles[link.kind]
        dash = _DASH.get(look.style)
        style = f"stroke:{look.color},stroke-width:{look.penwidth:g}px" + (
            f",{dash}" if dash else ""
        )
        lines.append(f"  linkStyle {number} {style}")
    families: dict[str, list[str]] = {}
    for block in figure.blocks:
        families.setdefault(_family(block.kind, block.frozen), []).append(f"b_{block.id}")
    for family, ids in families.items():
        fill, line = next(c for f, c in colours.items() if f.value == family)
        lines.append(f"  classDef {family} fill:{fill},stroke:{line}")
        lines.append(f"  class {','.join(ids)} {family}")
    return "\n".join(lines) + "\n"


def figure_d2(figure: Figure, options: RenderOptions) -> str:
    """D2 text of the figure: blocks shaped and coloured by kind, groups as containers."""
    colours = FAMILY_COLOURS[options.theme]
    styles = LINK_STYLES[options.theme]
    lines = ["direction: " + ("right" if figure.direction == "LR" else "up"), "classes: {"]
    for family, (fill, line) in colours.items():
        lines.append(f'  {family.value}: {{style: {{fill: "{fill}"; stroke: "{line}"}}}}')
    for kind, look in styles.items():
        dash = _D2_DASH.get(look.style, 0)
        lines.append(f'  {kind}: {{style: {{stroke: "{look.color}"; stroke-dash: {dash}}}}}')
    lines.append("}")
    title = quoted(figure.title, 200, 1)
    lines.append(f"title: {title} {{near: top-center; shape: text; style.font-size: 24}}")
    owner = {m: g.id for g in figure.groups for m in g.members}

    def path(block_id: str) -> str:
        group = owner.get(block_id)
        return f"g_{group}.b_{block_id}" if group else f"b_{block_id}"

    def block_line(block_id: str, indent: str) -> str:
        block = next(b for b in figure.blocks if b.id == block_id)
        words = " \u00b7 ".join(w for w in (block.label, block_details(block)) if w)
        shape = _D2_SHAPES.get(BLOCK_CATALOG[block.kind].shape, "rectangle")
        family = _family(block.kind, block.frozen)
        return f"{indent}b_{block.id}: {quoted(words)} {{shape: {shape}; class: {family}}}"

    for block in figure.blocks:
        if block.id not in owner:
            lines.append(block_line(block.id, ""))
    for group in figure.groups:
        lines.append(f"g_{group.id}: {quoted(group.label, 60, 2)} {{")
        lines += [block_line(b.id, "  ") for b in figure.blocks if owner.get(b.id) == group.id]
        lines.append("}")
    known = {b.id for b in figure.blocks}
    for link in figure.links:
        if link.source in known and link.target in known:
            words = _words(link)
            text = f": {quoted(words)}" if words else ""
            lines.append(f"{path(link.source)} -> {path(link.target)}{text} {{class: {link.kind}}}")
    return "\n".join(lines) + "\n"
