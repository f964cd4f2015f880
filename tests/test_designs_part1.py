"""The book's first case studies and e-commerce recommendation: valid, complete, faithful."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest

from mlsd_diagrams._catalog import ComponentKind, FlowKind, Plane
from mlsd_diagrams._load import load
from mlsd_diagrams._model import Design
from mlsd_diagrams.render import frame_steps

# The designs whose model learns from its users: a registry deploys to every model host, and
# feedback reaches training. What every built-in design keeps to is in test_designs.py.
LEARNING_LOOP_DESIGNS = [
    "visual_search",
    "street_view_blurring",
    "youtube_video_search",
    "harmful_content_detection",
    "video_recommendation",
    "event_recommendation",
    "ecommerce_recommendation",
]
DATA_FLOWS = {FlowKind.BATCH, FlowKind.ASYNC, FlowKind.FEEDBACK}


@pytest.fixture(scope="module", params=LEARNING_LOOP_DESIGNS)
def design(request: pytest.FixtureRequest) -> Design:
    return load(request.param)


def design_of(design_id: str) -> Design:
    return load(design_id)


def of_kind(design: Design, kind: ComponentKind) -> list[str]:
    return [c.id for c in design.components if c.kind == kind]


def has_flow(design: Design, source: str, target: str, kind: FlowKind) -> bool:
    return any(f.source == source and f.target == target and f.kind is kind for f in design.flows)


def reach(design: Design, start: Iterable[str], kinds: set[FlowKind]) -> set[str]:
    """Every component reached from `start` over flows of the given kinds."""
    seen = set(start)
    frontier = list(seen)
    while frontier:
        node = frontier.pop()
        for flow in design.flows:
            if flow.source == node and flow.kind in kinds and flow.target not in seen:
                seen.add(flow.target)
                frontier.append(flow.target)
    return seen


def served(design: Design) -> set[str]:
    return reach(design, of_kind(design, "client"), {FlowKind.REQUEST})


def kind_of(design: Design, component_id: str) -> ComponentKind:
    component = design.component(component_id)
    assert component is not None, component_id
    return component.kind


# --- every design with a learning loop -----------------------------------------------------------


def test_every_model_host_is_deployed_from_the_registry(design: Design) -> None:
    registries = of_kind(design, "model_registry")
    assert registries, design.id
    deployed = {f.target for f in design.flows if f.kind is FlowKind.DEPLOY}
    hosts = [
        c.id
        for c in design.components
        if c.kind
        in {"model_serving", "embedding_service", "ranking_service", "reranking_service",
            "candidate_generation", "batch_prediction"}
    ]  # fmt: skip
    assert hosts and set(hosts) <= deployed


def test_user_feedback_reaches_training(design: Design) -> None:
    sources = [f.target for f in design.flows if f.kind is FlowKind.FEEDBACK]
    assert sources
    trainers = of_kind(design, "training_pipeline")
    assert set(trainers) & reach(design, sources, DATA_FLOWS)


def test_frames_start_with_the_request_path_and_add_what_they_declare(design: Design) -> None:
    steps = frame_steps(design)
    # Each declared step adds something and together they cover the design (no leftover frame).
    assert design.frames and len(steps) == len(design.frames)
    if design.sla_ms is not None:
        assert served(design) <= steps[0], "the request path should be the first frame"
    assert not any(kind_of(design, c) == "model_registry" for c in steps[0])


# --- chapter facts --------------------------------------------------------------------------------


def test_visual_search_nearest_neighbours_come_from_an_offline_built_index() -> None:
    d = design_of("visual_search")
    (ann,) = of_kind(d, "nearest_neighbor_service")
    (index,) = of_kind(d, "vector_index")
    (indexer,) = of_kind(d, "indexing_pipeline")
    assert has_flow(d, ann, index, FlowKind.REQUEST)
    assert has_flow(d, indexer, index, FlowKind.BATCH)
    indexer_component = d.component(indexer)
    assert indexer_component is not None and indexer_component.effective_plane is Plane.OFFLINE
    # The chapter's prediction pipeline: embedding generation, nearest neighbours, re-ranking.
    assert has_flow(d, "user", "embedding_service", FlowKind.REQUEST)
    assert has_flow(d, "embedding_service", ann, FlowKind.REQUEST)
    assert has_flow(d, ann, "reranking_service", FlowKind.REQUEST)
    # The index holds vectors of the same encoder the query side uses.
    (registry,) = of_kind(d, "model_registry")
    assert has_flow(d, registry, "embedding_service", FlowKind.DEPLOY)
    assert has_flow(d, registry, indexer, FlowKind.DEPLOY)


def test_street_view_blurs_by_batch_prediction_before_serving() -> None:
    d = design_of("street_view_blurring")
    (detector,) = of_kind(d, "batch_prediction")
    chain = ["raw_images", "preprocessing", detector, "nms", "blurring_service", "blurred_images"]
    for source, target in itertools.pairwise(chain):
        assert has_flow(d, source, target, FlowKind.BATCH), (source, target)
    assert d.sla_ms is None  # no user waits on a prediction
    # Users only ever fetch already-blurred images; no request reaches a model.
    assert served(d) == {"user", "image_cdn"}
    assert has_flow(d, "blurred_images", "image_cdn", FlowKind.BATCH)
    assert "mAP" in " ".join(d.card.offline_metrics)


def test_youtube_search_fuses_visual_and_text_search() -> None:
    d = design_of("youtube_video_search")
    (ann,) = of_kind(d, "nearest_neighbor_service")
    (text,) = of_kind(d, "search_service")
    (vectors,) = of_kind(d, "vector_index")
    (inverted,) = of_kind(d, "search_index")
    assert has_flow(d, ann, vectors, FlowKind.REQUEST)
    assert has_flow(d, text, inverted, FlowKind.REQUEST)
    assert has_flow(d, ann, "fusing_layer", FlowKind.REQUEST)
    assert has_flow(d, text, "fusing_layer", FlowKind.REQUEST)
    assert has_flow(d, "fusing_layer", "reranking_service", FlowKind.REQUEST)
    builders = {f.target: f.source for f in d.flows if f.kind is FlowKind.BATCH}
    assert kind_of(d, builders[vectors]) == "indexing_pipeline"
    assert kind_of(d, builders[inverted]) == "indexing_pipeline"
    assert builders[vectors] != builders[inverted]
    assert kind_of(d, "text_encoder") == "embedding_service"
    assert "text_encoder" in served(d)


def test_harmful_content_routes_predictions_to_enforcement_demotion_and_review() -> None:
    d = design_of("harmful_content_detection")
    detector = "harmful_content_detection"
    assert kind_of(d, detector) == "model_serving"
    # Scored as posts arrive, not on a user's request path.
    assert detector not in served(d)
    assert any(
        f.target == detector
        and f.kind is FlowKind.ASYNC
        and kind_of(d, f.source) == "message_queue"
        for f in d.flows
    )
    assert has_flow(d, detector, "violation_enforcement", FlowKind.ASYNC)
    assert has_flow(d, detector, "demoting_service", FlowKind.ASYNC)
    reviewed = reach(d, ["demoting_service"], DATA_FLOWS)
    assert "human_reviewers" in reviewed
    assert set(of_kind(d, "training_pipeline")) & reviewed
    card = " ".join(d.card.offline_metrics + d.card.online_metrics)
    assert "PR-AUC" in card and "Prevalence" in card
    assert "multi-task" in d.card.ml_task


def test_video_recommendation_is_a_funnel_over_an_ann_index() -> None:
    d = design_of("video_recommendation")
    (retrieve,) = of_kind(d, "candidate_generation")
    (rank,) = of_kind(d, "ranking_service")
    (rerank,) = of_kind(d, "rule_engine")
    (index,) = of_kind(d, "vector_index")
    assert has_flow(d, retrieve, rank, FlowKind.REQUEST)
    assert has_flow(d, rank, rerank, FlowKind.REQUEST)
    assert has_flow(d, retrieve, index, FlowKind.REQUEST)
    assert any(
        f.target == index
        and f.kind is FlowKind.BATCH
        and kind_of(d, f.source) == "indexing_pipeline"
        for f in d.flows
    )
    assert any(
        f.source == rank and kind_of(d, f.target) == "feature_store" and f.kind is FlowKind.REQUEST
        for f in d.flows
    )
    assert d.sla_ms == 200


def test_event_recommendation_filters_by_rules_then_ranks_on_features() -> None:
    d = design_of("event_recommendation")
    assert kind_of(d, "event_filtering") == "rule_engine"
    assert has_flow(d, "event_filtering", "ranking_service", FlowKind.REQUEST)
    reads = {f.target for f in d.flows if f.source == "ranking_service"}
    kinds = {kind_of(d, target) for target in reads}
    assert {"feature_store", "feature_service"} <= kinds  # static and dynamic features
    groups = {g.label for g in d.groups}
    assert "Online learning pipeline" in groups
    assert not of_kind(d, "candidate_generation")  # no collaborative filtering: cold start


def test_ecommerce_recommendation_retrieves_then_ranks_then_applies_rules() -> None:
    d = design_of("ecommerce_recommendation")
    (retrieve,) = of_kind(d, "candidate_generation")
    (rank,) = of_kind(d, "ranking_service")
    assert has_flow(d, "recs_api", retrieve, FlowKind.REQUEST)
    assert has_flow(d, retrieve, rank, FlowKind.REQUEST)
    assert kind_of(d, "reranking") == "rule_engine"
    assert has_flow(d, rank, "reranking", FlowKind.REQUEST)
    assert has_flow(d, "reranking", "inventory_cache", FlowKind.REQUEST)
    # Offline: the catalogue is embedded and indexed for retrieval.
    assert has_flow(d, "indexing", "candidate_index", FlowKind.BATCH)
    assert has_flow(d, "product_catalog", "indexing", FlowKind.BATCH)
    assert d.sla_ms == 150
