"""The 7-step study card as an HTML fragment, built from the Card model; every word is escaped."""

from __future__ import annotations

import html

from .._model import Card, Design
from ._card import (
    INTERVIEW_PLAN,
    MODEL_STEP,
    STEPS,
    block_text,
    figure_file,
    figure_reading,
    flat,
)
from ._narration import narrate

__all__ = ["card_html"]

_OPEN = '<details class="step" open><summary><span class="num">{mark}</span>{title}</summary>'


def _e(text: str) -> str:
    return html.escape(flat(text))


def _step(card: Card, parts: tuple[tuple[str, str], ...]) -> list[str]:
    out: list[str] = []
    for name, heading in parts:
        value: str | list[str] = getattr(card, name)
        items = [value] if isinstance(value, str) else list(value)
        items = [item for item in items if item.strip()]
        if not items:
            continue
        if heading:
            out.append(f"<h4>{html.escape(heading)}</h4>")
        if isinstance(value, str):
            out.append(f"<p>{_e(value)}</p>")
        else:
            out.append("<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>")
    return out or ['<p class="empty">Nothing written for this step yet.</p>']


def _figures(design: Design) -> list[str]:
    """The Model step's figures: a link to each drawing (beside the page) and its blocks."""
    out: list[str] = []
    for figure in design.figures:
        href = html.escape(figure_file(design.id, figure.id), quote=True)
        out.append(
            f'<div class="figure" id="figure-{figure.id}" data-figure="{figure.id}"'
            + (f' data-component="{figure.component}"' if figure.component else "")
            + f'><h4><a href="{href}">{_e(figure.title)}</a></h4>'
            f'<p class="reading">{_e(figure_reading(figure))}</p>'
            + (f"<p>{_e(figure.caption)}</p>" if figure.caption.strip() else "")
            + "<ul>"
            + "".join(f"<li>{_e(block_text(b))}</li>" for b in figure.blocks)
            + "</ul></div>"
        )
    return out


def card_html(design: Design) -> str:
    """The card: summary facts, the 7 steps as collapsible sections, trade-offs, talking points."""
    card = design.card
    facts = [f"{len(design.components)} components", f"{len(design.flows)} flows"]
    if design.sla_ms is not None:
        facts.insert(0, f"latency budget {design.sla_ms:g} ms")
    out = ['<section class="card" aria-label="Study card">']
    if design.summary.strip():
        out.append(f'<p class="lede">{_e(design.summary)}</p>')
    out.append(f'<p class="facts">{html.escape(" · ".join(facts))}</p>')
    brief = _e(card.narration or narrate(design))
    out.append(f'<p class="narration"><strong>In brief:</strong> {brief}</p>')
    for number, (title, parts) in enumerate(STEPS, 1):
        out.append(
            f'<details class="step" open><summary><span class="num">{number}</span>'
            f"{html.escape(title)}</summary>{''.join(_step(card, parts))}"
            + ("".join(_figures(design)) if title == MODEL_STEP else "")
            + "</details>"
        )
    out.append(_OPEN.format(mark="⇄", title="Trade-offs"))
    if card.tradeoffs:
        for t in card.tradeoffs:
            options = " · ".join(flat(o) for o in t.options)
            out.append(
                f'<div class="tradeoff"><h4>{_e(t.topic)}</h4>'
                + (f'<p class="options">{html.escape(options)}</p>' if options else "")
                + (f"<p><strong>Choice:</strong> {_e(t.choice)}</p>" if t.choice.strip() else "")
                + (f'<p class="why">{_e(t.why)}</p>' if t.why.strip() else "")
                + "</div>"
            )
    else:
        out.append('<p class="empty">No trade-offs written yet.</p>')
    out.append("</details>")
    points = [p for p in card.talking_points if p.strip()]
    out.append(
        '<details class="step" open><summary><span class="num">★</span>Talking points</summary>'
    )
    out.append(
        "<ul>" + "".join(f"<li>{_e(p)}</li>" for p in points) + "</ul>"
        if points
        else '<p class="empty">None yet.</p>'
    )
    out.append("</details>")
    out += _table(
        "⚠",
        "Failure modes",
        ("Component", "Failure", "Detection", "Mitigation"),
        [(f.component, f.failure, f.detection, f.mitigation) for f in card.failure_modes],
    )
    out += _table(
        "≈",
        "Estimates",
        ("Quantity", "Value", "Arithmetic"),
        [(e.quantity, e.value, e.working) for e in card.estimates],
    )
    out += _table("⏱", "The 45-minute plan", ("Minutes", "Step"), list(INTERVIEW_PLAN))
    out.append("</section>")
    return "\n".join(out)


def _table(mark: str, title: str, heads: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """A collapsible section holding a table, or nothing when there are no rows."""
    if not rows:
        return []
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return [
        _OPEN.format(mark=mark, title=html.escape(title)),
        f'<table class="card-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
        "</details>",
    ]
