"""E-commerce recommendation: "recommended for you" products, by two-stage retrieval and ranking.

The industry's standard shape for discovery: offline, an item tower embeds the whole catalogue
into an ANN index and a feature pipeline loads user and product features into a feature store;
online, the user tower embeds the shopper and retrieves a few hundred candidates from the index
(plus co-purchase candidates), a multi-task ranking model scores them on rich features for click,
add-to-cart and purchase, and re-ranking applies stock, diversity and business rules. Views, carts
and purchases are logged and become the next training set.

Sources: Eugene Yan, "System Design for Recommendations and Search" (eugeneyan.com/writing/
system-design-for-discovery, 2021); Google for Developers, "Recommendation systems" course
(developers.google.com/machine-learning/recommendation: candidate generation, scoring,
re-ranking); Yi et al., "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item
Recommendations" (RecSys 2019); Linden, Smith and York, "Amazon.com Recommendations: Item-to-Item
Collaborative Filtering" (IEEE Internet Computing, 2003); Ma et al., "Modeling Task Relationships
in Multi-task Learning with Multi-gate Mixture-of-Experts" (KDD 2018).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    continual_training,
    feature_platform,
    indexing_pipeline,
    interaction_log,
    monitoring_stack,
    two_stage_recommender,
)


def build() -> Design:
    bp = Blueprint(
        "ecommerce_recommendation",
        "E-commerce Recommendation (two-stage retrieval and ranking)",
        summary=(
            "A shopper's page asks for recommendations: a two-tower model retrieves candidate "
            "products from an ANN index of item embeddings, a multi-task model ranks them on "
            "features from the online feature store, and re-ranking enforces stock, diversity "
            "and business rules. The catalogue is embedded and indexed offline, and shopping "
            "events retrain both models."
        ),
        sla_ms=150,
    )
    shopper = bp.add("shopper", "client", "Shopper (home, product page)", latency_ms=0)
    api = bp.add("recs_api", "api_gateway", "Recs API", latency_ms=5)
    shopper >> link(label="page view", latency_ms=30) >> api

    # Events land in the warehouse, and one Spark pipeline turns them into features and
    # co-purchase counts: logging and features share one box.
    with bp.group("data_group", "Data preparation"):
        logs = interaction_log(
            bp,
            feedback_from=[shopper],
            group=None,
            feedback_label="views, add-to-cart, purchases",
            lake_kind="data_warehouse",
            lake_label="Data warehouse",
        )
        features = feature_platform(bp, source=logs.lake, online_readers=[], group=None)
    with bp.group("online", "Online serving"):
        rec = two_stage_recommender(
            bp,
            caller=api,
            group=None,
            labels=(
                "Candidate retrieval (two-tower)",
                "Ranking (multi-task)",
                "Re-ranking",
            ),
            latency_ms=(20, 50, 10),
            index_label="Product index (ANN)",
            features=features.online_store,
            reranking_kind="rule_engine",
        )
        # A second candidate source: items often bought with the viewed one, counted offline.
        copurchase = bp.add(
            "copurchase_candidates",
            "app_service",
            "Co-purchase candidates",
            latency_ms=5,
            tech="Redis",
            notes="Top co-purchased items per product, recomputed daily from orders.",
        )
    api >> link(label="product", latency_ms=1) >> copurchase
    copurchase >> link(label="candidates", latency_ms=1) >> rec.ranking
    features.pipeline >> link("batch", "co-purchase pairs") >> copurchase

    with bp.group("indexing_group", "Catalogue & indexing"):
        catalog = bp.add(
            "product_catalog", "relational_db", "Product catalogue (100M)", plane="nearline"
        )
        indexing = indexing_pipeline(
            bp,
            source=catalog,
            index=rec.candidate_index,
            group=None,
            label="Embed catalogue (item tower)",
            artifact="item embeddings",
        )
        # Stock and price change by the minute: a cache fed from the catalogue, read online by
        # re-ranking.
        inventory = bp.add("inventory_cache", "cache", "Stock and price", latency_ms=2)
    rec.reranking >> link(label="in stock?", latency_ms=1) >> inventory
    catalog >> link("async", "stock, price updates") >> inventory
    catalog >> link("batch", "product attributes") >> features.pipeline
    continual_training(
        bp,
        training_data=features.offline_store,
        serve_to=[rec.ranking, rec.candidate_generation, indexing.pipeline],
        trainer_label="Train two-tower and ranker",
        model_label="models",
    )
    monitoring_stack(bp, observed=[rec.ranking, rec.candidate_generation])

    # Build-up order for slides: the request path first, then what feeds it offline.
    bp.frames = [
        ["shopper", "recs_api", "online", "online_features", "inventory_cache"],
        ["indexing_group", "data_group"],
        ["training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Personalised product recommendations on the home and product pages, to raise "
            "conversion and revenue",
            "Scale (typical): about 100 million products, tens of millions of daily shoppers",
            "Latency: 150 ms end to end, the page waits for the widget",
            "Never recommend out-of-stock or restricted products",
        ],
        inputs=["Shopper id, session history, current page and product, context"],
        outputs=["A ranked list of products"],
        ml_task=(
            "Two-stage recommendation: retrieval as representation learning (two-tower model, "
            "dot-product similarity, ANN search), ranking as multi-task classification of click, "
            "add-to-cart and purchase."
        ),
        data=[
            "Product catalogue: category, brand, price, text and images",
            "Shoppers: demographics, location, membership",
            "Events: impressions, views, add-to-cart, purchases, returns",
        ],
        features=[
            "Shopper: recent views and purchases (sequence embedding), price sensitivity",
            "Product: category, brand, price, rating, popularity, text and image embeddings",
            "Cross: shopper-category affinity, co-purchase counts, similarity to the session",
            "Same definitions offline (training) and online (feature store)",
        ],
        model=[
            "Retrieval: two-tower network with in-batch negatives and sampling-bias correction; "
            "item-to-item co-purchase as a second candidate source",
            "Ranking: multi-task network (shared bottom or MMoE) with click, cart and purchase "
            "heads; GBDT as the baseline",
        ],
        training=[
            "Retrieval on (shopper, purchased or clicked product) positives",
            "Ranking on impressions labelled by click, cart and purchase; time-based splits",
            "Daily retraining; item embeddings re-indexed with each item-tower version",
        ],
        offline_metrics=["Recall@k for retrieval", "nDCG, AUC per task for ranking"],
        online_metrics=[
            "Click-through rate",
            "Conversion rate",
            "Revenue per session",
            "Catalogue coverage",
        ],
        serving=[
            "Retrieval: user tower on the request, ANN lookup in the item index (hundreds of "
            "candidates from 100M products)",
            "Ranking: features from the online store, multi-task score combined into one value",
            "Re-ranking: drop out-of-stock items, diversify brands and categories, apply boosts",
        ],
        monitoring=[
            "Latency per stage; ANN recall against exact search on a sample",
            "Feature freshness and drift; CTR and conversion per model version",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Retrieval model",
                options=["Item-to-item co-purchase", "Matrix factorisation", "Two-tower network"],
                choice="Two-tower network, with co-purchase as an extra source",
                why="Two towers use features, so new products and shoppers still get "
                "embeddings; co-purchase is cheap and strong for product pages.",
            ),
            Tradeoff(
                topic="What the ranker optimises",
                options=["Clicks only", "Purchases only", "Multi-task click + cart + purchase"],
                choice="Multi-task",
                why="Clicks alone reward clickbait, purchases alone are too sparse; shared "
                "layers learn from plentiful clicks to predict rare purchases.",
            ),
        ],
        talking_points=[
            "Offline vs online split: embeddings, index and features are built offline, only "
            "the user tower, ANN lookup and ranking run per request",
            "Business rules live in re-ranking, not in the models",
            "Cold start for new products through content features in the item tower",
        ],
        failure_modes=[
            FailureMode(
                component="inventory_cache",
                failure="Out-of-stock products recommended after a stock change",
                detection="Share of recommended items out of stock at click time",
                mitigation="Stream stock updates into the cache; filter in re-ranking before "
                "serving",
            ),
            FailureMode(
                component="candidate_index",
                failure="Index misses new products for a day (cold start)",
                detection="Share of catalogue with no embedding; new-item impression rate",
                mitigation="Content-based embeddings for new products at ingestion; exploration "
                "slots",
            ),
            FailureMode(
                component="ranking",
                failure="Feedback loop: popular items get all the impressions",
                detection="Catalogue coverage and Gini of impressions",
                mitigation="Exploration traffic, popularity debiasing, diversity in re-ranking",
            ),
            FailureMode(
                component="online_features",
                failure="Feature store latency spike blows the 150 ms budget",
                detection="p99 lookup latency per feature group",
                mitigation="Timeouts with default features; cache hot users",
            ),
            FailureMode(
                component="training",
                failure="Seasonal shift (Black Friday) makes last month's model stale",
                detection="Online conversion vs offline forecast by day",
                mitigation="Retrain daily; upweight recent data in peak seasons",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Peak QPS",
                value="~12k",
                arithmetic="50M shoppers x 10 page views/day = 500M / 86,400 s ≈ 5.8k x 2 peak",
            ),
            Estimate(
                quantity="Index size",
                value="~51 GB",
                arithmetic="100M products x 128 floats x 4 bytes = 5.1e10 bytes",
            ),
            Estimate(
                quantity="Event log",
                value="~1 TB/day",
                arithmetic="500M page views x 20 events x 100 bytes = 1e12 bytes",
            ),
            Estimate(
                quantity="Ranking work",
                value="~6M scores/s",
                arithmetic="12k requests/s x 500 candidates each",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Two-tower retrieval with ANN search",
            "evidence": {"words": ["two-tower", "two tower"]},
        },
        {
            "point": "Multi-task ranking of click, add-to-cart and purchase",
            "evidence": {
                "words": ["add-to-cart", "cart and purchase", "multi-task ranking", "MMoE"]
            },
        },
        {
            "point": "In-batch negatives and sampling-bias correction",
            "evidence": {
                "words": ["in-batch negatives", "sampling-bias correction", "hard negatives"]
            },
        },
        {
            "point": "Re-ranking for stock and diversity",
            "evidence": {"words": ["out-of-stock", "diversify", "diversity"]},
        },
        {
            "point": "Shopper session and purchase history features",
            "evidence": {"words": ["shopper", "co-purchase", "purchase history"]},
        },
    ]
    return bp.build()
