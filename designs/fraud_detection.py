"""Real-time payment fraud detection: streaming features, rules plus a model, human review.

A payment is authorised only after the risk service scores it: a rule engine applies hard
policies, and a gradient-boosted model scores the transaction with features from an online store
that a stream processor keeps up to date (velocity counts over minutes) next to batch aggregates
(months of history). Borderline payments go to fraud analysts; their verdicts and, weeks later,
chargebacks from the card networks become the labels the model is retrained on.

Sources: Stripe, "A primer on machine learning for fraud detection" and "How we built it: Stripe
Radar" (stripe.com); Dal Pozzolo et al., "Credit Card Fraud Detection: A Realistic Modeling and a
Novel Learning Strategy" (IEEE TNNLS, 2018) on alert-feedback interaction and delayed labels; Chip
Huyen, *Designing Machine Learning Systems* (O'Reilly, 2022), chapters 4 (class imbalance) and 7-9
(natural labels, feedback loop length, continual learning); Confluent, "Real-time fraud detection
with Apache Kafka and Apache Flink" (confluent.io).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, View, link


def build() -> Design:
    bp = Blueprint(
        "fraud_detection",
        "Real-Time Fraud Detection",
        summary=(
            "Each payment is scored before authorisation: a rule engine applies hard policies "
            "and a GBDT model scores the transaction from streaming velocity features and batch "
            "history in an online feature store. Decisions are approve, decline or send to "
            "review; analysts' verdicts and delayed chargebacks become training labels."
        ),
        sla_ms=150,
    )
    # The grouping keeps the slide free of crossings: the log sits with the path that writes
    # it, and the batch chain (history -> pipeline -> offline store -> training) runs along
    # the bottom, ungrouped, under the streaming features.
    customer = bp.add("customer", "client", "Card checkout", latency_ms=0)
    with bp.group("decision_path", "Authorisation path"):
        gateway = bp.add("payment_api", "api_gateway", "Payment API", latency_ms=10)
        risk = bp.add(
            "risk_service",
            "app_service",
            "Risk decision service",
            latency_ms=5,
            notes="Combines rule verdicts and model score into approve / decline / review.",
        )
        with bp.group("scoring", "Rules & model"):
            model = bp.add("fraud_model", "model_serving", "Fraud model (GBDT)", latency_ms=15)
            rules = bp.add("rule_engine", "rule_engine", "Rule engine", latency_ms=5)
        # One Kafka log of every scored payment with its decision: the stream, the lake and
        # the review tool all read it.
        events = bp.add(
            "transaction_log",
            "event_logging",
            "Transaction log",
            tech="Kafka",
            notes="Each payment with its decision (approve, decline, review).",
        )
    with bp.group("velocity", "Velocity features & online store"):
        stream = bp.add("velocity_features", "stream_processor", "Velocity features", tech="Flink")
        online = bp.add(
            "online_features", "feature_store", "Online feature store", latency_ms=5, tech="Redis"
        )
    lake = bp.add("transaction_lake", "data_lake", "Transaction history", tech="S3")
    pipeline = bp.add("feature_pipeline", "feature_pipeline", "Feature pipeline", tech="Spark")
    offline = bp.add("offline_features", "feature_store", "Offline feature store", plane="offline")
    with bp.group("review", "Review & chargebacks"):
        analysts = bp.add(
            "analysts",
            "human_reviewer",
            "Fraud analysts",
            notes="Work a review queue ranked by expected loss.",
        )
        # Chargeback files arrive from the networks in batches, weeks after the payment.
        issuer = bp.add("card_network", "client", "Card networks", plane="offline")
    labels = bp.add(
        "labels",
        "data_warehouse",
        "Fraud labels (delayed)",
        notes="Joined to features point-in-time, at the transaction's timestamp.",
    )
    with bp.group("training_group", "Weekly retraining"):
        trainer = bp.add("training", "training_pipeline", "Train GBDT (weekly)", tech="XGBoost")
    with bp.group("release", "Evaluation & release"):
        evaluation = bp.add("evaluation", "evaluation_pipeline", "Offline evaluation")
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")
    # One monitor for the service's health and for drift in its scores and features.
    with bp.group("monitoring_group", "Monitoring"):
        monitoring = bp.add("monitoring", "monitoring", "Monitoring", tech="Prometheus")

    customer >> link(label="payment", latency_ms=30) >> gateway
    # The payment API waits for the decision: the request returns approve / decline / review.
    gateway >> link(label="approve / decline", latency_ms=1) >> risk
    risk >> link(label="transaction", latency_ms=1) >> model
    risk >> link(label="policies", latency_ms=1) >> rules
    model >> link(label="feature lookup", latency_ms=1) >> online
    rules >> link(label="feature lookup", latency_ms=1) >> online
    risk >> link("async", "payment, decision") >> events
    events >> link("async") >> stream
    stream >> link("async", "velocity counts") >> online
    # The same counts are logged for training, so the model trains on what it is served.
    stream >> link("async", "timestamped") >> offline
    events >> link("batch", "archive") >> lake
    # Batch aggregates are computed once and materialised for serving: no training-serving skew.
    lake >> link("batch", "raw data") >> pipeline
    pipeline >> link("batch", "aggregates") >> offline
    offline >> link("batch", "materialise") >> online
    # Payments sent to review reach the analysts from the log; their verdicts and, weeks
    # later, chargebacks become the labels.
    events >> link("async", "review cases") >> analysts
    analysts >> link("feedback", "verdicts") >> labels
    issuer >> link("feedback", "chargebacks") >> labels
    offline >> link("batch", "training data") >> trainer
    labels >> link("batch", "training data") >> trainer
    trainer >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    registry >> link("deploy", "model") >> model
    model >> link("observe", "latency, drift") >> monitoring

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["customer", "decision_path", "online_features"],
        ["velocity"],
        ["transaction_lake", "feature_pipeline", "offline_features"],
        ["review", "labels"],
        ["training_group", "release"],
        ["monitoring_group"],
    ]
    # The overview draws each group as one box and the ungrouped batch chain as small stubs:
    # with that chain drawn in full, its flows cross the boxes' flows on a slide.
    bp.views = [
        View(
            id="overview",
            title="overview",
            include=["customer"],
            collapse=[
                "decision_path",
                "velocity",
                "review",
                "training_group",
                "release",
                "monitoring_group",
            ],
        )
    ]
    bp.card = Card(
        requirements=[
            "Score every card payment before authorisation: ~10k transactions/s at peak",
            "Decision within 150 ms end to end; the model's share is ~15 ms",
            "Fraud is rare (~0.1% of payments) and adversaries adapt within days",
            "Every decline must be explainable to the merchant and the customer",
        ],
        inputs=["A payment: card, amount, merchant, device, IP, time, customer history"],
        outputs=["Approve, decline or send to review, with a fraud probability and reasons"],
        ml_task=(
            "Binary classification of each transaction as fraudulent, with a decision threshold "
            "set by the cost of fraud losses against false declines."
        ),
        data=[
            "Every scored payment and its decision, logged to Kafka and archived to the lake",
            "Labels: analyst verdicts within days, chargebacks 30-90 days later",
            "Point-in-time joins so training features never see the future",
        ],
        features=[
            "Streaming velocity: transactions per card, device and IP in the last 1, 10, 60 min",
            "Batch history: customer's typical amount, merchants, countries over 90 days",
            "Request context: amount, merchant category, distance from the usual location",
        ],
        model=[
            "Rules for hard policy (sanctions, blocked BINs) and fast reaction to new attacks",
            "Gradient-boosted trees as the main model: strong on tabular data, fast, explainable",
            "Later: a sequence model over the card's recent transactions",
        ],
        training=[
            "Weekly retraining on a time-based split; labels mature before a week is used",
            "Class imbalance: downsample legitimate transactions and reweight",
            "Selection bias: declined payments have no outcome; keep a small random holdout",
        ],
        offline_metrics=[
            "PR-AUC and recall at a fixed false-positive rate",
            "Dollar-weighted recall: share of fraud losses caught",
        ],
        online_metrics=[
            "Fraud loss rate (basis points of volume) and chargeback rate",
            "False-decline rate and approval rate",
            "Review rate and analyst precision (share of reviewed cases that are fraud)",
        ],
        serving=[
            "Online prediction on every payment; rules and model run side by side",
            "Thresholds per merchant segment; a shadow model scores before each rollout",
        ],
        monitoring=[
            "Latency, timeouts (fail open or closed by policy), score distribution",
            "Drift in feature and score distributions; sudden spikes in review volume",
            "Label delay: the true performance of a model is known only weeks later",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Rules vs model",
                options=["Rules only", "Model only", "Rules + model"],
                choice="Rules + model",
                why=(
                    "Rules encode policy and react to a new attack within hours; the model "
                    "generalises across thousands of weak signals."
                ),
            ),
            Tradeoff(
                topic="Feature freshness",
                options=["Batch features only", "Streaming velocity features"],
                choice="Streaming velocity features next to batch history",
                why="Card-testing attacks happen in minutes; daily aggregates miss them.",
            ),
        ],
        talking_points=[
            "Labels arrive late: chargebacks take weeks, so evaluate on matured data only",
            "Declined payments never get labels: keep an exploration holdout",
            "The threshold is a business decision: cost of fraud vs cost of a false decline",
            "Analysts' capacity caps the review band; rank cases by expected loss",
        ],
        failure_modes=[
            FailureMode(
                component="fraud_model",
                failure="Fraudsters adapt within days; recall drops",
                detection="Chargeback rate by score band on matured data; drift on top features",
                mitigation="Frequent retrains; rules as a fast patch; adversarial features "
                "(velocity, device)",
            ),
            FailureMode(
                component="velocity_features",
                failure="Streaming counters lag, so a burst of fraud passes",
                detection="Feature freshness and consumer lag on the transaction stream",
                mitigation="Alert on lag; rules on raw counts as a fallback",
            ),
            FailureMode(
                component="risk_service",
                failure="Model timeout at peak breaks the 150 ms budget",
                detection="p99 of the model call and timeouts per minute",
                mitigation="Fall back to rules-only decisions; autoscale",
            ),
            FailureMode(
                component="labels",
                failure="Labels arrive weeks later, so recent data looks clean",
                detection="Label maturity curve per week",
                mitigation="Train on matured windows; weight analyst verdicts for recent data",
            ),
            FailureMode(
                component="analysts",
                failure="Review queue overflows; analysts miss fraud",
                detection="Queue length and time to decision",
                mitigation="Rank cases by expected loss; move the review threshold with capacity",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Peak QPS",
                value="~10k",
                arithmetic="stated: 10k transactions/s at peak",
            ),
            Estimate(
                quantity="Daily transactions",
                value="~430M",
                arithmetic="10k/s x 86,400 s ÷ 2 (average is half of peak)",
            ),
            Estimate(
                quantity="Transaction storage",
                value="~0.9 TB/day",
                arithmetic="430M x 2 KB per enriched transaction = 8.6e11 bytes",
            ),
            Estimate(
                quantity="Fraud cases per day",
                value="~430k",
                arithmetic="430M x 0.1% fraud rate",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Rules beside the model for hard policy and new attacks",
            "evidence": {"kinds": ["rule_engine"], "words": ["rules", "rule engine"]},
        },
        {
            "point": "Streaming velocity features per card, device and IP",
            "evidence": {"words": ["velocity", "transactions per card", "last 10 min"]},
        },
        {
            "point": "A decision threshold set by the cost of fraud against false declines",
            "evidence": {"words": ["false declines", "cost of fraud", "decision threshold"]},
        },
        {
            "point": "Labels arrive late (chargebacks) and declined payments have no outcome",
            "evidence": {
                "words": ["chargeback", "selection bias", "labels mature", "delayed labels"]
            },
        },
        {
            "point": "Class imbalance handled",
            "evidence": {"words": ["class imbalance", "downsample legitimate", "reweight"]},
        },
        {
            "point": "A human review queue for the uncertain band",
            "evidence": {
                "kinds": ["human_reviewer"],
                "words": ["manual review", "review queue", "analyst"],
            },
        },
    ]
    return bp.build()
