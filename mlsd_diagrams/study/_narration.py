"""A design told in two or three sentences, read off its graph: how a request is served, how the
model is trained and shipped, and how it is watched and fed back."""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable

from .._catalog import FlowKind, Plane, kinds_hosting_models
from .._model import Component, Design

__all__ = ["narrate"]

MODEL_KINDS = kinds_hosting_models() | {"batch_prediction"}
DATA_FLOWS = frozenset({FlowKind.BATCH, FlowKind.ASYNC, FlowKind.FEEDBACK})
ARTIFACT_FLOWS = frozenset({FlowKind.BATCH, FlowKind.DEPLOY})
MONITORS = frozenset({"monitoring", "drift_detector"})
PIPELINES = frozenset(
    {"batch_pipeline", "stream_processor", "feature_pipeline", "indexing_pipeline"}
)
MOST_NAMED = 3


class _Graph:
    def __init__(self, design: Design) -> None:
        self.components: dict[str, Component] = {}
        for component in design.components:
            self.components.setdefault(component.id, component)
        self.flows = [
            f for f in design.flows if f.source in self.components and f.target in self.components
        ]

    def of_kind(self, kinds: Collection[str]) -> list[str]:
        return [cid for cid, c in self.components.items() if c.kind in kinds]

    def label(self, cid: str) -> str:
        return self.components[cid].label

    def into(self, cid: str, kinds: Collection[FlowKind]) -> list[str]:
        return [f.source for f in self.flows if f.target == cid and f.kind in kinds]

    def out(self, cid: str, kinds: Collection[FlowKind]) -> list[str]:
        return [f.target for f in self.flows if f.source == cid and f.kind in kinds]

    def parents(self, starts: Iterable[str], kinds: Collection[FlowKind]) -> dict[str, str | None]:
        """Breadth-first reach over flows of `kinds`: each component with the one before it."""
        seen: dict[str, str | None] = dict.fromkeys(starts)
        queue = deque(seen)
        while queue:
            node = queue.popleft()
            for step in self.out(node, kinds):
                if step not in seen:
                    seen[step] = node
                    queue.append(step)
        return seen


def _names(labels: Iterable[str]) -> str:
    """`A`, `A and B`, `A, B and C`, `A, B, C and 2 more`."""
    items = list(dict.fromkeys(labels))
    if len(items) > MOST_NAMED + 1:
        items = [*items[:MOST_NAMED], f"{len(items) - MOST_NAMED} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _request_sentence(graph: _Graph) -> str | None:
    clients = graph.of_kind({"client"})
    if not clients:
        return None
    reached = graph.parents(clients, {FlowKind.REQUEST})
    hosts = [h for h in graph.of_kind(MODEL_KINDS) if h in reached]
    ends = hosts or [
        c for c in reached if c not in clients and not graph.out(c, {FlowKind.REQUEST})
    ]
    if not ends:
        return f"The {graph.label(clients[0])} sends no requests into the system."
    path = [ends[0]]
    while (before := reached[path[-1]]) is not None:
        path.append(before)
    client, *hops, end = reversed(path)
    through = f" through {_names(graph.label(h) for h in hops)}" if hops else ""
    sentence = f"A request from the {graph.label(client)} goes{through} to {graph.label(end)}"
    others = [h for h in hosts[1:]]
    if others:
        sentence += f", which works with {_names(graph.label(h) for h in others)}"
    offline = [h for h in graph.of_kind(MODEL_KINDS) if h not in reached]
    if not hosts and offline:
        sentence += f", which serves what {_names(graph.label(h) for h in offline)} computed ahead"
    return sentence + "."


def _training_sentence(graph: _Graph) -> str:
    trainers = graph.of_kind({"training_pipeline"})
    if not trainers:
        pipelines = graph.of_kind(PIPELINES)
        if pipelines:
            named = _names(graph.label(p) for p in pipelines)
            return f"No model is trained; {named} keep the served data up to date."
        return "No model is trained in this design."
    trainer = trainers[0]
    sources = graph.into(trainer, DATA_FLOWS)
    shipped = graph.parents([trainer], ARTIFACT_FLOWS)
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


def _watch_sentence(graph: _Graph) -> str | None:
    hosts = set(graph.of_kind(MODEL_KINDS))
    monitors = graph.of_kind(MONITORS)
    watched = [
        f.source
        for f in graph.flows
        if f.target in monitors and f.kind in (FlowKind.OBSERVE, FlowKind.ASYNC)
    ]
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
    graph = _Graph(design)
    sentences = [
        _request_sentence(graph) or f"{design.title} has no client; it runs as a pipeline.",
        _training_sentence(graph),
    ]
    watch = _watch_sentence(graph)
    if watch:
        sentences.append(watch)
    return " ".join(sentences)
