"""Event recommendation: rank upcoming events for a user, Eventbrite-style.

Events are short-lived, so there is little interaction history per event and collaborative
filtering suffers a constant cold start; the chapter leans on feature engineering instead. The
prediction pipeline filters the event catalogue down to a few hundred candidates with rules
(location, date, user filters), then an event-based ranking model scores each (user, event) pair
on features: static ones precomputed in batch into a feature store, dynamic ones (distance, time
left, friends attending) computed at request time. Because new events arrive all the time, an
online learning pipeline fine-tunes the model continuously on fresh registrations.

Sources: Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 7,
"Event Recommendation System"; study notes on the chapter: github.com/alirezadir/Machine-Learning-
Interviews (src/MLSD/mlsd-event-recom.md), vinija.ai/mlsysdes; Eventbrite Engineering, "Building
a Recommender System for Events" (2019).
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
        "event_recommendation",
        "Event Recommendation System",
        summary=(
            "Event filtering narrows the catalogue to candidate events near the user and in "
            "their dates; the ranking service scores each with a binary classifier over static "
            "features from a feature store and dynamic features computed on the request. "
            "Registrations and bookmarks are logged and an online learning pipeline keeps "
            "fine-tuning the model as new events appear."
        ),
        sla_ms=200,
    )
    user = bp.add("user", "client", "User", latency_ms=0)
    with bp.group("prediction", "Prediction pipeline"):
        api = bp.add("events_api", "api_gateway", "Events API", latency_ms=5)
        filtering = bp.add(
            "event_filtering",
            "rule_engine",
            "Event filtering",
            latency_ms=15,
            notes="Rules: location, date range, price, category; 1M events -> hundreds",
        )
        events = bp.add("events_db", "nosql_db", "Events (~1M/month)", latency_ms=5)
        ranker = bp.add(
            "ranking_service",
            "ranking_service",
            "Event ranking service",
            latency_ms=40,
            notes="Binary classifier: P(register | user, event); sort by score",
        )
    with bp.group("ranking", "Request-time features"):
        dynamic = bp.add(
            "dynamic_features",
            "feature_service",
            "Dynamic features",
            latency_ms=20,
            notes="Distance, time until the event, friends registered, weather",
        )
        friends = bp.add("friendships", "graph_db", "Friendships", latency_ms=5)
    hosts = bp.add("hosts", "client", "Event hosts")

    user >> link(label="recommend", latency_ms=40) >> api
    api >> link(label="user, location", latency_ms=1) >> filtering
    filtering >> link(label="candidate query", latency_ms=1) >> events
    filtering >> link(label="candidate events", latency_ms=1) >> ranker
    ranker >> link(label="dynamic features", latency_ms=1) >> dynamic
    dynamic >> link(label="friends attending", latency_ms=1) >> friends
    hosts >> link(label="create event") >> events

    logs = interaction_log(
        bp,
        feedback_from=[user],
        feedback_label="registrations",
    )
    features = feature_platform(bp, source=logs.lake, online_readers=[ranker])
    # Hosts' new and updated events reach the features from the events store (a daily export),
    # not through the interaction log, which holds what users did.
    events >> link("batch", "new events") >> features.pipeline
    continual_training(
        bp,
        training_data=features.offline_store,
        serve_to=[ranker],
        group="Online learning pipeline",
        trainer_label="Fine-tune ranker (continual)",
        model_label="ranker",
    )
    monitoring_stack(bp, observed=[ranker])

    # Build-up order for slides: the request path first, then what feeds it offline.
    bp.frames = [
        ["user", "hosts", "prediction", "ranking", "online_features"],
        ["logging_group", "features_group"],
        ["training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Personalised list of upcoming events, to increase ticket sales (registrations)",
            "Scale: around 1 million new events a month and millions of users",
            "Events are short-lived: most have little or no interaction history",
            "Users have friends on the platform; location data is available",
            "Latency: the chapter sets no figure; budget about 200 ms",
        ],
        inputs=["A user (with location and friends) and the current time"],
        outputs=["Events ranked by the probability the user registers"],
        ml_task=(
            "Learning to rank, pointwise: a binary classifier predicts P(register) for each "
            "(user, event) pair, and events are sorted by that probability."
        ),
        data=[
            "Users: age, gender, location, language",
            "Events: host, category, price, location, time, description",
            "Friendships; user-event interactions: impressions, registrations, invitations",
        ],
        features=[
            "Location: distance to the user, same city or country, walk score",
            "Time: time until the event, duration, day and hour match the user's history",
            "Social: number and ratio of friends registered, invited by a friend, hosted by a "
            "friend",
            "User: age, gender; event: price bucket vs the user's past prices, description "
            "similarity to events the user attended",
            "Static features precomputed in batch; dynamic ones computed on the request",
        ],
        model=[
            "Logistic regression baseline, gradient-boosted trees, or a neural network",
            "Chosen: a neural network, which fine-tunes continually on new data (GBDT retrains "
            "from scratch)",
        ],
        training=[
            "Label 1 when the user registered after an impression, 0 otherwise",
            "Class imbalance: focal or class-balanced loss, resampling",
            "Online learning: fine-tune frequently on the latest registrations",
        ],
        offline_metrics=[
            "Recall@k",
            "Precision@k",
            "MRR",
            "nDCG",
            "mAP (chosen: binary relevance, ranking-aware)",
        ],
        online_metrics=[
            "Click-through rate",
            "Conversion rate",
            "Bookmark rate",
            "Share rate",
            "Revenue lift",
        ],
        serving=[
            "Event filtering (rules) -> ranking service (features + classifier) -> ranked list",
            "Static features from the online feature store, dynamic ones computed per request",
            "Online learning pipeline fine-tunes and redeploys the ranker continually",
        ],
        monitoring=[
            "Request latency of filtering, feature computation and ranking",
            "Conversion rate per model version; feature freshness and drift",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Recommendation approach",
                options=[
                    "Rule-based (popular nearby events)",
                    "Collaborative filtering on embeddings",
                    "Learning to rank on engineered features",
                ],
                choice="Learning to rank (pointwise) on engineered features",
                why="Events die before they gather interactions, so collaborative filtering "
                "is always cold; features describe a brand-new event from the start.",
            ),
            Tradeoff(
                topic="Batch vs online feature computation",
                options=["Precompute everything in batch", "Compute everything per request"],
                choice="Both: static features in batch, dynamic features online",
                why="Distance, time left and friends attending change by the minute; the rest "
                "is cheaper to precompute.",
            ),
        ],
        talking_points=[
            "The cold start never ends for events, so feature engineering is the core",
            "Location features need efficient geo queries; social features need the graph",
            "Extensions: embeddings for users and events, position bias, exploration, "
            "fairness to small hosts",
        ],
        failure_modes=[
            FailureMode(
                component="ranking_service",
                failure="New events have no interactions, so they never rank (cold start)",
                detection="Share of impressions on events younger than a day",
                mitigation="Content and host features; exploration slots for new events",
            ),
            FailureMode(
                component="dynamic_features",
                failure="Distance and time-to-event features stale for moving users",
                detection="Feature age at request time",
                mitigation="Compute location features at request time from the user's current "
                "position",
            ),
            FailureMode(
                component="event_filtering",
                failure="Filter drops every event in a sparse area, showing an empty list",
                detection="Share of requests with fewer than 10 candidates",
                mitigation="Widen the radius step by step; fall back to popular events nearby",
            ),
            FailureMode(
                component="events_db",
                failure="Cancelled or past events still recommended",
                detection="Clicks on cancelled or past events",
                mitigation="Filter on status and start time at retrieval; stream cancellations",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~1.2k",
                arithmetic="10M daily users x 10 list views = 100M / 86,400 s ≈ 1.16k",
            ),
            Estimate(
                quantity="Candidate events",
                value="~1M live",
                arithmetic="1M new events/month x ~1 month lifetime",
            ),
            Estimate(
                quantity="Scores per second",
                value="~580k",
                arithmetic="1.16k requests/s x 500 events after filtering",
            ),
            Estimate(
                quantity="Event log",
                value="~50 GB/day",
                arithmetic="100M views x 5 events x 100 bytes = 5e10 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "P(register) per user-event pair",
            "evidence": {"words": ["P(register)", "predict registration"]},
        },
        {
            "point": "Location features: distance to the event",
            "evidence": {"words": ["walk score", "distance to the user"]},
        },
        {
            "point": "Social features: friends registered or invited",
            "evidence": {"words": ["friends registered", "invited by a friend"]},
        },
        {
            "point": "Events are short-lived: every event starts cold",
            "evidence": {"words": ["short-lived", "events are new"]},
        },
        {
            "point": "Rule-based event filtering before ranking",
            "evidence": {"words": ["event filtering"]},
        },
    ]
    return bp.build()
