"""Practice mode: a design with its components numbered instead of named, and the answer key."""

from __future__ import annotations

from .._model import ID_MAX_LENGTH, Component, Design, Figure, Flow, Group, group_members
from ._card import cell, words

__all__ = ["answer_key", "hint_labels", "mask", "mask_figure", "masked_id"]


def masked_id(design_id: str) -> str:
    """The id (and file stem) of a design's practice copy, so it never overwrites the diagram."""
    suffix = "_masked"
    return design_id[: ID_MAX_LENGTH - len(suffix)] + suffix


def mask(design: Design) -> tuple[Design, str]:
    """The design with every component named only by a number, and the Markdown answer key.

    Numbers follow declaration order. Icons (the kind), planes, groups and flow kinds stay, as
    the hints a learner reasons from. Labels, technologies and notes go; so do flow labels,
    because most name what they reach ("feature lookup", "training set") and would give the
    answer away. Ids become `c1`, `c2`, ... since SVG viewers show node ids as tooltips. A group
    whose label names one of its components ("Monitoring" around "Monitoring") is called
    "Group N" instead.
    """
    numbers = _numbers(design)
    ids = {cid: f"c{n}" for cid, n in numbers.items()}
    components = [
        Component(id=f"c{n}", kind=c.kind, label=str(n), plane=c.plane, latency_ms=c.latency_ms)
        for n, c in enumerate(design.components, 1)
    ]
    flows = [
        Flow(
            source=ids.get(f.source, f.source),
            target=ids.get(f.target, f.target),
            kind=f.kind,
            latency_ms=f.latency_ms,
        )
        for f in design.flows
    ]
    groups = [
        g.model_copy(update={"members": [ids.get(m, m) for m in g.members], "label": label})
        for g, label in zip(design.groups, hint_labels(design), strict=True)
    ]
    masked = Design(
        id=masked_id(design.id),
        title=design.title,
        sla_ms=design.sla_ms,
        direction=design.direction,
        components=components,
        flows=flows,
        groups=groups,
        frames=[[ids.get(name, name) for name in frame] for frame in design.frames],
        figures=[mask_figure(f, ids) for f in design.figures],
    )
    return masked, answer_key(design)


def mask_figure(figure: Figure, component_ids: dict[str, str] | None = None) -> Figure:
    """A model figure with each block named only by its number, as `mask` names components.

    Outlines and colours (the kind), shapes, stacks and frozen marks stay as the hints; link
    words and notes go, as they name what they reach. A group whose label holds a block's
    name is called "Group N"."""
    labels = {b.id: b.label.casefold() for b in figure.blocks}
    groups = [
        g.model_copy(
            update={
                "label": f"Group {n}"
                if any(labels.get(m) and labels[m] in g.label.casefold() for m in g.members)
                else g.label
            }
        )
        for n, g in enumerate(figure.groups, 1)
    ]
    component = figure.component
    return figure.model_copy(
        update={
            "component": (component_ids or {}).get(component, component) if component else None,
            "caption": "",
            "blocks": [
                b.model_copy(update={"label": str(n), "notes": None})
                for n, b in enumerate(figure.blocks, 1)
            ],
            "links": [k.model_copy(update={"label": None}) for k in figure.links],
            "groups": groups,
        }
    )


def hint_labels(design: Design) -> list[str]:
    """Each group's label as the practice copy shows it: its own, unless it equals or contains
    the label of a component inside it (case aside), then the neutral "Group N"."""
    members = group_members(design.groups)
    labels = {c.id: c.label.casefold() for c in design.components}
    return [
        f"Group {n}" if _names_a_member(g, members[g.id], labels) else g.label
        for n, g in enumerate(design.groups, 1)
    ]


def _names_a_member(group: Group, members: frozenset[str], labels: dict[str, str]) -> bool:
    text = group.label.casefold()
    return any(labels[m] and labels[m] in text for m in members if m in labels)


def _numbers(design: Design) -> dict[str, str]:
    """The number that stands for each id in flows and groups: its first declaration's (a
    repeated id, an E101 error, still numbers each declaration apart)."""
    numbers: dict[str, str] = {}
    for n, c in enumerate(design.components, 1):
        numbers.setdefault(c.id, str(n))
    return numbers


def answer_key(design: Design) -> str:
    """Markdown: what each number is, and the labels of the flows between them."""
    numbers = _numbers(design)
    group_of = {m: g.label for g in design.groups for m in g.members}

    def name(component_id: str) -> str:
        component = design.component(component_id)
        label = component.label if component else component_id
        return f"{numbers.get(component_id, '?')} {cell(label)}"

    lines = [
        f"# Answer key: {words(design.title)}",
        "",
        f"Practice diagram: `{masked_id(design.id)}.svg`. Name each numbered component from its "
        "icon, its group and its flows, then check here.",
        "",
        "| # | Component | Kind | Group | Technology | Notes |",
        "|---:|---|---|---|---|---|",
    ]
    for n, c in enumerate(design.components, 1):
        lines.append(
            f"| {n} | {cell(c.label)} | `{c.kind}` | "
            f"{cell(group_of.get(c.id, ''))} | {cell(c.tech or '')} | {cell(c.notes or '')} |"
        )
    for figure in design.figures:
        lines += ["", f"## Model figure: {cell(figure.title)}", "", "| # | Block | Kind | Shape |"]
        lines.append("|---:|---|---|---|")
        lines += [
            f"| {n} | {cell(b.label)} | `{b.kind}` | {cell(b.shape or '')} |"
            for n, b in enumerate(figure.blocks, 1)
        ]
    labelled = [f for f in design.flows if f.label]
    if labelled:
        lines += ["", "## Flow labels", "", "| From | To | Kind | Label |", "|---|---|---|---|"]
        for f in labelled:
            lines.append(
                f"| {name(f.source)} | {name(f.target)} | {f.kind.value} | {cell(f.label or '')} |"
            )
    return "\n".join(lines) + "\n"
