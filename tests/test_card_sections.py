"""The card's narration, failure modes, estimates and interview plan, and their round trip."""

from __future__ import annotations

import sys
from pathlib import Path

from mlsd_diagrams import Card, Design, Estimate, FailureMode
from mlsd_diagrams._load import load
from mlsd_diagrams.compose import module_source
from mlsd_diagrams.study import INTERVIEW_PLAN, card_markdown, narrate
from mlsd_diagrams.study._card import words

from .conftest import small_design


def _section(text: str, heading: str) -> str:
    return text.split(f"## {heading}\n")[1].split("\n## ")[0]


def with_sections() -> Design:
    card = Card(
        ml_task="Rank items",
        narration="A user asks; the API answers from the model.",
        failure_modes=[
            FailureMode(
                component="api",
                failure="Times out | overloaded",
                detection="p99 alert",
                mitigation="Serve a cached list",
            )
        ],
        estimates=[
            Estimate(quantity="QPS", value="~12k", arithmetic="1B requests/day / 86,400 s ≈ 11.6k")
        ],
    )
    return small_design().model_copy(update={"card": card})


def test_the_card_shows_narration_failure_modes_estimates_and_the_plan() -> None:
    text = card_markdown(with_sections())
    assert _section(text, "In brief").strip() == "A user asks; the API answers from the model."
    failures = _section(text, "Failure modes").strip().splitlines()
    assert failures[0] == "| Component | Failure | Detection | Mitigation |"
    assert failures[2] == "| api | Times out \\| overloaded | p99 alert | Serve a cached list |"
    estimates = _section(text, "Back-of-the-envelope estimates").strip().splitlines()
    assert estimates[2] == "| QPS | ~12k | 1B requests/day / 86,400 s ≈ 11.6k |"
    plan = _section(text, "The 45-minute interview")
    assert [row.split(" | ")[0] for row in plan.strip().splitlines()[2:]] == [
        f"| {minutes}" for minutes, _ in INTERVIEW_PLAN
    ]
    assert INTERVIEW_PLAN[0][0] == "0-5" and INTERVIEW_PLAN[-1][0] == "40-45"


def test_without_narration_the_card_narrates_the_graph() -> None:
    design = load("ml_system_framework")
    bare = design.model_copy(update={"card": design.card.model_copy(update={"narration": ""})})
    assert _section(card_markdown(bare), "In brief").strip() == words(narrate(bare))


def test_a_card_with_the_new_sections_round_trips_through_its_module(tmp_path: Path) -> None:
    design = with_sections()
    source = module_source(design)
    assert "FailureMode(" in source and "Estimate(" in source
    header = next(line for line in source.splitlines() if line.startswith("from mlsd_diagrams"))
    assert "Estimate" in header and "FailureMode" in header
    namespace: dict[str, object] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    build = namespace["build"]
    assert callable(build)
    assert build() == design
    assert sys.modules["mlsd_diagrams"].__all__.count("FailureMode") == 1
