"""Personalized news feed: retrieve unseen posts, rank them by predicted engagement, re-rank.

The chapter ranks posts with pointwise learning to rank: a multi-task network predicts the
probability of each reaction (click, like, comment, share, friend request, hide, block) plus dwell
time and skip, and the engagement score is their weighted sum. At serving time a retrieval service
fetches posts the user has not seen (or with unseen comments), a ranking service scores them with
batch features from the feature store and features computed at request time, and a re-ranking
service removes misinformation and adds diversity. A data preparation pipeline computes the batch
features, and a stream processor keeps the dynamic ones (reaction counts of posts and users) fresh
in the online feature store as reactions arrive.

Sources:
- Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 10
  "Personalized News Feed",
  read in the chapter's text as reproduced in public study notes; course page:
  https://bytebytego.com/courses/machine-learning-system-design-interview/personalized-news-feed
- Meta, "How machine learning powers Facebook's News Feed ranking algorithm"
  (engineering.fb.com, 2021).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    continual_training,
    feature_platform,
    interaction_log,
    monitoring_stack,
)


def build() -> Design:
    bp = Blueprint(
        "personalized_news_feed",
        "Personalized News Feed",
        summary=(
            "On a timeline refresh, the retrieval service fetches friends' posts the user has "
            "not seen, the ranking service scores each with a multi-task model whose predicted "
            "reactions are combined into an engagement score, and the re-ranking service filters "
            "misinformation and adds diversity, all within 200 ms. Reactions are logged and feed "
            "the batch features and the next model."
        ),
        sla_ms=200,
    )
    user = bp.add("user", "client", "User (timeline)", latency_ms=0)
    with bp.group("prediction", "Prediction pipeline"):
        api = bp.add("feed_api", "api_gateway", "Feed API", latency_ms=5)
        retrieval = bp.add(
            "retrieval",
            "retriever",
            "Retrieval service",
            latency_ms=20,
            notes="Unseen posts, and posts with unseen comments, from friends and followed pages.",
        )
        posts = bp.add("posts", "nosql_db", "Posts & friendships", latency_ms=10, tech="Cassandra")
        ranking = bp.add(
            "ranking",
            "ranking_service",
            "Ranking service (multi-task DNN)",
            latency_ms=80,
        )
        computed = bp.add(
            "feature_computation",
            "feature_service",
            "Online feature computation",
            latency_ms=10,
            notes="Request-time features: post age, the user's session context.",
        )
        rerank = bp.add(
            "reranking",
            "rule_engine",
            "Re-ranking service",
            latency_ms=10,
            notes="Removes misinformation, adds diversity, applies integrity rules.",
        )
    user >> link(label="timeline refresh", latency_ms=40) >> api
    api >> link(label="user id", latency_ms=1) >> retrieval
    retrieval >> link(label="unseen posts", latency_ms=1) >> posts
    retrieval >> link(label="candidate posts", latency_ms=1) >> ranking
    ranking >> link(label="request-time features", latency_ms=1) >> computed
    ranking >> link(label="posts by engagement score", latency_ms=1) >> rerank

    with bp.group("data_preparation", "Data preparation pipeline"):
        logs = interaction_log(
            bp,
            feedback_from=[user],
            group=None,
            feedback_label="clicks, likes, shares, hides, dwell",
        )
        features = feature_platform(
            bp,
            source=logs.lake,
            online_readers=[ranking],
            group=None,
            pipeline_tech="Spark",
        )
    continual_training(
        bp,
        training_data=features.offline_store,
        serve_to=[ranking],
        trainer_label="Train multi-task DNN",
    )
    monitoring_stack(bp, observed=[ranking], drift_from=[ranking])
    counters = bp.add(
        "reaction_counters",
        "stream_processor",
        "Reaction counters (stream)",
        tech="Flink",
        notes="Windowed counts of likes, shares and comments per post and per user.",
    )
    logs.log >> link("async", "reactions") >> counters
    counters >> link("async", "dynamic counts") >> features.online_store

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["user", "prediction"],
        ["data_preparation", "reaction_counters"],
        ["training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Keep users engaged: more engagement means more ads seen between posts",
            "Show unseen posts and posts with unseen comments, most engaging first",
            "Posts may hold text, images, video, or any mix",
            "Optimise for several reactions, each with its own business value",
            "~3 billion users, ~2 billion daily actives who refresh twice a day",
            "Ranked feed within 200 ms",
        ],
        inputs=["A user (on a timeline refresh)"],
        outputs=["Unseen posts ranked by engagement score"],
        ml_task=(
            "Pointwise learning to rank: binary classifiers predict each reaction for a "
            "<user, post> pair; the engagement score is a weighted sum (share > like > click, "
            "hide and block negative)."
        ),
        data=[
            "Users, posts (text, hashtags, mentions, images or video, timestamp)",
            "User-post interactions (reaction type, value, location, time)",
            "Friendships (when formed, close friend, family member)",
        ],
        features=[
            "Post: BERT text embedding, ResNet/CLIP image embedding, reaction counts, "
            "tokenised hashtags, post age",
            "User: demographics, context (device, time of day), interaction history, mentions",
            "User-author affinity: reaction rate to the author, friendship length, close friends",
        ],
        model=[
            "Independent DNNs per reaction are costly and starve rare reactions of data",
            "Chosen: one multi-task DNN with shared layers and a head per reaction",
            "Extra heads for dwell time and skip, to learn from passive users too",
        ],
        training=[
            "One dataset per task: positive if the user reacted, negative if shown but not",
            "Loss: sum of binary cross-entropy per reaction plus a regression loss for dwell time",
        ],
        offline_metrics=[
            "ROC-AUC of each reaction head",
            "Precision and recall of each reaction head at its decision threshold",
            "Dwell time: mean absolute error of the regression head",
        ],
        online_metrics=[
            "Click-through rate (CTR)",
            "Reaction rate (likes, shares, comments per impression)",
            "Total time spent",
            "User satisfaction rate from surveys",
        ],
        serving=[
            "Online prediction on every refresh: retrieval -> ranking -> re-ranking",
            "Batch features precomputed into the feature store; dynamic counts updated by a "
            "stream processor; request context computed per request",
        ],
        monitoring=[
            "Latency of each stage against the 200 ms budget",
            "Drift in predicted reaction rates; per-head AUC on fresh data",
        ],
        tradeoffs=[
            Tradeoff(
                topic="What to optimise",
                options=[
                    "Implicit reactions only (clicks, dwell)",
                    "Explicit reactions only (likes, shares)",
                    "Weighted score of both",
                ],
                choice="Weighted score of implicit and explicit reactions",
                why="Weights encode business value, and both kinds of signal are used.",
            ),
            Tradeoff(
                topic="Model structure",
                options=["One DNN per reaction", "One multi-task DNN"],
                choice="Multi-task DNN",
                why="Shared layers let sparse reactions learn from dense ones; one model to serve.",
            ),
        ],
        talking_points=[
            "Viral posts and how to handle them",
            "Personalising for new users (cold start)",
            "Positional bias in the logged reactions",
            "How often to retrain, and how to calibrate the per-reaction probabilities",
        ],
        failure_modes=[
            FailureMode(
                component="ranking",
                failure="Optimising clicks promotes clickbait",
                detection="Hide and report rates; long-term retention",
                mitigation="Weight reactions by value, penalise negative signals",
            ),
            FailureMode(
                component="retrieval",
                failure="Unseen posts missed for users with many friends",
                detection="Share of eligible posts never retrieved",
                mitigation="Per-source caps; retrieve by recency and affinity",
            ),
            FailureMode(
                component="online_features",
                failure="Feature latency breaks the 200 ms budget",
                detection="p99 lookup latency",
                mitigation="Precompute user features; timeouts with defaults",
            ),
            FailureMode(
                component="drift_detector",
                failure="Engagement patterns shift (news events)",
                detection="Prediction vs observed engagement by day",
                mitigation="Continual retraining; alert on calibration drift",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~46k",
                arithmetic="2B daily actives x 2 refreshes = 4B / 86,400 s ≈ 46k",
            ),
            Estimate(
                quantity="Posts scored per second",
                value="~23M",
                arithmetic="46k requests/s x 500 candidates",
            ),
            Estimate(
                quantity="Event log",
                value="~40 TB/day",
                arithmetic="4B refreshes x 20 posts x 500 bytes = 4e13 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "A multi-task DNN with a head per reaction",
            "evidence": {"words": ["head per reaction", "per reaction"]},
        },
        {
            "point": "Engagement score as a weighted sum of reactions",
            "evidence": {"words": ["engagement score", "weighted sum"]},
        },
        {
            "point": "Passive users: dwell time and skip heads",
            "evidence": {"words": ["passive users"]},
        },
        {
            "point": "User-author affinity features",
            "evidence": {"words": ["user-author affinity", "author affinity"]},
        },
        {
            "point": "Ranked on every feed refresh",
            "evidence": {"words": ["every refresh", "feed refresh"]},
        },
    ]
    return bp.build()
