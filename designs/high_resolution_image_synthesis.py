"""High-resolution image synthesis: generate 1024x1024 or 2048x2048 images in about five seconds.

The chapter's two-stage design, after VQGAN: an image tokenizer (encoder, quantiser with a learned
codebook, decoder) compresses an image into a short grid of discrete tokens; a decoder-only
Transformer learns to generate token sequences autoregressively. At inference the Transformer
samples tokens (top-k / top-p) and the tokenizer's decoder turns them into pixels. Each stage is
trained separately on 5 million high-resolution images of natural scenes.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 8,
"High-Resolution Image Synthesis" (bytebytego.com/courses/genai-system-design-interview/
high-resolution-image-synthesis); Esser et al., "Taming Transformers for High-Resolution Image
Synthesis" (VQGAN, CVPR 2021); van den Oord et al., "Neural Discrete Representation Learning"
(VQ-VAE, NeurIPS 2017); Yu et al., "Vector-quantized Image Modeling with Improved VQGAN" (ICLR
2022); Heusel et al., FID (NeurIPS 2017).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "high_resolution_image_synthesis",
        "High-Resolution Image Synthesis",
        summary=(
            "A request reaches the generation service; a decoder-only Transformer samples a "
            "grid of discrete image tokens and the VQGAN decoder turns them into a 1024 or 2048 "
            "pixel image, checked before it is returned. Offline, the image tokenizer is trained "
            "first, the image set is tokenised, then the Transformer is trained on the tokens."
        ),
        sla_ms=5000,
    )
    user = bp.add("user", "client", "User", latency_ms=0)
    with bp.group("serving", "Generation path (online)"):
        api = bp.add("api", "api_gateway", "Generation API", latency_ms=10)
        service = bp.add(
            "generation_service",
            "app_service",
            "Generation service",
            latency_ms=5,
            notes="Picks resolution; 2048 px uses a sliding attention window over tokens.",
        )
        transformer = bp.add(
            "token_generator",
            "image_generator",
            "Token generator (Transformer, top-p)",
            latency_ms=3500,
            notes="Decoder-only Transformer; KV cache; one token at a time.",
        )
        decoder = bp.add(
            "image_decoder",
            "model_serving",
            "Image decoder (VQGAN)",
            latency_ms=300,
            notes="Looks tokens up in the codebook and upsamples to pixels.",
        )
        check = bp.add("safety_check", "guardrail", "Quality & safety check", latency_ms=50)
    with bp.group("training_group", "Two-stage training"):
        images = bp.add("images", "object_storage", "5M high-res images")
        tokenizer_training = bp.add(
            "tokenizer_training",
            "training_pipeline",
            "1. Train image tokenizer",
            notes="Reconstruction + perceptual + adversarial + commitment losses.",
        )
        tokens = bp.add("token_dataset", "object_storage", "Tokenised images")
        transformer_training = bp.add(
            "transformer_training", "training_pipeline", "2. Train Transformer (next token)"
        )
        evaluation = bp.add("evaluation", "evaluation_pipeline", "FID / IS evaluation")
        registry = bp.add("model_registry", "model_registry", "Model registry", tech="MLflow")

    user >> link(label="generate image", latency_ms=100) >> api
    api >> link(latency_ms=1) >> service
    service >> link(label="resolution", latency_ms=1) >> transformer
    transformer >> link(label="token grid", latency_ms=5) >> decoder
    decoder >> link(label="image", latency_ms=5) >> check
    images >> link("batch", "images") >> tokenizer_training
    tokenizer_training >> link("batch", "encode images") >> tokens
    tokens >> link("batch", "token sequences") >> transformer_training
    tokenizer_training >> link("batch", "tokenizer") >> evaluation
    transformer_training >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    registry >> link("deploy", "transformer") >> transformer
    registry >> link("deploy", "decoder + codebook") >> decoder

    logs = interaction_log(bp, feedback_from=[user], feedback_label="ratings, downloads")
    logs.lake >> link("batch", "preferred samples") >> transformer_training
    monitoring_stack(bp, observed=[transformer, decoder])

    bp.frames = [
        ["user", "serving"],
        ["images", "tokenizer_training", "token_dataset"],
        ["transformer_training", "evaluation", "model_registry"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Generate diverse, detailed images of natural scenes and urban landscapes",
            "Resolution 1024x1024 or 2048x2048, as the user asks",
            "Not real time, but about five seconds per image",
            "Unconditional first; the design must extend to text prompts later",
        ],
        inputs=["A request with the desired resolution"],
        outputs=["A high-resolution image"],
        ml_task=(
            "Image generation as sequence generation: compress images into discrete tokens, "
            "then model the token sequence autoregressively and decode sampled tokens to pixels."
        ),
        data=[
            "5 million high-resolution images of natural scenes and landscapes",
            "Cleaning: remove low-resolution, watermarked, duplicate and unsafe images",
        ],
        features=[
            "Images normalised and cropped; the tokenizer maps each 16x16 patch to one code",
            "Codebook of a few thousand learned vectors; tokens flattened in raster order",
        ],
        model=[
            "Image tokenizer (VQGAN): CNN encoder, vector quantiser, CNN decoder",
            "Decoder-only Transformer over image tokens",
        ],
        training=[
            "Stage 1: tokenizer with reconstruction, perceptual (LPIPS), adversarial and "
            "commitment losses",
            "Stage 2: Transformer with next-token cross-entropy on tokenised images",
            "Sampling: top-k / top-p with temperature for diversity",
        ],
        offline_metrics=[
            "FID and Inception score of generated images",
            "Tokenizer reconstruction quality (PSNR, LPIPS) and codebook usage",
            "Human evaluation",
        ],
        online_metrics=["User ratings and downloads", "Generation latency p95 against 5 s"],
        serving=[
            "Transformer samples tokens with a KV cache; decoder renders pixels in one pass",
            "2048 px: generate tokens with a sliding attention window",
        ],
        monitoring=[
            "Latency per stage and GPU cost per image",
            "Share of images rejected by the safety check",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Generative approach",
                options=["GAN", "VAE", "Autoregressive over tokens", "Diffusion"],
                choice="Autoregressive Transformer over VQGAN tokens",
                why="GANs and VAEs struggle above 512 px; tokens make high resolution a "
                "sequence of manageable length and extend naturally to text conditioning.",
            ),
            Tradeoff(
                topic="Codebook size and compression",
                options=["Small codebook, fine grid", "Large codebook, coarse grid"],
                choice="Moderate downsampling (16x) with a few thousand codes",
                why="More compression shortens sequences (faster) but loses detail; "
                "codebook collapse wastes capacity.",
            ),
        ],
        talking_points=[
            "Two models, two training runs: the tokenizer is frozen before stage 2",
            "Sequence length drives cost: 2048 px means 4x the tokens of 1024 px",
            "Adding text: prepend text tokens and train on image-caption pairs",
        ],
        failure_modes=[
            FailureMode(
                component="token_generator",
                failure="Autoregressive sampling too slow for 2048x2048 (over 5 s)",
                detection="p99 generation time by resolution",
                mitigation="Fewer tokens per image (larger patches), KV cache, batch requests",
            ),
            FailureMode(
                component="image_decoder",
                failure="Decoder artefacts (tiling, blur) at high resolution",
                detection="FID and human ratings per resolution",
                mitigation="Train the decoder with perceptual and adversarial losses",
            ),
            FailureMode(
                component="safety_check",
                failure="Unsafe or copyrighted images generated",
                detection="Safety classifier rates on sampled outputs",
                mitigation="Filter outputs; dedupe and filter the training data",
            ),
            FailureMode(
                component="tokenizer_training",
                failure="Codebook collapse: few codes used",
                detection="Codebook usage entropy",
                mitigation="Codebook reset, EMA updates, commitment loss tuning",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~12",
                arithmetic="1M images/day / 86,400 s ≈ 11.6",
            ),
            Estimate(
                quantity="GPUs for serving",
                value="~60",
                arithmetic="11.6 images/s x 5 s per image ≈ 58",
            ),
            Estimate(
                quantity="Image storage",
                value="~8 TB/day",
                arithmetic="1M images x 8 MB per 2048x2048 PNG = 8e12 bytes",
            ),
            Estimate(
                quantity="Tokens per image",
                value="~16k",
                arithmetic="(2048 / 16)² = 128² = 16,384 tokens",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Image tokenizer (VQ-VAE / VQGAN) into discrete codes",
            "evidence": {"words": ["VQGAN", "VQ-VAE", "vector quantiser", "codebook"]},
        },
        {
            "point": "Autoregressive transformer over image tokens",
            "evidence": {"words": ["image tokens", "autoregressive", "raster order"]},
        },
        {
            "point": "Tokenizer losses: reconstruction, perceptual, adversarial",
            "evidence": {
                "words": ["perceptual", "LPIPS", "commitment loss", "reconstruction loss"]
            },
        },
        {
            "point": "Sliding attention window for very high resolution",
            "evidence": {"words": ["sliding attention window", "sliding window"]},
        },
        {
            "point": "Top-k / top-p sampling for diversity",
            "evidence": {"words": ["top-k", "top-p"]},
        },
    ]
    return bp.build()
