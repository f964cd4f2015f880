"""The 7-step study card of a design as Markdown, with its diagram linked relatively."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from .._model import Card, Design
from ._narration import narrate

__all__ = ["INTERVIEW_PLAN", "STEPS", "card_markdown", "cell", "flat", "image_link", "words"]


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


def flat(text: str) -> str:
    """One line: Markdown list items and table cells cannot hold line breaks."""
    return " ".join(text.split())


# A design's words are text: HTML in them (`<script>`, `<!--`, `&amp;`) or a backtick would be
# read by a Markdown viewer as markup or the start of code, so each is written escaped.
_LITERAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "\\`"})


def words(text: str) -> str:
    """`flat` text that a Markdown viewer shows as written, not as HTML or code."""
    return flat(text).translate(_LITERAL)


def cell(text: str) -> str:
    # An unescaped pipe would end the cell and shift every later column.
    return words(text).replace("|", "\\|") or " "


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


def card_markdown(design: Design, image: str | None = None) -> str:
    """The design's 7-step study card as Markdown, with the diagram at the relative URL `image`."""
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
