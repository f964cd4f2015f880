"""Rules on the shape of the document: unique ids, references that exist, no self-flows,
groups that nest (E101-E104), layout hints that name what they place (E105), and components
with no flows (W200)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator

from .._diagnostics import Severity
from .._model import flow_ends, group_members
from ._graph import Graph
from ._registry import Problem, rule

__all__: list[str] = []

SPELL_CANDIDATES = 100
SPELL_SEARCHES = 50
SPELL_LENGTH_SLACK = 3


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
def unique_component_ids(graph: Graph) -> Iterator[Problem]:
    design = graph.design
    for dup in dict.fromkeys(_duplicates(c.id for c in design.components)):
        yield Problem(
            f"component id `{dup}` is used more than once",
            dup,
            "give each component its own id",
        )
    for dup in dict.fromkeys(_duplicates(g.id for g in design.groups)):
        yield Problem(f"group id `{dup}` is used more than once", dup, "give each group its own id")


@rule("E102", Severity.ERROR, "a flow or group names a component that does not exist")
def references_exist(graph: Graph) -> Iterator[Problem]:
    design = graph.design
    known = set(graph.components)
    groups = {g.id for g in design.groups}
    nearest = _speller(dict.fromkeys([*graph.components, *(g.id for g in design.groups)]))

    def unknown(name: str, where: str, subject: str) -> Problem:
        close = nearest(name)
        hint = f"did you mean `{close}`?" if close else "declare the component first"
        message = f"{where} names `{name}`, which is not a component of this design"
        return Problem(message, subject, hint)

    ends = flow_ends(design)
    for flow in design.flows:
        for end in (flow.source, flow.target):
            if end not in ends:
                close = nearest(end)
                yield Problem(
                    f"flow {flow.ref} names `{end}`, which is neither a component nor a group "
                    "of this design",
                    flow.ref,
                    f"did you mean `{close}`?" if close else "declare the component or group first",
                )
            elif not ends[end]:
                yield Problem(
                    f"flow {flow.ref} names group `{end}`, which holds no components",
                    flow.ref,
                    f"list components under group `{end}`'s members, or point the flow at one",
                )
    for group in design.groups:
        for member in group.members:
            if member not in known:
                yield unknown(member, f"group `{group.id}`", group.id)
        if group.parent is not None and group.parent not in groups:
            yield Problem(
                f"group `{group.id}` names parent `{group.parent}`, which is not a group",
                group.id,
                "declare the parent group, or drop `parent`",
            )
    for index, frame in enumerate(design.frames):
        for name in frame:
            if name not in known and name not in groups:
                yield unknown(name, f"frames[{index}]", f"frames[{index}]")
    for view in design.views:
        for name in view.include:
            if name not in known and name not in groups:
                yield unknown(name, f"view `{view.id}`", f"views.{view.id}")
        for name in view.collapse:
            if name not in groups:
                yield Problem(
                    f"view `{view.id}` collapses `{name}`, which is not a group",
                    f"views.{view.id}",
                    "collapse group ids only; list components under `include`",
                )


@rule("E103", Severity.ERROR, "a flow from a component to itself")
def no_self_flows(graph: Graph) -> Iterator[Problem]:
    """Also a flow between a group and what is inside it (or the group itself): its box
    cannot be drawn going out of itself, and it would stand for flows of a member to itself."""
    ends = flow_ends(graph.design)
    for flow in graph.design.flows:
        if flow.source == flow.target:
            yield Problem(
                f"flow {flow.ref} goes from `{flow.source}` to itself",
                flow.ref,
                "remove it, or describe the internal step in the notes",
            )
            continue
        sources, targets = ends.get(flow.source, ()), ends.get(flow.target, ())
        if len(sources) > len(targets):
            outer, inner = flow.source, flow.target
        else:
            outer, inner = flow.target, flow.source
        if set(sources) & set(targets):
            yield Problem(
                f"flow {flow.ref} joins group `{outer}` to `{inner}`, which is inside it",
                flow.ref,
                f"a flow to or from a group links it with what is outside it: point the flow at "
                f"a component outside `{outer}`, or link the components inside it directly",
            )


@rule("E104", Severity.ERROR, "a component is a member of two sibling groups, or a group cycle")
def groups_nest(graph: Graph) -> Iterator[Problem]:
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
            yield Problem(
                "groups are nested inside themselves: " + " in ".join(f"`{g}`" for g in loop),
                current,
                "break the cycle of `parent` links",
            )
    owner = graph.owners
    for group in groups:
        for member in group.members:
            if owner[member] != group.id:
                yield Problem(
                    f"component `{member}` is in both group `{owner[member]}` "
                    f"and group `{group.id}`",
                    member,
                    "list it in one group only; nest groups with `parent` instead",
                )


@rule(
    "E105",
    Severity.ERROR,
    "a layout hint names a missing component, one outside its group, or one twice",
)
def hints_name_components(graph: Graph) -> Iterator[Problem]:
    design = graph.design
    known = set(graph.components)
    nearest = _speller(graph.components)
    inside = group_members(design.groups)

    def twice(ids: list[str], where: str, subject: str) -> Iterator[Problem]:
        for dup in dict.fromkeys(_duplicates(ids)):
            yield Problem(f"{where} names `{dup}` twice", subject, "name each component once")

    for index, row in enumerate(design.rows):
        where = f"rows[{index}]"
        for name in row:
            if name not in known:
                close = nearest(name)
                hint = f"did you mean `{close}`?" if close else "name components of this design"
                yield Problem(f"{where} names `{name}`, which is not a component", where, hint)
        yield from twice(row, where, where)
    for group in design.groups:
        where = f"group `{group.id}`'s order"
        for name in group.order:
            if name not in inside[group.id]:
                hint = (
                    f"list `{name}` among the group's members, or drop it from `order`"
                    if name in known
                    else "name components of the group in `order`"
                )
                yield Problem(f"{where} names `{name}`, which is not in the group", group.id, hint)
        yield from twice(group.order, where, group.id)


# --- the request path: E110-E121 -----------------------------------------------------------------


@rule("W200", Severity.WARNING, "a component with no flows")
def components_connected(graph: Graph) -> Iterator[Problem]:
    linked = {end for f in graph.flows for end in (f.source, f.target)}
    for cid in graph.components:
        if cid not in linked:
            yield Problem(
                f"`{cid}` has no flows in or out",
                cid,
                f"connect `{cid}` to the components it talks to, or remove it",
            )
