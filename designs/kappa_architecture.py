"""Kappa architecture: one stream-processing path; reprocessing is a replay of the retained log.

There is no batch layer. Kafka keeps the full history of events (long retention or compaction).
A stream job turns the log into a serving table. To change the logic, a second instance of the new
job replays the log from offset 0 into a new table; when it has caught up, the application switches
to the new table and the old job and table are dropped.

Sources: Jay Kreps, "Questioning the Lambda Architecture" (O'Reilly Radar, 2014); Jay Kreps, "The
Log: What every software engineer should know about real-time data's unifying abstraction"
(LinkedIn Engineering, 2013); Martin Kleppmann, *Designing Data-Intensive Applications* (O'Reilly,
2017), chapter 11 ("Reprocessing data for application evolution").
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link


def build() -> Design:
    bp = Blueprint(
        "kappa_architecture",
        "Kappa Architecture",
        summary=(
            "Events are appended to a Kafka log that retains the full history. A single stream "
            "job computes the serving table; to reprocess, a new version of the same job replays "
            "the log from the beginning into a new table, and the application switches over once "
            "it has caught up. One code path, one framework."
        ),
        sla_ms=100,
    )
    producers = bp.add("event_sources", "client", "Apps & devices", latency_ms=0)
    log = bp.add(
        "event_log",
        "message_queue",
        "Event log (full retention)",
        tech="Kafka",
        notes="Retains all history (or a compacted topic), so any job can start from offset 0.",
    )
    with bp.group("stream_layer", "Stream processing: the only path"):
        job_live = bp.add("stream_job_v1", "stream_processor", "Stream job v1 (live)", tech="Flink")
        job_replay = bp.add(
            "stream_job_v2",
            "stream_processor",
            "Stream job v2 (replay)",
            tech="Flink",
            notes="Same code base as v1 with the new logic; reads from offset 0.",
        )
    with bp.group("serving", "Serving"):
        table_live = bp.add(
            "table_v1", "nosql_db", "Output table v1", latency_ms=10, tech="Cassandra"
        )
        # Read once the replay has caught up: the query service switches from v1 to v2.
        table_new = bp.add(
            "table_v2",
            "nosql_db",
            "Output table v2 (replayed)",
            latency_ms=10,
            tech="Cassandra",
            notes="Becomes the live table once v2 has caught up; then v1 and its table go.",
        )
        app = bp.add("query_service", "app_service", "Query service", latency_ms=5)
    reader = bp.add("analyst", "client", "Application / analyst", latency_ms=0)

    producers >> link("async", "events") >> log
    log >> link("async", "tail (latest offset)") >> job_live
    log >> link("async", "replay from offset 0") >> job_replay
    job_live >> link("async", "upserts") >> table_live
    job_replay >> link("async", "rebuild") >> table_new
    reader >> link(label="query", latency_ms=10) >> app
    app >> link(label="reads v1 until the switch", latency_ms=2) >> table_live
    app >> link(label="switches to v2 once caught up", latency_ms=2) >> table_new

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["event_sources", "event_log"],
        ["stream_job_v1", "table_v1", "query_service", "analyst"],
        ["stream_job_v2", "table_v2"],
    ]
    bp.card = Card(
        requirements=[
            "Fresh results (seconds) and queries answered in under 100 ms",
            "Reprocess history when the logic changes, without a second code base",
            "Retain the full event history in the log (retention or log compaction)",
        ],
        inputs=["An unbounded stream of events, kept in a replayable log"],
        outputs=["A serving table maintained by one stream job; queries read it directly"],
        ml_task=(
            "A data architecture rather than a model; in ML platforms it computes streaming "
            "features, and backfills them by replaying the log through the same code."
        ),
        data=[
            "The log is the source of truth: ordered, partitioned, replayable",
            "Derived tables are disposable: any of them can be rebuilt from the log",
        ],
        features=["Aggregates and joins computed incrementally by the stream job"],
        model=[
            "No learned model; one stream job is the only implementation of the logic",
            "Exactly-once state (checkpoints) so a replay produces the same table",
        ],
        training=[
            "Reprocessing = start job v2 from offset 0 with more parallelism, into a new table",
            "Switch readers to the new table when v2's lag reaches zero, then drop v1",
        ],
        offline_metrics=[
            "Replay throughput: how long a full reprocess of the retained history takes",
            "Agreement of the rebuilt table with the old one on unchanged logic",
        ],
        online_metrics=[
            "Query latency p99 against the 100 ms budget",
            "Consumer lag of the live job (event time to visibility)",
        ],
        serving=[
            "Readers query the live output table; switching to a rebuilt one is a config change",
        ],
        monitoring=["Consumer lag per job, checkpoint health, log retention headroom"],
        tradeoffs=[
            Tradeoff(
                topic="Reprocessing: replay vs batch recompute",
                options=["Kappa: replay the log through the stream job", "Lambda: batch layer"],
                choice="Kappa when the log can hold the history and the logic fits streaming",
                why=(
                    "One code base and one framework to run and debug; the price is long log "
                    "retention and replays that must be fast enough to catch up."
                ),
            ),
        ],
        talking_points=[
            "Kappa removes the batch layer: the same job code serves live processing and "
            "reprocessing",
            "Reprocessing runs side by side with the live job, so there is no downtime",
            "Output tables are disposable derived data; the log is the source of truth",
            "Compare with Lambda: one path with replay instead of two paths merged at query time",
        ],
        failure_modes=[
            FailureMode(
                component="event_log",
                failure="Retention shorter than the reprocessing window, so history is lost",
                detection="Oldest offset vs the replay window needed",
                mitigation="Infinite retention with tiered storage or log compaction",
            ),
            FailureMode(
                component="stream_job_v2",
                failure="Replay of history takes days; v2 lags behind",
                detection="Consumer lag of v2 against the head of the log",
                mitigation="More partitions and parallelism during replay; switch only when caught "
                "up",
            ),
            FailureMode(
                component="query_service",
                failure="Switching tables serves half-built results",
                detection="Row counts and checksums of table_v2 vs table_v1",
                mitigation="Switch atomically only after v2 reaches the head; keep v1 until "
                "verified",
            ),
            FailureMode(
                component="stream_job_v1",
                failure="A bug corrupts the serving table",
                detection="Data-quality checks on the output table",
                mitigation="Fix the code, replay into a new table, switch; drop the bad table",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Ingest",
                value="~12k events/s",
                arithmetic="1B events/day / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="Log storage",
                value="~365 TB/year",
                arithmetic="1B events x 1 KB x 365 days = 3.65e14 bytes",
            ),
            Estimate(
                quantity="Run cost: kappa vs lambda",
                value="1 job vs 2 (≈ 0.5x compute)",
                arithmetic="one stream job (1 unit) vs batch + stream (1 + 1 units)",
            ),
            Estimate(
                quantity="Cost to change logic",
                value="1 code base, replay ≈ 2 days",
                arithmetic="365 TB / (2 GB/s replay) = 1.8e5 s ≈ 2.1 days",
            ),
            Estimate(
                quantity="Engineers to maintain",
                value="~1x vs 2x",
                arithmetic="1 code path (stream) vs 2 (batch + stream) that must agree: 1/2 the "
                "code to change",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "One stream job is the only implementation",
            "evidence": {"words": ["one stream job", "single code path", "only implementation"]},
        },
        {
            "point": "Reprocess by replaying the log from offset 0",
            "evidence": {"words": ["replay", "replaying", "offset 0"]},
        },
        {
            "point": "A retained, replayable log",
            "evidence": {"kinds": ["message_queue"], "words": ["retention", "retained", "log"]},
        },
        {
            "point": "Switch readers to the rebuilt table",
            "evidence": {"words": ["switch readers", "new table", "rebuilt"]},
        },
        {
            "point": "Exactly-once state and checkpoints",
            "evidence": {"words": ["exactly-once", "exactly once"]},
        },
    ]
    bp.relatives = ["lambda_architecture"]
    return bp.build()
