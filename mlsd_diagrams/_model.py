"""The design model: components, flows, groups and the study card, as strict pydantic models."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

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
    ComponentKind,
    Direction,
    FlowKind,
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
    "Design",
    "DesignGraph",
    "Estimate",
    "Evidence",
    "FailureMode",
    "Flow",
    "Group",
    "Identifier",
    "RubricPoint",
    "Tradeoff",
    "View",
    "design_schema",
    "first_repeated_id",
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
    url: Link | None = None
    """A page about the component (its runbook, dashboard or docs): https://, http:// or
    mailto:, or a path relative to where the drawing is shown; the component links to it."""
    icon: IconFile | None = None
    """A PNG of your own drawn instead of the kind's icon: a path relative to the design file
    (or absolute); embedded in every output like the built-in icons."""

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
    views: list[View] = []
    """Parts drawn on their own; they add to (or, by id, replace) the automatic views."""
    card: Card = Card()
    """The 7-step study card."""
    rubric: list[RubricPoint] = []
    """The points an interviewer listens for in this problem; `mlsd grade` checks them."""
    relatives: list[Identifier] = []
    """Ids of designs of a related problem (Lambda and Kappa), graded as near answers."""
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


ROUTE_HOPS = 8


@dataclass(frozen=True, eq=False)
class DesignGraph:
    """A design's graph, built once and read by the rules, the grader, the narrator and the
    writers: adjacency, reach over flows of chosen kinds, owners, request paths and the life of
    its models (shipped, watched, fed back). Every question is O(V + E).

    Only well-formed flows are indexed: both ends exist and differ (E102 and E103 report the
    others). When two components share an id (E101), the first declaration stands for it.
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
        for flow in design.flows:
            if flow.source != flow.target and flow.source in components and flow.target in out:
                flows.append(flow)
                out[flow.source].append(flow)
                into[flow.target].append(flow)
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
