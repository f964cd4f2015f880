"""Shared fixtures: a small valid design and the project's folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mlsd_diagrams._model import Design
from mlsd_diagrams.cli import app
from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.render import RenderOptions, build_scene, dot_source

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The run's icon and layout caches start empty and stay out of the user's cache folder."""
    os.environ["MLSD_CACHE_DIR"] = str(tmp_path_factory.mktemp("mlsd-cache"))


@pytest.fixture
def uncached_graphviz(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Graphviz runs made for real in this test, not answered from the process's memory of
    earlier runs nor from stored layouts: for tests that count runs or break `dot` on purpose."""
    from mlsd_diagrams.render.layout import _graphviz

    monkeypatch.setattr(_graphviz, "_RUNS", _graphviz._Memo(0))
    monkeypatch.setattr(_graphviz, "_LAYOUTS", _graphviz._Memo(0))
    monkeypatch.setenv("MLSD_CACHE_DIR", str(tmp_path_factory.mktemp("uncached")))


def run(*args: str) -> Result:
    """`mlsd ARGS` through Typer's test runner."""
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="session")
def inspect_report() -> tuple[int, list[dict[str, Any]]]:
    """`mlsd inspect --all --check --format json`, run once for every test that reads it: its
    exit code and its rows (every built-in whole diagram, view and model figure)."""
    result = run("inspect", "--all", "--check", "--format", "json")
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return result.exit_code, rows


def one_line(result: Result) -> str:
    """The single `mlsd: ...` line a failure prints, with no traceback anywhere."""
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mlsd: ")
    return lines[0]


def headless_chromium(*arguments: str, profile: Path) -> subprocess.CompletedProcess[str]:
    """Run Debian's Chromium headless, offline, with a fresh profile; fail where it is missing."""
    if CHROMIUM is None:
        pytest.fail("chromium is not installed; `bash scripts/test.sh` installs it")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        # A screenshot waits for every frame to be drawn whole, even on a busy machine.
        "--run-all-compositor-stages-before-draw",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        *arguments,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, errors="replace", timeout=180, check=False
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests marked `exe` need Graphviz. A run without it would pass while testing half of what
    # it claims, so it stops at once and says how to get it.
    if shutil.which("dot") is None and any("exe" in item.keywords for item in items):
        raise pytest.UsageError(
            "Graphviz `dot` is not installed, and the tests marked `exe` need it; "
            "run `bash scripts/test.sh`, which installs it"
        )


def dot_text(
    design: Design, options: RenderOptions | None = None, visible: frozenset[str] | None = None
) -> str:
    """The DOT text of a design's scene (or of one build-up frame of it, with `visible`)."""
    scene = build_scene(design, options or RenderOptions())
    return dot_source(scene if visible is None else scene.showing(visible))


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


def group_flows_design() -> Design:
    """Flows to and from groups: metrics from the serving box, events into the training box,
    and the model deployed from it."""
    bp = Blueprint("group_flows", "Flows to and from groups")
    user = bp.add("user", "client", "User")
    with bp.group("serving", "Serving") as serving:
        api = bp.add("api", "api_gateway", "API", latency_ms=5)
        ranker = bp.add("ranker", "ranking_service", "Ranker", latency_ms=30)
        features = bp.add("features", "feature_store", "Features", latency_ms=4)
    logs = bp.add("logs", "event_logging", "Event log")
    monitor = bp.add("monitor", "monitoring", "Monitor")
    with bp.group("training", "Training") as training:
        lake = bp.add("lake", "data_lake", "Lake")
        trainer = bp.add("trainer", "training_pipeline", "Trainer")
    user >> api >> ranker >> features
    serving >> link("observe", "metrics") >> monitor
    api >> link("feedback", "clicks") >> logs
    logs >> link("batch", "events") >> training
    lake >> link("batch") >> trainer
    training >> link("deploy", "model") >> ranker
    return bp.build()


@pytest.fixture
def tiny() -> Design:
    return small_design()
