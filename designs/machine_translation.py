"""Google Translate: translate text between languages, detecting the source language itself.

The chapter frames translation as sequence-to-sequence generation with an encoder-decoder
Transformer. A language detector identifies the input's language, the translation service picks
the model for that language pair, and the model decodes the translation with beam search. Models
are pretrained on terabytes of general text in each language (masked language modelling) and then
fine-tuned on 300 million sentence pairs; users' "suggest an edit" feedback is logged.

Sources: Aminian & Sheng, *Generative AI System Design Interview* (ByteByteGo, 2024), chapter 3,
"Google Translate" (bytebytego.com/courses/genai-system-design-interview/google-translate);
Vaswani et al., "Attention Is All You Need" (NeurIPS 2017); Liu et al., "Multilingual Denoising
Pre-training for Neural Machine Translation" (mBART, 2020); Johnson et al., "Google's Multilingual
Neural Machine Translation System" (TACL 2017) on one multilingual model versus bilingual ones;
Papineni et al., "BLEU" (ACL 2002).
"""

from mlsd_diagrams import Blueprint, Card, Design, Estimate, FailureMode, Tradeoff, link
from mlsd_diagrams.blocks import continual_training, interaction_log, monitoring_stack


def build() -> Design:
    bp = Blueprint(
        "machine_translation",
        "Google Translate (machine translation)",
        summary=(
            "Text up to 1,000 words arrives; a language detector identifies its language, the "
            "translation service routes it to the encoder-decoder Transformer for that language "
            "pair, and beam search decodes the translation. Models are pretrained on general "
            "text, fine-tuned on 300M sentence pairs, and improved with users' suggested edits."
        ),
    )
    user = bp.add("user", "client", "User (text to translate)")
    with bp.group("serving", "Translation path (online)"):
        api = bp.add("api", "api_gateway", "Translate API")
        detector = bp.add(
            "language_detector",
            "model_serving",
            "Language detector",
            notes="A small encoder-only classifier over the input text.",
        )
        service = bp.add(
            "translation_service",
            "app_service",
            "Translation service",
            notes="Picks the model for the detected source and requested target language.",
        )
        translator = bp.add(
            "translator",
            "model_serving",
            "Translation models (beam search)",
            notes="Encoder-decoder Transformers, one per language pair.",
        )
    with bp.group("data_group", "Training data"):
        general = bp.add("general_text", "data_lake", "General text (TBs per language)")
        pairs = bp.add("sentence_pairs", "data_warehouse", "Sentence pairs (300M)")
        prep = bp.add(
            "data_preparation",
            "batch_pipeline",
            "Clean, align, tokenise",
            notes="Removes misaligned pairs and duplicates; shared subword vocabulary.",
        )

    user >> link(label="text, target language") >> api
    api >> link(label="text") >> service
    service >> link(label="detect language") >> detector
    service >> link(label="source text, pair") >> translator
    [general, pairs] >> link("batch", "raw corpora") >> prep

    logs = interaction_log(bp, feedback_from=[user], feedback_label="suggested edits, ratings")
    continual_training(
        bp,
        training_data=[prep, logs.lake],
        serve_to=[detector, translator],
        trainer_label="Pretrain (MLM), fine-tune on pairs",
        model_label="",
    )
    monitoring_stack(bp, observed=[detector, translator])

    bp.frames = [
        ["user", "serving"],
        ["data_group"],
        ["training_group"],
        ["logging_group", "monitoring_group"],
    ]
    bp.card = Card(
        requirements=[
            "Translate between English, Spanish, Korean and French first; more languages later",
            "Detect the input language automatically; inputs up to 1,000 words",
            "Online service (no on-device model); high quality matters more than lowest latency",
        ],
        inputs=["Text in an unknown language and the target language"],
        outputs=["The translated text"],
        ml_task=(
            "Sequence-to-sequence generation: an encoder reads the source sentence, a decoder "
            "generates the target sentence token by token."
        ),
        data=[
            "Terabytes of general text in each language (web, books, news)",
            "300 million source-target sentence pairs across the supported languages",
            "Users' suggested edits as extra, noisy pairs",
        ],
        features=[
            "Subword tokens (BPE / SentencePiece) with a vocabulary shared across languages",
            "Language tags on the input so one model can serve several directions",
        ],
        model=[
            "Encoder-decoder Transformer with cross-attention, chosen over decoder-only",
            "Bilingual models (one per language pair) in the base design",
            "A small language-detection classifier in front",
        ],
        training=[
            "Pretraining: masked language modelling on general text (mBART-style denoising)",
            "Supervised fine-tuning on sentence pairs; cross-entropy on target tokens",
            "Back-translation to create pairs for low-resource directions",
        ],
        offline_metrics=["BLEU (chosen)", "METEOR", "ROUGE", "Human evaluation of samples"],
        online_metrics=[
            "User feedback: ratings and suggested edits per 1,000 translations",
            "Engagement: translations per user, copy and share rate",
        ],
        serving=[
            "Detect language, route to the language-pair model, decode with beam search",
            "Long inputs split into sentences and translated in a batch",
        ],
        monitoring=[
            "Latency and errors per language pair; detector confidence",
            "Rate of suggested edits per language pair as a quality signal",
        ],
        tradeoffs=[
            Tradeoff(
                topic="One multilingual model vs bilingual models",
                options=["One multilingual model", "One model per language pair"],
                choice="Bilingual models first",
                why="Better quality per pair and independent updates; a multilingual model "
                "scales to many languages and helps low-resource ones, at some quality cost.",
            ),
            Tradeoff(
                topic="Architecture",
                options=["Encoder-decoder", "Decoder-only"],
                choice="Encoder-decoder",
                why="The whole source is known up front; bidirectional encoding of it and "
                "cross-attention suit translation.",
            ),
        ],
        talking_points=[
            "BLEU rewards n-gram overlap, not meaning: keep human evaluation in the loop",
            "Language detection errors cascade: low confidence should ask the user",
            "Pretraining on monolingual text is what makes 300M pairs enough",
        ],
        failure_modes=[
            FailureMode(
                component="language_detector",
                failure="Wrong source language on short or mixed inputs",
                detection="Detector confidence distribution; user-corrected language rate",
                mitigation="Let users override; translate with the top two and pick by model score",
            ),
            FailureMode(
                component="translator",
                failure="Hallucinated or omitted content in long inputs",
                detection="BLEU/COMET on held-out sets; length-ratio outliers",
                mitigation="Split at sentences; length constraints in decoding",
            ),
            FailureMode(
                component="translation_service",
                failure="GPU saturation at peak, long queues",
                detection="p99 latency and queue depth",
                mitigation="Autoscale; batch requests; cache frequent sentences",
            ),
            FailureMode(
                component="data_preparation",
                failure="Noisy sentence pairs teach bad translations",
                detection="Alignment score distribution of mined pairs",
                mitigation="Filter by alignment score and language ID; back-translation for clean "
                "data",
            ),
        ],
        estimates=[
            Estimate(
                quantity="QPS",
                value="~12k",
                arithmetic="1B translations/day / 86,400 s ≈ 11.6k",
            ),
            Estimate(
                quantity="Tokens decoded per second",
                value="~1.2M",
                arithmetic="11.6k requests/s x 100 output tokens",
            ),
            Estimate(
                quantity="GPUs",
                value="~400",
                arithmetic="1.2M tokens/s / 3,000 tokens/s per GPU ≈ 390",
            ),
            Estimate(
                quantity="Log storage",
                value="~2 TB/day",
                arithmetic="1B requests x 2 KB (source + target) = 2e12 bytes",
            ),
        ],
    )
    bp.rubric = [
        {
            "point": "An encoder reads the source sentence, a decoder writes the target",
            "evidence": {"words": ["source sentence"]},
        },
        {
            "point": "Language tags and a vocabulary shared across languages",
            "evidence": {"words": ["language tag", "shared across languages"]},
        },
        {
            "point": "Language detection routes to the language-pair model",
            "evidence": {"words": ["language detection", "detect language"]},
        },
        {
            "point": "Back-translation for low-resource pairs",
            "evidence": {"words": ["back-translation"]},
        },
        {
            "point": "Bilingual against multilingual models",
            "evidence": {"words": ["bilingual", "multilingual model"]},
        },
    ]
    return bp.build()
