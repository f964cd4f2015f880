"""Grading a design against a reference: fairness of the score, roles missing and extra, the CLI."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest

from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import Design
from mlsd_diagrams.study import equivalent_kinds, grade, grade_json, grade_text

from .conftest import run

BUILTINS = builtin_ids()


def renamed(design: Design) -> Design:
    """The same structure and kinds under new ids and labels (components, flows, groups)."""
    ids = {c.id: f"part_{n}" for n, c in enumerate(design.components, 1)}
    groups = {g.id: f"box_{n}" for n, g in enumerate(design.groups, 1)}
    components = [
        c.model_copy(update={"id": ids[c.id], "label": f"Part {n}", "tech": None, "notes": None})
        for n, c in enumerate(design.components, 1)
    ]
    flows = [
        f.model_copy(update={"source": ids[f.source], "target": ids[f.target], "label": None})
        for f in design.flows
    ]
    new_groups = [
        g.model_copy(
            update={
                "id": groups[g.id],
                "label": f"Box {n}",
                "members": [ids[m] for m in g.members],
                "parent": groups[g.parent] if g.parent else None,
            }
        )
        for n, g in enumerate(design.groups, 1)
    ]
    frames = [[ids.get(x) or groups[x] for x in frame] for frame in design.frames]
    return Design.model_validate(
        design.model_dump()
        | {
            "id": f"renamed_{design.id}"[:64],
            "title": "Renamed",
            "components": [c.model_dump() for c in components],
            "flows": [f.model_dump() for f in flows],
            "groups": [g.model_dump() for g in new_groups],
            "frames": frames,
        }
    )


def without(design: Design, component_id: str) -> Design:
    """The design with one component, its flows and its group memberships removed."""
    return design.model_copy(
        update={
            "components": [c for c in design.components if c.id != component_id],
            "flows": [f for f in design.flows if component_id not in (f.source, f.target)],
            "groups": [
                g.model_copy(update={"members": [m for m in g.members if m != component_id]})
                for g in design.groups
            ],
            "frames": [[x for x in frame if x != component_id] for frame in design.frames],
        }
    )


@pytest.mark.parametrize("design_id", BUILTINS)
def test_a_reference_against_itself_scores_100(design_id: str) -> None:
    design = load(design_id)
    result = grade(design, design)
    assert result.score == 100
    assert result.missing == [] and result.extra == []
    assert all(step.ok for step in result.steps.values())


@pytest.mark.parametrize("design_id", BUILTINS)
def test_a_renamed_copy_scores_at_least_90(design_id: str) -> None:
    design = load(design_id)
    copy = renamed(design)
    assert {c.label for c in copy.components}.isdisjoint(c.label for c in design.components)
    result = grade(copy, design)
    assert result.score >= 90, grade_text(result)
    assert result.missing == [] and result.extra == []


def test_the_generic_framework_is_not_a_video_recommender() -> None:
    result = grade(load("ml_system_framework"), load("video_recommendation"))
    assert result.score < 60, grade_text(result)
    missing = {(c.label, c.kind) for c in result.missing}
    assert "Re-ranking" in {label for label, _ in missing}
    assert ("Video index (ANN)", "vector_index") in missing
    assert not result.steps["request_path"].ok
    assert "Candidate generation" in result.steps["request_path"].note


@pytest.mark.parametrize("design_id", ["fraud_detection", "ml_system_framework"])
def test_a_copy_without_its_feature_store_names_it_missing(design_id: str) -> None:
    reference = load(design_id)
    store = next(c for c in reference.components if c.kind == "feature_store")
    result = grade(without(reference, store.id), reference)
    assert [(c.id, c.label, c.kind) for c in result.missing] == [
        (store.id, store.label, "feature_store")
    ]
    assert 75 <= result.score < 100
    payload = json.loads(grade_json(result))
    assert payload["missing"] == [{"id": store.id, "label": store.label, "kind": "feature_store"}]


def test_equivalent_kinds_fill_a_role_for_less_credit() -> None:
    reference = load("rag_pipeline")
    reranker = next(c for c in reference.components if c.kind == "reranking_service")
    rules_reranker = Design.model_validate(
        reference.model_dump()
        | {
            "components": [
                c.model_dump() | ({"kind": "rule_engine"} if c.kind == "reranking_service" else {})
                for c in reference.components
            ]
        }
    )
    assert equivalent_kinds("rule_engine", "reranking_service")
    assert equivalent_kinds("data_warehouse", "data_lake")
    assert not equivalent_kinds("monitoring", "feature_store")
    result = grade(rules_reranker, reference)
    assert result.missing == [] and result.extra == []
    assert result.matched[reranker.id] == reranker.id
    assert 90 <= result.score < 100


def test_an_empty_card_and_a_broken_loop_lose_points() -> None:
    reference = load("ml_system_framework")
    no_feedback = reference.model_copy(
        update={
            "flows": [f for f in reference.flows if f.kind != "feedback"],
            "card": type(reference.card)(),
        }
    )
    result = grade(no_feedback, reference)
    assert not result.steps["feedback_loop"].ok
    assert not result.steps["card.ml_task"].ok
    assert result.steps["card.ml_task"].note.startswith("empty")
    assert result.score < 80
    payload = json.loads(grade_json(result))
    assert set(payload) >= {"score", "missing", "extra", "steps"}
    assert payload["steps"]["feedback_loop"]["ok"] is False
    assert set(payload["steps"]["rules"]) >= {"ok", "note"}


def test_grade_cli_text_and_json(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text(renamed(load("visual_search")).to_json(), encoding="utf-8")
    text = run("grade", str(mine), "--against", "visual_search")
    assert text.exit_code == 0, text.output
    assert "against visual_search:" in text.stdout
    assert "request_path" in text.stdout and "missing (0):" in text.stdout
    as_json = run("grade", "ml_system_framework", "--against", "video_recommendation",
                  "--format", "json")  # fmt: skip
    assert as_json.exit_code == 0, as_json.output
    payload = json.loads(as_json.stdout)
    assert payload["score"] < 60
    assert "Re-ranking" in {entry["label"] for entry in payload["missing"]}
    assert all(set(entry) == {"id", "label", "kind"} for entry in payload["missing"])


def test_grade_cli_unreadable_input_exits_2(tmp_path: Path) -> None:
    result = run("grade", str(tmp_path / "nope.yaml"), "--against", "visual_search")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert run("grade", "visual_search", "--against", "no_such_design").exit_code == 2


def test_the_readmes_candidate_answers_get_the_grades_shown(tmp_path: Path) -> None:
    """Each `mlsd grade mine/<file>` session of the README grades the answer written in the
    block before it, and prints what the README shows: a good answer, a middling one and one to
    another problem, in that order and in those bands."""
    from .conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n### Study tools: grade, diff and flashcards\n", 1)[1]
    section = section.split("\n### ", 1)[0]
    blocks = re.findall(r"```(python|yaml|console)\n(.*?)```", section, re.S)
    (tmp_path / "mine").mkdir()
    scores: list[int] = []
    for (language, answer), (next_language, session) in pairwise(blocks):
        if language == "console" or next_language != "console":
            continue
        command, shown = session.split("\n", 1)
        name, reference = re.fullmatch(
            r"\$ mlsd grade mine/([\w.]+) --against (\w+)", command
        ).groups()
        assert name.endswith(".py" if language == "python" else ".yaml")
        (tmp_path / "mine" / name).write_text(answer, encoding="utf-8")
        result = run("grade", str(tmp_path / "mine" / name), "--against", reference)
        assert result.exit_code == 0, result.output
        assert result.stdout == shown, name
        scores.append(int(shown.split(": ", 1)[1].split("/", 1)[0]))
    assert len(scores) >= 3
    good, middling, other = scores[:3]
    assert good >= 80 and 35 <= middling <= 65 and other <= 20, scores
