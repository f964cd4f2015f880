"""The design model: components, flows, groups, model figures and the study card, as strict
pydantic models."""

from __future__ import annotations

import ast
import json
import math
import operator
import re
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from ._catalog import (
    ARTIFACT_FLOWS,
    CATALOG,
    DATA_FLOWS,
    SIGNAL_FLOWS,
    BlockKind,
    ComponentKind,
    Direction,
    FigureDirection,
    FigureLinkKind,
    FlowKind,
    InteractionOp,
    Plane,
    kind_spec,
    kinds_hosting_models,
    model_sources,
    monitor_kinds,
)

__all__ = [
    "ID_MAX_LENGTH",
    "ID_PATTERN",
    "Card",
    "Component",
    "DebtRow",
    "Design",
    "DesignGraph",
    "Estimate",
    "Evidence",
    "FailureMode",
    "Figure",
    "FigureBlock",
    "FigureGroup",
    "FigureLink",
    "Flow",
    "Group",
    "Identifier",
    "RubricPoint",
    "Tradeoff",
    "View",
    "design_schema",
    "evaluate_formula",
    "first_repeated_id",
    "flow_ends",
    "group_depths",
    "group_members",
    "is_icon_file",
    "is_safe_link",
    "is_valid_id",
    "owners",
]

# Ids double as file stems and Graphviz node ids, so they stay plain snake_case.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"
ID_MAX_LENGTH = 64
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Text = Annotated[str, StringConstraints(max_length=10_000)]
# Strict: a number, int or float; never a string ("30") nor a boolean (true).
Milliseconds = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]


_LINK_SCHEMES = ("https", "http", "mailto")


def is_safe_link(text: str) -> str:
    """The link, when it is one a drawing may carry: a web or mail address, or a relative path
    or #anchor; never `javascript:` or `data:`, which would run or hide content in a page."""
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
    if scheme and scheme.group(1).lower() not in _LINK_SCHEMES:
        raise ValueError(
            f"{scheme.group(1)}: links are not allowed; use an https://, http:// or mailto: "
            "address, or a relative path"
        )
    if not text.strip() or any(
        ch.isspace() or ch in '\\<>"' or not ch.isprintable() for ch in text
    ):
        raise ValueError("a link holds no spaces, quotes, angle brackets or backslashes")
    return text


Link = Annotated[str, StringConstraints(max_length=2000), AfterValidator(is_safe_link)]


def is_icon_file(text: str) -> str:
    """The path, when it names a PNG file (not a web address): icons are embedded from disk."""
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", text):
        raise ValueError("an icon is a file path, not an address; download it beside the design")
    if text.lower().endswith(".svg"):
        # Graphviz here has no SVG image loader, so an SVG icon could not be drawn into the
        # PNG, PDF and slides: said now, with the conversion, rather than missing from them.
        raise ValueError(
            "SVG icons cannot be drawn into PNG, PDF and slides; convert it to PNG, e.g. "
            "`rsvg-convert -w 256 icon.svg -o icon.png`"
        )
    if not text.lower().endswith(".png") or "\x00" in text:
        raise ValueError("an icon is a .png file")
    return text


IconFile = Annotated[str, StringConstraints(max_length=1000), AfterValidator(is_icon_file)]


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
    url: Link | None = None
    """A page about the component (its runbook, dashboard or docs): https://, http:// or
    mailto:, or a path relative to where the drawing is shown; the component links to it."""
    icon: IconFile | None = None
    """A PNG of your own drawn instead of the kind's icon: a path relative to the design file
    (or absolute); embedded in every output like the built-in icons."""
    rank: Annotated[int, Field(ge=0, le=100, strict=True)] | None = None
    """Layout hint: the step of the reading direction the component is drawn at, 0 the first:
    its column when the drawing reads left to right, its row when it reads top to bottom (a
    view counts from its first hinted component). A rank that cannot be met is a warning."""

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
    """Id of the component the flow leaves, or of a group: the flow leaves the group's box and
    stands for a flow from each of its components."""
    target: Identifier
    """Id of the component the flow enters, or of a group: the flow enters the group's box and
    stands for a flow into each of its components."""
    kind: FlowKind = FlowKind.REQUEST
    """request, async, batch, deploy, observe or feedback."""
    label: Text | None = None
    """What moves, shown on the arrow."""
    latency_ms: Milliseconds | None = None
    """Network or queueing time spent on this hop of a request."""

    _declared: str | None = PrivateAttr(default=None)
    """For a flow between members standing for a flow to or from a group: the group flow's ref."""

    @property
    def ref(self) -> str:
        """How findings and messages name the flow: as the design writes it."""
        return self._declared or f"{self.source} -> {self.target}"

    def between(self, source: str, target: str) -> Flow:
        """This flow between two components, standing for it where it names a group: how the
        design graph reads a flow to or from a group (one such flow per member)."""
        if (source, target) == (self.source, self.target):
            return self
        copy = self.model_copy(update={"source": source, "target": target})
        copy._declared = self.ref
        return copy

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
    order: list[Identifier] = []
    """Layout hint: components of this group (nested ones' included) in the order they are
    drawn along the reading direction, each a step after the one before: left to right, or
    top to bottom. An order that cannot be met is a warning."""


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
    """What is decided, e.g. "Online vs batch prediction"."""
    options: list[Text] = []
    """The alternatives weighed."""
    choice: Text = ""
    """The option taken."""
    why: Text = ""
    """The reason for it."""


class FailureMode(Strict):
    """What breaks in production, how it shows and what limits the damage."""

    component: Text
    """The component that fails: its id or label."""
    failure: Text
    """What goes wrong."""
    detection: Text = ""
    """How it is noticed."""
    mitigation: Text = ""
    """What limits the damage."""


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
    """Step 1: the business goal, scale and constraints to clarify first."""
    inputs: list[Text] = []
    """Step 2: what the system is given (a query, a user, an image)."""
    outputs: list[Text] = []
    """Step 2: what it returns."""
    ml_task: Text = ""
    """Step 2: the ML task the problem becomes (classification, ranking, retrieval, ...)."""
    data: list[Text] = []
    """Step 3: the data sources and how labels are obtained."""
    features: list[Text] = []
    """Step 3: the features and how they are computed."""
    model: list[Text] = []
    """Step 4: the model, from a baseline up."""
    training: list[Text] = []
    """Step 4: how and how often the model is trained."""
    offline_metrics: list[Text] = []
    """Step 5: metrics measured before deployment."""
    online_metrics: list[Text] = []
    """Step 5: metrics measured in production (A/B tests)."""
    serving: list[Text] = []
    """Step 6: how predictions are served."""
    monitoring: list[Text] = []
    """Step 7: what is watched once it runs."""
    tradeoffs: list[Tradeoff] = []
    """Decisions to defend, each with its options, choice and reason."""
    talking_points: list[Text] = []
    """What to say out loud in an interview."""
    narration: Text = ""
    """Two or three sentences telling the design; generated from the graph when empty."""
    failure_modes: list[FailureMode] = []
    """What breaks in production, how it shows and what limits the damage."""
    estimates: list[Estimate] = []
    """Back-of-the-envelope figures with their arithmetic."""


class DebtRow(Strict):
    """A cost of running the design that its graph cannot show (money, people), as declared;
    `mlsd compare` lists it beside the rows computed from the graph."""

    id: Identifier
    """Names the row; designs compared side by side share a row when their ids match."""
    label: Text
    """The row's heading, e.g. "Engineers to maintain"."""
    value: Text
    """The figure as written, e.g. "~2x" or "2 code bases"."""
    better: Literal["lower", "higher"] | None = None
    """Which way the figure is better, if the row has a direction."""


# `source_kind -> target_kind`, or with the flow's kind: `human_reviewer -feedback-> labeling`.
_FLOW_EVIDENCE = re.compile(r"([a-z_]+) -(?:([a-z]+)-)?> ([a-z_]+)")


class Evidence(Strict):
    """What shows a rubric point in an answer. Each list that is given must be satisfied, and a
    list is satisfied by any one of its entries."""

    kinds: list[ComponentKind] = []
    """Component kinds, one of which the answer has (an equivalent kind counts)."""
    flows: list[Text] = []
    """Flows between kinds, one of which the answer has: `feature_store -> ranking_service`, or
    with the flow's kind, `human_reviewer -feedback-> labeling`."""
    words: list[Text] = []
    """Phrases, one of which the answer writes (its card, summary, labels or notes); a phrase is
    found when all its words are in one item, word endings aside (`per-class thresholds` is
    found in "a threshold per class")."""

    @field_validator("flows")
    @classmethod
    def flows_name_kinds(cls, flows: list[str]) -> list[str]:
        for text in flows:
            match = _FLOW_EVIDENCE.fullmatch(text)
            if match is None:
                raise ValueError(
                    f"flow evidence {text!r} is not `source_kind -> target_kind` "
                    "(or `source_kind -flow_kind-> target_kind`)"
                )
            source, kind, target = match.groups()
            for name in (source, target):
                if name not in CATALOG:
                    raise ValueError(f"flow evidence {text!r} names {name!r}, not a kind")
            if kind is not None and kind not in FlowKind.__members__.values():
                choices = ", ".join(k.value for k in FlowKind)
                raise ValueError(f"flow evidence {text!r}: {kind!r} is not a flow kind ({choices})")
        return flows

    @model_validator(mode="after")
    def names_something(self) -> Evidence:
        if not (self.kinds or self.flows or self.words):
            raise ValueError("evidence needs at least one of kinds, flows or words")
        return self


class RubricPoint(Strict):
    """A point an interviewer listens for in this problem, and what shows it in an answer."""

    point: Text
    """The point in a few words, e.g. "One classification head per harm"."""
    evidence: Evidence
    """What in an answer shows the point: component kinds, flows between kinds, or phrases."""


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
    """The figure's blocks: layers, towers, attention, heads, losses."""
    links: list[FigureLink] = []
    """The arrows between blocks: the tensors that move, with their shapes."""
    groups: list[FigureGroup] = []
    """Labelled boxes around blocks (a tower, an encoder, the part trained here)."""

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
    """The boxes: services, stores, pipelines and people."""
    flows: list[Flow] = []
    """The arrows between components."""
    groups: list[Group] = []
    """Labelled boxes around components, possibly nested."""
    frames: list[list[Identifier]] = []
    """Build-up order for presenting: each frame lists the group or component ids it adds."""
    rows: list[list[Identifier]] = []
    """Layout hint: each list holds components drawn on one line across the reading direction,
    at one step of it: one column when the drawing reads left to right, one row when it reads
    top to bottom. A row that cannot be met is a warning."""
    views: list[View] = []
    """Parts drawn on their own; they add to (or, by id, replace) the automatic views."""
    figures: list[Figure] = []
    """Drawings of the models inside the design: towers, heads, encoders, losses."""
    card: Card = Card()
    """The 7-step study card."""
    rubric: list[RubricPoint] = []
    """The points an interviewer listens for in this problem; `mlsd grade` checks them."""
    relatives: list[Identifier] = []
    """Ids of designs of a related problem (Lambda and Kappa), graded as near answers."""
    compare_with: list[Identifier] = []
    """Ids of designs to set beside this one in a trade-off matrix (`mlsd compare`), shown on
    its card and explorer page; the designs the books contrast it with."""
    debt: list[DebtRow] = []
    """Declared operational costs (money, people) that the compare matrix shows as written."""

    @model_validator(mode="after")
    def compare_with_others(self) -> Design:
        if self.id in self.compare_with:
            raise ValueError(f"compare_with names the design itself (`{self.id}`); name others")
        ids = [row.id for row in self.debt]
        repeated = next((i for i in ids if ids.count(i) > 1), None)
        if repeated is not None:
            raise ValueError(f"two debt rows share the id `{repeated}`; give each its own id")
        return self

    _folder: Path | None = PrivateAttr(default=None)
    """Where the design file is, for its own icons' relative paths (set by `load`)."""

    def __eq__(self, other: object) -> bool:
        # Two designs with the same fields are equal wherever their files are: the folder
        # their icons are read from is not part of what they say.
        if not isinstance(other, Design):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in type(self).model_fields)

    __hash__ = None  # type: ignore[assignment]  # lists inside: unhashable, as before

    def with_folder(self, folder: Path | None) -> Design:
        """This design, reading its own icons' relative paths from `folder`."""
        copy = self.model_copy()
        copy._folder = folder
        return copy

    def icon_file(self, component: Component) -> Path | None:
        """The file of a component's own icon (relative paths from the design's folder, or
        the current one), or None when it has none."""
        if component.icon is None:
            return None
        path = Path(component.icon)
        return path if path.is_absolute() else (self._folder or Path.cwd()) / path

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
        return owners((g.id, g.members) for g in self.groups)


def owners(boxes: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Member id -> the id of the box (group, cluster) that lists it; the first box listing a
    member keeps it (a member listed twice is E104's business)."""
    found: dict[str, str] = {}
    for box, members in boxes:
        for member in members:
            found.setdefault(member, box)
    return found


SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def design_schema() -> dict[str, Any]:
    """The JSON Schema of a design document (JSON or YAML), field descriptions included, for
    editors to complete and check design files as they are typed."""
    schema = Design.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, "$id": "mlsd-design.schema.json", **schema}


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


def flow_ends(design: Design) -> dict[str, tuple[str, ...]]:
    """What each id a flow's end may name stands for, in declaration order: a component for
    itself, a group for every component inside it (nested groups' included). A component's id
    wins over a group's of the same name; an id missing here names neither (E102)."""
    ids = list(dict.fromkeys(c.id for c in design.components))
    ends = {
        group: tuple(cid for cid in ids if cid in members)
        for group, members in group_members(design.groups).items()
    }
    return ends | {cid: (cid,) for cid in ids}


ROUTE_HOPS = 8


@dataclass(frozen=True, eq=False)
class DesignGraph:
    """A design's graph, built once and read by the rules, the grader, the narrator and the
    writers: adjacency, reach over flows of chosen kinds, owners, request paths and the life of
    its models (shipped, watched, fed back). Every question is O(V + E).

    Only well-formed flows are indexed: both ends exist and differ (E102 and E103 report the
    others). When two components share an id (E101), the first declaration stands for it.

    A flow to or from a group stands for its members: it is indexed as one flow (`Flow.between`)
    from each component of its source to each component of its target, nested groups' included,
    so reach, request paths, deploys and monitoring see through the group's box; its `ref` stays
    the declared one, so findings name the flow as written. A flow whose two ends share a
    component (a group to one of its own members, or to itself) is not indexed (E103).
    """

    design: Design
    components: dict[str, Component]
    flows: list[Flow]
    """The well-formed flows, in the order the design lists them."""
    out: dict[str, list[Flow]]
    into: dict[str, list[Flow]]

    @classmethod
    def of(cls, design: Design) -> DesignGraph:
        components: dict[str, Component] = {}
        for component in design.components:
            components.setdefault(component.id, component)
        out: dict[str, list[Flow]] = {cid: [] for cid in components}
        into: dict[str, list[Flow]] = {cid: [] for cid in components}
        flows = []
        ends = flow_ends(design)
        for flow in design.flows:
            sources, targets = ends.get(flow.source, ()), ends.get(flow.target, ())
            if set(sources) & set(targets):
                continue
            for source in sources:
                for target in targets:
                    member_flow = flow.between(source, target)
                    flows.append(member_flow)
                    out[source].append(member_flow)
                    into[target].append(member_flow)
        return cls(design, components, flows, out, into)

    def of_kind(self, kinds: Collection[str]) -> list[str]:
        """Ids of the components of these kinds, in declaration order."""
        return [cid for cid, c in self.components.items() if c.kind in kinds]

    def plane(self, component_id: str) -> Plane:
        return self.components[component_id].effective_plane

    def label(self, component_id: str) -> str:
        return self.components[component_id].label

    def reach(
        self, starts: Iterable[str], kinds: Collection[FlowKind], *, backward: bool = False
    ) -> dict[str, Flow | None]:
        """Components reachable from `starts` over flows of `kinds` (against them if `backward`),
        each with the flow that first reached it (None for a start); breadth-first, so the
        recorded route to each is a shortest one."""
        edges = self.into if backward else self.out
        seen: dict[str, Flow | None] = {start: None for start in starts if start in edges}
        queue = deque(seen)
        while queue:
            for flow in edges[queue.popleft()]:
                if flow.kind in kinds:
                    step = flow.source if backward else flow.target
                    if step not in seen:
                        seen[step] = flow
                        queue.append(step)
        return seen

    @cached_property
    def owners(self) -> dict[str, str]:
        """The group each component is drawn in (components outside every group are absent)."""
        return self.design.owners()

    @cached_property
    def clients(self) -> list[str]:
        return self.of_kind({"client"})

    @cached_property
    def served(self) -> dict[str, Flow | None]:
        """Components a client's request reaches over `request` flows, whatever their plane."""
        return self.reach(self.clients, {FlowKind.REQUEST})

    @cached_property
    def slowest_request(self) -> tuple[float, list[str], dict[str, Flow]] | None:
        """The largest latency sum over request paths from the clients, the path, and the flow
        that leads into each of its components; None when the request flows loop.

        A longest path in a DAG: components are taken in topological order (Kahn), each
        keeping the best sum over its incoming request flows. Missing figures count as zero."""
        served = self.served
        waiting = dict.fromkeys(served, 0)
        for cid in served:
            for flow in self.out[cid]:
                if flow.kind is FlowKind.REQUEST:
                    waiting[flow.target] += 1
        best: dict[str, float] = {cid: self.own_latency(cid) for cid in self.clients}
        via: dict[str, Flow] = {}
        ready = deque(cid for cid, count in waiting.items() if count == 0)
        done = 0
        while ready:
            node = ready.popleft()
            done += 1
            for flow in self.out[node]:
                if flow.kind is not FlowKind.REQUEST:
                    continue
                total = best[node] + (flow.latency_ms or 0.0) + self.own_latency(flow.target)
                if flow.target not in best or total > best[flow.target]:
                    best[flow.target] = total
                    via[flow.target] = flow
                waiting[flow.target] -= 1
                if waiting[flow.target] == 0:
                    ready.append(flow.target)
        if done < len(served) or not best:
            return None
        end = max(best, key=best.__getitem__)
        path = [end]
        while path[-1] in via:
            path.append(via[path[-1]].source)
        return best[end], path[::-1], via

    def own_latency(self, component_id: str) -> float:
        """The time a request spends inside a component; a missing figure counts as zero."""
        return self.components[component_id].latency_ms or 0.0

    @cached_property
    def shipped(self) -> dict[str, Flow | None]:
        """What a trained model can travel to from a training pipeline or a model registry over
        `batch` and `deploy` flows (e.g. trainer -batch-> object storage -deploy-> serving)."""
        return self.reach(self.of_kind(model_sources()), ARTIFACT_FLOWS)

    def deployed(self, component_id: str) -> bool:
        """A `deploy` flow brings the component a model from training or a registry."""
        return any(
            f.kind is FlowKind.DEPLOY and f.source in self.shipped for f in self.into[component_id]
        )

    @cached_property
    def watched(self) -> dict[str, Flow | None]:
        """Components a monitor or drift detector observes, over `observe` flows or `async`
        ones through a log it reads (host -async-> log -observe-> monitor)."""
        return self.reach(self.of_kind(monitor_kinds()), SIGNAL_FLOWS, backward=True)

    def fed(self, component_id: str) -> bool:
        """Data (batch, async or feedback) flows into the component."""
        return any(f.kind in DATA_FLOWS for f in self.into[component_id])

    @cached_property
    def has_feedback_loop(self) -> bool:
        """A `feedback` flow leaving a component that is not offline (a client, a service, a
        log) whose data reaches a training_pipeline over data flows."""
        feeds = self.reach(self.of_kind({"training_pipeline"}), DATA_FLOWS, backward=True)
        return any(
            flow.kind is FlowKind.FEEDBACK and self.plane(flow.source) is not Plane.OFFLINE
            for cid in feeds
            for flow in self.into[cid]
        )

    @cached_property
    def serving_side(self) -> list[str]:
        """The clients, or else the model hosts that are not offline."""
        return self.clients or [
            h for h in self.of_kind(kinds_hosting_models()) if self.plane(h) is not Plane.OFFLINE
        ]

    @cached_property
    def request_cycles(self) -> list[list[str]]:
        """One cycle (`[a, b, a]`) per knot of components whose `request` flows loop."""
        order = {cid: i for i, cid in enumerate(self.components)}
        cycles = []
        for knot in _strongly_connected(self.components, self._request_targets):
            start = min(knot, key=order.__getitem__)
            cycles.append(self._cycle_through(start, set(knot)))
        return sorted(cycles, key=lambda cycle: order[cycle[0]])

    def _request_targets(self, component_id: str) -> Iterator[str]:
        return (f.target for f in self.out[component_id] if f.kind is FlowKind.REQUEST)

    def _cycle_through(self, start: str, knot: set[str]) -> list[str]:
        """The shortest loop of request flows from `start` back to it, inside its knot."""
        came_from: dict[str, str] = {start: start}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for step in self._request_targets(node):
                if step == start:
                    loop = [start, node]
                    while loop[-1] != start:
                        loop.append(came_from[loop[-1]])
                    return loop[::-1]
                if step in knot and step not in came_from:
                    came_from[step] = node
                    queue.append(step)
        return [start, start]  # unreachable: a knot always loops back to each member

    def path_to(self, component_id: str, reached: dict[str, Flow | None]) -> list[str]:
        """The ids from a start of `reached` to the component, along the flows that reached it."""
        path = [component_id]
        flow = reached.get(component_id)
        while flow is not None:
            path.append(flow.source)
            flow = reached.get(flow.source)
        return path[::-1]

    def route(self, component_id: str, reached: dict[str, Flow | None]) -> str:
        """`user -> api -> model`: how a reach found a component (its last hops only)."""
        hops = [component_id]
        flow = reached.get(component_id)
        while flow is not None and len(hops) <= ROUTE_HOPS:
            hops.append(flow.source)
            flow = reached.get(flow.source)
        prefix = "... -> " if flow is not None else ""
        return prefix + " -> ".join(reversed(hops))


def _strongly_connected(
    nodes: Iterable[str], successors: Callable[[str], Iterator[str]]
) -> list[list[str]]:
    """Tarjan's strongly connected components of two or more nodes, without recursion so that
    long chains cannot overflow the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, successors(root))]
        while work:
            node, pending = work[-1]
            descended = False
            for step in pending:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, successors(step)))
                    descended = True
                    break
                if step in on_stack:
                    low[node] = min(low[node], index[step])
            if descended:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                knot: list[str] = []
                while not knot or knot[-1] != node:
                    knot.append(stack.pop())
                    on_stack.discard(knot[-1])
                if len(knot) > 1:
                    knots.append(knot)
    return knots
