"""The building blocks' implementation; `mlsd_diagrams.blocks` is their public home and doc."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Literal

from .._catalog import ComponentKind
from ._blueprint import Blueprint, Node, link

__all__ = [
    "FeaturePlatform",
    "IndexingPipeline",
    "InteractionLog",
    "MonitoringStack",
    "TrainingLoop",
    "TwoStageRecommender",
    "continual_training",
    "feature_platform",
    "indexing_pipeline",
    "interaction_log",
    "monitoring_stack",
    "two_stage_recommender",
]

Nodes = Node | Sequence[Node]


def _name(prefix: str, name: str) -> str:
    return f"{prefix}_{name}" if prefix else name


def _as_list(nodes: Nodes) -> list[Node]:
    return [nodes] if isinstance(nodes, Node) else list(nodes)


def _maybe_group(
    bp: Blueprint, group_id: str, label: str | None
) -> AbstractContextManager[Node | None]:
    # A block draws its parts in a box of their own unless the caller passes group=None,
    # e.g. to put them inside a group the caller already opened.
    return bp.group(group_id, label) if label else nullcontext()


# --- monitoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitoringStack:
    """Handles of `monitoring_stack`: the monitor, and the drift detector and alerting if asked."""

    monitor: Node
    drift: Node | None = None
    alerting: Node | None = None


def monitoring_stack(
    bp: Blueprint,
    observed: Sequence[Node],
    *,
    prefix: str = "",
    group: str | None = "Monitoring",
    drift_from: Sequence[Node] = (),
    alerting: bool = False,
    tech: str | None = "Prometheus",
) -> MonitoringStack:
    """A monitor observing each serving node; a drift detector on `drift_from` if given.

        monitoring_stack(bp, observed=[ranker, embedder], drift_from=[prediction_log])

    The monitor watches latency, errors and throughput; the drift detector watches the data
    (feature and prediction distributions) that flows through `drift_from`.
    """
    with _maybe_group(bp, _name(prefix, "monitoring_group"), group):
        monitor = bp.add(_name(prefix, "monitoring"), "monitoring", "Monitoring", tech=tech)
        drift = (
            bp.add(_name(prefix, "drift_detector"), "drift_detector", "Drift detector")
            if drift_from
            else None
        )
        alerts = bp.add(_name(prefix, "alerting"), "alerting", "Alerting") if alerting else None
    for node in observed:
        node >> link("observe", "latency, errors") >> monitor
    for node in drift_from:
        assert drift is not None
        node >> link("observe", "distributions") >> drift
    if alerts is not None:
        monitor >> link("observe", "alerts") >> alerts
        if drift is not None:
            drift >> link("observe", "drift alerts") >> alerts
    return MonitoringStack(monitor, drift, alerts)


# --- training ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingLoop:
    """Handles of `continual_training`: trainer, evaluation and registry."""

    trainer: Node
    evaluation: Node
    registry: Node


def continual_training(
    bp: Blueprint,
    training_data: Nodes,
    serve_to: Sequence[Node],
    *,
    prefix: str = "",
    group: str | None = "Continual training",
    trainer_label: str = "Training pipeline",
    model_label: str = "model",
    trainer_tech: str | None = None,
    registry_tech: str | None = "MLflow",
) -> TrainingLoop:
    """Train on `training_data`, evaluate offline, register, and deploy to every `serve_to` node.

        continual_training(bp, training_data=offline_store, serve_to=[embedder],
                           prefix="image", trainer_label="Train image encoder")

    Each node in `serve_to` receives a `deploy` flow from the registry, which is what lets a
    model-hosting component pass rule E130.
    """
    with _maybe_group(bp, _name(prefix, "training_group"), group):
        trainer = bp.add(
            _name(prefix, "training"), "training_pipeline", trainer_label, tech=trainer_tech
        )
        evaluation = bp.add(
            _name(prefix, "evaluation"), "evaluation_pipeline", "Offline evaluation"
        )
        registry = bp.add(
            _name(prefix, "model_registry"), "model_registry", "Model registry", tech=registry_tech
        )
    for source in _as_list(training_data):
        source >> link("batch", "training data") >> trainer
    trainer >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    for target in serve_to:
        registry >> link("deploy", model_label) >> target
    return TrainingLoop(trainer, evaluation, registry)


# --- features ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeaturePlatform:
    """Handles of `feature_platform`: the pipeline and both feature stores."""

    pipeline: Node
    offline_store: Node
    online_store: Node


def feature_platform(
    bp: Blueprint,
    source: Nodes,
    online_readers: Sequence[Node],
    *,
    prefix: str = "",
    group: str | None = "Feature platform",
    online_latency_ms: float = 5,
    lookup_latency_ms: float | None = 1,
    pipeline_tech: str | None = "Spark",
    online_tech: str | None = "Redis",
    online_plane: Literal["online", "nearline", "offline"] = "online",
) -> FeaturePlatform:
    """A feature pipeline filling an offline store (for training) and an online store (for serving).

        features = feature_platform(bp, source=lake, online_readers=[ranker])
        continual_training(bp, training_data=features.offline_store, serve_to=[ranker])

    One pipeline writes both stores from the same definitions, which is how the design avoids
    training-serving skew; each reader looks features up in the online store on a request.
    Pass `online_plane="nearline"` when only nearline consumers (stream scorers) read it.
    """
    with _maybe_group(bp, _name(prefix, "features_group"), group):
        pipeline = bp.add(
            _name(prefix, "feature_pipeline"),
            "feature_pipeline",
            "Feature pipeline",
            tech=pipeline_tech,
        )
        online = bp.add(
            _name(prefix, "online_features"),
            "feature_store",
            "Online feature store",
            latency_ms=online_latency_ms,
            tech=online_tech,
            plane=online_plane,
        )
        offline = bp.add(
            _name(prefix, "offline_features"),
            "feature_store",
            "Offline feature store",
            plane="offline",
        )
    for node in _as_list(source):
        node >> link("batch", "raw data") >> pipeline
    pipeline >> link("batch", "materialise") >> online
    pipeline >> link("batch", "point-in-time") >> offline
    for reader in online_readers:
        reader >> link(label="feature lookup", latency_ms=lookup_latency_ms) >> online
    return FeaturePlatform(pipeline, offline, online)


# --- indexing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexingPipeline:
    """Handles of `indexing_pipeline`: the pipeline and the index it builds."""

    pipeline: Node
    index: Node


def indexing_pipeline(
    bp: Blueprint,
    source: Nodes,
    index: Node | None = None,
    embedder: Node | None = None,
    *,
    prefix: str = "",
    group: str | None = "Indexing pipeline",
    label: str = "Indexing pipeline",
    index_kind: ComponentKind = "vector_index",
    index_label: str = "Vector index",
    index_latency_ms: float | None = 10,
    artifact: str = "index",
    tech: str | None = None,
) -> IndexingPipeline:
    """An offline pipeline that reads `source`, embeds items and builds `index`.

        ann = bp.add("ann", "nearest_neighbor_service", "Nearest neighbour service")
        built = indexing_pipeline(bp, source=images, embedder=embedder)
        ann >> built.index

    Pass an existing `index` (e.g. one drawn inside the serving group), or let the block declare
    one inside its group. With an `embedder`, the pipeline sends it items in bulk, so the index
    holds vectors from the same model that embeds queries online.
    """
    with _maybe_group(bp, _name(prefix, "indexing_group"), group):
        pipeline = bp.add(_name(prefix, "indexing"), "indexing_pipeline", label, tech=tech)
        if index is None:
            index = bp.add(
                _name(prefix, "index"), index_kind, index_label, latency_ms=index_latency_ms
            )
    for node in _as_list(source):
        node >> link("batch", "new items") >> pipeline
    if embedder is not None:
        pipeline >> link("batch", "embed items") >> embedder
    pipeline >> link("batch", f"build {artifact}") >> index
    return IndexingPipeline(pipeline, index)


# --- logging -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InteractionLog:
    """Handles of `interaction_log`: the event log and the lake it lands in."""

    log: Node
    lake: Node


def interaction_log(
    bp: Blueprint,
    feedback_from: Sequence[Node],
    logged_by: Sequence[Node] = (),
    *,
    prefix: str = "",
    group: str | None = "Logging",
    feedback_label: str = "interactions",
    log_tech: str | None = "Kafka",
    lake_kind: ComponentKind = "data_lake",
    lake_label: str = "Data lake",
) -> InteractionLog:
    """Users' interactions (`feedback`) and served results (`async`) logged, then landed offline.

        logs = interaction_log(bp, feedback_from=[user], logged_by=[ranker])
        continual_training(bp, training_data=logs.lake, serve_to=[ranker])

    This is the feedback half of the loop: what users do with a prediction becomes its label.
    """
    with _maybe_group(bp, _name(prefix, "logging_group"), group):
        log = bp.add(_name(prefix, "event_log"), "event_logging", "Event log", tech=log_tech)
        lake = bp.add(_name(prefix, "data_lake"), lake_kind, lake_label)
    for node in feedback_from:
        node >> link("feedback", feedback_label) >> log
    for node in logged_by:
        node >> link("async", "served results") >> log
    log >> link("batch", "land") >> lake
    return InteractionLog(log, lake)


# --- recommendation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TwoStageRecommender:
    """Handles of `two_stage_recommender`: the three stages and the stores they read."""

    candidate_generation: Node
    ranking: Node
    reranking: Node
    candidate_index: Node
    features: Node


def two_stage_recommender(
    bp: Blueprint,
    caller: Node,
    *,
    prefix: str = "",
    group: str | None = "Recommendation service",
    labels: tuple[str, str, str] = ("Candidate generation", "Ranking", "Re-ranking"),
    latency_ms: tuple[float, float, float] = (20, 50, 10),
    index_label: str = "Candidate index (ANN)",
    index_latency_ms: float = 10,
    features: Node | None = None,
    features_label: str = "Online feature store",
    features_latency_ms: float = 5,
    hop_latency_ms: float = 1,
    reranking_kind: ComponentKind = "reranking_service",
) -> TwoStageRecommender:
    """Candidate generation over an ANN index, a ranking model over features, then re-ranking.

        rec = two_stage_recommender(bp, caller=api, latency_ms=(20, 60, 10))
        indexing_pipeline(bp, source=catalog, index=rec.candidate_index, embedder=...)

    The stages run in a chain on the request path: a cheap model narrows millions of items to
    hundreds, a heavier model scores those, and re-ranking applies diversity, freshness and
    business rules. Pass `features` to share an online feature store declared elsewhere, and
    `reranking_kind="rule_engine"` when re-ranking is business rules only (no model to deploy).
    """
    retrieve_label, rank_label, rerank_label = labels
    retrieve_ms, rank_ms, rerank_ms = latency_ms
    with _maybe_group(bp, _name(prefix, "recommender_group"), group):
        retrieve = bp.add(
            _name(prefix, "candidate_generation"),
            "candidate_generation",
            retrieve_label,
            latency_ms=retrieve_ms,
        )
        rank = bp.add(_name(prefix, "ranking"), "ranking_service", rank_label, latency_ms=rank_ms)
        rerank = bp.add(
            _name(prefix, "reranking"), reranking_kind, rerank_label, latency_ms=rerank_ms
        )
        index = bp.add(
            _name(prefix, "candidate_index"),
            "vector_index",
            index_label,
            latency_ms=index_latency_ms,
        )
        if features is None:
            features = bp.add(
                _name(prefix, "online_features"),
                "feature_store",
                features_label,
                latency_ms=features_latency_ms,
                tech="Redis",
            )
    caller >> link(label="user context", latency_ms=hop_latency_ms) >> retrieve
    retrieve >> link(label="ANN lookup", latency_ms=hop_latency_ms) >> index
    retrieve >> link(label="candidates", latency_ms=hop_latency_ms) >> rank
    rank >> link(label="feature lookup", latency_ms=hop_latency_ms) >> features
    rank >> link(label="scored items", latency_ms=hop_latency_ms) >> rerank
    return TwoStageRecommender(retrieve, rank, rerank, index, features)
