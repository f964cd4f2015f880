"""Feature store platform: one definition of each feature, served offline for training and online.

Feature views (entity, features, source, TTL) are declared as code and applied to a registry by CI.
Batch sources live in the offline store (the warehouse), and batch materialisation loads their
latest values into the online store; streaming sources are transformed and pushed to both stores so
training and serving see the same values. Training sets come from point-in-time joins of an entity
dataframe (ids, timestamps, labels) against the offline store, so no feature leaks from the future;
models read the same features online through a low-latency feature server. Monitoring watches
freshness, materialisation failures and drift between training and serving values.

Sources: Feast documentation: architecture overview, registry, offline store, online store,
batch materialization engine, push sources and point-in-time joins (docs.feast.dev); Tecton
documentation on batch and stream feature views, feature serving and data-quality monitoring
(docs.tecton.ai); Uber Engineering, "Meet Michelangelo: Uber's Machine Learning Platform" (2017)
on the shared feature store; Chip Huyen, *Designing Machine Learning Systems* (O'Reilly, 2022),
chapter 10 on feature stores and train-serve skew.
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link


def build() -> Design:
    bp = Blueprint(
        "feature_store_platform",
        "Feature Store Platform",
        summary=(
            "Feature definitions are applied to a registry by CI. Batch materialisation loads "
            "the latest values from the offline store (the warehouse) into the online store; "
            "stream transformations push fresh values to both. Point-in-time joins build "
            "training sets from the offline store; the feature server answers online lookups in "
            "milliseconds; monitoring watches freshness and training/serving drift."
        ),
        sla_ms=100,
    )
    with bp.group("definitions", "Definitions"):
        repo = bp.add("feature_repo_ci", "ci_pipeline", "Feature repo CI (apply)")
        registry = bp.add(
            "feature_registry",
            "metadata_store",
            "Feature registry",
            notes="Entities, feature views, sources, TTLs, owners, versions; read by the "
            "stream job, materialisation, the feature server and point-in-time joins.",
        )
    with bp.group("streaming", "Streaming"):
        events = bp.add("event_stream", "message_queue", "Event stream", tech="Kafka")
        stream = bp.add(
            "stream_transforms", "stream_processor", "Stream transforms + push", tech="Flink"
        )
    with bp.group("ingestion", "Batch materialisation"):
        offline = bp.add(
            "offline_store",
            "data_warehouse",
            "Offline store",
            tech="warehouse",
            notes="The batch sources: timestamped warehouse tables (and labels); pushed stream "
            "values are appended here.",
        )
        batch = bp.add(
            "batch_materialisation",
            "feature_pipeline",
            "Batch materialise",
            tech="Spark",
            notes="feast materialize: latest value per entity, offline store -> online store.",
        )
    client = bp.add("client", "client", "Application", latency_ms=0)
    with bp.group("serving", "Online serving"):
        model = bp.add("model_serving", "model_serving", "Model serving", latency_ms=30)
        server = bp.add(
            "feature_server",
            "feature_service",
            "Feature server",
            latency_ms=3,
            notes="get_online_features: entity keys in, latest feature vector out.",
        )
        online = bp.add("online_store", "feature_store", "Online store", latency_ms=2, tech="Redis")
    with bp.group("training_group", "Training"):
        pit = bp.add(
            "point_in_time_join",
            "batch_pipeline",
            "Point-in-time join",
            notes="get_historical_features: entity df (ids, timestamps, labels) as of each row.",
        )
        training = bp.add("training", "training_pipeline", "Training pipeline")
        model_registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")
    monitor = bp.add("feature_monitoring", "drift_detector", "Freshness & drift monitoring")

    # Flows in the order of the blocks above: Graphviz starts its crossing reduction from it.
    repo >> link("batch", "feature views") >> registry
    registry >> link("async", "definitions") >> stream
    events >> link("async") >> stream
    stream >> link("async", "push latest") >> online
    stream >> link("async", "append history") >> offline
    offline >> link("batch", "source tables") >> batch
    offline >> link("batch", "history, labels") >> pit
    offline >> link("observe", "distributions") >> monitor
    batch >> link("batch", "latest") >> online
    client >> link(label="predict", latency_ms=20) >> model
    client >> link("feedback", "events, outcomes") >> events
    model >> link(label="feature lookup", latency_ms=1) >> server
    model >> link("observe", "served values") >> monitor
    server >> link(label="get by key", latency_ms=1) >> online
    online >> link("observe", "freshness") >> monitor
    pit >> link("batch", "training set") >> training
    training >> link("batch", "model") >> model_registry
    model_registry >> link("deploy", "model") >> model

    bp.frames = [
        ["client", "serving"],
        ["definitions"],
        ["streaming", "ingestion"],
        ["training_group"],
        ["feature_monitoring"],
    ]
    bp.card = Card(
        requirements=[
            "Define a feature once; use it for training and online serving without skew",
            "Online lookups in single-digit milliseconds at p99 for thousands of QPS",
            "Point-in-time correct training sets: no leakage from the future",
            "Fresh streaming features (seconds) next to daily batch features; discoverable, "
            "owned and reusable across teams",
        ],
        inputs=[
            "Feature definitions as code; batch tables and event streams",
            "Online: entity keys; offline: an entity dataframe with timestamps and labels",
        ],
        outputs=[
            "Online: the latest feature vector per entity",
            "Offline: training sets joined point-in-time",
        ],
        ml_task=(
            "Platform, not a model: make features consistent between training and serving so "
            "every model on top of it can be trained and served from the same definitions."
        ),
        data=[
            "Warehouse tables (daily aggregates, profiles) and event streams (clicks, payments)",
            "Labels with event timestamps for the entity dataframe",
            "Registry metadata: entities, feature views, TTLs, owners",
        ],
        features=[
            "Batch feature views (e.g. 30-day spend), stream feature views (e.g. 5-minute "
            "counts), on-demand features computed at request time",
            "Each value carries an event timestamp; TTL bounds how far back a join may look",
        ],
        model=[
            "The platform hosts none; models consume a feature list pinned in the model registry",
        ],
        training=[
            "Point-in-time join: for each label row, the latest feature value at or before its "
            "timestamp, within TTL",
            "Backfills recompute history when a feature definition changes",
        ],
        offline_metrics=[
            "Training/serving skew: share of features whose logged online values differ from "
            "offline recomputation",
            "Point-in-time correctness tests on synthetic data",
        ],
        online_metrics=[
            "Online lookup latency p99 and availability",
            "Feature freshness (age of the newest value) per feature view",
            "Feature reuse: models per feature, time to ship a new feature",
        ],
        serving=[
            "Feature server reads the online store by entity key; batch multi-gets",
            "Streaming writes via push to online and offline stores at once",
        ],
        monitoring=[
            "Materialisation job failures and lag; stream consumer lag",
            "Drift between training distributions and served values; null rates",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Where transformations run",
                options=["In the feature store (batch / stream / on-demand)", "Upstream ETL"],
                choice="Definitions in the store, computed by batch and stream engines",
                why="One definition for both paths removes skew; upstream ETL is simpler but "
                "duplicates logic between training and serving.",
            ),
            Tradeoff(
                topic="Online store",
                options=["Redis", "DynamoDB / Bigtable", "Cassandra"],
                choice="Redis for latency, a wide-column store for size",
                why="In-memory is fastest but costly for billions of entities.",
            ),
        ],
        talking_points=[
            "Point-in-time joins are the core correctness property: explain leakage",
            "Write streaming features to both stores, or training never sees them",
            "Log served feature values to measure skew directly",
            "Registry as the contract: owners, versions, deprecation",
        ],
        failure_modes=[
            FailureMode(
                component="online_store",
                failure="Lookup p99 above single-digit ms at peak",
                detection="p99 latency per feature view and hot-key metrics",
                mitigation="Shard by entity key; cache hot entities; replicate reads",
            ),
            FailureMode(
                component="batch_materialisation",
                failure="Materialisation job fails, serving stale features",
                detection="Freshness SLO per feature view (last write timestamp)",
                mitigation="Alert the owner; serve last good values marked stale; backfill on "
                "recovery",
            ),
            FailureMode(
                component="point_in_time_join",
                failure="Future values leak into training sets",
                detection="Tests on known timestamps; train/serve skew comparison",
                mitigation="As-of joins on event time with TTLs; forbid joins on processing time",
            ),
            FailureMode(
                component="stream_transforms",
                failure="Streaming and batch definitions diverge (train-serve skew)",
                detection="Daily comparison of online and offline values on a sample",
                mitigation="One definition compiled to both engines in the feature repo",
            ),
            FailureMode(
                component="feature_registry",
                failure="A breaking change to a feature silently breaks downstream models",
                detection="CI checks on schema and consumer lineage",
                mitigation="Versioned feature views; deprecate instead of change in place",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Online lookups per second",
                value="~50k",
                arithmetic="5,000 model QPS x 10 feature views per request",
            ),
            Estimate(
                quantity="Online store size",
                value="~200 GB",
                arithmetic="100M entities x 500 features x 4 bytes = 2e11 bytes",
            ),
            Estimate(
                quantity="Offline store growth",
                value="~1.5 TB/month",
                arithmetic="100M entities x 500 bytes per daily snapshot x 30 days = 1.5e12 bytes",
            ),
            Estimate(
                quantity="Stream throughput",
                value="~100 MB/s",
                arithmetic="100k events/s x 1 KB per event",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Point-in-time correct joins for training data",
            "evidence": {"words": ["point-in-time join", "point-in-time"]},
        },
        {
            "point": "Batch, streaming and on-demand feature views",
            "evidence": {
                "words": ["on-demand feature", "stream feature view", "batch feature view"]
            },
        },
        {
            "point": "A feature registry of definitions",
            "evidence": {
                "kinds": ["metadata_store"],
                "words": ["feature registry", "registry of feature"],
            },
        },
        {
            "point": "Backfills when a definition changes",
            "evidence": {"words": ["backfills", "backfill"]},
        },
        {"point": "TTL bounding the online values", "evidence": {"words": ["TTL"]}},
        {
            "point": "Streaming writes pushed to both stores",
            "evidence": {"words": ["push to online", "streaming writes"]},
        },
    ]
    return bp.build()
