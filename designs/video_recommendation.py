"""Video recommendation: a personalised homepage feed of videos, YouTube-style.

The chapter's prediction pipeline is a funnel: candidate generation narrows billions of videos to
thousands (a two-tower model queried through an ANN index of video embeddings, alongside popular,
trending and location-based candidates), scoring ranks them with a heavier model over rich
features, and re-ranking applies region restrictions, freshness, de-duplication, fairness and
misinformation filters. Watches, likes and impressions are logged and become training data; the
video tower embeds new videos offline into the candidate index.

Sources: Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 6,
"Video Recommendation System" (bytebytego.com/courses/machine-learning-system-design-interview/
video-recommendation-system); study notes on the chapter: github.com/alirezadir/Machine-Learning-
Interviews (src/MLSD/mlsd-video-recom.md), vinija.ai/mlsysdes; Covington, Adams and Sargin, "Deep
Neural Networks for YouTube Recommendations" (RecSys 2016); Yi et al., "Sampling-Bias-Corrected
Neural Modeling for Large Corpus Item Recommendations" (RecSys 2019).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    continual_training,
    indexing_pipeline,
    interaction_log,
    monitoring_stack,
    two_stage_recommender,
)


def build() -> Design:
    bp = Blueprint(
        "video_recommendation",
        "Video Recommendation System",
        summary=(
            "The homepage asks the recommendation service for a feed: candidate generation "
            "retrieves thousands of videos with a two-tower model and an ANN index, scoring ranks "
            "them with a feature-rich model, and re-ranking applies freshness, diversity and "
            "policy rules. Interactions are logged, turned into features and training data, and "
            "models are retrained and redeployed; new videos are embedded into the index offline."
        ),
        sla_ms=200,
    )
    user = bp.add("user", "client", "User (homepage)", latency_ms=0)
    api = bp.add("recommendation_api", "api_gateway", "Feed API", latency_ms=10)
    user >> link(label="homepage", latency_ms=40) >> api

    # Logs and features share one box; the online store sits with the stages that read it.
    with bp.group("data_preparation", "Data preparation"):
        logs = interaction_log(bp, feedback_from=[user], group=None, feedback_label="watches")
        feature_pipeline = bp.add(
            "feature_pipeline", "feature_pipeline", "Feature pipeline", tech="Spark"
        )
        offline_features = bp.add(
            "offline_features", "feature_store", "Offline feature store", plane="offline"
        )
    # A second candidate source beside the two-tower ANN: popular and trending videos, counted
    # from the event stream; both sources merge into scoring. No model, so nothing to deploy.
    with bp.group("recommender_group", "Prediction pipeline"):
        online_features = bp.add(
            "online_features", "feature_store", "Online feature store", latency_ms=5, tech="Redis"
        )
        popular = bp.add(
            "popular_candidates",
            "app_service",
            "Popular & trending",
            latency_ms=10,
            tech="Redis",
            notes="Also serves new users, who have no watch history for the user tower.",
        )
        rec = two_stage_recommender(
            bp,
            caller=api,
            group=None,
            labels=(
                "Candidate generation (two-tower)",
                "Scoring",
                "Re-ranking",
            ),
            latency_ms=(30, 60, 15),
            index_label="Video index (ANN)",
            features=online_features,
            reranking_kind="rule_engine",
        )
    # The user tower embeds the user from their watch history and profile features.
    rec.candidate_generation >> link(label="user features", latency_ms=1) >> online_features
    # One pipeline computes the features; the online store is loaded from the offline one, so
    # training and serving see the same values.
    logs.lake >> link("batch", "raw data") >> feature_pipeline
    feature_pipeline >> link("batch", "point-in-time") >> offline_features
    offline_features >> link("batch", "materialise") >> online_features
    api >> link(label="region", latency_ms=1) >> popular
    popular >> link(label="candidates", latency_ms=1) >> rec.ranking
    logs.log >> link("async", "view counts") >> popular
    with bp.group("indexing_group", "Indexing pipeline"):
        videos = bp.add("videos", "object_storage", "Videos (~10B)", tech="S3")
        indexing = indexing_pipeline(
            bp,
            source=videos,
            index=rec.candidate_index,
            group=None,
            label="Video tower (new videos)",
            artifact="video embeddings",
        )
    continual_training(
        bp,
        training_data=offline_features,
        serve_to=[rec.candidate_generation, rec.ranking, indexing.pipeline],
        trainer_label="Train retrieval & scoring",
        model_label="models",
    )
    monitoring_stack(bp, observed=[rec.candidate_generation, rec.ranking])

    # Build-up order for slides: the request path first, then what feeds it offline.
    bp.frames = [
        ["user", "recommendation_api", "recommender_group"],
        ["data_preparation", "indexing_group"],
        ["training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Personalised videos on the homepage, to increase engagement",
            "Scale: about 10 billion videos and billions of users",
            "Latency: recommendations within 200 ms",
            "Signals: implicit (watches, impressions) and explicit (likes, dislikes) feedback",
        ],
        inputs=["A user, their history and the request context"],
        outputs=["A ranked list of videos for the homepage"],
        ml_task=(
            "Recommendation framed as predicting relevance between a user and a video, from "
            "explicit and implicit feedback; a hybrid of collaborative and content-based "
            "filtering in a funnel of candidate generation, scoring and re-ranking."
        ),
        data=[
            "Videos: id, length, language, title, tags, upload time",
            "Users: demographics, language, location",
            "User-video interactions: impressions, watch time, likes, searches",
        ],
        features=[
            "Video: id embedding, duration, language, title and tag embeddings",
            "User: demographics, context (time, device), search history embedding, "
            "watched and liked video embeddings (averaged)",
            "Candidate-specific: impressions, watch counts, time since watched",
        ],
        model=[
            "Candidate generation: two-tower network (user tower, video tower) with ANN "
            "retrieval; plus popular, trending and location-based generators",
            "Scoring: a heavier network (or two-tower with more features) predicting watch/"
            "relevance over candidate-specific features",
            "Matrix factorisation is the baseline; it cannot use features or serve new users",
        ],
        training=[
            "Positives from completed watches and likes; negatives sampled from impressions "
            "and random videos",
            "Cross-entropy loss; continual fine-tuning on recent data",
        ],
        offline_metrics=["Precision@k", "mAP", "Diversity of the recommended list"],
        online_metrics=[
            "Click-through rate",
            "Number of completed videos",
            "Total watch time",
            "Explicit feedback (likes, dislikes)",
        ],
        serving=[
            "Funnel: candidate generation (billions -> thousands) -> scoring (thousands -> "
            "hundreds) -> re-ranking",
            "Re-ranking: region restrictions, freshness, duplicates, fairness, misinformation",
            "Video tower embeddings are precomputed offline into the ANN index",
        ],
        monitoring=[
            "Latency per stage and candidate counts per generator",
            "CTR, watch time and diversity per model version; feature freshness",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Matrix factorisation vs two-tower network for candidates",
                options=["Matrix factorisation", "Two-tower neural network"],
                choice="Two-tower network",
                why="It uses user and video features, so it handles new users and videos "
                "and improves quality; training and serving cost more.",
            ),
            Tradeoff(
                topic="Single model vs multi-stage funnel",
                options=["One heavy model over all videos", "Lightweight retrieval, then ranking"],
                choice="Multi-stage funnel",
                why="Scoring billions of videos per request is impossible in 200 ms; a cheap "
                "first stage keeps recall, the heavy second stage adds precision.",
            ),
        ],
        talking_points=[
            "Cold start: new users get popular and location-based candidates; new videos get "
            "exploration traffic before the model has data on them",
            "Exploration vs exploitation; positional and selection bias in the logged labels",
            "Training at scale: fine-tune on recent data instead of retraining from scratch",
        ],
        failure_modes=[
            FailureMode(
                component="candidate_generation",
                failure="New videos never retrieved (cold start)",
                detection="Share of impressions on videos younger than a day",
                mitigation="Content-based video tower embeds new videos at upload; exploration",
            ),
            FailureMode(
                component="candidate_index",
                failure="Index built with an old video tower after a retrain",
                detection="Model version of the index vs the query tower",
                mitigation="Rebuild the index with every tower release; version both together",
            ),
            FailureMode(
                component="ranking",
                failure="Optimising watch time promotes clickbait",
                detection="Dislike and survey-satisfaction rates",
                mitigation="Multi-objective ranking with satisfaction signals",
            ),
            FailureMode(
                component="online_features",
                failure="Feature lookup latency breaks the 200 ms budget",
                detection="p99 latency",
                mitigation="Timeouts with default features; cache hot users",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~58k",
                arithmetic="2.5B homepage visits/day / 86,400 s ≈ 29k x 2 peak",
            ),
            Estimate(
                quantity="Index size",
                value="~5 TB",
                arithmetic="10B videos x 128 floats x 4 bytes = 5.1e12 bytes",
            ),
            Estimate(
                quantity="Event log",
                value="~50 TB/day",
                arithmetic="2.5B visits x 40 events x 500 bytes = 5e13 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "A funnel: candidate generation, scoring, re-ranking",
            "evidence": {"words": ["funnel"]},
        },
        {
            "point": "User and video towers, video embeddings precomputed into the ANN index",
            "evidence": {"words": ["video tower", "user tower"]},
        },
        {
            "point": "Hybrid of collaborative and content-based filtering",
            "evidence": {"words": ["matrix factorisation", "collaborative and content-based"]},
        },
        {
            "point": "Implicit feedback: watches and watch time",
            "evidence": {"words": ["completed watches", "watch time", "implicit feedback"]},
        },
        {
            "point": "Popular, trending and location-based candidate generators",
            "evidence": {"words": ["trending", "location-based"]},
        },
        {
            "point": "Re-ranking for region, freshness and misinformation",
            "evidence": {"words": ["misinformation", "region restrictions"]},
        },
    ]
    return bp.build()
