"""The mock interview's script: the 45-minute plan's phases, each with its card step, its share of
the build-up frames and an interviewer's follow-up drawn from the card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .._model import Card, Design
from ._card import INTERVIEW_PLAN, STEPS
from ._text import flat

__all__ = ["FollowUp", "follow_ups", "interview_data"]

Source = Literal["tradeoff", "failure", "estimate", "plan"]

# Which kinds of follow-up an interviewer reaches for in each phase, most apt first: scale
# while clarifying, choices while framing and modelling, breakage while serving and monitoring.
_PREFERRED: tuple[tuple[Source, Source, Source], ...] = (
    ("estimate", "tradeoff", "failure"),
    ("tradeoff", "estimate", "failure"),
    ("estimate", "tradeoff", "failure"),
    ("tradeoff", "estimate", "failure"),
    ("tradeoff", "failure", "estimate"),
    ("failure", "estimate", "tradeoff"),
    ("failure", "tradeoff", "estimate"),
)
# What to ask when the card gives nothing left to draw from.
_GENERIC = (
    "Which requirement would you give up first if the latency budget were halved, and why?",
    "What exactly is the label, and how would you get it without hand-labelling everything?",
    "Where could training data leak information the model will not have at serving time?",
    "What is your baseline, and what would convince you the complex model is worth it?",
    "Your offline metric improves but the online one does not move. What do you check?",
    "Traffic doubles overnight. What breaks first on the request path?",
    "How would you know the model has gone stale, before users tell you?",
)


@dataclass(frozen=True)
class FollowUp:
    """An interviewer's question and what a good answer holds (from the reference card)."""

    question: str
    listen_for: str
    source: Source


def _from_card(card: Card) -> dict[Source, list[FollowUp]]:
    tradeoffs = [
        FollowUp(
            f"{_sentence(t.topic)} "
            + (f"{' or '.join(flat(o) for o in t.options)}? " if t.options else "")
            + "Which do you choose, and what does it cost you?",
            " ".join(_sentence(part) for part in (t.choice, t.why) if part.strip()),
            "tradeoff",
        )
        for t in card.tradeoffs
        if t.topic.strip()
    ]
    failures = [
        FollowUp(
            f"Say {flat(f.component)} fails: {_lower(_sentence(f.failure))} How do you notice, "
            "and what limits the damage?",
            " ".join(
                part
                for part in (
                    f"Detect: {flat(f.detection)}." if f.detection.strip() else "",
                    f"Mitigate: {flat(f.mitigation)}." if f.mitigation.strip() else "",
                )
                if part
            ),
            "failure",
        )
        for f in card.failure_modes
        if f.failure.strip()
    ]
    estimates = [
        FollowUp(
            f"Estimate the {_lower(flat(e.quantity))} for this system, out loud: what do you "
            "start from?",
            flat(e.value) + (f" ({flat(e.arithmetic)})" if e.arithmetic.strip() else ""),
            "estimate",
        )
        for e in card.estimates
        if e.quantity.strip()
    ]
    return {"tradeoff": tradeoffs, "failure": failures, "estimate": estimates}


def _sentence(text: str) -> str:
    """`text` on one line, ending as a sentence does."""
    line = flat(text)
    return line if line[-1:] in ".!?" else line + "."


def _lower(name: str) -> str:
    """`Ingest` -> `ingest` in mid-sentence; an acronym (`QPS`) stays as written."""
    return name[0].lower() + name[1:] if name[:2].istitle() else name


def follow_ups(card: Card) -> list[FollowUp]:
    """One follow-up per phase of the plan: each phase first takes the next question of its most
    apt kind; a phase left without one takes what the card has left, in its own order of
    preference; then a question every design should survive."""
    pools = _from_card(card)
    chosen: list[FollowUp | None] = [
        pools[kinds[0]].pop(0) if pools[kinds[0]] else None for kinds in _PREFERRED
    ]
    for phase, kinds in enumerate(_PREFERRED):
        if chosen[phase] is None:
            pool = next((pools[kind] for kind in kinds if pools[kind]), None)
            chosen[phase] = pool.pop(0) if pool else FollowUp(_GENERIC[phase], "", "plan")
    return [q for q in chosen if q is not None]


def _points(card: Card, parts: tuple[tuple[str, str], ...]) -> list[str]:
    points: list[str] = []
    for name, heading in parts:
        value: str | list[str] = getattr(card, name)
        items = [value] if isinstance(value, str) else list(value)
        points += [f"{heading}: {flat(i)}" if heading else flat(i) for i in items if i.strip()]
    return points


def interview_data(design: Design, frame_count: int) -> dict[str, Any]:
    """The phases as the explorer's script reads them: minutes, the card step's points, the
    build-up frame to show (the drawing is whole by the serving phase) and the follow-up."""
    phases = []
    questions = follow_ups(design.card)
    count = len(INTERVIEW_PLAN)
    for index, ((minutes, cover), (title, parts)) in enumerate(
        zip(INTERVIEW_PLAN, STEPS, strict=True)
    ):
        start, end = (int(m) for m in minutes.split("-"))
        frame = -(-(index + 1) * frame_count // count) - 1 if frame_count else 0
        question = questions[index]
        phases.append(
            {
                "minutes": minutes,
                "start": start,
                "end": end,
                "title": title,
                "cover": cover,
                "points": _points(design.card, parts),
                "question": question.question,
                "listen": question.listen_for,
                "frame": max(0, min(frame, frame_count - 1)),
            }
        )
    return {"minutes": phases[-1]["end"], "phases": phases}
