"""E132 (deploys reach something that runs a model) and W231 (no request latency offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mlsd_diagrams as mlsd
from mlsd_diagrams._catalog import kinds_hosting_models, kinds_taking_deploys
from mlsd_diagrams._model import Design
from mlsd_diagrams.rules import validate


def comp(cid: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": cid, "kind": kind, **fields}


def flow(source: str, target: str, kind: str = "request", **fields: Any) -> dict[str, Any]:
    return {"source": source, "target": target, "kind": kind, **fields}


def make(components: list[dict[str, Any]], flows: list[dict[str, Any]]) -> Design:
    return Design.model_validate(
        {"id": "t", "title": "T", "components": components, "flows": flows}
    )


def codes(design: Design, code: str) -> list[mlsd.Finding]:
    return [f for f in validate(design) if f.code == code]


def serving_loop(target_kind: str, **target: Any) -> Design:
    return make(
        [
            comp("user", "client"),
            comp("rules", target_kind, **target),
            comp("lake", "data_lake"),
            comp("trainer", "training_pipeline"),
            comp("registry", "model_registry"),
        ],
        [
            flow("user", "rules"),
            flow("lake", "trainer", "batch"),
            flow("trainer", "registry", "batch"),
            flow("registry", "rules", "deploy"),
        ],
    )


def test_e132_deploy_into_a_rule_engine() -> None:
    [finding] = codes(serving_loop("rule_engine"), "E132")
    assert finding.severity.value == "error"
    assert finding.subject == "registry -> rules"
    assert "hosts no model" in finding.message
    assert "model_serving" in finding.hint and "batch" in finding.hint


def test_e132_not_for_a_model_host_or_an_offline_model_runner() -> None:
    for kind in ("model_serving", "ranking_service", "batch_prediction", "indexing_pipeline"):
        assert codes(serving_loop(kind), "E132") == [], kind


def test_e132_not_for_an_index_shipped_to_where_it_serves() -> None:
    design = make(
        [comp("builder", "indexing_pipeline"), comp("index", "vector_index")],
        [flow("builder", "index", "deploy")],
    )
    assert codes(design, "E132") == []


def test_e132_deploy_targets_are_the_model_hosts_and_a_few_more() -> None:
    targets = kinds_taking_deploys()
    assert kinds_hosting_models() <= targets
    assert not {"rule_engine", "feature_store", "api_gateway", "data_lake"} & targets


def test_w231_latency_on_an_offline_job() -> None:
    design = make(
        [comp("lake", "data_lake"), comp("job", "batch_pipeline", latency_ms=300)],
        [flow("lake", "job", "batch")],
    )
    [finding] = codes(design, "W231")
    assert finding.severity.value == "warning"
    assert finding.subject == "job"
    assert "300" in finding.message and "drop latency_ms" in finding.hint


def test_w231_not_for_online_components_or_offline_ones_a_request_reaches() -> None:
    design = make(
        [
            comp("user", "client"),
            comp("api", "api_gateway", latency_ms=5),
            comp("cache", "cache", latency_ms=1, plane="offline"),
            comp("job", "batch_pipeline"),
        ],
        [flow("user", "api"), flow("api", "cache"), flow("job", "cache", "batch")],
    )
    assert codes(design, "W231") == []


def test_the_built_in_designs_are_clean_of_both_rules() -> None:
    for design_id in (
        "video_recommendation",
        "rag_pipeline",
        "similar_listings",
        "fraud_detection",
    ):
        assert codes(mlsd.load(design_id), "E132") == []
        assert codes(mlsd.load(design_id), "W231") == []


def test_rules_command_lists_both() -> None:
    from typer.testing import CliRunner

    from mlsd_diagrams.cli import app

    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "E132" in result.output and "W231" in result.output


# --- E100: the kinds a usual word means ---------------------------------------------


def test_e100_database_suggests_the_database_kinds() -> None:
    import pytest

    from mlsd_diagrams._errors import InvalidDesignError
    from mlsd_diagrams._load import load_data

    data = {"id": "t", "title": "T", "components": [comp("db", "database")]}
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data)
    [finding] = caught.value.findings
    assert finding.code == "E100" and finding.subject == "components[0].kind"
    assert "`relational_db`" in finding.hint and "`nosql_db`" in finding.hint
    assert "data_lake" not in finding.hint


def test_e100_synonyms_in_a_json_file(tmp_path: Path) -> None:
    import json

    import pytest

    for word, meant in [
        ("kafka", "message_queue"),
        ("LLM", "llm_service"),
        ("s3", "object_storage"),
    ]:
        path = tmp_path / "t.json"
        path.write_text(json.dumps({"id": "t", "title": "T", "components": [comp("x", word)]}))
        with pytest.raises(mlsd.InvalidDesignError) as caught:
            mlsd.load(path)
        assert f"`{meant}`" in caught.value.findings[0].hint, word


def test_blueprint_add_with_a_misspelt_database_names_the_database_kinds() -> None:
    import pytest
    from pydantic import ValidationError

    from mlsd_diagrams._diagnostics import schema_findings

    bp = mlsd.Blueprint("ok", "Ok")
    with pytest.raises(ValidationError) as caught:
        bp.add("x", "databse")  # type: ignore[arg-type]
    (finding,) = schema_findings(caught.value)
    assert "`relational_db`" in finding.hint and "`nosql_db`" in finding.hint


def test_a_misspelt_kind_still_comes_first() -> None:
    from mlsd_diagrams._diagnostics import kinds_for_word

    assert kinds_for_word("Postgres") == ("relational_db",)
    assert kinds_for_word("nothing_like_a_kind") == ()
    design = {"id": "t", "title": "T", "components": [comp("x", "stream_procesor")]}
    try:
        Design.model_validate(design)
    except Exception as error:
        from pydantic import ValidationError

        from mlsd_diagrams._diagnostics import schema_findings

        assert isinstance(error, ValidationError)
        hint = schema_findings(error)[0].hint
        assert hint.startswith("did you mean `stream_processor`")
