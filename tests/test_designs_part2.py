"""The second half of the case studies: each validates strictly and keeps its chapter's shape."""

from __future__ import annotations

from collections.abc import Iterable

from mlsd_diagrams._catalog import ComponentKind, FlowKind, Plane
from mlsd_diagrams._load import load
from mlsd_diagrams._model import Design

F = FlowKind

# --- helpers -------------------------------------------------------------------------------------


def of_kind(design: Design, kind: ComponentKind) -> list[str]:
    return [c.id for c in design.components if c.kind == kind]


def has_flow(design: Design, source: str, target: str, kind: FlowKind | None = None) -> bool:
    return any(
        f.source == source and f.target == target and (kind is None or f.kind is kind)
        for f in design.flows
    )


def targets(design: Design, source: str, kinds: Iterable[FlowKind]) -> set[str]:
    wanted = set(kinds)
    return {f.target for f in design.flows if f.source == source and f.kind in wanted}


def reachable(design: Design, start: str, kinds: Iterable[FlowKind]) -> set[str]:
    """Components reachable from `start` over flows of the given kinds (start excluded)."""
    wanted = set(kinds)
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in targets(design, todo.pop(), wanted):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def served(design: Design) -> set[str]:
    """Everything on a request path from a client."""
    found: set[str] = set()
    for client in of_kind(design, "client"):
        found |= reachable(design, client, [F.REQUEST])
    return found


def kind_of(design: Design, component_id: str) -> ComponentKind:
    component = design.component(component_id)
    assert component is not None, component_id
    return component.kind


def plane_of(design: Design, component_id: str) -> Plane:
    component = design.component(component_id)
    assert component is not None, component_id
    return component.effective_plane


def one(design: Design, kind: ComponentKind) -> str:
    found = of_kind(design, kind)
    assert len(found) == 1, f"expected one {kind}, found {found}"
    return found[0]


DATA = [F.BATCH, F.ASYNC, F.FEEDBACK]


# --- the chapters' shapes ------------------------------------------------------------------------


def test_ad_click_targets_ranks_and_reranks_with_a_continually_learned_ranker() -> None:
    d = load("ad_click_prediction")
    # Candidates come from the advertisers' targeting criteria, not from a learned model.
    cg, index = one(d, "search_service"), one(d, "search_index")
    rank, rerank = one(d, "ranking_service"), one(d, "rule_engine")
    assert has_flow(d, cg, index, F.REQUEST)
    assert has_flow(d, cg, rank, F.REQUEST) and has_flow(d, rank, rerank, F.REQUEST)
    # Ranking reads batch features from the store and dynamic ones computed at query time.
    reads = targets(d, rank, [F.REQUEST])
    assert {one(d, "feature_service")} <= reads
    assert any(kind_of(d, r) == "feature_store" for r in reads)
    assert targets(d, one(d, "model_registry"), [F.DEPLOY]) == {rank}
    # Continual learning: the ranker trains on the interactions users generate.
    assert one(d, "training_pipeline") in reachable(d, one(d, "client"), DATA)
    assert "normalized cross-entropy" in " ".join(d.card.offline_metrics).lower()
    assert {"CTR", "Hide rate"} <= set(d.card.online_metrics)


def test_similar_listings_finds_neighbours_in_an_index_the_indexing_pipeline_builds() -> None:
    d = load("similar_listings")
    ann, index = one(d, "nearest_neighbor_service"), one(d, "vector_index")
    indexer = one(d, "indexing_pipeline")
    assert has_flow(d, ann, index, F.REQUEST)
    assert has_flow(d, indexer, index, F.BATCH)
    # The index holds the embedding table the training pipeline produced (learned ID vectors).
    assert has_flow(d, one(d, "model_registry"), indexer, F.BATCH)
    assert ann in served(d)
    assert "average rank of the eventually-booked listing" in d.card.offline_metrics[0].lower()
    assert "Session book rate" in d.card.online_metrics


def test_news_feed_retrieves_ranks_and_reranks_within_200_ms() -> None:
    d = load("personalized_news_feed")
    retrieval, rank = one(d, "retriever"), one(d, "ranking_service")
    assert d.sla_ms == 200
    assert has_flow(d, retrieval, rank, F.REQUEST)
    rerank = next(iter(targets(d, rank, [F.REQUEST]) & set(of_kind(d, "rule_engine"))))
    assert rerank in served(d)
    online_stores = [
        c.id for c in d.components if c.kind == "feature_store" and c.plane is Plane.ONLINE
    ]
    assert set(online_stores) & targets(d, rank, [F.REQUEST])
    assert any("ROC-AUC" in m for m in d.card.offline_metrics)


def test_pymk_is_batch_prediction_read_by_the_service() -> None:
    d = load("people_you_may_know")
    scoring, fof = one(d, "batch_prediction"), one(d, "batch_pipeline")
    store = one(d, "nosql_db")
    assert has_flow(d, fof, scoring, F.BATCH)
    assert has_flow(d, scoring, store, F.BATCH)
    assert has_flow(d, one(d, "app_service"), store, F.REQUEST)
    assert has_flow(d, one(d, "model_registry"), scoring, F.DEPLOY)
    # Batch prediction: no model is hosted on the request path.
    hosts = {"model_serving", "ranking_service", "embedding_service", "candidate_generation"}
    assert all(kind_of(d, c) not in hosts for c in served(d))


def test_fraud_streams_features_into_the_store_the_model_reads() -> None:
    d = load("fraud_detection")
    stream, model = one(d, "stream_processor"), one(d, "model_serving")
    online = [
        c
        for c in targets(d, stream, [F.ASYNC])
        if kind_of(d, c) == "feature_store" and plane_of(d, c) is Plane.ONLINE
    ]
    assert online and has_flow(d, model, online[0], F.REQUEST)
    assert {model, one(d, "rule_engine"), online[0]} <= served(d)
    # Analysts' verdicts and chargebacks are feedback that reaches training.
    trainer = one(d, "training_pipeline")
    analysts = one(d, "human_reviewer")
    assert trainer in reachable(d, analysts, DATA)
    chargebacks = [f for f in d.flows if f.kind is F.FEEDBACK and "chargeback" in (f.label or "")]
    assert chargebacks and kind_of(d, chargebacks[0].source) == "client"
    assert trainer in reachable(d, chargebacks[0].target, DATA)


def test_image_training_streams_shards_into_data_parallel_training() -> None:
    d = load("image_classification_training")
    loaders = "data_loaders"
    trainers = of_kind(d, "training_pipeline")
    assert len(trainers) >= 2 and all(has_flow(d, loaders, t, F.BATCH) for t in trainers)
    shards = [s for s in of_kind(d, "object_storage") if has_flow(d, s, loaders, F.BATCH)]
    assert shards, "data loaders read nothing from object storage"
    labeling = one(d, "labeling")
    assert has_flow(d, one(d, "annotator"), labeling)
    assert shards[0] in reachable(d, labeling, DATA)
    evaluation, registry = one(d, "evaluation_pipeline"), one(d, "model_registry")
    assert registry in reachable(d, evaluation, DATA)
    assert has_flow(d, registry, one(d, "model_serving"), F.DEPLOY)
    assert any(f.kind is F.FEEDBACK and f.target == labeling for f in d.flows)


def test_rag_retriever_reads_the_index_the_indexing_path_builds() -> None:
    d = load("rag_pipeline")
    retriever, index = one(d, "retriever"), one(d, "vector_index")
    assert has_flow(d, retriever, index, F.REQUEST)
    assert has_flow(d, one(d, "indexing_pipeline"), index, F.BATCH)
    # Queries and documents are embedded by the same registered model.
    embedders = of_kind(d, "embedding_service")
    assert len(embedders) == 2
    assert set(embedders) <= targets(d, one(d, "model_registry"), [F.DEPLOY])
    # The question passes a guardrail before retrieval, the answer one after the hosted LLM.
    llm = "llm"
    assert d.component(llm) is not None and d.component(llm).kind == "llm_service"  # type: ignore[union-attr]
    guards = of_kind(d, "guardrail")
    assert any(retriever in reachable(d, g, [F.REQUEST]) for g in guards)
    assert any(has_flow(d, llm, g, F.REQUEST) for g in guards)
    assert llm in reachable(d, retriever, [F.REQUEST])


def test_lambda_has_a_batch_and_a_speed_layer_merged_at_query_time() -> None:
    d = load("lambda_architecture")
    batch, stream = one(d, "batch_pipeline"), one(d, "stream_processor")
    master = one(d, "data_lake")
    log = one(d, "message_queue")
    assert has_flow(d, log, master, F.BATCH) and has_flow(d, master, batch, F.BATCH)
    assert has_flow(d, log, stream, F.ASYNC)
    batch_view = next(iter(targets(d, batch, [F.BATCH])))
    realtime_view = next(iter(targets(d, stream, [F.ASYNC])))
    assert batch_view != realtime_view
    query = one(d, "app_service")
    assert {batch_view, realtime_view} <= targets(d, query, [F.REQUEST])


def test_kappa_has_one_streaming_path_and_replays_the_log() -> None:
    d = load("kappa_architecture")
    assert of_kind(d, "batch_pipeline") == [] and of_kind(d, "data_lake") == []
    assert not any(f.kind is F.BATCH for f in d.flows)
    log = one(d, "message_queue")
    jobs = of_kind(d, "stream_processor")
    assert len(jobs) == 2 and all(has_flow(d, log, j, F.ASYNC) for j in jobs)
    assert any("offset 0" in (f.label or "") for f in d.flows if f.source == log)
    # The live table the query service reads is written by a stream job.
    read = targets(d, one(d, "app_service"), [F.REQUEST])
    assert any(read & targets(d, j, [F.ASYNC]) for j in jobs)
