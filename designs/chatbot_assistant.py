"""ChatGPT-style personal assistant: a chatbot that answers, explains and writes on request.

The chapter's design: the conversation passes a safety filter, a prompt enhancer adds the
conversation history and instructions, a response generator (a decoder-only LLM) samples the
answer with top-p, and a response safety evaluator checks it before it is streamed; blocked
inputs or outputs get a canned refusal from a rejection response generator. The model is trained
in three stages: pretraining on web-scale text, supervised fine-tuning on demonstration data, and
RLHF with a reward model trained on human preference comparisons.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 4,
"ChatGPT: Personal Assistant Chatbot" (bytebytego.com/courses/genai-system-design-interview/
chatgpt-personal-assistant-chatbot); Ouyang et al., "Training language models to follow
instructions with human feedback" (InstructGPT, NeurIPS 2022); Holtzman et al., "The Curious Case
of Neural Text Degeneration" (ICLR 2020) on top-p sampling; Zheng et al., "Judging LLM-as-a-Judge
with MT-Bench and Chatbot Arena" (NeurIPS 2023); Alex Xu and Ali Aminian's ByteByteGo post on how
ChatGPT answers a prompt (input and output moderation, template responses).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "chatbot_assistant",
        "ChatGPT-like Personal Assistant",
        summary=(
            "A message passes the safety filter; the prompt enhancer adds history and system "
            "instructions; the LLM samples a response with top-p; the response safety evaluator "
            "checks it, and blocked turns get a refusal. The LLM is pretrained on web text, "
            "fine-tuned on demonstrations and aligned with RLHF; ratings feed the next round."
        ),
    )
    user = bp.add("user", "client", "User")
    with bp.group("serving", "Chat path (online)"):
        input_filter = bp.add("safety_filter", "guardrail", "Safety filter (prompt)")
        enhancer = bp.add(
            "prompt_enhancer",
            "app_service",
            "Prompt enhancer",
            notes="Adds system instructions and the conversation history; fixes typos.",
        )
        history = bp.add("session_store", "nosql_db", "Conversation history")
        llm = bp.add(
            "response_generator",
            "llm_service",
            "Response generator (LLM, top-p)",
            notes="Decoder-only Transformer; tokens streamed as they are sampled.",
        )
        output_filter = bp.add("response_safety", "guardrail", "Response safety evaluator")
        refusal = bp.add("rejection_generator", "app_service", "Rejection response generator")
    with bp.group("training_group", "Training (three stages)"):
        web = bp.add("web_corpus", "data_lake", "Web-scale text")
        pretrain = bp.add("pretraining", "training_pipeline", "1. Pretraining (next token)")
        labelers = bp.add("labelers", "annotator", "Human labelers")
        human_data = bp.add("alignment_data", "data_warehouse", "Demonstrations & preference pairs")
        post_train = bp.add(
            "post_training",
            "training_pipeline",
            "2. SFT  3. RLHF (reward model + PPO)",
        )
        evaluation = bp.add("evaluation", "evaluation_pipeline", "Benchmarks & safety evals")
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")

    user >> link(label="message") >> input_filter
    input_filter >> link(label="safe message") >> enhancer
    input_filter >> link(label="unsafe") >> refusal
    enhancer >> link(label="history") >> history
    enhancer >> link(label="enhanced prompt") >> llm
    llm >> link(label="response") >> output_filter
    output_filter >> link(label="unsafe") >> refusal
    web >> link("batch", "tokens") >> pretrain
    pretrain >> link("batch", "base model") >> post_train
    labelers >> link("batch", "write & rank responses") >> human_data
    human_data >> link("batch", "SFT + comparisons") >> post_train
    post_train >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    registry >> link("deploy", "chat model") >> llm

    logs = interaction_log(bp, feedback_from=[user], feedback_label="thumbs, regenerations")
    logs.lake >> link("batch", "rated conversations") >> human_data
    monitoring_stack(bp, observed=[llm])
    output_filter >> link("observe", "blocked responses") >> bp.node("monitoring")

    bp.frames = [
        ["user", "safety_filter", "prompt_enhancer", "session_store"],
        ["response_generator", "response_safety", "rejection_generator"],
        ["web_corpus", "pretraining"],
        ["labelers", "alignment_data", "post_training", "evaluation", "model_registry"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Multi-turn chat in English: answer questions, explain, write and summarise",
            "Safe and unbiased: refuse harmful requests, never produce unsafe content",
            "Responses streamed token by token; context of the whole conversation",
            "No web access or tool use in the base design",
        ],
        inputs=["The user's message and the conversation so far"],
        outputs=["A helpful, harmless response, streamed"],
        ml_task=(
            "Text generation: a decoder-only LLM predicts the next token of the response given "
            "the enhanced prompt; alignment turns a text completer into an assistant."
        ),
        data=[
            "Pretraining: trillions of tokens of web pages, books, code (filtered, de-duplicated)",
            "Demonstration data: prompts with responses written by labelers (~10-100k)",
            "Preference data: labelers rank several responses to one prompt",
        ],
        features=[
            "Byte-pair-encoded tokens; system instructions and history in the prompt",
            "Context window management: summarise or truncate old turns",
        ],
        model=[
            "Decoder-only Transformer (GPT-style), billions of parameters",
            "Reward model: the SFT model with a scalar head, trained on comparisons",
        ],
        training=[
            "Stage 1 pretraining: next-token prediction, cross-entropy",
            "Stage 2 supervised fine-tuning on demonstrations",
            "Stage 3 RLHF: reward model on preference pairs, then PPO with a KL penalty",
        ],
        offline_metrics=[
            "Perplexity (pretraining)",
            "Task benchmarks: MMLU-style knowledge, reasoning, code",
            "Safety benchmarks (toxicity, bias); human side-by-side ratings",
        ],
        online_metrics=[
            "Thumbs-up rate and regeneration rate",
            "Conversation length, daily active users, retention",
            "Leaderboard rating (pairwise human votes, Elo-style)",
        ],
        serving=[
            "Top-p sampling with temperature; stop tokens; streaming",
            "Input and output moderation with a template refusal",
            "KV cache and batching across users to serve the LLM economically",
        ],
        monitoring=[
            "Latency to first token and tokens per second; GPU utilisation",
            "Share of blocked prompts and responses; reported harmful answers",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Sampling",
                options=["Greedy / beam search", "Top-k", "Top-p with temperature"],
                choice="Top-p with temperature",
                why="Chat needs varied, natural text; deterministic decoding repeats itself.",
            ),
            Tradeoff(
                topic="Alignment method",
                options=["SFT only", "SFT + RLHF", "SFT + DPO"],
                choice="SFT + RLHF",
                why="Ranking responses is easier for labelers than writing ideal ones, and the "
                "reward model generalises those preferences.",
            ),
        ],
        talking_points=[
            "Each training stage has its own data: scale first, then quality, then preference",
            "Safety lives both in training (RLHF) and around the model (filters)",
            "Hallucination is the main failure: extensions add retrieval and tools",
        ],
        failure_modes=[
            FailureMode(
                component="response_generator",
                failure="Hallucinated facts stated confidently",
                detection="Sampled human review and factuality evals on every release",
                mitigation="RLHF for honesty, refusal when unsure; cite sources when tools are "
                "added",
            ),
            FailureMode(
                component="safety_filter",
                failure="Jailbreak prompts pass the input filter",
                detection="Red-team suites and flagged conversations per 1k",
                mitigation="Retrain the filter on new attacks; output-side safety as a second line",
            ),
            FailureMode(
                component="session_store",
                failure="Long conversations exceed the context window",
                detection="Share of requests truncated; quality of turns past 20",
                mitigation="Summarise old turns; keep the system prompt and recent turns verbatim",
            ),
            FailureMode(
                component="post_training",
                failure="Reward hacking: verbose, sycophantic answers",
                detection="Length and preference-win-rate drift on a held-out eval set",
                mitigation="Length-penalised reward, fresh preference data, KL penalty to the SFT "
                "model",
            ),
            FailureMode(
                component="monitoring",
                failure="GPU saturation makes time-to-first-token spike",
                detection="p99 time to first token and queue depth",
                mitigation="Autoscale replicas, continuous batching, shed load with a polite retry "
                "message",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Requests per second",
                value="~12k",
                arithmetic="100M daily users x 10 messages = 1B / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="Generated tokens per second",
                value="~6M",
                arithmetic="11.6k requests/s x 500 tokens per answer ≈ 5.8M",
            ),
            Estimate(
                quantity="GPUs for serving",
                value="~2,000",
                arithmetic="5.8M tokens/s / 3,000 tokens/s per GPU ≈ 1,930",
            ),
            Estimate(
                quantity="Conversation storage",
                value="~4 TB/day",
                arithmetic="1B messages x 4 KB (prompt + answer) = 4e12 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Pretraining, supervised fine-tuning, then RLHF",
            "evidence": {"words": ["RLHF", "PPO"]},
        },
        {
            "point": "A reward model trained on preference comparisons",
            "evidence": {"words": ["reward model"]},
        },
        {
            "point": "Supervised fine-tuning on demonstrations",
            "evidence": {"words": ["demonstrations", "SFT"]},
        },
        {
            "point": "Input and output moderation with a refusal",
            "evidence": {
                "kinds": ["guardrail"],
                "words": ["input and output moderation", "template refusal"],
            },
        },
        {
            "point": "Context window management over the conversation",
            "evidence": {"words": ["context window", "truncate old turns"]},
        },
    ]
    return bp.build()
