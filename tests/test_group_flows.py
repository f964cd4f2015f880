"""Flows to and from groups: the model and the rules read a group end as its components, the
drawing ends the edge on the group's box, and every writer carries it to its reader's notion
of a group (a cluster outline, a group cell, a group shape, a subgraph, a container)."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

import jsonschema
import pytest
import yaml
from pptx import Presentation
from pptx.shapes.connector import Connector

from mlsd_diagrams import validate
from mlsd_diagrams._model import Design, DesignGraph, design_schema
from mlsd_diagrams.compose import module_source
from mlsd_diagrams.render import (
    Box,
    Drawing,
    Format,
    RenderOptions,
    build_scene,
    dot_source,
    drawing_bytes,
    single_format,
    view_scene,
    views_of,
    whole_drawing,
)
from mlsd_diagrams.study import explorer_html
from mlsd_diagrams.study._diff import diff, overlay_scene

from .conftest import group_flows_design, run


def with_flows(*flows: dict[str, Any]) -> Design:
    """The group-flows design with other flows."""
    data = group_flows_design().to_dict()
    return Design.model_validate({**data, "flows": [*data["flows"], *flows]})


def codes(design: Design) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in validate(design):
        found.setdefault(finding.code, []).append(finding.message)
    return found


@cache
def drawing() -> Drawing:
    return whole_drawing(group_flows_design(), RenderOptions())


def edge_index(draw: Drawing, source: str, target: str) -> int:
    ends = [(e.source_group or e.source, e.target_group or e.target) for e in draw.scene.edges]
    return ends.index((source, target))


def on_outline(point: tuple[float, float], box: Box, slack: float = 2.5) -> bool:
    x, y = point
    inside = box.x - slack <= x <= box.x + box.width + slack and (
        box.y - slack <= y <= box.y + box.height + slack
    )
    near_edge = min(
        abs(x - box.x), abs(x - box.x - box.width), abs(y - box.y), abs(y - box.y - box.height)
    )
    return inside and near_edge <= slack


# --- the model and the rules -------------------------------------------------------------------


def test_a_design_with_group_ends_is_valid_and_its_graph_reaches_through_them() -> None:
    design = group_flows_design()
    assert [f for f in validate(design) if f.severity == "error" or f.code == "W200"] == []
    graph = DesignGraph.of(design)
    # serving -> monitor stands for a flow from each serving component.
    observed = [f for f in graph.into["monitor"]]
    assert [f.source for f in observed] == ["api", "ranker", "features"]
    assert {f.ref for f in observed} == {"serving -> monitor"}
    # The trained model reaches the ranker through the training box (no E130), and the
    # clicks reach the trainer through it (no W211).
    assert graph.deployed("ranker") and graph.has_feedback_loop
    assert "ranker" in graph.watched


def test_a_group_end_that_names_nothing_is_one_clear_finding() -> None:
    found = codes(with_flows({"source": "monitor", "target": "servng", "kind": "observe"}))
    assert found["E102"] == [
        "flow monitor -> servng names `servng`, which is neither a component nor a group "
        "of this design"
    ]
    finding = next(f for f in validate(with_flows({"source": "servng", "target": "monitor"})))
    assert finding.hint == "did you mean `serving`?"


def test_a_flow_between_a_group_and_what_is_inside_it_is_an_error_that_says_so() -> None:
    inward = codes(with_flows({"source": "serving", "target": "ranker", "kind": "async"}))
    assert inward["E103"] == [
        "flow serving -> ranker joins group `serving` to `ranker`, which is inside it"
    ]
    outward = codes(with_flows({"source": "trainer", "target": "training", "kind": "batch"}))
    assert outward["E103"] == [
        "flow trainer -> training joins group `training` to `trainer`, which is inside it"
    ]
    itself = codes(with_flows({"source": "training", "target": "training", "kind": "batch"}))
    assert itself["E103"] == ["flow training -> training goes from `training` to itself"]


def test_rules_see_through_a_group_and_name_the_flow_as_written() -> None:
    # A request into the training box enters its offline components.
    found = validate(with_flows({"source": "api", "target": "training"}))
    offline = [f for f in found if f.code == "E120"]
    assert {f.subject for f in offline} == {"api -> training"}
    assert any("offline `lake`" in f.message or "Lake" in f.message for f in offline)
    # A deploy into a group that runs no model.
    bad = codes(with_flows({"source": "training", "target": "serving", "kind": "deploy"}))
    assert not bad.get("E132")  # the ranker runs one
    design = with_flows({"source": "trainer", "target": "cold", "kind": "deploy"})
    data = design.to_dict()
    data["components"].append({"id": "cache", "kind": "cache"})
    data["groups"].append({"id": "cold", "label": "Cold", "members": ["cache"]})
    assert codes(Design.model_validate(data))["E132"] == [
        "`deploy` flow trainer -> cold ships a model to group `cold`, none of whose "
        "components hosts a model"
    ]


def test_every_export_of_the_model_round_trips_a_group_end() -> None:
    design = group_flows_design()
    assert Design.model_validate_json(design.to_json()) == design
    assert Design.model_validate(yaml.safe_load(design.to_yaml())) == design
    source = module_source(design)
    assert 'with bp.group("serving", "Serving") as serving:' in source
    assert 'serving >> link("observe", "metrics") >> monitor' in source
    namespace: dict[str, Any] = {}
    exec(compile(source, "<exported>", "exec"), namespace)
    assert namespace["build"]() == design
    jsonschema.validate(json.loads(design.to_json()), design_schema())
    described = design_schema()["$defs"]["Flow"]["properties"]["source"]["description"]
    assert "group" in described


# --- the drawing -------------------------------------------------------------------------------


def test_the_scene_anchors_a_group_end_where_the_route_is_short() -> None:
    edges = {
        (e.source_group or e.source, e.target_group or e.target): e
        for e in build_scene(group_flows_design(), RenderOptions()).edges
    }
    # Leaving a group from its last stage, entering one at its first.
    assert (edges["serving", "monitor"].source, edges["serving", "monitor"].source_group) == (
        "features",
        "serving",
    )
    assert (edges["logs", "training"].target, edges["logs", "training"].target_group) == (
        "lake",
        "training",
    )
    assert edges["training", "ranker"].source == "trainer"
    dot = dot_source(build_scene(group_flows_design(), RenderOptions()))
    assert re.search(r'features -> monitor \[[^]]*ltail="?cluster_serving', dot), dot
    assert re.search(r'logs -> lake \[[^]]*lhead="?cluster_training', dot), dot
    # A deploy is drawn reversed: its group source is the DOT edge's head.
    assert re.search(r'ranker -> trainer \[[^]]*lhead="?cluster_training', dot), dot


def test_the_route_ends_on_the_group_outline_not_on_the_component() -> None:
    draw = drawing()
    layout = draw.layout
    metrics = draw.route(edge_index(draw, "serving", "monitor"))
    events = draw.route(edge_index(draw, "logs", "training"))
    model = draw.route(edge_index(draw, "training", "ranker"))
    assert metrics is not None and events is not None and model is not None
    assert on_outline(metrics.points[0], layout.clusters["serving"])
    assert on_outline(events.points[-1], layout.clusters["training"])
    assert on_outline(model.points[0], layout.clusters["training"])
    # Not at the anchoring component: the edge leaves the box, not the node inside it.
    features = layout.nodes["features"]
    assert metrics.points[0][0] > features.x + features.width + 5


def test_views_end_a_group_flow_on_its_box_or_its_stub() -> None:
    design = group_flows_design()
    raw = build_scene(design, RenderOptions())
    views = {v.id: view_scene(raw, v) for v in views_of(design)}
    overview = views["overview"]
    ends = {(e.source, e.target, e.source_group, e.target_group) for e in overview.edges}
    # Collapsed: the edge is the box's own, no cluster involved.
    assert ("serving", "monitor", None, None) in ends
    assert ("logs", "training", None, None) in ends
    assert ("training", "serving", None, None) in ends
    serving = views["serving"]
    stubs = {n.id: n for n in serving.nodes if n.role == "stub"}
    # The training box is not in the serving view: it is a stub named like the group.
    assert stubs["training"].label == ("Training",)
    deploy = next(e for e in serving.edges if e.kind == "deploy")
    assert (deploy.source, deploy.source_group, deploy.target) == ("training", None, "ranker")
    metrics = next(e for e in serving.edges if e.kind == "observe")
    assert (metrics.source_group, metrics.target) == ("serving", "monitor")
    for scene in views.values():
        dot_source(scene)  # every cluster an edge names is in the view


def test_a_frame_shows_a_group_flow_with_its_group() -> None:
    scene = build_scene(group_flows_design(), RenderOptions())
    shown = scene.showing(frozenset({"user", "api", "monitor"}))
    metrics = next(e for e in shown.edges if e.source_group == "serving")
    assert metrics.visible  # the serving box shows, though its anchor `features` does not
    deploy = next(e for e in shown.edges if e.source_group == "training")
    assert not deploy.visible


# --- the writers -------------------------------------------------------------------------------


def test_the_svg_draws_the_edge_and_the_explorer_lists_it_with_the_group() -> None:
    files, _ = drawing_bytes(group_flows_design(), RenderOptions(formats=(Format.SVG,)))
    svg = files["group_flows.svg"].decode("utf-8")
    assert "<title>features&#45;&gt;monitor</title>" in svg
    page = explorer_html(group_flows_design(), svg)
    assert 'data-source="serving" data-target="monitor" data-kind="observe"' in page
    assert 'data-source="training" data-target="ranker" data-kind="deploy"' in page
    found = re.search(r'<script type="application/json" id="design-data">(.*?)</script>', page)
    assert found is not None
    data = json.loads(found.group(1))
    assert {"source": "serving", "target": "monitor", "kind": "observe", "label": "metrics"} in (
        data["flows"]
    )
    assert data["groups"]["serving"]["members"] == ["api", "ranker", "features"]


def test_drawio_and_excalidraw_attach_the_edge_to_the_group() -> None:
    draw = drawing()
    root = ET.fromstring(single_format(group_flows_design(), Format.DRAWIO))
    cells = {c.get("id"): c for c in root.iter("mxCell")}
    edges = {(c.get("source"), c.get("target")) for c in cells.values() if c.get("edge") == "1"}
    assert {
        ("group-serving", "monitor"),
        ("logs", "group-training"),
        ("group-training", "ranker"),
    } <= edges
    assert cells["group-serving"].get("vertex") == "1"
    # The draw.io edge follows the drawing's route, which leaves the group's outline.
    metrics = next(
        c
        for c in cells.values()
        if (c.get("source"), c.get("target")) == ("group-serving", "monitor")
    )
    waypoints = [float(p.get(a, 0)) for p in metrics.iter("mxPoint") for a in ("x", "y")]
    route = draw.route(edge_index(draw, "serving", "monitor"))
    assert route is not None and waypoints
    assert waypoints == pytest.approx([v for p in route.points[1:-1][::4] for v in p], abs=0.01)
    document = json.loads(single_format(group_flows_design(), Format.EXCALIDRAW))
    elements = {e["id"]: e for e in document["elements"]}
    arrow = next(
        e
        for e in document["elements"]
        if e["type"] == "arrow"
        and e["endBinding"]["elementId"] == "monitor"
        and e["startBinding"]["elementId"] == "group-serving"
    )
    assert arrow["id"] in {b["id"] for b in elements["group-serving"]["boundElements"]}
    assert elements["group-serving"]["type"] == "frame"


def test_the_deck_glues_the_connector_to_the_group_shape() -> None:
    files, _ = drawing_bytes(group_flows_design(), RenderOptions(formats=(Format.PPTX,)))
    slide = Presentation(io.BytesIO(files["group_flows.pptx"])).slides[0]
    names = {s.shape_id: s.name for s in slide.shapes}
    for shape in slide.shapes:
        names |= {s.shape_id: s.name for s in getattr(shape, "shapes", [])}
    glued = {}
    for connector in (s for s in slide.shapes if isinstance(s, Connector)):
        xml = connector._element.xml
        start = re.search(r'<a:stCxn id="(\d+)"', xml)
        end = re.search(r'<a:endCxn id="(\d+)"', xml)
        assert start and end
        glued[connector.name.split(": ", 1)[1]] = (
            names[int(start.group(1))],
            names[int(end.group(1))],
        )
    assert glued["serving -> monitor (observe)"] == ("group serving", "monitor box")
    assert glued["logs -> training (batch)"] == ("logs box", "group training")
    assert glued["training -> ranker (deploy)"] == ("group training", "ranker box")


def test_mermaid_and_d2_end_the_link_on_the_subgraph_and_the_container() -> None:
    mermaid = single_format(group_flows_design(), Format.MERMAID).decode("utf-8")
    assert '  g_serving -->|"metrics"| c_monitor' in mermaid.splitlines()
    assert '  c_logs -.->|"events"| g_training' in mermaid.splitlines()
    assert '  g_training ==>|"model"| c_ranker' in mermaid.splitlines()
    d2 = single_format(group_flows_design(), Format.D2).decode("utf-8")
    assert 'g_serving -> c_monitor: "metrics" {class: observe}' in d2.splitlines()
    assert 'g_training -> g_serving.c_ranker: "model" {class: deploy}' in d2.splitlines()


def test_the_cli_validates_and_exports_a_yaml_design_with_group_ends(tmp_path: Any) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text(group_flows_design().to_yaml(), encoding="utf-8")
    assert run("validate", str(path), "--strict").exit_code == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        with_flows({"source": "serving", "target": "api", "kind": "async"}).to_yaml(),
        encoding="utf-8",
    )
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert "E103" in result.output and "which is inside it" in result.output


def test_a_diff_marks_an_added_group_flow() -> None:
    old = group_flows_design()
    new = with_flows({"source": "training", "target": "monitor", "kind": "observe"})
    scene = overlay_scene(diff(old, new))
    marked = {
        (e.source_group or e.source, e.target_group or e.target): e.highlight for e in scene.edges
    }
    assert marked["training", "monitor"] is not None
    assert marked["serving", "monitor"] is None
