"""The catalog says once what each kind is: every trait a consumer needs is on the kind's entry,
no module of the package keeps a set of kinds of its own, and the one design graph answers the
rules, the grader and the narrator alike."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mlsd_diagrams._catalog import (
    CATALOG,
    COMPONENT_KINDS,
    Category,
    Plane,
    equivalent_kinds,
    kind_synonyms,
    kinds_running_models,
    kinds_taking_deploys,
    monitor_kinds,
    refreshing_pipelines,
)
from mlsd_diagrams._diagnostics import kinds_for_word
from mlsd_diagrams._model import Design, DesignGraph, owners

PACKAGE = Path(__file__).resolve().parent.parent / "mlsd_diagrams"


def test_every_kind_has_an_entry_with_a_title_and_an_open_source_icon() -> None:
    assert list(CATALOG) == list(COMPONENT_KINDS)
    for kind, spec in CATALOG.items():
        assert spec.title and spec.icons.get("oss"), kind


@pytest.mark.parametrize("kind", COMPONENT_KINDS)
def test_a_kind_has_the_traits_its_category_asks_for(kind: str) -> None:
    """What the rules, grader and narrator ask of a kind follows from what it is: a model
    kind runs a model and takes deploys; a monitor is an observability kind; a
    pipeline says what it does with data or models; a store says whether it is slow."""
    spec = CATALOG[kind]
    if spec.category is Category.MODEL:
        assert spec.hosts_model, f"{kind}: a model kind must host a model (E130, W210)"
    if spec.runs_model:
        assert kind in kinds_taking_deploys(), f"{kind} runs a model but takes no deploys"
    if spec.monitors:
        assert spec.category is Category.OBSERVABILITY, f"{kind} monitors but is {spec.category}"
    if spec.category is Category.PIPELINE:
        jobs = (spec.refreshes_data, spec.ships_models, spec.runs_model_offline)
        assert any(jobs) or spec.takes_deploys or spec.equivalents, (
            f"{kind}: a pipeline doing what?"
        )
    if spec.category is not Category.EDGE:
        assert spec.equivalents or spec.monitors or spec.ships_models, (
            f"{kind} has no grading equivalents: a candidate's answer can only match it exactly"
        )


def test_grading_equivalence_is_symmetric_and_names_real_kinds() -> None:
    for kind, spec in CATALOG.items():
        assert kind not in spec.equivalents
        for other in spec.equivalents:
            assert other in CATALOG, f"{kind} names unknown kind {other}"
            assert kind in CATALOG[other].equivalents, f"{kind} ~ {other} but not back"
            assert equivalent_kinds(kind, other) and equivalent_kinds(other, kind)
    assert not equivalent_kinds("client", "monitoring")


def test_synonyms_are_words_not_kinds_and_lead_back_to_their_kinds() -> None:
    words = kind_synonyms()
    assert words["database"] == ("relational_db", "nosql_db")
    for word, kinds in words.items():
        assert word not in CATALOG, f"synonym {word} is itself a kind"
        assert kinds_for_word(word)[: len(kinds)] == kinds
    assert "stream_processor" in kinds_for_word("stream")


def test_trait_sets_come_from_the_entries() -> None:
    assert {"monitoring", "drift_detector"} == monitor_kinds()
    assert "batch_prediction" in kinds_running_models() - {
        k for k, s in CATALOG.items() if s.hosts_model
    }
    assert "indexing_pipeline" in refreshing_pipelines()
    assert all(CATALOG[k].plane is not Plane.ONLINE for k in refreshing_pipelines())


def _kind_sets(source: str, name: str) -> list[str]:
    """Where a module writes a literal set, list, tuple or dict holding two or more kind names."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Set | ast.List | ast.Tuple | ast.Dict):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            kinds = [e.value for e in items if isinstance(e, ast.Constant) and e.value in CATALOG]
            if len(kinds) >= 2:
                found.append(f"{name}:{node.lineno} {kinds}")
    return found


def test_kind_sets_are_written_only_in_the_catalog() -> None:
    files = [p for p in PACKAGE.rglob("*.py") if p.name != "_catalog.py"]
    assert len(files) > 20
    hits = [
        hit
        for path in files
        for hit in _kind_sets(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert hits == [], "kind sets belong in the catalog, as traits of each kind's entry"


def test_the_scan_finds_a_kind_set() -> None:
    source = 'x = 1\nMONITORS = frozenset({"monitoring", "drift_detector"})\n'
    assert _kind_sets(source, "m.py") == ["m.py:2 ['monitoring', 'drift_detector']"]


def _design() -> Design:
    return Design.model_validate(
        {
            "id": "graph",
            "title": "Graph",
            "components": [
                {"id": "user", "kind": "client"},
                {"id": "api", "kind": "api_gateway"},
                {"id": "model", "kind": "model_serving"},
                {"id": "log", "kind": "event_logging"},
                {"id": "monitor", "kind": "monitoring"},
                {"id": "lake", "kind": "data_lake"},
                {"id": "trainer", "kind": "training_pipeline"},
                {"id": "registry", "kind": "model_registry"},
            ],
            "flows": [
                {"source": "user", "target": "api"},
                {"source": "api", "target": "model"},
                {"source": "model", "target": "log", "kind": "async"},
                {"source": "log", "target": "monitor", "kind": "observe"},
                {"source": "user", "target": "log", "kind": "feedback"},
                {"source": "log", "target": "lake", "kind": "batch"},
                {"source": "lake", "target": "trainer", "kind": "batch"},
                {"source": "trainer", "target": "registry", "kind": "batch"},
                {"source": "registry", "target": "model", "kind": "deploy"},
                {"source": "api", "target": "api"},
                {"source": "api", "target": "nowhere"},
            ],
            "groups": [
                {"id": "serving", "label": "Serving", "members": ["api", "model"]},
                {"id": "again", "label": "Again", "members": ["model", "log"]},
            ],
        }
    )


def test_the_design_graph_answers_reach_owners_and_the_model_loop() -> None:
    graph = DesignGraph.of(_design())
    assert len(graph.flows) == 9  # the self-flow and the dangling one are not indexed
    assert list(graph.served) == ["user", "api", "model"]
    assert graph.path_to("model", graph.served) == ["user", "api", "model"]
    assert graph.route("model", graph.served) == "user -> api -> model"
    assert graph.deployed("model") and not graph.deployed("api")
    assert "model" in graph.watched and "api" not in graph.watched
    assert graph.fed("trainer") and graph.has_feedback_loop
    assert graph.owners == {"api": "serving", "model": "serving", "log": "again"}
    assert graph.request_cycles == []


def test_owners_keeps_the_first_box_that_lists_a_member() -> None:
    assert owners([("a", ["x", "y"]), ("b", ["y", "z"])]) == {"x": "a", "y": "a", "z": "b"}
    assert _design().owners() == DesignGraph.of(_design()).owners
