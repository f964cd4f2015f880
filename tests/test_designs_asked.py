"""The five designs candidates are asked that neither book has as a chapter: each researched from
named public sources, valid under --strict, with a full card and the parts the question is about."""

from __future__ import annotations

import importlib
import re

import pytest

import mlsd_diagrams as mlsd
from mlsd_diagrams._catalog import FlowKind
from mlsd_diagrams.rules import validate

ASKED = [
    "search_ranking",
    "eta_prediction",
    "llm_inference_serving",
    "notification_ranking",
    "spam_detection",
]


@pytest.mark.parametrize("design_id", ASKED)
def test_each_is_valid_under_strict_and_names_its_sources(design_id: str) -> None:
    design = mlsd.load(design_id)
    assert [f.code for f in validate(design)] == []
    doc = importlib.import_module(f"mlsd_diagrams.designs.{design_id}").__doc__ or ""
    sources = doc.split("Sources:", 1)[1]
    # At least three public write-ups or papers, each with its year.
    assert len(re.findall(r"\b(?:19|20)\d\d\b", sources)) >= 3, sources


@pytest.mark.parametrize("design_id", ASKED)
def test_each_has_a_full_card(design_id: str) -> None:
    card = mlsd.load(design_id).card
    for field in (
        "requirements", "inputs", "outputs", "data", "features", "model", "training",
        "offline_metrics", "online_metrics", "serving", "monitoring", "talking_points",
    ):  # fmt: skip
        assert getattr(card, field), (design_id, field)
    assert card.ml_task and card.narration
    assert len(card.tradeoffs) >= 2 and len(card.failure_modes) >= 4
    assert len(card.estimates) >= 4 and all(e.formula for e in card.estimates)
    assert mlsd.load(design_id).frames


def kinds(design_id: str) -> dict[str, str]:
    return {c.id: c.kind for c in mlsd.load(design_id).components}


def requests(design_id: str) -> set[tuple[str, str]]:
    return {(f.source, f.target) for f in mlsd.load(design_id).flows if f.kind is FlowKind.REQUEST}


def test_search_ranking_autocompletes_retrieves_two_ways_and_learns_to_rank() -> None:
    found = kinds("search_ranking")
    assert found["autocomplete"] == "app_service" and found["ranking"] == "ranking_service"
    assert found["lexical_search"] == "search_service"
    assert found["candidate_generation"] == "candidate_generation"
    calls = requests("search_ranking")
    assert {("search_api", "autocomplete"), ("search_api", "lexical_search")} <= calls
    assert {("lexical_search", "ranking"), ("candidate_generation", "ranking")} <= calls
    assert ("candidate_generation", "candidate_index") in calls


def test_eta_prediction_routes_on_live_traffic_then_corrects_with_a_model() -> None:
    calls = requests("eta_prediction")
    assert {("eta_service", "routing_engine"), ("eta_service", "eta_model")} <= calls
    assert ("routing_engine", "live_speeds") in calls
    design = mlsd.load("eta_prediction")
    streamed = {(f.source, f.target) for f in design.flows if f.kind is FlowKind.ASYNC}
    assert {("gps_stream", "map_matching"), ("segment_speeds", "live_speeds")} <= streamed


def test_llm_serving_routes_batches_caches_and_scales() -> None:
    design = mlsd.load("llm_inference_serving")
    found = kinds("llm_inference_serving")
    assert found["router"] == "traffic_router" and found["kv_cache"] == "cache"
    assert ("large_pool", "kv_cache") in requests("llm_inference_serving")
    assert any(f.source == "autoscaler" and f.target == "large_pool" for f in design.flows)
    text = " ".join(design.card.serving + design.card.online_metrics).lower()
    assert "continuous batching" in text and "time to first token" in text
    assert design.sla_ms == 500


def test_notification_ranking_caps_fatigue_keeps_quiet_hours_and_honours_opt_outs() -> None:
    design = mlsd.load("notification_ranking")
    policy = design.component("policy_engine")
    assert policy is not None and policy.kind == "rule_engine"
    label = policy.label.lower()
    assert "fatigue" in label and "quiet hours" in label and "opt-outs" in label
    chain = [("triggers", "ranker"), ("ranker", "policy_engine"), ("policy_engine", "scheduler")]
    flows = {(f.source, f.target) for f in design.flows}
    assert set(chain) <= flows and ("policy_engine", "preferences") in requests(
        "notification_ranking"
    )


def test_spam_detection_has_rules_a_model_review_and_watches_for_drift() -> None:
    design = mlsd.load("spam_detection")
    found = kinds("spam_detection")
    assert found["rules"] == "rule_engine" and found["spam_model"] == "model_serving"
    assert {("risk_service", "rules"), ("risk_service", "spam_model")} <= requests("spam_detection")
    assert "drift_detector" in found.values()
    flows = {(f.source, f.target) for f in design.flows}
    assert {("risk_service", "reviewers"), ("analysts", "rules")} <= flows
    assert ("drift_detector", "analysts") in flows
