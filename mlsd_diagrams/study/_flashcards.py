"""Flashcards: an Anki deck (.apkg) of each design's masked diagram, metrics, trade-offs and
failure modes, to drill between interviews."""

from __future__ import annotations

import errno
import html
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .._errors import LoadError, RenderError
from .._files import disk_full_message, nearly_full, write_bytes
from .._model import Design, first_repeated_id
from ._mask import mask, masked_id

__all__ = ["DECK_ID", "MODEL_ID", "Flashcard", "flashcards", "write_flashcards"]

# Fixed ids, so a deck imported again updates its cards instead of adding copies.
DECK_ID = 1_843_190_518
MODEL_ID = 1_843_190_519
_CSS = """
.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; color: #1f2430;
  background: #ffffff; }
img { max-width: 100%; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; }
.design { color: #5b6270; font-size: 14px; }
"""


@dataclass(frozen=True)
class Flashcard:
    """One note: what the deck asks, what it answers, and the design it comes from."""

    design_id: str
    kind: str
    """diagram, figure, metrics, tradeoff or failure_mode."""
    front: str
    back: str
    """HTML, as Anki shows it."""


def _esc(text: str) -> str:
    return html.escape(" ".join(text.split()))


def _items(values: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{_esc(v)}</li>" for v in values) + "</ul>"


def _title(design: Design) -> str:
    return f'<div class="design">{_esc(design.title)}</div>'


def flashcards(design: Design) -> list[Flashcard]:
    """The cards of one design: its masked diagram, each masked model figure, its metrics, each
    trade-off and each failure mode. The diagram card shows `<masked id>.svg` and a figure's
    `<masked id>.figure-<figure id>.svg`, which the deck carries as media."""
    card = design.card
    rows = "".join(
        f"<tr><td>{n}</td><td>{_esc(c.label)}</td><td>{_esc(c.kind)}</td></tr>"
        for n, c in enumerate(design.components, 1)
    )
    cards = [
        Flashcard(
            design.id,
            "diagram",
            f"{_title(design)}Name each numbered component.<br>"
            f'<img src="{masked_id(design.id)}.svg">',
            f"<table><tr><th>#</th><th>Component</th><th>Kind</th></tr>{rows}</table>",
        )
    ]
    for figure in design.figures:
        blocks = "".join(
            f"<tr><td>{n}</td><td>{_esc(b.label)}</td><td>{_esc(b.kind)}</td>"
            f"<td>{_esc(b.shape or '')}</td></tr>"
            for n, b in enumerate(figure.blocks, 1)
        )
        cards.append(
            Flashcard(
                design.id,
                "figure",
                f"{_title(design)}{_esc(figure.title)}: name each numbered block.<br>"
                f'<img src="{masked_id(design.id)}.figure-{figure.id}.svg">',
                "<table><tr><th>#</th><th>Block</th><th>Kind</th><th>Shape</th></tr>"
                f"{blocks}</table>",
            )
        )
    if card.offline_metrics or card.online_metrics:
        cards.append(
            Flashcard(
                design.id,
                "metrics",
                f"{_title(design)}Which metrics would you use offline, and which online?",
                f"<b>Offline</b>{_items(card.offline_metrics)}"
                f"<b>Online</b>{_items(card.online_metrics)}",
            )
        )
    for t in card.tradeoffs:
        options = f"<br>Options: {_esc('; '.join(t.options))}" if t.options else ""
        cards.append(
            Flashcard(
                design.id,
                "tradeoff",
                f"{_title(design)}{_esc(t.topic)}: what do you choose, and why?{options}",
                f"<b>{_esc(t.choice)}</b><br>{_esc(t.why)}",
            )
        )
    for f in card.failure_modes:
        cards.append(
            Flashcard(
                design.id,
                "failure_mode",
                f"{_title(design)}How can <b>{_esc(f.component)}</b> fail, how would you notice, "
                "and what limits the damage?",
                f"<b>Failure</b>: {_esc(f.failure)}<br><b>Detection</b>: {_esc(f.detection)}"
                f"<br><b>Mitigation</b>: {_esc(f.mitigation)}",
            )
        )
    return cards


def write_flashcards(
    designs: Sequence[Design], path: str | Path, title: str = ""
) -> list[Flashcard]:
    """Write an Anki package of every design's cards to `path`, the masked diagrams as media.

    The designs are taken as valid (callers validate once); LoadError when two share an id.
    """
    import genanki  # type: ignore[import-untyped]  # no stubs; imported only for a deck

    from ..render import Format, figure_bytes, single_format

    repeated = first_repeated_id(designs)
    if repeated is not None:
        raise LoadError(f"two designs share the id `{repeated}`; a deck names its images by id")
    model = genanki.Model(
        MODEL_ID,
        "mlsd-diagrams card",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Design"}, {"name": "Kind"}],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=_CSS,
    )
    deck = genanki.Deck(DECK_ID, title or "ML system design")
    cards = [c for design in designs for c in flashcards(design)]
    for number, c in enumerate(cards):
        guid = genanki.guid_for(c.design_id, c.kind, number)
        deck.add_note(
            genanki.Note(
                model=model, fields=[c.front, c.back, c.design_id, c.kind], tags=[c.kind], guid=guid
            )
        )
    try:
        with tempfile.TemporaryDirectory(prefix="mlsd-deck-") as folder:
            media = []
            for design in designs:
                practice, _ = mask(design)
                svg = Path(folder) / f"{practice.id}.svg"
                svg.write_bytes(single_format(practice, Format.SVG))
                media.append(str(svg))
                for figure in practice.figures:
                    drawn = Path(folder) / f"{practice.id}.figure-{figure.id}.svg"
                    drawn.write_bytes(figure_bytes(practice, figure.id, Format.SVG))
                    media.append(str(drawn))
            package = Path(folder) / "deck.apkg"
            genanki.Package(deck, media_files=media).write_to_file(str(package))
            data = package.read_bytes()
    except (OSError, sqlite3.Error) as error:
        # genanki builds its database and zip in TMPDIR; a full one is not the deck's fault.
        temporary = Path(tempfile.gettempdir())
        no_room = getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
        if no_room or "full" in str(error).lower() or nearly_full(temporary):
            fix = "set TMPDIR to a folder with room"
            raise RenderError(
                disk_full_message(temporary, "the deck could not be built in TMPDIR", fix)
            ) from None
        raise RenderError(
            f"the deck could not be built in the temporary folder {temporary} ({error}); "
            "check the disk, or set TMPDIR to a folder with room"
        ) from None
    write_bytes(Path(path), data)
    return cards
