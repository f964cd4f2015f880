"""Rules on model figures (F101-F140): unique ids, links to blocks that exist, no unmarked
cycles, shapes that fit, heads that reach a loss, inputs something reads, and a component
that hosts a model."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from .._catalog import block_spec, kinds_with_figures
from .._diagnostics import Severity
from .._model import Figure, FigureBlock
from ._graph import Graph
from ._registry import Problem, rule

__all__ = ["parse_shape"]

# Dimensions are joined by " x " or by the multiplication sign.
_DIM_SPLIT = re.compile(r"\s*[x\u00d7]\s*")


def parse_shape(shape: str) -> tuple[str, ...]:
    """`"B x L x 768"` -> `("B", "L", "768")`; dimensions joined by ` x `."""
    return tuple(d for d in _DIM_SPLIT.split(shape.strip()) if d)


def _width(shape: str) -> str:
    """The last dimension: the feature size that a dot product or a concat reads."""
    dims = parse_shape(shape)
    return dims[-1] if dims else ""


def _where(figure: Figure, what: str) -> str:
    return f"figures.{figure.id}.{what}"


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    found: dict[str, None] = {}
    for item in ids:
        if item in seen:
            found[item] = None
        seen.add(item)
    return list(found)


@rule("F101", Severity.ERROR, "two figures, or two blocks or groups of one figure, share an id")
def unique_figure_ids(graph: Graph) -> Iterator[Problem]:
    figures = graph.design.figures
    for dup in _duplicates([f.id for f in figures]):
        yield Problem(
            f"two figures have the id `{dup}`",
            f"figures.{dup}",
            "rename one: figure ids name the files `<design>.figure-<id>.<format>`",
        )
    for figure in figures:
        ids = [b.id for b in figure.blocks] + [g.id for g in figure.groups]
        for dup in _duplicates(ids):
            yield Problem(
                f"figure `{figure.id}` has two blocks or groups with the id `{dup}`",
                _where(figure, dup),
                "rename one: links and groups name blocks by id",
            )


def _nearest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "its blocks are " + (", ".join(f"`{k}`" for k in known) or "none yet")


@rule("F102", Severity.ERROR, "a figure's link or group names a block that does not exist")
def figure_references_exist(graph: Graph) -> Iterator[Problem]:
    for figure in graph.design.figures:
        blocks = [b.id for b in figure.blocks]
        known = set(blocks)
        for link in figure.links:
            for end, name in (("source", link.source), ("target", link.target)):
                if name not in known:
                    yield Problem(
                        f"figure `{figure.id}`: link {link.ref} has {end} `{name}`, "
                        "which is no block of the figure",
                        _where(figure, link.ref),
                        f"add a block `{name}` or fix the {end}: {_nearest(name, blocks)}",
                    )
        for group in figure.groups:
            for member in group.members:
                if member not in known:
                    yield Problem(
                        f"figure `{figure.id}`: group `{group.id}` lists `{member}`, "
                        "which is no block of the figure",
                        _where(figure, group.id),
                        f"add the block or remove it from the group: {_nearest(member, blocks)}",
                    )


def _cycle(figure: Figure) -> list[str] | None:
    """One cycle through links not marked `recurrent`, as block ids, or None."""
    known = {b.id for b in figure.blocks}
    out: dict[str, list[str]] = {}
    for link in figure.links:
        if not link.recurrent and link.source in known and link.target in known:
            out.setdefault(link.source, []).append(link.target)
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for start in out:
        if state.get(start):
            continue
        path, stack = [start], [iter(out.get(start, []))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(out.get(nxt, [])))
    return None


@rule("F110", Severity.ERROR, "a figure's links form a cycle that no link marks `recurrent`")
def figure_cycles_marked(graph: Graph) -> Iterator[Problem]:
    for figure in graph.design.figures:
        cycle = _cycle(figure)
        if cycle:
            back = f"{cycle[-2]} -> {cycle[-1]}"
            yield Problem(
                f"figure `{figure.id}` loops: {' -> '.join(cycle)}",
                _where(figure, back),
                f"mark the link that goes back as recurrent (`{back}`, recurrent=True), "
                "or remove it",
            )


def _inputs(figure: Figure, block: FigureBlock) -> list[tuple[str, str]]:
    """(source id, shape) of each data link into the block that has a shape, on the link or
    as its source's output."""
    blocks = {b.id: b for b in figure.blocks}
    found = []
    for link in figure.links:
        if link.target != block.id or link.kind in ("target", "condition"):
            continue
        source = blocks.get(link.source)
        shape = link.shape or (source.shape if source else None)
        if shape:
            found.append((link.source, shape))
    return found


def _output(figure: Figure, block: FigureBlock) -> str | None:
    """The block's output shape: its own, else the one its outgoing data links carry."""
    if block.shape:
        return block.shape
    shapes = {k.shape for k in figure.links if k.source == block.id and k.shape}
    return shapes.pop() if len(shapes) == 1 else None


def _listed(inputs: list[tuple[str, str]]) -> str:
    return ", ".join(f"`{source}` gives {shape}" for source, shape in inputs)


def _shape_problem(figure: Figure, block: FigureBlock) -> str | None:
    """Why the shapes around the block do not fit, or None."""
    inputs = _inputs(figure, block)
    output = _output(figure, block)
    widths = [_width(shape) for _, shape in inputs]
    op = block.op if block.kind == "interaction" else None
    elementwise = f"an element-wise {op}"
    if op in ("dot", "cosine", "add", "multiply") and len(set(widths)) > 1:
        what = "a dot product" if op in ("dot", "cosine") else elementwise
        return f"{what} of unequal sizes: {_listed(inputs)}"
    if op in ("add", "multiply") and inputs and output and _width(output) != widths[0]:
        return f"{elementwise} of size {widths[0]} gives {output}"
    numeric = all(w.isdigit() for w in widths) and output and _width(output).isdigit()
    if op == "concat" and len(inputs) >= 2 and output and numeric:
        total = sum(int(w) for w in widths)
        if total != int(_width(output)):
            return f"a concat of {_listed(inputs)} has size {total}, but its output is {output}"
    if block_spec(block.kind).keeps_shape and inputs and output:
        for source, shape in inputs:
            if parse_shape(shape) != parse_shape(output):
                return (
                    f"{block.kind} keeps its input's shape, but `{source}` gives {shape} "
                    f"and the block gives {output}"
                )
    return None


@rule("F120", Severity.ERROR, "shapes on the two sides of a figure's block do not fit")
def figure_shapes_fit(graph: Graph) -> Iterator[Problem]:
    for figure in graph.design.figures:
        for block in figure.blocks:
            problem = _shape_problem(figure, block)
            if problem:
                yield Problem(
                    f"figure `{figure.id}`, block `{block.id}`: {problem}",
                    _where(figure, block.id),
                    "fix the shape on the block or on its links (the last dimension is the "
                    "feature size), or put a projection (mlp) in between",
                )


def _reaches(figure: Figure, start: str, goal: set[str]) -> bool:
    out: dict[str, list[str]] = {}
    for link in figure.links:
        out.setdefault(link.source, []).append(link.target)
    seen, pending = {start}, [start]
    while pending:
        for nxt in out.get(pending.pop(), []):
            if nxt in goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                pending.append(nxt)
    return False


@rule("F130", Severity.ERROR, "a training figure has a head or output that reaches no loss")
def figure_heads_reach_loss(graph: Graph) -> Iterator[Problem]:
    for figure in graph.design.figures:
        if not figure.training:
            continue
        losses = {b.id for b in figure.blocks if b.kind == "loss"}
        for block in figure.blocks:
            if block_spec(block.kind).needs_loss and not _reaches(figure, block.id, losses):
                yield Problem(
                    f"training figure `{figure.id}`: {block.kind} `{block.id}` reaches no loss",
                    _where(figure, block.id),
                    f"add a `loss` block (e.g. cross-entropy) and link `{block.id}` >> it, "
                    "or set training=False if the figure shows serving",
                )


@rule("F131", Severity.WARNING, "a figure's input is read by no block")
def figure_inputs_read(graph: Graph) -> Iterator[Problem]:
    for figure in graph.design.figures:
        sources = {link.source for link in figure.links}
        for block in figure.blocks:
            if block.kind == "input" and block.id not in sources:
                yield Problem(
                    f"figure `{figure.id}`: input `{block.id}` is read by no block",
                    _where(figure, block.id),
                    f"link `{block.id}` >> the block that reads it, or remove the input",
                )


@rule("F140", Severity.ERROR, "a figure's `component` names no model-hosting component")
def figure_component_hosts_model(graph: Graph) -> Iterator[Problem]:
    design = graph.design
    hosts = kinds_with_figures()
    models = [c.id for c in design.components if c.kind in hosts]
    for figure in design.figures:
        if figure.component is None:
            continue
        component = design.component(figure.component)
        if component is None:
            yield Problem(
                f"figure `{figure.id}` draws the model of `{figure.component}`, "
                "which is no component of the design",
                _where(figure, "component"),
                f"name a component that hosts a model: {_nearest(figure.component, models)}",
            )
        elif component.kind not in hosts:
            yield Problem(
                f"figure `{figure.id}` draws the model of `{component.id}`, a "
                f"{component.kind}, which hosts no model",
                _where(figure, "component"),
                "name a model-hosting component instead: "
                + (", ".join(f"`{m}`" for m in models) or "the design has none"),
            )
