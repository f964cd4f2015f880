"""Spam and fake-account detection: rules, a model, human review, and adversaries who adapt.

Every sign-up and every message passes a risk decision service. Rules written by analysts catch
the known patterns at once (an IP block, a device seen on 50 accounts, 100 messages a minute);
a model scores what rules miss from the account's features, its behaviour, and its place in the
account graph (accounts sharing devices, IPs or phone prefixes are clustered offline, and a
cluster's share of known bad accounts is a feature). Clear abuse is blocked or challenged (a
CAPTCHA, a phone check), borderline cases go to human review, and reviewers' decisions, users'
spam reports and appeals become labels. Spammers change tactics within days: rule hit rates and
score distributions are watched for drift, analysts write new rules the same day, and the model
is retrained often, since yesterday's negatives may be today's new campaign.

Sources: Xu et al., "Deep Entity Classification: Abusive Account Detection for Online Social
Networks" (Facebook, USENIX Security 2021); Xiao, Freeman & Hwa, "Detecting Clusters of Fake
Accounts in Online Social Networks" (LinkedIn, AISec 2015); Google Workspace blog, "Spam does not
bring us joy: ridding Gmail of 100 million more spam messages with TensorFlow" (2019); Stringhini,
Kruegel & Vigna, "Detecting Spammers on Social Networks" (ACSAC 2010); Meta Transparency Center,
Community Standards Enforcement Report, "Fake accounts" (transparency.meta.com).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    continual_training,
    interaction_log,
    monitoring_stack,
)


def build() -> Design:
    bp = Blueprint(
        "spam_detection",
        "Spam and Fake-Account Detection",
        summary=(
            "Sign-ups and messages pass a risk decision service: analysts' rules catch known "
            "patterns, a model scores account, behaviour and graph-cluster features, and the "
            "decision allows, challenges, blocks or sends to human review. Reviews, reports and "
            "appeals become labels; drift in rule hits and scores brings new rules and retrains."
        ),
        sla_ms=150,
    )
    users = bp.add("users", "client", "Users (sign-ups, messages)", latency_ms=0)
    with bp.group("decision", "Risk decision (online)"):
        api = bp.add("api", "api_gateway", "Sign-up & messaging API", latency_ms=5)
        risk = bp.add(
            "risk_service",
            "app_service",
            "Risk decision service",
            latency_ms=5,
            notes="Allow, challenge (CAPTCHA, phone check), block, or allow and send to review.",
        )
        rules = bp.add(
            "rules",
            "rule_engine",
            "Rules (IP, device, velocity)",
            latency_ms=5,
            notes="Analysts' rules, shipped within hours of a new campaign.",
        )
        model = bp.add(
            "spam_model",
            "model_serving",
            "Spam & fake-account model",
            latency_ms=30,
            notes="GBDT over account, behaviour and cluster features; one head per abuse type.",
        )

    users >> link(label="sign-up, message", latency_ms=40) >> api
    api >> link(latency_ms=1) >> risk
    risk >> link(label="match", latency_ms=1) >> rules
    risk >> link(label="score", latency_ms=1) >> model

    with bp.group("data_group", "Data & account graph"):
        logs = interaction_log(
            bp, feedback_from=[users], group=None, feedback_label="spam reports, appeals"
        )
        clustering = bp.add(
            "graph_clustering",
            "batch_pipeline",
            "Account graph clustering",
            notes="Links accounts by shared device, IP, phone prefix, payment; clusters them.",
        )
        offline = bp.add(
            "offline_features", "feature_store", "Offline feature store", plane="offline"
        )
        online = bp.add(
            "online_features", "feature_store", "Online feature store", latency_ms=5, tech="Redis"
        )
    risk >> link("async", "decisions") >> logs.log
    logs.lake >> link("batch", "account links") >> clustering
    clustering >> link("batch", "cluster features") >> offline
    offline >> link("batch", "materialise") >> online
    model >> link(label="features", latency_ms=1) >> online
    with bp.group("review_group", "Review & rules"):
        reviewers = bp.add("reviewers", "human_reviewer", "Trust & safety reviewers")
        labels = bp.add(
            "labels",
            "labeling",
            "Abuse labels",
            notes="Verdicts, reports and won appeals (false positives), plus a random sample.",
        )
        analysts = bp.add("analysts", "human_reviewer", "Analysts (new rules)")
    risk >> link("async", "borderline") >> reviewers
    reviewers >> link("feedback", "verdicts") >> labels
    logs.lake >> link("batch", "reports, appeals") >> labels
    analysts >> link("batch", "rule updates") >> rules
    continual_training(
        bp,
        training_data=[offline, labels],
        serve_to=[model],
        trainer_label="Retrain (every few days)",
        model_label="model",
    )
    watch = monitoring_stack(bp, observed=[model], drift_from=[logs.log])
    assert watch.drift is not None
    watch.drift >> link("async", "new campaign") >> analysts

    bp.frames = [
        ["users", "decision"],
        ["data_group"],
        ["review_group"],
        ["training_group", "monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "Users' sign-ups and messages reach the sign-up and messaging API, and the risk "
            "decision service checks the rules and asks the spam and fake-account model, which "
            "reads the online feature store, then allows, challenges, blocks or sends a "
            "borderline case to review. Decisions, spam reports and appeals go to the event log "
            "and data lake, account graph clustering adds cluster features to the offline "
            "feature store, and trust and safety reviewers' verdicts become abuse labels. The "
            "model is retrained every few days, passes offline evaluation and ships from the "
            "model registry, while the drift detector sends new campaigns to analysts, who "
            "update the rules."
        ),
        requirements=[
            "Stop fake accounts at sign-up and spam at send, within 150 ms",
            "Precision first for blocks (a blocked real user churns); recall via review",
            "React to a new spam campaign within hours, not a release cycle",
            "Every block appealable; decisions explainable to reviewers",
        ],
        inputs=["A sign-up (device, IP, email, phone) or a message (sender, text, links)"],
        outputs=["Allow, challenge, block, or allow and review; a score per abuse type"],
        ml_task=(
            "Binary classification per abuse type (fake account, spam, scam) under adversarial "
            "drift, with a human-in-the-loop for the uncertain band."
        ),
        data=[
            "Sign-up and message events with device, network and content signals",
            "Labels: reviewer verdicts (accurate, few), spam reports (noisy, many), appeals "
            "won (false positives)",
            "The account graph: shared devices, IPs, phone prefixes, payment instruments",
        ],
        features=[
            "Velocity: sign-ups per IP and device per hour, messages per minute",
            "Account: age, profile completeness, verified phone, email domain reputation",
            "Graph: size of the account's cluster and its share of known bad accounts",
            "Content: URL reputation, text embedding, near-duplicate message counts",
        ],
        model=[
            "Rules for known patterns: immediate, precise, written by analysts",
            "GBDT over tabular and cluster features; a text model for message content",
            "Graph clustering offline (connected components and label propagation)",
        ],
        training=[
            "Retrain every few days on recent labels: old campaigns teach little",
            "Time-based validation; weight appeals won as costly false positives",
        ],
        offline_metrics=[
            "Precision at the block threshold; recall at the review threshold",
            "PR-AUC per abuse type on the last week's labels",
        ],
        online_metrics=[
            "Prevalence of spam seen by users (sampled and labelled)",
            "Spam reports per 1k messages; appeals overturned per 1k blocks",
            "Challenge pass rate of real users (friction cost)",
        ],
        serving=[
            "Rules and model in parallel; the decision service combines them",
            "Challenge the uncertain band instead of blocking it",
        ],
        monitoring=[
            "Rule hit rates and score distributions per hour (drift means a new campaign)",
            "Sign-up volume per country and device type against baseline",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Rules vs model",
                options=["Rules only", "Model only", "Rules and model"],
                choice="Both",
                why="Rules react within hours to a new campaign and are precise on known "
                "patterns; the model generalises to what no rule names yet.",
            ),
            Tradeoff(
                topic="Action in the uncertain band",
                options=["Block", "Challenge", "Allow and review"],
                choice="Challenge sign-ups, review messages",
                why="A CAPTCHA or phone check costs a real user seconds and a spammer money; "
                "a wrong block loses a user.",
            ),
        ],
        talking_points=[
            "The adversary adapts: expect drift within days, not months",
            "Labels are delayed and biased toward what was caught",
            "Graph features catch farms of accounts that look fine one by one",
            "Do not leak the model's features in error messages",
        ],
        failure_modes=[
            FailureMode(
                component="spam_model",
                failure="A new campaign uses aged accounts and clean IPs, so scores stay low",
                detection="Spike in spam reports while block rates stay flat",
                mitigation="Same-day rules from analysts; retrain with the campaign's labels",
            ),
            FailureMode(
                component="rules",
                failure="A velocity rule blocks a whole university behind one NAT address",
                detection="Appeals won per rule; blocks concentrated on one IP range",
                mitigation="Shadow-test new rules; allow-lists for shared networks",
            ),
            FailureMode(
                component="graph_clustering",
                failure="Spammers spread over fresh devices, so clusters fall apart",
                detection="Share of blocked accounts in clusters of one",
                mitigation="More link types (payment, behaviour timing); lower link thresholds",
            ),
            FailureMode(
                component="labels",
                failure="Only caught spam gets labelled, so the model never sees what it misses",
                detection="Prevalence from random-sample labelling vs model-flagged prevalence",
                mitigation="Label a random sample of allowed traffic every day",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Decisions per second (peak)",
                value="~46k",
                arithmetic="(10M sign-ups + 2B messages)/day / 86,400 s ≈ 23k x 2 (peak)",
                inputs={
                    "signups_per_day": 10e6,
                    "messages_per_day": 2e9,
                    "seconds_per_day": 86400,
                    "peak_factor": 2,
                },
                formula="(signups_per_day + messages_per_day) / seconds_per_day * peak_factor",
                result=46e3,
            ),
            Estimate(
                quantity="Blocked fake sign-ups per day",
                value="~2M",
                arithmetic="10M sign-ups x 20% fake",
                inputs={"signups_per_day": 10e6, "fake_share": 0.2},
                formula="signups_per_day * fake_share",
                result=2e6,
            ),
            Estimate(
                quantity="Reviews per day",
                value="~20k",
                arithmetic="2B messages x 0.001% borderline sent to review",
                inputs={"messages_per_day": 2e9, "review_share": 0.00001},
                formula="messages_per_day * review_share",
                result=20e3,
            ),
            Estimate(
                quantity="Decision log",
                value="~2 TB/day",
                arithmetic="2B decisions x 1 KB (features snapshot and outcome) = 2e12 bytes",
                inputs={"decisions_per_day": 2e9, "bytes_per_decision": 1000},
                formula="decisions_per_day * bytes_per_decision",
                result=2e12,
            ),
        ],
    )
    bp.relatives = ["fraud_detection"]
    return bp.build()
