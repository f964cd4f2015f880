"""Views and slide figures: parts of a design drawn on their own, and how a drawing reads when
fitted to a 16:9 slide."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from mlsd_diagrams._model import Design, View
from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.render import (
    FULL,
    VIEW,
    Format,
    Layout,
    RenderOptions,
    Scene,
    build_scene,
    slide_figures,
    view_scene,
    views_of,
    write_design,
)
from mlsd_diagrams.rules import validate

from .conftest import one_line, run, small_design

SVG = "{http://www.w3.org/2000/svg}"


def titles(svg: Path, kind: str) -> set[str]:
    root = ET.parse(svg).getroot()
    return {g.findtext(f"{SVG}title") or "" for g in root.iter(f"{SVG}g") if g.get("class") == kind}


def test_every_design_has_an_overview_and_a_view_per_top_level_group(tiny: Design) -> None:
    views = views_of(tiny)
    assert [v.id for v in views] == ["overview", "serving", "training"]
    assert views[0].collapse == ("serving", "training")
    assert views[0].include == ("user", "monitor")  # the components outside every group


def test_a_declared_view_replaces_its_automatic_namesake_and_adds_the_rest(tiny: Design) -> None:
    declared = tiny.model_copy(
        update={
            "views": [
                View(id="serving", title="Just the model", include=["model"]),
                View(id="loop", title="The loop", include=["training"], collapse=["serving"]),
            ]
        }
    )
    views = views_of(declared)
    assert [v.id for v in views] == ["overview", "serving", "training", "loop"]
    assert views[1].title == "Just the model" and views[1].include == ("model",)


def test_the_overview_draws_groups_as_boxes_and_merges_their_flows(tiny: Design) -> None:
    overview = view_scene(build_scene(tiny, RenderOptions()), views_of(tiny)[0])
    roles = {n.id: n.role for n in overview.nodes}
    assert roles == {"user": "component", "monitor": "component", "serving": "group",
                     "training": "group"}  # fmt: skip
    assert overview.clusters == ()
    # api -> model stays inside one box; model -> logs (async) and registry -> model (deploy)
    # become box -> box flows, each drawn once per source, target and kind.
    edges = {(e.source, e.target, e.kind.value) for e in overview.edges}
    assert edges == {
        ("user", "serving", "request"),
        ("serving", "training", "async"),
        ("user", "training", "feedback"),
        ("training", "serving", "deploy"),
        ("serving", "monitor", "observe"),
    }
    box = next(n for n in overview.nodes if n.id == "serving")
    assert box.label == ("Serving",) and box.tech == ("2 components",)


def test_a_group_view_expands_the_group_and_draws_its_neighbours_as_stubs(tiny: Design) -> None:
    serving = view_scene(build_scene(tiny, RenderOptions()), views_of(tiny)[1])
    roles = {n.id: n.role for n in serving.nodes}
    assert roles == {"api": "component", "model": "component", "user": "stub",
                     "logs": "stub", "registry": "stub", "monitor": "stub"}  # fmt: skip
    assert [c.id for c in serving.clusters] == ["serving"]
    # Flows among stubs (user -> logs, logs -> trainer...) are not this view's business.
    assert ("user", "logs") not in {(e.source, e.target) for e in serving.edges}


def test_together_the_views_show_every_component_in_full() -> None:
    design = small_design()
    scene = build_scene(design, RenderOptions())
    shown = {
        n.id
        for spec in views_of(design)
        for n in view_scene(scene, spec).nodes
        if n.role == "component"
    }
    assert shown == {c.id for c in design.components}


def test_views_naming_unknown_parts_are_e102(tiny: Design) -> None:
    broken = tiny.model_copy(
        update={"views": [View(id="v", title="V", include=["modle"], collapse=["model"])]}
    )
    found = [(f.code, f.message) for f in validate(broken)]
    assert ("E102", "view `v` names `modle`, which is not a component of this design") in found
    assert ("E102", "view `v` collapses `model`, which is not a group") in found


@pytest.mark.exe
def test_views_are_written_with_ids_as_svg_titles(tiny: Design, tmp_path: Path) -> None:
    options = RenderOptions(formats=(Format.SVG,), all_views=True)
    result = write_design(tiny, tmp_path, options)
    names = sorted(p.name for p in result.paths)
    assert names == [
        "tiny.svg",
        "tiny.view-overview.svg",
        "tiny.view-serving.svg",
        "tiny.view-training.svg",
    ]
    assert titles(tmp_path / "tiny.svg", "node") == {c.id for c in tiny.components}
    assert titles(tmp_path / "tiny.view-overview.svg", "node") == {
        "user", "monitor", "serving", "training"
    }  # fmt: skip
    assert titles(tmp_path / "tiny.view-serving.svg", "node") == {
        "api", "model", "user", "logs", "registry", "monitor"
    }  # fmt: skip


@pytest.mark.exe
def test_render_view_through_the_cli(tiny: Design, tmp_path: Path) -> None:
    source = tmp_path / "tiny.json"
    source.write_text(tiny.to_json(), encoding="utf-8")
    out = tmp_path / "out"
    result = run("render", str(source), "--view", "serving", "-f", "svg", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.svg")) == ["tiny.svg", "tiny.view-serving.svg"]
    bad = run("render", str(source), "--view", "servng", "-o", str(out))
    assert bad.exit_code == 2
    assert "has no view 'servng'; its views are overview, serving, training" in one_line(bad)


# --- slide figures -------------------------------------------------------------------------------

FIGURES_SVG = """<svg width="1920pt" height="540pt" xmlns="http://www.w3.org/2000/svg">
<g class="graph"><text font-size="20.00">Title</text>
<g class="node"><title>a</title><text font-size="14.00">A name</text>
<text font-size="10.00">small</text></g>
<g class="node"><title>b</title><text font-size="12.00">B</text></g>
<g class="node"><title>c</title><text font-size="14.00">C</text></g>
<g class="node"><title>d</title><text font-size="14.00">D</text></g>
<g class="edge"><title>a&#45;&gt;b</title><path d="M0,0C10,10 20,20 100,100"/></g>
<g class="edge"><title>c&#45;&gt;d</title><path d="M0,100C10,90 20,80 100,0"/></g>
<g class="edge"><title>a&#45;&gt;c</title><path d="M0,50C10,50 20,50 100,50"/></g>
</g></svg>"""


def test_slide_figures_read_sizes_names_text_and_crossings() -> None:
    figures = slide_figures(FIGURES_SVG)
    assert figures.aspect == 3.56 and figures.scale == 0.5
    # Names are each node's largest text: 14, 12, 14, 14 -> 12 pt, halved on the slide.
    assert figures.smallest_name_pt == 6.0
    assert figures.smallest_text_pt == 5.0  # the 10 pt detail
    # a->b crosses c->d; a->c shares an end with both, so it does not count.
    assert figures.crossings == 1
    assert (figures.nodes, figures.edges) == (4, 3)
    assert FULL.misses(figures) == [
        "aspect 3.56 outside 1.2-2.4",
        "names 6.0 pt < 9",
        "text 5.0 pt < 7",
    ]
    assert "1 crossings > 1" not in VIEW.misses(figures)


def chain(length: int) -> Design:
    bp = Blueprint("chain", "A long chain")
    nodes = [bp.add(f"step_{i}", "batch_pipeline", f"Step {i}") for i in range(length)]
    for first, second in pairwise(nodes):
        first >> link("batch") >> second
    return bp.build()


@pytest.mark.exe
def test_a_long_chain_is_folded_or_stretched_into_the_slide_aspect(tmp_path: Path) -> None:
    result = write_design(chain(9), tmp_path, RenderOptions(formats=(Format.SVG,)))
    figures = slide_figures(result.paths[0].read_text(encoding="utf-8"))
    assert FULL.min_aspect <= figures.aspect <= FULL.max_aspect


@pytest.mark.exe
def test_inspect_reports_every_drawing(tiny: Design, tmp_path: Path) -> None:
    source = tmp_path / "tiny.json"
    source.write_text(tiny.to_json(), encoding="utf-8")
    result = run("inspect", str(source), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["drawing"] for r in rows] == [
        "tiny", "tiny.view-overview", "tiny.view-serving", "tiny.view-training"
    ]  # fmt: skip
    whole = rows[0]
    assert whole["nodes"] == len(tiny.components) and whole["edges"] == len(tiny.flows)
    assert 1.2 <= whole["aspect"] <= 2.4 and "aspect" not in whole["misses"]
    text = run("inspect", str(source))
    assert text.stdout.splitlines()[0].split()[:3] == ["DRAWING", "SIZE", "(pt)"]
    assert "1 design(s), 3 view(s)" in text.stdout


def test_a_layout_graphviz_refuses_is_not_taken_and_no_layout_leaves_the_scene(
    tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlsd_diagrams._errors import RenderError
    from mlsd_diagrams.render.layout import _fit

    real = _fit._layout

    def refusing_lanes(candidate: Scene) -> Layout:
        if candidate.lanes:
            raise RenderError("Graphviz failed: Error: trouble in init_rank")
        return real(candidate)

    scene = build_scene(tiny, RenderOptions())
    monkeypatch.setattr(_fit, "_layout", refusing_lanes)
    assert _fit.fit(scene).lanes is False

    def refusing_all(candidate: Scene) -> Layout:
        raise RenderError("Graphviz is not installed")

    monkeypatch.setattr(_fit, "_layout", refusing_all)
    assert _fit.fit(scene) == scene


def test_no_layout_is_tried_for_a_design_no_slide_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlsd_diagrams.render.layout import _fit

    bp = Blueprint("big", "Big")
    nodes = [bp.add(f"n{i}", "app_service", f"N{i}") for i in range(_fit.FIT_LIMIT + 1)]
    for first, second in pairwise(nodes):
        first >> second
    scene = build_scene(bp.build(), RenderOptions())

    def no_trial(candidate: Scene) -> Layout:
        raise AssertionError("a layout was tried")

    monkeypatch.setattr(_fit, "_layout", no_trial)
    assert _fit.fit(scene) == scene
