"""Text-to-image generation: turn a text prompt into a high-quality image (DALL-E, Imagen style).

The chapter picks a diffusion model conditioned on a text encoder's embedding of the prompt. The
serving pipeline screens the prompt, lets an LLM enrich short prompts, runs the diffusion model
at a low resolution and then super-resolution diffusion models up to 1024x1024, and checks the
result with a harm detector before returning it. Training uses billions of image-caption pairs,
filtered and re-captioned, with the noise-prediction objective; classifier-free guidance and
fast samplers (DDIM) are used at inference.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 9,
"Text-to-Image Generation" (bytebytego.com/courses/genai-system-design-interview/
text-to-image-generation); Ho et al., "Denoising Diffusion Probabilistic Models" (NeurIPS 2020);
Saharia et al., "Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding"
(Imagen, NeurIPS 2022) on the frozen text encoder and cascaded super-resolution; Ho & Salimans,
"Classifier-Free Diffusion Guidance" (2022); Betker et al., "Improving Image Generation with Better
Captions" (DALL-E 3, 2023) on re-captioning; Rombach et al., "High-Resolution Image Synthesis with
Latent Diffusion Models" (CVPR 2022).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "text_to_image",
        "Text-to-Image Generation",
        summary=(
            "A prompt passes a safety check and an LLM prompt enhancer; the diffusion model, "
            "conditioned on the prompt's text embedding, denoises a 64x64 image with "
            "classifier-free guidance, super-resolution models upsample it to 1024x1024, and a "
            "harm detector checks it. Training data are filtered, re-captioned image-text pairs."
        ),
    )
    user = bp.add("user", "client", "User (prompt)")
    with bp.group("serving", "Generation path (online)"):
        prompt_check = bp.add("prompt_safety", "guardrail", "Prompt safety")
        enhancer = bp.add(
            "prompt_enhancer",
            "llm_service",
            "Prompt enhancer (LLM)",
            notes="Expands short prompts with detail the model was trained on.",
        )
        diffusion = bp.add(
            "diffusion_model",
            "image_generator",
            "Diffusion model (64x64)",
            notes="U-Net/DiT; frozen T5 text encoder; classifier-free guidance; DDIM steps.",
        )
        upscaler = bp.add(
            "super_resolution",
            "image_generator",
            "Super-resolution (to 1024)",
            notes="Two text-conditioned diffusion upsamplers: 64->256->1024.",
        )
        harm = bp.add("harm_detection", "guardrail", "Harm detection (output)")
    with bp.group("data_group", "Training data"):
        pairs = bp.add("image_text_pairs", "object_storage", "Image-caption pairs (billions)")
        prep = bp.add(
            "data_preparation",
            "batch_pipeline",
            "Filter, re-caption, embed text",
            notes="Drops unsafe, low-aesthetic and duplicate images; a captioner rewrites "
            "captions; text embeddings precomputed.",
        )

    user >> link(label="prompt") >> prompt_check
    prompt_check >> link(label="safe") >> enhancer
    enhancer >> link(label="detailed") >> diffusion
    diffusion >> link(label="64x64") >> upscaler
    upscaler >> link(label="1024x1024") >> harm
    pairs >> link("batch", "pairs") >> prep

    logs = interaction_log(bp, feedback_from=[user], feedback_label="picks, ratings, reports")
    training = continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[diffusion, upscaler],
        trainer_label="Train diffusion (noise prediction)",
        model_label="",
    )
    training.registry >> link("deploy", "pinned LLM") >> enhancer
    monitoring_stack(bp, observed=[enhancer, diffusion, upscaler])

    bp.frames = [
        ["user", "serving"],
        ["data_group"],
        ["training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Generate a 1024x1024 image that follows the user's English prompt",
            "Several candidates per prompt; photorealistic and artistic styles",
            "No harmful, explicit or copyrighted-likeness output; prompts screened too",
            "Seconds per image is acceptable; cost per image matters at scale",
        ],
        inputs=["A text prompt"],
        outputs=["One or more 1024x1024 images matching the prompt"],
        ml_task=(
            "Conditional image generation: a diffusion model learns to reverse a noising "
            "process, denoising random noise into an image conditioned on the prompt embedding."
        ),
        data=[
            "Billions of image-caption pairs from the web and licensed sources",
            "Filtering: NSFW, watermarks, low aesthetic score, duplicates, small images",
            "Re-captioning with an image captioner: detailed captions improve prompt following",
        ],
        features=[
            "Prompt embedded by a frozen pretrained text encoder (T5 / CLIP)",
            "Images resized and normalised; noise level (timestep) embedding",
        ],
        model=[
            "Diffusion model with a U-Net (or DiT) backbone, cross-attention to text",
            "Cascade: base model at 64x64, two super-resolution diffusion models",
        ],
        training=[
            "Forward process adds Gaussian noise; model predicts the noise (MSE loss)",
            "Drop the caption ~10% of the time so classifier-free guidance works",
            "Train base and super-resolution models separately",
        ],
        offline_metrics=[
            "FID and Inception score for image quality",
            "CLIP score for prompt-image alignment",
            "Human evaluation: side-by-side preference on a prompt benchmark",
        ],
        online_metrics=[
            "Share of generations downloaded or picked",
            "Regeneration rate; reports of harmful output",
        ],
        serving=[
            "Prompt safety -> prompt enhancer -> diffusion -> super-resolution -> harm check",
            "Fewer sampling steps (DDIM), distillation and batching cut GPU time",
        ],
        monitoring=[
            "GPU time per image and queue wait",
            "Block rates of prompt safety and harm detection",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Model family",
                options=["GAN", "Autoregressive over tokens", "Diffusion"],
                choice="Diffusion",
                why="Best quality and diversity with stable training; its slow sampling is "
                "offset by fewer steps and distillation.",
            ),
            Tradeoff(
                topic="Pixel-space cascade vs latent diffusion",
                options=["Cascaded pixel diffusion", "Latent diffusion with a VAE"],
                choice="Cascade (latent diffusion as the cheaper alternative)",
                why="A cascade gives high fidelity at each scale; latent diffusion is cheaper "
                "to train and serve.",
            ),
            Tradeoff(
                topic="Guidance scale",
                options=["Low guidance", "High guidance"],
                choice="Moderate classifier-free guidance",
                why="Higher guidance follows the prompt more closely but loses diversity.",
            ),
        ],
        talking_points=[
            "Caption quality limits prompt following: re-captioning is a cheap, big win",
            "Safety at both ends: prompts and images; plus provenance watermarks",
            "FID and CLIP score disagree with people: keep human preference studies",
        ],
        failure_modes=[
            FailureMode(
                component="diffusion_model",
                failure="Images ignore parts of the prompt",
                detection="CLIP score and human prompt-adherence ratings",
                mitigation="Prompt enhancer; classifier-free guidance tuning",
            ),
            FailureMode(
                component="prompt_safety",
                failure="Harmful prompts pass the filter",
                detection="Red-team prompts; user reports",
                mitigation="Retrain the classifier; output-side harm detection",
            ),
            FailureMode(
                component="harm_detection",
                failure="Explicit or copyrighted-likeness outputs",
                detection="Detector hit rate and audits",
                mitigation="Block and regenerate; dedupe training data",
            ),
            FailureMode(
                component="super_resolution",
                failure="Artefacts at 1024x1024",
                detection="Human ratings and FID at full size",
                mitigation="Train on matched resolutions; fall back to lower resolution",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~120",
                arithmetic="10M prompts/day / 86,400 s ≈ 116",
            ),
            Estimate(
                quantity="GPUs",
                value="~1,400",
                arithmetic="116 prompts/s x 4 images x 3 s per image ≈ 1,390",
            ),
            Estimate(
                quantity="Image storage",
                value="~80 TB/day",
                arithmetic="40M images x 2 MB = 8e13 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Diffusion: learn to reverse a noising process",
            "evidence": {"words": ["noising process", "predicts the noise", "reverse a noising"]},
        },
        {
            "point": "Text conditioning by cross-attention to a frozen text encoder",
            "evidence": {"words": ["cross-attention to text", "frozen pretrained text encoder"]},
        },
        {"point": "Classifier-free guidance", "evidence": {"words": ["classifier-free guidance"]}},
        {
            "point": "A cascade: base model, then super-resolution models",
            "evidence": {"words": ["super-resolution diffusion", "cascade"]},
        },
        {"point": "Faster sampling: DDIM, distillation", "evidence": {"words": ["DDIM"]}},
        {
            "point": "Prompt safety before and a harm check after",
            "evidence": {"kinds": ["guardrail"], "words": ["prompt safety", "harm check"]},
        },
    ]
    bp.relatives = ["text_to_video"]
    return bp.build()
