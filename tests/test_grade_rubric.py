"""Grading fairly: each built-in design's rubric, the figures SPEC holds over every pair of
built-in designs, roles credited by what a component says it does, and card steps that must say
something of the reference's substance."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import Design
from mlsd_diagrams.study import grade, grade_json, grade_text
from mlsd_diagrams.study._grade import rubric_checks

from .conftest import run
from .test_grade import renamed

BUILTINS = builtin_ids()


@cache
def design(design_id: str) -> Design:
    return load(design_id)


def related(a: Design, b: Design) -> bool:
    return a.id in b.relatives or b.id in a.relatives


@pytest.mark.parametrize("design_id", BUILTINS)
def test_a_reference_makes_every_point_of_its_own_rubric(design_id: str) -> None:
    reference = design(design_id)
    missed = [c for c in rubric_checks(reference, reference) if not c.met]
    assert missed == [], [f"{c.point}: {c.note}" for c in missed]
    # and so does a renamed copy: the evidence is in the card, the kinds and the flows
    assert all(c.met for c in rubric_checks(renamed(reference), reference))


@pytest.mark.parametrize("design_id", BUILTINS)
def test_another_problem_scores_at_most_50_against_a_reference_with_a_rubric(
    design_id: str,
) -> None:
    """Designs that have no rubric yet are graded on the rest; the figure holds for every
    reference that has one, against every built-in design that is not a declared relative."""
    reference = design(design_id)
    if not reference.rubric:
        pytest.skip(f"{design_id} declares no rubric yet")
    over = {}
    for other in BUILTINS:
        mine = design(other)
        if other == design_id or related(mine, reference):
            continue
        result = grade(mine, reference)
        if result.score > 50:
            over[other] = result.score
    assert over == {}


def test_the_built_in_designs_with_a_rubric_are_most_of_them() -> None:
    with_rubric = [i for i in BUILTINS if design(i).rubric]
    assert len(with_rubric) >= 30
    for design_id in with_rubric:
        points = design(design_id).rubric
        assert 5 <= len(points) <= 8, design_id
        assert len({p.point for p in points}) == len(points), design_id


def test_relatives_name_built_in_designs_and_go_both_ways() -> None:
    pairs = {(i, r) for i in BUILTINS for r in design(i).relatives}
    assert ("lambda_architecture", "kappa_architecture") in pairs
    for a, b in pairs:
        assert b in BUILTINS and (b, a) in pairs
    result = grade(design("lambda_architecture"), design("kappa_architecture"))
    assert result.relative and json.loads(grade_json(result))["relative"] is True
    assert (
        grade_text(result)
        .splitlines()[0]
        .endswith("/100 (declared relatives: designs of a related problem)")
    )
    assert not grade(design("fraud_detection"), design("kappa_architecture")).relative


def test_the_rubric_shows_met_and_missed_in_text_and_json() -> None:
    result = grade(design("fraud_detection"), design("harmful_content_detection"))
    assert result.score <= 50
    text = grade_text(result)
    assert "rubric of harmful_content_detection (" in text
    assert '  MISS Multimodal fusion of text, image and video  (look for "early fusion"' in text
    assert "  ok   Human review whose labels retrain the model  (found a human_reviewer" in text
    payload = json.loads(grade_json(result))
    points = {p["point"]: p for p in payload["rubric"]}
    fusion = points["Multimodal fusion of text, image and video"]
    assert fusion["met"] is False and "early fusion" in fusion["evidence"]
    assert all(set(p) == {"point", "met", "evidence"} for p in payload["rubric"])
    # fraud's card speaks of transactions, not of harm: its model step is no answer
    assert not result.steps["card.model"].ok
    assert "off the reference's point" in result.steps["card.model"].note


def _answer(**card: list[str] | str) -> Design:
    return Design.model_validate(
        {
            "id": "answer",
            "title": "Answer",
            "components": [
                {"id": "user", "kind": "client"},
                {"id": "posts", "kind": "app_service", "label": "Posts"},
                {"id": "judge", "kind": "model_serving", "label": "Harm model"},
                {"id": "enforce", "kind": "rule_engine", "label": "Enforcement (remove / demote)"},
                {"id": "moderators", "kind": "human_reviewer"},
                {"id": "labels", "kind": "labeling"},
            ],
            "flows": [
                {"source": "user", "target": "posts"},
                {"source": "posts", "target": "judge", "kind": "async"},
                {"source": "judge", "target": "enforce", "kind": "async"},
                {"source": "enforce", "target": "moderators", "kind": "async"},
                {"source": "moderators", "target": "labels", "kind": "feedback"},
            ],
            "card": card,
        }
    )


def test_points_are_found_by_their_words_in_any_form_and_by_flows() -> None:
    reference = design("harmful_content_detection")
    checks = {
        c.point: c.met
        for c in rubric_checks(
            _answer(serving=["A threshold per class, so violent posts are removed fast"]),
            reference,
        )
    }
    assert checks["Thresholds per harm class, tuned for precision and recall"]
    assert checks["Human review whose labels retrain the model"]  # kind and feedback flow
    assert checks["Violations taken down at once; uncertain posts demoted and reviewed"]  # label
    assert not checks["Multimodal fusion of text, image and video"]
    # the words of a phrase must meet in one item: "threshold" here and "class" there do not
    apart = _answer(serving=["One threshold"], model=["A class of models"])
    assert not next(c.met for c in rubric_checks(apart, reference) if "Thresholds" in c.point)


def test_a_component_that_says_it_demotes_fills_the_demoting_role() -> None:
    reference = design("harmful_content_detection")
    result = grade(_answer(), reference)
    assert result.matched["violation_enforcement"] == "enforce"
    assert result.matched["demoting_service"] == "enforce"
    assert "Demoting service" not in {c.label for c in result.missing}


def test_a_design_without_a_rubric_is_graded_on_the_rest() -> None:
    reference = design("fraud_detection").model_copy(update={"rubric": []})
    assert grade(reference, reference).score == 100
    result = grade(renamed(reference), reference)
    assert result.rubric == [] and result.score >= 90
    assert "rubric of" not in grade_text(result)
    assert json.loads(grade_json(result))["rubric"] == []


def test_a_rubric_with_bad_evidence_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: bad\ntitle: Bad\ncomponents: [{id: user, kind: client}]\n"
        "rubric:\n  - point: Fusion\n    evidence: {flows: ['client => cache']}\n",
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "rubric[0].evidence.flows" in result.output
    assert "source_kind -> target_kind" in result.output
    path.write_text(
        "id: bad\ntitle: Bad\nrubric:\n  - {point: Nothing, evidence: {}}\n", encoding="utf-8"
    )
    result = run("validate", str(path))
    assert result.exit_code != 0 and "at least one of kinds, flows or words" in result.output


def test_large_designs_are_matched_near_linearly_and_still_fully(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Beyond the pair budget each role is tried only against its nearest candidates; a renamed
    copy still has every role filled."""
    from mlsd_diagrams.study import _grade

    monkeypatch.setattr(_grade, "PAIR_BUDGET", 0)
    reference = design("video_recommendation")
    result = grade(renamed(reference), reference)
    assert result.missing == [] and result.extra == []
    assert result.score >= 90
