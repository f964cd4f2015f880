"""High-resolution image synthesis: generate 1024x1024 or 2048x2048 images within five seconds.

The chapter's two-stage design, after VQGAN: an image tokenizer (encoder, quantiser with a learned
codebook, decoder) compresses an image into a short grid of discrete tokens; a decoder-only
Transformer learns to generate token sequences autoregressively. At inference the Transformer
samples 256 tokens (a 16x16 grid for a 1024 px image, top-k / top-p), the tokenizer's decoder turns
them into pixels, and a super-resolution model doubles the image to 2048 px when asked: more tokens
would quadruple the sequence, and the decoding time with it. Each stage is trained separately on 5
million high-resolution images of natural scenes.

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
            "16x16 grid of discrete image tokens, the VQGAN decoder turns them into a 1024 px "
            "image and super-resolution takes it to 2048 px when asked; it is checked before it "
            "is returned. Offline, the image tokenizer is trained "
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
            notes="Picks resolution: 2048 px adds the super-resolution pass, not more tokens.",
        )
        transformer = bp.add(
            "token_generator",
            "image_generator",
            "Token generator (Transformer, top-p)",
            latency_ms=3840,
            notes="Decoder-only Transformer; KV cache; 256 steps x ~15 ms.",
        )
    with bp.group("decode_group", "Decode, upscale, check (online)"):
        decoder = bp.add(
            "image_decoder",
            "model_serving",
            "Image decoder (VQGAN)",
            latency_ms=300,
            notes="Looks tokens up in the codebook and upsamples to pixels.",
        )
        upscaler = bp.add(
            "super_resolution",
            "model_serving",
            "Super-resolution (to 2048 px)",
            latency_ms=300,
            notes="A 2x upscaling network; skipped for 1024 px requests.",
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
    decoder >> link(label="1024 px", latency_ms=5) >> upscaler
    upscaler >> link(label="image", latency_ms=5) >> check
    images >> link("batch", "images") >> tokenizer_training
    tokenizer_training >> link("batch", "encode images") >> tokens
    tokens >> link("batch", "token sequences") >> transformer_training
    tokenizer_training >> link("batch", "tokenizer") >> evaluation
    transformer_training >> link("batch", "candidate model") >> evaluation
    evaluation >> link("batch", "approved") >> registry
    registry >> link("deploy", "transformer") >> transformer
    registry >> link("deploy", "decoder + codebook") >> decoder
    registry >> link("deploy", "upscaler") >> upscaler

    logs = interaction_log(bp, feedback_from=[user], feedback_label="ratings, downloads")
    logs.lake >> link("batch", "preferred samples") >> transformer_training
    monitoring_stack(bp, observed=[transformer, decoder, upscaler])

    # Model figures, from the chapter's "Model development": the VQGAN image tokenizer (CNN
    # encoder, vector quantizer, CNN decoder, with perceptual and adversarial losses) and the
    # decoder-only Transformer that generates the image's tokens one by one.
    fig = bp.figure(
        "vqgan",
        "VQGAN image tokenizer",
        component="image_decoder",
        training=True,
        caption="Chapter 8 (GenAI), model development: learn a codebook of image tokens.",
    )
    image = fig.add("image", "input", "Image", shape="B x 256 x 256 x 3")
    encoder = fig.add("encoder", "encoder", "CNN encoder", shape="B x 16 x 16 x 256")
    quantizer = fig.add("quantizer", "quantizer", "Quantizer: 8192 codes", shape="B x 16 x 16")
    decoder = fig.add("decoder", "decoder", "CNN decoder", shape="B x 256 x 256 x 3")
    critic = fig.add("critic", "discriminator", "Patch discriminator")
    rebuilt = fig.add("rebuilt", "output", "Reconstruction")
    losses = fig.add("losses", "loss", "L1 + perceptual + GAN + commitment")
    image >> encoder >> quantizer >> fig.link("code vectors") >> decoder >> rebuilt
    rebuilt >> [critic, losses]
    critic >> losses
    image >> fig.link(kind="target") >> losses

    fig = bp.figure(
        "token_transformer",
        "Autoregressive transformer over image tokens",
        component="token_generator",
        training=True,
        caption="Chapter 8 (GenAI), model development: predict the next image token.",
    )
    images = fig.add("images", "input", "Training images")
    tokenizer = fig.add("tokenizer", "frozen", "VQGAN encoder", shape="B x 256")
    embed = fig.add("embed", "embedding", "Token + position", shape="B x 256 x 1024")
    transformer = fig.add("transformer", "transformer", "Masked self-attention", repeat=24)
    codebook = fig.add("codebook", "head", "Softmax over 8192 codes", shape="B x 256 x 8192")
    shifted = fig.add("shifted", "input", "Tokens shifted by one")
    ce = fig.add("ce", "loss", "Cross-entropy")
    images >> tokenizer >> embed >> transformer
    transformer >> fig.link(shape="B x 256 x 1024") >> codebook >> ce
    shifted >> fig.link(kind="target") >> ce

    bp.frames = [
        ["user", "serving", "decode_group"],
        ["images", "tokenizer_training", "token_dataset"],
        ["transformer_training", "evaluation", "model_registry"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "A request reaches the generation service through the generation API; the token "
            "generator samples 256 image tokens with top-p, the VQGAN image decoder turns them "
            "into a 1024 px image, the super-resolution service takes it to 2048 px and the "
            "quality and safety check screens it. Offline, the image tokenizer is trained first, "
            "the images are tokenised, and the Transformer then learns next-token prediction on "
            "them. FID and IS evaluation gates the model registry that deploys to the token "
            "generator, decoder and super-resolution."
        ),
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
            "Images normalised and cropped to 1024 px; the tokenizer maps each 64x64 patch to "
            "one code: a 16x16 grid of 256 tokens",
            "Codebook of a few thousand learned vectors; tokens flattened in raster order",
        ],
        model=[
            "Image tokenizer (VQGAN): CNN encoder, vector quantiser, CNN decoder",
            "Decoder-only Transformer over image tokens",
            "A super-resolution network (2x) trained on downscaled / original pairs",
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
        online_metrics=[
            "User ratings and downloads (click-through on results); satisfaction surveys",
            "Conversion to paid subscriptions",
            "Generation latency p95 against 5 s",
        ],
        serving=[
            "Transformer samples tokens with a KV cache; decoder renders pixels in one pass",
            "2048 px: the same 256 tokens, then the super-resolution pass (~0.3 s)",
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
                choice="Strong downsampling (64x: 256 tokens) with a few thousand codes",
                why="More compression shortens sequences (faster) but loses detail; "
                "codebook collapse wastes capacity.",
            ),
        ],
        talking_points=[
            "Two models, two training runs: the tokenizer is frozen before stage 2",
            "Sequence length drives cost: 2048 px as tokens would be 4x the sequence, so "
            "super-resolution upscales instead",
            "Adding text: prepend text tokens and train on image-caption pairs",
        ],
        failure_modes=[
            FailureMode(
                component="token_generator",
                failure="Decode steps slow under load, so 256 steps exceed 5 s",
                detection="p99 generation time by resolution",
                mitigation="Cap batch size per GPU, KV cache, autoscale on queue depth",
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
                inputs={"images_per_day": 1e06, "seconds_per_day": 86400},
                formula="images_per_day / seconds_per_day",
                result=12,
            ),
            Estimate(
                quantity="GPUs for serving",
                value="~50",
                arithmetic=(
                    "11.6 images/s x 4.4 GPU-s per image (256 decode steps x 15 ms + 0.3 s VQGAN "
                    "decode + 0.3 s super-resolution) ≈ 52, one image per GPU at a time"
                ),
                inputs={
                    "images_per_s": 11.6,
                    "decode_steps": 256,
                    "s_per_step": 0.015,
                    "decoder_s": 0.3,
                    "super_resolution_s": 0.3,
                },
                formula=(
                    "images_per_s * (decode_steps * s_per_step + decoder_s + super_resolution_s)"
                ),
                result=50,
            ),
            Estimate(
                quantity="Image storage",
                value="~8 TB/day",
                arithmetic="1M images x 8 MB per 2048x2048 PNG = 8e12 bytes",
                inputs={"images_per_day": 1e06, "bytes_per_png": 8e06},
                formula="images_per_day * bytes_per_png",
                result=8e12,
            ),
            Estimate(
                quantity="Tokens per image",
                value="256",
                arithmetic=(
                    "(1024 px / 64 px per token)² = 16² = 256 tokens; super-resolution, not more "
                    "tokens, takes the image to 2048 px"
                ),
                inputs={"side_px": 1024, "px_per_token": 64},
                formula="(side_px / px_per_token) ** 2",
                result=256,
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
            "point": "A few hundred tokens per image, upscaled by super-resolution",
            "evidence": {"kinds": ["model_serving"], "words": ["super-resolution", "256 tokens"]},
        },
        {
            "point": "Top-k / top-p sampling for diversity",
            "evidence": {"words": ["top-k", "top-p"]},
        },
    ]
    return bp.build()
