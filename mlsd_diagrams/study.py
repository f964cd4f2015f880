"""Study and composition aids: study cards, gallery, practice masks, new design modules, watch."""

from __future__ import annotations

import html
import json
import keyword
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from .catalog import kind_spec
from .errors import LoadError
from .files import write_text
from .model import ID_MAX_LENGTH, ID_PATTERN, Card, Component, Design, Flow, Group

__all__ = [
    "GalleryResult",
    "answer_key",
    "card_markdown",
    "gallery_html",
    "gallery_readme",
    "image_link",
    "mask",
    "masked_id",
    "module_source",
    "starter_source",
    "valid_id",
    "watch",
    "write_gallery",
]


# --- files ---------------------------------------------------------------------------------------


def image_link(image: Path, document_dir: Path) -> str:
    """The relative URL from a document in `document_dir` to `image`, for Markdown and HTML."""
    relative = os.path.relpath(image.resolve(), document_dir.resolve())
    return quote(Path(relative).as_posix(), safe="/._-~")


# --- the study card ------------------------------------------------------------------------------

# The 7 steps of Aminian & Xu's framework, each with the card fields that answer it.
STEPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Clarify the requirements", (("requirements", ""),)),
    (
        "Frame the problem as an ML task",
        (("ml_task", "ML task"), ("inputs", "Input"), ("outputs", "Output")),
    ),
    ("Data preparation", (("data", "Data"), ("features", "Features"))),
    ("Model development", (("model", "Model"), ("training", "Training"))),
    ("Evaluation", (("offline_metrics", "Offline metrics"), ("online_metrics", "Online metrics"))),
    ("Deployment and serving", (("serving", ""),)),
    ("Monitoring", (("monitoring", ""),)),
)


def _flat(text: str) -> str:
    """One line: Markdown list items and table cells cannot hold line breaks."""
    return " ".join(text.split())


def _cell(text: str) -> str:
    # An unescaped pipe would end the cell and shift every later column.
    return _flat(text).replace("|", "\\|") or " "


def _bullets(items: Iterable[str]) -> list[str]:
    return [f"- {_flat(item)}" for item in items if item.strip()]


def _step_body(card: Card, parts: tuple[tuple[str, str], ...]) -> list[str]:
    lines: list[str] = []
    for name, heading in parts:
        value: str | list[str] = getattr(card, name)
        body = [_flat(value)] if isinstance(value, str) else _bullets(value)
        if not any(body):
            continue
        if heading:
            lines += [f"### {heading}", ""]
        lines += [*body, ""]
    return lines or ["_Nothing written for this step yet: add it to the design's `card`._", ""]


def card_markdown(design: Design, image: str | None = None) -> str:
    """The design's 7-step study card as Markdown, with the diagram at the relative URL `image`."""
    card = design.card
    lines = [f"# {_flat(design.title)}", ""]
    if design.summary.strip():
        lines += [_flat(design.summary), ""]
    if image:
        lines += [f"![Diagram of {_flat(design.title)}]({image})", ""]
    facts = [f"{len(design.components)} components", f"{len(design.flows)} flows"]
    if design.sla_ms is not None:
        facts.insert(0, f"Latency budget {design.sla_ms:g} ms")
    lines += [f"_{', '.join(facts)}._", ""]
    for number, (title, parts) in enumerate(STEPS, 1):
        lines += [f"## {number}. {title}", "", *_step_body(card, parts)]
    lines += ["## Trade-offs", ""]
    if card.tradeoffs:
        lines += ["| Topic | Options | Choice | Why |", "|---|---|---|---|"]
        for t in card.tradeoffs:
            options = "; ".join(_flat(o) for o in t.options)
            lines.append(
                f"| {_cell(t.topic)} | {_cell(options)} | {_cell(t.choice)} | {_cell(t.why)} |"
            )
        lines.append("")
    else:
        lines += ["_No trade-offs written yet._", ""]
    lines += ["## Talking points", "", *(_bullets(card.talking_points) or ["_None yet._"]), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- practice mode -------------------------------------------------------------------------------


def masked_id(design_id: str) -> str:
    """The id (and file stem) of a design's practice copy, so it never overwrites the diagram."""
    suffix = "_masked"
    return design_id[: ID_MAX_LENGTH - len(suffix)] + suffix


def mask(design: Design) -> tuple[Design, str]:
    """The design with every component named only by a number, and the Markdown answer key.

    Numbers follow declaration order. Icons (the kind), planes, groups and flow kinds stay, as
    the hints a learner reasons from. Labels, technologies and notes go; so do flow labels,
    because most name what they reach ("feature lookup", "training set") and would give the
    answer away. Ids become `c1`, `c2`, ... since SVG viewers show node ids as tooltips.
    """
    numbers = {c.id: str(i) for i, c in enumerate(design.components, 1)}
    ids = {cid: f"c{n}" for cid, n in numbers.items()}
    components = [
        Component(
            id=ids[c.id],
            kind=c.kind,
            label=numbers[c.id],
            plane=c.plane,
            latency_ms=c.latency_ms,
        )
        for c in design.components
    ]
    flows = [
        Flow(
            source=ids.get(f.source, f.source),
            target=ids.get(f.target, f.target),
            kind=f.kind,
            latency_ms=f.latency_ms,
        )
        for f in design.flows
    ]
    groups = [
        g.model_copy(update={"members": [ids.get(m, m) for m in g.members]}) for g in design.groups
    ]
    masked = Design(
        id=masked_id(design.id),
        title=design.title,
        sla_ms=design.sla_ms,
        direction=design.direction,
        components=components,
        flows=flows,
        groups=groups,
        frames=[[ids.get(name, name) for name in frame] for frame in design.frames],
    )
    return masked, answer_key(design, numbers)


def answer_key(design: Design, numbers: dict[str, str]) -> str:
    """Markdown: what each number is, and the labels of the flows between them."""
    group_of = {m: g.label for g in design.groups for m in g.members}

    def name(component_id: str) -> str:
        component = design.component(component_id)
        label = component.label if component else component_id
        return f"{numbers.get(component_id, '?')} {_cell(label)}"

    lines = [
        f"# Answer key: {_flat(design.title)}",
        "",
        f"Practice diagram: `{masked_id(design.id)}.svg`. Name each numbered component from its "
        "icon, its group and its flows, then check here.",
        "",
        "| # | Component | Kind | Group | Technology | Notes |",
        "|---:|---|---|---|---|---|",
    ]
    for c in design.components:
        lines.append(
            f"| {numbers[c.id]} | {_cell(c.label)} | `{c.kind.value}` | "
            f"{_cell(group_of.get(c.id, ''))} | {_cell(c.tech or '')} | {_cell(c.notes or '')} |"
        )
    labelled = [f for f in design.flows if f.label]
    if labelled:
        lines += ["", "## Flow labels", "", "| From | To | Kind | Label |", "|---|---|---|---|"]
        for f in labelled:
            lines.append(
                f"| {name(f.source)} | {name(f.target)} | {f.kind.value} | {_cell(f.label or '')} |"
            )
    return "\n".join(lines) + "\n"


# --- the gallery ---------------------------------------------------------------------------------

_GALLERY_TITLE = "ML system design gallery"
_GALLERY_INTRO = (
    "Every design as a diagram and a 7-step study card. Open a diagram for full size; "
    "the study card walks from requirements to monitoring."
)

_CSS = """
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #ffffff; --text: #1f2430;
  --muted: #5b6270; --line: #dde1e7; --accent: #2f6fde; --thumb: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15181e; --card: #1f232b; --text: #e8eaef; --muted: #a2a9b6; --line: #323843;
    --accent: #7aa7ff; --thumb: #f4f5f7; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header { max-width: 1280px; margin: 0 auto; padding: 32px 24px 8px; }
h1 { margin: 0 0 6px; font-size: 28px; }
header p { margin: 0; color: var(--muted); max-width: 70ch; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; display: grid; gap: 20px;
  grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); }
article { background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  overflow: hidden; display: flex; flex-direction: column;
  box-shadow: 0 1px 2px rgb(0 0 0 / 6%); transition: box-shadow .15s, transform .15s; }
article:hover { box-shadow: 0 6px 20px rgb(0 0 0 / 12%); transform: translateY(-2px); }
.thumb { display: block; background: var(--thumb); border-bottom: 1px solid var(--line);
  padding: 12px; }
.thumb img { display: block; width: 100%; height: 220px; object-fit: contain; }
.body { padding: 14px 16px 16px; display: flex; flex-direction: column; gap: 8px; flex: 1; }
h2 { margin: 0; font-size: 17px; line-height: 1.3; }
h2 a { color: inherit; text-decoration: none; }
h2 a:hover { color: var(--accent); }
.summary { margin: 0; color: var(--muted); font-size: 14px; display: -webkit-box;
  -webkit-line-clamp: 4; -webkit-box-orient: vertical; overflow: hidden; }
.meta { margin-top: auto; display: flex; flex-wrap: wrap; align-items: center;
  justify-content: space-between; gap: 8px; font-size: 13px; color: var(--muted); }
.meta span, .links a { white-space: nowrap; }
.links { display: flex; gap: 6px; }
.links a { color: var(--accent); text-decoration: none; border: 1px solid var(--line);
  border-radius: 999px; padding: 2px 10px; font-weight: 600; font-size: 12px; }
.links a:hover { background: var(--accent); border-color: var(--accent); color: var(--card); }
""".strip()


@dataclass
class GalleryResult:
    """What `write_gallery` did: the designs it had to render and the files it wrote."""

    rendered: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def _counts(design: Design) -> str:
    return f"{len(design.components)} components \u00b7 {len(design.flows)} flows"


def gallery_html(designs: Sequence[Design]) -> str:
    """A self-contained page: a thumbnail per design linking to its SVG, PNG and study card."""
    esc = html.escape
    articles = []
    for d in designs:
        svg, png, card = (quote(f"{d.id}.{ext}") for ext in ("svg", "png", "md"))
        articles.append(
            f'<article id="{esc(d.id)}">\n'
            f'  <a class="thumb" href="{svg}"><img src="{svg}" '
            f'alt="Diagram of {esc(d.title)}"></a>\n'
            f'  <div class="body">\n'
            f'    <h2><a href="{svg}">{esc(d.title)}</a></h2>\n'
            f'    <p class="summary">{esc(_flat(d.summary))}</p>\n'
            f'    <div class="meta"><span>{_counts(d)}</span><nav class="links">'
            f'<a href="{svg}">SVG</a><a href="{png}">PNG</a><a href="{card}">Study card</a>'
            "</nav></div>\n"
            "  </div>\n"
            "</article>"
        )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_GALLERY_TITLE}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_GALLERY_TITLE}</h1>\n<p>{len(designs)} designs. {_GALLERY_INTRO}</p>\n"
        "</header>\n<main>\n" + "\n".join(articles) + "\n</main>\n</body>\n</html>\n"
    )


def gallery_readme(designs: Sequence[Design]) -> str:
    """The gallery as GitHub-flavoured Markdown: an index table, then each design's diagram."""
    lines = [
        f"# {_GALLERY_TITLE}",
        "",
        f"{len(designs)} designs. {_GALLERY_INTRO}",
        "",
        "| Design | Size | Files |",
        "|---|---|---|",
    ]
    for d in designs:
        lines.append(
            f"| [{_cell(d.title)}](#{d.id.replace('_', '-')}) | {_counts(d)} | "
            f"[SVG]({d.id}.svg) · [PNG]({d.id}.png) · [study card]({d.id}.md) |"
        )
    for d in designs:
        # An explicit anchor: GitHub's own heading slugs depend on the title's punctuation.
        lines += [
            "",
            f'<a id="{d.id.replace("_", "-")}"></a>',
            "",
            f"## {_flat(d.title)}",
            "",
            f"[![Diagram of {_flat(d.title)}]({d.id}.png)]({d.id}.svg)",
            "",
        ]
        if d.summary.strip():
            lines += [_flat(d.summary), ""]
        lines.append(
            f"[SVG]({d.id}.svg) · [PNG]({d.id}.png) · [study card]({d.id}.md) · {_counts(d)}"
        )
    return "\n".join(lines) + "\n"


def write_gallery(designs: Sequence[Design], out_dir: str | Path) -> GalleryResult:
    """Render the designs whose PNG or SVG is missing, then write their cards and the gallery.

    Raises LoadError when two designs share an id, and what `render.render` raises.
    """
    from .render import render

    seen: set[str] = set()
    for d in designs:
        if d.id in seen:
            raise LoadError(
                f"two designs share the id `{d.id}`, and the gallery names files by id; "
                "rename one, or leave one out"
            )
        seen.add(d.id)
    out = Path(out_dir)
    result = GalleryResult()
    for d in designs:
        if not all((out / f"{d.id}.{ext}").is_file() for ext in ("png", "svg")):
            render(d, out)
            result.rendered.append(d.id)
    for d in designs:
        result.written.append(write_text(out / f"{d.id}.md", card_markdown(d, f"{d.id}.svg")))
    result.written.append(write_text(out / "index.html", gallery_html(designs)))
    result.written.append(write_text(out / "README.md", gallery_readme(designs)))
    return result


# --- new design modules --------------------------------------------------------------------------

_STARTER = '''"""__DOC__

Validate and render it while you edit:

    mlsd validate __FILE__ --strict
    mlsd render __FILE__ -o output/
"""

from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.model import Card, Design, Tradeoff


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
    printable = "".join(char for char in _flat(text) if char.isprintable())
    return printable.replace("\\", "\\\\").replace('"', '\\"')


def starter_source(design_id: str, title: str, file: str) -> str:
    """A small design module that passes `mlsd validate --strict` and renders as written."""
    doc = f"{_docstring_text(title)}: a starting design to rename, re-wire and extend."
    return (
        _STARTER.replace("__DOC__", doc)
        .replace("__FILE__", _docstring_text(file))
        .replace("__ID__", _quote(design_id))
        .replace("__TITLE__", _quote(title))
    )


_WIDTH = 99
_RESERVED = {"bp", "link", "Blueprint", "Card", "Design", "Tradeoff", "Component", "Flow", "Group"}


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
    args = [] if flow.kind.value == "request" else [_quote(flow.kind.value)]
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
    used = {end for f in design.flows for end in (f.source, f.target)}

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
            lead = len(f"with bp.group({_quote(group_id)}, ")
            label = _string(labels[group_id], indent, lead + 2)
            body.append(f"{' ' * indent}with bp.group({_quote(group_id)}, {label}):")
            stack.append(group_id)
        indent = 4 + 4 * len(stack)
        assign = f"{_variable(c.id)} = " if c.id in used else ""
        args = [_quote(c.id), _quote(c.kind.value), _string(c.label, indent + 4)]
        extras = dict(_explicit_fields(c))
        args += [
            _kwarg(name, extras[name], indent + 4)
            for name in ("plane", "latency_ms", "tech", "notes")
            if name in extras
        ]
        call = _call("bp.add", args, indent, len(assign))
        body.append(f"{' ' * indent}{assign}{call}")
    if design.flows:
        body.append("")
    body += [_flow_line(f) for f in design.flows]
    if design.frames:
        body += ["", "    bp.frames = " + _expr(design.frames, 4, len("bp.frames = "))]
    if design.card != Card():
        body += ["", "    bp.card = " + _expr(design.card, 4, len("bp.card = "))]
    body.append("    return bp.build()")

    text = "\n".join(body)
    imports = [
        "from mlsd_diagrams.compose import Blueprint" + (", link" if "link(" in text else "")
    ]
    names = {"Design"} | {n for n in ("Card", "Tradeoff") if f"{n}(" in text}
    imports.append(f"from mlsd_diagrams.model import {', '.join(sorted(names))}")
    return _module(doc, imports, text)


def _model_source(design: Design, doc: str) -> str:
    """The design as one `Design(...)` expression: faithful for any design."""
    text = "    return " + _expr(design, 4, len("return "))
    names = {
        n for n in ("Card", "Component", "Design", "Flow", "Group", "Tradeoff") if f"{n}(" in text
    }
    imports = [f"from mlsd_diagrams.model import {', '.join(sorted(names | {'Design'}))}"]
    return _module(doc, imports, text)


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


def valid_id(design_id: str) -> bool:
    return len(design_id) <= ID_MAX_LENGTH and re.fullmatch(ID_PATTERN, design_id) is not None


# --- watch ---------------------------------------------------------------------------------------


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # editors that save by rename leave the file missing for a moment
    return info.st_mtime_ns, info.st_size


def watch(
    target: Path,
    on_change: Callable[[], None],
    *,
    interval: float = 0.5,
    max_cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Call `on_change` now and after each change of `target`; returns how often it was called.

    Polls the file's modification time and size every `interval` seconds, for `max_cycles`
    polls or until interrupted.
    """
    last: tuple[int, int] | None = None
    calls = cycles = 0
    while max_cycles is None or cycles < max_cycles:
        stamp = _stamp(target)
        if stamp is not None and stamp != last:
            last = stamp
            on_change()
            calls += 1
        cycles += 1
        if max_cycles is None or cycles < max_cycles:
            sleep(interval)
    return calls
