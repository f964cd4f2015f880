"""Flashcards: an Anki package whose notes and media are what the designs promise."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from mlsd_diagrams._load import load
from mlsd_diagrams.study import flashcards, masked_id

from .conftest import one_line, run

IDS = ["visual_search", "fraud_detection"]


def expected_notes(design_id: str) -> int:
    design = load(design_id)
    card = design.card
    metrics = 1 if card.offline_metrics or card.online_metrics else 0
    return 1 + len(design.figures) + metrics + len(card.tradeoffs) + len(card.failure_modes)


def test_the_cards_of_a_design() -> None:
    design = load("visual_search")
    cards = flashcards(design)
    assert len(cards) == expected_notes("visual_search")
    diagram = cards[0]
    assert diagram.kind == "diagram" and f'src="{masked_id(design.id)}.svg"' in diagram.front
    assert all(c.label.split()[0] in diagram.back for c in design.components)
    # The question never shows what the answer names.
    assert not any(c.label in diagram.front for c in design.components if len(c.label) > 3)
    kinds = [c.kind for c in cards]
    assert kinds.count("failure_mode") == len(design.card.failure_modes)
    assert kinds.count("tradeoff") == len(design.card.tradeoffs)
    assert "metrics" in kinds


@pytest.mark.exe
def test_flashcards_cli_writes_an_anki_package(tmp_path: Path) -> None:
    deck = tmp_path / "study.apkg"
    result = run("flashcards", *IDS, "-o", str(deck))
    assert result.exit_code == 0, result.output
    total = sum(expected_notes(i) for i in IDS)
    assert f"{total} cards from 2 design(s)" in result.stdout
    with zipfile.ZipFile(deck) as package:
        names = set(package.namelist())
        assert "collection.anki2" in names and "media" in names
        media = json.loads(package.read("media"))
        figures = [f"{masked_id(i)}.figure-{f.id}.svg" for i in IDS for f in load(i).figures]
        assert figures  # visual_search draws its image encoder
        assert sorted(media.values()) == sorted([f"{masked_id(i)}.svg" for i in IDS] + figures)
        for number, name in media.items():
            svg = package.read(number)
            assert svg.lstrip().startswith(b"<?xml") or b"<svg" in svg[:500], name
        (tmp_path / "collection.anki2").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("select flds, tags from notes").fetchall()
    assert len(rows) == total
    fields = [flds.split("\x1f") for flds, _ in rows]
    assert all(len(f) == 4 for f in fields)
    assert {f[2] for f in fields} == set(IDS)
    diagrams = [f for f in fields if f[3] == "diagram"]
    assert sorted(f'src="{masked_id(f[2])}.svg"' in f[0] for f in diagrams) == [True, True]
    failures = [f for f in fields if f[3] == "failure_mode"]
    assert len(failures) == sum(len(load(i).card.failure_modes) for i in IDS)
    assert all("Mitigation" in f[1] for f in failures)


def test_flashcards_of_an_unknown_design_exits_2(tmp_path: Path) -> None:
    result = run("flashcards", "no_such_design", "-o", str(tmp_path / "x.apkg"))
    assert result.exit_code == 2
    assert not (tmp_path / "x.apkg").exists()


def test_export_to_anki_writes_the_deck_of_every_design_named(tmp_path: Path) -> None:
    deck = tmp_path / "deck.apkg"
    result = run("export", "visual_search", "rag_pipeline", "--to", "anki", "-o", str(deck))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(deck) as package:
        assert "collection.anki2" in package.namelist()
    missing_out = run("export", "visual_search", "--to", "anki")
    assert missing_out.exit_code == 2 and "-o FILE.apkg" in one_line(missing_out)
    two_as_json = run("export", "visual_search", "rag_pipeline")
    assert two_as_json.exit_code == 2 and "writes one design" in one_line(two_as_json)
