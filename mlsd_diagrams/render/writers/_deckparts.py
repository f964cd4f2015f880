"""The parts of a deck that are not shapes: the speaker notes from the card, and the zip made
deterministic."""

from __future__ import annotations

import io
import zipfile

from ..._model import Design

__all__ = ["pinned_zip", "speaker_notes"]


def speaker_notes(design: Design) -> str:
    """The card's narration, the summary, the talking points and the failure modes, as text."""
    card = design.card
    parts: list[str] = []
    narration = getattr(card, "narration", "") or ""
    if narration:
        parts.append(str(narration))
    if design.summary:
        parts.append(design.summary)
    points = list(getattr(card, "talking_points", []) or [])
    if points:
        parts.append("Talking points:\n" + "\n".join(f"- {p}" for p in points))
    failures = list(getattr(card, "failure_modes", []) or [])
    if failures:
        lines = []
        for row in failures:
            fields = ("component", "failure", "detection", "mitigation")
            values = [str(getattr(row, f, "") or "") for f in fields]
            lines.append("- " + "; ".join(v for v in values if v))
        parts.append("Failure modes:\n" + "\n".join(lines))
    return "\n\n".join(parts)


def pinned_zip(data: bytes) -> bytes:
    """The same package with every member dated alike, so equal decks are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
