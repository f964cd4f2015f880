"""The design model: what fits the schema, what does not, defaults, and lossless JSON/YAML."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from mlsd_diagrams._catalog import FlowKind, Plane
from mlsd_diagrams._load import load_data
from mlsd_diagrams._model import Component, Design, Flow, Group

from .conftest import small_design


def minimal() -> dict[str, Any]:
    return {
        "id": "demo",
        "title": "Demo",
        "components": [{"id": "user", "kind": "client"}, {"id": "api", "kind": "app_service"}],
        "flows": [{"source": "user", "target": "api"}],
    }


def test_a_minimal_document_validates_and_fills_defaults() -> None:
    design = Design.model_validate(minimal())
    user = design.components[0]
    assert user.label == "User"
    assert user.plane is Plane.ONLINE
    assert design.flows[0].kind is FlowKind.REQUEST
    assert design.direction.value == "LR"
    assert design.groups == [] and design.card.tradeoffs == []


def test_the_default_plane_comes_from_the_kind_and_an_explicit_one_wins() -> None:
    assert Component(id="t", kind="training_pipeline").plane is Plane.OFFLINE
    assert Component(id="q", kind="message_queue").plane is Plane.NEARLINE
    assert Component(id="s", kind="feature_store", plane="offline").plane is Plane.OFFLINE


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"id": "Bad-Id"}, "id"),
        ({"id": "1abc"}, "id"),
        ({"id": "../etc"}, "id"),
        ({"id": "a" * 65}, "id"),
        ({"direction": "RL"}, "direction"),
        ({"sla_ms": -1}, "sla_ms"),
        ({"sla_ms": float("nan")}, "sla_ms"),
        ({"components": [{"id": "x", "kind": "quantum_computer"}]}, "kind"),
        ({"components": [{"id": "x", "kind": "cache", "extra": 1}]}, "extra"),
        ({"flows": [{"source": "user", "target": "api", "kind": "telepathy"}]}, "kind"),
        ({"groups": [{"id": "g", "members": []}]}, "label"),
        ({"card": {"requirement": []}}, "requirement"),
    ],
)
def test_documents_that_do_not_fit_are_refused_naming_the_field(
    patch: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Design.model_validate({**minimal(), **patch})
    assert any(field in map(str, error["loc"]) for error in caught.value.errors())


def test_a_missing_title_is_refused() -> None:
    data = minimal()
    del data["title"]
    with pytest.raises(ValidationError, match="title"):
        Design.model_validate(data)


def test_models_are_frozen() -> None:
    design = Design.model_validate(minimal())
    with pytest.raises(ValidationError):
        design.title = "changed"  # type: ignore[misc]


def test_json_round_trip_is_lossless(tiny: Design) -> None:
    again = load_data(json.loads(tiny.to_json()))
    assert again == tiny
    assert again.to_json() == tiny.to_json()


def test_yaml_round_trip_is_lossless(tiny: Design) -> None:
    again = load_data(yaml.safe_load(tiny.to_yaml()))
    assert again == tiny
    assert again.to_yaml() == tiny.to_yaml()


def test_round_trip_keeps_awkward_text() -> None:
    text = 'quote " brace { } <tag> & \\N \\l é 🚀 line\nbreak: - [x] #no comment'
    design = Design(
        id="awkward",
        title=text,
        summary=text,
        components=[Component(id="a", kind="cache", label=text, tech=text, notes=text)],
        groups=[Group(id="g", label=text, members=["a"])],
        flows=[],
    )
    assert load_data(json.loads(design.to_json())) == design
    assert load_data(yaml.safe_load(design.to_yaml())) == design


def test_exports_are_explicit_about_defaults(tiny: Design) -> None:
    data = tiny.to_dict()
    first = data["components"][0]
    assert first["plane"] == "online" and first["label"] == "User"
    assert set(data) >= {"id", "title", "components", "flows", "groups", "card"}


def test_component_lookup() -> None:
    design = small_design()
    found = design.component("api")
    assert found is not None and found.kind == "api_gateway"
    assert design.component("nope") is None


def test_flow_ref_names_both_ends() -> None:
    assert Flow(source="a", target="b").ref == "a -> b"
