"""Text-to-image generation: turn a text prompt into a high-quality image (DALL-E, Imagen style).

The chapter picks a diffusion model conditioned on a text encoder's embedding of the prompt. The
serving pipeline suggests completions while the user types, screens the prompt, lets an LLM
enrich short prompts, embeds it with a frozen T5 text encoder, runs the diffusion model at 64x64,
checks that small image with a harm detector (cheap there, and nothing unsafe is upscaled), and
only then runs super-resolution diffusion models up to 1024x1024, all within the 10 s the chapter
allows. The auto-complete and enhancer LLMs are a provider's hosted models, not deployed from the
diffusion registry. Training uses billions of image-caption pairs,
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
            "Prompt auto-complete helps the user write; the prompt passes a safety check and an "
            "LLM prompt enhancer, a frozen T5 encoder embeds it, the diffusion model denoises a "
            "64x64 image with classifier-free guidance, a harm detector checks it and "
            "super-resolution models upsample it to 1024x1024. Training data are filtered, "
            "re-captioned image-text pairs."
        ),
        sla_ms=10000,
    )
    user = bp.add("user", "client", "User (prompt)", latency_ms=0)
    with bp.group("prompt_group", "Prompt path (online)"):
        autocomplete = bp.add(
            "prompt_autocomplete",
            "llm_service",
            "Prompt auto-complete",
            latency_ms=100,
            hosted=True,
            notes="Suggests how to finish the prompt as the user types.",
        )
        prompt_check = bp.add("prompt_safety", "guardrail", "Prompt safety", latency_ms=50)
        enhancer = bp.add(
            "prompt_enhancer",
            "llm_service",
            "Prompt enhancer (LLM)",
            latency_ms=1000,
            hosted=True,
            notes="Expands short prompts with detail the model was trained on.",
        )
        text_encoder = bp.add(
            "text_encoder",
            "embedding_service",
            "Text encoder (T5, frozen)",
            latency_ms=20,
            notes="Pretrained T5-XXL, never fine-tuned: prompt embeddings condition every step.",
        )
    with bp.group("serving", "Generation path (online)"):
        diffusion = bp.add(
            "diffusion_model",
            "image_generator",
            "Diffusion model (64x64)",
            latency_ms=4000,
            notes="U-Net/DiT; classifier-free guidance; 50 DDIM steps.",
        )
        harm = bp.add("harm_detection", "guardrail", "Harm detection (64x64)", latency_ms=100)
        upscaler = bp.add(
            "super_resolution",
            "image_generator",
            "Super-resolution (to 1024)",
            latency_ms=3000,
            notes="Two text-conditioned diffusion upsamplers: 64->256->1024.",
        )
    with bp.group("data_group", "Training data"):
        pairs = bp.add("image_text_pairs", "object_storage", "Image-caption pairs (billions)")
        prep = bp.add(
            "data_preparation",
            "batch_pipeline",
            "Filter, re-caption, embed text",
            notes="Drops unsafe, low-aesthetic and duplicate images; a captioner rewrites "
            "captions; text embeddings precomputed.",
        )

    user >> link(label="partial prompt", latency_ms=50) >> autocomplete
    user >> link(label="prompt", latency_ms=100) >> prompt_check
    prompt_check >> link(label="safe") >> enhancer
    enhancer >> link(label="detailed") >> text_encoder
    text_encoder >> link(label="embedding") >> diffusion
    diffusion >> link(label="64x64") >> harm
    harm >> link(label="safe image") >> upscaler
    pairs >> link("batch", "pairs") >> prep

    logs = interaction_log(bp, feedback_from=[user], feedback_label="picks, ratings, reports")
    continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[text_encoder, diffusion, upscaler],
        trainer_label="Train diffusion (noise prediction)",
        model_label="",
    )
    monitoring_stack(bp, observed=[autocomplete, enhancer, text_encoder, diffusion, upscaler])

    # Model figures, from the chapter's "Model development": the diffusion U-Net that predicts
    # the noise added to an image, conditioned on the timestep and, by cross-attention, on a
    # frozen text encoder's embeddings; and the cascade that samples it, then upsamples twice.
    fig = bp.figure(
        "diffusion_unet",
        "Diffusion U-Net with cross-attention to text",
        component="diffusion_model",
        training=True,
        caption="Chapter 9 (GenAI), model development: noise prediction with a U-Net.",
    )
    image = fig.add("image", "input", "Image", shape="B x 64 x 64 x 3")
    noise = fig.add("noise", "noise", "Noise (timestep t)", shape="B x 64 x 64 x 3")
    noisy = fig.add("noisy", "interaction", "Noisy image x_t", op="add", shape="B x 64 x 64 x 3")
    prompt = fig.add("prompt", "input", "Caption")
    text_encoder = fig.add("text_encoder", "frozen", "Text encoder (T5)", shape="B x 77 x 1024")
    with fig.group("unet", "U-Net"):
        down = fig.add("down", "cnn", "Down: ResNet blocks", repeat=4)
        attend = fig.add("attend", "cross_attention", "Cross-attention to text")
        up = fig.add("up", "cnn", "Up: ResNet blocks", shape="B x 64 x 64 x 3", repeat=4)
    mse = fig.add("mse", "loss", "MSE to the added noise")
    [image, noise] >> noisy >> down >> attend >> up >> mse
    prompt >> text_encoder >> fig.link("text embeddings", kind="condition") >> attend
    down >> fig.link("skip", kind="skip") >> up
    noise >> fig.link(kind="target") >> mse

    fig = bp.figure(
        "cascade",
        "Sampling cascade",
        component="diffusion_model",
        direction="LR",
        caption="Chapter 9 (GenAI), serving: a 64x64 base model, then two super-resolutions.",
    )
    caption = fig.add("caption", "input", "Prompt")
    encoder = fig.add("encoder", "frozen", "Text encoder (T5)")
    pure_noise = fig.add("pure_noise", "noise", "Pure noise")
    base = fig.add("base", "sampler", "Base diffusion: 50 steps", shape="64 x 64")
    sr_256 = fig.add("sr_256", "sampler", "Super-resolution", shape="256 x 256")
    sr_1024 = fig.add("sr_1024", "sampler", "Super-resolution", shape="1024 x 1024")
    picture = fig.add("picture", "output", "Image")
    pure_noise >> base >> sr_256 >> sr_1024 >> picture
    caption >> encoder >> fig.link("text", kind="condition") >> [base, sr_256, sr_1024]

    bp.frames = [
        ["user", "prompt_group", "serving"],
        ["data_group"],
        ["training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.compare_with = ["face_generation"]
    bp.card = Card(
        narration=(
            "A user typing gets suggestions from prompt auto-complete; the submitted prompt "
            "passes prompt safety, the prompt enhancer rewrites it, the T5 text encoder embeds it "
            "and the diffusion model denoises a 64x64 image, which harm detection screens before "
            "super-resolution takes the safe image to 1024 px. Offline, billions of image-caption "
            "pairs are filtered and re-captioned, and the diffusion model trains on noise "
            "prediction, with the data lake's ratings. Offline evaluation (FID, CLIP score) gates "
            "the model registry, which deploys the text encoder, diffusion and super-resolution "
            "models."
        ),
        requirements=[
            "Generate a 1024x1024 image that follows the user's English prompt",
            "Several candidates per prompt; photorealistic and artistic styles",
            "No harmful, explicit or copyrighted-likeness output; prompts screened too",
            "An image within 10 s of submitting the prompt; cost per image matters at scale",
            "Prompt auto-complete while the user types",
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
            "Share of generations downloaded or picked (click-through on results)",
            "User satisfaction surveys; conversion to paid subscriptions",
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
                failure=(
                    "Prompts that name a banned subject indirectly (misspelt, translated) pass "
                    "prompt safety"
                ),
                detection="Red-team prompts; user reports",
                mitigation="Retrain the classifier; output-side harm detection",
            ),
            FailureMode(
                component="harm_detection",
                failure="Harm visible only at full size (small text, a likeness) passes at 64x64",
                detection="Audits of upscaled outputs; reports per 1k images",
                mitigation="A cheap likeness and text check on the final image; block, regenerate",
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
                inputs={"prompts_per_day": 1e07, "seconds_per_day": 86400},
                formula="prompts_per_day / seconds_per_day",
                result=120,
            ),
            Estimate(
                quantity="GPUs",
                value="~1,400",
                arithmetic="116 prompts/s x 4 images x 3 s per image ≈ 1,390",
                inputs={"prompts_per_s": 116, "images_per_prompt": 4, "gpu_s_per_image": 3},
                formula="prompts_per_s * images_per_prompt * gpu_s_per_image",
                result=1400,
            ),
            Estimate(
                quantity="Image storage",
                value="~80 TB/day",
                arithmetic="40M images x 2 MB = 8e13 bytes",
                inputs={"images_per_day": 4e07, "bytes_per_image": 2e06},
                formula="images_per_day * bytes_per_image",
                result=8e13,
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
