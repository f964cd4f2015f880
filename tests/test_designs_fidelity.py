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


def reachable(design: Design, start: str, kinds: set[FlowKind]) -> set[str]:
    seen, pending = {start}, [start]
    while pending:
        current = pending.pop()
        for f in design.flows:
            if f.source == current and f.kind in kinds and f.target not in seen:
                seen.add(f.target)
                pending.append(f.target)
    return seen


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


def test_recommenders_log_what_they_showed_as_impressions() -> None:
    # The app logs the items it rendered (client-side impression logging), beside what the user
    # did with them: shown-but-ignored items are the negatives the models train on.
    for design_id, client in (
        ("video_recommendation", "user"),
        ("event_recommendation", "user"),
        ("ecommerce_recommendation", "shopper"),
    ):
        design = mlsd.load(design_id)
        logged = next(
            f
            for f in design.flows
            if f.source == client and f.target == "event_log" and f.kind is FlowKind.FEEDBACK
        )
        assert (logged.label or "").startswith("impressions"), design_id


def test_two_tower_retrievers_read_user_features() -> None:
    for design_id in ("video_recommendation", "ecommerce_recommendation"):
        design = mlsd.load(design_id)
        read = {
            f.target
            for f in design.flows
            if f.source == "candidate_generation" and f.kind is FlowKind.REQUEST
        }
        assert "online_features" in read, design_id


def test_face_generation_edits_latents_and_never_retrains_the_gan_on_ratings() -> None:
    design = mlsd.load("face_generation")
    path = request_path(design, "generation_service")
    assert in_order(path, "latent_editor", "generator", "post_check")
    assert ("direction_fitting", "latent_editor") in deploys(design)
    # Ratings reach the attribute directions only, not the adversarial training.
    gan_inputs = {f.source for f in design.flows if f.target == "training"}
    assert "data_lake" not in gan_inputs
    assert any(f.source == "data_lake" and f.target == "direction_fitting" for f in design.flows)
    why = design.card.tradeoffs[0].why.lower()
    assert "latent space" in why and "attribute" in why


def test_chatbot_keeps_sft_reward_model_and_ppo_apart_with_the_chapter_figures() -> None:
    design = mlsd.load("chatbot_assistant")
    batch = {(f.source, f.target) for f in design.flows if f.kind is FlowKind.BATCH}
    assert {
        ("pretraining", "sft"),
        ("alignment_data", "reward_model"),
        ("reward_model", "post_training"),
    } <= (batch)
    assert ("sft", "post_training") in batch
    card = " ".join(design.card.requirements + design.card.data + design.card.model)
    assert "8,000" in card and "4,096" in card and "RoPE" in card
    assert "conversion" in online_text(design)


def test_harm_detection_encodes_each_modality_and_learns_from_reports() -> None:
    design = mlsd.load("harmful_content_detection")
    encoders = design.component("modality_encoders")
    assert encoders is not None and encoders.kind == "embedding_service"
    assert ("harmful_content_detection", "modality_encoders") in {
        (f.source, f.target) for f in design.flows if f.kind is FlowKind.REQUEST
    }
    # Reports reach the labels: a reported post is re-scored and, when unsure, reviewed.
    online = {FlowKind.REQUEST, FlowKind.ASYNC, FlowKind.FEEDBACK}
    assert "labels" in reachable(design, "viewers", online)
    assert "labels" not in reachable(design, "viewers", online - {FlowKind.FEEDBACK})
    assert "review_queue" in reachable(design, "viewers", online)
    # Early fusion is the choice, so no mitigation falls back to late fusion.
    assert design.card.tradeoffs[0].choice == "Early fusion" or any(
        t.choice == "Early fusion" for t in design.card.tradeoffs
    )
    assert not any("late fusion" in f.mitigation.lower() for f in design.card.failure_modes)


def test_image_captioning_holds_the_chapter_requirements() -> None:
    design = mlsd.load("image_captioning")
    assert design.sla_ms == 2000
    path = request_path(design, "user")
    assert in_order(path, "preprocessing", "caption_generator", "post_processing")
    post = design.component("post_processing")
    assert post is not None and "unsure" in post.label
    data = " ".join(design.card.data)
    assert "400 million" in data and "CLIP" in data and "non-English" in data


def test_youtube_search_auto_tags_videos_for_the_inverted_index() -> None:
    design = mlsd.load("youtube_video_search")
    batch = {(f.source, f.target) for f in design.flows if f.kind is FlowKind.BATCH}
    assert {("videos", "auto_tagger"), ("auto_tagger", "video_metadata")} <= batch
    assert ("model_registry", "auto_tagger") in deploys(design)


def test_street_view_mines_hard_negatives_and_queues_reports_at_a_fleet_scale() -> None:
    design = mlsd.load("street_view_blurring")
    flows = {(f.source, f.target, f.kind) for f in design.flows}
    assert ("user", "report_queue", FlowKind.FEEDBACK) in flows
    assert ("report_queue", "report_review", FlowKind.BATCH) in flows
    assert ("object_detection", "hard_negative_mining", FlowKind.BATCH) in flows
    assert ("hard_negative_mining", "augmentation", FlowKind.BATCH) in flows
    rate = next(e for e in design.card.estimates if e.quantity == "Panoramas per second")
    assert rate.inputs is not None and rate.inputs["cars"] == 1000


def test_the_framework_names_chapter_one_topics_including_data_validation() -> None:
    design = mlsd.load("ml_system_framework")
    assert any(item.startswith("Data validation") for item in design.card.data)
    card = " ".join(
        design.card.data + design.card.model + design.card.training + design.card.serving
    ).lower()
    for topic in (
        "sampling", "labelling", "loss", "distributed training", "distillation",
        "on-device", "shadow",
    ):  # fmt: skip
        assert topic in card, topic


def test_the_genai_designs_state_their_latency_budgets_and_business_metrics() -> None:
    budgets = {
        "image_captioning": 2000,
        "text_to_image": 10_000,
        "personalized_headshots": 3_600_000,
        "high_resolution_image_synthesis": 5000,
    }
    for design_id, budget in budgets.items():
        assert mlsd.load(design_id).sla_ms == budget, design_id
    for design_id in (
        "text_to_image", "text_to_video", "personalized_headshots", "face_generation",
        "high_resolution_image_synthesis",
    ):  # fmt: skip
        text = online_text(mlsd.load(design_id))
        assert "survey" in text and ("subscription" in text or "conversion" in text), design_id
