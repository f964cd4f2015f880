"""Rules on the request path: no request cycles, online only, within the latency budget, served
components, fast stores and stated latencies (E110, E120, E121, W201, W220, W230, W231)."""

from __future__ import annotations

from collections.abc import Iterator

from .._catalog import FlowKind, Plane
from .._diagnostics import Severity
from ._graph import SLOW_STORES, Graph
from ._registry import Problem, named, rule

__all__: list[str] = []


def _ms(value: float) -> str:
    """`10.0` -> `10`, `2.50` -> `2.5`: figures as a reader writes them."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


@rule("E110", Severity.ERROR, "`request` flows form a cycle")
def request_flows_acyclic(graph: Graph) -> Iterator[Problem]:
    """One finding per knot of looping request flows, showing its shortest loop."""
    for cycle in graph.request_cycles:
        yield Problem(
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
def requests_stay_online(graph: Graph) -> Iterator[Problem]:
    """Reported where a client's request crosses into the offline plane; request flows that go
    on between offline components after it are the same mistake and are not repeated."""
    served = graph.served
    for cid in served:
        if graph.plane(cid) is Plane.OFFLINE:
            continue
        for flow in graph.out[cid]:
            if flow.kind is FlowKind.REQUEST and graph.plane(flow.target) is Plane.OFFLINE:
                yield Problem(
                    f"a client's request reaches offline {named(graph, flow.target)} "
                    f"over {graph.route(cid, served)} -> {flow.target}",
                    flow.ref,
                    f"serve from an online copy (cache, feature store, index) that a `batch` flow "
                    f"fills from `{flow.target}`, or make {flow.ref} an `async` or `batch` flow",
                )


@rule(
    "E121",
    Severity.ERROR,
    "the slowest request path from a client (component + flow latency_ms) exceeds `sla_ms`",
)
def latency_budget(graph: Graph) -> Iterator[Problem]:
    """The slowest path sums the latency_ms of every component and request flow on it. Skipped
    when request flows loop (E110 reports that) or the design sets no sla_ms."""
    sla = graph.design.sla_ms
    found = graph.slowest_request if sla is not None and not graph.request_cycles else None
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
            hops.append(cid if component.kind == "client" else f"{cid} ? ms")
    slowest = max(path, key=lambda cid: graph.own_latency(cid))
    yield Problem(
        f"the slowest request path takes {_ms(total)} ms, over sla_ms {_ms(sla)}: "
        f"{' '.join(hops)} = {_ms(total)} ms",
        slowest,
        f"`{slowest}` is the slowest step ({_ms(graph.own_latency(slowest))} ms): cache or "
        "precompute its work, take it off the request path with an `async` flow, or raise sla_ms",
    )


# --- models: E130, E131 --------------------------------------------------------------------------


@rule("W201", Severity.WARNING, "an online component not reachable from any client")
def online_is_served(graph: Graph) -> Iterator[Problem]:
    """Reachable over `request` flows; only for designs that have a client."""
    if not graph.clients:
        return
    served = graph.served
    for cid in graph.components:
        if cid not in served and graph.plane(cid) is Plane.ONLINE:
            yield Problem(
                f"`{cid}` is online, but no client's request reaches it",
                cid,
                f"call `{cid}` with a `request` flow from the serving path, or set its plane "
                "to `nearline` or `offline` if it does not answer requests",
            )


@rule("W220", Severity.WARNING, "a slow store is the target of a `request` flow")
def no_slow_store_on_request(graph: Graph) -> Iterator[Problem]:
    for cid in graph.of_kind(SLOW_STORES):
        for flow in graph.into[cid]:
            if flow.kind is FlowKind.REQUEST:
                kind = graph.components[cid].kind
                yield Problem(
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
def request_path_has_latencies(graph: Graph) -> Iterator[Problem]:
    """Clients are exempt: the budget runs from the moment a client calls."""
    sla = graph.design.sla_ms
    if sla is None:
        return
    for cid in graph.served:
        component = graph.components[cid]
        if component.latency_ms is None and component.kind != "client":
            yield Problem(
                f"`{cid}` is on a request path but has no latency_ms, so the sla_ms "
                f"{_ms(sla)} budget cannot be checked through it",
                cid,
                f"give `{cid}` a latency_ms: the time it spends on one request",
            )


@rule(
    "W231",
    Severity.WARNING,
    "`latency_ms` is set on an offline-plane component that is on no request path",
)
def offline_has_no_request_latency(graph: Graph) -> Iterator[Problem]:
    """latency_ms is the time a component spends on one request; an offline job that no
    request reaches has none, and the figure misleads a reader (and monitoring of it)."""
    served = graph.served
    for cid, component in graph.components.items():
        if (
            component.latency_ms is not None
            and graph.plane(cid) is Plane.OFFLINE
            and cid not in served
        ):
            yield Problem(
                f"`{cid}` is offline and on no request path, but has latency_ms "
                f"{_ms(component.latency_ms)}",
                cid,
                f"drop latency_ms from `{cid}` (describe its run time in notes), or call it "
                "with a `request` flow and give it an online plane if requests wait for it",
            )
