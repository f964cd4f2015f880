"""The read-only graph every rule reads: adjacency built once per design, reachability, cycles."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from .._catalog import FlowKind, Plane, kinds_hosting_models, kinds_taking_deploys, slow_stores
from .._model import Component, Design, Flow

__all__ = [
    "ARTIFACT_FLOWS",
    "DATA_FLOWS",
    "DEPLOY_TARGETS",
    "MODEL_HOSTS",
    "MONITORS",
    "REQUEST",
    "SIGNAL_FLOWS",
    "SLOW_STORES",
    "Graph",
]

REQUEST = frozenset({FlowKind.REQUEST})
# Flows that carry data (events, tables, labels) rather than calls, artifacts or metrics.
DATA_FLOWS = frozenset({FlowKind.BATCH, FlowKind.ASYNC, FlowKind.FEEDBACK})
# Flows a trained model travels along on its way to where it serves.
ARTIFACT_FLOWS = frozenset({FlowKind.BATCH, FlowKind.DEPLOY})
# Flows that carry what a component does to monitoring: metrics directly, or logged events.
SIGNAL_FLOWS = frozenset({FlowKind.OBSERVE, FlowKind.ASYNC})
MODEL_HOSTS = kinds_hosting_models()
DEPLOY_TARGETS = kinds_taking_deploys()
SLOW_STORES = slow_stores()
MONITORS = frozenset({"monitoring", "drift_detector"})
ROUTE_HOPS = 8


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

    def of_kind(self, kinds: Collection[str]) -> list[str]:
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
        return self.of_kind({"client"})

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
