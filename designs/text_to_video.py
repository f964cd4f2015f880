"""Text-to-video generation: a five-second 720p, 24 fps video from a text prompt (Sora style).

The chapter extends a pretrained text-to-image model to video: a latent diffusion model with a
diffusion transformer denoises a compressed video latent (a video VAE compresses space and time),
then a decoder and super-resolution models restore full frame rate and 720p. Generation takes
minutes, so requests run as jobs. Training data are 100 million captioned videos, filtered and
re-captioned; images and videos are trained jointly.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 11,
"Text-to-Video Generation" (bytebytego.com/courses/genai-system-design-interview/
text-to-video-generation); OpenAI, "Video generation models as world simulators" (Sora technical
report, 2024); Ho et al., "Imagen Video" (2022) on cascaded temporal and spatial super-resolution;
Blattmann et al., "Align your Latents" (CVPR 2023) and "Stable Video Diffusion" (2023) on latent
video diffusion from an image model and data curation; Peebles & Xie, "Scalable Diffusion Models
with Transformers" (DiT, ICCV 2023); Unterthiner et al., FVD (2019).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "text_to_video",
        "Text-to-Video Generation",
        summary=(
            "A prompt is screened and enhanced, then queued as a job: a frozen T5 encoder "
            "embeds it, a latent diffusion transformer denoises a compressed video latent and "
            "the video VAE decodes low-resolution frames, which a harm detector checks before "
            "temporal and spatial super-resolution bring them to 24 fps and 720p for the CDN. "
            "Models are trained on 100M re-captioned videos and images."
        ),
        # The budget of the synchronous submit path; the job's few minutes run on the queue.
        sla_ms=2000,
    )
    user = bp.add("user", "client", "User", latency_ms=0)
    with bp.group("request_path", "Request (online)"):
        prompt_check = bp.add("prompt_safety", "guardrail", "Prompt safety", latency_ms=50)
        enhancer = bp.add(
            "prompt_enhancer",
            "llm_service",
            "Prompt enhancer (LLM)",
            latency_ms=1000,
            hosted=True,
            notes="A provider's LLM: expands the prompt; the job id returns at once.",
        )
    with bp.group("generation", "Generation jobs (minutes, nearline)"):
        jobs = bp.add("job_queue", "message_queue", "Generation jobs")
        text_encoder = bp.add(
            "text_encoder",
            "embedding_service",
            "Text encoder (T5, frozen)",
            plane="nearline",
        )
        ldm = bp.add(
            "video_diffusion",
            "image_generator",
            "Latent diffusion transformer",
            plane="nearline",
            notes="DiT with spatial and temporal attention; low fps, compressed latent.",
        )
        decoder = bp.add("vae_decoder", "model_serving", "Video VAE decoder", plane="nearline")
        upscaler = bp.add(
            "super_resolution",
            "model_serving",
            "Super-res (720p, 24 fps)",
            plane="nearline",
            notes="Frame interpolation to 24 fps, then upsampling to 720p.",
        )
        harm = bp.add("harm_detection", "guardrail", "Harm detection", plane="nearline")
    cdn = bp.add("cdn", "cdn", "Video CDN", latency_ms=100)
    with bp.group("data_group", "Training data"):
        videos = bp.add("video_captions", "object_storage", "Captioned videos (100M)")
        prep = bp.add(
            "data_preparation",
            "batch_pipeline",
            "Filter, recaption",
            notes="Drops low-motion, watermarked and unsafe clips; precomputes VAE latents.",
        )

    user >> link(label="prompt", latency_ms=100) >> prompt_check
    prompt_check >> link(label="safe") >> enhancer
    enhancer >> link("async", "job") >> jobs
    jobs >> link("async", "prompt") >> text_encoder
    text_encoder >> link("async", "embedding") >> ldm
    ldm >> link("async", "latent") >> decoder
    decoder >> link("async", "low-res frames") >> harm
    harm >> link("async", "safe frames") >> upscaler
    upscaler >> link("async", "publish") >> cdn
    user >> link(label="fetch video", latency_ms=100) >> cdn
    videos >> link("batch", "clips") >> prep

    logs = interaction_log(bp, feedback_from=[user], feedback_label="ratings")
    continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[text_encoder, ldm, decoder, upscaler],
        trainer_label="Train LDM (from T2I)",
        model_label="",
    )
    monitoring_stack(bp, observed=[enhancer, jobs, text_encoder, ldm, decoder, upscaler, harm])

    # Model figures, from the chapter's "Model development": a latent diffusion model whose DiT
    # backbone attends over space, over time and, by cross-attention, to the text; and the
    # serving cascade from prompt to full-resolution video.
    fig = bp.figure(
        "latent_dit",
        "Latent video diffusion transformer",
        component="video_diffusion",
        training=True,
        caption="Chapter 11 (GenAI), model development: a DiT over spacetime patches.",
    )
    video = fig.add("video", "input", "Video clip", shape="B x 120 x 720 x 1280 x 3")
    vae = fig.add("vae", "frozen", "Video VAE encoder", shape="B x 30 x 90 x 160 x 8")
    noise = fig.add("noise", "noise", "Noise (timestep t)", shape="B x 30 x 90 x 160 x 8")
    noisy = fig.add("noisy", "interaction", "Noisy latent", op="add", shape="B x 30 x 90 x 160 x 8")
    prompt = fig.add("prompt", "input", "Caption")
    text_encoder = fig.add("text_encoder", "frozen", "Text encoder (T5)")
    with fig.group("dit_block", "DiT block x28"):
        spatial = fig.add("spatial", "attention", "Spatial attention")
        temporal = fig.add("temporal", "attention", "Temporal attention")
        cross = fig.add("cross", "cross_attention", "Cross-attention to text")
    mse = fig.add("mse", "loss", "MSE to the added noise")
    video >> vae
    [vae, noise] >> noisy >> fig.link("spacetime patches", shape="B x N x 1152") >> spatial
    spatial >> temporal >> cross
    cross >> fig.link("predicted noise", shape="B x N x 1152") >> mse
    prompt >> text_encoder >> fig.link("text embeddings", kind="condition") >> cross
    noise >> fig.link(kind="target") >> mse

    fig = bp.figure(
        "video_cascade",
        "From prompt to video",
        component="video_diffusion",
        direction="LR",
        caption="Chapter 11 (GenAI), serving: sample latents, decode, then upsample.",
    )
    encoder = fig.add("encoder", "frozen", "Prompt encoder (T5)")
    sampler = fig.add("sampler", "sampler", "DiT sampling: 50 steps")
    decoder = fig.add("decoder", "decoder", "Video VAE decoder")
    temporal_sr = fig.add("temporal_sr", "sampler", "Temporal super-resolution")
    spatial_sr = fig.add("spatial_sr", "sampler", "Spatial super-resolution")
    encoder >> fig.link("text", kind="condition") >> [sampler, temporal_sr, spatial_sr]
    sampler >> fig.link("latents") >> decoder >> temporal_sr >> spatial_sr

    bp.frames = [
        ["user", "request_path"],
        ["generation", "cdn"],
        ["data_group", "training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        narration=(
            "A user's prompt passes prompt safety and the prompt enhancer into the generation "
            "jobs queue; the T5 text encoder embeds it, the latent diffusion transformer denoises "
            "the video latents, the video VAE decoder turns them into low-resolution frames, harm "
            "detection screens them and super-res raises them to 720p at 24 fps before the video "
            "CDN delivers the video. Offline, captioned videos are filtered and recaptioned, and "
            "the LDM is trained from a text-to-image model. Offline evaluation gates the model "
            "registry, which deploys the text encoder, diffusion transformer, decoder and "
            "super-resolution."
        ),
        requirements=[
            "Five-second videos at 720p and 24 fps from an English prompt; no audio",
            "Any genre or subject",
            "A few minutes per video is acceptable at first; the submit call answers within 2 s",
            "100 million captioned videos for training, some captions noisy or not English; "
            "a pretrained text-to-image model is available",
        ],
        inputs=["A text prompt"],
        outputs=["A five-second 720p video"],
        ml_task=(
            "Conditional video generation: a latent diffusion model denoises a compressed "
            "spatio-temporal latent conditioned on the prompt, then decoders restore resolution."
        ),
        data=[
            "100M videos with captions; plus image-caption pairs for joint training",
            "Filtering: scene cuts, static clips, watermarks, unsafe content",
            "Re-captioning with a video captioner; non-English captions translated or dropped",
        ],
        features=[
            "Video VAE latents compressed in space (8x) and time (4x)",
            "Spacetime patches as transformer tokens; prompt embedding from a text encoder",
        ],
        model=[
            "Latent diffusion model with a diffusion transformer (DiT) backbone",
            "Temporal attention layers added to the pretrained text-to-image model",
            "Video VAE decoder; temporal and spatial super-resolution models",
        ],
        training=[
            "Initialise from the text-to-image model; train on images and videos jointly",
            "Noise-prediction (MSE) loss on latents; classifier-free guidance dropout",
            "Low resolution first, then higher resolution and longer clips",
        ],
        offline_metrics=[
            "FVD for video quality and temporal coherence",
            "FID per frame; CLIP similarity between prompt and frames",
            "Human evaluation of motion, prompt following and quality",
        ],
        online_metrics=[
            "Share of videos downloaded or shared",
            "User satisfaction surveys; conversion to paid subscriptions",
            "Regeneration rate; reports of harmful videos; time to video",
        ],
        serving=[
            "Jobs on a GPU pool; the user is notified and streams the result from the CDN",
            "Fewer sampling steps and distillation to bring minutes down",
        ],
        monitoring=[
            "Queue wait and GPU minutes per video; job failures",
            "Harm-detection block rate; flicker and coherence checks on samples",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Pixel-space vs latent diffusion",
                options=["Pixel-space cascade", "Latent diffusion with a video VAE"],
                choice="Latent diffusion",
                why="Video in pixels is far too large; compressing space and time makes "
                "training and sampling affordable.",
            ),
            Tradeoff(
                topic="Train from scratch vs extend a text-to-image model",
                options=["From scratch", "Extend a pretrained T2I model"],
                choice="Extend the T2I model",
                why="It already knows appearance; the video data mostly has to teach motion.",
            ),
        ],
        talking_points=[
            "Temporal consistency is the new problem: temporal attention and joint training",
            "Compute dominates: generate at low fps and resolution, then super-resolve",
            "Safety: screen prompts and every generated video; watermark outputs",
        ],
        failure_modes=[
            FailureMode(
                component="video_diffusion",
                failure="Temporal flicker and inconsistent objects across frames",
                detection="Temporal consistency metrics (FVD) and human ratings",
                mitigation="Temporal attention layers; fine-tune on clean video",
            ),
            FailureMode(
                component="job_queue",
                failure="Queue backs up; users wait far beyond minutes",
                detection="Queue age and jobs per GPU",
                mitigation="Admission control; priority tiers; autoscale GPUs",
            ),
            FailureMode(
                component="harm_detection",
                failure="Harmful frames in one part of a video",
                detection="Frame-level classifier on sampled frames",
                mitigation="Check every nth frame; block the video",
            ),
            FailureMode(
                component="data_preparation",
                failure="Noisy or non-English captions teach wrong associations",
                detection="Caption-video similarity distribution",
                mitigation="Recaption with a captioning model; filter by similarity",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Jobs per second",
                value="~1.2",
                arithmetic="100k videos/day / 86,400 s ≈ 1.16",
                inputs={"videos_per_day": 100000, "seconds_per_day": 86400},
                formula="videos_per_day / seconds_per_day",
                result=1.2,
            ),
            Estimate(
                quantity="GPUs",
                value="~140",
                arithmetic="1.16 videos/s x 120 GPU-s per video ≈ 140",
                inputs={"videos_per_s": 1.16, "gpu_s_per_video": 120},
                formula="videos_per_s * gpu_s_per_video",
                result=140,
            ),
            Estimate(
                quantity="Frames per video",
                value="120",
                arithmetic="5 s x 24 fps = 120 frames at 720p",
                inputs={"seconds": 5, "fps": 24},
                formula="seconds * fps",
                result=120,
            ),
            Estimate(
                quantity="Output storage",
                value="~1 TB/day",
                arithmetic="100k videos x 10 MB = 1e12 bytes",
                inputs={"videos_per_day": 100000, "bytes_per_video": 1e07},
                formula="videos_per_day * bytes_per_video",
                result=1e12,
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "Latent diffusion in a compressed video latent space",
            "evidence": {"words": ["latent diffusion", "video VAE", "latents"]},
        },
        {
            "point": "Temporal attention layers over the image model",
            "evidence": {"words": ["temporal attention", "temporal layers"]},
        },
        {
            "point": "Spacetime patches as transformer tokens (DiT)",
            "evidence": {"words": ["spacetime patches", "DiT", "diffusion transformer"]},
        },
        {
            "point": "Temporal and spatial super-resolution",
            "evidence": {
                "words": [
                    "temporal and spatial super-resolution",
                    "temporal super-resolution",
                    "frame interpolation",
                ]
            },
        },
        {
            "point": "Train jointly on images and videos, low resolution first",
            "evidence": {"words": ["images and videos jointly", "low resolution first"]},
        },
        {
            "point": "GPU job queue and notification",
            "evidence": {"kinds": ["message_queue"], "words": ["GPU pool", "job", "notified"]},
        },
    ]
    bp.relatives = ["text_to_image"]
    return bp.build()
