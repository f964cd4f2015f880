"""Similar listings on a vacation rental platform: session-based listing embeddings and ANN search.

The chapter frames "similar listings" as session-based recommendation: a shallow network learns
listing embeddings from the order in which users click listings in a search session (plus the
listing they finally book), so listings that co-occur sit close together. Its design has three
pipelines: training fine-tunes the model on new interactions and listings, indexing copies the
trained embedding table into an index table, and prediction goes embedding fetcher -> nearest
neighbour service -> re-ranking service. The embeddings are learned ID vectors (the weights of the
shallow network), so no embedding model runs over listings at indexing time: the indexer reads the
table the training job wrote. A listing too new to have a vector borrows a nearby listing's,
found in a geographic index of the listing catalogue.

Sources:
- Aminian & Xu, *Machine Learning System Design Interview* (ByteByteGo, 2023), chapter 9
  "Similar Listings on Vacation Rental Platforms",
  read in the chapter's text as reproduced in public study notes; course page:
  https://bytebytego.com/courses/machine-learning-system-design-interview/similar-listings-on-vacation-rental-platforms
- Grbovic and Cheng, "Real-time Personalization using Embeddings for Search Ranking at Airbnb"
  (KDD 2018), the paper the chapter follows.
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    continual_training,
    interaction_log,
    monitoring_stack,
)


def build() -> Design:
    bp = Blueprint(
        "similar_listings",
        "Similar Listings on Vacation Rental Platforms",
        summary=(
            "For the listing a user is viewing, the embedding fetcher looks up its embedding "
            "(or a nearby listing's, if it is new), the nearest neighbour service finds the "
            "closest of 5 million listing embeddings, and the re-ranking service applies filters "
            "such as price and city. The embeddings are ID vectors trained on click sessions; "
            "the indexer loads the trained embedding table into the index table."
        ),
        sla_ms=150,
    )
    user = bp.add("user", "client", "User viewing a listing", latency_ms=0)
    with bp.group("prediction", "Prediction pipeline"):
        api = bp.add("listing_api", "api_gateway", "Listing page API", latency_ms=5)
        fetcher = bp.add(
            "embedding_fetcher",
            "app_service",
            "Embedding fetcher service",
            latency_ms=5,
            notes="Unseen listing: uses the embedding of a geographically nearby listing.",
        )
        ann = bp.add(
            "nearest_neighbor",
            "nearest_neighbor_service",
            "Nearest neighbor service (ANN)",
            latency_ms=20,
        )
        reranker = bp.add(
            "reranking",
            "rule_engine",
            "Re-ranking service",
            latency_ms=5,
            notes="Applies user filters (price, guests) and drops listings in other cities.",
        )
        index = bp.add(
            "index_table",
            "vector_index",
            "Index table (listing embeddings)",
            latency_ms=5,
            tech="FAISS",
        )
        # The fallback for a listing the model has not seen yet (it gets a vector at the next
        # daily training): the embedding of a geographically nearby listing.
        nearby = bp.add(
            "nearby_listings",
            "search_index",
            "Nearby listings (new-listing fallback)",
            latency_ms=5,
            notes="Geo index of listings: the nearest one that has an embedding stands in.",
        )
    user >> link(label="currently-viewing listing", latency_ms=30) >> api
    api >> link(label="listing id", latency_ms=1) >> fetcher
    fetcher >> link(label="listing embedding", latency_ms=1) >> index
    fetcher >> link(label="query embedding", latency_ms=1) >> ann
    ann >> link(label="ANN search", latency_ms=1) >> index
    ann >> link(label="nearest listings", latency_ms=1) >> reranker
    fetcher >> link(label="new listing: nearby one", latency_ms=1) >> nearby

    with bp.group("data", "Data"):
        # Unlabelled: the short arrow's label would sit on the group's title; the lake's
        # "sessions" arrow says what the log holds.
        logs = interaction_log(bp, feedback_from=[user], group=None, feedback_label="")
        listings = bp.add("listings", "data_warehouse", "Listings (daily snapshot)")
    with bp.group("training", "Training pipeline"):
        sessions = bp.add(
            "session_builder",
            "batch_pipeline",
            "Search sessions",
            notes="Click sequences ending in a booking; context window pairs, hard negatives.",
        )
        loop = continual_training(
            bp,
            training_data=sessions,
            serve_to=[],
            group=None,
            trainer_label="Fine-tune embeddings (daily)",
            model_label="trained model",
        )
    logs.lake >> link("batch", "sessions") >> sessions
    with bp.group("indexing", "Indexing pipeline"):
        # No embedding model here: the learned ID vectors are the table training wrote.
        indexer = bp.add(
            "indexer",
            "indexing_pipeline",
            "Indexer",
            notes="Loads the trained embedding table into the index table after each training.",
        )
    loop.registry >> link("batch", "embedding table") >> indexer
    indexer >> link("batch", "build index table") >> index
    listings >> link("batch", "locations") >> nearby
    monitoring_stack(bp, observed=[fetcher, ann])

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["user", "prediction"],
        ["listings", "indexing"],
        ["data", "training"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Business goal: more bookings",
            "Input: the listing being viewed; output: a ranked list of similar listings",
            "Same results for logged-in and anonymous users (no personalisation)",
            "5 million listings; new listings may appear in results after one day",
            "Answer within a page load (assumed 150 ms)",
        ],
        inputs=["The listing the user is currently viewing"],
        outputs=["Listings the user is most likely to click next, ranked"],
        ml_task=(
            "Session-based recommendation: learn listing embeddings from co-occurrence in "
            "browsing sessions, then retrieve the nearest neighbours of the current listing."
        ),
        data=[
            "Users, listings, and user-listing interactions (impressions, clicks, bookings)",
            "Search sessions: a sequence of clicked listings, often ending in a booking",
            "Only interaction sequences are used; no user or listing attributes",
        ],
        features=[
            "Listing IDs only, mapped to learned embeddings",
            "Training pairs from a sliding window over each session (skip-gram style)",
        ],
        model=[
            "A shallow neural network (word2vec-style) whose weights are the listing embeddings",
            "Approximate nearest neighbour search over 5 million embeddings",
        ],
        training=[
            "Positives: listings within the context window of the central listing",
            "Global context: the eventually-booked listing paired with every clicked listing",
            "Negatives: random listings plus hard negatives from the same region",
            "Fine-tuned daily on new sessions, so new listings get embeddings within a day",
        ],
        offline_metrics=["Average rank of the eventually-booked listing in the session"],
        online_metrics=["Click-through rate (CTR)", "Session book rate"],
        serving=[
            "Embeddings precomputed into the index table; prediction is a lookup and ANN search",
            "Re-ranking applies the user's filters and keeps the current city",
        ],
        monitoring=[
            "ANN latency and recall against exact search on a sample",
            "Share of requests served by the new-listing heuristic",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Recommendation framing",
                options=["Traditional (long-term interests)", "Session-based (recent clicks)"],
                choice="Session-based",
                why=(
                    "Travellers' interests are short-lived and context-dependent: the listings "
                    "clicked in this session say more than last year's trips."
                ),
            ),
            Tradeoff(
                topic="Unseen listings",
                options=["Wait for interactions", "Content-based embedding", "Nearby listing"],
                choice="Use a geographically nearby listing's embedding until retraining",
                why="Cheap and good enough for the one day before the model learns the listing.",
            ),
        ],
        talking_points=[
            "Positional bias in the clicks used for training, and how to correct it",
            "Session-based embeddings vs random walks (with restart) on the listing graph",
            "In-session personalisation by mixing in the user's longer-term interests",
            "Seasonality strongly affects vacation rentals",
        ],
        failure_modes=[
            FailureMode(
                component="indexer",
                failure="New listings have no embedding until the next training run",
                detection="Share of live listings missing from the index",
                mitigation="Serve the nearby-listings fallback; retrain daily so they join",
            ),
            FailureMode(
                component="nearest_neighbor",
                failure="ANN recall drops after the index grows",
                detection="Recall vs exact search on a sample",
                mitigation="Rebuild with tuned parameters; monitor recall daily",
            ),
            FailureMode(
                component="reranking",
                failure="Unavailable or far-away listings shown",
                detection="Share of results not bookable for the dates",
                mitigation="Filter on availability, city and price before returning",
            ),
            FailureMode(
                component="session_builder",
                failure="Training sessions polluted by bots",
                detection="Session length outliers",
                mitigation="Filter bot sessions before training",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~2.3k",
                arithmetic="100M listing views/day / 86,400 s ≈ 1.16k x 2 peak",
            ),
            Estimate(
                quantity="Index size",
                value="~1.3 GB",
                arithmetic="5M listings x 64 floats x 4 bytes = 1.28e9 bytes",
            ),
            Estimate(
                quantity="Session log",
                value="~100 GB/day",
                arithmetic="100M views x 1 KB = 1e11 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Listing embeddings from browsing sessions (skip-gram)",
            "evidence": {"words": ["skip-gram", "word2vec", "session"]},
        },
        {
            "point": "The booked listing as global context",
            "evidence": {"words": ["global context", "booked listing", "eventually-booked"]},
        },
        {
            "point": "Hard negatives from the same region",
            "evidence": {"words": ["same region", "hard negatives"]},
        },
        {
            "point": "ANN search over listing embeddings",
            "evidence": {"kinds": ["nearest_neighbor_service", "vector_index"]},
        },
        {
            "point": "Re-ranking by the user's filters and city",
            "evidence": {"words": ["same city", "current city", "user's filters"]},
        },
    ]
    return bp.build()
