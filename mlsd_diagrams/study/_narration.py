"""A design told in two or three sentences, read off its graph: how a request is served, how the
model is trained and shipped, and how it is watched and fed back."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from .._catalog import (
    ARTIFACT_FLOWS,
    DATA_FLOWS,
    SIGNAL_FLOWS,
    FlowKind,
    Plane,
    kinds_running_models,
    monitor_kinds,
    refreshing_pipelines,
)
from .._model import Design, DesignGraph

__all__ = ["narrate"]

MOST_NAMED = 3


def _sources(graph: DesignGraph, cid: str, kinds: Collection[FlowKind]) -> list[str]:
    return [f.source for f in graph.into[cid] if f.kind in kinds]


def _has_requests_out(graph: DesignGraph, cid: str) -> bool:
    return any(f.kind is FlowKind.REQUEST for f in graph.out[cid])


def _names(labels: Iterable[str]) -> str:
    """`A`, `A and B`, `A, B and C`, `A, B, C and 2 more`."""
    items = list(dict.fromkeys(labels))
    if len(items) > MOST_NAMED + 1:
        items = [*items[:MOST_NAMED], f"{len(items) - MOST_NAMED} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _request_sentence(graph: DesignGraph) -> str | None:
    clients = graph.clients
    if not clients:
        return None
    reached = graph.served
    models = graph.of_kind(kinds_running_models())
    hosts = [h for h in models if h in reached]
    ends = hosts or [
        c for c, via in reached.items() if via is not None and not _has_requests_out(graph, c)
    ]
    if not ends:
        return f"The {graph.label(clients[0])} sends no requests into the system."
    client, *hops, end = graph.path_to(ends[0], reached)
    through = f" through {_names(graph.label(h) for h in hops)}" if hops else ""
    sentence = f"A request from the {graph.label(client)} goes{through} to {graph.label(end)}"
    others = [h for h in hosts[1:]]
    if others:
        sentence += f", which works with {_names(graph.label(h) for h in others)}"
    offline = [h for h in models if h not in reached]
    if not hosts and offline:
        sentence += f", which serves what {_names(graph.label(h) for h in offline)} computed ahead"
    return sentence + "."


def _training_sentence(graph: DesignGraph) -> str:
    trainers = graph.of_kind({"training_pipeline"})
    if not trainers:
        pipelines = graph.of_kind(refreshing_pipelines())
        if pipelines:
            named = _names(graph.label(p) for p in pipelines)
            return f"No model is trained; {named} keep the served data up to date."
        return "No model is trained in this design."
    trainer = trainers[0]
    sources = _sources(graph, trainer, DATA_FLOWS)
    shipped = graph.reach([trainer], ARTIFACT_FLOWS)
    registries = [r for r in graph.of_kind({"model_registry"}) if r in shipped]
    targets = [t for f in graph.flows if f.kind is FlowKind.DEPLOY and f.source in shipped
               for t in [f.target]]  # fmt: skip
    sentence = f"{graph.label(trainer)} learns"
    if sources:
        sentence += f" from {_names(graph.label(s) for s in sources)}"
    if registries:
        sentence += f" and hands its models to {graph.label(registries[0])}"
    if targets:
        sentence += f", which deploys them to {_names(graph.label(t) for t in targets)}"
    return sentence + "."


def _watch_sentence(graph: DesignGraph) -> str | None:
    hosts = set(graph.of_kind(kinds_running_models()))
    monitors = graph.of_kind(monitor_kinds())
    watching = set(monitors)
    watched = [f.source for f in graph.flows if f.target in watching and f.kind in SIGNAL_FLOWS]
    watched_hosts = [w for w in watched if w in hosts] or watched
    feedback = [
        f
        for f in graph.flows
        if f.kind is FlowKind.FEEDBACK
        and graph.components[f.source].effective_plane is not Plane.OFFLINE
    ]
    parts = []
    if monitors and watched_hosts:
        parts.append(
            f"{graph.label(monitors[0])} watches {_names(graph.label(w) for w in watched_hosts)}"
        )
    if feedback:
        sources = _names(graph.label(f.source) for f in feedback)
        targets = _names(graph.label(f.target) for f in feedback)
        parts.append(f"feedback from {sources} flows back into {targets}")
    if not parts:
        return None
    text = ", and ".join(parts)
    return text[0].upper() + text[1:] + "."


def narrate(design: Design) -> str:
    """Two or three sentences: the request path, the training loop, then monitoring and feedback
    (when the design has them)."""
    graph = DesignGraph.of(design)
    sentences = [
        _request_sentence(graph) or f"{design.title} has no client; it runs as a pipeline.",
        _training_sentence(graph),
    ]
    watch = _watch_sentence(graph)
    if watch:
        sentences.append(watch)
    return " ".join(sentences)
