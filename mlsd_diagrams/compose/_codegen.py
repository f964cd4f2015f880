"""The inverse of `Blueprint`: Python source of a design module, for `mlsd new` and
`mlsd export --to py`. Generated modules import only the public surface."""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .._catalog import kind_spec
from .._model import Card, Component, Design, Figure, FigureLink, Flow, Group

__all__ = ["module_source", "starter_design", "starter_figure", "starter_source"]


_STARTER = '''"""__DOC__

Validate and render it while you edit:

    mlsd validate __FILE__ --strict
    mlsd render __FILE__ -o output/
"""

from mlsd_diagrams import Blueprint, Card, Design, Tradeoff, link


def build() -> Design:
    bp = Blueprint(
        __ID__,
        __TITLE__,
        summary=(
            "A client calls an API gateway; model serving reads features from an online store "
            "and answers. Predictions and user feedback are logged, a model is retrained on "
            "them offline and deployed back to serving, and monitoring watches it."
        ),
        sla_ms=200,  # the request path's budget: give each step on it a latency_ms
    )
    user = bp.add("user", "client", "User", latency_ms=0)
    with bp.group("serving", "Online serving"):
        api = bp.add("api", "api_gateway", "API gateway", latency_ms=10)
        model = bp.add("model", "model_serving", "Model serving", latency_ms=50)
        features = bp.add(
            "online_features", "feature_store", "Online feature store", latency_ms=5, tech="Redis"
        )
    with bp.group("training", "Offline data and training"):
        events = bp.add("event_log", "event_logging", "Event log", tech="Kafka")
        lake = bp.add("data_lake", "data_lake", "Data lake")
        trainer = bp.add("trainer", "training_pipeline", "Training pipeline")
        registry = bp.add("registry", "model_registry", "Model registry", tech="MLflow")
    monitor = bp.add("monitor", "monitoring", "Monitoring", tech="Prometheus")

    # The request path (solid arrows): each hop says how long it takes.
    user >> link(label="request", latency_ms=20) >> api
    api >> link(latency_ms=2) >> model
    model >> link(label="feature lookup", latency_ms=1) >> features
    # The loop back: what was served and what users did become training data.
    model >> link("async", "predictions") >> events
    user >> link("feedback", "clicks, labels") >> events
    events >> link("batch", "raw events") >> lake
    lake >> link("batch", "features") >> features
    lake >> link("batch", "training set") >> trainer
    trainer >> link("batch", "evaluated model") >> registry
    registry >> link("deploy", "model") >> model
    model >> link("observe", "latency, errors, drift") >> monitor

    bp.card = Card(
        requirements=["Business goal and success metric", "Scale and a 200 ms latency budget"],
        inputs=["The request context"],
        outputs=["A prediction"],
        ml_task="Say which kind of task this is: classification, ranking, retrieval, ...",
        data=["Logged predictions and outcomes (labels)"],
        features=["Batch features materialised to the online store"],
        model=["A simple baseline first"],
        training=["Retrain on a schedule from the data lake"],
        offline_metrics=["A task metric on a held-out, time-based split"],
        online_metrics=["A business metric in an A/B test"],
        serving=["Stateless model servers behind the gateway"],
        monitoring=["Latency and errors; feature and prediction drift"],
        tradeoffs=[
            Tradeoff(
                topic="Online vs batch prediction",
                options=["Predict per request", "Precompute predictions"],
                choice="Predict per request",
                why="Fresh context matters more than the extra serving cost.",
            )
        ],
        talking_points=["Walk the seven steps in order"],
    )
    return bp.build()
'''


def _quote(text: str) -> str:
    """A Python string literal for `text`, double-quoted like the rest of the code base."""
    if all(char.isprintable() for char in text):
        return json.dumps(text, ensure_ascii=False)
    return repr(text)


def _docstring_text(text: str) -> str:
    """Text that can sit between triple quotes: one line, printable, no closing quotes."""
    printable = "".join(char for char in " ".join(text.split()) if char.isprintable())
    return printable.replace("\\", "\\\\").replace('"', '\\"')


# The starter's model figure: a ranking network as the books draw one, bottom to top, with the
# training objective, so `new --figure` shows every part a figure has.
_STARTER_FIGURE = """
    # The model inside `model`, drawn bottom to top: blocks, links with shapes, a loss.
    fig = bp.figure("ranker", "Ranking model", component="model", training=True)
    with fig.group("features", "Features"):
        user = fig.add("user_features", "input", "User features")
        item = fig.add("item_features", "input", "Item features")
        ids = fig.add("id_embeddings", "embedding", "ID embeddings", shape="B x 32")
    joined = fig.add("concat", "interaction", "Concatenate", op="concat", shape="B x 96")
    tower = fig.add("mlp", "mlp", "MLP (ReLU)", shape="B x 64", repeat=3)
    head = fig.add("head", "head", "Sigmoid head", shape="B x 1")
    label = fig.add("label", "input", "Click label")
    loss = fig.add("loss", "loss", "Binary cross-entropy")
    user >> ids
    ids >> joined
    user >> fig.link(shape="B x 32") >> joined
    item >> fig.link(shape="B x 32") >> joined
    joined >> tower >> head >> loss
    label >> fig.link(kind="target") >> loss
"""


def starter_source(design_id: str, title: str, file: str, *, figure: bool = False) -> str:
    """A small design module that passes `mlsd validate --strict` and renders as written;
    with `figure`, it draws its model too."""
    doc = f"{_docstring_text(title)}: a starting design to rename, re-wire and extend."
    starter = _STARTER
    if figure:
        card = "\n    bp.card = Card("
        starter = starter.replace(card, _STARTER_FIGURE + card, 1)
    return (
        starter.replace("__DOC__", doc)
        .replace("__FILE__", _docstring_text(file))
        .replace("__ID__", _quote(design_id))
        .replace("__TITLE__", _quote(title))
    )


def starter_figure(component: str | None) -> Figure:
    """The starter's model figure, drawing the model of `component` (`new --from X --figure`)."""
    built = _build(starter_source("starter", "Starter", "starter.py", figure=True))
    assert built is not None and built.figures, "the starter module builds"
    return built.figures[0].model_copy(update={"component": component})


def starter_design(design_id: str, title: str) -> Design:
    """The design `starter_source` builds, for starters written as YAML or JSON."""
    namespace: dict[str, Any] = {}
    # The starter is this module's own text, run once: one starter whatever the format.
    exec(
        compile(starter_source(design_id, title, f"{design_id}.py"), "<starter>", "exec"), namespace
    )
    design: Design = namespace["build"]()
    return design


_WIDTH = 99
_RESERVED = {
    "bp", "link", "Blueprint", "Card", "Design", "Tradeoff", "Component", "Flow", "Group", "View",
    "Estimate", "FailureMode", "fig", "Figure", "FigureBlock", "FigureGroup", "FigureLink",
}  # fmt: skip


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _string(text: str, indent: int, lead: int = 0) -> str:
    """A literal, split at spaces into implicitly joined pieces when it is too long for a line.

    `indent` is the column the line starts at, `lead` the characters before the literal on it.
    """
    whole = _quote(text)
    if indent + lead + len(whole) + 1 <= _WIDTH:
        return whole
    room = _WIDTH - indent - 4
    pieces: list[str] = []
    for word in re.findall(r"\S+\s*|\s+", text):
        for part in _cut(word, room):
            if pieces and len(_quote(pieces[-1] + part)) <= room:
                pieces[-1] += part
            else:
                pieces.append(part)
    inner = "".join(f"{' ' * (indent + 4)}{_quote(p)}\n" for p in pieces)
    return f"(\n{inner}{' ' * indent})"


def _cut(word: str, room: int) -> list[str]:
    """A word longer than a line (a URL, say) in parts that each fit once quoted."""
    parts = [""]
    for char in word:
        if parts[-1] and len(_quote(parts[-1] + char)) > room:
            parts.append("")
        parts[-1] += char
    return parts


def _expr(value: Any, indent: int, lead: int = 0) -> str:
    """Python source for a value of a design: models, lists, strings, numbers, enums."""
    if isinstance(value, BaseModel):
        args = [_kwarg(k, v, indent + 4) for k, v in _explicit_fields(value)]
        return _call(type(value).__name__, args, indent, lead)
    if isinstance(value, Enum):
        return _quote(str(value.value))
    if isinstance(value, str):
        return _string(value, indent, lead)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return _number(float(value))
    if isinstance(value, list):
        items = [_expr(v, indent + 4) for v in value]
        return _bracket("[", items, "]", indent, lead)
    if isinstance(value, dict):
        items = [f"{_quote(str(k))}: {_expr(v, indent + 4)}" for k, v in value.items()]
        return _bracket("{", items, "}", indent, lead)
    raise TypeError(f"cannot write {type(value).__name__} as Python source")


def _kwarg(name: str, value: Any, indent: int) -> str:
    return f"{name}={_expr(value, indent, len(name) + 1)}"


def _explicit_fields(model: BaseModel) -> list[tuple[str, Any]]:
    """The fields that differ from their defaults; a component's plane only if not its kind's."""
    fields = []
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if not info.is_required() and value == info.get_default(call_default_factory=True):
            continue
        if (
            isinstance(model, Component)
            and name == "plane"
            and value == kind_spec(model.kind).plane
        ):
            continue
        fields.append((name, value))
    return fields


def _bracket(open_: str, items: list[str], close: str, indent: int, lead: int = 0) -> str:
    """Items on one line if it fits (with room for a trailing comma), else one per line."""
    one_line = open_ + ", ".join(items) + close
    if indent + lead + len(one_line) + 1 <= _WIDTH and "\n" not in one_line:
        return one_line
    pad = " " * (indent + 4)
    return open_ + "\n" + "".join(f"{pad}{item},\n" for item in items) + " " * indent + close


def _call(name: str, args: list[str], indent: int, lead: int = 0) -> str:
    return _bracket(f"{name}(", args, ")", indent, lead)


def _variable(component_id: str) -> str:
    if keyword.iskeyword(component_id) or component_id in _RESERVED:
        return f"{component_id}_"
    return component_id


def _flow_line(flow: Flow) -> str:
    """`a >> b`, or `a >> link(...) >> b` when the flow is not a plain request."""
    source, target = _variable(flow.source), _variable(flow.target)
    args = [] if flow.kind == "request" else [_quote(flow.kind.value)]
    lead = len(f"{source} >> link(")
    if flow.label is not None:
        label = _string(flow.label, 8, 0 if args else len("label="))
        args.append(label if args else f"label={label}")
    if flow.latency_ms is not None:
        args.append(f"latency_ms={_number(flow.latency_ms)}")
    if not args:
        return f"    {source} >> {target}"
    spec = _call("link", args, 4, lead - len("link("))
    line = f"    {source} >> {spec} >> {target}"
    if "\n" not in line and len(line) > _WIDTH:
        spec = _bracket("link(", args, ")", 4, _WIDTH)  # forces one argument per line
        line = f"    {source} >> {spec} >> {target}"
    return line


def _block_variable(block_id: str, taken: set[str]) -> str:
    """A block's variable: its id, unless a component's variable or a reserved name has it."""
    name = _variable(block_id)
    return f"{name}_block" if name in taken else name


def _figure_link_line(link: FigureLink, names: dict[str, str]) -> str:
    """`a >> b`, or `a >> fig.link(...) >> b` for a link with words, a shape or a kind."""
    args = []
    if link.label is not None:
        args.append(_string(link.label, 8))
    for name in ("shape", "kind", "recurrent"):
        value = getattr(link, name)
        if value != FigureLink.model_fields[name].get_default():
            args.append(_kwarg(name, value, 8))
    source, target = names[link.source], names[link.target]
    if not args:
        return f"    {source} >> {target}"
    spec = _call("fig.link", args, 4, len(f"{source} >> "))
    return f"    {source} >> {spec} >> {target}"


def _figure_source(figure: Figure, taken: set[str]) -> list[str] | None:
    """`fig = bp.figure(...)`, its blocks (in `with fig.group` blocks) and links; None when
    the groups cannot be written as `with` blocks (a block in two groups, or members apart)."""
    owner: dict[str, str] = {}
    for group in figure.groups:
        for member in group.members:
            if member in owner:
                return None
            owner[member] = group.id
    head = [_quote(figure.id), _string(figure.title, 8)]
    for name in ("component", "direction", "training", "caption"):
        value = getattr(figure, name)
        if value != Figure.model_fields[name].get_default():
            head.append(_kwarg(name, value, 8))
    lines = ["", "    fig = " + _call("bp.figure", head, 4, len("fig = "))]
    names = {b.id: _block_variable(b.id, taken) for b in figure.blocks}
    labels = {g.id: g.label for g in figure.groups}
    used = {end for link in figure.links for end in (link.source, link.target)}
    opened: set[str] = set()
    current: str | None = None
    for block in figure.blocks:
        owned_by = owner.get(block.id)
        if owned_by != current:
            if owned_by is not None:
                if owned_by in opened:
                    return None
                opened.add(owned_by)
                opening = f"with fig.group({_quote(owned_by)}, "
                label = _string(labels[owned_by], 4, len(opening) + 2)
                lines.append(f"    {opening}{label}):")
            current = owned_by
        indent = 8 if owned_by is not None else 4
        args = [_quote(block.id), _quote(block.kind), _string(block.label, indent + 4)]
        explicit = dict(_explicit_fields(block))
        if block.kind == "frozen":
            explicit.pop("frozen", None)
        args += [
            _kwarg(name, explicit[name], indent + 4)
            for name in ("shape", "repeat", "op", "frozen", "notes")
            if name in explicit
        ]
        assign = f"{names[block.id]} = " if block.id in used else ""
        lines.append(f"{' ' * indent}{assign}{_call('fig.add', args, indent, len(assign))}")
    if any(g.id not in opened for g in figure.groups):
        return None  # an empty group has no `with` block to write
    lines += [_figure_link_line(link, names) for link in figure.links]
    return lines


def _group_chains(groups: Sequence[Group]) -> dict[str, list[str]] | None:
    """Each group's chain of ancestors from the outermost, or None for a cycle."""
    parents = {g.id: g.parent for g in groups}
    chains = {}
    for g in groups:
        chain = [g.id]
        while (parent := parents.get(chain[0])) is not None:
            if parent in chain or parent not in parents:
                return None
            chain.insert(0, parent)
        chains[g.id] = chain
    return chains


def _compose_source(design: Design, doc: str) -> str | None:
    """The design as a `Blueprint` module, or None when `with` blocks cannot express its groups."""
    chains = _group_chains(design.groups)
    if chains is None:
        return None
    owners: dict[str, str] = {}
    for g in design.groups:
        for member in g.members:
            if member in owners:
                return None
            owners[member] = g.id
    labels = {g.id: g.label for g in design.groups}
    orders = {g.id: g.order for g in design.groups}
    used = {end for f in design.flows for end in (f.source, f.target)}
    component_ids = {c.id for c in design.components}

    head = [_quote(design.id), _string(design.title, 8)]
    if design.summary:
        head.append(_kwarg("summary", design.summary, 8))
    if design.sla_ms is not None:
        head.append(f"sla_ms={_number(design.sla_ms)}")
    if design.direction.value != "LR":
        head.append(f"direction={_quote(design.direction.value)}")
    body = ["    bp = " + _call("Blueprint", head, 4, len("bp = "))]

    stack: list[str] = []
    opened: set[str] = set()
    for c in design.components:
        chain = chains[owners[c.id]] if c.id in owners else []
        keep = 0
        while keep < min(len(stack), len(chain)) and stack[keep] == chain[keep]:
            keep += 1
        del stack[keep:]
        for group_id in chain[keep:]:
            if group_id in opened:
                return None  # a group cannot be reopened once its block has closed
            opened.add(group_id)
            indent = 4 + 4 * len(stack)
            args = [_quote(group_id), _string(labels[group_id], indent + 4)]
            if orders[group_id]:
                args.append(_kwarg("order", orders[group_id], indent + 4))
            # A group a flow names gets a handle: `with bp.group(...) as serving:`.
            named = used - component_ids
            handle = f" as {_variable(group_id)}" if group_id in named else ""
            body.append(f"{' ' * indent}with {_call('bp.group', args, indent, 5)}{handle}:")
            stack.append(group_id)
        indent = 4 + 4 * len(stack)
        assign = f"{_variable(c.id)} = " if c.id in used else ""
        args = [_quote(c.id), _quote(c.kind), _string(c.label, indent + 4)]
        extras = dict(_explicit_fields(c))
        args += [
            _kwarg(name, extras[name], indent + 4)
            for name in ("plane", "latency_ms", "tech", "notes", "hosted", "rank")
            if name in extras
        ]
        call = _call("bp.add", args, indent, len(assign))
        body.append(f"{' ' * indent}{assign}{call}")
    if used - component_ids - opened:
        return None  # a flow names a group that no `with` block opens
    if design.flows:
        body.append("")
    body += [_flow_line(f) for f in design.flows]
    if design.rows:
        body.append("")
        body += ["    " + _call("bp.row", [_quote(m) for m in row], 4) for row in design.rows]
    if design.frames:
        body += ["", "    bp.frames = " + _expr(design.frames, 4, len("bp.frames = "))]
    if design.views:
        body += ["", "    bp.views = " + _expr(design.views, 4, len("bp.views = "))]
    if design.compare_with:
        body += ["", "    bp.compare_with = " + _expr(design.compare_with, 4, 20)]
    if design.debt:
        body += ["", "    bp.debt = " + _expr(design.debt, 4, len("bp.debt = "))]
    taken = {_variable(c.id) for c in design.components} | _RESERVED
    for figure in design.figures:
        lines = _figure_source(figure, taken)
        if lines is None:
            return None
        body += lines
    if design.card != Card():
        body += ["", "    bp.card = " + _expr(design.card, 4, len("bp.card = "))]
    if design.rubric:
        body += ["    bp.rubric = " + _expr(design.rubric, 4, len("bp.rubric = "))]
    if design.relatives:
        body += ["    bp.relatives = " + _expr(design.relatives, 4, len("bp.relatives = "))]
    body.append("    return bp.build()")

    text = "\n".join(body)
    models = (
        *("Card", "DebtRow", "Estimate", "Evidence", "FailureMode", "RubricPoint"),
        *("Tradeoff", "View"),
    )
    names = {"Blueprint", "Design"} | {n for n in models if f"{n}(" in text}
    if "link(" in text:
        names.add("link")
    imports = [_import(sorted(names, key=_import_order))]
    return _module(doc, imports, text)


def _model_source(design: Design, doc: str) -> str:
    """The design as one `Design(...)` expression: faithful for any design."""
    text = "    return " + _expr(design, 4, len("return "))
    models = (
        *("Card", "Component", "DebtRow", "Design", "Estimate", "Evidence", "FailureMode"),
        *("Flow", "Group", "RubricPoint", "Tradeoff", "View"),
        *("Figure", "FigureBlock", "FigureGroup", "FigureLink"),
    )
    names = {n for n in models if f"{n}(" in text}
    imports = [_import(sorted(names | {"Design"}))]
    return _module(doc, imports, text)


def _import(names: list[str]) -> str:
    """One import line, or one name a line in parentheses when it would pass 100 characters."""
    line = f"from mlsd_diagrams import {', '.join(names)}"
    if len(line) <= 100:
        return line
    return "from mlsd_diagrams import (\n" + "".join(f"    {n},\n" for n in names) + ")"


def _import_order(name: str) -> tuple[bool, str]:
    """Classes before functions, as isort and ruff order one import line."""
    return name[:1].islower(), name


def _module(doc: str, imports: list[str], body: str) -> str:
    return (
        f'"""{_docstring_text(doc)}"""\n\n' + "\n".join(imports) + "\n\n\n"
        "def build() -> Design:\n" + body + "\n"
    )


def _build(source: str) -> Design | None:
    namespace: dict[str, Any] = {}
    try:
        exec(compile(source, "<generated design>", "exec"), namespace)
        built = namespace["build"]()
    except Exception:
        return None
    return built if isinstance(built, Design) else None


def module_source(design: Design, doc: str | None = None) -> str:
    """A design module that builds `design` again (an equal Design), in `Blueprint` style if it can.

    The Blueprint form is what a person would write; a design whose groups `with` blocks cannot
    express (a group's members declared apart) is written as a plain `Design(...)` instead.
    """
    doc = doc or f"{design.title}."
    source = _compose_source(design, doc)
    if source is not None and _build(source) == design:
        return source
    return _model_source(design, doc)
