"""Retrieval-augmented generation: an offline indexing path and an online query path.

Indexing: documents are loaded and parsed, split into overlapping chunks, embedded in bulk, and
upserted into a vector index; the same chunks go into a BM25 keyword index. Query: an input
guardrail screens the question, the retriever runs a hybrid search (the question embedded with the
same embedding model against the vector index, and BM25 against the keyword index), an ACL filter
drops the chunks the user may not read, a cross-encoder re-ranks the rest, the LLM answers
grounded in the top chunks, and an output guardrail checks the answer before it leaves. User
feedback and logged answers feed evaluation and the fine-tuning of embedder and re-ranker.

The LLM is drawn as a hosted API (an `app_service`), not as a model this system deploys: only the
embedder and the re-ranker are trained here, so the model registry deploys to them alone. The
LLM is a pinned version of a provider's model, called over its API; upgrading it is a
configuration change that goes through evaluation, not a deploy from our registry.

Sources: Lewis et al., "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks" (NeurIPS
2020); the LangChain and LlamaIndex documentation on loaders, text splitters, vector stores and
retrievers (python.langchain.com, docs.llamaindex.ai); Pinecone's "Rerankers and two-stage
retrieval" (pinecone.io/learn); NVIDIA NeMo Guardrails documentation (input and output rails);
Es et al., "RAGAS: Automated Evaluation of Retrieval Augmented Generation" (2023).
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
        "rag_pipeline",
        "Retrieval-Augmented Generation (RAG)",
        summary=(
            "Offline, documents are loaded, chunked, embedded and upserted into a vector index. "
            "Online, a question passes an input guardrail, the retriever runs a hybrid (vector + "
            "BM25) search, an ACL filter keeps the chunks the user may read, a cross-encoder "
            "re-ranks them, the LLM writes a grounded answer "
            "with citations and an output guardrail checks it. Feedback and logs drive "
            "evaluation and fine-tuning of the embedder and re-ranker."
        ),
        sla_ms=3000,
    )
    user = bp.add("user", "client", "User", latency_ms=0)
    # Ratings carry the answer they rate, so the user's feedback is the log that trains; logging
    # from the end of the query path instead would push the training loop past it in the layout.
    logs = interaction_log(bp, feedback_from=[user], feedback_label="ratings")
    with bp.group("query_path", "Retrieval (online)"):
        api = bp.add("api", "api_gateway", "RAG API", latency_ms=5)
        input_guard = bp.add(
            "input_guardrail",
            "guardrail",
            "Input guardrail",
            latency_ms=20,
            notes="Prompt-injection, PII and topic filters on the question.",
        )
        retriever = bp.add("retriever", "retriever", "Hybrid retriever", latency_ms=5)
        acl_filter = bp.add(
            "acl_filter",
            "rule_engine",
            "ACL filter",
            latency_ms=5,
            notes="Keeps only chunks whose ACL metadata lets this user read them.",
        )
    # What the other boxes share: the models this system fine-tunes (one embedding model, served
    # per question online and in bulk offline, and the re-ranker) and the indexes the offline path
    # writes and the online path searches. One box takes one deploy and one metrics line.
    with bp.group("models_group", "Models & indexes"):
        query_embedder = bp.add(
            "query_embedder", "embedding_service", "Query embedder", latency_ms=10
        )
        index = bp.add("vector_index", "vector_index", "Vector index", latency_ms=15, tech="Qdrant")
        keyword_index = bp.add(
            "bm25_index", "search_index", "BM25 index", latency_ms=10, tech="Elasticsearch"
        )
        doc_embedder = bp.add(
            "doc_embedder",
            "embedding_service",
            "Batch embedder",
            plane="offline",
            notes="Same embedding model as the query embedder, so both live in one space.",
        )
        reranker = bp.add("reranker", "reranking_service", "Cross-encoder re-ranker", latency_ms=40)
    with bp.group("generation_path", "Generation (online)"):
        llm = bp.add(
            "llm",
            "app_service",
            "LLM API (hosted)",
            latency_ms=1500,
            notes="Pinned model version. Prompt = instructions + top-5 chunks + question; "
            "answers cite chunk ids.",
        )
        output_guard = bp.add(
            "output_guardrail",
            "guardrail",
            "Output guardrail",
            latency_ms=30,
            notes="Groundedness check against the retrieved chunks; toxicity and PII filters.",
        )
    with bp.group("indexing_path", "Indexing path (offline)"):
        documents = bp.add("documents", "object_storage", "Source documents", tech="S3")
        chunker = bp.add(
            "chunker",
            "batch_pipeline",
            "Parse & chunk (512 tokens)",
            notes="Loads and parses PDFs, wiki pages and tickets, then splits them into "
            "~512-token chunks with overlap, each carrying its source's ACL.",
        )
        indexing_pipeline(
            bp,
            source=chunker,
            index=index,
            embedder=doc_embedder,
            group=None,
            label="Upsert vectors",
            artifact="vectors",
        )

    user >> link(label="question", latency_ms=50) >> api
    api >> input_guard
    input_guard >> retriever
    retriever >> link(label="embed") >> query_embedder
    retriever >> link(label="ANN") >> index
    retriever >> link(label="BM25") >> keyword_index
    retriever >> link(label="top-50") >> acl_filter
    acl_filter >> link(label="chunks") >> reranker
    reranker >> link(label="top-5") >> llm
    llm >> link(label="answer") >> output_guard
    documents >> link("batch", "raw files") >> chunker
    chunker >> link("batch", "chunks + ACLs") >> keyword_index

    models = [query_embedder, doc_embedder, reranker]
    continual_training(
        bp,
        training_data=logs.lake,
        serve_to=models,
        trainer_label="Fine-tune embedder & re-ranker",
        model_label="",
    )
    monitoring_stack(bp, observed=[query_embedder, doc_embedder, reranker, llm], group=None)

    # Build-up order for slides: the request path first, then what feeds it.
    bp.frames = [
        ["user", "api", "input_guardrail", "retriever", "query_embedder", "vector_index"],
        ["bm25_index", "acl_filter", "reranker", "llm", "output_guardrail"],
        ["indexing_path", "doc_embedder"],
        ["logging_group", "training_group"],
        ["monitoring"],
    ]
    bp.card = Card(
        requirements=[
            "Answer questions over a private corpus (millions of chunks), grounded and cited",
            "Full answer within 3 s; the LLM call dominates the budget",
            "New or changed documents searchable within hours",
            "No prompt injection, PII leaks or unsupported claims in answers",
        ],
        inputs=["A natural-language question (and conversation history)"],
        outputs=["An answer with citations to the retrieved chunks"],
        ml_task=(
            "Retrieval (dense embedding search, then cross-encoder re-ranking) followed by "
            "conditional generation grounded in the retrieved context."
        ),
        data=[
            "Source documents: PDFs, wiki pages, tickets, with access-control metadata",
            "Logged questions, retrieved chunks, answers and user ratings",
            "A golden set of question, relevant chunks and reference answer for evaluation",
        ],
        features=[
            "Chunks of ~512 tokens with overlap, carrying title, source and ACL metadata",
            "Dense embeddings of chunks and queries from one embedding model",
        ],
        model=[
            "Bi-encoder embedding model for recall; cross-encoder re-ranker for precision",
            "An instruction-tuned LLM prompted with the top chunks",
            "Guardrail classifiers before and after the LLM",
        ],
        training=[
            "Fine-tune embedder and re-ranker on clicked or cited chunks (hard negatives)",
            "Re-embed the whole corpus whenever the embedding model changes",
        ],
        offline_metrics=[
            "Retrieval: recall@k and MRR on the golden set",
            "Generation: faithfulness (groundedness) and answer relevance (RAGAS-style)",
        ],
        online_metrics=[
            "Thumbs-up rate and answer acceptance",
            "Share of answers that abstain or get blocked by a guardrail",
            "Latency p95 and cost per answer",
        ],
        serving=[
            "Retrieve 50, re-rank to 5, generate; stream tokens to the user",
            "Query and document embeddings must come from the same model version",
        ],
        monitoring=[
            "Latency and errors per stage; LLM token usage",
            "Drift in question topics; rising rate of 'no relevant chunk' answers",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Re-ranking stage",
                options=["Vector search only", "Vector search + cross-encoder re-ranker"],
                choice="Add a cross-encoder over the top 50",
                why="Better precision in the 5 chunks the LLM sees, for ~40 ms.",
            ),
            Tradeoff(
                topic="Chunk size",
                options=["Small chunks (~128 tokens)", "Large chunks (~1k tokens)"],
                choice="~512 tokens with overlap",
                why="Small chunks retrieve precisely but lose context; large ones dilute it.",
            ),
            Tradeoff(
                topic="Knowledge in the prompt vs in the weights",
                options=["RAG", "Fine-tune the LLM on the corpus"],
                choice="RAG",
                why="Fresh documents without retraining, citations, and per-user access control.",
            ),
        ],
        talking_points=[
            "Two paths share one embedding model: re-embed everything when it changes",
            "Evaluate retrieval and generation separately: a bad answer is often bad recall",
            "Guardrails on both sides: injection comes in, hallucination and PII go out",
            "Hybrid search (BM25 + dense) helps with names and codes that embeddings blur",
        ],
        failure_modes=[
            FailureMode(
                component="retriever",
                failure="Relevant chunk not retrieved, so the answer is ungrounded",
                detection="Recall@k on a labelled question set",
                mitigation="Hybrid search (BM25 + vectors); better chunking; query rewriting",
            ),
            FailureMode(
                component="llm",
                failure="Answer includes claims not supported by the chunks",
                detection="Faithfulness eval (claims vs citations) on samples",
                mitigation="Instruct to cite; refuse when evidence is missing; lower temperature",
            ),
            FailureMode(
                component="indexing",
                failure="Changed documents not re-indexed within hours",
                detection="Document freshness lag",
                mitigation="Change-data-capture triggers; re-embed changed chunks only",
            ),
            FailureMode(
                component="input_guardrail",
                failure="Prompt injection hidden in documents",
                detection="Red-team documents; flagged answers",
                mitigation="Strip instructions from retrieved text; output guardrail",
            ),
            FailureMode(
                component="output_guardrail",
                failure="PII leaked in an answer",
                detection="PII detector hits on outputs",
                mitigation="Redact PII at indexing and at output",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~120",
                arithmetic="10M questions/day / 86,400 s ≈ 116",
            ),
            Estimate(
                quantity="Index size",
                value="~15 GB",
                arithmetic="5M chunks x 768 floats x 4 bytes = 1.5e10 bytes",
            ),
            Estimate(
                quantity="LLM tokens per second",
                value="~470k",
                arithmetic="116 QPS x (3,500 prompt + 500 answer) tokens",
            ),
            Estimate(
                quantity="Re-embedding per day",
                value="~250k chunks",
                arithmetic="5M chunks x 5% changed per day",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Chunking documents with overlap and metadata",
            "evidence": {"words": ["chunk", "chunks", "chunking"]},
        },
        {
            "point": "Dense retrieval with one embedding model for queries and documents",
            "evidence": {
                "kinds": ["embedding_service", "vector_index"],
                "words": ["same model version", "dense embedding", "bi-encoder"],
            },
        },
        {
            "point": "A cross-encoder re-ranker for precision",
            "evidence": {"words": ["cross-encoder", "re-rank", "reranker"]},
        },
        {
            "point": "Answers grounded in the retrieved context, with citations",
            "evidence": {"words": ["grounded", "citations", "cited", "faithfulness"]},
        },
        {
            "point": "Re-embed the corpus when the embedder changes",
            "evidence": {"words": ["re-embed", "reindex", "re-index"]},
        },
        {
            "point": "Access control on retrieved documents",
            "evidence": {"words": ["ACL", "access control", "permissions"]},
        },
    ]
    return bp.build()
