"""A drawing's layout hints, as plain data: the ranks, rows and orders a design asks for, kept
for the components a scene shows."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from ..._model import Design

__all__ = ["Hints", "design_hints"]


@dataclass(frozen=True)
class Hints:
    """Where a design asks its components to be drawn, along the reading direction (the
    axis Graphviz ranks along: x when the drawing reads left to right, y top to bottom)."""

    ranks: tuple[tuple[str, int], ...] = ()
    """(component, rank): drawn at that step of the reading direction, 0 the first."""
    rows: tuple[tuple[str, ...], ...] = ()
    """Components drawn at one step of the reading direction, side by side across it."""
    orders: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(group, components): each drawn a step after the one before."""
    from_start: bool = True
    """Rank 0 is the drawing's first step; in a view, ranks only keep their distances."""

    def __bool__(self) -> bool:
        return bool(self.ranks or self.rows or self.orders)

    def shown(self, visible: Collection[str]) -> Hints:
        """The hints among the components a view draws in full: a rank counted from the first
        one it shows, a row or an order of the ones it shows (two at least)."""
        ranks = [(c, r) for c, r in self.ranks if c in visible]
        first = min((r for _, r in ranks), default=0)
        rows = [kept for row in self.rows if len(kept := tuple(m for m in row if m in visible)) > 1]
        orders = [
            (group, kept)
            for group, order in self.orders
            if len(kept := tuple(m for m in order if m in visible)) > 1
        ]
        return replace(
            self,
            ranks=tuple((c, r - first) for c, r in ranks),
            rows=tuple(rows),
            orders=tuple(orders),
            from_start=False,
        )


def design_hints(design: Design) -> Hints:
    """The layout hints a design gives (those naming no component are E105's business)."""
    known = {c.id for c in design.components}
    return Hints(
        ranks=tuple((c.id, c.rank) for c in design.components if c.rank is not None),
        rows=tuple(
            kept for row in design.rows if len(kept := tuple(m for m in row if m in known)) > 1
        ),
        orders=tuple(
            (g.id, kept)
            for g in design.groups
            if len(kept := tuple(m for m in g.order if m in known)) > 1
        ),
    )
