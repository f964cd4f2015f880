"""The designs added for the GenAI book and the hard topics: valid, complete, cited."""

from __future__ import annotations

import importlib

import pytest

import mlsd_diagrams as mlsd

GENAI_BOOK = [
    "smart_compose",
    "machine_translation",
    "chatbot_assistant",
    "image_captioning",
    "face_generation",
    "high_resolution_image_synthesis",
    "text_to_image",
    "personalized_headshots",
    "text_to_video",
]
HARD_TOPICS = ["llm_agent", "ab_testing_platform", "feature_store_platform", "model_deployment"]
NEW_DESIGNS = GENAI_BOOK + HARD_TOPICS
CARD_STEPS = [
    "requirements",
    "inputs",
    "outputs",
    "ml_task",
    "data",
    "features",
    "model",
    "training",
    "offline_metrics",
    "online_metrics",
    "serving",
    "monitoring",
]


def kinds(design: mlsd.Design) -> set[str]:
    return {c.kind for c in design.components}


def reaches(design: mlsd.Design, start: set[str], goal: set[str]) -> bool:
    """Whether any component in `goal` is reachable from `start` over flows of any kind."""
    seen, frontier = set(start), list(start)
    while frontier:
        node = frontier.pop()
        for flow in design.flows:
            if flow.source == node and flow.target not in seen:
                seen.add(flow.target)
                frontier.append(flow.target)
    return bool(seen & goal)


@pytest.mark.parametrize("design_id", NEW_DESIGNS)
def test_new_design_loads_and_has_no_findings(design_id: str) -> None:
    design = mlsd.load(design_id)
    assert design.id == design_id
    assert [f"{f.code} {f.message}" for f in mlsd.validate(design)] == []


@pytest.mark.parametrize("design_id", NEW_DESIGNS)
def test_new_design_has_a_complete_card(design_id: str) -> None:
    card = mlsd.load(design_id).card
    empty = [step for step in CARD_STEPS if not getattr(card, step)]
    assert empty == []
    assert len(card.tradeoffs) >= 2
    assert all(t.options and t.choice and t.why for t in card.tradeoffs)
    assert len(card.talking_points) >= 3


@pytest.mark.parametrize("design_id", NEW_DESIGNS)
def test_new_design_cites_sources_and_builds_up_in_frames(design_id: str) -> None:
    module = importlib.import_module(f"mlsd_diagrams.designs.{design_id}")
    assert module.__doc__ is not None and "Sources:" in module.__doc__
    design = mlsd.load(design_id)
    assert len(design.frames) >= 3
    assert 10 <= len(design.components) <= 22


@pytest.mark.parametrize("design_id", GENAI_BOOK)
def test_genai_designs_cite_the_book_chapter(design_id: str) -> None:
    module = importlib.import_module(f"mlsd_diagrams.designs.{design_id}")
    assert module.__doc__ is not None
    assert "Generative AI System Design Interview" in module.__doc__
    assert "chapter" in module.__doc__


def test_latency_targets_stated_by_the_chapters() -> None:
    assert mlsd.load("smart_compose").sla_ms == 100
    assert mlsd.load("face_generation").sla_ms == 1000
    assert mlsd.load("high_resolution_image_synthesis").sla_ms == 5000


@pytest.mark.parametrize(
    ("design_id", "kind"),
    [
        ("face_generation", "image_generator"),
        ("text_to_image", "image_generator"),
        ("text_to_video", "image_generator"),
        ("llm_agent", "tool_executor"),
        ("model_deployment", "traffic_router"),
        ("model_deployment", "container_registry"),
        ("model_deployment", "ci_pipeline"),
    ],
)
def test_new_kinds_are_used_where_the_role_exists(design_id: str, kind: str) -> None:
    assert kind in kinds(mlsd.load(design_id))


def test_generators_are_screened_on_both_sides() -> None:
    for design_id in ("text_to_image", "text_to_video", "chatbot_assistant"):
        design = mlsd.load(design_id)
        guards = {c.id for c in design.components if c.kind == "guardrail"}
        assert len(guards) >= 2, design_id


def test_agent_tools_run_through_the_executor_with_human_approval() -> None:
    design = mlsd.load("llm_agent")
    edges = {(f.source, f.target) for f in design.flows}
    assert ("planner", "tool_executor") in edges
    assert ("tool_executor", "tools") in edges
    assert ("planner", "tools") not in edges
    assert ("tool_executor", "approver") in edges
    assert reaches(design, {"planner"}, {"evaluation"})


def test_feature_store_writes_streaming_features_to_both_stores() -> None:
    design = mlsd.load("feature_store_platform")
    targets = {f.target for f in design.flows if f.source == "stream_transforms"}
    assert {"online_store", "offline_store"} <= targets
    assert reaches(design, {"offline_store"}, {"point_in_time_join"})


def test_ab_platform_stops_experiments_from_real_time_guardrails() -> None:
    design = mlsd.load("ab_testing_platform")
    assert reaches(design, {"guardrail_stream"}, {"experiment_config"})
    assert reaches(design, {"exposure_log"}, {"scorecard"})


def test_deployment_rolls_back_through_the_router() -> None:
    design = mlsd.load("model_deployment")
    assert reaches(design, {"canary_analysis"}, {"traffic_router"})
    for fleet in ("stable", "canary", "shadow"):
        assert any(f.target == fleet and f.kind.value == "deploy" for f in design.flows)


# --- fixes to the first designs -------------------------------------------------------------------


def test_no_deploy_flow_targets_a_rule_engine() -> None:
    for design_id in ["video_recommendation", *NEW_DESIGNS]:
        design = mlsd.load(design_id)
        rules = {c.id for c in design.components if c.kind == "rule_engine"}
        assert not [f for f in design.flows if f.kind.value == "deploy" and f.target in rules]


def test_video_recommendation_reranks_by_rules_and_user_tower_reads_features() -> None:
    design = mlsd.load("video_recommendation")
    reranking = design.component("reranking")
    assert reranking is not None and reranking.kind == "rule_engine"
    stores = {c.id for c in design.components if c.kind == "feature_store"}
    assert any(f.source == "candidate_generation" and f.target in stores for f in design.flows)


def test_harmful_content_user_reports_reach_review_and_labels() -> None:
    design = mlsd.load("harmful_content_detection")
    assert reaches(design, {"event_log"}, {"review_queue"})
    assert reaches(design, {"review_queue"}, {"labels"})


def flows_of(design: mlsd.Design, kind: str) -> set[tuple[str, str]]:
    return {(f.source, f.target) for f in design.flows if f.kind.value == kind}


def of_kind(design: mlsd.Design, kind: str) -> set[str]:
    return {c.id for c in design.components if c.kind == kind}


def test_video_recommendation_merges_two_candidate_sources_into_scoring() -> None:
    design = mlsd.load("video_recommendation")
    sources = {s for s, t in flows_of(design, "request") if t == "ranking"}
    assert "candidate_generation" in sources
    # A second source (popular and trending videos) beside the two-tower ANN.
    others = sources - {"candidate_generation"}
    assert others
    api = {s for s, t in flows_of(design, "request") if t in others}
    assert "recommendation_api" in api


def test_ad_click_prediction_generates_labels_from_impressions_and_clicks() -> None:
    design = mlsd.load("ad_click_prediction")
    trainers = of_kind(design, "training_pipeline")
    feeding = {s for s, t in design_flow_pairs(design) if t in trainers}
    assert "training_data_generation" in feeding
    assert ("data_lake", "training_data_generation") in flows_of(design, "batch")
    assert not any(t in trainers for s, t in flows_of(design, "batch") if s == "offline_features")


def test_similar_listings_indexes_the_trained_table_and_falls_back_for_new_listings() -> None:
    design = mlsd.load("similar_listings")
    # Learned ID vectors: no embedding model runs over listings, and no deploy is needed.
    assert not of_kind(design, "embedding_service")
    (indexer,) = of_kind(design, "indexing_pipeline")
    assert reaches(design, {"model_registry"}, {indexer})
    assert reaches(design, {indexer}, {"index_table"})
    # New listings borrow a nearby listing's embedding, found on the request path.
    fallbacks = {t for s, t in flows_of(design, "request") if s == "embedding_fetcher"}
    assert fallbacks - {"index_table", "nearest_neighbor"}
    # Latency is monitored only where a request waits for it.
    monitored = {s for s, t in flows_of(design, "observe")}
    offline = {c.id for c in design.components if c.effective_plane.value == "offline"}
    assert not monitored & offline


def test_pymk_candidates_and_snapshot_labels() -> None:
    design = mlsd.load("people_you_may_know")
    text = " ".join(t.why for t in design.card.tradeoffs)
    assert "1e5" not in text and "1 million" in text
    (labels,) = of_kind(design, "labeling")
    assert reaches(design, {"social_graph"}, {labels})
    trainers = of_kind(design, "training_pipeline")
    assert any(s == labels and t in trainers for s, t in flows_of(design, "batch"))
    snapshot_stores = {s for s, t in flows_of(design, "batch") if t == labels}
    assert snapshot_stores and "social_graph" not in snapshot_stores


def test_news_feed_counts_in_a_stream_and_reports_more_than_auc() -> None:
    design = mlsd.load("personalized_news_feed")
    streams = of_kind(design, "stream_processor")
    stores = of_kind(design, "feature_store")
    assert any(s in streams and t in stores for s, t in flows_of(design, "async"))
    metrics = " ".join(design.card.offline_metrics).lower()
    assert len(design.card.offline_metrics) >= 2 and "precision" in metrics


def test_event_recommendation_new_events_reach_features_from_the_event_store() -> None:
    design = mlsd.load("event_recommendation")
    assert not any(s == "hosts" and t == "event_log" for s, t in design_flow_pairs(design))
    assert reaches(design, {"events_db"}, of_kind(design, "feature_pipeline"))
    assert any("share" in m.lower() for m in design.card.online_metrics)


def design_flow_pairs(design: mlsd.Design) -> set[tuple[str, str]]:
    return {(f.source, f.target) for f in design.flows}


def test_fraud_logs_velocity_features_for_training_and_shows_the_decision() -> None:
    design = mlsd.load("fraud_detection")
    stores = {t for s, t in flows_of(design, "async") if s == "velocity_features"}
    assert {"online_features", "offline_features"} <= stores
    decision = [f for f in design.flows if (f.source, f.target) == ("payment_api", "risk_service")]
    assert decision and "approve" in (decision[0].label or "")
    logs = of_kind(design, "event_logging")
    assert any(s == "risk_service" and t in logs for s, t in flows_of(design, "async"))
    assert ("rule_engine", "online_features") in flows_of(design, "request")


def test_rag_follows_the_chapter_and_deploys_only_what_it_tunes() -> None:
    design = mlsd.load("rag_pipeline")
    deployed = {t for s, t in flows_of(design, "deploy")}
    llm = design.component("llm")
    assert llm is not None and llm.kind == "llm_service" and llm.hosted
    assert "llm" not in deployed and {"query_embedder", "doc_embedder"} <= deployed
    served = reaches_request(design)
    # Chapter 6's path: safety filter, query expansion, retrieval, prompt engineering, LLM.
    assert {"input_guardrail", "query_expansion", "retriever", "prompt_builder"} <= served
    assert ("retriever", "prompt_builder") in flows_of(design, "request")
    assert ("prompt_builder", "llm") in flows_of(design, "request")
    # No BM25 index nor cross-encoder: extensions the chapter does not use.
    assert not of_kind(design, "search_index") and not of_kind(design, "reranking_service")
    labels = " ".join(c.label.lower() for c in design.components)
    assert "parsing" in labels and "image" in labels and "triad" in labels
    doc = importlib.import_module("mlsd_diagrams.designs.rag_pipeline").__doc__ or ""
    assert "Generative AI System Design Interview*, ch. 6" in doc


def test_framework_has_batch_prediction_and_a_traffic_split() -> None:
    design = mlsd.load("ml_system_framework")
    (batch,) = of_kind(design, "batch_prediction")
    assert any(t == batch for s, t in flows_of(design, "deploy"))
    written = {t for s, t in flows_of(design, "batch") if s == batch}
    assert written & reaches_request(design)
    (router,) = of_kind(design, "traffic_router")
    assert router in reaches_request(design)
    assert "model_serving" in {t for s, t in flows_of(design, "request") if s == router}


def test_kappa_readers_switch_to_the_replayed_table() -> None:
    design = mlsd.load("kappa_architecture")
    read = {t for s, t in flows_of(design, "request") if s == "query_service"}
    assert {"table_v1", "table_v2"} <= read


def test_image_training_all_reduces_between_workers_and_exports_before_the_registry() -> None:
    design = mlsd.load("image_classification_training")
    workers = of_kind(design, "training_pipeline")
    assert any(
        s in workers and t in workers and "all-reduce" in (f.label or "")
        for f in design.flows
        for s, t in [(f.source, f.target)]
    )
    loaders = design.component("data_loaders")
    assert loaders is not None and loaders.tech and "spark" not in loaders.tech.lower()
    assert loaders.kind != "batch_pipeline" or loaders.tech == "Python"
    into_registry = {s for s, t in design_flow_pairs(design) if t == "model_registry"}
    assert any("export" in (design.component(s).label or "").lower() for s in into_registry)  # type: ignore[union-attr]


def test_ecommerce_draws_the_co_purchase_candidate_source() -> None:
    design = mlsd.load("ecommerce_recommendation")
    sources = {s for s, t in flows_of(design, "request") if t == "ranking"}
    assert any("co-purchase" in (design.component(s).label or "").lower() for s in sources)  # type: ignore[union-attr]


def reaches_request(design: mlsd.Design) -> set[str]:
    """Components a client's request reaches over request flows."""
    seen = {c.id for c in design.components if c.kind == "client"}
    frontier = list(seen)
    while frontier:
        node = frontier.pop()
        for source, target in flows_of(design, "request"):
            if source == node and target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen
