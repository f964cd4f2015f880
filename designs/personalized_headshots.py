"""Personalized headshot generation: professional headshots of one person from their own selfies.

The chapter personalises a pretrained text-to-image diffusion model with DreamBooth: the user
uploads 10 to 20 photos, unsuitable ones (too dark, no visible face) are detected and the user is
asked for better ones, and the model is fine-tuned on the rest with a rare identifier token and a
class-specific prior-preservation loss. The fine-tuned model then generates 50 headshots from
fixed professional prompts; a filter drops images that do not look like the user or are unsafe.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 10,
"Personalized Headshot Generation" (bytebytego.com/courses/genai-system-design-interview/
personalized-headshot-generation); Ruiz et al., "DreamBooth: Fine Tuning Text-to-Image Diffusion
Models for Subject-Driven Generation" (CVPR 2023), with its DINO, CLIP-I and CLIP-T metrics; Gal
et al., "An Image is Worth One Word" (textual inversion, ICLR 2023); Hu et al., "LoRA" (ICLR 2022);
the Hugging Face diffusers DreamBooth training guide (huggingface.co/docs/diffusers).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "personalized_headshots",
        "Personalized Headshot Generation",
        summary=(
            "A user uploads 10-20 selfies; a quality check rejects dark or faceless photos. A "
            "fine-tuning job personalises the pretrained text-to-image model with DreamBooth, "
            "an identity check gates the result, and the user's model generates 50 headshots "
            "from professional prompts. A filter drops off-identity or unsafe images; the user "
            "downloads the kept headshots."
        ),
    )
    user = bp.add("user", "client", "User (10-20 selfies)")
    with bp.group("upload_path", "Upload (online)"):
        quality = bp.add(
            "quality_check",
            "model_serving",
            "Photo quality check",
            notes="Face detector + quality classifier: lighting, blur, one visible face.",
        )
        photos = bp.add("photo_store", "object_storage", "User photos", tech="S3")
    with bp.group("personalisation", "Per-user personalisation"):
        base = bp.add("base_model", "model_registry", "Pretrained models (T2I, photo checker)")
        finetune = bp.add(
            "dreambooth_finetuning",
            "training_pipeline",
            "DreamBooth fine-tuning (per user)",
            notes="Rare token '[V] person'; prior-preservation loss on generic person images.",
        )
        identity_eval = bp.add(
            "identity_evaluation",
            "evaluation_pipeline",
            "Identity & prompt fidelity check",
            notes="Face-embedding similarity to held-out selfies; CLIP-T for the prompt.",
        )
        user_models = bp.add("user_models", "model_registry", "Per-user models")
    with bp.group("generation", "Headshot generation (nearline)"):
        generator = bp.add(
            "headshot_generator",
            "image_generator",
            "Headshot generator (50 prompts)",
            plane="nearline",
        )
        output_filter = bp.add(
            "output_filter",
            "guardrail",
            "Identity, artefact & safety filter",
            plane="nearline",
        )
        results = bp.add("headshot_store", "object_storage", "Headshots")

    user >> link(label="upload photos") >> quality
    quality >> link("async", "accepted photos") >> photos
    quality >> link("async", "start fine-tuning job") >> finetune
    photos >> link("batch", "instance images") >> finetune
    base >> link("batch", "base weights") >> finetune
    finetune >> link("batch", "candidate model") >> identity_eval
    identity_eval >> link("batch", "approved") >> user_models
    user_models >> link("deploy", "user's weights") >> generator
    base >> link("deploy", "quality classifier") >> quality
    generator >> link("async", "50 candidates") >> output_filter
    output_filter >> link("batch", "kept headshots") >> results

    logs = interaction_log(bp, feedback_from=[user], feedback_label="downloads, favourites")
    logs.lake >> link("batch", "recipe tuning") >> finetune
    monitoring_stack(bp, observed=[quality, generator])

    bp.frames = [
        ["user", "upload_path"],
        ["personalisation"],
        ["generation"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Generate 50 professional headshots (e.g. for LinkedIn) of the user at 1024x1024",
            "Users upload 10-20 photos in varied poses; unsuitable photos are detected and "
            "the user is asked for better ones",
            "Start from a pretrained text-to-image model; no user prompts or attribute control",
            "Headshots must look like the user; photos are deleted after the job",
        ],
        inputs=["10-20 photos of the user"],
        outputs=["50 headshots of the user in professional styles"],
        ml_task=(
            "Subject-driven image generation: personalise a pretrained text-to-image diffusion "
            "model so a rare token denotes the user, then generate from fixed prompts."
        ),
        data=[
            "The user's 10-20 photos (instance images), checked for quality",
            "Class images of generic people generated by the base model (prior preservation)",
            "A fixed set of professional headshot prompts",
        ],
        features=[
            "Faces detected, cropped and resized; photos with several faces rejected",
            "Prompt 'a photo of [V] person ...' embedded by the frozen text encoder",
        ],
        model=[
            "Pretrained latent diffusion text-to-image model",
            "DreamBooth: fine-tune the U-Net (optionally with LoRA) on the user's photos",
        ],
        training=[
            "Denoising loss on instance images with the rare-token prompt",
            "Prior-preservation loss on class images so the model still knows 'person'",
            "A few hundred steps per user on one GPU; early stopping against overfitting",
        ],
        offline_metrics=[
            "Subject fidelity: DINO and CLIP-I similarity to the user's photos; face-ID similarity",
            "Prompt fidelity: CLIP-T between prompt and image",
            "Image quality: FID on a benchmark; human ratings",
        ],
        online_metrics=[
            "Share of headshots downloaded or favourited",
            "Re-order and refund rate; complaints about likeness",
        ],
        serving=[
            "Asynchronous jobs: fine-tune, check, generate 50 images, filter, notify",
            "Per-user weights stored as small LoRA files when using LoRA",
        ],
        monitoring=[
            "Job duration and failure rate; GPU cost per user",
            "Share of photos rejected by the quality check; identity-check failures",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Personalisation method",
                options=["Textual inversion", "LoRA", "DreamBooth (full fine-tune)"],
                choice="DreamBooth (LoRA variant to cut storage)",
                why="Best identity fidelity from few photos; textual inversion is light but "
                "loses likeness, full weights per user are costly to store.",
            ),
            Tradeoff(
                topic="Fine-tuning per user vs encoder-based (tuning-free) personalisation",
                options=["Fine-tune per user", "Identity encoder, no fine-tuning"],
                choice="Fine-tune per user",
                why="Minutes of GPU per user buy noticeably better likeness for a paid product.",
            ),
        ],
        talking_points=[
            "Overfitting and language drift: prior preservation keeps the class prior",
            "Input quality gates output quality: reject bad photos before paying for GPUs",
            "Privacy: delete photos and per-user weights after delivery",
        ],
        failure_modes=[
            FailureMode(
                component="quality_check",
                failure="Blurry or group photos accepted, so the model learns the wrong face",
                detection="Share of uploads rejected; identity similarity across uploads",
                mitigation="Reject and ask for better photos; face count and sharpness checks",
            ),
            FailureMode(
                component="dreambooth_finetuning",
                failure="Overfitting: every headshot copies one pose",
                detection="Identity similarity vs pose diversity on generated samples",
                mitigation="Fewer steps, prior-preservation loss, early stopping",
            ),
            FailureMode(
                component="identity_evaluation",
                failure="Outputs do not look like the user",
                detection="Face-embedding similarity to the uploads below threshold",
                mitigation="Regenerate; raise fine-tuning steps for that user",
            ),
            FailureMode(
                component="photo_store",
                failure="Photos kept after the job (privacy breach)",
                detection="Retention audit of stored objects",
                mitigation="Delete photos and the user model when the job completes",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Jobs per day",
                value="~10k",
                arithmetic="stated demand assumption: 10k users/day",
            ),
            Estimate(
                quantity="Fine-tuning GPU-hours",
                value="~3,300/day",
                arithmetic="10k jobs x 20 min per job / 60",
            ),
            Estimate(
                quantity="Generation GPU-hours",
                value="~420/day",
                arithmetic="10k jobs x 50 images x 3 s / 3,600",
            ),
            Estimate(
                quantity="Temporary storage",
                value="~500 GB/day",
                arithmetic="10k jobs x (20 photos x 5 MB + 50 x 8 MB) ≈ 10k x 50 MB",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "DreamBooth fine-tuning per user with a rare token",
            "evidence": {"words": ["DreamBooth", "rare token"]},
        },
        {"point": "LoRA so per-user weights stay small", "evidence": {"words": ["LoRA"]}},
        {
            "point": "Prior-preservation loss against language drift",
            "evidence": {"words": ["prior-preservation", "prior preservation"]},
        },
        {
            "point": "Face detection and filtering of the user's photos",
            "evidence": {"words": ["faces detected", "face detection"]},
        },
        {
            "point": "Identity similarity of the outputs (face embeddings)",
            "evidence": {"words": ["face similarity", "facial similarity", "identity"]},
        },
    ]
    return bp.build()
