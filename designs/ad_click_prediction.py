"""Ad click prediction on a social platform: a ranked list of ads by predicted click probability.

The chapter's design has three pipelines. The prediction pipeline is two-stage: a candidate
generation service narrows the ads by the advertisers' targeting criteria, a ranking service scores
each candidate's click probability with static features from the feature store and dynamic ones
from online feature computation, and a re-ranking service adds diversity. The data preparation
pipeline computes batch features and keeps generating training data from new interactions, and the
continual learning pipeline fine-tunes, evaluates and deploys the model, because even minutes of
staleness hurt.

Sources:
- Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 8
  "Ad Click Prediction on Social Platforms",
  read in the chapter's text as reproduced in public study notes; course page:
  https://bytebytego.com/courses/machine-learning-system-design-interview/ad-click-prediction-on-social-platforms
- He et al., "Practical Lessons from Predicting Clicks on Ads at Facebook" (ADKDD 2014), for
  normalized cross-entropy and data freshness.
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link


def build() -> Design:
    bp = Blueprint(
        "ad_click_prediction",
        "Ad Click Prediction on Social Platforms",
        summary=(
            "A user's timeline request goes through candidate generation (ads matching the "
            "targeting criteria), a ranking service that predicts each ad's click probability "
            "from batch and online features, and a re-ranking service that adds diversity. "
            "Impressions, clicks and hides are logged, turned into features and training data, "
            "and a continual learning pipeline fine-tunes and redeploys the model."
        ),
        sla_ms=200,
    )
    user = bp.add("user", "client", "User", latency_ms=0)
    with bp.group("prediction", "Prediction pipeline"):
        api = bp.add("ad_api", "api_gateway", "Ad request API", latency_ms=5)
        # Drawn stage by stage rather than with `two_stage_recommender`: here candidates come
        # from the advertisers' targeting criteria and re-ranking is heuristic, so only the
        # ranking stage hosts a model.
        candidates = bp.add(
            "candidate_generation",
            "search_service",
            "Candidate generation (targeting)",
            latency_ms=15,
            notes="Keeps ads whose targeting (age, gender, country) matches the user.",
        )
        ads_index = bp.add("ads_index", "search_index", "Ads by targeting criteria", latency_ms=10)
        ranking = bp.add("ranking", "ranking_service", "Ranking (P(click))", latency_ms=40)
        reranking = bp.add(
            "reranking",
            "rule_engine",
            "Re-ranking (diversity)",
            latency_ms=5,
            notes="Heuristics: drop near-duplicate ads, add diversity.",
        )
        # The chapter's one feature store: static features computed in batch, and the
        # impression and click counts the stream keeps up to date.
        feature_store = bp.add(
            "online_features", "feature_store", "Feature store", latency_ms=5, tech="Redis"
        )
        online_features = bp.add(
            "online_feature_computation",
            "feature_service",
            "Online feature computation",
            latency_ms=10,
            notes="Dynamic features computed at query time from the latest impression and "
            "click counts.",
        )
    # Impressions, clicks and hides land here first; the stream and the batch jobs read it.
    event_log = bp.add("event_log", "event_logging", "Event log", tech="Kafka")
    with bp.group("data_preparation", "Data preparation pipeline"):
        counters = bp.add("engagement_counters", "stream_processor", "Engagement counters")
        lake = bp.add("data_lake", "data_lake", "Data lake")
        pipeline = bp.add(
            "feature_pipeline", "feature_pipeline", "Batch feature computation", tech="Spark"
        )
        # Labels: each impression joined with the clicks (or hides) that followed it within
        # the attribution window; impressions with no click become the negatives.
        training_data = bp.add(
            "training_data_generation",
            "batch_pipeline",
            "Training data generation",
            tech="Spark",
            notes="Joins impressions with clicks into labelled <user, ad> rows, continuously.",
        )
    # Monitoring sits with the loop it drives: NCE and calibration on fresh data decide
    # whether a fine-tuned model ships.
    with bp.group("training_group", "Continual learning & monitoring"):
        trainer = bp.add("training", "training_pipeline", "Fine-tune on new data")
        evaluation = bp.add("evaluation", "evaluation_pipeline", "Offline evaluation")
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")
        monitoring = bp.add("monitoring", "monitoring", "Monitoring", tech="Prometheus")

    user >> link(label="refresh", latency_ms=30) >> api
    api >> link(label="user", latency_ms=1) >> candidates
    candidates >> link(label="lookup", latency_ms=1) >> ads_index
    candidates >> link(label="ads", latency_ms=1) >> ranking
    ranking >> link(label="static", latency_ms=1) >> feature_store
    ranking >> link(label="dynamic", latency_ms=1) >> online_features
    ranking >> link(label="scored ads", latency_ms=1) >> reranking
    online_features >> link(label="counts", latency_ms=1) >> feature_store

    user >> link("feedback", "impressions, clicks, hides") >> event_log
    event_log >> link("async", "events") >> counters
    counters >> link("async", "counts") >> feature_store
    event_log >> link("batch", "land") >> lake
    lake >> link("batch", "raw data") >> pipeline
    pipeline >> link("batch", "static features") >> feature_store
    lake >> link("batch", "impressions, clicks") >> training_data
    training_data >> link("batch", "training data") >> trainer
    trainer >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    registry >> link("deploy", "model") >> ranking
    ranking >> link("observe", "latency, calibration") >> monitoring

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["user", "prediction"],
        ["event_log", "data_preparation"],
        ["training_group"],
    ]
    bp.card = Card(
        requirements=[
            "Business goal: maximise revenue; every click earns the same",
            "Ads appear in users' timelines only; an ad may be shown more than once",
            "Users can hide an ad: a negative label",
            "Continual learning is a must: even a 5-minute delay in updates hurts",
            "Ranked ads returned within a timeline refresh (assumed 200 ms)",
        ],
        inputs=["A user (and the context of the timeline request)"],
        outputs=["A list of ads ranked by predicted click probability"],
        ml_task=(
            "Pointwise learning to rank: a binary classifier predicts P(click) for each "
            "<user, ad> pair, and ads are sorted by it."
        ),
        data=[
            "Ads: IDs (advertiser, campaign, ad group, ad), category, image or video",
            "Users: demographics, location, language",
            "User-ad interactions: impressions, clicks, conversions, hides, dwell time",
            "Positive = click; negative = impression seen long enough but not clicked, or hidden",
        ],
        features=[
            "Ad: ID embeddings, pretrained image/video embedding, category, impressions and clicks",
            "User: demographics, context (device, time), clicked ads, historical engagement",
            "Static features batch-computed into the feature store; dynamic counts online",
        ],
        model=[
            "Logistic regression baseline; feature crossing; GBDT; GBDT + LR",
            "Deep & Cross Network or factorization machines; DeepFM chosen for sparse crosses",
            "Cross-entropy loss",
        ],
        training=[
            "Training data generation joins each impression with the clicks that followed it "
            "into a labelled row, continuously as new interactions land",
            "Continual learning: fine-tune on fresh interactions, evaluate, deploy if better",
            "Heavy class imbalance; negative downsampling with calibration afterwards",
            "Time-based splits to avoid data leakage",
        ],
        offline_metrics=[
            "Cross-entropy (CE)",
            "Normalized cross-entropy (NCE): CE relative to always predicting the background CTR",
        ],
        online_metrics=["CTR", "Conversion rate", "Revenue lift", "Hide rate"],
        serving=[
            "Online prediction (dynamic features rule out batch prediction)",
            "Two-stage: candidate generation by targeting criteria, then ranking, then re-ranking",
        ],
        monitoring=[
            "Latency and errors of each stage",
            "Calibration drift between predicted CTR and observed CTR; NCE on fresh data",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Model family",
                options=["LR with feature crossing", "GBDT + LR", "DCN", "DeepFM"],
                choice="DeepFM (DCN comparable)",
                why=(
                    "Learns pairwise and higher-order feature interactions from sparse IDs "
                    "without hand-made crosses, and can be fine-tuned continually."
                ),
            ),
            Tradeoff(
                topic="Feature computation",
                options=["Batch only", "Batch for static + online for dynamic features"],
                choice="Both",
                why="Category and creative rarely change; impression and click counts do.",
            ),
        ],
        talking_points=[
            "Avoid data leakage in ranking and recommendation datasets",
            "Calibrate the model: the auction uses the probability itself, not just the order",
            "Field-aware factorization machines and xDeepFM as variants",
            "Continual learning risks catastrophic forgetting; how to mitigate it",
        ],
        failure_modes=[
            FailureMode(
                component="ranking",
                failure="Model goes stale within minutes as ads and user interest shift",
                detection="Normalised cross-entropy of the live model versus the last retrain",
                mitigation="Continual training every few minutes; roll back to the previous model "
                "on regressions",
            ),
            FailureMode(
                component="engagement_counters",
                failure="Click counters lag or double-count, so features drift from training",
                detection="Feature freshness and value-distribution monitors on the online feature "
                "store",
                mitigation="Idempotent counters keyed by event id; fall back to batch features "
                "when stale",
            ),
            FailureMode(
                component="event_log",
                failure="Click labels arrive late or not at all (delayed clicks, bots)",
                detection="Join-rate of impressions to clicks per hour",
                mitigation="Label with a fixed attribution window; filter bot traffic before "
                "training",
            ),
            FailureMode(
                component="candidate_generation",
                failure="Budget-exhausted or targeting-mismatched ads retrieved",
                detection="Share of candidates filtered out downstream by reranking",
                mitigation="Refresh the ads index on budget events; filter by targeting before "
                "scoring",
            ),
            FailureMode(
                component="monitoring",
                failure="Calibration drifts, so auction bids become wrong",
                detection="Predicted CTR vs observed CTR per segment",
                mitigation="Recalibrate (isotonic) on the latest hour of data",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Ranking QPS",
                value="~46k",
                arithmetic="2B timeline refreshes/day / 86,400 s ≈ 23k x 2 (peak factor)",
            ),
            Estimate(
                quantity="Ads scored per second",
                value="~23M",
                arithmetic="23k requests/s x 1,000 candidates ranked each",
            ),
            Estimate(
                quantity="Impression log storage",
                value="~20 TB/day",
                arithmetic="2B refreshes x 10 ads shown x 1 KB per impression = 2e13 bytes",
            ),
            Estimate(
                quantity="Training data per retrain",
                value="~14M examples",
                arithmetic="20B impressions/day / 1,440 minutes x 1 retrain per minute ≈ 13.9M",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Feature crosses for sparse features (DCN, FM, DeepFM)",
            "evidence": {"words": ["DeepFM", "deep & cross", "factorization machine"]},
        },
        {
            "point": "Normalized cross-entropy and calibration",
            "evidence": {"words": ["normalized cross-entropy", "calibration"]},
        },
        {
            "point": "Candidates by targeting criteria",
            "evidence": {"words": ["targeting criteria"]},
        },
        {
            "point": "Continual learning on fresh interactions",
            "evidence": {"words": ["continual learning"]},
        },
        {
            "point": "Logistic regression and GBDT baselines",
            "evidence": {"words": ["GBDT + LR", "logistic regression baseline"]},
        },
    ]
    return bp.build()
