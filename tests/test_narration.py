"""Narration: two or three sentences read off each design's graph."""

from __future__ import annotations

import re

import pytest

from mlsd_diagrams._catalog import kinds_hosting_models
from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams.study import narrate

from .conftest import small_design

HOSTS = kinds_hosting_models() | {"batch_prediction"}


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.)\s+(?=[A-Z])", text.strip())


@pytest.mark.parametrize("design_id", builtin_ids())
def test_every_builtin_design_is_narrated(design_id: str) -> None:
    design = load(design_id)
    text = narrate(design)
    assert text.endswith(".")
    assert 2 <= len(sentences(text)) <= 3, text
    clients = [c for c in design.components if c.kind == "client"]
    if clients:
        assert any(c.label in sentences(text)[0] for c in clients), text
    hosts = [c for c in design.components if c.kind in HOSTS]
    if hosts:
        assert any(h.label in text for h in hosts), text
    registries = [c for c in design.components if c.kind == "model_registry"]
    trainers = [c for c in design.components if c.kind == "training_pipeline"]
    # A design that serves registered models but trains none (LLM serving) says so instead.
    if hosts and registries and trainers:
        assert any(r.label in sentences(text)[1] for r in registries), text


def test_the_framework_reads_request_training_then_monitoring() -> None:
    first, second, third = sentences(narrate(load("ml_system_framework")))
    assert first == (
        "A request from the Client app goes through API gateway and Traffic split (A/B, canary) "
        "to Model serving."
    )
    assert second == (
        "Training pipeline learns from Offline feature store and hands its models to Model "
        "registry, which deploys them to Model serving and Batch prediction."
    )
    assert third.startswith("Monitoring & drift watches Model serving")
    assert "feedback from Client app" in third


def test_a_design_without_training_says_so() -> None:
    text = narrate(load("kappa_architecture"))
    assert "No model is trained" in text
    assert len(sentences(text)) == 2


def test_the_starter_design_is_narrated() -> None:
    design = small_design()
    text = narrate(design)
    assert 2 <= len(sentences(text)) <= 3
