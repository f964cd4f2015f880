"""A/B testing platform: assign users to variants, log exposures, compute metrics, decide.

Assignment hashes a randomisation unit (user id) with the experiment's salt into a bucket, so a
user sees the same variant on every request, and layers let many experiments overlap. Products
log an exposure event when a user actually meets the treatment; events and exposures are joined
per unit by a metric pipeline using metric definitions from a shared catalog (the overall
evaluation criterion, guardrail and debugging metrics). An analysis engine computes effects with
confidence intervals, variance reduction (CUPED) and a sample-ratio-mismatch check; a streaming
job watches guardrail metrics in near real time and can stop a harmful experiment.

Sources: Kohavi, Tang & Xu, *Trustworthy Online Controlled Experiments* (Cambridge UP, 2020),
chapters on experimentation platforms, metrics, guardrail metrics and SRM; Tang et al.,
"Overlapping Experiment Infrastructure: More, Better, Faster Experimentation" (KDD 2010); Deng et
al., "Improving the Sensitivity of Online Controlled Experiments by Utilizing Pre-Experiment Data"
(CUPED, WSDM 2013); Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled
Experiments" (KDD 2019); Gupta et al., "Top Challenges from the first Practical Online Controlled
Experiments Summit" (SIGKDD Explorations 2019).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link


def build() -> Design:
    bp = Blueprint(
        "ab_testing_platform",
        "A/B Testing Platform",
        summary=(
            "The product asks the assignment service for the user's variants (a deterministic "
            "hash of user id and experiment salt) and logs an exposure when the user meets the "
            "treatment. A streaming job watches guardrail metrics and sample ratio in near real "
            "time; a daily pipeline joins exposures with events into per-unit metrics, and the "
            "analysis engine writes scorecards with CUPED-adjusted effects."
        ),
    )
    user = bp.add("user", "client", "User")
    with bp.group("online", "Assignment & logging (online)"):
        app = bp.add("product", "app_service", "Product service")
        assignment = bp.add(
            "assignment",
            "experimentation",
            "Assignment service",
            plane="online",
            notes="bucket = hash(user_id, salt) mod 1000; layers for overlapping tests.",
        )
        exposures = bp.add("exposure_log", "event_logging", "Exposure & event log", tech="Kafka")
    with bp.group("management", "Experiment management"):
        experimenter = bp.add("experimenter", "human_reviewer", "Experimenter")
        configs = bp.add(
            "experiment_config",
            "relational_db",
            "Experiment configs",
            tech="PostgreSQL",
            plane="nearline",
        )
        catalog = bp.add("metric_catalog", "metadata_store", "Metric catalog (OEC, guardrails)")
    with bp.group("nearline", "Real-time guardrails"):
        stream = bp.add(
            "guardrail_stream", "stream_processor", "Guardrail metrics & SRM", tech="Flink"
        )
        alerts = bp.add("alerting", "alerting", "Alerting / auto-stop")
    with bp.group("analysis_group", "Metrics & analysis (daily)"):
        metrics = bp.add(
            "metric_pipeline",
            "batch_pipeline",
            "Metric pipeline",
            tech="Spark",
            notes="Joins exposures with events per unit; only post-exposure events count.",
        )
        warehouse = bp.add("metric_store", "data_warehouse", "Per-unit metrics")
        analysis = bp.add(
            "analysis_engine",
            "batch_pipeline",
            "Analysis engine",
            notes="Welch t-test, delta method, CUPED, SRM chi-square, multiple testing.",
        )
        scorecard = bp.add("scorecard", "dashboard", "Scorecards")

    user >> link(label="request") >> app
    app >> link(label="variants for user") >> assignment
    configs >> link("async", "config push") >> assignment
    # The product logs both: exposures, and what the user then does (clicks, purchases).
    app >> link("async", "exposures, events") >> exposures
    experimenter >> link("batch", "design, launch, stop") >> configs
    exposures >> link("async") >> stream
    stream >> link("observe", "guardrail breach, SRM") >> alerts
    alerts >> link("async", "stop experiment") >> configs
    exposures >> link("batch", "exposures + events") >> metrics
    catalog >> link("batch", "metric definitions") >> metrics
    metrics >> link("batch") >> warehouse
    warehouse >> link("batch", "per-unit values") >> analysis
    analysis >> link("batch", "effects, CIs, p-values") >> scorecard

    bp.frames = [
        ["user", "product", "assignment", "experiment_config", "experimenter"],
        ["exposure_log", "metric_catalog"],
        ["nearline"],
        ["analysis_group"],
    ]
    bp.card = Card(
        requirements=[
            "Run thousands of concurrent experiments on web, apps and backend services",
            "Consistent assignment: a user sees the same variant on every request",
            "Trustworthy results: SRM checks, guardrail metrics, correct variance",
            "Stop a harmful experiment within minutes; scorecards daily",
        ],
        inputs=["Experiment config (variants, traffic split, unit, metrics); user requests"],
        outputs=["Variant assignments; scorecards of treatment effects with confidence"],
        ml_task=(
            "Causal inference by randomised controlled experiments: estimate the average "
            "treatment effect of each variant on the OEC and guardrail metrics."
        ),
        data=[
            "Assignment and exposure events (unit, experiment, variant, time)",
            "Product events (clicks, purchases, latency, errors)",
            "Pre-experiment metric values per unit for CUPED",
        ],
        features=[
            "Per-unit metric values (sums, counts, ratios) over the exposure window",
            "Covariates: pre-period values of the same metric",
        ],
        model=[
            "Two-sample tests (Welch t-test) with the delta method for ratio metrics",
            "CUPED regression adjustment; sequential tests for early stopping",
        ],
        training=[
            "No model training: validate the pipeline with A/A tests",
            "Power analysis and minimum detectable effect before launch",
        ],
        offline_metrics=[
            "A/A false-positive rate close to the nominal 5%",
            "Variance reduction achieved by CUPED; SRM rate across experiments",
        ],
        online_metrics=[
            "Overall evaluation criterion (e.g. sessions per user, revenue per user)",
            "Guardrail metrics: latency, crash rate, unsubscribe rate",
            "Platform: experiments run per week, time to decision",
        ],
        serving=[
            "Assignment in the SDK or a service: stateless hash, config pushed and cached",
            "Exposure logged at the point of treatment, not at assignment",
        ],
        monitoring=[
            "Sample ratio mismatch (chi-square) per experiment, daily and near real time",
            "Guardrail breaches trigger alerts and auto-stop",
            "Log completeness: exposures without events, late data",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Randomisation unit",
                options=["User", "Session / page view", "Cluster (e.g. market)"],
                choice="User by default; clusters when users interact",
                why="User-level keeps the experience consistent; network effects need "
                "cluster or switchback designs.",
            ),
            Tradeoff(
                topic="Fixed-horizon vs sequential testing",
                options=["Fixed horizon", "Sequential (always-valid) tests"],
                choice="Fixed horizon for decisions, sequential for guardrails",
                why="Peeking inflates false positives unless the test is built for it.",
            ),
        ],
        talking_points=[
            "SRM is the canary of a broken experiment: never trust a scorecard with SRM",
            "Trigger analysis on exposed users only, or the effect is diluted",
            "Overlapping layers allow many experiments; check for interactions",
            "Guardrail metrics protect what the OEC does not measure",
        ],
        failure_modes=[
            FailureMode(
                component="assignment",
                failure="Hashing changes between releases, so users switch variants mid-experiment",
                detection="Sample-ratio-mismatch (SRM) check on daily exposure counts",
                mitigation="Pin the hash salt per experiment; fail the build if assignment of a "
                "fixed user sample changes",
            ),
            FailureMode(
                component="exposure_log",
                failure="Exposures dropped or double-logged on one platform, biasing the treatment "
                "group",
                detection="SRM alert and per-platform exposure counts against assignment counts",
                mitigation="Log exposure at render time with idempotent event ids; exclude "
                "affected days from analysis",
            ),
            FailureMode(
                component="metric_pipeline",
                failure="Late or missing upstream data makes the daily scorecard wrong",
                detection="Freshness and row-count checks on every input table before the run",
                mitigation="Hold the scorecard and mark it stale rather than publish partial "
                "metrics",
            ),
            FailureMode(
                component="guardrail_stream",
                failure="A harmful experiment (crashes, revenue drop) runs for hours unnoticed",
                detection="Streaming guardrail metrics per variant with sequential tests",
                mitigation="Auto-stop the variant via the experiment config and page the owner",
            ),
            FailureMode(
                component="analysis_engine",
                failure="Peeking and many metrics inflate false positives",
                detection="Share of A/A tests declared significant above 5%",
                mitigation="Sequential testing, CUPED variance reduction and multiple-testing "
                "correction",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Assignment QPS",
                value="~230k",
                arithmetic="20M users x 1,000 requests/day = 20B / 86,400 s ≈ 231k lookups/s",
            ),
            Estimate(
                quantity="Exposure log volume",
                value="~2 TB/day",
                arithmetic="20M users x 100 exposures/day x 1 KB = 2e12 bytes",
            ),
            Estimate(
                quantity="Scorecard compute",
                value="~2,000 scorecards/day",
                arithmetic="1,000 live experiments x 2 (daily + guardrail rerun)",
            ),
            Estimate(
                quantity="Minimum sample",
                value="~31k users per arm",
                arithmetic="16 x p(1-p)/δ² = 16 x 0.05 x 0.95 / 0.005² ≈ 30.4k for a 10% relative "
                "lift on 5%",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Deterministic assignment by hashing the unit id",
            "evidence": {"words": ["hash", "hashing", "bucketing"]},
        },
        {
            "point": "Exposure logged where the treatment is applied",
            "evidence": {"words": ["exposure logged", "exposure log", "log exposure"]},
        },
        {
            "point": "An overall evaluation criterion with guardrail metrics",
            "evidence": {"words": ["OEC", "overall evaluation criterion", "guardrail metric"]},
        },
        {
            "point": "Variance reduction (CUPED) and the delta method for ratios",
            "evidence": {"words": ["CUPED", "variance reduction", "delta method"]},
        },
        {
            "point": "Sample ratio mismatch and A/A checks",
            "evidence": {"words": ["sample ratio mismatch", "SRM", "A/A test"]},
        },
        {
            "point": "Power analysis and peeking handled (sequential tests)",
            "evidence": {
                "words": [
                    "power analysis",
                    "minimum detectable effect",
                    "sequential test",
                    "peeking",
                ]
            },
        },
    ]
    return bp.build()
