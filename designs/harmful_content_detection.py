"""Harmful content detection: find posts that break the platform's policies and act on them.

A new post (text, image, video) is scored by the chapter's harmful content detection service, a
multimodal multi-task classifier with one head per harm category. Posts it is confident about go
to the violation enforcement service, which takes them down and tells the author why; posts it is
unsure about go to the demoting service, which limits their spread and queues them for human
review. Reviewers' decisions become labels for the next training round. Viewers' reactions and
reports travel on the same event stream as new posts: they feed the features, and a report has its
post re-scored, so reported posts the model is unsure about reach human review too.

Sources: Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 5,
"Harmful Content Detection"; study notes on the chapter: github.com/alirezadir/Machine-Learning-
Interviews (src/MLSD/mlsd-harmful-content.md), vinija.ai/mlsysdes; Meta AI, "How Facebook uses
super-efficient AI models to detect hate speech" (2020) and "Harmful content can evolve quickly.
Our new AI system adapts to tackle it" (Few-Shot Learner, 2021).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    feature_platform,
    monitoring_stack,
)


def build() -> Design:
    bp = Blueprint(
        "harmful_content_detection",
        "Harmful Content Detection",
        summary=(
            "Each new post is scored by a multimodal multi-task classifier. Confident "
            "violations are taken down by the violation enforcement service; uncertain ones are "
            "demoted and queued for human review, whose labels retrain the model. Reactions and "
            "reports of viewers feed features and labels."
        ),
    )
    author = bp.add("author", "client", "User posting")
    viewers = bp.add("viewers", "client", "Viewers")
    with bp.group("platform", "Posting"):
        posts_api = bp.add("post_service", "app_service", "Post service", tech="REST API")
        # One event stream carries new posts and viewers' reactions and reports alike.
        events = bp.add("event_log", "message_queue", "Event stream", tech="Kafka")
    posts = bp.add("posts", "nosql_db", "Posts (500M/day)", tech="Cassandra")
    with bp.group("detection", "Integrity services (nearline)"):
        detector = bp.add(
            "harmful_content_detection",
            "model_serving",
            "Harm detection service",
            plane="nearline",
            notes="Multi-task classifier: P(harmful) per category (violence, nudity, hate, ...)",
        )
        enforcement = bp.add(
            "violation_enforcement",
            "rule_engine",
            "Enforcement service",
            plane="nearline",
        )
        demoting = bp.add("demoting_service", "app_service", "Demoting service", plane="nearline")
    with bp.group("review", "Human review"):
        review_queue = bp.add("review_queue", "message_queue", "Review queue")
        reviewers = bp.add("human_reviewers", "human_reviewer", "Human reviewers")
        labels = bp.add("labels", "labeling", "Labels (~10K/day)")

    author >> link(label="post") >> posts_api
    viewers >> link(label="reports") >> posts_api
    posts_api >> link(label="store") >> posts
    posts_api >> link("async", "events") >> events
    # A report re-scores its post with the report counted among the features, so reported posts
    # the model is unsure about reach human review through the demoting service.
    events >> link("async", "posts, reports") >> detector
    detector >> link("async", "harmful") >> enforcement
    detector >> link("async", "uncertain") >> demoting
    enforcement >> link("async", "take down") >> posts
    demoting >> link("async", "demote") >> posts
    demoting >> link("async", "needs review") >> review_queue
    review_queue >> link("async") >> reviewers
    reviewers >> link("feedback", "harm labels") >> labels

    features = feature_platform(
        bp,
        source=events,
        online_readers=[detector],
        online_plane="nearline",
        lookup_latency_ms=None,
    )
    with bp.group("training_group", "Continual training"):
        training = bp.add("training", "training_pipeline", "Multi-task training")
        evaluation = bp.add("evaluation", "evaluation_pipeline", "Offline evaluation")
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")
    labels >> link("batch", "labels") >> training
    features.offline_store >> link("batch", "features") >> training
    training >> link("batch", "candidate") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    registry >> link("deploy", "classifier") >> detector
    watch = monitoring_stack(bp, observed=[])
    detector >> link("observe", "scores, latency") >> watch.monitor

    # Build-up order for slides: the request path first, then what feeds it offline.
    bp.frames = [
        ["author", "viewers", "platform", "posts"],
        ["detection"],
        ["review"],
        ["features_group", "training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Detect posts that are harmful (violence, nudity, self-harm, hate speech, "
            "misinformation, ...) and demote or remove them",
            "Posts mix text, images and video, in many languages",
            "Scale: about 500 million posts a day; about 10,000 posts a day labelled by humans",
            "Explain to the author which policy a removed post broke",
            "Latency: not per request; act soon after posting (violent content fastest)",
        ],
        inputs=["A post: text, images, video, author and reactions so far"],
        outputs=["Probability of harm for each category; take down, demote or allow"],
        ml_task=(
            "Multimodal multi-label classification framed as multi-task learning: shared layers "
            "over an early fusion of all modalities, one classification head per harm category."
        ),
        data=[
            "Posts: text, images, videos, author, time",
            "Users: age, location, account age, past violations",
            "User-post interactions: likes, comments, shares, reports",
            "Labels: human review (accurate, ~10K a day) and user reports (noisy, plentiful)",
        ],
        features=[
            "Text: multilingual DistilmBERT embedding of the post and of its comments",
            "Images: CLIP or SimCLR embeddings; videos: VideoMoCo embeddings",
            "Reactions: counts of likes, shares, comments and reports",
            "Author: violation history, profane-word rate, followers, account age",
            "Context: time of day, device",
        ],
        model=[
            "Early fusion of modality features into one vector",
            "Multi-task neural network: shared layers, then one head per harm category",
        ],
        training=[
            "Hand labels for evaluation, natural labels (reports) for volume",
            "Loss: sum of the per-task binary cross-entropy losses",
            "Retrain frequently: harmful content and adversaries evolve",
        ],
        offline_metrics=["PR-AUC (chosen for imbalanced classes)", "ROC-AUC", "Precision, recall"],
        online_metrics=[
            "Prevalence: harmful posts not caught / all posts",
            "Harmful impressions",
            "Valid appeals (removals reversed on appeal)",
            "Proactive rate: harmful posts found before users report them",
            "User reports per harm category",
        ],
        serving=[
            "Harmful content detection service scores each new post from the queue",
            "High confidence: violation enforcement takes the post down and notifies the author",
            "Low confidence: demoting service reduces its reach and queues it for human review",
        ],
        monitoring=[
            "Score distributions per category and language; drift after policy changes",
            "Review queue length, appeal rate, proactive rate",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Fusion of modalities",
                options=["Late fusion (one model per modality)", "Early fusion (one model)"],
                choice="Early fusion",
                why="Harm often lies in the combination (a harmless image with a hateful "
                "caption); one model also means one training job, at the cost of harder "
                "learning from fused features.",
            ),
            Tradeoff(
                topic="One model per harm category vs one multi-task model",
                options=["A binary classifier per category", "Multi-task classifier"],
                choice="Multi-task",
                why="One model to train and serve, shared layers transfer what one category "
                "learns to the others, and categories with few labels benefit.",
            ),
        ],
        talking_points=[
            "Thresholds per category split posts between enforcement, demotion and no action",
            "Human review doubles as the labelling pipeline",
            "Extensions: harmful accounts and actors, borderline content, few-shot learning for "
            "new harms, multilingual bias, adversarial users",
        ],
        failure_modes=[
            FailureMode(
                component="harmful_content_detection",
                failure="New kinds of harm (slang, memes) slip through",
                detection="Prevalence estimated from sampled human labels; user reports per 1k "
                "views",
                mitigation="Active learning on reports; frequent fine-tunes per policy head",
            ),
            FailureMode(
                component="review_queue",
                failure="Queue backlog; violent posts stay up for hours",
                detection="Queue age per severity",
                mitigation="Prioritise by severity x reach; auto-remove at very high confidence",
            ),
            FailureMode(
                component="violation_enforcement",
                failure="Wrongful removals of benign posts",
                detection="Appeal overturn rate per policy",
                mitigation="Per-policy thresholds; demote instead of remove in the uncertain band",
            ),
            FailureMode(
                component="feature_pipeline",
                failure="One modality's encoder fails (video), so scores drop silently",
                detection="Share of posts missing a modality embedding",
                mitigation="Late fusion with missing-modality handling; alert on missing rate",
            ),
            FailureMode(
                component="labels",
                failure="Reviewer disagreement makes noisy labels",
                detection="Inter-annotator agreement per policy",
                mitigation="Multiple reviews for hard cases; calibrated label aggregation",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Posts per second",
                value="~5.8k",
                arithmetic="500M posts/day / 86,400 s ≈ 5.8k",
            ),
            Estimate(
                quantity="Inference compute",
                value="~580 GPUs",
                arithmetic="5.8k posts/s x 0.1 GPU-s per multimodal post ≈ 580",
            ),
            Estimate(
                quantity="Review capacity",
                value="~10k labels/day",
                arithmetic="stated: ~10,000 posts labelled by humans per day = 0.002% of 500M",
            ),
            Estimate(
                quantity="Embedding storage",
                value="~1 TB/day",
                arithmetic="500M posts x 2 KB of embeddings = 1e12 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Multimodal fusion of text, image and video",
            "evidence": {"words": ["early fusion", "late fusion"]},
        },
        {
            "point": "One classification head per harm category (multi-task)",
            "evidence": {"words": ["head per harm", "per harm category", "per-harm head"]},
        },
        {
            "point": "Thresholds per harm class, tuned for precision and recall",
            "evidence": {
                "words": [
                    "per-class threshold",
                    "threshold per class",
                    "threshold per harm",
                    "per-category threshold",
                ]
            },
        },
        {
            "point": "Violations taken down at once; uncertain posts demoted and reviewed",
            "evidence": {"words": ["demote", "demotion", "reduce reach", "demoting"]},
        },
        {
            "point": "Human review whose labels retrain the model",
            "evidence": {
                "kinds": ["human_reviewer"],
                "flows": [
                    "human_reviewer -feedback-> labeling",
                    "human_reviewer -feedback-> training_pipeline",
                    "human_reviewer -feedback-> data_lake",
                ],
            },
        },
        {
            "point": "Reports as natural labels, hand labels for evaluation",
            "evidence": {"words": ["natural labels", "hand labels"]},
        },
    ]
    return bp.build()
