"""Validation: one small pure function per rule code, a registry of them, and `validate()`."""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .catalog import kinds_hosting_models, slow_stores
from .errors import InvalidDesignError
from .model import (
    ID_MAX_LENGTH,
    Card,
    Component,
    ComponentKind,
    Design,
    Direction,
    Flow,
    FlowKind,
    Group,
    Plane,
    Tradeoff,
)

__all__ = [
    "RULES",
    "Finding",
    "Graph",
    "Locate",
    "Rule",
    "Severity",
    "errors",
    "require_valid",
    "schema_findings",
    "validate",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Finding(BaseModel):
    """One thing a rule found: what, where, and how to fix it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    message: str
    subject: str | None = None
    """The component id, flow (`a -> b`), group id or field path the finding is about."""
    hint: str = ""
    line: int | None = None
    """The line of the source file the finding points at, where one is known (E100)."""


# --- the graph view every rule reads -------------------------------------------------------------

K = ComponentKind
REQUEST = frozenset({FlowKind.REQUEST})
# Flows that carry data (events, tables, labels) rather than calls, artifacts or metrics.
DATA_FLOWS = frozenset({FlowKind.BATCH, FlowKind.ASYNC, FlowKind.FEEDBACK})
# Flows a trained model travels along on its way to where it serves.
ARTIFACT_FLOWS = frozenset({FlowKind.BATCH, FlowKind.DEPLOY})
# Flows that carry what a component does to monitoring: metrics directly, or logged events.
SIGNAL_FLOWS = frozenset({FlowKind.OBSERVE, FlowKind.ASYNC})
MODEL_HOSTS = kinds_hosting_models()
SLOW_STORES = slow_stores()
MONITORS = frozenset({K.MONITORING, K.DRIFT_DETECTOR})
ROUTE_HOPS = 8
SPELL_CANDIDATES = 100
SPELL_SEARCHES = 50
SPELL_LENGTH_SLACK = 3


@dataclass(frozen=True, eq=False)
class Graph:
    """A design's adjacency, built once per `validate()` so that every rule is O(V + E).

    Only well-formed flows are indexed: both ends exist and differ (E102 and E103 report the
    others). When two components share an id (E101), the first declaration stands for it.
    """

    design: Design
    components: dict[str, Component]
    out: dict[str, list[Flow]]
    into: dict[str, list[Flow]]

    @classmethod
    def of(cls, design: Design) -> Graph:
        components: dict[str, Component] = {}
        for component in design.components:
            components.setdefault(component.id, component)
        out: dict[str, list[Flow]] = {cid: [] for cid in components}
        into: dict[str, list[Flow]] = {cid: [] for cid in components}
        for flow in design.flows:
            if flow.source != flow.target and flow.source in components and flow.target in out:
                out[flow.source].append(flow)
                into[flow.target].append(flow)
        return cls(design, components, out, into)

    def of_kind(self, kinds: Collection[ComponentKind]) -> list[str]:
        """Ids of the components of these kinds, in declaration order."""
        return [cid for cid, c in self.components.items() if c.kind in kinds]

    def plane(self, component_id: str) -> Plane:
        return self.components[component_id].effective_plane

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
    def clients(self) -> list[str]:
        return self.of_kind({K.CLIENT})

    @cached_property
    def served(self) -> dict[str, Flow | None]:
        """Components a client's request reaches over `request` flows, whatever their plane."""
        return self.reach(self.clients, REQUEST)

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


# --- the registry --------------------------------------------------------------------------------

RuleCheck = Callable[[Graph], Iterable[Finding]]


class Rule(BaseModel):
    """A registered rule: its code, severity, one-line summary and check."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    code: str
    severity: Severity
    summary: str
    check: RuleCheck


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, summary: str) -> Callable[[RuleCheck], RuleCheck]:
    """Register a check under its code; the summary is what `mlsd rules` and the docs show."""

    def register(check: RuleCheck) -> RuleCheck:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code=code, severity=severity, summary=summary, check=check)
        return check

    return register


def validate(design: Design) -> list[Finding]:
    """Every finding of every rule, errors first, in a stable order."""
    graph = Graph.of(design)
    findings = [f for r in RULES.values() for f in r.check(graph)]
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return sorted(findings, key=lambda f: (order[f.severity], f.code, f.subject or "", f.message))


def errors(findings: Iterable[Finding], *, strict: bool = False) -> list[Finding]:
    """The findings that make a design invalid: errors, and warnings too when strict."""
    return [f for f in findings if strict or f.severity is Severity.ERROR]


def require_valid(design: Design) -> None:
    """Raise InvalidDesignError, with every error finding, unless the design is valid."""
    problems = errors(validate(design))
    if problems:
        raise InvalidDesignError(f"design `{design.id}`", problems)


def _named(graph: Graph, component_id: str) -> str:
    """`ranker` (ranking_service), or just `ranking_service` when the id says the kind."""
    kind = graph.components[component_id].kind.value
    return f"`{component_id}`" if kind == component_id else f"`{component_id}` ({kind})"


def _finding(code: str, message: str, subject: str | None, hint: str) -> Finding:
    """A finding of a registered rule, with the severity the rule was registered under."""
    severity = RULES[code].severity
    return Finding(code=code, severity=severity, message=message, subject=subject, hint=hint)


# --- E100: the document does not fit the schema -------------------------------------------------

Locate = Callable[[tuple[int | str, ...]], int | None]
"""Maps a field path (pydantic's `loc`) to its line in the source file, or None."""

_CHOICES: dict[str, list[str]] = {
    "plane": [p.value for p in Plane],
    "direction": [d.value for d in Direction],
}


def field_path(loc: Iterable[int | str]) -> str:
    """`("components", 3, "kind")` -> `components[3].kind`."""
    path = ""
    for part in loc:
        if isinstance(part, str) and not part.isprintable():
            # A key with a line break or a terminal escape is quoted, so a finding stays one line.
            path += f"[{part!r}]"
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def _choices(field: str, loc: tuple[int | str, ...]) -> tuple[str, list[str]]:
    """What the field names, and the values it may take."""
    if field == "kind":
        if "flows" in loc:
            return "flow kind", [k.value for k in FlowKind]
        return "component kind", [k.value for k in ComponentKind]
    return field, _CHOICES.get(field, [])


_NESTED: dict[str, type[BaseModel]] = {
    "components": Component,
    "flows": Flow,
    "groups": Group,
    "card": Card,
    "tradeoffs": Tradeoff,
}


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel]:
    """The model whose field `loc` names: `components[2].colour` -> Component."""
    model: type[BaseModel] = Design
    for part in loc[:-1]:
        if isinstance(part, str):
            model = _NESTED.get(part, model)
    return model


def _suggest(value: Any, choices: list[str]) -> str:
    if not isinstance(value, str) or not choices:
        return ""
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    return "use one of: " + ", ".join(choices)


def _snake_case(value: Any) -> str:
    """The nearest valid id to a bad one: `Ranker-1` -> `ranker_1`."""
    text = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in str(value).lower())
    text = "_".join(part for part in text.split("_") if part).lstrip("0123456789_")
    return text[:ID_MAX_LENGTH]


def schema_findings(error: ValidationError, locate: Locate | None = None) -> list[Finding]:
    """E100 findings from pydantic's error, each naming the field path and the bad value;
    `locate` maps a field path to its line in the source file, where one is known."""
    findings = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = field_path(loc)
        value = item.get("input")
        field = str(loc[-1]) if loc else ""
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        if item["type"] == "extra_forbidden":
            message = f"{path}: unknown field"
            fields = list(_model_at(loc).model_fields)
            close = difflib.get_close_matches(field, fields, n=1)
            known = (
                f"did you mean `{close[0]}`?" if close else "the fields are " + ", ".join(fields)
            )
            hint = f"remove it, or fix its spelling: {known}"
        elif item["type"] == "missing":
            message = f"{path}: required field is missing"
            hint = f"add `{field}`"
        elif item["type"] == "enum":
            what, choices = _choices(field, loc)
            message = f"{path}: unknown {what} {shown[:80]}"
            hint = _suggest(value, choices)
        elif item["type"] == "string_pattern_mismatch" and isinstance(value, str):
            message = f"{path}: {shown[:80]} is not a valid id"
            better = _snake_case(value)
            example = f", e.g. `{better}`" if better else ""
            hint = f"use snake_case: a lower-case letter, then letters, digits or _{example}"
        else:
            message = f"{path}: {item['msg'].rstrip('.')} (got {shown[:80]})"
            hint = "fix the value to fit the schema"
        findings.append(
            Finding(
                code="E100",
                severity=Severity.ERROR,
                message=message,
                subject=path,
                hint=hint,
                line=locate(loc) if locate else None,
            )
        )
    return findings


@rule(
    "E100",
    Severity.ERROR,
    "the document does not fit the schema (bad type, unknown field, unknown kind)",
)
def fits_schema(graph: Graph) -> Iterator[Finding]:
    """A `Design` object fits the schema by construction: pydantic checked it when it was built,
    and the loader turns the misfits of a file into E100 findings with `schema_findings`.
    Registered so that the rule table is whole."""
    return iter(())


# --- structure: E101-E104 ------------------------------------------------------------------------


def _duplicates(ids: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            yield item
        seen.add(item)


def _speller(names: Iterable[str]) -> Callable[[str], str | None]:
    """A function giving the known name nearest a misspelt one, or None.

    Typos seldom change the first letter or the length by much, so each search compares at
    most SPELL_CANDIDATES names of the same initial and the nearest lengths, and only the first
    SPELL_SEARCHES misspelt names get a suggestion: a generated design of thousands of ids with
    thousands of dangling ones is still checked in well under a second.
    """
    buckets: dict[tuple[str, int], list[str]] = {}
    for name in names:
        buckets.setdefault((name[:1], len(name)), []).append(name)
    memo: dict[str, str | None] = {}

    def nearest(name: str) -> str | None:
        if name not in memo and len(memo) < SPELL_SEARCHES:
            pool: list[str] = []
            for delta in range(SPELL_LENGTH_SLACK + 1):
                for length in {len(name) - delta, len(name) + delta}:
                    pool += buckets.get((name[:1], length), [])
                if len(pool) >= SPELL_CANDIDATES:
                    break
            close = difflib.get_close_matches(name, pool[:SPELL_CANDIDATES], n=1)
            memo[name] = close[0] if close else None
        return memo.get(name)

    return nearest


@rule("E101", Severity.ERROR, "two components share an id")
def unique_component_ids(graph: Graph) -> Iterator[Finding]:
    design = graph.design
    for dup in dict.fromkeys(_duplicates(c.id for c in design.components)):
        yield _finding(
            "E101",
            f"component id `{dup}` is used more than once",
            dup,
            "give each component its own id",
        )
    for dup in dict.fromkeys(_duplicates(g.id for g in design.groups)):
        yield _finding(
            "E101", f"group id `{dup}` is used more than once", dup, "give each group its own id"
        )


@rule("E102", Severity.ERROR, "a flow or group names a component that does not exist")
def references_exist(graph: Graph) -> Iterator[Finding]:
    design = graph.design
    known = set(graph.components)
    groups = {g.id for g in design.groups}
    nearest = _speller(dict.fromkeys([*graph.components, *(g.id for g in design.groups)]))

    def unknown(name: str, where: str, subject: str) -> Finding:
        close = nearest(name)
        hint = f"did you mean `{close}`?" if close else "declare the component first"
        message = f"{where} names `{name}`, which is not a component of this design"
        return _finding("E102", message, subject, hint)

    for flow in design.flows:
        for end in (flow.source, flow.target):
            if end not in known:
                yield unknown(end, f"flow {flow.ref}", flow.ref)
    for group in design.groups:
        for member in group.members:
            if member not in known:
                yield unknown(member, f"group `{group.id}`", group.id)
        if group.parent is not None and group.parent not in groups:
            yield _finding(
                "E102",
                f"group `{group.id}` names parent `{group.parent}`, which is not a group",
                group.id,
                "declare the parent group, or drop `parent`",
            )
    for index, frame in enumerate(design.frames):
        for name in frame:
            if name not in known and name not in groups:
                yield unknown(name, f"frames[{index}]", f"frames[{index}]")


@rule("E103", Severity.ERROR, "a flow from a component to itself")
def no_self_flows(graph: Graph) -> Iterator[Finding]:
    for flow in graph.design.flows:
        if flow.source == flow.target:
            yield _finding(
                "E103",
                f"flow {flow.ref} goes from `{flow.source}` to itself",
                flow.ref,
                "remove it, or describe the internal step in the component's notes",
            )


@rule("E104", Severity.ERROR, "a component is a member of two sibling groups, or a group cycle")
def groups_nest(graph: Graph) -> Iterator[Finding]:
    groups = graph.design.groups
    parent = {g.id: g.parent for g in groups}
    # Each group has one parent, so one walk per group, never repeating a group, finds every
    # loop: a walk that meets its own path has closed one.
    walked: set[str] = set()
    for group in groups:
        path: dict[str, None] = {}
        current: str | None = group.id
        while current is not None and current in parent and current not in walked:
            walked.add(current)
            path[current] = None
            current = parent[current]
        if current is not None and current in path:
            loop = [*list(path)[list(path).index(current) :], current]
            yield _finding(
                "E104",
                "groups are nested inside themselves: " + " in ".join(f"`{g}`" for g in loop),
                current,
                "break the cycle of `parent` links",
            )
    owner: dict[str, str] = {}
    for group in groups:
        for member in group.members:
            if member in owner and owner[member] != group.id:
                yield _finding(
                    "E104",
                    f"component `{member}` is in both group `{owner[member]}` "
                    f"and group `{group.id}`",
                    member,
                    "list it in one group only; nest groups with `parent` instead",
                )
            owner.setdefault(member, group.id)


# --- the request path: E110-E121 -----------------------------------------------------------------


def _ms(value: float) -> str:
    """`10.0` -> `10`, `2.50` -> `2.5`: figures as a reader writes them."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


@rule("E110", Severity.ERROR, "`request` flows form a cycle")
def request_flows_acyclic(graph: Graph) -> Iterator[Finding]:
    """One finding per knot of looping request flows, showing its shortest loop."""
    for cycle in graph.request_cycles:
        yield _finding(
            "E110",
            "request flows form a cycle: " + " -> ".join(cycle),
            cycle[0],
            "a `request` flow already implies its response, so a call back up the path is a "
            "loop: make it an `async` or `feedback` flow, or remove it",
        )


@rule(
    "E120",
    Severity.ERROR,
    "a `request` flow reachable from a client enters an offline-plane component",
)
def requests_stay_online(graph: Graph) -> Iterator[Finding]:
    """Reported where a client's request crosses into the offline plane; request flows that go
    on between offline components after it are the same mistake and are not repeated."""
    served = graph.served
    for cid in served:
        if graph.plane(cid) is Plane.OFFLINE:
            continue
        for flow in graph.out[cid]:
            if flow.kind is FlowKind.REQUEST and graph.plane(flow.target) is Plane.OFFLINE:
                yield _finding(
                    "E120",
                    f"a client's request reaches offline {_named(graph, flow.target)} "
                    f"over {graph.route(cid, served)} -> {flow.target}",
                    flow.ref,
                    f"serve from an online copy (cache, feature store, index) that a `batch` flow "
                    f"fills from `{flow.target}`, or make {flow.ref} an `async` or `batch` flow",
                )


def _slowest_path(graph: Graph) -> tuple[float, list[str], dict[str, Flow]] | None:
    """The largest latency sum over request paths from the clients, the path, and the flow
    that leads into each of its components; None when the request flows loop.

    A longest path in a DAG: components are taken in topological order (Kahn), each keeping
    the best sum over its incoming request flows. Missing figures count as zero."""
    served = graph.served
    waiting = dict.fromkeys(served, 0)
    for cid in served:
        for flow in graph.out[cid]:
            if flow.kind is FlowKind.REQUEST:
                waiting[flow.target] += 1
    best: dict[str, float] = {cid: _own(graph, cid) for cid in graph.clients}
    via: dict[str, Flow] = {}
    ready = deque(cid for cid, count in waiting.items() if count == 0)
    done = 0
    while ready:
        node = ready.popleft()
        done += 1
        for flow in graph.out[node]:
            if flow.kind is not FlowKind.REQUEST:
                continue
            total = best[node] + (flow.latency_ms or 0.0) + _own(graph, flow.target)
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


def _own(graph: Graph, component_id: str) -> float:
    return graph.components[component_id].latency_ms or 0.0


@rule(
    "E121",
    Severity.ERROR,
    "the slowest request path from a client (component + flow latency_ms) exceeds `sla_ms`",
)
def latency_budget(graph: Graph) -> Iterator[Finding]:
    """The slowest path sums the latency_ms of every component and request flow on it. Skipped
    when request flows loop (E110 reports that) or the design sets no sla_ms."""
    sla = graph.design.sla_ms
    found = _slowest_path(graph) if sla is not None and not graph.request_cycles else None
    if sla is None or found is None or found[0] <= sla:
        return
    total, path, via = found
    hops = []
    for cid in path:
        hop = via.get(cid)
        if hop is not None:
            hops.append("->" if hop.latency_ms is None else f"-[{_ms(hop.latency_ms)} ms]->")
        component = graph.components[cid]
        if component.latency_ms is not None:
            hops.append(f"{cid} {_ms(component.latency_ms)} ms")
        else:  # a client's own time is optional (see W230); anything else is unknown
            hops.append(cid if component.kind is K.CLIENT else f"{cid} ? ms")
    slowest = max(path, key=lambda cid: _own(graph, cid))
    yield _finding(
        "E121",
        f"the slowest request path takes {_ms(total)} ms, over sla_ms {_ms(sla)}: "
        f"{' '.join(hops)} = {_ms(total)} ms",
        slowest,
        f"`{slowest}` is the slowest step ({_ms(_own(graph, slowest))} ms): cache or precompute "
        "its work, take it off the request path with an `async` flow, or raise sla_ms",
    )


# --- models: E130, E131 --------------------------------------------------------------------------


@rule(
    "E130",
    Severity.ERROR,
    "a model-hosting component has no `deploy` path from a `training_pipeline` or `model_registry`",
)
def models_are_deployed(graph: Graph) -> Iterator[Finding]:
    """A model host needs a `deploy` flow into it whose source is a training_pipeline or
    model_registry, or is reached from one over `batch` and `deploy` flows (the route a trained
    artifact takes, e.g. trainer -batch-> object storage -deploy-> serving)."""
    hosts = graph.of_kind(MODEL_HOSTS)
    if not hosts:
        return
    # Registries first: the hint names one, and a registry is where serving takes models from.
    origins = graph.of_kind({K.MODEL_REGISTRY}) + graph.of_kind({K.TRAINING_PIPELINE})
    shipped = graph.reach(origins, ARTIFACT_FLOWS)
    for host in hosts:
        if any(f.kind is FlowKind.DEPLOY and f.source in shipped for f in graph.into[host]):
            continue
        source = f"`{origins[0]}`" if origins else "a model_registry (or training_pipeline)"
        yield _finding(
            "E130",
            f"{_named(graph, host)} serves a model, but no `deploy` flow brings it one from a "
            "training_pipeline or model_registry",
            host,
            f"add a `deploy` flow from {source} to `{host}`",
        )


@rule("E131", Severity.ERROR, "a `training_pipeline` has no incoming data flow")
def training_has_data(graph: Graph) -> Iterator[Finding]:
    for trainer in graph.of_kind({K.TRAINING_PIPELINE}):
        if not any(f.kind in DATA_FLOWS for f in graph.into[trainer]):
            yield _finding(
                "E131",
                f"training pipeline `{trainer}` has no incoming data flow to train on",
                trainer,
                f"add a `batch` flow into `{trainer}` from where its training data lives "
                "(data lake, feature store, labeling)",
            )


# --- warnings: W200-W230 -------------------------------------------------------------------------


@rule("W200", Severity.WARNING, "a component with no flows")
def components_connected(graph: Graph) -> Iterator[Finding]:
    linked = {end for f in graph.design.flows for end in (f.source, f.target)}
    for cid in graph.components:
        if cid not in linked:
            yield _finding(
                "W200",
                f"`{cid}` has no flows in or out",
                cid,
                f"connect `{cid}` to the components it talks to, or remove it",
            )


@rule("W201", Severity.WARNING, "an online component not reachable from any client")
def online_is_served(graph: Graph) -> Iterator[Finding]:
    """Reachable over `request` flows; only for designs that have a client."""
    if not graph.clients:
        return
    served = graph.served
    for cid in graph.components:
        if cid not in served and graph.plane(cid) is Plane.ONLINE:
            yield _finding(
                "W201",
                f"`{cid}` is online, but no client's request reaches it",
                cid,
                f"call `{cid}` with a `request` flow from the serving path, or set its plane "
                "to `nearline` or `offline` if it does not answer requests",
            )


@rule(
    "W210", Severity.WARNING, "no `monitoring`/`drift_detector` observes a model-hosting component"
)
def models_are_monitored(graph: Graph) -> Iterator[Finding]:
    """Observed: a monitoring or drift_detector component is reached from the host over
    `observe` flows, or `async` ones through a log it reads (host -async-> log -observe-> monitor).
    """
    hosts = graph.of_kind(MODEL_HOSTS)
    if not hosts:
        return
    monitors = graph.of_kind(MONITORS)
    observed = graph.reach(monitors, SIGNAL_FLOWS, backward=True)
    for host in hosts:
        if host not in observed:
            target = f"`{monitors[0]}`" if monitors else "a `monitoring` or `drift_detector`"
            yield _finding(
                "W210",
                f"nothing monitors the model in `{host}`: no monitoring or drift detector "
                "observes it",
                host,
                f"add an `observe` flow from `{host}` to {target}",
            )


@rule("W211", Severity.WARNING, "no feedback path from the serving side back to training")
def feedback_reaches_training(graph: Graph) -> Iterator[Finding]:
    """Some `feedback` flow leaves a component that is not offline (a client, a service, a log)
    and its data reaches a training_pipeline over data flows (batch, async, feedback). Only for
    designs with a training_pipeline and a serving side (a client or an online model host)."""
    trainers = graph.of_kind({K.TRAINING_PIPELINE})
    serving = graph.clients or [
        h for h in graph.of_kind(MODEL_HOSTS) if graph.plane(h) is not Plane.OFFLINE
    ]
    if not trainers or not serving:
        return
    feeds_training = graph.reach(trainers, DATA_FLOWS, backward=True)
    for cid in feeds_training:
        for flow in graph.into[cid]:
            if flow.kind is FlowKind.FEEDBACK and graph.plane(flow.source) is not Plane.OFFLINE:
                return
    yield _finding(
        "W211",
        f"no feedback path leads from the serving side back to `{trainers[0]}`, so the model "
        "never learns from its own predictions",
        trainers[0],
        f"log user interactions or labels with a `feedback` flow from `{serving[0]}` to the data "
        f"`{trainers[0]}` trains on",
    )


@rule("W220", Severity.WARNING, "a slow store is the target of a `request` flow")
def no_slow_store_on_request(graph: Graph) -> Iterator[Finding]:
    for cid in graph.of_kind(SLOW_STORES):
        for flow in graph.into[cid]:
            if flow.kind is FlowKind.REQUEST:
                kind = graph.components[cid].kind.value
                yield _finding(
                    "W220",
                    f"request flow {flow.ref} reads a slow store (`{cid}` is a {kind})",
                    flow.ref,
                    f"request a cache, an online feature store or an index filled from `{cid}` "
                    "instead",
                )


@rule(
    "W230",
    Severity.WARNING,
    "`sla_ms` is set but a component on a request path has no `latency_ms`",
)
def request_path_has_latencies(graph: Graph) -> Iterator[Finding]:
    """Clients are exempt: the budget runs from the moment a client calls."""
    sla = graph.design.sla_ms
    if sla is None:
        return
    for cid in graph.served:
        component = graph.components[cid]
        if component.latency_ms is None and component.kind is not K.CLIENT:
            yield _finding(
                "W230",
                f"`{cid}` is on a request path but has no latency_ms, so the sla_ms "
                f"{_ms(sla)} budget cannot be checked through it",
                cid,
                f"give `{cid}` a latency_ms: the time it spends on one request",
            )
