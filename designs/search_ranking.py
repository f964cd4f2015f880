"""Search ranking: query autocomplete, lexical and embedding retrieval, and learning-to-rank.

A product or web search engine in three online steps. While the user types, query autocomplete
suggests completions from a prefix index of popular past queries, ranked by a small model. On
submit, query understanding corrects spelling and predicts intent; retrieval takes candidates from
an inverted index (BM25 over titles and descriptions) and from embedding-based retrieval (a
two-tower model over a vector index), since each finds what the other misses; a learning-to-rank
model (LambdaMART over query, document and user features) orders the merged few thousand, and
business rules re-rank the top for diversity and policy. Impressions, clicks and purchases are
logged; position-debiased clicks become graded relevance labels for the next ranker, beside a
smaller set of human relevance judgements used for evaluation (NDCG).

Sources: Sorokina & Cantu-Paz, "Amazon Search: The Joy of Ranking Products" (SIGIR 2016); Haldar et
al., "Applying Deep Learning to Airbnb Search" (KDD 2019); Huang et al., "Embedding-based Retrieval
in Facebook Search" (KDD 2020); Burges, "From RankNet to LambdaRank to LambdaMART: An Overview"
(Microsoft Research, 2010); Joachims et al., "Unbiased Learning-to-Rank with Biased Feedback"
(WSDM 2017); Wang et al., "Realtime Query Completion via Deep Language Models" (SIGIR eCom 2018);
Elastic, "Practical BM25" (elastic.co blog, 2016).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import (
    continual_training,
    indexing_pipeline,
    interaction_log,
    monitoring_stack,
    two_stage_recommender,
)


def build() -> Design:
    bp = Blueprint(
        "search_ranking",
        "Search Ranking (autocomplete, retrieval, learning-to-rank)",
        summary=(
            "Autocomplete suggests queries as the user types. A submitted query is corrected and "
            "classified, candidates come from a BM25 inverted index and from embedding "
            "retrieval, a LambdaMART ranker orders them on query, document and user features, "
            "and business rules re-rank the top. Debiased clicks and purchases become the "
            "ranker's labels; human judgements measure NDCG."
        ),
        sla_ms=200,
    )
    user = bp.add("user", "client", "User (search box)", latency_ms=0)
    api = bp.add("search_api", "api_gateway", "Search API", latency_ms=5)
    user >> link(label="prefix, query", latency_ms=30) >> api

    with bp.group("data_preparation", "Data preparation"):
        logs = interaction_log(
            bp, feedback_from=[user], group=None, feedback_label="impressions, clicks, purchases"
        )
        offline_features = bp.add(
            "offline_features",
            "feature_store",
            "Offline feature store",
            plane="offline",
            tech="Spark",
            notes="Features and graded labels (purchase > add-to-cart > click), weighted by "
            "position propensity.",
        )
    with bp.group("search_group", "Search pipeline"):
        online_features = bp.add(
            "online_features", "feature_store", "Online feature store", latency_ms=5, tech="Redis"
        )
        autocomplete = bp.add(
            "autocomplete",
            "app_service",
            "Query autocomplete",
            latency_ms=5,
            tech="Redis",
            notes="A prefix index of past queries; completions ranked by popularity, freshness "
            "and the user's past.",
        )
        lexical = bp.add(
            "lexical_search",
            "search_service",
            "Lexical search (BM25)",
            latency_ms=20,
            tech="Elasticsearch",
            notes="Spelling correction, then BM25 over titles and descriptions.",
        )
        rec = two_stage_recommender(
            bp,
            caller=api,
            group=None,
            labels=(
                "Two-tower retrieval",
                "Ranker (LambdaMART)",
                "Business rules",
            ),
            latency_ms=(15, 60, 5),
            index_label="Document vectors (ANN)",
            features=online_features,
            reranking_kind="rule_engine",
        )
    rec.candidate_generation >> link(label="user features", latency_ms=1) >> online_features
    logs.lake >> link("batch", "debiased labels, features") >> offline_features
    offline_features >> link("batch", "materialise") >> online_features
    api >> link(label="prefix", latency_ms=1) >> autocomplete
    api >> link(label="query", latency_ms=1) >> lexical
    lexical >> link(label="candidates", latency_ms=1) >> rec.ranking
    logs.log >> link("async", "query counts") >> autocomplete
    with bp.group("indexing_group", "Indexing pipeline"):
        documents = bp.add("documents", "object_storage", "Documents", tech="S3")
        indexing = indexing_pipeline(
            bp,
            source=documents,
            index=rec.candidate_index,
            group=None,
            label="Doc tower",
            artifact="document vectors",
        )
    documents >> link("batch", "titles, descriptions") >> lexical
    continual_training(
        bp,
        training_data=offline_features,
        serve_to=[rec.candidate_generation, rec.ranking, indexing.pipeline],
        trainer_label="Train ranker & towers",
        model_label="models",
    )
    monitoring_stack(bp, observed=[rec.candidate_generation, rec.ranking])

    bp.frames = [
        ["user", "search_api", "autocomplete", "lexical_search"],
        ["search_group"],
        ["data_preparation", "indexing_group"],
        ["training_group", "monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "A user typing in the search box gets completions from query autocomplete through "
            "the search API; a submitted query goes to lexical search (BM25) and to two-tower "
            "retrieval over the document vectors, and the LambdaMART ranker orders both "
            "candidate sets with the online feature store before the business rules re-rank "
            "the top. Impressions, clicks and purchases go to the event log and data lake, "
            "and debiased labels and features fill the offline feature store. The ranker and "
            "the two towers train on them, pass offline evaluation and ship from the model "
            "registry, which also deploys the doc tower that embeds new documents."
        ),
        requirements=[
            "Search a catalogue of 100M documents (products); results in under 200 ms p99",
            "Autocomplete within 50 ms of each keystroke",
            "Rank by relevance and purchase likelihood, personalised lightly",
            "New documents searchable within minutes; policy-violating ones never shown",
        ],
        inputs=["A query (or a prefix while typing), the user and the context (device, place)"],
        outputs=["Completions for a prefix; a ranked page of documents for a query"],
        ml_task=(
            "Learning-to-rank: given a query and candidate documents, order them by graded "
            "relevance; retrieval as embedding similarity; autocomplete as ranking completions."
        ),
        data=[
            "Query logs with impressions, positions, clicks, add-to-carts and purchases",
            "The document catalogue: titles, descriptions, categories, prices, sellers",
            "Human relevance judgements (0-4 scale) on a sample of queries, for evaluation",
        ],
        features=[
            "Query-document: BM25 scores per field, embedding similarity, category match",
            "Document: popularity, rating, price, freshness, conversion rate",
            "User and context: past categories, price range, device, locale",
        ],
        model=[
            "Autocomplete: popularity from the prefix index, re-ranked by a small model",
            "Retrieval: BM25 and a two-tower model (query tower online, doc tower offline)",
            "Ranker: gradient-boosted trees with a LambdaMART (NDCG) objective",
        ],
        training=[
            "Labels from clicks debiased for position (inverse propensity weighting)",
            "Graded labels: purchase > add-to-cart > click > skip",
            "Two-tower with in-batch negatives; ranker retrained daily",
        ],
        offline_metrics=[
            "NDCG@10 on human judgements; MRR for navigational queries",
            "Retrieval recall@1000; autocomplete: mean reciprocal rank of the typed query",
        ],
        online_metrics=[
            "Search conversion rate and revenue per search",
            "Click-through rate on results; zero-result and reformulation rates",
            "Autocomplete acceptance rate; keystrokes saved",
        ],
        serving=[
            "Retrieve ~2,000 from both sources, rank, re-rank the top 50",
            "Cache results of head queries for minutes; the tail goes through the full stack",
        ],
        monitoring=[
            "Latency per stage; zero-result rate; share of traffic from each retriever",
            "Click-through by position (bias shifts when the layout changes)",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Retrieval",
                options=["BM25 only", "Embedding retrieval only", "Both, merged"],
                choice="Both, merged before ranking",
                why="BM25 matches exact terms (model numbers, names); embeddings match intent "
                "and synonyms. Each recovers what the other misses.",
            ),
            Tradeoff(
                topic="Ranking loss",
                options=["Pointwise (click or not)", "Pairwise (RankNet)", "Listwise (LambdaMART)"],
                choice="LambdaMART",
                why="It optimises NDCG directly, the metric judged offline, and trees handle "
                "heterogeneous features without scaling.",
            ),
            Tradeoff(
                topic="Labels",
                options=["Human judgements", "Clicks and purchases"],
                choice="Debiased clicks to train, judgements to evaluate",
                why="Clicks are plentiful but biased by position; judgements are costly but "
                "unbiased, so they measure what clicks train.",
            ),
        ],
        talking_points=[
            "Position bias: top results get clicks because they are on top",
            "Autocomplete shapes the queries the ranker later sees",
            "Head queries can be cached; the long tail is where models earn their keep",
            "Business rules last, so the ranker stays a pure relevance model",
        ],
        failure_modes=[
            FailureMode(
                component="ranking",
                failure="The ranker learns position bias and keeps yesterday's top results on top",
                detection="Click-through by position on randomised interleaving traffic",
                mitigation="Propensity-weighted labels; a small share of randomised top-k slots",
            ),
            FailureMode(
                component="autocomplete",
                failure="Offensive or trending-but-harmful completions suggested",
                detection="Blocklist hits and user reports on suggestions",
                mitigation="Filter completions against a blocklist; cap how fast new ones enter",
            ),
            FailureMode(
                component="candidate_generation",
                failure="Part-number queries return similar-looking but wrong products",
                detection="Zero exact-match rate among top results of alphanumeric queries",
                mitigation="Route alphanumeric queries to BM25 first; exact-match features",
            ),
            FailureMode(
                component="lexical_search",
                failure="New documents missing from results for hours (index refresh lag)",
                detection="Time from catalogue insert to first impression",
                mitigation="Near-real-time index refresh for new and changed documents",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Search QPS (peak)",
                value="~23k",
                arithmetic="1B searches/day / 86,400 s ≈ 11.6k x 2 (peak factor)",
                inputs={"searches_per_day": 1e9, "seconds_per_day": 86400, "peak_factor": 2},
                formula="searches_per_day / seconds_per_day * peak_factor",
                result=23e3,
            ),
            Estimate(
                quantity="Autocomplete QPS (peak)",
                value="~140k",
                arithmetic="23k searches/s x 6 keystrokes that call autocomplete per query",
                inputs={"search_qps": 23e3, "calls_per_query": 6},
                formula="search_qps * calls_per_query",
                result=140e3,
            ),
            Estimate(
                quantity="Documents scored per second",
                value="~46M",
                arithmetic="23k queries/s x 2,000 candidates ranked each",
                inputs={"search_qps": 23e3, "candidates": 2000},
                formula="search_qps * candidates",
                result=46e6,
            ),
            Estimate(
                quantity="Vector index size",
                value="~51 GB",
                arithmetic="100M documents x 128 floats x 4 bytes = 5.1e10 bytes",
                inputs={"documents": 100e6, "dimensions": 128, "bytes_per_float": 4},
                formula="documents * dimensions * bytes_per_float",
                result=51e9,
            ),
        ],
    )
    bp.relatives = ["ecommerce_recommendation"]
    return bp.build()
