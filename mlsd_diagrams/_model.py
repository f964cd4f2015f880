"""The design model: components, flows, groups, model figures and the study card, as strict
pydantic models."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ._catalog import (
    BlockKind,
    ComponentKind,
    Direction,
    FigureDirection,
    FigureLinkKind,
    FlowKind,
    InteractionOp,
    Plane,
    kind_spec,
)

__all__ = [
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "Card",
    "Component",
    "Design",
    "Estimate",
    "FailureMode",
    "Figure",
    "FigureBlock",
    "FigureGroup",
    "FigureLink",
    "Flow",
    "Group",
    "Identifier",
    "Tradeoff",
    "View",
    "first_repeated_id",
    "group_depths",
    "group_members",
    "is_valid_id",
]

# Ids double as file stems and Graphviz node ids, so they stay plain snake_case.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
ID_MAX_LENGTH = 64
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
# Strict: a number, int or float; never a string ("30") nor a boolean (true).
Milliseconds = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]


# Line breaks YAML knows besides \n and \r: written raw, even quoted, they read back as a break.
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


class _YamlDumper(yaml.SafeDumper):
    """The safe dumper, writing a string that holds a line break YAML would fold in double
    quotes, where it is escaped (`\\N`, `\\L`, `\\P`) and reads back unchanged."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = '"' if any(mark in data for mark in _YAML_BREAKS) else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_YamlDumper.add_representer(str, _YamlDumper.represent_str)


def is_valid_id(text: str) -> bool:
    """Whether `text` may be an id: the one check behind every file name derived from an id."""
    # fullmatch, not match with ^...$: `$` also matches before a trailing newline.
    return len(text) <= ID_MAX_LENGTH and re.fullmatch(r"[a-z][a-z0-9_]*", text) is not None


class Strict(BaseModel):
    """Policy for every model: unknown fields are errors, values never change after validation."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        validate_default=True,
    )


class Component(Strict):
    """A box in the diagram: one service, store, pipeline or person."""

    id: Identifier
    """Unique within the design; snake_case."""
    kind: ComponentKind
    """What the component is; decides its icon, colour, default plane and the rules that apply."""
    label: Text = ""
    """Shown under the icon; defaults to the id in words."""
    plane: Plane | None = None
    """online, nearline or offline; defaults to the kind's plane."""
    latency_ms: Milliseconds | None = None
    """Time spent inside this component on one request."""
    tech: Text | None = None
    """A concrete technology (e.g. "Redis"), shown small under the label."""
    notes: Text | None = None
    """Free text for the reader; kept in exports and tooltips."""

    @model_validator(mode="after")
    def fill_defaults(self) -> Component:
        # Defaults are written into the model so exports are explicit and round-trip unchanged.
        if not self.label:
            object.__setattr__(self, "label", self.id.replace("_", " ").capitalize())
        if self.plane is None:
            object.__setattr__(self, "plane", kind_spec(self.kind).plane)
        return self

    @property
    def effective_plane(self) -> Plane:
        assert self.plane is not None  # filled by fill_defaults
        return self.plane


class Flow(Strict):
    """An arrow: data or calls moving from one component to another."""

    source: Identifier
    """Id of the component the flow leaves."""
    target: Identifier
    """Id of the component the flow enters."""
    kind: FlowKind = FlowKind.REQUEST
    """request, async, batch, deploy, observe or feedback."""
    label: Text | None = None
    """What moves, shown on the arrow."""
    latency_ms: Milliseconds | None = None
    """Network or queueing time spent on this hop of a request."""

    @property
    def ref(self) -> str:
        """How findings and messages name the flow."""
        return f"{self.source} -> {self.target}"

    @property
    def caption(self) -> str:
        """The flow's words on one line, for text formats: its label, then its hop latency."""
        latency = f"{self.latency_ms:g} ms" if self.latency_ms is not None else ""
        return f"{self.label or ''} {latency}".strip()


class Group(Strict):
    """A labelled box around components: a pipeline, a service tier, a plane."""

    id: Identifier
    """Unique among groups."""
    label: Text
    """Shown in the top-left corner of the box."""
    members: list[Identifier] = []
    """Ids of the components drawn inside this group (not those of nested groups)."""
    parent: Identifier | None = None
    """Id of the enclosing group, if nested."""


class View(Strict):
    """A part of the design drawn on its own, for a slide: what it shows expanded and what as
    one box each. Components that exchange flows with it are drawn as small stubs."""

    id: Identifier
    """Names the files: `<design id>.view-<id>.<format>`."""
    title: Text
    """Shown above the view, after the design's title."""
    include: list[Identifier] = []
    """Group or component ids drawn in full (a group with everything inside it)."""
    collapse: list[Identifier] = []
    """Group ids drawn as one box each."""


class Tradeoff(Strict):
    """A decision a candidate should be able to defend."""

    topic: Text
    options: list[Text] = []
    choice: Text = ""
    why: Text = ""


class FailureMode(Strict):
    """What breaks in production, how it shows and what limits the damage."""

    component: Text
    """The component that fails: its id or label."""
    failure: Text
    detection: Text = ""
    mitigation: Text = ""


class Estimate(Strict):
    """A back-of-the-envelope figure and the arithmetic that gives it."""

    quantity: Text
    """What is estimated, e.g. "QPS" or "Storage"."""
    value: Text
    """The figure, e.g. "~12k"."""
    arithmetic: Text = ""
    """How it follows from the stated scale, e.g. "1B requests/day / 86,400 s ≈ 11.6k"."""


class Card(Strict):
    """The 7-step study card: requirements to monitoring."""

    requirements: list[Text] = []
    inputs: list[Text] = []
    outputs: list[Text] = []
    ml_task: Text = ""
    data: list[Text] = []
    features: list[Text] = []
    model: list[Text] = []
    training: list[Text] = []
    offline_metrics: list[Text] = []
    online_metrics: list[Text] = []
    serving: list[Text] = []
    monitoring: list[Text] = []
    tradeoffs: list[Tradeoff] = []
    talking_points: list[Text] = []
    narration: Text = ""
    """Two or three sentences telling the design; generated from the graph when empty."""
    failure_modes: list[FailureMode] = []
    estimates: list[Estimate] = []


class FigureBlock(Strict):
    """One block of a model figure: a layer, a tower, an attention, a loss."""

    id: Identifier
    """Unique within the figure; snake_case."""
    kind: BlockKind
    """What the block is (embedding, mlp, attention, loss, ...); decides its outline and colour."""
    label: Text = ""
    """Shown in the block; defaults to the id in words."""
    shape: Text | None = None
    """The shape of the block's output, dimensions joined by ` x `, e.g. "B x 128"."""
    repeat: Annotated[int, Field(ge=1, le=1000, strict=True)] = 1
    """How many times the block is stacked (12 transformer layers): drawn as a stack, "x12"."""
    op: InteractionOp | None = None
    """For an interaction: dot, cosine, concat, add, multiply or cross (F120 checks shapes)."""
    frozen: bool = False
    """A pretrained part not trained here (drawn marked); kind `frozen` implies it."""
    notes: Text | None = None
    """Free text for the reader; kept in exports and tooltips."""

    @model_validator(mode="after")
    def fill_defaults(self) -> FigureBlock:
        if not self.label:
            object.__setattr__(self, "label", self.id.replace("_", " ").capitalize())
        if self.kind == "frozen":
            object.__setattr__(self, "frozen", True)
        return self


class FigureLink(Strict):
    """An arrow of a model figure: a tensor moving from one block to another."""

    source: Identifier
    """Id of the block the link leaves."""
    target: Identifier
    """Id of the block the link enters."""
    label: Text | None = None
    """What moves, shown on the arrow."""
    shape: Text | None = None
    """The tensor's shape on this link, e.g. "B x 128"; shown on the arrow."""
    kind: FigureLinkKind = "data"
    """data, condition (a prompt, a timestep), skip (a residual) or target (a label to a loss)."""
    recurrent: bool = False
    """The link goes back (an autoregressive loop, a recurrence): a cycle through it is meant."""

    @property
    def ref(self) -> str:
        return f"{self.source} -> {self.target}"


class FigureGroup(Strict):
    """A labelled box around blocks of a figure: a tower, an encoder, the part trained here."""

    id: Identifier
    """Unique within the figure, blocks' ids included."""
    label: Text
    """Shown in the top-left corner of the box."""
    members: list[Identifier] = []
    """Ids of the blocks drawn inside this group."""


class Figure(Strict):
    """A drawing of one model inside the design, as the book draws it: blocks, links, groups."""

    id: Identifier
    """Names the files: `<design id>.figure-<id>.<format>`."""
    title: Text
    """Shown above the figure."""
    component: Identifier | None = None
    """Id of the component whose model this figure draws (a model-hosting component)."""
    direction: FigureDirection = "BT"
    """BT (bottom to top, as layers stack) or LR (left to right)."""
    training: bool = False
    """A training figure: every head and output must reach a loss (F130)."""
    caption: Text = ""
    """What the figure shows and where the book draws it."""
    blocks: list[FigureBlock] = []
    links: list[FigureLink] = []
    groups: list[FigureGroup] = []

    def block(self, block_id: str) -> FigureBlock | None:
        """The block with this id, or None."""
        return next((b for b in self.blocks if b.id == block_id), None)


class Design(Strict):
    """A whole ML system design: what the CLI validates, renders and exports."""

    id: Identifier
    """snake_case; also the stem of every output file."""
    title: Text
    """Shown above the diagram."""
    summary: Text = ""
    """One paragraph on what the system does."""
    sla_ms: Milliseconds | None = None
    """End-to-end latency budget of the request path, if any."""
    direction: Direction = Direction.LR
    """LR (left to right) or TB (top to bottom)."""
    components: list[Component] = []
    flows: list[Flow] = []
    groups: list[Group] = []
    frames: list[list[Identifier]] = []
    """Build-up order for presenting: each frame lists the group or component ids it adds."""
    views: list[View] = []
    """Parts drawn on their own; they add to (or, by id, replace) the automatic views."""
    figures: list[Figure] = []
    """Drawings of the models inside the design: towers, heads, encoders, losses."""
    card: Card = Card()

    def component(self, component_id: str) -> Component | None:
        """The component with this id, or None."""
        return next((c for c in self.components if c.id == component_id), None)

    def to_dict(self) -> dict[str, Any]:
        """Plain data with the field names of the schema, for JSON or YAML; optional fields that
        are unset (None: no tech, notes, parent, latency or SLA) are left out, as loading gives
        them back."""
        return self.model_dump(mode="json", exclude_none=True)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_yaml(self) -> str:
        return yaml.dump(
            self.to_dict(), Dumper=_YamlDumper, sort_keys=False, allow_unicode=True, width=100
        )

    def owners(self) -> dict[str, str]:
        """The group each component is drawn in (components outside every group are absent)."""
        return {member: g.id for g in self.groups for member in g.members}


def first_repeated_id(designs: Sequence[Design]) -> str | None:
    """The first id two of these designs share (their files would overwrite each other)."""
    seen: set[str] = set()
    for design in designs:
        if design.id in seen:
            return design.id
        seen.add(design.id)
    return None


def group_depths(groups: Sequence[Group]) -> dict[str, int]:
    """How deep each group is nested: 0 at the top. A cycle (an error elsewhere) stops the walk."""
    parents = {g.id: g.parent for g in groups}
    depths: dict[str, int] = {}
    for group in groups:
        depth, current = 0, group.parent
        while current is not None and depth < len(groups):
            depth, current = depth + 1, parents.get(current)
        depths[group.id] = depth
    return depths


def group_members(groups: Sequence[Group]) -> dict[str, frozenset[str]]:
    """Each group's components, those of its nested groups included."""
    children: dict[str, list[str]] = {}
    for group in groups:
        if group.parent is not None:
            children.setdefault(group.parent, []).append(group.id)
    direct = {g.id: g.members for g in groups}

    def collect(group_id: str) -> frozenset[str]:
        # Iterative, so groups nested hundreds deep cannot overflow the stack; `seen` also
        # stops a group cycle (an error elsewhere) from looping here.
        found: set[str] = set()
        seen, pending = {group_id}, [group_id]
        while pending:
            current = pending.pop()
            found.update(direct.get(current, []))
            for child in children.get(current, []):
                if child not in seen:
                    seen.add(child)
                    pending.append(child)
        return frozenset(found)

    return {g.id: collect(g.id) for g in groups}
