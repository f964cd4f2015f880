"""Notification ranking: which push notifications to send, to whom, and when.

Triggers (a friend posted, a message arrived, a price dropped, a reminder is due) become
notification candidates on a stream. A ranker scores each candidate for the user: the probability
that it is opened and acted on, and the probability that it makes the user disable notifications
or uninstall; the value is the first minus a weighted second, so a notification is sent only when
it is worth its cost in attention. A policy layer then applies what the model must never decide:
opt-outs per channel and type, quiet hours in the user's time zone, and fatigue caps (at most N a
day, a minimum gap); what survives is scheduled at the user's likely active time and handed to the
push and email providers. Opens, dismissals and disables are logged as labels; the volume weight
is tuned by A/B tests on long-term retention, not on opens, which more notifications always raise.

Sources: Gao et al., "Near Real-time Optimization of Activity-based Notifications" (LinkedIn, KDD
2018); Yuan et al., "A State Transition Model for Mobile Notifications via Survival Analysis"
(LinkedIn, WSDM 2019); Zhao et al., "Notification Volume Control and Optimization System at
Pinterest" (KDD 2018); Yancey & Settles, "A Sleeping, Recovering Bandit Algorithm for Optimizing
Recurring Notifications" (Duolingo, KDD 2020); Apple, "Sending notification requests to APNs"
(developer.apple.com documentation).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, feature_platform, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "notification_ranking",
        "Notification Ranking (triggers, ranking, fatigue and quiet hours)",
        summary=(
            "Product events become notification candidates; a ranker scores each by the value of "
            "an open against the risk of a disable; a policy engine enforces opt-outs, quiet "
            "hours and fatigue caps; a scheduler picks the send time and the push providers "
            "deliver. Opens, dismissals and disables train the ranker; the volume weight is set "
            "by A/B tests on retention."
        ),
    )
    user = bp.add("user", "client", "User (phone, inbox)", latency_ms=0)
    with bp.group("settings", "Settings (online)"):
        preferences = bp.add(
            "preferences",
            "nosql_db",
            "Preferences & opt-outs",
            latency_ms=5,
            notes="Per channel and type; time zone and quiet hours; legal unsubscribe records.",
        )
    with bp.group("pipeline", "Notification pipeline (nearline)"):
        events = bp.add("product_events", "message_queue", "Product events", tech="Kafka")
        triggers = bp.add(
            "triggers",
            "stream_processor",
            "Candidate triggers",
            notes="Rules per type: new message, friend's post, price drop, streak reminder.",
        )
        ranker = bp.add(
            "ranker",
            "ranking_service",
            "Notification ranker",
            plane="nearline",
            notes="Value = P(open and act) - w x P(disable or uninstall), per candidate.",
        )
        policy = bp.add(
            "policy_engine",
            "rule_engine",
            "Fatigue caps, quiet hours, opt-outs",
            plane="nearline",
            notes="Hard rules the model never overrides; caps per day and per type.",
        )
        scheduler = bp.add(
            "scheduler",
            "app_service",
            "Scheduler & delivery",
            plane="nearline",
            tech="APNs, FCM",
            notes="Delays to the user's usual active hour, folds duplicates into a digest, sends.",
        )

    user >> link(label="mute, opt out", latency_ms=50) >> preferences
    events >> link("async", "events") >> triggers
    triggers >> link("async", "candidates") >> ranker
    ranker >> link("async", "scored") >> policy
    policy >> link(label="opt-outs, quiet hours") >> preferences
    policy >> link("async", "allowed") >> scheduler
    scheduler >> link("async", "push at the best hour") >> user

    with bp.group("logging_group", "Logging"):
        log = bp.add("event_log", "event_logging", "Notification log", tech="Kafka")
        lake = bp.add("data_lake", "data_lake", "Data lake")
    scheduler >> link("async", "sent") >> log
    user >> link("feedback", "opens, dismissals, disables") >> log
    log >> link("batch", "land") >> lake
    features = feature_platform(
        bp, source=lake, online_readers=[], online_plane="nearline", lookup_latency_ms=None
    )
    ranker >> link(label="user & type features") >> features.online_store
    continual_training(
        bp,
        training_data=features.offline_store,
        serve_to=[ranker],
        trainer_label="Train open & disable models",
        model_label="ranker",
    )
    monitoring_stack(bp, observed=[ranker, scheduler])

    bp.frames = [
        ["product_events", "triggers", "ranker", "policy_engine"],
        ["scheduler", "user", "settings"],
        ["logging_group", "features_group"],
        ["training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "Product events pass candidate triggers, the notification ranker scores each "
            "candidate by the value of an open against the risk of a disable, and the policy "
            "engine applies fatigue caps, quiet hours and opt-outs from preferences before the "
            "scheduler and delivery push it to the user at the best hour; the user can mute or "
            "opt out at any time. Sends and the user's opens, dismissals and disables go to the "
            "notification log and data lake, and the feature pipeline fills the feature stores. "
            "The open and disable models are retrained on them, pass offline evaluation and ship "
            "from the model registry to the ranker."
        ),
        requirements=[
            "Send the notifications users act on; never the ones that make them turn all off",
            "Respect opt-outs per channel and type, quiet hours in the user's time zone",
            "Fatigue caps: at most a few a day per user, a minimum gap between sends",
            "Time-sensitive ones (messages) within seconds; others may wait for a better hour",
        ],
        inputs=["A trigger event and the user it concerns"],
        outputs=["Send now, send later (at a time), fold into a digest, or drop"],
        ml_task=(
            "Multi-objective binary classification: P(open and act) and P(disable or uninstall) "
            "per candidate; a ranked, capped selection per user and day."
        ),
        data=[
            "Notification log: candidate, sent or dropped, channel, send time",
            "Outcomes: opened, acted on, dismissed, disabled the type, uninstalled",
            "User activity by hour of week; notification settings history",
        ],
        features=[
            "User: notifications received and opened in the last day and week, active hours",
            "Candidate: type, actor's closeness to the user, freshness, content quality",
            "Context: local time, device, notifications already sent today",
        ],
        model=[
            "Two heads on shared features (GBDT or a small DNN): open-and-act, and disable",
            "Value = P(open) - w x P(disable); w set by long-term A/B tests",
            "Send-time model: probability of activity per hour for the user",
        ],
        training=[
            "Labels within 24 h of the send; negatives are sends without an open",
            "Dropped candidates have no outcome: explore with a small random send rate",
        ],
        offline_metrics=["AUC and calibration of both heads", "Counterfactual value with IPS"],
        online_metrics=[
            "Long-term retention and daily active users (the goal)",
            "Open rate, action rate; disable and uninstall rate per 1k sends",
            "Sends per user per day",
        ],
        serving=[
            "Nearline: score within seconds of the trigger; batch for digests",
            "Policy after the model, so caps and opt-outs never depend on a score",
        ],
        monitoring=[
            "Disable rate per type after each launch; sends per user distribution",
            "Delivery failures per provider; quiet-hour violations (must be zero)",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Objective",
                options=["Maximise opens", "Opens minus a disable penalty", "Retention"],
                choice="Opens minus a weighted disable penalty, weight tuned on retention",
                why="More sends always raise opens in the short run and burn users out; "
                "retention is the goal but too slow to train on.",
            ),
            Tradeoff(
                topic="Caps",
                options=["Learned volume only", "Hard caps and quiet hours"],
                choice="Hard rules after the model",
                why="Opt-outs are legal duties and quiet hours a promise; a score must not "
                "be able to override either.",
            ),
        ],
        talking_points=[
            "Dropped candidates have no labels: some exploration is needed",
            "Notifications compete with each other: rank per user, not per candidate",
            "Measure on retention over weeks, not on opens",
            "Time zones and daylight saving: quiet hours are local",
        ],
        failure_modes=[
            FailureMode(
                component="triggers",
                failure="A trigger bug fires one event thousands of times (a send storm)",
                detection="Sends per minute per type against its usual rate",
                mitigation="Idempotency keys per event and user; a global send-rate breaker",
            ),
            FailureMode(
                component="policy_engine",
                failure="Quiet hours computed in server time, waking users at night",
                detection="Opens and disables by the user's local hour",
                mitigation="Store the user's time zone; test daylight-saving boundaries",
            ),
            FailureMode(
                component="ranker",
                failure="The open model learns that more sends mean more opens and ranks volume up",
                detection="Disable rate per 1k sends rising while opens rise",
                mitigation="Disable head in the value; weight set by retention experiments",
            ),
            FailureMode(
                component="preferences",
                failure="An unsubscribe not honoured within the legal window",
                detection="Sends to users opted out of that channel (must be zero)",
                mitigation="Policy reads preferences synchronously; audit log of opt-outs",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Candidates per second",
                value="~58k",
                arithmetic="500M users x 10 candidate notifications/day / 86,400 s ≈ 57.9k",
                inputs={"users": 500e6, "candidates_per_user": 10, "seconds_per_day": 86400},
                formula="users * candidates_per_user / seconds_per_day",
                result=58e3,
            ),
            Estimate(
                quantity="Sends per day",
                value="~1.5B",
                arithmetic="500M users x 3 sends/day after ranking and caps (30% of candidates)",
                inputs={"users": 500e6, "sends_per_user": 3},
                formula="users * sends_per_user",
                result=1.5e9,
            ),
            Estimate(
                quantity="Peak send rate",
                value="~100k/s",
                arithmetic="1.5B sends / 86,400 s ≈ 17k/s x 6 (sends bunch into morning and "
                "evening hours)",
                inputs={"sends_per_day": 1.5e9, "seconds_per_day": 86400, "peak_factor": 6},
                formula="sends_per_day / seconds_per_day * peak_factor",
                result=100e3,
            ),
            Estimate(
                quantity="Notification log",
                value="~2.5 TB/day",
                arithmetic="5B candidates x 500 bytes (features snapshot and outcome) = 2.5e12",
                inputs={"candidates_per_day": 5e9, "bytes_per_candidate": 500},
                formula="candidates_per_day * bytes_per_candidate",
                result=2.5e12,
            ),
        ],
    )
    return bp.build()
