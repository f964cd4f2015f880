"""D2 text of a design: a container per group, a class per flow kind and per plane, each
component's icon embedded as a data URI (D2 draws `icon:` inside the box). Ids are prefixed (no
id is a D2 keyword); labels are double-quoted with `\\`, `"` and `$` escaped."""

from __future__ import annotations

from ..._catalog import FlowKind, Plane
from ..._model import Design, flow_ends
from .._options import RenderOptions
from .._quoting import wrap
from ..scene._scene import icon_for
from ..scene._themes import THEMES
from ._iconfiles import small_icon_data

__all__ = ["d2_text"]

_DASH = {"dashed": 5, "dotted": 2}


def quoted(text: str, width: int = 40, lines: int = 3) -> str:
    """A double-quoted D2 string: one line (controls dropped), escapes for `\\`, `"` and `$`."""
    flat = " ".join(wrap(text, width, lines))
    escaped = flat.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return f'"{escaped}"'


def d2_text(design: Design, options: RenderOptions) -> str:
    theme = THEMES[options.theme]
    lines = ["direction: " + ("right" if design.direction.value == "LR" else "down")]
    lines.append("classes: {")
    for kind in FlowKind:
        look = theme.edges[kind]
        dash = _DASH.get(look.style, 0)
        width = max(1, round(look.penwidth * 1.5))
        lines.append(
            f'  {kind.value}: {{style: {{stroke: "{look.color}"; stroke-width: {width}; '
            f"stroke-dash: {dash}}}}}"
        )
    for plane in Plane:
        lines.append(
            f'  {plane.value}: {{style: {{fill: "{theme.plane_fill[plane]}"; '
            f'stroke: "{theme.group_line}"}}}}'
        )
    lines.append("}")
    title = quoted(design.title, 200, 1)
    lines.append(f"title: {title} {{near: top-center; shape: text; style.font-size: 24}}")
    owner = design.owners()
    parent = {g.id: g.parent for g in design.groups}
    children: dict[str | None, list[str]] = {}
    for group in design.groups:
        children.setdefault(group.parent, []).append(group.id)
    components = {c.id: c for c in design.components}

    def path(end: str) -> str:
        # A container's key may end a connection: the arrow meets the group's box.
        if end in components:
            steps, group = [f"c_{end}"], owner.get(end)
        else:
            steps, group = [f"g_{end}"], parent.get(end)
        seen: set[str] = set()
        while group is not None and group not in seen:
            seen.add(group)
            steps.append(f"g_{group}")
            group = parent.get(group)
        return ".".join(reversed(steps))

    def node(component_id: str, indent: str) -> None:
        component = components[component_id]
        icon = icon_for(component, options.icons, design.icon_file(component))
        shown = f'; icon: "data:image/png;base64,{small_icon_data(icon)}"' if icon else ""
        lines.append(
            f"{indent}c_{component.id}: {quoted(component.label)} "
            f"{{class: {component.effective_plane.value}{shown}}}"
        )

    def container(group_id: str, indent: str, seen: frozenset[str]) -> None:
        group = next(g for g in design.groups if g.id == group_id)
        lines.append(f"{indent}g_{group_id}: {quoted(group.label, 60, 2)} {{")
        for member in group.members:
            if member in components and owner.get(member) == group_id:
                node(member, indent + "  ")
        for child in children.get(group_id, []):
            if child not in seen:
                container(child, indent + "  ", seen | {child})
        lines.append(f"{indent}}}")

    for component in design.components:
        if component.id not in owner:
            node(component.id, "")
    for group_id in children.get(None, []):
        container(group_id, "", frozenset({group_id}))
    ends = flow_ends(design)
    for flow in design.flows:
        sources, targets = ends.get(flow.source, ()), ends.get(flow.target, ())
        if not sources or not targets or set(sources) & set(targets):
            continue
        text = flow.caption
        label = f": {quoted(text)}" if text else ""
        lines.append(
            f"{path(flow.source)} -> {path(flow.target)}{label} {{class: {flow.kind.value}}}"
        )
    return "\n".join(lines) + "\n"
