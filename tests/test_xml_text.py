"""Every text the schema accepts reaches the XML outputs (the deck, its notes, the explorer)
without a crash: long titles and characters XML cannot hold, replaced and said in a warning."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pptx import Presentation

from mlsd_diagrams import study
from mlsd_diagrams._load import load_data
from mlsd_diagrams._model import Design
from mlsd_diagrams._text import xml_text
from mlsd_diagrams.render import Format, RenderOptions, drawing_bytes
from mlsd_diagrams.study._svg import embed_svg

from .conftest import small_design

NONCHARS = "a\ufffeb\uffffc\x01d"


def design_with(**fields: Any) -> Design:
    data = small_design().to_dict()
    card = fields.pop("card", {})
    data.update(fields)
    data.setdefault("card", {}).update(card)
    return load_data(data)


def deck(design: Design) -> tuple[Any, list[str]]:
    files, result = drawing_bytes(design, RenderOptions(formats=(Format.PPTX,), frames=False))
    return Presentation(io.BytesIO(files[f"{design.id}.pptx"])), result.warnings


def test_xml_text_replaces_only_what_xml_cannot_hold() -> None:
    assert xml_text("tab\tline\nreturn\r 日本 🚀 <&>") == "tab\tline\nreturn\r 日本 🚀 <&>"
    assert xml_text(NONCHARS) == "a\ufffdb\ufffdc\ufffdd"


@pytest.mark.exe
def test_a_title_over_255_characters_makes_a_deck_and_a_warning() -> None:
    title = "Ranking " * 40  # 320 characters
    presentation, warnings = deck(design_with(title=title))
    kept = presentation.core_properties.title
    assert len(kept) == 255 and kept.endswith("…") and title.startswith(kept[:-1])
    assert any("320 characters" in w for w in warnings), warnings
    slide_title = next(s for s in presentation.slides[0].shapes if s.name == "title")
    assert slide_title.text_frame.text.startswith("Ranking Ranking")


@pytest.mark.exe
@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"summary": NONCHARS}, "summary"),
        ({"card": {"narration": NONCHARS}}, "card.narration"),
        ({"card": {"talking_points": ["fine", NONCHARS]}}, "card.talking_points[1]"),
        (
            {
                "card": {
                    "failure_modes": [
                        {"component": "api", "failure": NONCHARS, "detection": "d",
                         "mitigation": "m"}
                    ]
                }
            },
            "card.failure_modes[0].failure",
        ),
    ],
)  # fmt: skip
def test_characters_xml_cannot_hold_are_replaced_in_the_notes_and_said(
    fields: dict[str, Any], where: str
) -> None:
    presentation, warnings = deck(design_with(**fields))
    notes = presentation.slides[0].notes_slide.notes_text_frame.text
    assert "a\ufffdb\ufffdc" in notes
    assert any(where in w and "U+FFFD" in w for w in warnings), warnings


def test_cards_and_explorer_pages_take_the_same_characters() -> None:
    design = design_with(
        summary=NONCHARS, card={"narration": NONCHARS, "talking_points": [NONCHARS]}
    )
    assert "b\uffffc" in study.card_markdown(design)
    page = study.explorer_html(design, None)
    assert "<html" in page


def test_an_svg_holding_a_non_character_is_embedded_not_refused(tiny: Design) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g id="node1" '
        'class="node"><title>api</title><text>Ranker \ufffe</text></g></svg>'
    )
    page = embed_svg(svg, tiny)
    assert page is not None and "Ranker \ufffd</text>" in page
