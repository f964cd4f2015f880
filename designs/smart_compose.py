"""Gmail Smart Compose: suggest the next few words while a user writes an email.

The chapter's serving path has three parts: a triggering service decides whether a suggestion is
worth computing at all (enough typed context, the user still typing a sentence), a phrase
generator (a decoder-only Transformer) extends the text with beam search, and post-processing
drops suggestions that are low-confidence, too long, offensive or that guess a gendered pronoun.
The model is pretrained on general web text and fine-tuned on anonymised emails; accepted and
ignored suggestions are logged as the online signal.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 2,
"Gmail Smart Compose" (bytebytego.com/courses/genai-system-design-interview/gmail-smart-compose);
Chen et al., "Gmail Smart Compose: Real-Time Assisted Writing" (KDD 2019) on the latency budget,
the language-model architectures and the pronoun filter; Vaswani et al., "Attention Is All You
Need" (NeurIPS 2017); the case-study notes at systemdesigner.net/case-studies/gmail-smart-compose.
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "smart_compose",
        "Gmail Smart Compose",
        summary=(
            "As the user types, the triggering service decides whether to ask for a completion; "
            "the phrase generator, a decoder-only Transformer, extends the email with beam "
            "search and post-processing keeps only confident, short, safe suggestions. The model "
            "is pretrained on web text and fine-tuned on anonymised emails; accepted and ignored "
            "suggestions are logged for evaluation and the next fine-tuning run."
        ),
        sla_ms=100,
    )
    user = bp.add("user", "client", "Email composer", latency_ms=0)
    with bp.group("serving", "Suggestion path (online)"):
        api = bp.add("api", "api_gateway", "Compose API", latency_ms=5)
        trigger = bp.add(
            "triggering_service",
            "app_service",
            "Triggering service",
            latency_ms=2,
            notes="Skips calls mid-word, on short context or after a recent rejection.",
        )
        generator = bp.add(
            "phrase_generator",
            "llm_service",
            "Phrase generator (beam search)",
            latency_ms=45,
            notes="Decoder-only Transformer; input = subject, recipient, previous text.",
        )
        post = bp.add(
            "post_processing",
            "guardrail",
            "Post-processing",
            latency_ms=3,
            notes="Drops low-confidence or long phrases, offensive text, gendered pronouns.",
        )
    with bp.group("data_group", "Training data"):
        web = bp.add("web_text", "data_lake", "General web text")
        emails = bp.add("emails", "data_warehouse", "Anonymised emails")
        prep = bp.add(
            "data_preparation",
            "batch_pipeline",
            "Clean, de-duplicate, BPE-tokenise",
            notes="Removes PII and non-English text; builds the subword vocabulary.",
        )

    user >> link(label="typed prefix + context", latency_ms=25) >> api
    api >> link(label="keystroke event", latency_ms=1) >> trigger
    trigger >> link(label="prefix, subject, recipient", latency_ms=1) >> generator
    generator >> link(label="top beams + scores", latency_ms=1) >> post
    [web, emails] >> link("batch", "raw text") >> prep

    logs = interaction_log(
        bp, feedback_from=[user], feedback_label="suggestions accepted / ignored"
    )
    continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[generator],
        trainer_label="Pretrain, then fine-tune on emails",
        model_label="phrase generator",
    )
    monitoring_stack(bp, observed=[generator])

    bp.frames = [
        ["user", "serving"],
        ["data_group"],
        ["training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Suggest the next few words as the user types; Tab accepts, typing on ignores",
            "Suggest only when confident; no personalisation in the first version",
            "Real time: a suggestion must appear within ~100 ms or it arrives too late",
            "English only; email text stays private (anonymised, no PII in training data)",
        ],
        inputs=["The partial email: typed prefix, subject, recipient, previous message"],
        outputs=["A short phrase completing the current sentence, or nothing"],
        ml_task=(
            "Text generation framed as next-token prediction: a language model conditioned on "
            "the email so far predicts the following tokens, decoded to a short phrase."
        ),
        data=[
            "General web text (books, pages) for pretraining",
            "A large set of anonymised emails for fine-tuning",
            "Logged suggestions with accept/ignore outcome",
        ],
        features=[
            "Subword tokens (byte-pair encoding) of the prefix, subject and recipient",
            "Token and positional embeddings; context truncated to the last few hundred tokens",
        ],
        model=[
            "Decoder-only Transformer (GPT-style) chosen over RNN/LSTM and encoder-decoder",
            "Small enough to answer within the latency budget on accelerators",
        ],
        training=[
            "Pretraining: next-token prediction on web text, cross-entropy loss",
            "Fine-tuning on emails so the model learns email style and structure",
            "Beam search at inference; stop at sentence end or after a few words",
        ],
        offline_metrics=[
            "Perplexity on held-out emails",
            "ExactMatch@N: share of predicted N-word phrases that match what the user wrote",
        ],
        online_metrics=[
            "Acceptance rate of shown suggestions",
            "Usage rate: share of emails where a suggestion was accepted",
            "Average words completed per email; time saved; p95 suggestion latency",
        ],
        serving=[
            "Triggering service cuts load: most keystrokes never reach the model",
            "Beam search with a confidence threshold; post-processing filters the result",
            "Quantisation and caching of the context's key/value states keep latency low",
        ],
        monitoring=[
            "Latency per stage and share of suggestions that arrive too late",
            "Acceptance rate per language and per version; flagged offensive suggestions",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Sampling strategy",
                options=["Greedy search", "Beam search", "Top-k / top-p sampling"],
                choice="Beam search",
                why="Suggestions must be the most likely continuation, not creative; sampling "
                "adds randomness users read as errors.",
            ),
            Tradeoff(
                topic="Model size vs latency",
                options=["Large Transformer", "Small Transformer", "LSTM"],
                choice="Small decoder-only Transformer",
                why="A larger model completes more but misses the ~100 ms budget; too-late "
                "suggestions are worthless.",
            ),
            Tradeoff(
                topic="When to suggest",
                options=["On every keystroke", "Triggering service with confidence threshold"],
                choice="Triggering service plus threshold",
                why="Fewer, better suggestions: wrong ones annoy users and cost compute.",
            ),
        ],
        talking_points=[
            "Latency is a product requirement: a late suggestion is a wrong suggestion",
            "Bias: the model should not guess 'he' or 'she' for a recipient; filter pronouns",
            "Privacy: train on anonymised emails; never let the model memorise addresses",
            "Extensions: personalisation with a small per-user model, more languages",
        ],
        failure_modes=[
            FailureMode(
                component="phrase_generator",
                failure="Suggestion arrives after the user typed on (over 100 ms)",
                detection="p99 latency and share of suggestions shown late",
                mitigation="Small distilled model, caching by prefix, early exit",
            ),
            FailureMode(
                component="triggering_service",
                failure="Suggests too often with low confidence, annoying users",
                detection="Acceptance rate by confidence band",
                mitigation="Raise the confidence threshold; suggest only at word boundaries",
            ),
            FailureMode(
                component="post_processing",
                failure="Biased or offensive suggestions (gendered pronouns)",
                detection="Audits and blocklist hits",
                mitigation="Filter pronouns and sensitive terms; block the suggestion",
            ),
            FailureMode(
                component="data_preparation",
                failure="PII from emails leaks into training",
                detection="PII detector on training samples",
                mitigation="Anonymise and filter rare n-grams; differential privacy",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~220k",
                arithmetic="1.5B users x 50 typing pauses/day / 86,400 s ≈ 870k x 25% confident ≈ "
                "217k",
            ),
            Estimate(
                quantity="Serving GPUs",
                value="~1,100",
                arithmetic="217k calls/s x 5 ms per call ≈ 1,085 GPU-s/s ≈ 1,100 GPUs",
            ),
            Estimate(
                quantity="Log storage",
                value="~2 TB/day",
                arithmetic="20B suggestions x 100 bytes = 2e12 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "A triggering service so most keystrokes never reach the model",
            "evidence": {"words": ["triggering", "keystroke"]},
        },
        {
            "point": "Beam search with a confidence threshold",
            "evidence": {"words": ["confidence threshold"]},
        },
        {
            "point": "Quantisation and cached key/value states for the latency budget",
            "evidence": {"words": ["quantisation", "quantization"]},
        },
        {
            "point": "Fine-tuned on emails after pretraining",
            "evidence": {"words": ["fine-tuning on emails", "email style"]},
        },
        {"point": "Subject and recipient as context", "evidence": {"words": ["recipient"]}},
    ]
    return bp.build()
