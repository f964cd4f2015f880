"""LLM inference serving: route requests, batch them continuously, cache KV and prefixes, scale.

A platform serving open-weights LLMs to many applications. The gateway authenticates and enforces
token quotas; a router picks the model pool (a small model for simple requests, a large one for
the rest) and, within a pool, the replica that already holds the request's prompt prefix in its
cache, else the least loaded. Each replica runs an engine with continuous batching (requests join
and leave the running batch at every decode step, instead of waiting for a whole batch to finish)
and a paged KV cache, so memory is not reserved for the longest possible answer; a prefix cache
keeps the KV of shared system prompts and conversation history. Time to first token (prefill) and
time per output token (decode) are the latency figures; an autoscaler adds replicas on queue depth
and KV-cache use, since GPU utilisation alone hides memory pressure. Weights are quantised and
compiled once, registered, and rolled out replica by replica.

Sources: Kwon et al., "Efficient Memory Management for Large Language Model Serving with
PagedAttention" (vLLM, SOSP 2023); Yu et al., "Orca: A Distributed Serving System for
Transformer-Based Generative Models" (OSDI 2022) on iteration-level (continuous) batching; Zheng
et al., "SGLang: Efficient Execution of Structured Language Model Programs" (RadixAttention prefix
caching, 2024); Patel et al., "Splitwise: Efficient Generative LLM Inference Using Phase
Splitting" (ISCA 2024); Anyscale, "How continuous batching enables 23x throughput in LLM
inference while reducing p50 latency" (anyscale.com blog, 2023); Ainslie et al., "GQA: Training
Generalized Multi-Query Transformer Models from Multi-Head Checkpoints" (EMNLP 2023).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "llm_inference_serving",
        "LLM Inference Serving",
        summary=(
            "A gateway enforces auth and token quotas, a prefix-aware router picks a model pool "
            "and a replica, and replicas serve with continuous batching over a paged KV cache "
            "with prefix caching. An autoscaler follows queue depth and KV use; quantised, "
            "compiled weights roll out from a registry. The budget is time to first token."
        ),
        # Time to first token: the synchronous part of a streamed answer.
        sla_ms=500,
    )
    apps = bp.add("apps", "client", "Applications (chat, API)", latency_ms=0)
    with bp.group("edge", "Admission"):
        gateway = bp.add(
            "gateway",
            "api_gateway",
            "API gateway (auth, token quotas)",
            latency_ms=5,
            notes="Per-tenant rate and token limits; rejects early rather than queue forever.",
        )
        router = bp.add(
            "router",
            "traffic_router",
            "Router (model pool, prefix-aware)",
            latency_ms=2,
            notes="Hashes the prompt prefix to the replica that caches it; else least KV use.",
        )
        queue = bp.add("request_queue", "message_queue", "Per-pool request queues")
    with bp.group("pools", "Model pools (GPU)"):
        small = bp.add(
            "small_pool",
            "llm_service",
            "Small model replicas",
            latency_ms=80,
            tech="vLLM",
            notes="A distilled model for classification, extraction and short answers.",
        )
        large = bp.add(
            "large_pool",
            "llm_service",
            "Large model replicas",
            latency_ms=350,
            tech="vLLM",
            notes="Continuous batching; paged KV cache; 350 ms = prefill of a 2k-token prompt.",
        )
        kv = bp.add(
            "kv_cache",
            "cache",
            "KV & prefix cache (GPU HBM)",
            latency_ms=1,
            notes="Paged blocks; shared prefixes (system prompts, history) kept in a radix tree.",
        )
        autoscaler = bp.add(
            "autoscaler",
            "app_service",
            "Autoscaler",
            plane="nearline",
            notes=(
                "Scales on queue depth and KV-cache use; keeps warm spares (weights load slowly)."
            ),
        )
    with bp.group("release", "Model release"):
        checkpoints = bp.add("checkpoints", "object_storage", "Open-weights checkpoints", tech="S3")
        compile_ = bp.add(
            "quantise_compile",
            "ci_pipeline",
            "Quantise & compile",
            notes="FP8/INT4 weights, fused kernels; eval and load tests gate the build.",
        )
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")

    apps >> link(label="prompt (streamed reply)", latency_ms=30) >> gateway
    gateway >> link(latency_ms=1) >> router
    router >> link(label="long or hard", latency_ms=1) >> large
    router >> link(label="simple", latency_ms=1) >> small
    large >> link(label="KV blocks", latency_ms=1) >> kv
    router >> link("async", "overflow") >> queue
    queue >> link("async", "admit when KV frees") >> large
    checkpoints >> link("batch", "weights") >> compile_
    compile_ >> link("deploy", "compiled model") >> registry
    registry >> link("deploy", "rolling update") >> large
    registry >> link("deploy", "rolling update") >> small
    watch = monitoring_stack(bp, observed=[large, small, router])
    watch.monitor >> link("observe", "queue depth, KV use") >> autoscaler
    autoscaler >> link("async", "add / drain replicas") >> large
    autoscaler >> link("async", "add / drain replicas") >> small

    bp.frames = [
        ["apps", "edge", "large_pool", "kv_cache"],
        ["small_pool", "request_queue", "autoscaler"],
        ["release"],
        ["monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "Applications send a prompt to the API gateway, which checks auth and token quotas; "
            "the router sends long or hard requests to the large model replicas and simple ones "
            "to the small model replicas, preferring the replica whose KV and prefix cache "
            "already holds the prompt's prefix. Requests that do not fit wait in the per-pool "
            "request queues, and the autoscaler adds or drains replicas on queue depth and KV "
            "use read from monitoring. Open-weights checkpoints are quantised and compiled, "
            "registered in the model registry and rolled out replica by replica."
        ),
        requirements=[
            "Serve several open-weights LLMs to internal apps and API customers",
            "Time to first token p95 under 500 ms; 30-50 output tokens/s per stream",
            "Maximise tokens per GPU-second: GPUs are the cost",
            "Fair across tenants: quotas, no tenant starves another",
        ],
        inputs=["A prompt (system prompt, history, user message), the model and sampling options"],
        outputs=["A streamed completion, token by token, with usage counts"],
        ml_task=(
            "No model is trained here: the task is serving autoregressive inference efficiently "
            "(prefill of the prompt, then one decode step per token) under latency targets."
        ),
        data=[
            "Request logs: prompt and output lengths, TTFT, tokens per second, tenant",
            "Load-test traces replaying the real length distribution",
        ],
        features=[
            "Routing signals: prompt length, prefix hash, requested model, tenant priority",
            "Scaling signals: queue depth, KV-cache use, TTFT and time per output token",
        ],
        model=[
            "A large model (tens of B parameters) and a distilled small one",
            "Grouped-query attention shrinks the KV cache; FP8 or INT4 weights",
        ],
        training=[
            "None here: checkpoints arrive trained; the release path quantises, compiles, "
            "evaluates (quality must not drop after quantisation) and load-tests",
        ],
        offline_metrics=[
            "Quality after quantisation vs the full-precision model on an eval suite",
            "Throughput (tokens/s per GPU) at the target TTFT in load tests",
        ],
        online_metrics=[
            "Time to first token and time per output token, p50 / p95 per tenant",
            "Goodput: tokens/s served within the latency targets; cost per 1M tokens",
            "Rejection (429) rate and queue wait",
        ],
        serving=[
            "Continuous batching: new requests join the running batch every decode step",
            "Paged KV cache: memory grows with the tokens actually generated",
            "Prefix caching: shared system prompts and chat history prefilled once",
            "Prefill and decode can run on separate pools when long prompts stall decoding",
        ],
        monitoring=[
            "TTFT, tokens/s, KV-cache use and preemptions per replica",
            "GPU memory and utilisation; queue depth per pool; errors per model version",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Batching",
                options=["Static batches", "Dynamic batching (wait to fill)", "Continuous"],
                choice="Continuous batching",
                why="Answers differ in length by 10x; static batches wait for the longest, "
                "continuous batching refills a slot the moment a sequence ends.",
            ),
            Tradeoff(
                topic="Scaling signal",
                options=["GPU utilisation", "Queue depth and KV-cache use"],
                choice="Queue depth and KV-cache use",
                why="A GPU is 'busy' at any batch size; memory for KV is what runs out, and "
                "queue wait is what users feel.",
            ),
            Tradeoff(
                topic="Prefill and decode",
                options=["Same replicas", "Disaggregated pools"],
                choice="Same replicas, chunked prefill; split when prompts grow long",
                why="Splitting needs KV transfer between pools; chunking prefill keeps decode "
                "steps smooth until prompts are routinely very long.",
            ),
        ],
        talking_points=[
            "Two latencies: TTFT (prefill, prompt-bound) and time per token (decode, memory-bound)",
            "KV cache size = 2 x layers x KV heads x head dim x bytes, per token",
            "Cold start: loading 100 GB of weights takes minutes, so keep warm spares",
            "Route by prefix to turn shared prompts into cache hits",
        ],
        failure_modes=[
            FailureMode(
                component="kv_cache",
                failure="Long prompts exhaust KV blocks, so running sequences are preempted",
                detection="Preemption and recompute counts per replica",
                mitigation="Admission by free KV blocks; cap context per tenant; chunked prefill",
            ),
            FailureMode(
                component="router",
                failure="Prefix affinity overloads the replica holding a popular system prompt",
                detection="Load skew across replicas of one pool",
                mitigation="Bounded-load consistent hashing; replicate hot prefixes",
            ),
            FailureMode(
                component="autoscaler",
                failure=(
                    "Scale-up arrives after the spike, as new replicas load weights for minutes"
                ),
                detection="Queue wait rising while replicas are still starting",
                mitigation="Warm spare replicas; scale on queue growth rate, not level",
            ),
            FailureMode(
                component="quantise_compile",
                failure="INT4 build loses accuracy on code and maths prompts",
                detection="Per-category eval deltas gating the release",
                mitigation="FP8 for sensitive models; per-layer mixed precision",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Requests per second",
                value="~1.2k",
                arithmetic="100M requests/day / 86,400 s ≈ 1.16k",
                inputs={"requests_per_day": 100e6, "seconds_per_day": 86400},
                formula="requests_per_day / seconds_per_day",
                result=1.2e3,
            ),
            Estimate(
                quantity="Output tokens per second",
                value="~350k",
                arithmetic="1.16k requests/s x 300 output tokens",
                inputs={"requests_per_s": 1.16e3, "output_tokens": 300},
                formula="requests_per_s * output_tokens",
                result=350e3,
            ),
            Estimate(
                quantity="GPUs for decode",
                value="~140",
                arithmetic="350k tokens/s / 2,500 tokens/s per GPU (continuous batching, 8B "
                "model) = 140",
                inputs={"tokens_per_s": 350e3, "tokens_per_s_per_gpu": 2500},
                formula="tokens_per_s / tokens_per_s_per_gpu",
                result=140,
            ),
            Estimate(
                quantity="KV cache per token",
                value="~128 KiB",
                arithmetic="2 (K and V) x 32 layers x 8 KV heads x 128 dims x 2 bytes = 131,072 "
                "bytes; a 4k-token sequence holds ~512 MiB",
                inputs={"layers": 32, "kv_heads": 8, "head_dim": 128, "bytes_per_value": 2},
                formula="2 * layers * kv_heads * head_dim * bytes_per_value",
                result=131072,
            ),
        ],
    )
    return bp.build()
