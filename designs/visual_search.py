"""Visual search: find images that look like a query image (or a crop of one), Pinterest-style.

The prediction pipeline is the chapter's three services in a row: an embedding generation service
turns the query image into a vector, a nearest-neighbour service looks it up in an ANN index of
every image's embedding, and a re-ranking service applies business rules (remove private or
inappropriate images, de-duplicate). An offline indexing pipeline embeds each new image with the
same model and adds it to the index. Clicks on results are logged; together with augmented views
of the images they become contrastive training data for the next embedding model.

Sources: Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 2,
"Visual Search System" (bytebytego.com/courses/machine-learning-system-design-interview/
visual-search-system); study notes on the chapter: vinija.ai/mlsysdes/visualSearch,
github.com/alirezadir/Machine-Learning-Interviews (src/MLSD/mlsd-image-search.md),
github.com/codingtraces/advanced-ai-ml-notes (02-visual_search.md); Pinterest's "Visual Discovery
at Pinterest" (Zhai et al., WWW 2017).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    continual_training,
    indexing_pipeline,
    interaction_log,
    monitoring_stack,
)


def build() -> Design:
    bp = Blueprint(
        "visual_search",
        "Visual Search System",
        summary=(
            "A user selects an image or a crop; the embedding generation service encodes it, the "
            "nearest-neighbour service retrieves the closest image embeddings from an ANN index, "
            "and the re-ranking service filters and orders them. An offline indexing pipeline "
            "keeps the index current as new images are uploaded, and clicks feed contrastive "
            "training of the next image encoder."
        ),
        sla_ms=200,
    )
    user = bp.add("user", "client", "User (query image)", latency_ms=0)
    with bp.group("prediction", "Prediction pipeline"):
        embedder = bp.add(
            "embedding_service",
            "embedding_service",
            "Embedding generation service",
            latency_ms=30,
            notes="Resize, normalise, then the CNN/ViT image encoder",
        )
        ann = bp.add(
            "nearest_neighbor_service",
            "nearest_neighbor_service",
            "Nearest neighbour service",
            latency_ms=20,
            tech="FAISS",
        )
        index = bp.add("vector_index", "vector_index", "Index table (embeddings)", latency_ms=10)
        reranker = bp.add(
            "reranking_service",
            "rule_engine",
            "Re-ranking service",
            latency_ms=10,
            notes="Business rules: drop private and inappropriate images, de-duplicate",
        )
    images = bp.add("image_store", "object_storage", "Images (100-200 billion)", tech="S3")

    user >> link(label="query image", latency_ms=40) >> embedder
    embedder >> link(label="query embedding", latency_ms=2) >> ann
    ann >> link(label="ANN lookup", latency_ms=1) >> index
    ann >> link(label="k nearest images", latency_ms=2) >> reranker

    indexing = indexing_pipeline(
        bp, source=images, index=index, label="Indexing service", artifact="embedding index"
    )
    logs = interaction_log(bp, feedback_from=[user], feedback_label="impressions, clicks")
    continual_training(
        bp,
        training_data=[logs.lake, images],
        serve_to=[embedder, indexing.pipeline],
        trainer_label="Contrastive training",
        model_label="image encoder",
    )
    monitoring_stack(bp, observed=[embedder, ann])

    # Build-up order for slides: the request path first, then what feeds it offline.
    bp.frames = [
        ["user", "prediction"],
        ["image_store", "indexing_group"],
        ["logging_group", "training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Return images similar to a query image or a selected crop, most similar first",
            "Images only (no video); no personalisation: every user sees the same results",
            "Scale: 100-200 billion images on the platform; results must come back fast",
            "Only clicks on results are logged; content moderation is out of scope",
        ],
        inputs=["A query image, or a crop of an image the user is viewing"],
        outputs=["A ranked list of similar images"],
        ml_task=(
            "Ranking framed as representation learning: an encoder maps images into an embedding "
            "space where visually similar images lie close, and similarity (cosine or dot "
            "product) between embeddings ranks the candidates."
        ),
        data=[
            "Images and their metadata (owner, upload time)",
            "User-image interactions: impressions and clicks for query images",
        ],
        features=[
            "Raw pixels only: resize, scale to [0, 1], normalise, consistent colour mode",
            "No metadata features in the base design (a follow-up extension)",
        ],
        model=[
            "Image encoder: CNN (ResNet) or vision transformer (ViT) producing an embedding",
            "Approximate nearest neighbour search (tree-based, LSH or clustering) via FAISS/ScaNN",
        ],
        training=[
            "Contrastive learning: a query image, one positive and n-1 negatives per example",
            "Positives from self-supervision (augmented views of the query, SimCLR-style) rather "
            "than scarce, noisy clicks or costly human labels",
            "Loss: softmax over similarities, then cross-entropy against the positive",
            "Fine-tune a pretrained contrastive model instead of training from scratch",
        ],
        offline_metrics=["MRR", "Recall@k", "Precision@k", "mAP", "nDCG (chosen)"],
        online_metrics=[
            "Click-through rate",
            "Average daily/weekly time spent on suggested images",
        ],
        serving=[
            "Prediction pipeline: embedding generation -> nearest neighbour -> re-ranking",
            "Indexing pipeline embeds every new image with the deployed encoder and adds it to "
            "the index; re-index everything when the encoder changes",
            "Product/vector quantisation keeps a 100-billion-vector index in memory",
        ],
        monitoring=[
            "Latency of each service and ANN recall against exact search on a sample",
            "CTR and time spent on suggestions per encoder version",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Exact vs approximate nearest neighbour search",
                options=["Exact search, O(N·D)", "ANN: tree-based, LSH, clustering-based"],
                choice="ANN (clustering-based, FAISS/ScaNN)",
                why="Exact search over 100+ billion embeddings cannot meet the latency; ANN "
                "trades a little recall for sub-linear lookups.",
            ),
            Tradeoff(
                topic="Where positive training pairs come from",
                options=["Human judgement", "User clicks", "Self-supervised augmentation"],
                choice="Self-supervision first, clicks added later",
                why="Humans are slow and costly, clicks are noisy and sparse; augmentation gives "
                "unlimited clean positives, at the cost of a distribution gap.",
            ),
        ],
        talking_points=[
            "The index must be rebuilt whenever the encoder changes: embeddings of two model "
            "versions are not comparable",
            "Extensions: moderation, positional bias, metadata and tags, object detection for "
            "crops, text queries, active learning",
            "Re-ranking is where business rules live, so the model stays purely visual",
        ],
        failure_modes=[
            FailureMode(
                component="embedding_service",
                failure="Encoder changed but index still holds old embeddings",
                detection="Model version of the index vs the query encoder",
                mitigation="Rebuild the index before switching; dual serving during rebuild",
            ),
            FailureMode(
                component="nearest_neighbor_service",
                failure="ANN recall drops as the index grows",
                detection="Recall vs exact search on a sample",
                mitigation="Retune index parameters; shard",
            ),
            FailureMode(
                component="reranking_service",
                failure="Private or inappropriate images shown",
                detection="Audit and reports on result pages",
                mitigation="Filter on privacy flags and moderation labels",
            ),
            FailureMode(
                component="indexing",
                failure="Indexing backlog; new images not searchable",
                detection="Time from upload to searchable",
                mitigation="Scale indexing workers; incremental inserts",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~12k",
                arithmetic="1B searches/day / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="Index size",
                value="~100 TB",
                arithmetic="200B images x 128 dimensions x 4 bytes = 1e14 bytes",
            ),
            Estimate(
                quantity="Index size (PQ-compressed)",
                value="~6 TB",
                arithmetic="200B x 32 bytes per code = 6.4e12 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "An image encoder into an embedding space",
            "evidence": {"kinds": ["embedding_service"], "words": ["image encoder"]},
        },
        {
            "point": "Self-supervised positives: augmented views (SimCLR)",
            "evidence": {"words": ["SimCLR", "augmented views", "self-supervision"]},
        },
        {"point": "The query is an image", "evidence": {"words": ["query image", "image query"]}},
        {
            "point": "New images embedded into the index; re-index when the encoder changes",
            "evidence": {"words": ["every new image", "new image"]},
        },
        {
            "point": "Product / vector quantisation to fit the index in memory",
            "evidence": {
                "words": [
                    "product quantisation",
                    "product/vector quantisation",
                    "vector quantisation",
                ]
            },
        },
        {
            "point": "ANN search (tree, LSH or clustering)",
            "evidence": {
                "kinds": ["nearest_neighbor_service", "vector_index"],
                "words": ["LSH", "tree-based", "FAISS", "ScaNN"],
            },
        },
    ]
    return bp.build()
