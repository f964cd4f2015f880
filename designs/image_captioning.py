"""Image captioning: generate a short description of an image (alt text, search, accessibility).

The chapter frames captioning as conditional text generation with an encoder-decoder model: a
pretrained image encoder (a vision transformer) turns the image into a sequence of embeddings and
a Transformer text decoder generates the caption with beam search. Training uses hundreds of
millions of web image-caption pairs, cleaned and partly re-captioned, with a cross-entropy loss;
CIDEr is the chosen offline metric. Post-processing removes offensive or biased wording before a
caption is stored with the image.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 5,
"Image Captioning" (bytebytego.com/courses/genai-system-design-interview/image-captioning);
Dosovitskiy et al., "An Image is Worth 16x16 Words" (ViT, ICLR 2021); Radford et al., CLIP (ICML
2021); Li et al., "BLIP: Bootstrapping Language-Image Pre-training" (ICML 2022) on filtering and
re-captioning noisy web pairs; Vedantam et al., "CIDEr: Consensus-based Image Description
Evaluation" (CVPR 2015).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "image_captioning",
        "Image Captioning",
        summary=(
            "An uploaded image is resized and normalised, a ViT encoder and a Transformer "
            "decoder generate candidate captions with beam search, and post-processing filters "
            "offensive or biased words before the caption is stored with the image. Models are "
            "trained on cleaned web image-caption pairs; users' caption edits flow back."
        ),
    )
    user = bp.add("user", "client", "Uploader / viewer")
    with bp.group("serving", "Captioning path (online)"):
        preprocess = bp.add(
            "preprocessing", "app_service", "Image preprocessing", notes="Resize, normalise."
        )
        captioner = bp.add(
            "caption_generator",
            "model_serving",
            "Caption generator (beam search)",
            notes="ViT image encoder + Transformer text decoder with cross-attention.",
        )
        post = bp.add(
            "post_processing",
            "guardrail",
            "Post-processing",
            notes="Drops offensive or biased words; falls back when confidence is low.",
        )
        captions = bp.add("caption_store", "nosql_db", "Captions (alt text)")
    with bp.group("data_group", "Training data"):
        pairs = bp.add("image_caption_pairs", "object_storage", "Web image-caption pairs")
        prep = bp.add(
            "data_preparation",
            "batch_pipeline",
            "Filter, de-duplicate, re-caption",
            notes="Drops pairs with low image-text similarity; rewrites noisy captions.",
        )

    user >> link(label="uploaded image") >> preprocess
    preprocess >> link(label="pixels") >> captioner
    captioner >> link(label="top captions") >> post
    post >> link(label="caption") >> captions
    pairs >> link("batch", "pairs") >> prep

    logs = interaction_log(bp, feedback_from=[user], feedback_label="caption edits, reports")
    continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[captioner],
        trainer_label="Fine-tune encoder-decoder",
        model_label="captioner",
    )
    monitoring_stack(bp, observed=[captioner])

    bp.frames = [
        ["user", "serving"],
        ["data_group"],
        ["training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Generate one short, accurate English caption for each uploaded image",
            "Captions must be free of offensive or biased language",
            "Near real time after upload; hundreds of millions of images",
        ],
        inputs=["An image"],
        outputs=["A caption describing the image's content"],
        ml_task=(
            "Conditional text generation: an image encoder produces visual embeddings and a "
            "text decoder generates the caption token by token, attending to them."
        ),
        data=[
            "Hundreds of millions of image-caption pairs scraped from the web (alt text)",
            "Cleaning: remove duplicates, unsafe images, pairs with low CLIP similarity",
            "Re-captioning noisy pairs with a captioner trained on clean data",
        ],
        features=[
            "Image: resized, normalised, split into 16x16 patches for the ViT",
            "Text: subword tokens of the caption",
        ],
        model=[
            "Encoder-decoder: pretrained ViT (e.g. CLIP) encoder + pretrained Transformer decoder",
            "Cross-attention from decoder to image patch embeddings",
        ],
        training=[
            "Start from pretrained encoder and decoder; fine-tune on image-caption pairs",
            "Next-token cross-entropy on caption tokens (teacher forcing)",
            "Beam search at inference; length penalty against too-short captions",
        ],
        offline_metrics=["CIDEr (chosen)", "BLEU", "METEOR", "ROUGE", "Human ratings"],
        online_metrics=[
            "Share of captions users edit or report",
            "Engagement with image search and accessibility features that use captions",
        ],
        serving=[
            "Caption at upload time, store with the image; re-caption when the model changes",
            "Batch requests on GPUs; post-processing before storage",
        ],
        monitoring=[
            "Latency and throughput; caption length and confidence distributions",
            "Rate of reports for offensive or wrong captions",
        ],
        tradeoffs=[
            Tradeoff(
                topic="Pretrained components vs training from scratch",
                options=["Train from scratch", "Pretrained encoder and decoder, fine-tuned"],
                choice="Pretrained, fine-tuned",
                why="Pretraining brings visual and language knowledge that noisy pairs alone "
                "cannot teach.",
            ),
            Tradeoff(
                topic="Decoding",
                options=["Greedy", "Beam search", "Sampling"],
                choice="Beam search",
                why="Captions should be the most likely accurate description, not diverse.",
            ),
        ],
        talking_points=[
            "CIDEr weighs n-grams by TF-IDF across references, so it rewards specific content",
            "Web captions are noisy: cleaning and re-captioning matter as much as the model",
            "Bias: avoid guessing gender or ethnicity; prefer neutral words",
        ],
        failure_modes=[
            FailureMode(
                component="caption_generator",
                failure="Hallucinated objects in captions",
                detection="CIDEr and object-hallucination rate (CHAIR) on a held-out set",
                mitigation="Grounded training data; lower temperature; beam search with length "
                "penalty",
            ),
            FailureMode(
                component="post_processing",
                failure="Offensive or biased words reach users",
                detection="Blocklist hits and human audits",
                mitigation="Word filter and a bias classifier; fall back to a generic caption",
            ),
            FailureMode(
                component="preprocessing",
                failure="Unusual images (screenshots, documents) get poor captions",
                detection="Caption confidence by image type",
                mitigation="Route such images to OCR or skip captioning",
            ),
            FailureMode(
                component="training",
                failure="Noisy web alt-text teaches wrong captions",
                detection="Caption-image similarity (CLIP score) distribution in the data",
                mitigation="Filter pairs by CLIP score; caption bootstrapping",
            ),
        ],
        estimates=[
            Estimate(
                quantity="Captions per second",
                value="~3.5k",
                arithmetic="300M images/day / 86,400 s ≈ 3.5k",
            ),
            Estimate(
                quantity="GPUs",
                value="~70",
                arithmetic="3.5k images/s x 0.02 GPU-s per caption ≈ 70",
            ),
            Estimate(
                quantity="Caption storage",
                value="~60 GB/day",
                arithmetic="300M captions x 200 bytes = 6e10 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "An image encoder over patches, attended by the text decoder",
            "evidence": {"words": ["image patch", "image encoder"]},
        },
        {
            "point": "Captions generated once at upload and stored",
            "evidence": {"words": ["caption at upload", "upload time"]},
        },
        {
            "point": "Teacher forcing with next-token cross-entropy",
            "evidence": {"words": ["teacher forcing"]},
        },
        {"point": "A length penalty in beam search", "evidence": {"words": ["length penalty"]}},
        {"point": "Caption metrics (CIDEr)", "evidence": {"words": ["CIDEr"]}},
    ]
    return bp.build()
