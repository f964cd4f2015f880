"""The design model: components, flows, groups and the study card, as strict pydantic models."""

from __future__ import annotations

import ast
import json
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from ._catalog import ComponentKind, Direction, FlowKind, Plane, kind_spec

__all__ = [
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "Card",
    "Component",
    "Design",
    "Estimate",
    "FailureMode",
    "Flow",
    "Group",
    "Identifier",
    "Tradeoff",
    "View",
    "evaluate_formula",
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
    hosted: bool | None = None
    """True for a model a provider serves (e.g. a hosted LLM API): nothing here deploys it, so
    it needs no deploy path; it still needs monitoring."""

    @model_validator(mode="after")
    def fill_defaults(self) -> Component:
        # Defaults are written into the model so exports are explicit and round-trip unchanged.
        if not self.label:
            object.__setattr__(self, "label", self.id.replace("_", " ").capitalize())
        if self.plane is None:
            object.__setattr__(self, "plane", kind_spec(self.kind).plane)
        return self

    @model_validator(mode="after")
    def hosted_only_for_a_model(self) -> Component:
        if self.hosted and not kind_spec(self.kind).hosts_model:
            raise ValueError(
                f"component {self.id!r} is `hosted`, but a {self.kind} hosts no model: drop "
                "`hosted`, or give it a model-hosting kind (llm_service, model_serving, ...)"
            )
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


_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def evaluate_formula(formula: str, inputs: Mapping[str, float]) -> float:
    """The value of a small arithmetic expression over named inputs: numbers, names of
    `inputs`, + - * / ** and parentheses, nothing else (no calls, no attributes), so a design
    file can carry its arithmetic without running code. ValueError names what is wrong."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise ValueError(f"formula {formula!r} is not arithmetic") from None

    def value(node: ast.expr) -> float:
        constant = node.value if isinstance(node, ast.Constant) else None
        if isinstance(constant, int | float) and not isinstance(constant, bool):
            return float(constant)
        if isinstance(node, ast.Name):
            if node.id not in inputs:
                known = ", ".join(sorted(inputs)) or "none"
                raise ValueError(f"formula names {node.id!r}, which is not an input ({known})")
            return float(inputs[node.id])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner = value(node.operand)
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = value(node.left), value(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise ValueError(f"formula {formula!r} divides by zero")
            if isinstance(node.op, ast.Pow) and abs(right) > 64:
                raise ValueError(f"formula {formula!r} raises to a power above 64")
            try:
                answer = _BINARY[type(node.op)](left, right)
            except OverflowError:
                raise ValueError(f"formula {formula!r} gives no finite number") from None
            if not isinstance(answer, float):  # a negative base to a fractional power
                raise ValueError(f"formula {formula!r} gives no real number")
            return answer
        raise ValueError(
            f"formula {formula!r} may hold only numbers, input names, + - * / ** and parentheses"
        )

    result = value(tree.body)
    if not math.isfinite(result):
        raise ValueError(f"formula {formula!r} gives no finite number")
    return result


# A stated figure is rounded ("~12k" for 11,574): within this share of the formula it agrees.
ESTIMATE_TOLERANCE = 0.1


class Estimate(Strict):
    """A back-of-the-envelope figure and the arithmetic that gives it."""

    quantity: Text
    """What is estimated, e.g. "QPS" or "Storage"."""
    value: Text
    """The figure, e.g. "~12k"."""
    arithmetic: Text = ""
    """How it follows from the stated scale, e.g. "1B requests/day / 86,400 s ≈ 11.6k"."""
    inputs: dict[Identifier, Annotated[float, Field(allow_inf_nan=False)]] | None = None
    """The assumed scale as named numbers, e.g. {"requests_per_day": 1e9}."""
    formula: Text | None = None
    """The arithmetic over `inputs` (numbers, names, + - * / ** and parentheses), e.g.
    "requests_per_day / 86400"; checked against `result`."""
    result: Annotated[float, Field(allow_inf_nan=False)] | None = None
    """The figure as a number, in the unit of the formula; filled from the formula when unset,
    and must agree with it to within 10% when set."""

    @model_validator(mode="after")
    def formula_gives_result(self) -> Estimate:
        if self.formula is None:
            if self.inputs is not None:
                raise ValueError(f"estimate {self.quantity!r} has inputs but no formula over them")
            return self
        computed = evaluate_formula(self.formula, self.inputs or {})
        if self.result is None:
            object.__setattr__(self, "result", computed)
        elif abs(self.result - computed) > ESTIMATE_TOLERANCE * abs(computed):
            raise ValueError(
                f"estimate {self.quantity!r}: formula {self.formula!r} gives {computed:,.4g}, "
                f"but result is {self.result:,.4g}; correct the inputs, the formula or the result"
            )
        return self

    @property
    def working(self) -> str:
        """The arithmetic as a reader sees it: the written one, else the formula worked through
        with its inputs (e.g. "users * 2 / 86400, users = 1e+09: ≈ 2.315e+04")."""
        if self.arithmetic or self.formula is None:
            return self.arithmetic
        given = ", ".join(f"{name} = {number:,.6g}" for name, number in (self.inputs or {}).items())
        return f"{self.formula}{', ' + given if given else ''}: ≈ {self.result:,.4g}"


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
