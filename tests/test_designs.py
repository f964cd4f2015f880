"""What every built-in design keeps to, whichever chapter it comes from: it validates strictly,
cites its sources, has a whole study card, builds up in frames to the whole, and draws
every component as a node of its own."""

from __future__ import annotations

import importlib
import itertools
import re
from pathlib import Path

import pytest

from mlsd_diagrams._facade import render
from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import Design
from mlsd_diagrams.render import Format, RenderOptions, frame_steps
from mlsd_diagrams.rules import validate

from .conftest import dot_text, run

CARD_LISTS = (
    "requirements", "inputs", "outputs", "data", "features", "model", "training",
    "offline_metrics", "online_metrics", "serving", "monitoring", "talking_points",
)  # fmt: skip


@pytest.fixture(scope="module", params=builtin_ids())
def design(request: pytest.FixtureRequest) -> Design:
    return load(request.param)


def node_ids(dot: str) -> list[str]:
    """The ids of the node statements of a DOT text (`id [label=...]`), in order."""
    return re.findall(r"^\s*\"?([a-z][a-z0-9_]*)\"? \[label=", dot, flags=re.M)


def test_there_are_the_documented_designs() -> None:
    assert len(builtin_ids()) >= 17 and "ml_system_framework" in builtin_ids()


def test_validates_strict_with_no_findings(design: Design) -> None:
    assert [f"{f.code} {f.message}" for f in validate(design)] == []


def test_the_cli_agrees_under_strict() -> None:
    result = run("validate", "--all", "--strict")
    assert result.exit_code == 0, result.output
    assert f"{len(builtin_ids())} designs checked, 0 failed" in result.stdout


def test_id_is_the_module_name_and_the_docstring_cites_sources(design: Design) -> None:
    module = importlib.import_module(f"mlsd_diagrams.designs.{design.id}")
    assert module.__doc__ is not None and "Sources:" in module.__doc__
    assert design.summary


def test_card_is_complete(design: Design) -> None:
    card = design.card
    for name in CARD_LISTS:
        assert getattr(card, name), f"{design.id}: card.{name} is empty"
    assert card.ml_task
    assert card.tradeoffs
    for tradeoff in card.tradeoffs:
        assert len(tradeoff.options) >= 2 and tradeoff.choice and tradeoff.why


def test_frames_build_up_to_the_whole_design(design: Design) -> None:
    steps = frame_steps(design)
    assert len(steps) >= 3, f"{design.id}: too few build-up frames"
    assert steps[-1] == {c.id for c in design.components}
    assert all(a < b for a, b in itertools.pairwise(steps)), "each frame adds"


def test_every_component_is_a_node_of_its_own(design: Design) -> None:
    # Names appear in edges and labels too, so the check reads the node statements alone.
    assert sorted(node_ids(dot_text(design))) == sorted(c.id for c in design.components)


def test_a_deleted_component_is_no_node(design: Design) -> None:
    # The check above, shown to fail: drop one component (and its flows) and it is gone.
    gone = design.components[len(design.components) // 2].id
    smaller = design.model_copy(
        update={
            "components": [c for c in design.components if c.id != gone],
            "flows": [f for f in design.flows if gone not in (f.source, f.target)],
        }
    )
    assert gone not in node_ids(dot_text(smaller))


@pytest.mark.exe
def test_renders_without_graphviz_warnings(design: Design, tmp_path: Path) -> None:
    result = render(design, tmp_path, RenderOptions(formats=(Format.SVG,)))
    assert result.warnings == []
    assert result.layout is not None
    assert set(result.layout.nodes) == {c.id for c in design.components}
