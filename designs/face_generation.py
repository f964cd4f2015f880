"""Realistic face generation: sample new, photorealistic 1024x1024 faces in under a second.

The chapter compares VAEs, GANs, autoregressive and diffusion models and picks a StyleGAN-style
GAN: one forward pass from a random noise vector produces a photorealistic face, which meets the
sub-second requirement. The generator is trained adversarially against a discriminator on a
licensed dataset of 70,000 diverse face images; FID is the chosen offline metric. A post-check
rejects artefacts and near-copies of training faces before an image is returned.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 7,
"Realistic Face Generation" (bytebytego.com/courses/genai-system-design-interview/
realistic-face-generation); Karras et al., "A Style-Based Generator Architecture for GANs"
(StyleGAN, CVPR 2019) and "Analyzing and Improving the Image Quality of StyleGAN" (StyleGAN2, CVPR
2020), including the FFHQ dataset of 70,000 faces; Goodfellow et al., "Generative Adversarial
Nets" (NeurIPS 2014); Heusel et al., FID (NeurIPS 2017).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "face_generation",
        "Realistic Face Generation",
        summary=(
            "A request for a face reaches the generation service, which samples a noise vector "
            "(with the truncation trick); the StyleGAN generator turns it into a 1024x1024 face "
            "in one pass, and a post-check rejects artefacts and near-copies of training faces. "
            "The GAN is trained adversarially on 70k licensed faces and evaluated with FID."
        ),
        sla_ms=1000,
    )
    user = bp.add("user", "client", "User / app", latency_ms=0)
    with bp.group("serving", "Generation path (online)"):
        service = bp.add(
            "generation_service",
            "app_service",
            "Generation service",
            latency_ms=5,
            notes="Samples z ~ N(0, I); truncation trades diversity for quality.",
        )
        generator = bp.add(
            "generator",
            "image_generator",
            "Face generator (StyleGAN)",
            latency_ms=80,
            notes="Mapping network + synthesis network, one forward pass on a GPU.",
        )
        check = bp.add(
            "post_check",
            "guardrail",
            "Quality & memorisation check",
            latency_ms=30,
            notes="Artefact classifier; nearest-neighbour check against training faces.",
        )
    with bp.group("data_group", "Training data"):
        faces = bp.add("face_dataset", "object_storage", "Licensed faces (70k)")
        prep = bp.add(
            "preprocessing",
            "batch_pipeline",
            "Align, crop to 1024, augment",
            notes="Face alignment by landmarks; horizontal flips; balance demographics.",
        )

    user >> link(label="generate face", latency_ms=100) >> service
    service >> link(label="noise vector", latency_ms=1) >> generator
    generator >> link(label="1024x1024 face", latency_ms=5) >> check
    faces >> link("batch", "images") >> prep

    logs = interaction_log(bp, feedback_from=[user], feedback_label="ratings, reports")
    continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[generator],
        trainer_label="Adversarial training (G vs D)",
        model_label="generator",
    )
    monitoring_stack(bp, observed=[generator])

    bp.frames = [
        ["user", "serving"],
        ["data_group"],
        ["training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Generate new, photorealistic faces at 1024x1024 for entertainment and content",
            "Diverse in ethnicity, age and gender; no attribute control in the base design",
            "Under one second per face",
            "Training on 70,000 licensed face images; no generated face may copy a real one",
        ],
        inputs=["A request (no user input); the model starts from random noise"],
        outputs=["A 1024x1024 image of a face that does not exist"],
        ml_task=(
            "Unconditional image generation: learn the distribution of face images and sample "
            "from it, mapping a random noise vector to a face."
        ),
        data=[
            "70,000 high-quality, diverse, licensed face images",
            "Cleaning: remove low-quality and duplicate images; check demographic balance",
        ],
        features=[
            "Faces aligned by landmarks and cropped to 1024x1024; pixels scaled to [-1, 1]",
            "Augmentation: horizontal flips (and adaptive augmentation for small data)",
        ],
        model=[
            "GAN (StyleGAN): mapping network to a style space, synthesis network upsampling "
            "4x4 to 1024x1024 with style modulation",
            "Discriminator: a CNN classifying real vs generated",
        ],
        training=[
            "Minimax adversarial loss (non-saturating variant); alternate D and G steps",
            "Mode collapse and vanishing gradients: regularisation (R1), Wasserstein-style losses",
            "Truncation trick at sampling for quality; exponential moving average of G weights",
        ],
        offline_metrics=[
            "FID (chosen): distance between Inception features of real and generated faces",
            "Inception score; precision and recall for quality vs diversity",
            "Human evaluation of realism",
        ],
        online_metrics=["User ratings and reports", "Engagement: generations per session"],
        serving=[
            "One forward pass per face on a GPU; batch concurrent requests",
            "Post-check before returning; generated faces watermarked",
        ],
        monitoring=[
            "Latency, GPU utilisation; share of faces rejected by the post-check",
            "Diversity of outputs over time (attribute classifiers on samples)",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Generative model family",
                options=["VAE", "GAN", "Autoregressive", "Diffusion"],
                choice="GAN (StyleGAN)",
                why="Photorealistic faces in one forward pass meet the sub-second budget; "
                "diffusion is as good but needs many denoising steps, VAEs are blurry.",
            ),
            Tradeoff(
                topic="Truncation",
                options=["No truncation", "Truncation psi < 1"],
                choice="Moderate truncation",
                why="Sampling near the average style improves quality at the cost of diversity.",
            ),
        ],
        talking_points=[
            "GAN training is unstable: explain mode collapse and how to detect it",
            "FID needs many samples and compares distributions, not single images",
            "Ethics: watermark outputs, check memorisation, keep demographic balance",
            "Attribute control: move along latent directions found in the style space",
        ],
        failure_modes=[
            FailureMode(
                component="generator",
                failure="Mode collapse: many faces look alike",
                detection="FID and pairwise diversity (LPIPS) on each new checkpoint",
                mitigation="Minibatch discrimination, regularisation; keep the last good "
                "checkpoint",
            ),
            FailureMode(
                component="post_check",
                failure="Generated face copies a training face (memorisation)",
                detection="Nearest-neighbour distance to the 70k training faces",
                mitigation="Reject outputs closer than a threshold; deduplicate the training set",
            ),
            FailureMode(
                component="training",
                failure="GAN training diverges (exploding discriminator)",
                detection="Loss curves and FID every few thousand steps",
                mitigation="Gradient penalty, learning-rate decay, restart from checkpoint",
            ),
            FailureMode(
                component="generation_service",
                failure="GPU capacity exhausted at a traffic peak (over 1 s)",
                detection="p99 latency and GPU utilisation",
                mitigation="Pre-generate a pool of faces; autoscale; queue with a timeout",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~120",
                arithmetic="10M faces/day / 86,400 s ≈ 116",
            ),
            Estimate(
                quantity="GPUs for serving",
                value="~6",
                arithmetic="116 faces/s x 0.05 s per face on a GPU ≈ 5.8",
            ),
            Estimate(
                quantity="Output storage",
                value="~20 TB/day",
                arithmetic="10M faces x 2 MB per 1024x1024 PNG = 2e13 bytes",
            ),
            Estimate(
                quantity="Training set",
                value="~140 GB",
                arithmetic="70,000 images x 2 MB each",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "StyleGAN mapping and synthesis networks",
            "evidence": {"words": ["mapping network", "style modulation"]},
        },
        {
            "point": "A discriminator classifying real against generated",
            "evidence": {"words": ["real vs generated", "discriminator"]},
        },
        {
            "point": "Mode collapse and training instability handled",
            "evidence": {"words": ["mode collapse"]},
        },
        {
            "point": "Truncation trick for quality against diversity",
            "evidence": {"words": ["truncation trick"]},
        },
        {"point": "Faces aligned and cropped by landmarks", "evidence": {"words": ["landmarks"]}},
    ]
    return bp.build()
