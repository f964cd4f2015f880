"""The 7-step study card of a design as Markdown, with its diagram linked relatively."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from .._catalog import block_spec
from .._model import Card, Design, Figure, FigureBlock
from ._compare import Comparison, compare_markdown
from ._narration import narrate
from ._text import cell, flat, words

__all__ = [
    "INTERVIEW_PLAN",
    "MODEL_STEP",
    "STEPS",
    "block_text",
    "card_markdown",
    "cell",
    "figure_file",
    "figure_reading",
    "flat",
    "image_link",
    "words",
]

MODEL_STEP = "Model development"


def figure_file(design_id: str, figure_id: str, fmt: str = "svg") -> str:
    """The file name `mlsd render --figures` gives a figure: `<design>.figure-<id>.<fmt>`."""
    return f"{design_id}.figure-{figure_id}.{fmt}"


def block_text(block: FigureBlock) -> str:
    """A block in words: `User tower (MLP x3, B x 128)`, frozen parts said."""
    facts = [block_spec(block.kind).title + (f" x{block.repeat}" if block.repeat > 1 else "")]
    if block.op:
        facts.append(block.op)
    if block.shape:
        facts.append(block.shape)
    if block.frozen and block.kind != "frozen":
        facts.append("frozen")
    return f"{flat(block.label)} ({', '.join(facts)})"


def figure_reading(figure: Figure) -> str:
    """How to read the figure: its direction, what it trains and for which component."""
    way = "bottom to top" if figure.direction == "BT" else "left to right"
    what = "A training figure" if figure.training else "The model"
    owner = f" of {figure.component}" if figure.component else ""
    return f"{what}{owner}, read {way}."


def image_link(image: Path, document_dir: Path) -> str:
    """The relative URL from a document in `document_dir` to `image`, for Markdown and HTML."""
    relative = os.path.relpath(image.resolve(), document_dir.resolve())
    return quote(Path(relative).as_posix(), safe="/._-~")


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


# The 45-minute interview, the same for every design: minutes, then what to cover.
INTERVIEW_PLAN: tuple[tuple[str, str], ...] = (
    ("0-5", "Clarify the requirements: users, scale, latency, what success means"),
    ("5-10", "Frame the task: inputs, outputs, the ML objective and its label"),
    ("10-20", "Data and features: sources, labels, feature pipelines, the feature store"),
    ("20-30", "Model and training: a baseline, the model, the training loop and its data"),
    ("30-35", "Evaluation: offline metrics, then the online experiment"),
    ("35-40", "Serving: the request path, its latency budget, caching and fallbacks"),
    ("40-45", "Monitoring and wrap-up: drift, feedback, failure modes, trade-offs"),
)


def _bullets(items: Iterable[str]) -> list[str]:
    return [f"- {words(item)}" for item in items if item.strip()]


def _step_body(card: Card, parts: tuple[tuple[str, str], ...]) -> list[str]:
    lines: list[str] = []
    for name, heading in parts:
        value: str | list[str] = getattr(card, name)
        body = [words(value)] if isinstance(value, str) else _bullets(value)
        if not any(body):
            continue
        if heading:
            lines += [f"### {heading}", ""]
        lines += [*body, ""]
    return lines or ["_Nothing written for this step yet: add it to the design's `card`._", ""]


def _figure_dir(image: str | None) -> str:
    """Figures sit beside the diagram: the folder part of its URL, or nothing."""
    return image.rsplit("/", 1)[0] + "/" if image and "/" in image else ""


def _figures_body(design: Design, image: str | None) -> list[str]:
    """The Model step's figures: each with its picture and its blocks as text."""
    if not design.figures:
        return []
    lines = ["### Model figures", ""]
    folder = _figure_dir(image)
    for figure in design.figures:
        lines += [f"#### {words(figure.title)}", "", f"_{words(figure_reading(figure))}_", ""]
        if figure.caption.strip():
            lines += [words(figure.caption), ""]
        url = folder + quote(figure_file(design.id, figure.id), safe="/._-~")
        lines += [f"![{words(figure.title)}]({url})", ""]
        lines += [f"- {words(block_text(b))}" for b in figure.blocks]
        lines.append("")
    return lines


def card_markdown(
    design: Design, image: str | None = None, comparison: Comparison | None = None
) -> str:
    """The design's 7-step study card as Markdown, with the diagram at the relative URL `image`
    and, after the trade-offs, the `comparison` matrix of the designs it is compared with."""
    card = design.card
    lines = [f"# {words(design.title)}", ""]
    if design.summary.strip():
        lines += [words(design.summary), ""]
    if image:
        lines += [f"![Diagram of {words(design.title)}]({image})", ""]
    facts = [f"{len(design.components)} components", f"{len(design.flows)} flows"]
    if design.sla_ms is not None:
        facts.insert(0, f"Latency budget {design.sla_ms:g} ms")
    lines += [f"_{', '.join(facts)}._", ""]
    lines += ["## In brief", "", words(card.narration or narrate(design)), ""]
    lines += ["## The 45-minute interview", "", "| Minutes | Cover |", "|---|---|"]
    lines += [f"| {minutes} | {cell(what)} |" for minutes, what in INTERVIEW_PLAN]
    lines.append("")
    for number, (title, parts) in enumerate(STEPS, 1):
        lines += [f"## {number}. {title}", "", *_step_body(card, parts)]
        if title == MODEL_STEP:
            lines += _figures_body(design, image)
    lines += ["## Trade-offs", ""]
    if card.tradeoffs:
        lines += ["| Topic | Options | Choice | Why |", "|---|---|---|---|"]
        for t in card.tradeoffs:
            options = "; ".join(flat(o) for o in t.options)
            lines.append(
                f"| {cell(t.topic)} | {cell(options)} | {cell(t.choice)} | {cell(t.why)} |"
            )
        lines.append("")
    else:
        lines += ["_No trade-offs written yet._", ""]
    if comparison is not None:
        lines += [compare_markdown(comparison, level=2)]
    lines += ["## Failure modes", ""]
    if card.failure_modes:
        lines += ["| Component | Failure | Detection | Mitigation |", "|---|---|---|---|"]
        lines += [
            f"| {cell(f.component)} | {cell(f.failure)} | {cell(f.detection)} | "
            f"{cell(f.mitigation)} |"
            for f in card.failure_modes
        ]
        lines.append("")
    else:
        lines += ["_No failure modes written yet._", ""]
    lines += ["## Back-of-the-envelope estimates", ""]
    if card.estimates:
        lines += ["| Quantity | Value | Arithmetic |", "|---|---|---|"]
        lines += [
            f"| {cell(e.quantity)} | {cell(e.value)} | {cell(e.working)} |" for e in card.estimates
        ]
        lines.append("")
    else:
        lines += ["_No estimates written yet._", ""]
    lines += ["## Talking points", "", *(_bullets(card.talking_points) or ["_None yet._"]), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
