"""Diffs between two versions of a design: content, JSON and text, the overlay SVG, the CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mlsd_diagrams._load import load
from mlsd_diagrams._model import Component, Design, Flow
from mlsd_diagrams.study._diff import (
    COLOURS,
    diff,
    diff_json,
    diff_text,
    flow_ref,
    overlay,
    render_overlay,
    statuses,
)

from .conftest import headless_chromium, run

SVG = "{http://www.w3.org/2000/svg}"
GREEN, AMBER, RED = (COLOURS[s].lower() for s in ("added", "changed", "removed"))


def edited() -> tuple[Design, Design]:
    """The framework, and a v2 that drops offline evaluation, relabels serving, adds drift."""
    old = load("ml_system_framework")
    components = [
        c.model_copy(update={"label": "Model server (GPU)"}) if c.id == "model_serving" else c
        for c in old.components
        if c.id != "evaluation"
    ] + [Component(id="drift", kind="drift_detector", label="Drift detector")]
    flows = [
        f.model_copy(update={"label": "features"})
        if (f.source, f.target) == ("data_lake", "feature_pipeline")
        else f
        for f in old.flows
        if "evaluation" not in (f.source, f.target)
    ] + [
        Flow(source="training", target="model_registry", kind="batch", label="model"),
        Flow(source="event_log", target="drift", kind="observe"),
    ]
    groups = [
        g.model_copy(
            update={
                "members": [m for m in g.members if m != "evaluation"]
                + (["drift"] if g.id == "observability" else [])
            }
        )
        for g in old.groups
    ]
    card = old.card.model_copy(update={"ml_task": "Binary classification"})
    new = Design.model_validate(
        old.model_dump()
        | {
            "id": "framework_v2",
            "components": [c.model_dump() for c in components],
            "flows": [f.model_dump() for f in flows],
            "groups": [g.model_dump() for g in groups],
            "card": card.model_dump(),
        }
    )
    return old, new


def test_a_design_against_itself_has_no_changes() -> None:
    design = load("visual_search")
    result = diff(design, design)
    assert not result
    assert diff_text(result).endswith(": no changes\n")
    assert statuses(result) == {}


def test_the_diff_of_a_hand_made_change() -> None:
    old, new = edited()
    result = diff(old, new)
    payload = json.loads(diff_json(result))
    assert payload["components"] == {
        "added": ["drift"],
        "removed": ["evaluation"],
        "changed": [{"key": "model_serving", "fields": ["label"]}],
    }
    assert payload["flows"] == {
        "added": [
            "training -> model_registry (batch)",
            "event_log -> drift (observe)",
        ],
        "removed": ["training -> evaluation (batch)", "evaluation -> model_registry (batch)"],
        "changed": [{"key": "data_lake -> feature_pipeline (batch)", "fields": ["label"]}],
    }
    assert payload["groups"]["changed"] == [
        {"key": "offline", "fields": ["members"]},
        {"key": "observability", "fields": ["members"]},
    ]
    assert payload["groups"]["added"] == payload["groups"]["removed"] == []
    assert payload["card"] == ["ml_task"]
    text = diff_text(result)
    assert "  + drift (Drift detector, drift_detector)" in text
    assert "  - evaluation (Offline evaluation, evaluation_pipeline)" in text
    assert "  ~ model_serving (Model server (GPU), model_serving): label" in text
    assert "  ~ data_lake -> feature_pipeline (batch): label" in text


def test_a_flow_changing_kind_is_removed_and_added() -> None:
    old = load("visual_search")
    first = old.flows[0]
    kind = "async" if first.kind != "async" else "batch"
    new = old.model_copy(
        update={"flows": [first.model_copy(update={"kind": kind}), *old.flows[1:]]}
    )
    result = diff(old, new)
    assert result.flows.added == [flow_ref(first.source, first.target, kind)]
    assert result.flows.removed == [flow_ref(first.source, first.target, first.kind)]


def test_statuses_and_the_merged_design() -> None:
    old, new = edited()
    result = diff(old, new)
    found = statuses(result)
    assert found["drift"] == "added"
    assert found["model_serving"] == "changed"
    assert found["evaluation"] == "removed"
    assert found["training -> evaluation (batch)"] == "removed"
    assert found["data_lake -> feature_pipeline (batch)"] == "changed"
    merged, colours = overlay(result)
    assert merged.component("evaluation") is not None  # put back, to be drawn as a ghost
    assert any(g.id == "offline" and "evaluation" in g.members for g in merged.groups)
    assert colours["drift"] == COLOURS["added"]


def _svg_parts(path: Path) -> dict[str, ET.Element]:
    """Graphviz's node and edge groups by their title (`id`, or `a->b`)."""
    root = ET.parse(path).getroot()
    return {
        (g.findtext(f"{SVG}title") or ""): g
        for g in root.iter(f"{SVG}g")
        if g.get("class") in ("node", "edge")
    }


def _strokes(element: ET.Element) -> set[str]:
    return {(e.get("stroke") or "").lower() for e in element.iter() if e.get("stroke")}


@pytest.mark.exe
def test_the_overlay_svg_colours_the_right_parts(tmp_path: Path) -> None:
    old, new = edited()
    path = render_overlay(diff(old, new), tmp_path)
    assert path == tmp_path / "framework_v2.diff.svg"
    parts = _svg_parts(path)
    assert GREEN in _strokes(parts["drift"])
    assert AMBER in _strokes(parts["model_serving"])
    assert RED in _strokes(parts["evaluation"])
    ghost = parts["evaluation"]
    assert "Offline evaluation" in " ".join(" ".join(ghost.itertext()).split())
    assert any(e.get("stroke-dasharray") for e in ghost.iter())
    assert GREEN in _strokes(parts["event_log->drift"])
    assert AMBER in _strokes(parts["data_lake->feature_pipeline"])
    removed_edge = parts["training->evaluation"]
    assert RED in _strokes(removed_edge)
    assert any(e.get("stroke-opacity") for e in removed_edge.iter())  # faded
    # Untouched parts keep their own colours.
    for untouched in ("api_gateway", "client->api_gateway", "data_lake"):
        assert not _strokes(parts[untouched]) & {GREEN, AMBER, RED}


@pytest.mark.exe
@pytest.mark.browser
def test_the_overlay_svg_loads_in_chromium(tmp_path: Path) -> None:
    old, new = edited()
    path = render_overlay(diff(old, new), tmp_path)
    shot = tmp_path / "shot.png"
    done = headless_chromium(
        f"--screenshot={shot}", "--window-size=1600,1000", path.as_uri(), profile=tmp_path / "p"
    )
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000


def test_diff_cli_text_json_and_drawing(tmp_path: Path) -> None:
    old, new = edited()
    (tmp_path / "old.json").write_text(old.to_json(), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(new.to_yaml(), encoding="utf-8")
    text = run("diff", str(tmp_path / "old.json"), str(tmp_path / "new.yaml"))
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("ml_system_framework -> framework_v2\n")
    assert "  - evaluation" in text.stdout
    as_json = run(
        "diff", str(tmp_path / "old.json"), str(tmp_path / "new.yaml"), "--format", "json",
        "-o", str(tmp_path / "out"),
    )  # fmt: skip
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["card"] == ["ml_task"]
    drawing = tmp_path / "out" / "framework_v2.diff.svg"
    assert drawing.is_file() and str(drawing) in as_json.stderr


def test_diff_cli_unreadable_input_exits_2(tmp_path: Path) -> None:
    result = run("diff", str(tmp_path / "missing.json"), "visual_search")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
