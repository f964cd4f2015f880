"""Layout hints in Graphviz: the DOT statements that ask for a scene's ranks, rows and orders,
and the check, on the positioned layout, of each hint Graphviz could not meet.

All three are constraints on ranks, the steps of the reading direction, so they mean the same in
a left-to-right and a top-to-bottom trial. A rank is the step of an invisible chain of anchors
(`_rank_0 -> _rank_1 -> ...`, the first on the drawing's first rank) that the component shares;
a row is a `rank=same` subgraph (across clusters, as `newrank` allows); an order is a chain of
invisible edges, each a rank long at least. A hint against the flows (a rank before what flows
into the component) is left to Graphviz, which either meets it and draws the flow backwards or
breaks it; so is a hint against another. The check, on the positioned layout, names a broken one.
"""

from __future__ import annotations

from itertools import pairwise

from ..._catalog import Direction, FlowKind
from ..scene._scene import Scene
from ._drawing import HINT_COMMENT, RANK_ANCHOR, Layout

__all__ = ["hint_statements", "unmet_hints", "with_hints"]

_TOLERANCE = 1.0
"""Points: one rank's nodes share their centre along the reading direction."""

_EDGE = f'style=invis, comment="{HINT_COMMENT}"'


def _quoted(name: str) -> str:
    # Component ids are snake_case (and anchors too): valid DOT ids, quoted for safety.
    return f'"{name}"'


def hint_statements(scene: Scene) -> list[str]:
    """The DOT statements (for the root graph) that ask for the scene's hints."""
    hints = scene.hints
    present = {n.id for n in scene.nodes}
    lines: list[str] = []
    ranks = [(c, r) for c, r in hints.ranks if c in present]
    if ranks:
        last = max(r for _, r in ranks)
        anchors = [_quoted(f"{RANK_ANCHOR}{r}") for r in range(last + 1)]
        lines += [f'{a} [shape=point, style=invis, width=0, height=0, label=""]' for a in anchors]
        if len(anchors) > 1:
            # Heavy, so the chain stays one rank a link and a hinted component is drawn at
            # its rank, not later, unless what flows into it needs the room.
            lines.append(" -> ".join(anchors) + f" [{_EDGE}, weight=20]")
        if hints.from_start:
            # The first anchor stands on the drawing's first rank: on the rank of the
            # component that starts the longest chain of ranked edges, and no later than any
            # other component nothing ranks after another.
            hinted = {c for c, _ in ranks}
            starts = _starts(scene)
            first = next((s for s in starts if s not in hinted), None)
            if first is not None:
                lines.append(f"{{rank=same; {anchors[0]}; {_quoted(first)}}}")
            lines += [
                f"{anchors[0]} -> {_quoted(s)} [{_EDGE}, minlen=0, weight=0]"
                for s in starts
                if s != first
            ]
        lines += [f"{{rank=same; {anchors[r]}; {_quoted(c)}}}" for c, r in ranks]
    for row in hints.rows:
        kept = [_quoted(m) for m in row if m in present]
        if len(kept) > 1:
            lines.append(f"{{rank=same; {'; '.join(kept)}}}")
    for _, order in hints.orders:
        kept = [_quoted(m) for m in order if m in present]
        if len(kept) > 1:
            lines.append(" -> ".join(kept) + f" [{_EDGE}]")
    return lines


def _starts(scene: Scene) -> list[str]:
    """The components no edge ranks after another (as `_dot` ranks them: feedback does not
    rank, a deploy is drawn reversed, and in lanes flows between planes do not rank, requests
    and observes aside), the one starting the longest chain of ranked edges first."""
    after: dict[str, list[str]] = {n.id: [] for n in scene.nodes}
    ranked: set[str] = set()
    for edge in scene.edges:
        loose = edge.kind is FlowKind.DEPLOY or (
            edge.across_planes and edge.kind not in (FlowKind.REQUEST, FlowKind.OBSERVE)
        )
        if edge.kind is FlowKind.FEEDBACK or (scene.lanes and loose):
            continue
        tail, head = edge.source, edge.target
        if edge.kind is FlowKind.DEPLOY:
            tail, head = head, tail
        if tail in after and head in after:
            after[tail].append(head)
            ranked.add(head)
    # The longest chain after each component, relaxed until it settles (a loop stops at the
    # number of components).
    chain = dict.fromkeys(after, 0)
    for _ in range(len(after)):
        longer = {n: max((chain[h] + 1 for h in heads), default=0) for n, heads in after.items()}
        if longer == chain:
            break
        chain = longer
    starts = [n for n in after if n not in ranked] or list(after)[:1]
    return sorted(starts, key=lambda n: -chain[n])


def with_hints(source: str, scene: Scene) -> str:
    """The DOT text with the scene's hint statements added at the end of the root graph."""
    lines = hint_statements(scene)
    if not lines:
        return source
    head, brace, tail = source.rpartition("}")
    return head + "".join(f"\t{line}\n" for line in lines) + brace + tail


def _axis(scene: Scene) -> int:
    """The coordinate ranks are laid along: x left to right, y top to bottom."""
    return 0 if scene.direction is Direction.LR else 1


def unmet_hints(scene: Scene, layout: Layout) -> list[str]:
    """One warning per hint the positioned layout does not meet, naming it and why."""
    hints = scene.hints
    if not hints:
        return []
    axis = _axis(scene)
    at = {cid: box.center[axis] for cid, box in layout.nodes.items()}
    placed = {n.id for n in scene.nodes}  # hidden ones too: a frame keeps their places
    anchors = {r: box.center[axis] for r, box in layout.ranks.items()}
    owner = scene.owners()
    labels = {c.id: " ".join(c.label) for c in scene.clusters}
    flows_into: dict[str, list[str]] = {}
    for edge in scene.edges:
        flows_into.setdefault(edge.target, []).append(edge.source)
    view = f" in {scene.id.split('.', 1)[1]}" if "." in scene.id else ""
    lead = f"layout hint not met{view}:"
    found: list[str] = []

    # Ranks are counted as a reader counts them: every line components stand on along the
    # reading direction, and the empty lines rank hints ask for (their anchors) too. In a view
    # they count from its first anchor, which stands on its lowest hinted rank.
    ruler: list[float] = []
    for p in sorted([*(p for cid, p in at.items() if cid in placed), *anchors.values()]):
        if not ruler or p > ruler[-1] + _TOLERANCE:
            ruler.append(p)

    def rank_of(position: float) -> int:
        return sum(1 for p in ruler if p < position - _TOLERANCE)

    origin = 0 if hints.from_start or 0 not in anchors else rank_of(anchors[0])
    for cid, rank in hints.ranks:
        drawn = rank_of(at[cid]) - origin if cid in at else rank
        if drawn == rank:
            continue
        before = [s for s in flows_into.get(cid, []) if s in at and at[s] < at[cid]]
        why = (
            f", after '{before[0]}', which flows into it; give it a later rank or drop the hint"
            if before and drawn > rank
            else "; drop the hint or the hints it contradicts"
        )
        found.append(f"{lead} rank {rank} of '{cid}': drawn at rank {drawn}{why}")
    for row in hints.rows:
        shown = [m for m in row if m in at]
        first = shown[0] if shown else None
        off = [m for m in shown if first is not None and abs(at[m] - at[first]) > _TOLERANCE]
        if first is None or not off:
            continue
        names = ", ".join(row)
        other = off[0]
        if owner.get(other) != owner.get(first) and other in owner:
            group = owner[other]
            why = (
                f"'{other}' is in group '{labels.get(group, group)}', drawn on another line; "
                "put both in one group or drop the hint"
            )
        else:
            why = f"'{other}' is drawn on another line than '{first}'; drop it from the row"
        found.append(f"{lead} row [{names}]: {why}")
    for group, order in hints.orders:
        shown = [m for m in order if m in at]
        for earlier, later in pairwise(shown):
            if at[later] > at[earlier] + _TOLERANCE:
                continue
            why = (
                f"'{later}' flows into '{earlier}', so it is drawn before it; reorder the hint "
                "or drop it"
                if later in _upstream(earlier, flows_into)
                else f"'{later}' is not drawn after '{earlier}'; drop the hint or what it "
                "contradicts"
            )
            found.append(f"{lead} order [{', '.join(order)}] of group '{group}': {why}")
            break
    return found


def _upstream(component: str, flows_into: dict[str, list[str]]) -> set[str]:
    """What flows reach `component` from, directly or through others."""
    seen: set[str] = set()
    pending = [component]
    while pending:
        for source in flows_into.get(pending.pop(), []):
            if source not in seen:
                seen.add(source)
                pending.append(source)
    return seen
