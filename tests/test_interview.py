"""The mock interview's script: phases, frames and follow-ups drawn from the card."""

from __future__ import annotations

from mlsd_diagrams import Card, Estimate, FailureMode, Tradeoff
from mlsd_diagrams._load import load
from mlsd_diagrams.study import INTERVIEW_PLAN, follow_ups, interview_data

from .conftest import small_design


def test_each_phase_asks_its_preferred_kind_of_follow_up_from_the_card() -> None:
    card = Card(
        tradeoffs=[
            Tradeoff(
                topic="Batch vs stream",
                options=["Batch", "Stream"],
                choice="stream",
                why="fresh features",
            )
        ],
        failure_modes=[
            FailureMode(
                component="ranker",
                failure="times out",
                detection="p99 alert",
                mitigation="fall back to popular",
            )
        ],
        estimates=[Estimate(quantity="QPS", value="~12k", arithmetic="1B / 86,400")],
    )
    questions = follow_ups(card)
    assert [q.source for q in questions] == [
        "estimate", "tradeoff", "plan", "plan", "plan", "failure", "plan",
    ]  # fmt: skip
    assert questions[0].question.startswith("Estimate the QPS for this system")
    assert questions[0].listen_for == "~12k (1B / 86,400)"
    assert questions[1].question == (
        "Batch vs stream. Batch or Stream? Which do you choose, and what does it cost you?"
    )
    assert questions[1].listen_for == "stream. fresh features."
    assert questions[5].question.startswith("Say ranker fails: times out. How do you notice")
    assert questions[5].listen_for == "Detect: p99 alert. Mitigate: fall back to popular."
    assert len({q.question for q in questions}) == len(questions)  # never the same one twice


def test_a_card_with_nothing_to_draw_from_still_gets_a_question_per_phase() -> None:
    questions = follow_ups(Card())
    assert len(questions) == len(INTERVIEW_PLAN)
    assert all(q.source == "plan" and q.question.endswith("?") for q in questions)


def test_the_phases_follow_the_plan_and_the_frames_grow_to_the_whole_drawing() -> None:
    design = load("lambda_architecture")
    data = interview_data(design, 4)
    phases = data["phases"]
    assert data["minutes"] == 45
    assert [(p["start"], p["end"]) for p in phases] == [
        (0, 5), (5, 10), (10, 20), (20, 30), (30, 35), (35, 40), (40, 45),
    ]  # fmt: skip
    frames = [p["frame"] for p in phases]
    assert frames == sorted(frames) and frames[0] == 0 and frames[-1] == 3
    assert frames[5] == 3  # the whole drawing by the serving phase
    assert phases[0]["points"] == design.card.requirements
    assert phases[1]["points"][0].startswith("ML task: A data architecture")
    assert all(p["frame"] == 0 for p in interview_data(small_design(), 0)["phases"])


def test_serving_and_monitoring_ask_about_failures_first_and_others_take_the_rest() -> None:
    failures = [FailureMode(component=f"c{i}", failure=f"breaks {i}") for i in range(3)]
    questions = follow_ups(Card(failure_modes=failures))
    assert [q.source for q in questions] == [
        "failure", "plan", "plan", "plan", "plan", "failure", "failure",
    ]  # fmt: skip
    assert [questions[i].question.split(":")[0] for i in (5, 6, 0)] == [
        "Say c0 fails", "Say c1 fails", "Say c2 fails",
    ]  # fmt: skip
