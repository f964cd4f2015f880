"""Model deployment: CI/CD from a commit or a new model to safe, autoscaled serving, with rollback.

CI tests the serving code and builds a container image into the container registry; the training
pipeline registers an evaluated model in the model registry. Deployment then shadows the new
version (it receives mirrored traffic, its answers are dropped), moves to a canary with a few
percent of live traffic behind a traffic router, and is promoted blue-green once automated canary
analysis finds its latency, error and model metrics within bounds; otherwise traffic returns to
the stable version. An autoscaler sizes each fleet from load; prediction logs flow back to
training.

Sources: Google Cloud, "MLOps: Continuous delivery and automation pipelines in machine learning"
(cloud.google.com/architecture); Sato, Wider & Windheuser, "Continuous Delivery for Machine
Learning" (martinfowler.com, 2019); Argo Rollouts documentation on canary, blue-green and
analysis runs (argo-rollouts.readthedocs.io); KServe documentation on canary rollout and
autoscaling (kserve.github.io); Amazon SageMaker documentation on deployment guardrails
(blue/green, canary and linear traffic shifting with auto-rollback) and shadow tests
(docs.aws.amazon.com/sagemaker); Google SRE Workbook, chapter 16 "Canarying Releases".
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link


def build() -> Design:
    bp = Blueprint(
        "model_deployment",
        "Model Deployment (CI/CD, canary, rollback)",
        summary=(
            "CI builds and tests the serving image; training registers an evaluated model. The "
            "traffic router mirrors requests to a shadow, sends a few percent to a canary and "
            "the rest to the stable (blue) fleet; canary analysis compares their metrics and "
            "promotes the new version or rolls back. An autoscaler sizes the fleets; prediction "
            "logs return to training."
        ),
        sla_ms=150,
    )
    client = bp.add("client", "client", "Client", latency_ms=0)
    with bp.group("serving", "Serving (online)"):
        gateway = bp.add("gateway", "api_gateway", "API gateway", latency_ms=5)
        router = bp.add(
            "traffic_router",
            "traffic_router",
            "Traffic router",
            latency_ms=2,
            tech="Istio",
            notes="Weights: stable 95%, canary 5%; mirrors a copy to the shadow.",
        )
        stable = bp.add("stable", "model_serving", "Stable fleet (blue, v1)", latency_ms=40)
        canary = bp.add("canary", "model_serving", "Canary (green, v2)", latency_ms=40)
        shadow = bp.add(
            "shadow",
            "model_serving",
            "Shadow (v2, responses dropped)",
            plane="nearline",
        )
    autoscaler = bp.add(
        "autoscaler", "app_service", "Autoscaler", plane="nearline", notes="HPA / KEDA."
    )
    with bp.group("observability", "Monitoring & rollout control"):
        monitor = bp.add("monitoring", "monitoring", "Monitoring", tech="Prometheus")
        analysis = bp.add(
            "canary_analysis",
            "experimentation",
            "Canary analysis",
            notes="Compares canary with stable: latency, errors, score distribution.",
        )
        rollout = bp.add(
            "rollout_controller",
            "ci_pipeline",
            "CD: rollout controller",
            tech="Argo Rollouts",
            notes="Deploys image + model as a new version; shifts weights step by step.",
        )
    with bp.group("delivery", "CI & registries"):
        ci = bp.add("ci", "ci_pipeline", "CI: tests, build image", tech="GitHub Actions")
        images = bp.add("container_registry", "container_registry", "Container registry")
        training = bp.add("training", "training_pipeline", "Training pipeline")
        evaluation = bp.add("evaluation", "evaluation_pipeline", "Offline evaluation gate")
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")
    with bp.group("feedback", "Prediction logs"):
        logs = bp.add("prediction_log", "event_logging", "Prediction log", tech="Kafka")
        lake = bp.add("data_lake", "data_lake", "Data lake")

    client >> link(label="predict", latency_ms=20) >> gateway
    gateway >> link(latency_ms=1) >> router
    router >> link(label="95%", latency_ms=1) >> stable
    router >> link(label="5%", latency_ms=1) >> canary
    router >> link("async", "mirrored copy") >> shadow
    training >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    ci >> link("batch", "image") >> images
    images >> link("deploy", "image") >> rollout
    registry >> link("deploy", "model") >> rollout
    for fleet in (stable, canary, shadow):
        rollout >> link("deploy", "version") >> fleet
        fleet >> link("observe", "latency, errors, scores") >> monitor
    monitor >> link("observe", "SLIs per version") >> analysis
    monitor >> link("observe", "load") >> autoscaler
    autoscaler >> link("async", "replicas") >> stable
    analysis >> link("async", "promote / roll back") >> rollout
    rollout >> link("async", "traffic weights") >> router
    gateway >> link("feedback", "predictions + outcomes") >> logs
    logs >> link("batch", "land") >> lake
    lake >> link("batch", "training data") >> training

    bp.frames = [
        ["client", "gateway", "traffic_router", "stable"],
        ["delivery", "rollout_controller"],
        ["canary", "shadow", "monitoring", "canary_analysis"],
        ["autoscaler", "prediction_log", "data_lake"],
    ]
    bp.card = Card(
        requirements=[
            "Ship new models and serving code several times a week without downtime",
            "Catch a bad version on a small share of traffic; roll back within minutes",
            "Online predictions within 150 ms; scale with load",
            "Reproducible: every deployed version traceable to code, data and model",
        ],
        inputs=["A code commit or a newly trained model; live prediction traffic"],
        outputs=["A new version serving 100% of traffic, or a rollback with a report"],
        ml_task=(
            "Release engineering for models: validate a candidate offline, then compare it "
            "online against the stable version on a controlled share of traffic."
        ),
        data=[
            "Model artefacts with metadata (data version, metrics, signature)",
            "Serving metrics per version; prediction logs and delayed outcomes",
        ],
        features=[
            "The model's feature list pinned with the artefact; input schema checked at load",
            "Canary metrics: p99 latency, error rate, prediction distribution, business KPI",
        ],
        model=[
            "Any model packaged behind one serving interface (container + model artefact)",
            "Stable, canary and shadow run side by side",
        ],
        training=[
            "Continuous training pipeline; registration only after the offline gate",
            "Offline gate: metrics on a fixed test set, slices, and against the current model",
        ],
        offline_metrics=[
            "Candidate vs production metrics on the same hold-out (no regression on slices)",
            "Load test: throughput and p99 latency of the new image",
        ],
        online_metrics=[
            "Canary vs stable: error rate, p99 latency, score distribution shift",
            "Business metric on canary traffic; rollback count and time to rollback",
            "Deployment frequency and change failure rate",
        ],
        serving=[
            "Shadow -> canary 5% -> 25% -> 100% (blue-green switch), gated by analysis",
            "Autoscaling on QPS or GPU utilisation; warm pools to avoid cold starts",
        ],
        monitoring=[
            "Per-version dashboards; alerts on SLO burn",
            "Automatic rollback when canary analysis fails",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Rollout strategy",
                options=["Recreate", "Blue-green", "Canary", "Shadow"],
                choice="Shadow, then canary, then blue-green switch",
                why="Shadow tests at full load with no user risk; canary exposes real outcomes "
                "to few users; blue-green makes the final switch and rollback instant.",
            ),
            Tradeoff(
                topic="Canary analysis",
                options=["Manual review", "Automated statistical comparison"],
                choice="Automated, with a human override",
                why="Faster and consistent; needs enough traffic to separate noise from harm.",
            ),
        ],
        talking_points=[
            "Models fail silently: watch prediction distributions, not only errors",
            "Version code and model together; roll back both",
            "Shadow mode doubles compute: sample the mirrored traffic",
            "Canary is not an A/B test: it guards safety, the A/B test measures impact",
        ],
        failure_modes=[
            FailureMode(
                component="canary",
                failure="A bad version degrades a slice of users before detection",
                detection="Canary analysis on error rate, latency and business metrics",
                mitigation="Small traffic share (1-5%), automatic rollback by the rollout "
                "controller",
            ),
            FailureMode(
                component="shadow",
                failure="Shadow traffic doubles load on shared dependencies",
                detection="Load on downstream stores during shadow runs",
                mitigation="Sample shadow traffic; stub side-effecting calls",
            ),
            FailureMode(
                component="autoscaler",
                failure="Scaling too slowly for a traffic spike",
                detection="Queue depth and p99 latency vs replica count",
                mitigation="Scale on queue depth; keep warm headroom; pre-scale for known peaks",
            ),
            FailureMode(
                component="container_registry",
                failure="Image and model version mismatch in production",
                detection="Deployed manifest vs registry lineage",
                mitigation="Immutable tags pinning code, model and data versions together",
            ),
            FailureMode(
                component="rollout_controller",
                failure="Rollback itself fails (schema or state change)",
                detection="Rollback drills in staging",
                mitigation="Backward-compatible changes; keep the previous version warm",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Peak QPS",
                value="~23k",
                arithmetic="1B predictions/day / 86,400 s ≈ 11.6k x 2 peak factor",
            ),
            Estimate(
                quantity="Canary traffic",
                value="~580 QPS",
                arithmetic="11.6k x 5% canary share",
            ),
            Estimate(
                quantity="Replicas",
                value="~120",
                arithmetic="23k QPS / 200 QPS per replica",
            ),
            Estimate(
                quantity="Prediction log",
                value="~0.5 TB/day",
                arithmetic="1B predictions x 500 bytes = 5e11 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Shadow, then canary at a growing share, then full rollout",
            "evidence": {"words": ["canary 5%", "25%"]},
        },
        {
            "point": "Canary metrics: tail latency, errors, prediction distribution",
            "evidence": {"words": ["canary metrics", "prediction distribution"]},
        },
        {
            "point": "Automatic rollback on bad canary metrics",
            "evidence": {"words": ["rollback", "roll back"]},
        },
        {
            "point": "Blue-green switch and warm pools",
            "evidence": {"words": ["blue-green", "warm pool"]},
        },
        {
            "point": "Canary analysis gating each step",
            "evidence": {
                "kinds": ["traffic_router"],
                "words": ["canary analysis", "gated by analysis"],
            },
        },
        {
            "point": "The input schema checked when a model loads",
            "evidence": {"words": ["input schema"]},
        },
    ]
    return bp.build()
