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
    feature_platform,
    indexing_pipeline,
    interaction_log,
    monitoring_stack,
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
    with bp.group("autocomplete_group", "Autocomplete"):
        autocomplete = bp.add(
            "autocomplete",
            "model_serving",
            "Query autocomplete",
            latency_ms=10,
            notes="Ranks the prefix's completions by popularity, freshness and the user's history.",
        )
        prefixes = bp.add(
            "prefix_index", "cache", "Prefix index (past queries)", latency_ms=2, tech="Redis"
        )
    with bp.group("retrieval_group", "Query understanding & retrieval"):
        understanding = bp.add(
            "query_understanding",
            "model_serving",
            "Query understanding",
            latency_ms=15,
            notes="Spelling correction, query intent (category) and entity tagging.",
        )
        lexical = bp.add(
            "inverted_index",
            "search_index",
            "Inverted index (BM25)",
            latency_ms=20,
            tech="Elasticsearch",
        )
        dense = bp.add(
            "embedding_retrieval",
            "candidate_generation",
            "Embedding retrieval (two-tower)",
            latency_ms=15,
        )
        vectors = bp.add("vector_index", "vector_index", "Document vectors (ANN)", latency_ms=10)
    with bp.group("ranking_group", "Ranking"):
        ranker = bp.add(
            "ranker",
            "ranking_service",
            "Learning-to-rank (LambdaMART)",
            latency_ms=60,
            notes="Scores ~2,000 candidates on query-document, document and user features.",
        )
        rules = bp.add(
            "business_rules",
            "rule_engine",
            "Business rules & diversity",
            latency_ms=5,
            notes="Policy filters, sponsored slots, at most 3 results per seller in the top 10.",
        )

    user >> link(label="prefix", latency_ms=30) >> api
    api >> link(label="suggest", latency_ms=1) >> autocomplete
    autocomplete >> link(label="completions", latency_ms=1) >> prefixes
    api >> link(label="query", latency_ms=1) >> understanding
    understanding >> link(label="BM25", latency_ms=1) >> lexical
    understanding >> link(label="query + intent", latency_ms=1) >> dense
    dense >> link(label="ANN", latency_ms=1) >> vectors
    understanding >> link(label="candidates", latency_ms=1) >> ranker
    ranker >> link(label="top 50", latency_ms=1) >> rules

    logs = interaction_log(bp, feedback_from=[user], feedback_label="clicks, purchases")
    api >> link("async", "impressions with positions") >> logs.log
    features = feature_platform(bp, source=logs.lake, online_readers=[ranker])
    with bp.group("corpus_group", "Documents & indexing"):
        documents = bp.add("documents", "relational_db", "Documents (catalogue)", plane="offline")
        indexing = indexing_pipeline(
            bp,
            source=documents,
            index=vectors,
            group=None,
            label="Embed documents (doc tower)",
            artifact="document vectors",
        )
    documents >> link("batch", "titles, descriptions") >> lexical
    logs.lake >> link("batch", "query counts") >> prefixes
    with bp.group("labels_group", "Labels"):
        labels = bp.add(
            "click_labels",
            "batch_pipeline",
            "Debiased click labels",
            notes="Inverse propensity weighting by position; purchase > add-to-cart > click.",
        )
        judges = bp.add("judges", "annotator", "Relevance judges")
    logs.lake >> link("batch", "sessions") >> labels
    training = continual_training(
        bp,
        training_data=[features.offline_store, labels],
        serve_to=[ranker, dense, understanding, autocomplete, indexing.pipeline],
        trainer_label="Train ranker, towers, query models",
        model_label="models",
    )
    judges >> link("batch", "graded judgements") >> training.evaluation
    monitoring_stack(bp, observed=[autocomplete, understanding, dense, ranker])

    bp.frames = [
        ["user", "search_api", "autocomplete_group"],
        ["retrieval_group", "ranking_group"],
        ["logging_group", "features_group", "corpus_group"],
        ["labels_group", "training_group"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "A user typing in the search box gets completions from query autocomplete, read "
            "from the prefix index; the submitted query passes query understanding, and "
            "candidates from the inverted index (BM25) and from embedding retrieval over the "
            "document vectors go to the learning-to-rank model, whose top 50 the business rules "
            "re-rank. Impressions, clicks and purchases go to the event log and data lake, the "
            "feature pipeline fills the feature stores and debiased click labels are built from "
            "sessions. The ranker and two-tower models train on them, relevance judges' "
            "judgements feed offline evaluation, and the model registry deploys every model."
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
                component="ranker",
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
                component="embedding_retrieval",
                failure="Part-number queries return similar-looking but wrong products",
                detection="Zero exact-match rate among top results of alphanumeric queries",
                mitigation="Route alphanumeric queries to BM25 first; exact-match features",
            ),
            FailureMode(
                component="inverted_index",
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
    return bp.build()
