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

from mlsd_diagrams import Blueprint, Card, DebtRow, Design, Estimate, FailureMode, Tradeoff, link


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
    bp.compare_with = ["lambda_architecture"]
    bp.debt = [
        DebtRow(
            id="run_cost", label="Run cost", value="1x compute (2x during a replay)", better="lower"
        ),
        DebtRow(
            id="code_bases", label="Code bases to keep in step", value="1 (Flink)", better="lower"
        ),
        DebtRow(id="engineers", label="Engineers to maintain", value="~1x", better="lower"),
        DebtRow(
            id="change_logic", label="Change the logic", value="write it once; replay ≈ 2 days"
        ),
    ]
    bp.card = Card(
        narration=(
            "Apps and devices append every event to the event log, kept in full. Stream job v1 "
            "keeps output table v1 live; to change the logic, stream job v2 replays the same log "
            "from the start into output table v2. The query service answers the application from "
            "table v1 and switches to table v2 once it has caught up."
        ),
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
                inputs={"events_per_day": 1e09, "seconds_per_day": 86400},
                formula="events_per_day / seconds_per_day",
                result=12000,
            ),
            Estimate(
                quantity="Log storage",
                value="~365 TB/year",
                arithmetic="1B events x 1 KB x 365 days = 3.65e14 bytes",
                inputs={"events_per_day": 1e09, "bytes_per_event": 1000, "days": 365},
                formula="events_per_day * bytes_per_event * days",
                result=3.65e14,
            ),
            Estimate(
                quantity="Run cost: stream job cores",
                value="~7 cores",
                arithmetic=(
                    "11.6k events/s x 3 (peak headroom) / 5k events/s per core ≈ 7; Lambda runs "
                    "these and a batch cluster besides"
                ),
                inputs={"events_per_s": 11600, "headroom": 3, "events_per_s_per_core": 5000},
                formula="events_per_s * headroom / events_per_s_per_core",
                result=7,
            ),
            Estimate(
                quantity="Cost to change logic: replay time",
                value="~2 days",
                arithmetic="365 TB / 2 GB/s replay = 1.8e5 s ≈ 2.1 days",
                inputs={"log_bytes": 3.65e14, "replay_bytes_per_s": 2e09, "seconds_per_day": 86400},
                formula="log_bytes / replay_bytes_per_s / seconds_per_day",
                result=2.1,
            ),
            Estimate(
                quantity="Cost to change logic: replay cores",
                value="~400 cores while replaying",
                arithmetic=(
                    "2 GB/s / 1 KB per event = 2M events/s; / 5k events/s per core = 400 cores, "
                    "for the 2 days of a replay only"
                ),
                inputs={
                    "replay_bytes_per_s": 2e09,
                    "bytes_per_event": 1000,
                    "events_per_s_per_core": 5000,
                },
                formula="replay_bytes_per_s / bytes_per_event / events_per_s_per_core",
                result=400,
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
