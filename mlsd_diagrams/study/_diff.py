"""What changed between two versions of a design, as data, as text and as an overlay drawing.

Components and groups are keyed by id, flows by (source, target, kind); a part present in both
versions with different fields is `changed`, and the diff lists the field names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .._catalog import FlowKind
from .._model import Card, Component, Design, Flow, Group

if TYPE_CHECKING:
    from ..render import RenderOptions, Scene

__all__ = [
    "ADDED",
    "CHANGED",
    "COLOURS",
    "REMOVED",
    "DesignDiff",
    "PartsDiff",
    "diff",
    "diff_json",
    "diff_text",
    "flow_ref",
    "overlay",
    "overlay_scene",
    "render_overlay",
    "statuses",
]

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
COLOURS = {ADDED: "#2F9E44", CHANGED: "#F08C00", REMOVED: "#E03131"}
"""Green, amber and red: the overlay's colour for each status."""
_FADED = "99"  # alpha appended to the red of removed flows


def flow_ref(source: str, target: str, kind: FlowKind | str) -> str:
    """How the diff names a flow: `a -> b (kind)`."""
    return f"{source} -> {target} ({FlowKind(kind).value})"


def _flow_key(flow: Flow) -> str:
    return flow_ref(flow.source, flow.target, flow.kind)


@dataclass(frozen=True)
class PartsDiff:
    """Keys added and removed, and for each changed key the names of its changed fields."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, list[Any]]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [{"key": key, "fields": names} for key, names in self.changed.items()],
        }


@dataclass(frozen=True)
class DesignDiff:
    """OLD -> NEW: components, flows and groups added, removed and changed; card fields changed."""

    old: Design
    new: Design
    components: PartsDiff
    flows: PartsDiff
    groups: PartsDiff
    card: list[str]

    def __bool__(self) -> bool:
        return bool(self.components or self.flows or self.groups or self.card)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.id,
            "new": self.new.id,
            "components": self.components.to_dict(),
            "flows": self.flows.to_dict(),
            "groups": self.groups.to_dict(),
            "card": list(self.card),
        }


def _changed_fields(old: BaseModel, new: BaseModel) -> list[str]:
    return [name for name in type(old).model_fields if getattr(old, name) != getattr(new, name)]


def _parts(old: Mapping[str, BaseModel], new: Mapping[str, BaseModel]) -> PartsDiff:
    changed = {
        key: names
        for key, part in new.items()
        if key in old and (names := _changed_fields(old[key], part))
    }
    return PartsDiff(
        added=[key for key in new if key not in old],
        removed=[key for key in old if key not in new],
        changed=changed,
    )


def _by_key(design: Design) -> tuple[dict[str, Component], dict[str, Flow], dict[str, Group]]:
    components: dict[str, Component] = {}
    flows: dict[str, Flow] = {}
    groups: dict[str, Group] = {}
    for c in design.components:
        components.setdefault(c.id, c)
    for f in design.flows:
        flows.setdefault(_flow_key(f), f)
    for g in design.groups:
        groups.setdefault(g.id, g)
    return components, flows, groups


def diff(old: Design, new: Design) -> DesignDiff:
    """What changed from OLD to NEW, in declaration order (NEW's, then OLD's for removals)."""
    old_c, old_f, old_g = _by_key(old)
    new_c, new_f, new_g = _by_key(new)
    return DesignDiff(
        old,
        new,
        components=_parts(old_c, new_c),
        flows=_parts(old_f, new_f),
        groups=_parts(old_g, new_g),
        card=[
            name for name in Card.model_fields if getattr(old.card, name) != getattr(new.card, name)
        ],
    )


def diff_json(result: DesignDiff) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def diff_text(result: DesignDiff) -> str:
    """`+` added, `-` removed, `~` changed (with the fields), section by section."""
    lines = [f"{result.old.id} -> {result.new.id}"]
    if not result:
        return lines[0] + ": no changes\n"
    old_c, _, _ = _by_key(result.old)
    new_c, _, _ = _by_key(result.new)

    def name(key: str, section: str) -> str:
        component = new_c.get(key) or old_c.get(key) if section == "components" else None
        return f"{key} ({component.label}, {component.kind})" if component else key

    for section in ("components", "flows", "groups"):
        parts: PartsDiff = getattr(result, section)
        if not parts:
            continue
        lines += ["", f"{section}:"]
        lines += [f"  + {name(key, section)}" for key in parts.added]
        lines += [f"  - {name(key, section)}" for key in parts.removed]
        lines += [
            f"  ~ {name(key, section)}: {', '.join(fields)}"
            for key, fields in parts.changed.items()
        ]
    if result.card:
        lines += ["", "card:", *(f"  ~ {name}" for name in result.card)]
    return "\n".join(lines) + "\n"


# --- the overlay drawing -------------------------------------------------------------------------


def statuses(result: DesignDiff) -> dict[str, str]:
    """Component id or `flow_ref` -> "added", "changed" or "removed", for every part that moved."""
    found: dict[str, str] = {}
    for parts in (result.components, result.flows):
        found |= dict.fromkeys(parts.added, ADDED)
        found |= dict.fromkeys(parts.changed, CHANGED)
        found |= dict.fromkeys(parts.removed, REMOVED)
    return found


def overlay(result: DesignDiff) -> tuple[Design, dict[str, str]]:
    """NEW with OLD's removed components and flows put back (each removed component in its old
    group when NEW still has it), and the colour of each part that changed."""
    old_c, old_f, _ = _by_key(result.old)
    removed_c = [old_c[key] for key in result.components.removed]
    removed_f = [old_f[key] for key in result.flows.removed]
    group_of = {m: g.id for g in result.old.groups for m in g.members}
    kept = {g.id for g in result.new.groups}
    groups = [
        g.model_copy(
            update={
                "members": g.members
                + [c.id for c in removed_c if group_of.get(c.id) == g.id and g.id in kept]
            }
        )
        for g in result.new.groups
    ]
    merged = result.new.model_copy(
        update={
            "title": f"{result.new.title}: changes from {result.old.id} "
            "(green added, amber changed, red removed)",
            "components": [*result.new.components, *removed_c],
            "flows": [*result.new.flows, *removed_f],
            "groups": groups,
            "frames": [],
        }
    )
    colours = {key: COLOURS[status] for key, status in statuses(result).items()}
    return merged, colours


def overlay_scene(result: DesignDiff, options: RenderOptions | None = None) -> Scene:
    """The scene of `overlay(result)[0]`, each part that moved highlighted in its colour:
    removed components drawn as dashed stubs (their old label, no icon), removed flows faded."""
    from ..render import RenderOptions, build_scene

    merged, _ = overlay(result)
    found = statuses(result)
    scene = build_scene(merged, options or RenderOptions())
    nodes = []
    for node in scene.nodes:
        status = found.get(node.id)
        if status == REMOVED:
            node = replace(node, role="stub", icon=None, tech=(), latency=None)
        nodes.append(replace(node, highlight=COLOURS[status]) if status else node)
    edges = []
    for edge in scene.edges:
        # A flow to or from a group is drawn from a component inside it: named by the group.
        source, target = edge.source_group or edge.source, edge.target_group or edge.target
        status = found.get(flow_ref(source, target, edge.kind))
        colour = COLOURS[status] + (_FADED if status == REMOVED else "") if status else None
        edges.append(replace(edge, highlight=colour))
    return replace(scene, id=f"{result.new.id}.diff", nodes=tuple(nodes), edges=tuple(edges))


def render_overlay(result: DesignDiff, out_dir: str | Path) -> Path:
    """Write `<out_dir>/<new id>.diff.svg`: NEW drawn with added parts green, changed amber and
    removed ones ghosted in dashed red."""
    from ..render import Format, RenderOptions, write_scene

    options = RenderOptions(formats=(Format.SVG,))
    return write_scene(overlay_scene(result, options), out_dir, options).paths[0]
