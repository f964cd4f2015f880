"""Shared fixtures: a small valid design and the project's folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.model import Design

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests marked `exe` need Graphviz; fail loudly rather than skip when it is missing in CI.
    if shutil.which("dot") is None:
        for item in items:
            if "exe" in item.keywords:
                item.add_marker(pytest.mark.skip(reason="Graphviz `dot` is not installed"))


def small_design(design_id: str = "tiny") -> Design:
    bp = Blueprint(design_id, "Tiny system", sla_ms=100)
    user = bp.add("user", "client", "User")
    with bp.group("serving", "Serving"):
        api = bp.add("api", "api_gateway", "API", latency_ms=5)
        model = bp.add("model", "model_serving", "Model", latency_ms=20)
    with bp.group("training", "Training"):
        logs = bp.add("logs", "data_lake", "Logs")
        trainer = bp.add("trainer", "training_pipeline", "Trainer")
        registry = bp.add("registry", "model_registry", "Registry")
    monitor = bp.add("monitor", "monitoring", "Monitor")
    user >> link(latency_ms=10) >> api >> model
    model >> link("async", "predictions") >> logs
    user >> link("feedback", "clicks") >> logs
    logs >> link("batch", "training data") >> trainer
    trainer >> link("batch") >> registry
    registry >> link("deploy", "model") >> model
    model >> link("observe") >> monitor
    return bp.build()


@pytest.fixture
def tiny() -> Design:
    return small_design()
