"""Mermaid `flowchart` text of a design: a subgraph per group, a class per plane and one link
style per flow kind. Every label is quoted, and every character Mermaid could read as syntax is
written as an entity, so no label can break the chart."""

from __future__ import annotations

import json

from ..._catalog import FlowKind, Plane
from ..._model import Design, flow_ends
from .._options import RenderOptions
from .._quoting import wrap
from ..scene._themes import THEMES

__all__ = ["mermaid_text"]

_ARROW = {
    FlowKind.REQUEST: "-->",
    FlowKind.ASYNC: "-.->",
    FlowKind.BATCH: "-.->",
    FlowKind.DEPLOY: "==>",
    FlowKind.OBSERVE: "-->",
    FlowKind.FEEDBACK: "-.->",
}
_DASH = {"dashed": "stroke-dasharray:6 4", "dotted": "stroke-dasharray:2 3"}
_PLAIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:/_+!?=()")


def label(text: str, width: int = 24, lines: int = 3) -> str:
    """A quoted Mermaid label: wrapped, and every ASCII character but the plainest as `#NN;`."""
    out = []
    for line in wrap(text, width, lines):
        out.append("".join(c if c in _PLAIN or ord(c) > 127 else f"#{ord(c)};" for c in line))
    return '"' + "<br>".join(out) + '"'


def node_id(component_id: str) -> str:
    """Prefixed, so no id is a Mermaid keyword (`end`, `graph`, `class`, ...)."""
    return f"c_{component_id}"


def mermaid_text(design: Design, options: RenderOptions) -> str:
    theme = THEMES[options.theme]
    # The title is YAML front matter: a JSON string is a YAML string, on one line.
    title = " ".join(wrap(design.title, 200, 1))
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "---"]
    lines.append(f"flowchart {design.direction.value}")
    direct = {g.id: g.members for g in design.groups}
    owner = design.owners()
    children: dict[str | None, list[str]] = {}
    for group in design.groups:
        children.setdefault(group.parent, []).append(group.id)
    labels = {g.id: g.label for g in design.groups}
    components = {c.id: c for c in design.components}

    def node(component_id: str, indent: str) -> None:
        component = components[component_id]
        lines.append(f"{indent}{node_id(component.id)}[{label(component.label, 18)}]")

    def subgraph(group_id: str, indent: str) -> None:
        lines.append(f"{indent}subgraph g_{group_id}[{label(labels[group_id], 60, 2)}]")
        for member in (m for m in direct[group_id] if owner.get(m) == group_id):
            if member in components:
                node(member, indent + "  ")
        for child in children.get(group_id, []):
            subgraph(child, indent + "  ")
        lines.append(f"{indent}end")

    for component in design.components:
        if component.id not in owner:
            node(component.id, "  ")
    for group_id in children.get(None, []):
        subgraph(group_id, "  ")
    by_kind: dict[FlowKind, list[int]] = {}
    ends = flow_ends(design)

    def end(name: str) -> str:
        # A subgraph's id may end a link: the arrow meets the group's box.
        return node_id(name) if name in components else f"g_{name}"

    links = 0
    for flow in design.flows:
        sources, targets = ends.get(flow.source, ()), ends.get(flow.target, ())
        if not sources or not targets or set(sources) & set(targets):
            continue
        text = flow.caption
        middle = f"|{label(text)}|" if text else ""
        lines.append(f"  {end(flow.source)} {_ARROW[flow.kind]}{middle} {end(flow.target)}")
        by_kind.setdefault(flow.kind, []).append(links)
        links += 1
    for kind in FlowKind:
        if kind in by_kind:
            look = theme.edges[kind]
            dash = _DASH.get(look.style)
            style = f"stroke:{look.color},stroke-width:{look.penwidth:g}px"
            style += f",{dash}" if dash else ""
            lines.append(f"  linkStyle {','.join(map(str, by_kind[kind]))} {style}")
    for plane in Plane:
        ids = [node_id(c.id) for c in design.components if c.effective_plane is plane]
        if ids:
            fill = theme.plane_fill[plane]
            lines.append(f"  classDef {plane.value} fill:{fill},stroke:{theme.group_line}")
            lines.append(f"  class {','.join(ids)} {plane.value}")
    return "\n".join(lines) + "\n"
