"""`mlsd kinds`: the catalog as text and as JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mlsd_diagrams._catalog import CATALOG, COMPONENT_KINDS
from mlsd_diagrams.cli import app


def test_kinds_text_lists_every_kind_with_category_plane_and_traits() -> None:
    result = CliRunner().invoke(app, ["kinds"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["KIND", "CATEGORY", "PLANE", "TRAITS"]
    by_kind = {line.split()[0]: line for line in lines[1:] if line.strip()}
    assert set(COMPONENT_KINDS) <= set(by_kind)
    assert "hosts_model" in by_kind["ranking_service"]
    assert "slow_store" in by_kind["data_lake"]
    assert "nearline" in by_kind["stream_processor"]
    assert "onprem/inmemory/redis.png" in by_kind["cache"]


def test_kinds_json_holds_the_catalog() -> None:
    result = CliRunner().invoke(app, ["kinds", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["kind"] for r in rows] == list(CATALOG)
    cache = next(r for r in rows if r["kind"] == "cache")
    assert cache["category"] == "store" and cache["plane"] == "online"
    assert set(cache["icons"]) == {"oss", "aws", "gcp", "azure"}
    assert cache["icons"]["aws"] == "aws/database/elasticache.png"
    model = next(r for r in rows if r["kind"] == "model_serving")
    assert "hosts_model" in model["traits"]
    batch = next(r for r in rows if r["kind"] == "batch_prediction")
    assert "takes_deploys" in batch["traits"] and "hosts_model" not in batch["traits"]


def test_kinds_rejects_an_unknown_format() -> None:
    result = CliRunner().invoke(app, ["kinds", "--format", "xml"])
    assert result.exit_code == 2
