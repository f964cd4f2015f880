"""Lambda architecture: a batch layer and a speed layer over one event stream, merged at query time.

New data goes to both layers. The batch layer appends it to an immutable master dataset and
periodically recomputes batch views from all of it; the serving layer indexes those views for
random reads. The speed layer processes only the data the last batch run has not yet covered and
keeps incremental real-time views. A query reads both views and merges them, so answers are
complete (batch) and fresh (speed) at once.

Sources: Nathan Marz, "How to beat the CAP theorem" (nathanmarz.com, 2011); Nathan Marz and James
Warren, *Big Data: Principles and best practices of scalable realtime data systems* (Manning, 2015),
chapter 1 (batch, serving and speed layers); Jay Kreps, "Questioning the Lambda Architecture"
(O'Reilly Radar, 2014), for the cost of keeping two code paths.
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link


def build() -> Design:
    bp = Blueprint(
        "lambda_architecture",
        "Lambda Architecture",
        summary=(
            "Every event is written to Kafka and read by two paths: the batch layer appends it "
            "to an immutable master dataset and recomputes batch views from scratch every few "
            "hours, while the speed layer updates real-time views within seconds. The query "
            "service merges the batch view with the real-time view covering the hours since the "
            "last batch run."
        ),
        sla_ms=100,
    )
    producers = bp.add("event_sources", "client", "Apps & devices", latency_ms=0)
    log = bp.add("event_log", "message_queue", "New data (event log)", tech="Kafka")
    with bp.group("batch_layer", "Batch layer: recompute everything"):
        master = bp.add(
            "master_dataset",
            "data_lake",
            "Master dataset",
            tech="HDFS",
            notes="Immutable, append-only raw events: the source of truth.",
        )
        batch = bp.add("batch_compute", "batch_pipeline", "Batch recompute", tech="Spark")
    with bp.group("speed_layer", "Speed layer: only recent data"):
        stream = bp.add("stream_compute", "stream_processor", "Stream processing", tech="Flink")
        realtime_views = bp.add(
            "realtime_views",
            "nosql_db",
            "Real-time views",
            latency_ms=5,
            tech="Cassandra",
            notes="Incremental and approximate; discarded once the batch layer catches up.",
        )
    with bp.group("serving_layer", "Serving layer"):
        batch_views = bp.add(
            "batch_views",
            "nosql_db",
            "Batch views",
            latency_ms=10,
            tech="HBase",
            notes="Read-only, bulk-loaded after each batch run.",
        )
        query = bp.add("query_service", "app_service", "Query service (merge)", latency_ms=5)
    reader = bp.add("analyst", "client", "Application / analyst", latency_ms=0)

    producers >> link("async", "events") >> log
    log >> link("batch", "append") >> master
    master >> link("batch", "all data") >> batch
    batch >> link("batch", "recomputed views") >> batch_views
    log >> link("async", "recent events") >> stream
    stream >> link("async", "incremental updates") >> realtime_views
    reader >> link(label="query", latency_ms=10) >> query
    query >> link(label="batch view", latency_ms=2) >> batch_views
    query >> link(label="real-time view", latency_ms=2) >> realtime_views

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["event_sources", "event_log"],
        ["batch_layer"],
        ["speed_layer"],
        ["analyst", "serving_layer"],
    ]
    bp.card = Card(
        requirements=[
            "Arbitrary queries over all historical data, answered in under 100 ms",
            "Results fresh to within seconds, not hours",
            "Tolerance of human error: a buggy job is fixed by recomputing from raw data",
            "Linear scale-out of storage and compute",
        ],
        inputs=["An unbounded stream of immutable events (page views, transactions, sensor data)"],
        outputs=["Query results = merge(batch view, real-time view)"],
        ml_task=(
            "A data architecture rather than a model; in ML platforms it computes features: "
            "accurate batch features from the full history plus fresh streaming features."
        ),
        data=[
            "Master dataset: raw, immutable, append-only events, never updated in place",
            "Batch views: precomputed aggregates indexed for random reads",
            "Real-time views: incremental aggregates of the data since the last batch run",
        ],
        features=[
            "Batch view = function(all data), recomputed from scratch",
            "Real-time view = function(real-time view, new data), updated incrementally",
        ],
        model=[
            "No learned model; the same query function is written twice, once per layer",
            "Exact batch algorithms; approximate streaming ones (e.g. HyperLogLog) are acceptable",
        ],
        training=[
            "Batch runs every few hours over the whole master dataset",
            "Real-time views for a window are dropped once a batch run has absorbed it",
        ],
        offline_metrics=[
            "Batch run duration, which bounds how stale batch views get",
            "Divergence of speed-layer results from the batch results for the same window",
        ],
        online_metrics=[
            "Query latency p99 against the 100 ms budget",
            "End-to-end freshness: event time to visibility in a query result",
        ],
        serving=[
            "The query service reads both views and merges them per key",
            "Batch views are swapped in atomically after each run",
        ],
        monitoring=[
            "Batch job lag and failures; stream consumer lag on Kafka",
            "Size of the real-time window still waiting for the batch layer",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Two code paths vs one",
                options=["Lambda: batch + speed layers", "Kappa: one streaming path with replay"],
                choice="Lambda when batch logic is hard to express as a stream",
                why=(
                    "Recomputing from the immutable master dataset is simple and robust, but "
                    "every query function is implemented and debugged twice, in two frameworks."
                ),
            ),
            Tradeoff(
                topic="Exact vs approximate speed layer",
                options=["Exact incremental state", "Approximate sketches"],
                choice="Approximate in the speed layer",
                why="The batch layer corrects it within hours, so bounded error is acceptable.",
            ),
        ],
        talking_points=[
            "query = function(all data); the batch layer precomputes it, the speed layer patches "
            "the gap since the last run",
            "Immutability of the master dataset is what makes human errors recoverable",
            "The speed layer's complexity is temporary: its state is thrown away after each run",
            "Kreps' critique: keeping two implementations in sync is the real operational cost",
        ],
        failure_modes=[
            FailureMode(
                component="batch_compute",
                failure="Nightly batch overruns, so batch views are a day stale",
                detection="Batch job duration vs its window",
                mitigation="Incremental batch jobs; the real-time views cover the gap",
            ),
            FailureMode(
                component="stream_compute",
                failure="Stream and batch logic disagree, so numbers jump at each merge",
                detection="Diff of realtime vs batch views for the same window",
                mitigation="Shared logic library; reconciliation tests on each change",
            ),
            FailureMode(
                component="master_dataset",
                failure="Raw data corrupted or deleted",
                detection="Checksums and immutable-storage audits",
                mitigation="Append-only storage with versioning; recompute views from raw",
            ),
            FailureMode(
                component="query_service",
                failure="Merge of batch and real-time views double-counts the overlap",
                detection="Totals vs a known reference window",
                mitigation="Cut over on the batch view's high-water mark",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Ingest",
                value="~12k events/s",
                arithmetic="1B events/day / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="Master dataset growth",
                value="~365 TB/year",
                arithmetic="1B events x 1 KB x 365 days = 3.65e14 bytes",
            ),
            Estimate(
                quantity="Run cost: lambda vs kappa",
                value="2 jobs vs 1 (≈ 2x compute)",
                arithmetic="batch + stream (1 + 1 units) vs one stream job (1 unit)",
            ),
            Estimate(
                quantity="Cost to change logic",
                value="2 code bases, recompute ≈ 1 night",
                arithmetic="365 TB / (20 GB/s batch cluster) = 1.8e4 s ≈ 5 h",
            ),
            Estimate(
                quantity="Engineers to maintain",
                value="~2x vs 1x",
                arithmetic="2 code paths (batch + stream) that must agree vs 1: every change "
                "written 2 times",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "A batch layer recomputing views from all data",
            "evidence": {"words": ["batch view", "batch layer", "master dataset"]},
        },
        {
            "point": "A speed layer updating real-time views",
            "evidence": {"words": ["real-time view", "speed layer"]},
        },
        {
            "point": "A serving layer merging both views per key",
            "evidence": {"words": ["merges them per key", "merge views", "serving layer"]},
        },
        {
            "point": "The same logic written twice",
            "evidence": {"words": ["written twice", "two code paths", "twice"]},
        },
        {
            "point": "Real-time views dropped once the batch absorbs them",
            "evidence": {"words": ["absorbed", "dropped once"]},
        },
    ]
    bp.relatives = ["kappa_architecture"]
    return bp.build()
