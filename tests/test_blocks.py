"""The building blocks add the parts they promise, wired the way their docstrings say."""

from __future__ import annotations

import textwrap

import pytest

from mlsd_diagrams import blocks
from mlsd_diagrams._catalog import FlowKind, Plane
from mlsd_diagrams._model import Design
from mlsd_diagrams.blocks import (
    continual_training,
    feature_platform,
    indexing_pipeline,
    interaction_log,
    monitoring_stack,
    two_stage_recommender,
)
from mlsd_diagrams.compose import Blueprint, Node, link
from mlsd_diagrams.rules import errors, validate


def flows(design: Design) -> set[tuple[str, str, FlowKind]]:
    return {(f.source, f.target, f.kind) for f in design.flows}


def group_of(design: Design, component_id: str) -> str | None:
    return next((g.id for g in design.groups if component_id in g.members), None)


def serving(bp: Blueprint) -> tuple[Node, Node, Node]:
    user = bp.add("user", "client", "User")
    api = bp.add("api", "api_gateway", "API", latency_ms=5)
    model = bp.add("model", "model_serving", "Model", latency_ms=20)
    user >> link(latency_ms=10) >> api >> model
    return user, api, model


def test_module_example_builds_a_valid_design() -> None:
    assert blocks.__doc__ is not None
    example = blocks.__doc__.split("\n\n")[2]
    namespace: dict[str, object] = {}
    exec(
        textwrap.dedent(example), {**vars(blocks), "Blueprint": Blueprint, "link": link}, namespace
    )
    design = namespace["design"]
    assert isinstance(design, Design)
    assert errors(validate(design)) == []
    assert {"candidate_generation", "ranking", "reranking", "indexing", "training"} <= {
        c.id for c in design.components
    }


def test_continual_training_deploys_to_every_serving_node() -> None:
    bp = Blueprint("t", "T")
    _, _, model = serving(bp)
    other = bp.add("other", "embedding_service", "Embedder")
    lake = bp.add("lake", "data_lake", "Lake")
    loop = continual_training(bp, training_data=lake, serve_to=[model, other])
    design = bp.build()
    got = flows(design)
    assert ("lake", loop.trainer.id, FlowKind.BATCH) in got
    assert (loop.trainer.id, loop.evaluation.id, FlowKind.BATCH) in got
    assert (loop.evaluation.id, loop.registry.id, FlowKind.BATCH) in got
    assert {
        ("model_registry", "model", FlowKind.DEPLOY),
        ("model_registry", "other", FlowKind.DEPLOY),
    } <= got
    assert group_of(design, "training") == "training_group"


def test_prefix_lets_a_block_be_used_twice() -> None:
    bp = Blueprint("t", "T")
    _, _, model = serving(bp)
    lake = bp.add("lake", "data_lake", "Lake")
    text = continual_training(bp, training_data=lake, serve_to=[model], prefix="text")
    image = continual_training(bp, training_data=lake, serve_to=[model], prefix="image")
    assert text.trainer.id == "text_training"
    assert image.registry.id == "image_model_registry"
    design = bp.build()
    assert {"text_training_group", "image_training_group"} <= {g.id for g in design.groups}
    with pytest.raises(ValueError, match="declared twice"):
        continual_training(bp, training_data=lake, serve_to=[model], prefix="text")


def test_group_none_puts_parts_in_the_callers_group() -> None:
    bp = Blueprint("t", "T")
    _, _, model = serving(bp)
    with bp.group("ops", "Operations"):
        stack = monitoring_stack(bp, observed=[model], group=None)
    design = bp.build()
    assert group_of(design, stack.monitor.id) == "ops"
    assert "monitoring_group" not in {g.id for g in design.groups}


def test_monitoring_stack_observes_and_adds_drift_only_when_asked() -> None:
    bp = Blueprint("t", "T")
    _, _, model = serving(bp)
    log = bp.add("log", "event_logging", "Log")
    plain = monitoring_stack(bp, observed=[model], prefix="a")
    assert plain.drift is None and plain.alerting is None
    full = monitoring_stack(bp, observed=[model], prefix="b", drift_from=[log], alerting=True)
    assert full.drift is not None and full.alerting is not None
    got = flows(bp.build())
    assert ("model", "a_monitoring", FlowKind.OBSERVE) in got
    assert ("log", "b_drift_detector", FlowKind.OBSERVE) in got
    assert ("b_monitoring", "b_alerting", FlowKind.OBSERVE) in got


def test_feature_platform_feeds_both_stores_and_serves_lookups() -> None:
    bp = Blueprint("t", "T")
    _, _, model = serving(bp)
    lake = bp.add("lake", "data_lake", "Lake")
    fp = feature_platform(bp, source=lake, online_readers=[model], lookup_latency_ms=2)
    design = bp.build()
    online = design.component(fp.online_store.id)
    offline = design.component(fp.offline_store.id)
    assert online is not None and online.effective_plane is Plane.ONLINE
    assert online.latency_ms is not None
    assert offline is not None and offline.effective_plane is Plane.OFFLINE
    lookup = [f for f in design.flows if f.source == "model" and f.target == online.id]
    assert [(f.kind, f.latency_ms) for f in lookup] == [(FlowKind.REQUEST, 2)]
    got = flows(design)
    assert {
        (fp.pipeline.id, online.id, FlowKind.BATCH),
        (fp.pipeline.id, offline.id, FlowKind.BATCH),
    } <= got


def test_indexing_pipeline_builds_a_given_or_a_new_index() -> None:
    bp = Blueprint("t", "T")
    items = bp.add("items", "object_storage", "Items")
    embedder = bp.add("embedder", "embedding_service", "Embedder")
    given = bp.add("given", "search_index", "Inverted index")
    new = indexing_pipeline(bp, source=items, embedder=embedder, prefix="img")
    reuse = indexing_pipeline(
        bp, source=items, index=given, prefix="txt", artifact="inverted index"
    )
    design = bp.build()
    assert new.index.id == "img_index"
    index = design.component("img_index")
    assert index is not None and index.kind == "vector_index"
    assert group_of(design, "img_index") == "img_indexing_group"
    assert reuse.index.id == "given"
    got = flows(design)
    assert ("items", "img_indexing", FlowKind.BATCH) in got
    assert ("img_indexing", "embedder", FlowKind.BATCH) in got
    assert ("txt_indexing", "given", FlowKind.BATCH) in got
    assert not any(f.source == "txt_indexing" and f.target == "embedder" for f in design.flows)


def test_interaction_log_turns_interactions_into_feedback() -> None:
    bp = Blueprint("t", "T")
    user, _, model = serving(bp)
    logs = interaction_log(bp, feedback_from=[user], logged_by=[model])
    got = flows(bp.build())
    assert ("user", logs.log.id, FlowKind.FEEDBACK) in got
    assert ("model", logs.log.id, FlowKind.ASYNC) in got
    assert (logs.log.id, logs.lake.id, FlowKind.BATCH) in got


def test_two_stage_recommender_chains_its_stages_on_the_request_path() -> None:
    bp = Blueprint("t", "T")
    api = bp.add("api", "api_gateway", "API")
    rec = two_stage_recommender(bp, caller=api, latency_ms=(30, 60, 15))
    design = bp.build()
    requests = [(f.source, f.target) for f in design.flows if f.kind is FlowKind.REQUEST]
    assert requests == [
        ("api", "candidate_generation"),
        ("candidate_generation", "candidate_index"),
        ("candidate_generation", "ranking"),
        ("ranking", "online_features"),
        ("ranking", "reranking"),
    ]
    ranking = design.component(rec.ranking.id)
    assert ranking is not None and ranking.latency_ms == 60


def test_two_stage_recommender_shares_a_given_feature_store() -> None:
    bp = Blueprint("t", "T")
    api = bp.add("api", "api_gateway", "API")
    store = bp.add("store", "feature_store", "Features", latency_ms=3)
    rec = two_stage_recommender(bp, caller=api, features=store)
    design = bp.build()
    assert rec.features.id == "store"
    assert [c.id for c in design.components if c.kind == "feature_store"] == ["store"]


def test_two_stage_recommender_can_rerank_by_rules_only() -> None:
    bp = Blueprint("t", "T")
    api = bp.add("api", "api_gateway", "API")
    rec = two_stage_recommender(bp, caller=api, reranking_kind="rule_engine")
    reranking = bp.build().component(rec.reranking.id)
    assert reranking is not None and reranking.kind == "rule_engine"


def test_feature_platform_serves_nearline_readers_from_a_nearline_store() -> None:
    bp = Blueprint("t", "T")
    lake = bp.add("lake", "data_lake", "Lake")
    scorer = bp.add("scorer", "model_serving", "Stream scorer", plane="nearline")
    fp = feature_platform(bp, source=lake, online_readers=[scorer], online_plane="nearline")
    store = bp.build().component(fp.online_store.id)
    assert store is not None and store.effective_plane is Plane.NEARLINE
