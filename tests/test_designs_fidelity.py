"""The built-in designs hold what their chapters state: components on the request path in the
chapter's order, the stated latency budgets and online metrics, and no invented deploys."""

from __future__ import annotations

import mlsd_diagrams as mlsd
from mlsd_diagrams._catalog import FlowKind
from mlsd_diagrams._model import Design


def request_path(design: Design, start: str) -> list[str]:
    """The chain of `request` (or, nearline, `async`) flows from `start`, one hop at a time, as
    long as each component has exactly one such successor."""
    kinds = {FlowKind.REQUEST, FlowKind.ASYNC}
    path, current = [start], start
    while True:
        nexts = [f.target for f in design.flows if f.source == current and f.kind in kinds]
        if len(nexts) != 1 or nexts[0] in path:
            return path
        current = nexts[0]
        path.append(current)


def in_order(path: list[str], *ids: str) -> bool:
    positions = [path.index(i) for i in ids if i in path]
    return len(positions) == len(ids) and positions == sorted(positions)


def deploys(design: Design) -> set[tuple[str, str]]:
    return {(f.source, f.target) for f in design.flows if f.kind is FlowKind.DEPLOY}


def online_text(design: Design) -> str:
    return " ".join(design.card.online_metrics).lower()


def test_high_resolution_synthesis_upscales_256_tokens_within_its_budget() -> None:
    design = mlsd.load("high_resolution_image_synthesis")
    path = request_path(design, "generation_service")
    assert in_order(path, "token_generator", "image_decoder", "super_resolution", "safety_check")
    assert ("model_registry", "super_resolution") in deploys(design)
    tokens = next(e for e in design.card.estimates if e.quantity == "Tokens per image")
    assert tokens.result == 256
    generator = design.component("token_generator")
    assert generator is not None and generator.latency_ms == 256 * 15
    assert design.sla_ms == 5000


def test_text_to_image_checks_harm_before_super_resolution_within_10_s() -> None:
    design = mlsd.load("text_to_image")
    path = request_path(design, "prompt_safety")
    assert in_order(
        path, "prompt_enhancer", "text_encoder", "diffusion_model", "harm_detection",
        "super_resolution",
    )  # fmt: skip
    assert "T5" in (design.component("text_encoder") or design.components[0]).label
    assert design.component("prompt_autocomplete") is not None
    assert design.sla_ms == 10_000
    # The enhancer LLMs are a provider's: nothing deploys them from the diffusion registry.
    for llm in ("prompt_enhancer", "prompt_autocomplete"):
        component = design.component(llm)
        assert component is not None and component.hosted
        assert not any(target == llm for _, target in deploys(design))
    assert "survey" in online_text(design) and "subscription" in online_text(design)


def test_text_to_video_checks_harm_before_super_resolution() -> None:
    design = mlsd.load("text_to_video")
    path = request_path(design, "job_queue")
    assert in_order(
        path, "text_encoder", "video_diffusion", "vae_decoder", "harm_detection",
        "super_resolution", "cdn",
    )  # fmt: skip
    assert not any(target == "prompt_enhancer" for _, target in deploys(design))
    assert design.sla_ms is not None
    assert "survey" in online_text(design) and "subscription" in online_text(design)
