"""Every built-in card tells its own story: two or three sentences that name, in order, the
components a request passes and then those of the learning loop, as the diagram draws them.

Each design lists (component id, word): the word must be in that component's label, and the
words must appear in the narration in this order."""

from __future__ import annotations

import re

import pytest

from mlsd_diagrams._load import builtin_ids, load

PATHS: dict[str, list[tuple[str, str]]] = {
    "ab_testing_platform": [
        ("user", "user"), ("product", "product service"), ("assignment", "assignment service"),
        ("experiment_config", "experiment configs"), ("exposure_log", "exposure"),
        ("metric_pipeline", "metric pipeline"), ("metric_catalog", "metric catalog"),
        ("metric_store", "per-unit metrics"), ("analysis_engine", "analysis engine"),
        ("scorecard", "scorecard"), ("guardrail_stream", "guardrail metrics"),
        ("alerting", "alerting"),
    ],
    "ad_click_prediction": [
        ("user", "user"), ("ad_api", "ad request api"),
        ("candidate_generation", "candidate generation"), ("ranking", "ranking"),
        ("online_features", "feature store"),
        ("online_feature_computation", "online feature computation"),
        ("reranking", "re-ranking"), ("event_log", "event log"),
        ("engagement_counters", "engagement counters"), ("data_lake", "data lake"),
        ("training_data_generation", "training data generation"),
        ("training", "fine-tune"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "chatbot_assistant": [
        ("user", "user"), ("safety_filter", "safety filter"),
        ("prompt_enhancer", "prompt enhancer"), ("session_store", "conversation history"),
        ("response_generator", "response generator"), ("response_safety", "response safety"),
        ("rejection_generator", "rejection response"), ("pretraining", "pretraining"),
        ("web_corpus", "web-scale text"), ("sft", "sft"), ("labelers", "labelers"),
        ("reward_model", "reward model"), ("post_training", "ppo"),
        ("evaluation", "benchmarks"), ("model_registry", "model registry"),
        ("response_generator", "response generator"),
    ],
    "ecommerce_recommendation": [
        ("shopper", "shopper"), ("recs_api", "recs api"),
        ("candidate_generation", "candidate retrieval"),
        ("online_features", "online feature store"),
        ("candidate_index", "product index"), ("copurchase_candidates", "co-purchase candidates"),
        ("ranking", "multi-task"), ("reranking", "re-ranking"), ("event_log", "event log"),
        ("data_lake", "data warehouse"), ("feature_pipeline", "feature pipeline"),
        ("offline_features", "offline feature store"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"), ("indexing", "item tower"),
    ],
    "event_recommendation": [
        ("user", "user"), ("events_api", "events api"), ("event_filtering", "event filtering"),
        ("ranking_service", "event ranking service"), ("dynamic_features", "dynamic features"),
        ("event_log", "event log"), ("data_lake", "data lake"),
        ("feature_pipeline", "feature pipeline"), ("training", "fine-tune"),
        ("offline_features", "offline feature"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "face_generation": [
        ("generation_service", "generation service"), ("latent_editor", "latent"),
        ("generator", "stylegan"), ("post_check", "memorisation check"),
        ("face_dataset", "licensed faces"), ("training", "adversarial training"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
        ("event_log", "event log"), ("direction_fitting", "attribute directions"),
    ],
    "feature_store_platform": [
        ("client", "application"), ("model_serving", "model serving"),
        ("feature_server", "feature server"), ("online_store", "online store"),
        ("feature_registry", "feature registry"), ("feature_repo_ci", "feature repo ci"),
        ("event_stream", "event stream"), ("stream_transforms", "stream transforms"),
        ("offline_store", "offline store"), ("batch_materialisation", "batch materialis"),
        ("training", "training"), ("point_in_time_join", "point-in-time join"),
        ("model_registry", "model registry"), ("model_serving", "model serving"),
    ],
    "fraud_detection": [
        ("customer", "card checkout"), ("payment_api", "payment api"),
        ("risk_service", "risk decision service"), ("fraud_model", "fraud model"),
        ("rule_engine", "rule engine"), ("online_features", "online feature store"),
        ("transaction_log", "transaction log"), ("velocity_features", "velocity features"),
        ("analysts", "fraud analysts"), ("card_network", "card networks"),
        ("labels", "fraud labels"), ("training", "gbdt"),
        ("offline_features", "offline feature store"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "harmful_content_detection": [
        ("author", "user posting"), ("post_service", "post service"),
        ("event_log", "event stream"), ("harmful_content_detection", "harm detection service"),
        ("modality_encoders", "modality encoders"),
        ("violation_enforcement", "enforcement service"),
        ("demoting_service", "demoting service"), ("review_queue", "review queue"),
        ("human_reviewers", "human reviewers"), ("labels", "labels"),
        ("training", "multi-task training"), ("offline_features", "offline feature store"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
    ],
    "high_resolution_image_synthesis": [
        ("generation_service", "generation service"), ("api", "generation api"),
        ("token_generator", "token generator"), ("image_decoder", "vqgan"),
        ("super_resolution", "super-resolution"), ("safety_check", "quality"),
        ("tokenizer_training", "image tokenizer"), ("images", "images"),
        ("transformer_training", "transformer"), ("evaluation", "fid"),
        ("model_registry", "model registry"), ("token_generator", "token generator"),
    ],
    "image_captioning": [
        ("user", "uploader"), ("preprocessing", "image preprocessing"),
        ("caption_generator", "caption generator"), ("post_processing", "post-processing"),
        ("caption_store", "alt text"), ("image_caption_pairs", "web image-caption pairs"),
        ("data_preparation", "re-caption"), ("training", "encoder-decoder"),
        ("data_lake", "data lake"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"), ("caption_generator", "caption generator"),
    ],
    "image_classification_training": [
        ("client", "product app"), ("classifier", "image classifier"),
        ("api_gateway", "api gateway"), ("raw_images", "raw images"),
        ("labeling", "validate"), ("annotators", "annotators"),
        ("dataset_shards", "dataset shards"), ("data_loaders", "dataloaders"),
        ("training", "gpu worker 1"), ("gpu_workers", "gpu workers 2..64"),
        ("checkpoints", "checkpoints"), ("experiments", "experiment tracker"),
        ("evaluation", "offline evaluation"), ("export", "onnx"),
        ("model_registry", "model registry"), ("classifier", "classifier"),
    ],
    "kappa_architecture": [
        ("event_sources", "apps"), ("event_log", "event log"),
        ("stream_job_v1", "stream job v1"), ("table_v1", "output table v1"),
        ("stream_job_v2", "stream job v2"), ("table_v2", "output table v2"),
        ("query_service", "query service"), ("analyst", "application"),
    ],
    "lambda_architecture": [
        ("event_sources", "apps"), ("event_log", "new data"),
        ("master_dataset", "master dataset"), ("stream_compute", "stream processing"),
        ("batch_compute", "batch recompute"), ("batch_views", "batch views"),
        ("realtime_views", "real-time views"), ("query_service", "query service"),
        ("analyst", "application"),
    ],
    "llm_agent": [
        ("user", "user"), ("input_guardrail", "input guardrail"),
        ("planner", "planner llm"), ("tool_executor", "tool executor"),
        ("tools", "search, apis"), ("approver", "human approval"),
        ("short_term_memory", "short-term memory"), ("long_term_memory", "long-term memory"),
        ("output_guardrail", "output guardrail"), ("tracing", "traces"),
        ("evaluation", "offline evals"), ("fine_tuning", "fine-tuning"),
        ("registry", "model registry"),
    ],
    "machine_translation": [
        ("user", "user"), ("api", "translate api"), ("translation_service", "translation service"),
        ("language_detector", "language detector"), ("translator", "translation model"),
        ("general_text", "general text"), ("sentence_pairs", "sentence pairs"),
        ("data_preparation", "clean"), ("training", "mlm"),
        ("data_lake", "data lake"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "ml_system_framework": [
        ("client", "client app"), ("api_gateway", "api gateway"),
        ("traffic_split", "traffic split"), ("model_serving", "model serving"),
        ("online_features", "online store"), ("event_log", "outcome log"),
        ("data_lake", "data lake"), ("feature_pipeline", "feature pipeline"),
        ("offline_features", "offline feature store"), ("training", "training pipeline"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
        ("batch_prediction", "batch prediction"), ("monitoring", "monitoring"),
    ],
    "model_deployment": [
        ("client", "client"), ("gateway", "api gateway"), ("traffic_router", "traffic router"),
        ("stable", "stable fleet"), ("canary", "canary"), ("shadow", "shadow"),
        ("training", "training"), ("evaluation", "offline evaluation gate"),
        ("model_registry", "model registry"), ("ci", "ci"),
        ("container_registry", "container registry"),
        ("rollout_controller", "rollout controller"), ("canary_analysis", "canary analysis"),
        ("prediction_log", "prediction log"), ("data_lake", "data lake"),
    ],
    "people_you_may_know": [
        ("user", "user"), ("pymk_service", "pymk service"), ("api", "api gateway"),
        ("precomputed_pymk", "pre-computed pymk"), ("fof_service", "fof service"),
        ("social_graph", "social graph"), ("scoring_service", "gnn"),
        ("feature_computation", "feature computation"), ("training", "link prediction"),
        ("graph_snapshots", "graph snapshots"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "personalized_headshots": [
        ("user", "selfies"), ("quality_check", "photo quality check"),
        ("photo_store", "user photos"), ("dreambooth_finetuning", "dreambooth fine-tuning"),
        ("identity_evaluation", "prompt fidelity check"),
        ("user_models", "per-user models"), ("headshot_generator", "headshot generator"),
        ("output_filter", "artefact"), ("event_log", "event log"),
        ("data_lake", "data lake"),
    ],
    "personalized_news_feed": [
        ("user", "timeline"), ("feed_api", "feed api"), ("retrieval", "retrieval service"),
        ("posts", "friendships"), ("ranking", "ranking service"),
        ("feature_computation", "online feature computation"),
        ("online_features", "online feature store"), ("reranking", "re-ranking service"),
        ("event_log", "event log"), ("reaction_counters", "reaction counters"),
        ("data_lake", "data lake"), ("feature_pipeline", "feature pipeline"),
        ("training", "multi-task dnn"), ("offline_features", "offline feature store"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
    ],
    "rag_pipeline": [
        ("user", "user"), ("input_guardrail", "safety filter"),
        ("query_expansion", "query expansion"), ("retriever", "retriever"),
        ("query_embedder", "text encoder"), ("vector_index", "vector index"),
        ("prompt_builder", "prompt engineering"), ("llm", "hosted"),
        ("output_guardrail", "safety filter"), ("documents", "documents"),
        ("parser", "parsing"), ("chunker", "chunking"), ("doc_embedder", "image encoders"),
        ("indexing", "upsert"), ("evaluation", "rag triad"), ("training", "fine-tun"),
        ("model_registry", "model registry"),
    ],
    "similar_listings": [
        ("user", "user viewing a listing"), ("listing_api", "listing page api"),
        ("embedding_fetcher", "embedding fetcher service"), ("index_table", "index table"),
        ("nearest_neighbor", "nearest neighbor service"), ("reranking", "re-ranking service"),
        ("session_builder", "search sessions"), ("event_log", "event log"),
        ("data_lake", "data lake"), ("training", "fine-tune"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
        ("indexer", "indexer"), ("index_table", "index table"),
    ],
    "smart_compose": [
        ("user", "email composer"), ("api", "compose api"),
        ("triggering_service", "triggering service"), ("phrase_generator", "phrase generator"),
        ("post_processing", "post-processing"), ("web_text", "general web text"),
        ("emails", "anonymised emails"), ("data_preparation", "bpe-tokenise"),
        ("training", "pretrain"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"), ("phrase_generator", "phrase generator"),
    ],
    "street_view_blurring": [
        ("raw_images", "captured images"), ("preprocessing", "preprocessing"),
        ("object_detection", "plate detector"), ("nms", "non-max suppression"),
        ("blurring_service", "blurring"), ("blurred_images", "blurred images"),
        ("image_cdn", "tile cdn"), ("user", "street view user"),
        ("report_queue", "report queue"), ("report_review", "review"),
        ("hard_negative_mining", "hard-negative mining"),
        ("annotated_images", "annotated images"), ("augmentation", "augment"),
        ("training", "object detector"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "text_to_image": [
        ("user", "user"), ("prompt_autocomplete", "prompt auto-complete"),
        ("prompt_safety", "prompt safety"), ("prompt_enhancer", "prompt enhancer"),
        ("text_encoder", "t5"), ("diffusion_model", "diffusion model"),
        ("harm_detection", "harm detection"), ("super_resolution", "super-resolution"),
        ("image_text_pairs", "image-caption pairs"), ("training", "noise prediction"),
        ("data_lake", "data lake"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "text_to_video": [
        ("user", "user"), ("prompt_safety", "prompt safety"),
        ("prompt_enhancer", "prompt enhancer"), ("job_queue", "generation jobs"),
        ("text_encoder", "t5"), ("video_diffusion", "latent diffusion transformer"),
        ("vae_decoder", "video vae decoder"), ("harm_detection", "harm detection"),
        ("super_resolution", "super-res"), ("cdn", "video cdn"),
        ("video_captions", "captioned videos"), ("data_preparation", "recaption"),
        ("training", "ldm"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"),
    ],
    "video_recommendation": [
        ("user", "homepage"), ("recommendation_api", "feed api"),
        ("candidate_generation", "two-tower"), ("online_features", "online feature store"),
        ("candidate_index", "video index"), ("popular_candidates", "popular"),
        ("ranking", "scoring"), ("reranking", "re-ranking"), ("event_log", "event log"),
        ("data_lake", "data lake"), ("feature_pipeline", "feature pipeline"),
        ("offline_features", "offline"), ("training", "retrieval"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
        ("indexing", "video tower"),
    ],
    "visual_search": [
        ("user", "query image"), ("embedding_service", "embedding generation service"),
        ("nearest_neighbor_service", "nearest neighbour service"),
        ("vector_index", "index table"), ("reranking_service", "re-ranking service"),
        ("indexing", "indexing service"), ("image_store", "100-200 billion"),
        ("training", "contrastive training"), ("data_lake", "data lake"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
    ],
    "youtube_video_search": [
        ("user", "user"), ("search_api", "search api"), ("text_encoder", "text encoder"),
        ("nearest_neighbor_service", "nearest neighbour service"),
        ("video_index", "video index"), ("text_search", "text search"),
        ("inverted_index", "inverted index"), ("fusing_layer", "fusing layer"),
        ("reranking_service", "re-ranking service"), ("video_indexing", "video encoder"),
        ("auto_tagger", "auto-tagger"), ("text_indexing", "text indexing"),
        ("video_metadata", "video metadata"), ("training", "contrastive training"),
        ("annotated_pairs", "(video, query) pairs"), ("data_lake", "data lake"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
    ],
    "search_ranking": [
        ("user", "search box"), ("autocomplete", "query autocomplete"),
        ("search_api", "search api"), ("lexical_search", "lexical search"),
        ("candidate_generation", "two-tower retrieval"), ("candidate_index", "document vectors"),
        ("ranking", "lambdamart"), ("online_features", "online feature store"),
        ("reranking", "business rules"), ("event_log", "event log"), ("data_lake", "data lake"),
        ("offline_features", "offline feature store"), ("training", "train"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
        ("indexing", "doc tower"),
    ],
    "eta_prediction": [
        ("rider", "rider app"), ("trip_api", "trip api"), ("eta_service", "eta service"),
        ("routing_engine", "routing engine"), ("live_speeds", "live segment speeds"),
        ("eta_model", "eta residual model"), ("drivers", "driver apps"),
        ("gps_stream", "gps pings"), ("map_matching", "map matching"),
        ("segment_speeds", "segment speed aggregation"), ("event_log", "event log"),
        ("data_lake", "data lake"), ("training_set", "actual times"),
        ("training", "residual model"), ("model_registry", "model registry"),
    ],
    "llm_inference_serving": [
        ("apps", "applications"), ("gateway", "api gateway"), ("router", "router"),
        ("large_pool", "large model replicas"), ("small_pool", "small model replicas"),
        ("kv_cache", "prefix cache"), ("request_queue", "per-pool request queues"),
        ("autoscaler", "autoscaler"), ("monitoring", "monitoring"),
        ("checkpoints", "open-weights checkpoints"), ("quantise_compile", "quantise"),
        ("model_registry", "model registry"),
    ],
    "notification_ranking": [
        ("product_events", "product events"), ("triggers", "candidate triggers"),
        ("ranker", "notification ranker"), ("policy_engine", "fatigue caps, quiet hours"),
        ("preferences", "preferences"), ("scheduler", "scheduler"), ("user", "user"),
        ("event_log", "notification log"), ("data_lake", "data lake"),
        ("feature_pipeline", "feature pipeline"), ("training", "disable models"),
        ("evaluation", "offline evaluation"), ("model_registry", "model registry"),
    ],
    "spam_detection": [
        ("users", "users"), ("api", "messaging api"), ("risk_service", "risk decision service"),
        ("rules", "rules"), ("spam_model", "fake-account model"),
        ("online_features", "online feature store"), ("event_log", "event log"),
        ("data_lake", "data lake"), ("graph_clustering", "account graph clustering"),
        ("offline_features", "offline feature store"), ("reviewers", "safety reviewers"),
        ("labels", "abuse labels"), ("training", "retrain"), ("evaluation", "offline evaluation"),
        ("model_registry", "model registry"), ("drift_detector", "drift detector"),
        ("analysts", "analysts"),
    ],
}  # fmt: skip


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())


def test_every_built_in_design_has_a_path_listed_here() -> None:
    assert sorted(PATHS) == builtin_ids()


@pytest.mark.parametrize("design_id", builtin_ids())
def test_each_card_narrates_its_request_path_then_its_learning_loop(design_id: str) -> None:
    design = load(design_id)
    narration = design.card.narration
    assert narration, f"{design_id} has no narration of its own"
    assert narration.endswith("."), narration
    assert 2 <= len(sentences(narration)) <= 3, narration
    text, at = narration.lower(), 0
    for component_id, word in PATHS[design_id]:
        component = design.component(component_id)
        assert component is not None, (design_id, component_id)
        assert word in component.label.lower(), (design_id, component_id, component.label)
        found = text.find(word, at)
        assert found >= 0, f"{design_id}: {word!r} ({component_id}) missing after {text[at:]!r}"
        at = found + len(word)


def test_the_card_shows_the_written_narration() -> None:
    from mlsd_diagrams.study import card_markdown

    design = load("rag_pipeline")
    assert " ".join(design.card.narration.split()[:6]) in " ".join(card_markdown(design).split())
