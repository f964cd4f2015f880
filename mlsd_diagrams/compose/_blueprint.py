"""The Python authoring API: declare components, wire them with `>>`, group them, build a `Design`.

    bp = Blueprint("demo", "Demo system", sla_ms=100)
    user = bp.add("user", "client", "User")
    api = bp.add("api", "api_gateway", "API gateway", latency_ms=5)
    with bp.group("serving", "Online serving"):
        model = bp.add("model", "model_serving", "Ranker", latency_ms=40)
    user >> api >> link(label="features + item ids") >> model
    bp.row(api, model)                                 # a layout hint: drawn on one line
    fig = bp.figure("ranker", "Ranking model", component="model")   # a model figure: see
    design = bp.build()                                              # compose._figure

Everything is local to the blueprint: there is no global context, and nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, overload

from .._catalog import ComponentKind, Direction, FigureDirection, FlowKind, FlowKindName, Plane
from .._model import Card, Component, DebtRow, Design, Flow, RubricPoint, View
from ._checks import _check_now, _choice
from ._figure import FigureBuilder

__all__ = ["Blueprint", "Link", "Node", "link"]


@dataclass(frozen=True)
class Link:
    """How the next `>>` connects: flow kind, label and hop latency."""

    kind: FlowKind = FlowKind.REQUEST
    label: str | None = None
    latency_ms: float | None = None

    def __rrshift__(self, sources: Sequence[Node]) -> _Pending:
        # [a, b] >> link(...) >> c
        return _Pending(tuple(sources), self)


def link(
    kind: FlowKind | FlowKindName = FlowKind.REQUEST,
    label: str | None = None,
    *,
    latency_ms: float | None = None,
) -> Link:
    """A flow specification to put between two nodes: `a >> link("batch", "logs") >> b`.

    A misspelt kind is a ValueError naming the nearest kinds: `link("bacth")`.
    """
    name = _choice(str(kind), [k.value for k in FlowKind], "flow kind")
    return Link(FlowKind(name), label, latency_ms)


def _id(node: Node | str) -> str:
    return node.id if isinstance(node, Node) else node


@dataclass(frozen=True)
class _Pending:
    """The left half of `a >> link(...) >> b`: sources waiting for their targets."""

    sources: tuple[Node, ...]
    spec: Link

    def __rshift__(self, other: Node | Sequence[Node]) -> Any:
        targets = (other,) if isinstance(other, Node) else tuple(other)
        for source in self.sources:
            for target in targets:
                source.blueprint.connect(source, target, self.spec)
        return other


class Node:
    """A handle on a component declared in a blueprint; `>>` adds flows between handles."""

    __slots__ = ("blueprint", "id")

    def __init__(self, blueprint: Blueprint, component_id: str) -> None:
        self.blueprint = blueprint
        self.id = component_id

    def __repr__(self) -> str:
        return f"Node({self.id!r})"

    @overload
    def __rshift__(self, other: Node) -> Node: ...
    @overload
    def __rshift__(self, other: Link) -> _Pending: ...
    @overload
    def __rshift__(self, other: Sequence[Node]) -> Sequence[Node]: ...

    def __rshift__(self, other: Node | Link | Sequence[Node]) -> Any:
        if isinstance(other, Link):
            return _Pending((self,), other)
        return _Pending((self,), Link()) >> other

    def __rrshift__(self, other: Sequence[Node]) -> Node:
        # [a, b] >> c
        return _Pending(tuple(other), Link()) >> self  # type: ignore[no-any-return]

    def to(
        self,
        target: Node | Sequence[Node],
        kind: FlowKind | FlowKindName = FlowKind.REQUEST,
        label: str | None = None,
        *,
        latency_ms: float | None = None,
    ) -> Any:
        """The long form of `>>`: `a.to(b, "async", "click events")`."""
        return _Pending((self,), link(kind, label, latency_ms=latency_ms)) >> target


class Blueprint:
    """Collects components, flows and groups, then builds one validated `Design`."""

    def __init__(
        self,
        id: str,
        title: str,
        *,
        summary: str = "",
        sla_ms: float | None = None,
        direction: Direction | Literal["LR", "TB"] = Direction.LR,
    ) -> None:
        self.id = id
        self.title = title
        self.summary = summary
        self.sla_ms = sla_ms
        self.direction = Direction(direction)
        self.card = Card()
        self.rubric: list[RubricPoint | dict[str, Any]] = []
        """The points an interviewer listens for: `RubricPoint`s, or dicts of their fields."""
        self.relatives: list[str] = []
        self.frames: list[list[str]] = []
        self.views: list[View] = []
        self.compare_with: list[str] = []
        self.debt: list[DebtRow] = []
        self.rows: list[list[str]] = []
        """Layout hints: components drawn on one line across the reading direction (`row`)."""
        self._components: dict[str, dict[str, Any]] = {}
        self._flows: list[Flow] = []
        self._groups: dict[str, dict[str, Any]] = {}
        self._open_groups: list[str] = []
        self._figures: dict[str, FigureBuilder] = {}

    def figure(
        self,
        id: str,
        title: str,
        *,
        component: str | None = None,
        direction: FigureDirection = "BT",
        training: bool = False,
        caption: str = "",
    ) -> FigureBuilder:
        """Start a model figure of the design: `fig.add(...)` its blocks, `>>` its links.

        `component` names the component whose model it draws; `direction` is BT (layers stack
        upwards, as the books draw them) or LR; a `training` figure must reach a loss.
        """
        if id in self._figures:
            raise ValueError(f"figure {id!r} is declared twice in blueprint {self.id!r}")
        where = ("figures", len(self._figures))
        self._figures[id] = FigureBuilder(
            id,
            title,
            component=component,
            direction=direction,
            training=training,
            caption=caption,
            where=where,
        )
        return self._figures[id]

    def add(
        self,
        id: str,
        kind: ComponentKind,
        label: str = "",
        *,
        plane: Plane | Literal["online", "nearline", "offline"] | None = None,
        latency_ms: float | None = None,
        tech: str | None = None,
        notes: str | None = None,
        hosted: bool | None = None,
        url: str | None = None,
        icon: str | None = None,
        rank: int | None = None,
    ) -> Node:
        """Declare a component (inside any open `group`) and return its handle.

        `kind` is one of the catalog's kinds (`mlsd kinds` lists them); a misspelt one is a
        ValueError naming the nearest kinds, and a type checker flags it at the call.
        `hosted=True` marks a model a provider serves (a hosted LLM API): it needs no deploy.
        `rank` is a layout hint: the column (left to right) or row (top to bottom) it is
        drawn at, 0 the first.
        """
        if id in self._components:
            raise ValueError(f"component {id!r} is declared twice in blueprint {self.id!r}")
        fields = {
            "plane": plane,
            "latency_ms": latency_ms,
            "tech": tech,
            "notes": notes,
            "hosted": hosted,
            "url": url,
            "icon": icon,
            "rank": rank,
        }
        data = {"id": id, "kind": kind, "label": label} | {
            name: value for name, value in fields.items() if value is not None
        }
        _check_now(Component, data, ("components", len(self._components)))
        self._components[id] = data
        if self._open_groups:
            self._groups[self._open_groups[-1]]["members"].append(id)
        return Node(self, id)

    def node(self, id: str) -> Node:
        """The handle of a component (or group) declared earlier, e.g. by a building block."""
        if id not in self._components and id not in self._groups:
            known = ", ".join(sorted(self._components)) or "none yet"
            raise KeyError(f"no component {id!r} in blueprint {self.id!r} (known: {known})")
        return Node(self, id)

    def has(self, id: str) -> bool:
        return id in self._components

    def connect(self, source: Node, target: Node, spec: Link | None = None) -> None:
        """Add one flow; `>>` calls this."""
        spec = spec or Link()
        self._flows.append(
            Flow(
                source=source.id,
                target=target.id,
                kind=spec.kind,
                label=spec.label,
                latency_ms=spec.latency_ms,
            )
        )

    def row(self, *nodes: Node | str) -> None:
        """A layout hint: these components are drawn on one line across the reading direction
        (one column left to right, one row top to bottom)."""
        self.rows.append([_id(n) for n in nodes])

    @contextmanager
    def group(self, id: str, label: str, *, order: Sequence[Node | str] = ()) -> Iterator[Node]:
        """Components added inside the block are drawn in one box; groups nest. The block's
        handle (`with bp.group(...) as serving:`) ends flows at the group's box:
        `serving >> link("observe") >> monitor`. `order` is a layout hint: the group's
        components (handles or ids, declared in the block or before) in the order they are
        drawn along the reading direction."""
        if id in self._groups:
            raise ValueError(f"group {id!r} is declared twice in blueprint {self.id!r}")
        parent = self._open_groups[-1] if self._open_groups else None
        self._groups[id] = {"id": id, "label": label, "members": [], "parent": parent}
        if order:
            self._groups[id]["order"] = [_id(n) for n in order]
        self._open_groups.append(id)
        try:
            yield Node(self, id)
        finally:
            self._open_groups.pop()

    def build(self) -> Design:
        """The `Design`; raises pydantic's ValidationError if a field does not fit the schema."""
        # Validated as one document, so a misfit is named by its path (`components[3].kind`).
        return Design.model_validate(
            {
                "id": self.id,
                "title": self.title,
                "summary": self.summary,
                "sla_ms": self.sla_ms,
                "direction": self.direction,
                "components": list(self._components.values()),
                "flows": list(self._flows),
                "groups": list(self._groups.values()),
                "frames": self.frames,
                "rows": self.rows,
                "views": self.views,
                "figures": [f.build() for f in self._figures.values()],
                "card": self.card,
                "rubric": self.rubric,
                "relatives": self.relatives,
                "compare_with": self.compare_with,
                "debt": self.debt,
            }
        )
