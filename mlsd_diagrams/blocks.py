"""Building blocks (public): the shapes many ML systems share, added to a Blueprint in one call.

Each block declares its components (inside an optional group), wires the flows between them and
the caller's nodes, and returns a small frozen dataclass of handles for further wiring:

    bp = Blueprint("demo", "Demo", sla_ms=200)
    user = bp.add("user", "client", "User")
    api = bp.add("api", "api_gateway", "API", latency_ms=10)
    user >> link(latency_ms=20) >> api
    logs = interaction_log(bp, feedback_from=[user])
    features = feature_platform(bp, source=logs.lake, online_readers=[])
    rec = two_stage_recommender(bp, caller=api, features=features.online_store)
    rec.reranking >> link("async", "impressions") >> logs.log
    indexing_pipeline(bp, source=logs.lake, index=rec.candidate_index)
    stages = [rec.candidate_generation, rec.ranking, rec.reranking]
    continual_training(bp, training_data=features.offline_store, serve_to=stages)
    monitoring_stack(bp, observed=stages)
    design = bp.build()

Every id a block declares is `<prefix>_<name>` when a prefix is given, so a block can be used
twice in one design (e.g. two embedding models, each with its own training loop).
"""

from __future__ import annotations

from .compose._blocks import (
    FeaturePlatform,
    IndexingPipeline,
    InteractionLog,
    MonitoringStack,
    TrainingLoop,
    TwoStageRecommender,
    continual_training,
    feature_platform,
    indexing_pipeline,
    interaction_log,
    monitoring_stack,
    two_stage_recommender,
)

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
