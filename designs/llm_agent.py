"""LLM agent: a tool-using assistant that plans, calls tools, remembers, is traced and evaluated.

An LLM planner runs the ReAct-style loop: reason about the task, pick a tool, read the
observation, repeat until done. A tool executor validates each call against its schema, enforces
an allow-list and budgets, runs code in a sandbox, and asks a human to approve irreversible
actions. Short-term memory holds the session's scratchpad; long-term memory is a vector store of
facts and past outcomes. Guardrails screen input and output; every step is traced, and traces
plus user feedback feed offline evaluation that gates new prompt and model versions.

Sources: Anthropic, "Building effective agents" (anthropic.com/research, 2024); OpenAI, "A
practical guide to building agents" (2025) on tools, instructions, guardrails and human
intervention; Yao et al., "ReAct: Synergizing Reasoning and Acting in Language Models" (ICLR
2023); Schick et al., "Toolformer" (NeurIPS 2023); the LangGraph documentation on short-term and
long-term memory (langchain-ai.github.io/langgraph); OpenTelemetry semantic conventions for
generative AI spans (opentelemetry.io); Packer et al., "MemGPT" (2023).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, View, link


def build() -> Design:
    bp = Blueprint(
        "llm_agent",
        "Tool-Using LLM Agent",
        summary=(
            "A task passes the input guardrail; the LLM planner loops over reasoning and tool "
            "calls through a sandboxed tool executor, reading and writing short- and long-term "
            "memory, with a human approving irreversible actions. The output guardrail checks "
            "the answer. Every step is traced; traces and feedback drive offline evaluation, "
            "fine-tuning, and the release of new prompt and model versions."
        ),
    )
    user = bp.add("user", "client", "User (task)")
    with bp.group("agent_loop", "Agent runtime (online)"):
        input_guard = bp.add(
            "input_guardrail",
            "guardrail",
            "Input guardrail",
            notes="Prompt-injection, jailbreak, PII and scope checks.",
        )
        planner = bp.add(
            "planner",
            "llm_service",
            "Planner LLM (ReAct loop)",
            notes="Chooses the next tool call or final answer; step and token budget.",
        )
        executor = bp.add(
            "tool_executor",
            "tool_executor",
            "Tool executor (sandbox)",
            notes="Schema validation, allow-list, timeouts, retries, idempotency keys.",
        )
        tools = bp.add("tools", "app_service", "Tools: search, APIs, code")
        session = bp.add("short_term_memory", "cache", "Short-term memory", tech="Redis")
        long_term = bp.add("long_term_memory", "vector_index", "Long-term memory")
        output_guard = bp.add(
            "output_guardrail",
            "guardrail",
            "Output guardrail",
            notes="Groundedness in tool results, policy and PII checks.",
        )
    approver = bp.add("approver", "human_reviewer", "Human approval")
    # The tracing backend collects every step's spans and keeps them, with users' ratings, as the
    # data evaluation and fine-tuning read; the registry it all ends in versions prompts too.
    tracing = bp.add("tracing", "monitoring", "Traces & feedback", tech="OpenTelemetry")
    with bp.group("evaluation_group", "Evaluation & fine-tuning (offline)"):
        evaluation = bp.add(
            "evaluation",
            "evaluation_pipeline",
            "Offline evals",
            notes="Golden tasks with expected outcomes, graded by rules and an LLM judge.",
        )
        finetune = bp.add("fine_tuning", "training_pipeline", "Fine-tuning")
    registry = bp.add("registry", "model_registry", "Prompt & model registry")

    user >> link(label="task") >> input_guard
    input_guard >> link(label="safe task") >> planner
    planner >> link(label="tool call") >> executor
    executor >> link(label="validated call") >> tools
    planner >> link(label="scratchpad") >> session
    planner >> link(label="recall / store") >> long_term
    planner >> link(label="draft answer") >> output_guard
    executor >> link("async", "irreversible action?") >> approver
    approver >> link("async", "approve / reject") >> executor
    for step in (planner, executor, output_guard):
        step >> link("observe", "spans, cost") >> tracing
    user >> link("feedback", "ratings") >> tracing
    tracing >> link("batch", "graded trajectories") >> finetune
    tracing >> link("batch", "regression cases") >> evaluation
    finetune >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "release gate") >> registry
    registry >> link("deploy", "model + prompt") >> planner

    bp.frames = [
        ["user", "input_guardrail", "planner", "output_guardrail"],
        ["tool_executor", "tools", "approver"],
        ["short_term_memory", "long_term_memory"],
        ["tracing", "evaluation_group", "registry"],
    ]
    # The loop that improves the agent, on a slide of its own.
    bp.views = [
        View(
            id="observability",
            title="Tracing & evaluation",
            include=["tracing", "evaluation_group", "registry"],
        )
    ]
    bp.card = Card(
        requirements=[
            "Complete multi-step tasks (research, tickets, data lookups) with tools",
            "Never take an irreversible action (payment, email, delete) without approval",
            "Bounded cost and time: step, token and tool-call budgets per task",
            "Every run traceable and replayable; quality measured before each release",
        ],
        inputs=["A task in natural language, the conversation, the user's permissions"],
        outputs=["A final answer or completed actions, with the trace of steps taken"],
        ml_task=(
            "Sequential decision making with an LLM policy: at each step choose a tool and its "
            "arguments or answer, conditioned on the task, memory and past observations."
        ),
        data=[
            "Tool schemas and descriptions; system instructions",
            "Traces: prompts, tool calls, observations, costs, outcomes",
            "Golden task set with expected outcomes; user ratings and corrections",
        ],
        features=[
            "Context assembly: instructions, task, recent steps, retrieved memories",
            "Long-term memories embedded and retrieved by similarity and recency",
        ],
        model=[
            "A tool-calling LLM as planner (function calling / structured output)",
            "Smaller models for routing and guardrail classification",
        ],
        training=[
            "Prompt and tool-description iteration against the eval suite first",
            "Fine-tune on successful, graded trajectories (and preference pairs) later",
        ],
        offline_metrics=[
            "Task success rate on golden tasks; tool-call accuracy (right tool, valid args)",
            "Trajectory efficiency: steps, tokens and cost per solved task",
            "Safety: injection resistance, policy violations on red-team sets",
        ],
        online_metrics=[
            "Task completion and user acceptance; escalation to humans",
            "Approval rejection rate; p95 time and cost per task",
        ],
        serving=[
            "Loop with budgets and a stop condition; retries with backoff on tool errors",
            "Sandboxed code execution; least-privilege credentials per tool",
        ],
        monitoring=[
            "Traces per step: latency, tokens, errors, loops detected",
            "Guardrail block rates; drift in task mix and tool failure rates",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Workflow vs autonomous agent",
                options=["Fixed workflow (prompt chain, router)", "Open-ended agent loop"],
                choice="Workflow where the steps are known; agent loop only for open tasks",
                why="Workflows are cheaper, faster and predictable; agents trade that for "
                "flexibility.",
            ),
            Tradeoff(
                topic="Single agent vs multi-agent",
                options=["One agent with many tools", "Manager with specialist agents"],
                choice="One agent until tool choice degrades",
                why="Multi-agent systems multiply coordination failures and cost.",
            ),
            Tradeoff(
                topic="Memory",
                options=["Full history in context", "Summaries + vector memory"],
                choice="Short-term scratchpad, summarised; long-term vector memory",
                why="Long contexts cost more and bury the signal; retrieval keeps it focused.",
            ),
        ],
        talking_points=[
            "Tools are APIs: strict schemas, validation, idempotency and timeouts",
            "Tool outputs are untrusted input: indirect prompt injection",
            "Evaluate trajectories, not just final answers; replay traces as regression tests",
            "Human in the loop for irreversible or high-risk actions",
        ],
        failure_modes=[
            FailureMode(
                component="planner",
                failure="Loops without progress, burning tokens",
                detection="Steps per task and budget exhaustion rate",
                mitigation="Step, token and time budgets; stop and hand back to the user",
            ),
            FailureMode(
                component="tool_executor",
                failure="A tool call fails or returns garbage",
                detection="Tool error rate and schema-validation failures",
                mitigation="Retries with backoff; validate outputs; fall back to asking the user",
            ),
            FailureMode(
                component="approver",
                failure="Irreversible action taken without approval",
                detection="Audit of action logs against approval records",
                mitigation="Hard gate in the executor: irreversible tools require an approval "
                "token",
            ),
            FailureMode(
                component="input_guardrail",
                failure="Prompt injection from tool results or documents",
                detection="Red-team suites; flagged traces",
                mitigation="Treat tool output as data; output guardrail; least-privilege tools",
            ),
            FailureMode(
                component="long_term_memory",
                failure="Stale or wrong memories steer later tasks",
                detection="Memory hit precision on sampled traces",
                mitigation="Expire memories; cite their source; let users delete them",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Tasks per second",
                value="~120",
                arithmetic="10M tasks/day / 86,400 s ≈ 116",
            ),
            Estimate(
                quantity="LLM calls per second",
                value="~1.2k",
                arithmetic="116 tasks/s x 10 steps per task",
            ),
            Estimate(
                quantity="Tokens per day",
                value="~40B",
                arithmetic="10M tasks x 10 steps x 400 new tokens per step = 4e10",
            ),
            Estimate(
                quantity="Trace storage",
                value="~2 TB/day",
                arithmetic="10M tasks x 200 KB of trace each = 2e12 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "A tool-calling LLM planning step by step",
            "evidence": {"words": ["tool-calling", "function calling"]},
        },
        {
            "point": "Sandboxed tool execution with least privilege",
            "evidence": {"kinds": ["tool_executor"], "words": ["sandboxed", "least-privilege"]},
        },
        {
            "point": "Budgets and a stop condition on the loop",
            "evidence": {"words": ["stop condition"]},
        },
        {
            "point": "Long-term memory retrieved by similarity and recency",
            "evidence": {"words": ["long-term memories", "memories"]},
        },
        {"point": "An eval suite of graded trajectories", "evidence": {"words": ["trajectories"]}},
    ]
    return bp.build()
