"""The Python authoring API of model figures: blocks, wired with `>>`, grouped, built into a
`Figure` of the design.

    fig = bp.figure("two_tower", "Two-tower model", component="retriever", training=True)
    with fig.group("user_side", "User tower"):
        user = fig.add("user_features", "input", "User features")
        user_tower = fig.add("user_tower", "mlp", "User tower", shape="B x 128", repeat=3)
    item = fig.add("item_tower", "mlp", "Item tower", shape="B x 128")
    score = fig.add("score", "interaction", "Dot product", op="dot", shape="B x B")
    loss = fig.add("loss", "loss", "Softmax cross-entropy (in-batch negatives)")
    user >> user_tower >> score
    item >> fig.link(shape="B x 128") >> score >> loss
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, overload

from .._catalog import (
    BLOCK_KINDS,
    FIGURE_LINK_KINDS,
    INTERACTION_OPS,
    BlockKind,
    FigureDirection,
    FigureLinkKind,
    InteractionOp,
)
from .._model import Figure, FigureBlock, FigureLink
from ._checks import _check_now, _choice

__all__ = ["BlockNode", "FigureBuilder", "FigureLinkSpec"]


@dataclass(frozen=True)
class FigureLinkSpec:
    """How the next `>>` between blocks connects: label, tensor shape, kind, recurrence."""

    label: str | None = None
    shape: str | None = None
    kind: FigureLinkKind = "data"
    recurrent: bool = False

    def __rrshift__(self, sources: Sequence[BlockNode]) -> _PendingLink:
        # [a, b] >> fig.link(...) >> c
        return _PendingLink(tuple(sources), self)


@dataclass(frozen=True)
class _PendingLink:
    """The left half of `a >> fig.link(...) >> b`."""

    sources: tuple[BlockNode, ...]
    spec: FigureLinkSpec

    def __rshift__(self, other: BlockNode | Sequence[BlockNode]) -> Any:
        targets = (other,) if isinstance(other, BlockNode) else tuple(other)
        for source in self.sources:
            for target in targets:
                source.figure.connect(source, target, self.spec)
        return other


class BlockNode:
    """A handle on a block declared in a figure; `>>` adds links between handles."""

    __slots__ = ("figure", "id")

    def __init__(self, figure: FigureBuilder, block_id: str) -> None:
        self.figure = figure
        self.id = block_id

    def __repr__(self) -> str:
        return f"BlockNode({self.id!r})"

    @overload
    def __rshift__(self, other: BlockNode) -> BlockNode: ...
    @overload
    def __rshift__(self, other: FigureLinkSpec) -> _PendingLink: ...
    @overload
    def __rshift__(self, other: Sequence[BlockNode]) -> Sequence[BlockNode]: ...

    def __rshift__(self, other: BlockNode | FigureLinkSpec | Sequence[BlockNode]) -> Any:
        if isinstance(other, FigureLinkSpec):
            return _PendingLink((self,), other)
        return _PendingLink((self,), FigureLinkSpec()) >> other

    def __rrshift__(self, other: Sequence[BlockNode]) -> BlockNode:
        # [a, b] >> c
        return _PendingLink(tuple(other), FigureLinkSpec()) >> self  # type: ignore[no-any-return]


class FigureBuilder:
    """Collects the blocks, links and groups of one figure; `Blueprint.figure` makes one."""

    def __init__(
        self,
        id: str,
        title: str,
        *,
        component: str | None = None,
        direction: FigureDirection = "BT",
        training: bool = False,
        caption: str = "",
        where: tuple[str | int, ...] = ("figures", 0),
    ) -> None:
        self.id = id
        self._head: dict[str, Any] = {
            "id": id,
            "title": title,
            "component": component,
            "direction": direction,
            "training": training,
            "caption": caption,
        }
        _check_now(Figure, self._head, where)
        self._where = where
        self._blocks: dict[str, dict[str, Any]] = {}
        self._links: list[FigureLink] = []
        self._groups: dict[str, dict[str, Any]] = {}
        self._open: list[str] = []

    def add(
        self,
        id: str,
        kind: BlockKind,
        label: str = "",
        *,
        shape: str | None = None,
        repeat: int = 1,
        op: InteractionOp | None = None,
        frozen: bool = False,
        notes: str | None = None,
    ) -> BlockNode:
        """Declare a block (inside any open `group`) and return its handle.

        `kind` is a block kind (`mlsd kinds --blocks` lists them); `shape` the output's shape
        ("B x 128"); `repeat` stacks the block ("x12"); `op` says what an interaction does.
        """
        if id in self._blocks:
            raise ValueError(f"block {id!r} is declared twice in figure {self.id!r}")
        _choice(str(kind), BLOCK_KINDS, "block kind")
        if op is not None:
            _choice(str(op), INTERACTION_OPS, "interaction op")
        fields = {"shape": shape, "op": op, "notes": notes}
        data: dict[str, Any] = {"id": id, "kind": kind, "label": label} | {
            name: value for name, value in fields.items() if value is not None
        }
        if repeat != 1:
            data["repeat"] = repeat
        if frozen:
            data["frozen"] = True
        _check_now(FigureBlock, data, (*self._where, "blocks", len(self._blocks)))
        self._blocks[id] = data
        if self._open:
            self._groups[self._open[-1]]["members"].append(id)
        return BlockNode(self, id)

    def block(self, id: str) -> BlockNode:
        """The handle of a block declared earlier."""
        if id not in self._blocks:
            known = ", ".join(sorted(self._blocks)) or "none yet"
            raise KeyError(f"no block {id!r} in figure {self.id!r} (known: {known})")
        return BlockNode(self, id)

    def link(
        self,
        label: str | None = None,
        *,
        shape: str | None = None,
        kind: FigureLinkKind = "data",
        recurrent: bool = False,
    ) -> FigureLinkSpec:
        """A link specification to put between blocks: `a >> fig.link(shape="B x 64") >> b`.

        `kind`: data, condition (a prompt or timestep), skip (a residual) or target (a label
        fed to a loss); `recurrent` marks a link that goes back (an autoregressive loop).
        """
        _choice(str(kind), FIGURE_LINK_KINDS, "figure link kind")
        return FigureLinkSpec(label, shape, kind, recurrent)

    def connect(self, source: BlockNode, target: BlockNode, spec: FigureLinkSpec) -> None:
        """Add one link; `>>` calls this."""
        self._links.append(
            FigureLink(
                source=source.id,
                target=target.id,
                label=spec.label,
                shape=spec.shape,
                kind=spec.kind,
                recurrent=spec.recurrent,
            )
        )

    @contextmanager
    def group(self, id: str, label: str) -> Iterator[None]:
        """Blocks added inside the block are drawn in one box (a tower, an encoder)."""
        if id in self._groups:
            raise ValueError(f"group {id!r} is declared twice in figure {self.id!r}")
        if self._open:
            raise ValueError(f"group {id!r}: figure groups do not nest (inside {self._open[-1]!r})")
        self._groups[id] = {"id": id, "label": label, "members": []}
        self._open.append(id)
        try:
            yield
        finally:
            self._open.pop()

    def build(self) -> Figure:
        """The `Figure`; raises pydantic's ValidationError if a field does not fit the schema."""
        return Figure.model_validate(
            self._head
            | {
                "blocks": list(self._blocks.values()),
                "links": list(self._links),
                "groups": list(self._groups.values()),
            }
        )
