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
            "A prompt is screened and enhanced, then queued as a job: a latent diffusion "
            "transformer denoises a compressed video latent, the video VAE decodes it, and "
            "temporal and spatial super-resolution bring it to 24 fps and 720p. A harm detector "
            "checks the video before the CDN serves it. Models are trained on 100M re-captioned "
            "videos and images."
        ),
    )
    user = bp.add("user", "client", "User")
    with bp.group("request_path", "Request (online)"):
        prompt_check = bp.add("prompt_safety", "guardrail", "Prompt safety")
        enhancer = bp.add("prompt_enhancer", "llm_service", "Prompt enhancer (LLM)")
    with bp.group("generation", "Generation jobs (minutes, nearline)"):
        jobs = bp.add("job_queue", "message_queue", "Generation jobs")
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
    cdn = bp.add("cdn", "cdn", "Video CDN")
    with bp.group("data_group", "Training data"):
        videos = bp.add("video_captions", "object_storage", "Captioned videos (100M)")
        prep = bp.add(
            "data_preparation",
            "batch_pipeline",
            "Filter, recaption",
            notes="Drops low-motion, watermarked and unsafe clips; precomputes VAE latents.",
        )

    user >> link(label="prompt") >> prompt_check
    prompt_check >> link(label="safe") >> enhancer
    enhancer >> link("async", "job") >> jobs
    jobs >> link("async") >> ldm
    ldm >> link("async", "latent") >> decoder
    decoder >> link("async", "frames") >> upscaler
    upscaler >> link("async") >> harm
    harm >> link("async", "publish") >> cdn
    user >> link(label="fetch video") >> cdn
    videos >> link("batch", "clips") >> prep

    logs = interaction_log(bp, feedback_from=[user], feedback_label="ratings")
    training = continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[ldm, decoder, upscaler],
        trainer_label="Train LDM (from T2I)",
        model_label="",
    )
    training.registry >> link("deploy", "pinned LLM") >> enhancer
    monitoring_stack(bp, observed=[jobs, ldm, decoder, upscaler, harm])

    bp.frames = [
        ["user", "request_path"],
        ["generation", "cdn"],
        ["data_group", "training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Five-second videos at 720p and 24 fps from an English prompt; no audio",
            "Any genre or subject",
            "A few minutes per video is acceptable at first",
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
            ),
            Estimate(
                quantity="GPUs",
                value="~140",
                arithmetic="1.16 videos/s x 120 GPU-s per video ≈ 140",
            ),
            Estimate(
                quantity="Frames per video",
                value="120",
                arithmetic="5 s x 24 fps = 120 frames at 720p",
            ),
            Estimate(
                quantity="Output storage",
                value="~1 TB/day",
                arithmetic="100k videos x 10 MB = 1e12 bytes",
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
