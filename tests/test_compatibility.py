"""SPEC "Compatibility": `hosted` models need no deploy, and deploys into registries pass E132."""

from __future__ import annotations

from typing import Any

import pytest

import mlsd_diagrams as mlsd
from mlsd_diagrams import Blueprint, link
from mlsd_diagrams._errors import InvalidDesignError
from mlsd_diagrams._load import load_data
from mlsd_diagrams._model import Design
from mlsd_diagrams.compose import module_source
from mlsd_diagrams.rules import validate


def codes(design: Design) -> set[str]:
    return {f.code for f in validate(design)}


def hosted_llm(**llm: Any) -> dict[str, Any]:
    return {
        "id": "t",
        "title": "T",
        "components": [
            {"id": "user", "kind": "client"},
            {"id": "llm", "kind": "llm_service", **llm},
            {"id": "monitor", "kind": "monitoring"},
        ],
        "flows": [
            {"source": "user", "target": "llm"},
            {"source": "llm", "target": "monitor", "kind": "observe"},
        ],
    }


def test_a_hosted_model_needs_no_deploy_path() -> None:
    assert "E130" in codes(load_data(hosted_llm()))
    assert "E130" not in codes(load_data(hosted_llm(hosted=True)))
    assert "E130" in codes(load_data(hosted_llm(hosted=False)))


def test_a_hosted_model_still_needs_monitoring() -> None:
    data = hosted_llm(hosted=True)
    data["flows"] = data["flows"][:1]
    assert "W210" in codes(load_data(data))


def test_hosted_on_a_kind_that_runs_no_model_is_a_one_line_error() -> None:
    data = hosted_llm()
    data["components"][2]["hosted"] = True
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data)
    message = str(caught.value)
    assert "monitor" in message and "hosts no model" in message and "llm_service" in message


def test_hosted_round_trips_through_json_yaml_and_python() -> None:
    design = load_data(hosted_llm(hosted=True))
    assert design.components[1].hosted is True
    assert load_data(design.to_dict()) == design
    assert '"hosted": true' in design.to_json()
    assert "hosted: true" in design.to_yaml()
    source = module_source(design)
    assert "hosted=True" in source
    namespace: dict[str, object] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    build = namespace["build"]
    assert callable(build) and build() == design


def test_an_unhosted_component_exports_as_before() -> None:
    assert "hosted" not in load_data(hosted_llm()).to_json()


def test_blueprint_add_takes_hosted() -> None:
    bp = Blueprint("t", "T")
    user = bp.add("user", "client")
    llm = bp.add("llm", "llm_service", hosted=True)
    monitor = bp.add("monitor", "monitoring")
    user >> llm >> link("observe") >> monitor
    assert "E130" not in codes(bp.build())


@pytest.mark.parametrize("registry", ["model_registry", "container_registry"])
def test_a_deploy_into_a_registry_passes_e132_as_in_earlier_releases(registry: str) -> None:
    design = load_data(
        {
            "id": "t",
            "title": "T",
            "components": [
                {"id": "lake", "kind": "data_lake"},
                {"id": "trainer", "kind": "training_pipeline"},
                {"id": "registry", "kind": registry},
                {"id": "serving", "kind": "model_serving"},
            ],
            "flows": [
                {"source": "lake", "target": "trainer", "kind": "batch"},
                {"source": "trainer", "target": "registry", "kind": "deploy"},
                {"source": "registry", "target": "serving", "kind": "deploy"},
            ],
        }
    )
    found = codes(design)
    assert "E132" not in found and "E130" not in found


def test_a_deploy_into_a_store_that_hands_nothing_on_still_fails_e132() -> None:
    design = load_data(
        {
            "id": "t",
            "title": "T",
            "components": [
                {"id": "trainer", "kind": "training_pipeline"},
                {"id": "db", "kind": "relational_db"},
            ],
            "flows": [{"source": "trainer", "target": "db", "kind": "deploy"}],
        }
    )
    assert "E132" in codes(design)


def test_rag_pipeline_serves_its_llm_as_a_hosted_llm_service() -> None:
    design = mlsd.load("rag_pipeline")
    llms = [c for c in design.components if c.kind == "llm_service"]
    assert llms and all(c.hosted for c in llms)
    assert not [c for c in design.components if c.kind == "app_service" and "LLM" in c.label]
