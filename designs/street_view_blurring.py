"""Street View blurring: detect human faces and licence plates in street imagery and blur them.

No user waits on a prediction, so the chapter serves by batch prediction: a blurring pipeline
preprocesses each newly captured image, a two-stage object detector finds faces and plates,
non-maximum suppression removes duplicate boxes, the blurring step obscures what remains, and the
blurred image is stored for serving. A data pipeline prepares the 1 million annotated images
(preprocessing, augmentation) and turns users' reports of missed faces into hard examples for the
next training round.

Sources: Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 3,
"Google Street View Blurring System"; ByteByteGo, "How do Google/Apple Maps blur license plates
and human faces on Street View?" (bytebytego.com/guides); study notes on the chapter:
vinija.ai/mlsysdes/GoogleStreetViewBlurring, github.com/codingtraces/advanced-ai-ml-notes
(03-street_view_blurring.md); Frome et al., "Large-scale Privacy Protection in Google Street
View" (ICCV 2009).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "street_view_blurring",
        "Street View Blurring System",
        summary=(
            "A batch blurring pipeline preprocesses captured street images, detects faces and "
            "licence plates with a two-stage detector, removes overlapping boxes with NMS, blurs "
            "the detections and stores the result, which a CDN serves to users. Users' reports of "
            "missed faces are reviewed and become hard training examples."
        ),
    )
    with bp.group("blurring", "Blurring pipeline (batch prediction)"):
        raw = bp.add("raw_images", "object_storage", "Captured images", tech="S3")
        preprocess = bp.add("preprocessing", "batch_pipeline", "Preprocessing")
        detector = bp.add(
            "object_detection",
            "batch_prediction",
            "Face & plate detector",
            tech="Faster R-CNN",
            notes="Faster R-CNN: region proposal network, then a classifier and box regressor",
        )
        nms = bp.add("nms", "batch_pipeline", "Non-max suppression")
        blur = bp.add("blurring_service", "batch_pipeline", "Blurring")
        blurred = bp.add("blurred_images", "object_storage", "Blurred images", tech="S3")
    with bp.group("serving", "Serving"):
        cdn = bp.add("image_cdn", "cdn", "Tile CDN", latency_ms=30)
    user = bp.add("user", "client", "Street View user")
    with bp.group("data", "Data pipeline"):
        annotated = bp.add("annotated_images", "object_storage", "Annotated images (1M)", tech="S3")
        reports = bp.add("report_review", "labeling", "Review reports")
        augment = bp.add("augmentation", "batch_pipeline", "Preprocess + augment")

    raw >> link("batch") >> preprocess
    preprocess >> link("batch", "normalised") >> detector
    detector >> link("batch", "boxes + scores") >> nms
    nms >> link("batch", "boxes") >> blur
    blur >> link("batch") >> blurred
    blurred >> link("batch", "publish") >> cdn
    user >> link(label="view") >> cdn

    user >> link("feedback", "reports") >> reports
    reports >> link("batch", "hard examples") >> augment
    annotated >> link("batch", "labelled boxes") >> augment

    continual_training(
        bp,
        training_data=augment,
        serve_to=[detector],
        trainer_label="Train object detector",
        model_label="detector",
    )
    # The detector is watched through what it finds, not a latency no one waits on.
    watch = monitoring_stack(bp, observed=[])
    detector >> link("observe", "detections, scores") >> watch.monitor

    # Build-up order for slides: the request path first, then what feeds it offline.
    bp.frames = [
        ["blurring"],
        ["serving", "user"],
        ["data", "training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Protect privacy: detect every human face and licence plate in Street View images "
            "and blur it before the image is shown",
            "Training data: 1 million images annotated with boxes for faces and plates",
            "Users can report images that are not correctly blurred",
            "Latency is not a constraint: images are processed offline before publishing; "
            "throughput and cost over billions of images are",
        ],
        inputs=["A captured street image with zero or more faces and licence plates"],
        outputs=[
            "Bounding boxes with a class (face or plate) and a confidence score; then the "
            "blurred image"
        ],
        ml_task=(
            "Object detection: regression of each box's location plus classification of its "
            "content, framed as a two-stage detector (region proposals, then classification)."
        ),
        data=[
            "Annotated dataset: image, list of boxes (x, y, width, height) and object class",
            "Street View images captured by cars and cameras, with location and time",
            "User reports of missed or wrong blurs",
        ],
        features=[
            "Image preprocessing: resize, scale and normalise pixels",
            "Offline data augmentation: flips, crops, rotations, brightness and contrast changes",
        ],
        model=[
            "Two-stage detector (Faster R-CNN): convolutional backbone, region proposal "
            "network, then a classifier and box regressor",
            "One-stage detectors (YOLO, SSD) are faster but less accurate; throughput is bought "
            "with machines here, so accuracy wins",
        ],
        training=[
            "Loss: regression loss (MSE) on box coordinates plus cross-entropy on classes",
            "Hard negative mining from reviewed user reports; continual fine-tuning",
            "Distributed (data-parallel) training on the augmented dataset",
        ],
        offline_metrics=[
            "IoU of predicted and ground-truth boxes",
            "Precision at an IoU threshold",
            "Average precision (AP) per class and mean average precision (mAP, chosen)",
        ],
        online_metrics=[
            "Number of user reports and complaints of unblurred faces and plates",
            "Audit pass rate on a human-reviewed sample",
        ],
        serving=[
            "Batch prediction, not online: preprocessing -> detection -> NMS -> blurring -> "
            "object storage",
            "Non-maximum suppression keeps the best box among overlapping ones",
            "A CDN serves the stored blurred tiles; originals stay under strict access control",
        ],
        monitoring=[
            "Detections per image and confidence distributions per region and camera",
            "Pipeline throughput, backlog and cost per million images",
            "Report rate after each model version",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Batch vs online prediction",
                options=["Blur on request", "Blur in a batch pipeline before publishing"],
                choice="Batch prediction",
                why="Images are captured long before anyone views them; batch lets a heavier, "
                "more accurate detector run at lower cost and no image is ever served unblurred.",
            ),
            Tradeoff(
                topic="One-stage vs two-stage detector",
                options=["One-stage (YOLO, SSD)", "Two-stage (Faster R-CNN)"],
                choice="Two-stage",
                why="Missing a face is a privacy leak; the slower, more accurate detector is "
                "affordable because latency does not matter offline.",
            ),
        ],
        talking_points=[
            "Favour recall: a missed face is worse than a blurred statue, but over-blurring "
            "hurts the product",
            "NMS threshold and detection threshold are tuned on the validation set for recall",
            "Extensions: transformer detectors (DETR), GDPR and data retention, bias across "
            "regions and skin tones, active learning with human-in-the-loop",
        ],
        failure_modes=[
            FailureMode(
                component="object_detection",
                failure="A face or plate missed, exposing privacy",
                detection="Recall on an annotated audit set; user reports",
                mitigation="Low detection threshold (favour recall); retrain on reported misses",
            ),
            FailureMode(
                component="nms",
                failure="Overlapping boxes suppressed, leaving one of two faces unblurred",
                detection="Recall on crowded scenes",
                mitigation="Tune the IoU threshold; soft-NMS",
            ),
            FailureMode(
                component="report_review",
                failure="Report backlog; unblurred images stay up",
                detection="Queue age",
                mitigation="Take images down while under review",
            ),
            FailureMode(
                component="blurring_service",
                failure="Pipeline throughput falls behind new captures",
                detection="Backlog of raw images",
                mitigation="Scale batch workers; process in priority order",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Images per second",
                value="~12k",
                arithmetic="1B images/day / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="GPUs",
                value="~120",
                arithmetic="11.6k images/s / 100 images/s per GPU",
            ),
            Estimate(
                quantity="Storage",
                value="~5 PB/day",
                arithmetic="1B images x 5 MB = 5e15 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Two-stage detector with region proposals",
            "evidence": {"words": ["region proposal", "Faster R-CNN", "two-stage detector"]},
        },
        {
            "point": "Non-maximum suppression of overlapping boxes",
            "evidence": {"words": ["non-maximum suppression", "NMS"]},
        },
        {
            "point": "Batch prediction over captured imagery",
            "evidence": {"kinds": ["batch_prediction"], "words": ["batch prediction"]},
        },
        {
            "point": "Box regression plus classification losses",
            "evidence": {"words": ["box regressor", "regression loss", "bounding box"]},
        },
        {
            "point": "mAP / IoU to evaluate detections",
            "evidence": {"words": ["mAP", "IoU", "intersection over union", "average precision"]},
        },
        {
            "point": "Hard negatives from user reports",
            "evidence": {"words": ["hard negative", "user reports"]},
        },
    ]
    return bp.build()
