"""A generic end-to-end ML system: the shape every case study specialises.

The online path (client -> gateway -> model serving -> online feature store) answers requests;
predictions and outcomes are logged, turned into features and training data offline, a model is
trained, evaluated and registered, and the registry deploys it back to serving. A traffic router on
the request path splits traffic between model versions (A/B tests, canaries) and logs each
request's assignment. Batch prediction is the alternative to online serving: the same model scores
every entity offline and writes the predictions to the online store, where serving looks them up
instead of computing them. Monitoring watches
the serving side for latency, errors and drift.

Sources: the 7-step framework of Aminian & Xu, *Machine Learning System Design Interview*
(ByteByteGo, 2023), chapter 1 ("Introduction and Overview"); Google's "Rules of Machine Learning"
and "MLOps: Continuous delivery and automation pipelines in machine learning" (cloud.google.com).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training


def build() -> Design:
    bp = Blueprint(
        "ml_system_framework",
        "Generic End-to-End ML System",
        summary=(
            "A client calls an API gateway; model serving reads precomputed features from an "
            "online feature store and returns a prediction. Requests and outcomes are logged, "
            "turned into features and training data offline, and a trained, evaluated model is "
            "registered and deployed back to serving, while monitoring watches for drift."
        ),
        sla_ms=200,
    )
    user = bp.add("client", "client", "Client app", latency_ms=0)
    with bp.group("online", "Online serving"):
        gateway = bp.add("api_gateway", "api_gateway", "API gateway", latency_ms=10, tech="Envoy")
        router = bp.add(
            "traffic_split",
            "traffic_router",
            "Traffic split (A/B, canary)",
            latency_ms=2,
            notes="Routes a share of requests to the candidate model version; logs assignments.",
        )
        serving = bp.add("model_serving", "model_serving", "Model serving", latency_ms=50)
    with bp.group("serving_store", "Online store"):
        online_store = bp.add(
            "online_features",
            "feature_store",
            "Online store (features, predictions)",
            latency_ms=10,
            tech="Redis",
        )
    with bp.group("logging", "Logging"):
        events = bp.add("event_log", "event_logging", "Prediction & outcome log", tech="Kafka")
    with bp.group("offline", "Offline: data and training"):
        lake = bp.add("data_lake", "data_lake", "Data lake")
        features = bp.add("feature_pipeline", "feature_pipeline", "Feature pipeline", tech="Spark")
        offline_store = bp.add(
            "offline_features", "feature_store", "Offline feature store", plane="offline"
        )
        batch_scoring = bp.add(
            "batch_prediction",
            "batch_prediction",
            "Batch prediction (alternative)",
            notes="Scores every entity offline; serving then looks the prediction up by key.",
        )
        # Training, evaluation and the registry that deploys back to serving.
        loop = continual_training(bp, training_data=offline_store, serve_to=[serving], group=None)
    with bp.group("observability", "Monitoring"):
        monitor = bp.add("monitoring", "monitoring", "Monitoring & drift", tech="Prometheus")

    user >> link(label="prediction request", latency_ms=20) >> gateway
    gateway >> link(latency_ms=2) >> router
    router >> link(label="version A / B", latency_ms=1) >> serving
    router >> link("async", "assignments") >> events
    offline_store >> link("batch", "all entities") >> batch_scoring
    loop.registry >> link("deploy", "model") >> batch_scoring
    batch_scoring >> link("batch", "precomputed predictions") >> online_store
    serving >> link(label="features or prediction", latency_ms=1) >> online_store
    serving >> link("async", "predictions") >> events
    user >> link("feedback", "clicks, labels") >> events
    events >> link("batch", "raw logs") >> lake
    lake >> link("batch") >> features
    features >> link("batch", "materialise") >> online_store
    features >> link("batch") >> offline_store
    serving >> link("observe", "metrics") >> monitor
    events >> link("observe", "prediction drift") >> monitor

    bp.card = Card(
        requirements=[
            "Clarify the business goal and how success is measured",
            "Scale: requests per second, number of users and items",
            "Latency budget of a prediction (here 200 ms end to end)",
            "Constraints: privacy, fairness, cost, on-device or server-side",
        ],
        inputs=["The request context: user, item, query and time"],
        outputs=["A prediction: a score, a class, a ranked list or generated content"],
        ml_task=(
            "Frame the business objective as an ML objective, choose the input and output, and "
            "pick the category: classification, regression, ranking, retrieval or generation."
        ),
        data=[
            "Logged requests, predictions and outcomes (implicit and explicit labels)",
            "Entity data: users, items, context",
        ],
        features=[
            "Batch features materialised to an online store; the same definitions train and serve",
            "Real-time context features computed on the request",
        ],
        model=["Start from a simple baseline, then a stronger model once the pipeline works"],
        training=[
            "Reproducible pipeline: data validation, feature generation, training, evaluation",
            "Time-based splits to avoid leakage; handle class imbalance",
        ],
        offline_metrics=["Task metrics on a held-out set (precision/recall, AUC, nDCG, RMSE)"],
        online_metrics=["A/B-tested business metrics (CTR, revenue, retention)"],
        serving=[
            "Stateless model servers behind a gateway, autoscaled",
            "Model versions come from the registry; canary and shadow deployments",
            "A traffic router splits requests between versions for A/B tests and canaries",
            "Batch prediction instead, when inputs are known in advance: precompute and look up",
        ],
        monitoring=[
            "Operational: latency, throughput, errors",
            "ML: feature and prediction drift, online metric decay; retrain on schedule",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Online vs batch prediction",
                options=["Online prediction per request", "Precomputed batch predictions"],
                choice="Online prediction with precomputed features",
                why="Fresh context matters; precomputing features keeps the request fast.",
            )
        ],
        talking_points=[
            "Walk the seven steps in order and say which one you are on",
            "Training-serving skew is avoided by sharing feature definitions",
            "The deploy path from the registry makes rollbacks a registry operation",
        ],
        failure_modes=[
            FailureMode(
                component="model_serving",
                failure="Model latency spike breaks the 200 ms budget",
                detection="p99 latency per model version",
                mitigation="Timeouts with a fallback (popular items, last score); autoscale",
            ),
            FailureMode(
                component="online_features",
                failure="Stale or missing features at request time",
                detection="Feature freshness and null rate",
                mitigation="Defaults for missing features; alert the feature owner",
            ),
            FailureMode(
                component="feature_pipeline",
                failure="Train-serve skew: offline and online features differ",
                detection="Daily comparison of logged online features vs offline recomputation",
                mitigation="One feature definition for both paths; log features at serving",
            ),
            FailureMode(
                component="model_registry",
                failure="A bad model is deployed",
                detection="Offline gate metrics; canary metrics",
                mitigation="Canary rollout and one-click rollback to the previous version",
            ),
            FailureMode(
                component="monitoring",
                failure="Data drift degrades quality silently",
                detection="Input and prediction distribution drift (PSI)",
                mitigation="Retrain on fresh data; alert when drift exceeds a threshold",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~12k",
                arithmetic="1B requests/day / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="Feature lookups per second",
                value="~116k",
                arithmetic="11.6k requests/s x 10 feature groups",
            ),
            Estimate(
                quantity="Log storage",
                value="~1 TB/day",
                arithmetic="1B predictions x 1 KB (features + outcome) = 1e12 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Frame the business objective as an ML objective",
            "evidence": {"words": ["business objective"]},
        },
        {
            "point": "Pick the category: classification, regression, ranking, retrieval, ...",
            "evidence": {"words": ["classification, regression, ranking"]},
        },
        {
            "point": "Batch prediction when inputs are known in advance",
            "evidence": {"words": ["known in advance", "precompute and look up"]},
        },
        {
            "point": "Stateless, autoscaled model servers",
            "evidence": {"words": ["stateless model servers", "autoscaled"]},
        },
        {
            "point": "Data validation in a reproducible pipeline",
            "evidence": {"kinds": ["data_validation"], "words": ["data validation"]},
        },
        {"point": "Time-based splits against leakage", "evidence": {"words": ["time-based split"]}},
    ]
    return bp.build()
