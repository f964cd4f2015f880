"""Retrieval-augmented generation over a company's documents, after chapter 6 of Aminian & Xu's
*Generative AI System Design Interview* ("Retrieval-Augmented Generation").

Indexing (offline): documents are parsed (layout detection and OCR for PDFs, so tables and figures
survive), split into text and image chunks, and both are embedded by one text-image encoder pair
into a shared space and upserted into a vector index. Query (online): a safety filter screens the
question, query expansion rewrites it (and adds sub-queries), the retriever embeds it with the same
text encoder and runs approximate nearest-neighbour search, keeping only the chunks the user may
read; prompt engineering (instructions, few-shot examples, chain-of-thought, the top chunks) builds
one prompt, the hosted LLM answers with citations, and a second safety filter checks the answer.
Ratings and logged answers feed the RAG evaluation triad (context relevance, faithfulness, answer
relevance) and the fine-tuning of the encoders, which is all this system trains.

The LLM and the query-expansion model are a provider's hosted models (`hosted: true`): nothing
here deploys them, but they are monitored, and a new model version goes through the triad before
it is pinned. Hybrid BM25 search and a cross-encoder re-ranker are extensions the chapter does not
use; they are left out and named in the trade-offs.

Sources: Aminian & Xu, *Generative AI System Design Interview*, ch. 6; Lewis et al.,
"Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks" (NeurIPS 2020); Radford et al.,
"Learning Transferable Visual Models From Natural Language Supervision" (CLIP, 2021); Es et al.,
"RAGAS: Automated Evaluation of Retrieval Augmented Generation" (2023); TruLens, "The RAG Triad".
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import indexing_pipeline, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "rag_pipeline",
        "Retrieval-Augmented Generation (RAG)",
        summary=(
            "Offline, documents are parsed, chunked into text and image chunks, embedded and "
            "upserted into a vector index. Online, a question passes a safety filter and query "
            "expansion, the retriever finds the nearest chunks the user may read, prompt "
            "engineering builds the prompt, a hosted LLM writes a cited answer and a second "
            "safety filter checks it. Ratings drive the RAG triad evaluation and the "
            "fine-tuning of the encoders."
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
            "Safety filter (question)",
            latency_ms=20,
            notes="Prompt-injection, PII and topic filters on the question.",
        )
        expansion = bp.add(
            "query_expansion",
            "llm_service",
            "Query expansion (LLM)",
            latency_ms=300,
            hosted=True,
            notes="Rewrites the question with the conversation and adds sub-queries.",
        )
        retriever = bp.add(
            "retriever",
            "retriever",
            "Retriever (ANN, ACL filter)",
            latency_ms=5,
            notes="Keeps only chunks whose ACL metadata lets this user read them.",
        )
    # What both paths share: one text-image encoder pair (the text encoder serves questions online
    # and text chunks offline) and the index the offline path writes and the online path searches.
    with bp.group("models_group", "Encoders & index"):
        query_embedder = bp.add(
            "query_embedder", "embedding_service", "Text encoder (query)", latency_ms=10
        )
        index = bp.add("vector_index", "vector_index", "Vector index", latency_ms=15, tech="Qdrant")
        doc_embedder = bp.add(
            "doc_embedder",
            "embedding_service",
            "Text & image encoders",
            plane="offline",
            notes="CLIP-style pair: text chunks and images land in the query's space.",
        )
    with bp.group("generation_path", "Generation (online)"):
        prompt = bp.add(
            "prompt_builder",
            "app_service",
            "Prompt engineering",
            latency_ms=5,
            notes="Instructions, few-shot examples, chain-of-thought, top-5 chunks, question.",
        )
        llm = bp.add(
            "llm",
            "llm_service",
            "LLM (hosted API)",
            latency_ms=1500,
            hosted=True,
            notes="A provider's pinned model version; answers cite chunk ids.",
        )
        output_guard = bp.add(
            "output_guardrail",
            "guardrail",
            "Safety filter (answer)",
            latency_ms=30,
            notes="Groundedness check against the retrieved chunks; toxicity and PII filters.",
        )
    with bp.group("indexing_path", "Indexing path (offline)"):
        documents = bp.add("documents", "object_storage", "Company documents", tech="S3")
        parser = bp.add(
            "parser",
            "batch_pipeline",
            "Document parsing (layout, OCR)",
            notes="AI-based parsing: detects text blocks, tables and figures in PDFs and pages.",
        )
        chunker = bp.add(
            "chunker",
            "batch_pipeline",
            "Chunking (text & image)",
            notes="~512-token text chunks with overlap; figures as image chunks; ACLs kept.",
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
    with bp.group("training_group", "Evaluation & fine-tuning"):
        evaluation = bp.add(
            "evaluation",
            "evaluation_pipeline",
            "RAG triad evaluation",
            notes="Context relevance, faithfulness, answer relevance; LLM-as-judge + golden set.",
        )
        trainer = bp.add("training", "training_pipeline", "Fine-tune encoders")
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")

    user >> link(label="question", latency_ms=50) >> api
    api >> input_guard
    input_guard >> expansion
    expansion >> link(label="expanded query") >> retriever
    retriever >> link(label="embed") >> query_embedder
    retriever >> link(label="ANN") >> index
    retriever >> link(label="top-5 chunks") >> prompt
    prompt >> link(label="prompt") >> llm
    llm >> link(label="answer") >> output_guard
    documents >> link("batch", "raw files") >> parser
    parser >> link("batch", "blocks, tables, figures") >> chunker
    logs.lake >> link("batch", "rated answers") >> evaluation
    logs.lake >> link("batch", "training pairs") >> trainer
    trainer >> link("batch", "candidate encoders") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    registry >> link("deploy", "text encoder") >> query_embedder
    registry >> link("deploy", "encoders") >> doc_embedder
    monitoring_stack(bp, observed=[query_embedder, doc_embedder, expansion, llm], group=None)

    bp.frames = [
        ["user", "api", "input_guardrail", "query_expansion", "retriever", "query_embedder"],
        ["vector_index", "prompt_builder", "llm", "output_guardrail"],
        ["indexing_path", "doc_embedder"],
        ["logging_group", "training_group"],
        ["monitoring"],
    ]
    bp.compare_with = ["chatbot_assistant"]
    bp.card = Card(
        narration=(
            "A user's question passes the safety filter, query expansion rewrites it, and the "
            "retriever embeds it with the text encoder and searches the vector index, keeping "
            "chunks the user may read. Prompt engineering puts instructions, few-shot examples "
            "and the top chunks into one prompt for the hosted LLM, and a second safety filter "
            "checks the cited answer. Offline, company documents pass document parsing and "
            "chunking, the text and image encoders embed the chunks and upsert them; ratings feed "
            "the RAG triad evaluation and the fine-tuning of the encoders, deployed from the "
            "model registry."
        ),
        requirements=[
            "Answer employees' questions over the company's documents (wiki pages, PDFs with "
            "tables and figures), grounded and cited; millions of chunks",
            "Full answer within 3 s; the LLM call dominates the budget",
            "New or changed documents searchable within hours",
            "Answers only from documents the user may read; no prompt injection or PII leaks",
        ],
        inputs=["A natural-language question (and conversation history)"],
        outputs=["An answer with citations to the retrieved chunks (text or figures)"],
        ml_task=(
            "Retrieval (embedding search over text and image chunks in one space) followed by "
            "conditional generation grounded in the retrieved context."
        ),
        data=[
            "Company documents: wiki pages, PDFs, slides, with access-control metadata",
            "Logged questions, retrieved chunks, answers and user ratings",
            "A golden set of question, relevant chunks and reference answer for evaluation",
        ],
        features=[
            "Parsed documents: AI-based layout parsing keeps tables and figures, OCR for scans",
            "Text chunks of ~512 tokens with overlap; figures as image chunks; ACLs on each",
            "Embeddings of text chunks, image chunks and questions in one shared space",
        ],
        model=[
            "A CLIP-style text encoder and image encoder, trained contrastively, for retrieval",
            "Approximate nearest-neighbour search (HNSW) over the vector index",
            "A hosted instruction-tuned LLM for query expansion and for the answer",
            "Prompt engineering: instructions, few-shot examples, chain-of-thought, the top chunks",
        ],
        training=[
            "No LLM training: RAG keeps knowledge in the index, so new documents need no retrain",
            "Fine-tune the encoders on rated answers' cited chunks, with hard negatives",
            "Re-embed the whole corpus whenever the encoders change",
        ],
        offline_metrics=[
            "The RAG triad: context relevance (precision and recall of retrieved chunks), "
            "faithfulness (claims supported by them) and answer relevance",
            "Retrieval alone: recall@k and MRR on the golden set",
        ],
        online_metrics=[
            "User satisfaction: thumbs-up rate and survey scores",
            "Answer acceptance and follow-up question rate; share of abstentions",
            "Latency p95 and cost per answer",
        ],
        serving=[
            "Expand the question, retrieve the top 5 chunks, build the prompt, generate; stream "
            "tokens to the user",
            "Query and document embeddings must come from the same encoder version",
        ],
        monitoring=[
            "Latency and errors per stage; LLM token usage and cost",
            "Drift in question topics; rising rate of 'no relevant chunk' answers",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Knowledge in the prompt vs in the weights",
                options=["RAG", "Fine-tune the LLM on the corpus"],
                choice="RAG",
                why="Fresh documents without retraining, citations, and per-user access control.",
            ),
            Tradeoff(
                topic="Document parsing",
                options=["Rule-based parsing (text extraction)", "AI-based layout parsing"],
                choice="AI-based layout parsing",
                why="PDFs carry tables and figures that plain text extraction scrambles.",
            ),
            Tradeoff(
                topic="Chunk size",
                options=["Small chunks (~128 tokens)", "Large chunks (~1k tokens)"],
                choice="~512 tokens with overlap",
                why="Small chunks retrieve precisely but lose context; large ones dilute it.",
            ),
            Tradeoff(
                topic="Retrieval extensions",
                options=["ANN search only", "Add BM25 hybrid search and a cross-encoder"],
                choice="ANN search, with query expansion",
                why="The chapter's design: expansion recovers recall cheaply; BM25 and "
                "re-ranking add latency and components, worth it only if the triad shows "
                "retrieval misses names and codes.",
            ),
        ],
        talking_points=[
            "Two paths share one encoder: re-embed everything when it changes",
            "Evaluate with the triad: a bad answer is often bad context, not a bad LLM",
            "Prompt engineering (few-shot, chain-of-thought) before any fine-tuning",
            "Safety filters on both sides: injection comes in, hallucination and PII go out",
        ],
        failure_modes=[
            FailureMode(
                component="retriever",
                failure="Relevant chunk not retrieved, so the answer is ungrounded",
                detection="Recall@k on a labelled question set",
                mitigation="Query expansion with sub-queries; better parsing and chunking",
            ),
            FailureMode(
                component="llm",
                failure="Answer includes claims not supported by the chunks",
                detection="Faithfulness eval (claims vs citations) on samples",
                mitigation="Instruct to cite; refuse when evidence is missing; lower temperature",
            ),
            FailureMode(
                component="parser",
                failure="A PDF table parsed as scrambled text, so quoted figures are wrong",
                detection="Faithfulness failures clustered on table-heavy documents",
                mitigation="Layout-aware parsing; tables kept whole as chunks; figures as images",
            ),
            FailureMode(
                component="input_guardrail",
                failure="Prompt injection hidden in documents",
                detection="Planted injection strings in test documents; answers that obey them",
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
                inputs={"questions_per_day": 1e07, "seconds_per_day": 86400},
                formula="questions_per_day / seconds_per_day",
                result=120,
            ),
            Estimate(
                quantity="Index size",
                value="~15 GB",
                arithmetic="5M chunks x 768 floats x 4 bytes = 1.5e10 bytes",
                inputs={"chunks": 5e06, "dimensions": 768, "bytes_per_float": 4},
                formula="chunks * dimensions * bytes_per_float",
                result=1.5e10,
            ),
            Estimate(
                quantity="LLM tokens per second",
                value="~470k",
                arithmetic="116 QPS x (3,500 prompt + 500 answer) tokens",
                inputs={"qps": 116, "prompt_tokens": 3500, "answer_tokens": 500},
                formula="qps * (prompt_tokens + answer_tokens)",
                result=470000,
            ),
            Estimate(
                quantity="Re-embedding per day",
                value="~250k chunks",
                arithmetic="5M chunks x 5% changed per day",
                inputs={"chunks": 5e06, "changed_share": 0.05},
                formula="chunks * changed_share",
                result=250000,
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
                "words": ["same encoder", "same model version", "dense embedding", "bi-encoder"],
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
