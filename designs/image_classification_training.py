"""Large-scale image classification: labeling, sharded data, data-parallel training, release.

Raw images land in object storage, are validated and deduplicated, labeled by annotators, and
written as versioned shards. Streaming data loaders feed a data-parallel training job (one model
replica per GPU, gradients averaged by all-reduce, periodic checkpoints); each run is logged to an
experiment tracker, evaluated offline, registered and deployed to a GPU inference service. Low-
confidence predictions in production go back to labeling (active learning).

Sources: Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour" (2017; linear
learning-rate scaling with warm-up); Li et al., "PyTorch Distributed: Experiences on Accelerating
Data Parallel Training" (VLDB 2020) and the PyTorch DistributedDataParallel documentation; the
WebDataset documentation (sharded tar datasets streamed from object storage); Andrej Karpathy's
"data engine" talks at Tesla AI Day (2021) for the active-learning loop; Aminian & Xu, *Machine
Learning System Design Interview*, chapter 1 (distributed training, data and model parallelism).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "image_classification_training",
        "Image Classification: Distributed Training Pipeline",
        summary=(
            "Images are validated, labeled and written as versioned shards in object storage. "
            "Streaming loaders feed a data-parallel job on 64 GPUs that averages gradients with "
            "all-reduce and checkpoints regularly; the best run is evaluated, registered and "
            "deployed to a GPU inference service, whose low-confidence predictions return to "
            "labeling."
        ),
        sla_ms=100,
    )
    user = bp.add("client", "client", "Product app", latency_ms=0)
    with bp.group("serving", "Online inference"):
        api = bp.add("api_gateway", "api_gateway", "API gateway", latency_ms=5)
        classifier = bp.add(
            "classifier",
            "model_serving",
            "Image classifier",
            latency_ms=30,
            tech="Triton (GPU)",
            notes="Dynamic batching; FP16/INT8 export of the trained model.",
        )
    with bp.group("data", "Data & labeling"):
        raw = bp.add("raw_images", "object_storage", "Raw images", tech="S3")
        labeling = bp.add(
            "labeling",
            "labeling",
            "Validate, dedup & label",
            notes="Drops corrupt and near-duplicate images before they reach annotators.",
        )
        annotators = bp.add("annotators", "annotator", "Annotators")
        shards = bp.add(
            "dataset_shards",
            "object_storage",
            "Versioned dataset shards",
            tech="S3",
            notes="WebDataset tar shards, ~1 GB each, so every worker streams its own subset.",
        )

    with bp.group("training_group", "Distributed training"):
        loaders = bp.add(
            "data_loaders",
            "batch_pipeline",
            "DataLoaders (streaming)",
            tech="Python",
            notes="Decode and augment on CPU workers, prefetch to GPU.",
        )
        # Data parallelism: every worker holds the whole model, trains on its own shards and
        # averages gradients with the others by all-reduce after each step.
        trainer = bp.add(
            "training", "training_pipeline", "GPU worker 1 (rank 0)", tech="PyTorch DDP"
        )
        workers = bp.add(
            "gpu_workers", "training_pipeline", "GPU workers 2..64", tech="PyTorch DDP"
        )
        checkpoints = bp.add("checkpoints", "object_storage", "Checkpoints", tech="S3")
        tracker = bp.add("experiments", "metadata_store", "Experiment tracker", tech="MLflow")
    with bp.group("release", "Release"):
        evaluation = bp.add("evaluation", "evaluation_pipeline", "Offline evaluation")
        export = bp.add(
            "export",
            "batch_pipeline",
            "Export (ONNX, TensorRT)",
            tech="Python",
            notes="Exports the approved checkpoint to ONNX and builds a TensorRT engine.",
        )
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")
    # Inside the data group the flows speak for themselves; unlabelled, its columns stay narrow.
    raw >> link("batch") >> labeling
    # Annotators work inside the labeling tool; drawing them beside it keeps the pipeline short.
    annotators >> link("batch") >> labeling
    labeling >> link("batch") >> shards
    shards >> link("batch", "shards") >> loaders
    loaders >> link("batch", "batches") >> trainer
    loaders >> link("batch", "batches") >> workers
    trainer >> link("async", "all-reduce") >> workers
    trainer >> link("batch", "candidate") >> evaluation
    evaluation >> link("batch", "approved") >> export
    export >> link("batch", "engine") >> registry
    registry >> link("deploy", "engine") >> classifier
    trainer >> link("batch", "every N steps") >> checkpoints
    trainer >> link("batch", "metrics") >> tracker

    user >> link(label="image", latency_ms=20) >> api
    api >> link(label="tensor", latency_ms=2) >> classifier
    # Active learning: the least confident predictions and users' corrections go to labeling.
    classifier >> link("feedback", "low confidence") >> labeling
    user >> link("feedback", "corrections") >> labeling
    monitoring_stack(bp, observed=[classifier], drift_from=[classifier])

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["client", "serving"],
        ["data"],
        ["training_group"],
        ["release"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Train on ~1 billion labeled images across thousands of classes",
            "A full training run finishes within a day, so models can be refreshed weekly",
            "Serve predictions in under 100 ms end to end",
            "Reproducible runs: versioned data, code and hyperparameters",
        ],
        inputs=["An image (training: image and class label)"],
        outputs=["A probability for each class; the top-k classes"],
        ml_task="Multi-class image classification, trained with softmax cross-entropy.",
        data=[
            "Raw images in object storage; labels from annotators with consensus checks",
            "Shards of ~1 GB (WebDataset/TFRecord) so reads are large and sequential",
            "Hard and low-confidence production images sent back for labeling",
        ],
        features=[
            "Pixels only: resize, random crop, flip, colour jitter, mixup as augmentation",
            "Normalisation identical in training and serving",
        ],
        model=[
            "A CNN (ResNet-50) baseline, then a Vision Transformer pretrained on a larger set",
            "Distillation into a smaller model when serving latency demands it",
        ],
        training=[
            "Data parallelism: one replica per GPU, gradients averaged by ring all-reduce",
            "Large batches with linear learning-rate scaling and warm-up; mixed precision",
            "Checkpoints every N steps so a lost node costs minutes, not the run",
            "Model or pipeline parallelism only once the model no longer fits in one GPU",
        ],
        offline_metrics=[
            "Top-1 and top-5 accuracy on a held-out set; per-class precision and recall",
            "Calibration error (ECE); throughput in images/s per GPU and scaling efficiency",
        ],
        online_metrics=[
            "Accuracy on a sample of human-reviewed production traffic",
            "User correction rate; latency p99 of the inference service",
        ],
        serving=[
            "The registry's approved model is exported (TensorRT/ONNX) and served on GPUs",
            "Dynamic batching trades a few ms of queueing for much higher throughput",
        ],
        monitoring=[
            "Latency, throughput and GPU utilisation of the inference service",
            "Drift in input images and in the predicted class distribution",
            "Training: loss curves, gradient norms, stragglers, data-loader stalls",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Scaling out training",
                options=["Data parallelism", "Model / pipeline parallelism"],
                choice="Data parallelism with all-reduce",
                why=(
                    "The model fits on one GPU; replicating it scales almost linearly, while "
                    "model parallelism adds communication and pipeline bubbles."
                ),
            ),
            Tradeoff(
                topic="Synchronous vs asynchronous updates",
                options=["Synchronous all-reduce", "Asynchronous parameter server"],
                choice="Synchronous all-reduce",
                why="No stale gradients and reproducible results; stragglers are the price.",
            ),
        ],
        talking_points=[
            "The input pipeline is the usual bottleneck: stream large shards and prefetch",
            "Large-batch training needs the learning rate scaled with batch size, plus warm-up",
            "Checkpointing and elastic restarts make preemptible GPUs usable",
            "Active learning: label the images the model is least sure about",
        ],
        failure_modes=[
            FailureMode(
                component="data_loaders",
                failure="Input pipeline starves the GPUs",
                detection="GPU utilisation and step time",
                mitigation="More loader workers, sharded records, prefetch and caching",
            ),
            FailureMode(
                component="training",
                failure="A worker dies mid-run and the day-long job restarts",
                detection="Job heartbeats and step progress",
                mitigation="Checkpoint every 30 minutes; elastic training resumes",
            ),
            FailureMode(
                component="labeling",
                failure="Label noise across thousands of classes",
                detection="Annotator agreement; confusion on a gold set",
                mitigation="Consensus labelling; noise-robust loss; relabel confusing classes",
            ),
            FailureMode(
                component="classifier",
                failure="Distribution shift (new cameras, new classes) lowers accuracy",
                detection="Prediction-confidence drift and sampled human labels",
                mitigation="Weekly retrain; alert on drift",
            ),
            FailureMode(
                component="experiments",
                failure="Runs not reproducible",
                detection="Missing data, code or config versions in run metadata",
                mitigation="Version datasets and configs; refuse to register unversioned models",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Training throughput",
                value="~12k images/s",
                arithmetic="1B images x 1 epoch / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="GPUs",
                value="~256",
                arithmetic="11.6k images/s / 50 images/s per GPU ≈ 232, rounded up to 4 pods x 64",
            ),
            Estimate(
                quantity="Dataset size",
                value="~200 TB",
                arithmetic="1B images x 200 KB",
            ),
            Estimate(
                quantity="Serving QPS",
                value="~1.2k",
                arithmetic="100M predictions/day / 86,400 s ≈ 1.16k",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Data-parallel training with all-reduce",
            "evidence": {"words": ["all-reduce", "data parallelism", "data-parallel"]},
        },
        {
            "point": "Large batches: learning-rate scaling and warm-up",
            "evidence": {"words": ["warm-up", "learning-rate scaling", "linear scaling"]},
        },
        {
            "point": "Checkpoints so a lost node costs minutes",
            "evidence": {"words": ["checkpoint", "checkpoints"]},
        },
        {
            "point": "Mixed precision and GPU utilisation",
            "evidence": {"words": ["mixed precision", "fp16", "bf16"]},
        },
        {
            "point": "Augmentation (crop, flip, mixup)",
            "evidence": {"words": ["mixup", "random crop", "augmentation"]},
        },
    ]
    return bp.build()
