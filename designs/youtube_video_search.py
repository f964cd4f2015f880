"""YouTube video search: rank videos for a free-text query by combining visual and text search.

The chapter's prediction pipeline runs two searches in parallel: visual search encodes the query
with a text encoder and looks up video embeddings in an ANN index, and text search matches the
query against titles, descriptions and tags in an inverted index (Elasticsearch). A fusing layer
merges the two lists with a weighted sum of relevance scores and a re-ranking service applies
business rules. Offline, a video indexing pipeline embeds every video with the video encoder and a
text indexing pipeline indexes titles, manual tags and auto-generated tags. Both encoders are
trained jointly with contrastive learning on 10 million annotated (video, query) pairs.

Sources: Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 4,
"YouTube Video Search"; study notes on the chapter: github.com/alirezadir/Machine-Learning-
Interviews (src/MLSD/mlsd-mm-video-search.md), vinija.ai/mlsysdes; Radford et al., "Learning
Transferable Visual Models From Natural Language Supervision" (CLIP, 2021).
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
        "youtube_video_search",
        "YouTube Video Search",
        summary=(
            "A text query runs through visual search (text encoder + nearest-neighbour lookup in "
            "a video embedding index) and text search (inverted index over titles and tags) in "
            "parallel; a fusing layer merges both lists and a re-ranking service applies "
            "business rules. Offline pipelines index new videos both ways, and the encoders are "
            "trained contrastively on (video, query) pairs."
        ),
        sla_ms=300,
        direction="TB",
    )
    user = bp.add("user", "client", "User", latency_ms=0)
    with bp.group("prediction", "Prediction pipeline"):
        api = bp.add("search_api", "api_gateway", "Search API", latency_ms=5)
        with bp.group("visual_search", "Visual search"):
            encoder = bp.add(
                "text_encoder", "embedding_service", "Text encoder (query)", latency_ms=15
            )
            ann = bp.add(
                "nearest_neighbor_service",
                "nearest_neighbor_service",
                "Nearest neighbour service",
                latency_ms=20,
            )
            video_index = bp.add("video_index", "vector_index", "Video index", latency_ms=10)
        with bp.group("text_search", "Text search"):
            text_search = bp.add(
                "text_search", "search_service", "Text search", latency_ms=30, tech="Elasticsearch"
            )
            inverted = bp.add("inverted_index", "search_index", "Inverted index", latency_ms=10)
        fusion = bp.add(
            "fusing_layer",
            "app_service",
            "Fusing layer",
            latency_ms=5,
            notes="Weighted sum of the relevance scores of both result lists",
        )
        reranker = bp.add(
            "reranking_service",
            "rule_engine",
            "Re-ranking service",
            latency_ms=10,
            notes="Business rules and policies: remove unavailable or harmful videos",
        )
    videos = bp.add("videos", "object_storage", "Videos (1B)", tech="S3")
    metadata = bp.add(
        "video_metadata",
        "relational_db",
        "Video metadata",
        plane="nearline",
        notes="Titles, descriptions, manual tags and auto-generated tags.",
    )

    user >> link(label="text query", latency_ms=40) >> api
    api >> link(label="query text", latency_ms=1) >> encoder
    encoder >> link(label="query embedding", latency_ms=1) >> ann
    ann >> link(label="ANN lookup", latency_ms=1) >> video_index
    api >> link(label="query text", latency_ms=1) >> text_search
    text_search >> link(label="term lookup", latency_ms=1) >> inverted
    ann >> link(label="by similarity", latency_ms=1) >> fusion
    text_search >> link(label="by text match", latency_ms=1) >> fusion
    fusion >> link(label="fused list", latency_ms=1) >> reranker

    video_indexing = indexing_pipeline(
        bp,
        source=videos,
        index=video_index,
        prefix="video",
        group="Video indexing pipeline",
        label="Video encoder (indexing)",
        artifact="video embeddings",
    )
    indexing_pipeline(
        bp,
        source=metadata,
        index=inverted,
        prefix="text",
        group="Text indexing pipeline",
        label="Text indexing",
        artifact="inverted index",
    )
    with bp.group("training_data", "Training data"):
        pairs = bp.add("annotated_pairs", "object_storage", "(video, query) pairs (10M)")
    logs = interaction_log(bp, feedback_from=[user], feedback_label="clicks, watch time")
    training = continual_training(
        bp,
        training_data=pairs,
        serve_to=[encoder, video_indexing.pipeline],
        trainer_label="Contrastive training",
        model_label="encoders",
    )
    # Pairs mined from search logs (query, clicked and watched video) extend the annotated set.
    logs.lake >> link("batch", "click pairs") >> training.trainer
    monitoring_stack(bp, observed=[encoder, ann])

    # Build-up order for slides: the request path first, then what feeds it offline.
    bp.frames = [
        ["user", "prediction"],
        ["videos", "video_metadata", "video_indexing_group", "text_indexing_group"],
        ["logging_group", "training_data", "training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Return videos relevant to a free-text query, most relevant first",
            "Use both the videos' visual content and their text metadata (title, description, "
            "tags); no personalisation",
            "Scale: about 1 billion videos to search",
            "Training data: 10 million annotated (video, text query) pairs",
            "Latency: the chapter sets no figure; budget about 300 ms end to end",
        ],
        inputs=["A text query typed by the user"],
        outputs=["A ranked list of videos relevant to the query"],
        ml_task=(
            "Ranking by combining two retrieval systems: visual search as representation "
            "learning (text and video encoders map into one embedding space, similarity ranks), "
            "and text search as classic full-text matching on an inverted index."
        ),
        data=[
            "Annotated (video, query) pairs; videos with titles, descriptions and tags",
            "Search logs: queries, impressions, clicks and watch time",
        ],
        features=[
            "Text: normalise (lower-case, strip punctuation and accents), tokenise, map tokens "
            "to ids",
            "Video: decode frames, sample frames, resize, scale, normalise, correct colour",
        ],
        model=[
            "Text encoder: transformer (BERT) rather than bag-of-words or TF-IDF, to capture "
            "meaning and context",
            "Video encoder: frame-level (ViT on sampled frames, aggregated) rather than "
            "video-level (ViViT): cheaper to train and serve",
            "Text search: Elasticsearch inverted index, no training",
        ],
        training=[
            "Contrastive learning: each query with its positive video and sampled negatives; "
            "softmax over similarities, cross-entropy loss",
            "Auto-generated tags come from a separate tagging model and are stored with the "
            "video metadata that text indexing reads",
        ],
        offline_metrics=[
            "Precision@k",
            "mAP",
            "Recall@k",
            "MRR (chosen: one relevant video per query in the evaluation pairs)",
        ],
        online_metrics=[
            "Click-through rate (prone to clickbait)",
            "Video completion rate",
            "Total watch time of search results (chosen)",
        ],
        serving=[
            "Visual search and text search run in parallel; the fusing layer merges them by a "
            "weighted sum of relevance scores",
            "Re-ranking applies business rules and policies",
            "Video indexing pipeline: encode new videos and add them to the ANN index; text "
            "indexing pipeline: index titles, manual tags and auto-generated tags",
        ],
        monitoring=[
            "Latency of each branch and of the fused response",
            "Watch time and CTR per encoder version; index freshness for new uploads",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Video encoder granularity",
                options=["Video-level model (ViViT)", "Frame-level model (ViT on sampled frames)"],
                choice="Frame-level",
                why="Much cheaper to train and to run over a billion videos; it loses temporal "
                "understanding, which matters little for relevance to a query.",
            ),
            Tradeoff(
                topic="How to fuse the two result lists",
                options=["Weighted sum of relevance scores", "A learned re-ranking model"],
                choice="Weighted sum",
                why="Fast and simple; a learned fusion model is more accurate but costs training "
                "data and latency.",
            ),
        ],
        talking_points=[
            "Text search covers what pixels cannot (names, exact titles); visual search covers "
            "videos with poor metadata",
            "The video index must be rebuilt when the video encoder changes",
            "Extensions: query understanding (spelling, expansion), multilingual queries, "
            "near-duplicate removal, personalisation, audio features",
        ],
        failure_modes=[
            FailureMode(
                component="text_encoder",
                failure="Query embedding misses rare terms and names",
                detection="Zero-result and reformulation rates by query type",
                mitigation="Text search on the inverted index fused with vector results",
            ),
            FailureMode(
                component="fusing_layer",
                failure="One source dominates, losing relevant videos",
                detection="Share of clicks from each source",
                mitigation="Tune fusion weights; learn-to-rank on the fused list",
            ),
            FailureMode(
                component="video_indexing",
                failure="New videos not searchable for hours",
                detection="Upload-to-index lag",
                mitigation="Index metadata first, visual embeddings later",
            ),
            FailureMode(
                component="inverted_index",
                failure="Stale metadata after title edits",
                detection="Metadata freshness",
                mitigation="Stream metadata updates to the index",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~35k",
                arithmetic="3B searches/day / 86,400 s ≈ 34.7k",
            ),
            Estimate(
                quantity="Video index size",
                value="~512 GB",
                arithmetic="1B videos x 128 floats x 4 bytes = 5.12e11 bytes",
            ),
            Estimate(
                quantity="Training data",
                value="~10M pairs",
                arithmetic="stated: 10 million annotated (video, query) pairs x 1 pass per epoch",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Visual search and text search run in parallel",
            "evidence": {
                "words": ["visual search and text search", "text search", "two retrieval systems"]
            },
        },
        {
            "point": "A fusing layer merging the results by weighted relevance",
            "evidence": {"words": ["fusing layer", "fusion", "weighted sum of relevance"]},
        },
        {
            "point": "A text encoder and a video encoder in one embedding space",
            "evidence": {"words": ["video encoder", "text encoder"]},
        },
        {
            "point": "Inverted index for text search",
            "evidence": {"kinds": ["search_index"], "words": ["inverted index", "Elasticsearch"]},
        },
        {
            "point": "Frame sampling for video encoding",
            "evidence": {"words": ["sample frames", "sampled frames", "frame-level"]},
        },
        {
            "point": "Auto-generated tags from a tagging model",
            "evidence": {"words": ["auto-generated tags", "tagging model"]},
        },
    ]
    return bp.build()
