"""Layout hints (`rank`, `rows`, a group's `order`): each moves components in the real layout,
in both reading directions and in the trials' pick; an unmet one is a warning naming it; bad
references are E105; every way of writing a design keeps them."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mlsd_diagrams import Blueprint, link
from mlsd_diagrams._catalog import Direction
from mlsd_diagrams._load import load
from mlsd_diagrams._model import Design, design_schema
from mlsd_diagrams.compose import module_source
from mlsd_diagrams.render import RenderOptions, build_scene
from mlsd_diagrams.render._api import whole_drawing
from mlsd_diagrams.render.layout._drawing import Drawing
from mlsd_diagrams.render.layout._engine import draw_scene
from mlsd_diagrams.render.scene._views import ViewSpec, view_scene
from mlsd_diagrams.rules import validate
from tests.conftest import run


def hinted(
    *,
    monitor_rank: int | None = None,
    ranker_rank: int | None = None,
    rows: tuple[tuple[str, ...], ...] = (),
    order: tuple[str, ...] = (),
    serving_order: tuple[str, ...] = (),
) -> Design:
    """A small ranking system; the two stores the ranker reads share one rank unless ordered."""
    bp = Blueprint("hinted", "Hinted ranking")
    user = bp.add("user", "client", "User")
    with bp.group("serving", "Online serving", order=serving_order):
        api = bp.add("api", "api_gateway", "API gateway")
        ranker = bp.add("ranker", "ranking_service", "Ranker", rank=ranker_rank)
    with bp.group("stores", "Feature stores", order=order):
        features = bp.add("features", "feature_store", "User features")
        embeddings = bp.add("embeddings", "vector_index", "Item embeddings")
    with bp.group("training", "Offline training"):
        logs = bp.add("logs", "data_lake", "Interaction logs")
        trainer = bp.add("trainer", "training_pipeline", "Trainer")
        registry = bp.add("registry", "model_registry", "Model registry")
    monitor = bp.add("monitor", "monitoring", "Monitoring", rank=monitor_rank)
    user >> api >> ranker >> [features, embeddings]
    ranker >> link("async", "impressions") >> logs >> link("batch") >> trainer
    trainer >> link("batch") >> registry >> link("deploy") >> ranker
    ranker >> link("observe") >> monitor
    for row in rows:
        bp.row(*row)
    return bp.build()


def drawn(design: Design, direction: Direction) -> Drawing:
    """The design's scene laid out as it is, in one direction (no trials)."""
    scene = replace(build_scene(design, RenderOptions()), direction=direction)
    return draw_scene(scene, design.id)


def along(drawing: Drawing, component: str) -> float:
    """Where a component stands along the drawing's reading direction, in pt."""
    axis = 0 if drawing.scene.direction is Direction.LR else 1
    return drawing.layout.nodes[component].center[axis]


def steps(drawing: Drawing) -> list[float]:
    """The distinct places along the reading direction components stand on."""
    places = sorted(along(drawing, n.id) for n in drawing.scene.nodes)
    return [p for i, p in enumerate(places) if i == 0 or p - places[i - 1] > 1]


def rank(drawing: Drawing, component: str) -> int:
    return next(i for i, p in enumerate(steps(drawing)) if abs(p - along(drawing, component)) <= 1)


BOTH = pytest.mark.parametrize("direction", [Direction.LR, Direction.TB])


@BOTH
def test_a_rank_moves_the_component_to_that_step(direction: Direction) -> None:
    plain = drawn(hinted(), direction)
    assert rank(plain, "monitor") < 5  # just after the ranker it watches
    moved = drawn(hinted(monitor_rank=5), direction)
    assert rank(moved, "monitor") == 5
    assert along(moved, "monitor") > along(plain, "monitor")
    assert moved.warnings == ()


@BOTH
def test_a_row_puts_its_components_on_one_line(direction: Direction) -> None:
    plain = drawn(hinted(), direction)
    assert abs(along(plain, "logs") - along(plain, "user")) > 50
    row = drawn(hinted(rows=(("user", "logs"),)), direction)
    assert along(row, "logs") == pytest.approx(along(row, "user"), abs=1)
    assert row.warnings == ()


@BOTH
def test_an_order_draws_a_groups_components_one_after_another(direction: Direction) -> None:
    plain = drawn(hinted(), direction)
    assert along(plain, "features") == pytest.approx(along(plain, "embeddings"), abs=1)
    ordered = drawn(hinted(order=("embeddings", "features")), direction)
    assert along(ordered, "features") > along(ordered, "embeddings") + 20
    assert ordered.warnings == ()


def test_hints_hold_in_the_trial_the_drawing_takes() -> None:
    design = hinted(monitor_rank=5, rows=(("user", "logs"),), order=("embeddings", "features"))
    drawing = whole_drawing(design, RenderOptions())
    assert rank(drawing, "monitor") == 5
    assert along(drawing, "logs") == pytest.approx(along(drawing, "user"), abs=1)
    assert along(drawing, "features") > along(drawing, "embeddings")
    assert drawing.warnings == ()
    # The hint's invisible parts are constraints, not part of what is drawn.
    assert not any(name.startswith("_") for name in drawing.layout.nodes)
    assert len(drawing.layout.edges) == len(drawing.scene.edges)


def test_an_unmet_hint_is_a_warning_that_names_it() -> None:
    # Graphviz meets a rank or a row before a flow (it draws the flow backwards), but two hints
    # that contradict each other, or an order against the flows, cannot all be met.
    design = hinted(monitor_rank=5, rows=(("user", "monitor"),), serving_order=("ranker", "api"))
    warnings = drawn(design, Direction.LR).warnings
    assert [w for w in warnings if "rank 5" in w or "row [" in w] in (
        ["layout hint not met: rank 5 of 'monitor': drawn at rank 0; drop the hint or the "
         "hints it contradicts"],
        ["layout hint not met: row [user, monitor]: 'monitor' is drawn on another line than "
         "'user'; drop it from the row"],
    ), warnings  # fmt: skip
    assert (
        "layout hint not met: order [ranker, api] of group 'serving': 'api' flows into "
        "'ranker', so it is drawn before it; reorder the hint or drop it"
    ) in warnings
    met = drawn(hinted(ranker_rank=0), Direction.LR)
    assert rank(met, "ranker") == 0 and met.warnings == ()


def test_the_cli_prints_an_unmet_hint(tmp_path: Path) -> None:
    path = tmp_path / "hinted.json"
    path.write_text(hinted(serving_order=("ranker", "api")).to_json())
    result = run("render", str(path), "-f", "svg", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (
        "design `hinted`: layout hint not met: order [ranker, api] of group 'serving'"
        in result.stderr
    )


def test_a_view_keeps_the_hints_of_what_it_shows() -> None:
    design = hinted(monitor_rank=5, rows=(("user", "logs"),), order=("embeddings", "features"))
    scene = view_scene(build_scene(design, RenderOptions()), ViewSpec("s", "S", ("stores",), ()))
    assert scene.hints.orders == (("stores", ("embeddings", "features")),)
    assert scene.hints.rows == () and scene.hints.ranks == ()
    view = draw_scene(scene, scene.id)
    assert along(view, "features") > along(view, "embeddings")
    assert view.warnings == ()


def _codes(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in validate(Design.model_validate(data))]


def test_hints_naming_what_they_cannot_place_are_e105() -> None:
    data = hinted().to_dict()
    data["rows"] = [["user", "usr"], ["api", "api"]]
    data["groups"][1]["order"] = ["features", "trainer", "ghost"]
    found = sorted((code, message) for code, message in _codes(data) if code == "E105")
    assert found == sorted(
        [
            ("E105", "rows[0] names `usr`, which is not a component"),
            ("E105", "rows[1] names `api` twice"),
            ("E105", "group `stores`'s order names `trainer`, which is not in the group"),
            ("E105", "group `stores`'s order names `ghost`, which is not in the group"),
        ]
    )
    [hint] = [f.hint for f in validate(Design.model_validate(data)) if "usr" in f.message]
    assert hint == "did you mean `user`?"
    assert not [c for c, _ in _codes(hinted(rows=(("user", "logs"),)).to_dict()) if c == "E105"]


def test_a_rank_is_a_small_whole_number() -> None:
    data = hinted().to_dict()
    data["components"][0]["rank"] = -1
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        Design.model_validate(data)


def test_every_way_of_writing_a_design_keeps_its_hints(tmp_path: Path) -> None:
    design = hinted(monitor_rank=5, rows=(("user", "logs"),), order=("embeddings", "features"))
    assert design.rows == [["user", "logs"]]
    assert design.component("monitor").rank == 5  # type: ignore[union-attr]
    assert design.groups[1].order == ["embeddings", "features"]
    for suffix, text in (("json", design.to_json()), ("yaml", design.to_yaml())):
        path = tmp_path / f"hinted.{suffix}"
        path.write_text(text)
        assert load(str(path)) == design
    source = module_source(design)
    assert 'bp.row("user", "logs")' in source
    assert 'order=["embeddings", "features"]' in source
    assert "rank=5" in source
    namespace: dict[str, Any] = {}
    exec(compile(source, "hinted.py", "exec"), namespace)
    assert namespace["build"]() == design


def test_the_schema_describes_the_hints() -> None:
    schema = design_schema()
    checker = jsonschema.Draft202012Validator(schema)
    document = json.loads(hinted(monitor_rank=5, rows=(("user", "logs"),)).to_json())
    assert list(checker.iter_errors(document)) == []
    defs = schema["$defs"]
    assert "Layout hint" in schema["properties"]["rows"]["description"]
    assert "Layout hint" in defs["Component"]["properties"]["rank"]["description"]
    assert "Layout hint" in defs["Group"]["properties"]["order"]["description"]
    yaml.safe_dump(schema)  # plain data, as `mlsd schema` writes it


def _readme_blocks(language: str, title: str) -> list[str]:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    part = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", part, re.S)


def _readme_design(tmp_path: Path, change: dict[str, Any] | None = None) -> Design:
    """The README's design in Python with its section on hints applied, as YAML says them."""
    (code,) = _readme_blocks("python", "Writing a design in Python")
    (module := tmp_path / "my_ranker.py").write_text(code, encoding="utf-8")
    data = load(str(module)).to_dict()
    (hints,) = _readme_blocks("yaml", "Layout hints")
    for key, value in (yaml.safe_load(hints) | (change or {})).items():
        if key == "rows":
            data["rows"] = value
            continue
        for item in value:
            [target] = [x for x in data[key] if x["id"] == item["id"]]
            target.update(item)
    return Design.model_validate(data)


def test_the_readme_example_is_drawn_as_it_says(tmp_path: Path) -> None:
    design = _readme_design(tmp_path)
    assert validate(design) == []
    source = module_source(design)
    (python,) = _readme_blocks("python", "Layout hints")
    for line in python.strip().splitlines():
        assert line in source
    drawing = whole_drawing(design, RenderOptions())
    assert drawing.warnings == ()
    columns = [
        {"user", "logs"},
        {"api", "trainer"},
        {"ranker"},
        {"registry", "monitor"},
    ]
    assert [{n.id for n in drawing.scene.nodes if rank(drawing, n.id) == i} for i in range(4)] == (
        columns
    )
    against = _readme_design(
        tmp_path,
        {"groups": [{"id": "training", "order": ["registry", "trainer"]}]},
    )
    assert (
        "layout hint not met: order [registry, trainer] of group 'training': 'trainer' flows "
        "into 'registry', so it is drawn before it; reorder the hint or drop it"
    ) in whole_drawing(against, RenderOptions()).warnings


def test_a_component_nothing_flows_into_may_be_ranked_later() -> None:
    design = hinted().to_dict()
    design["components"][0]["rank"] = 1  # the user, where every chain starts
    drawing = drawn(Design.model_validate(design), Direction.LR)
    # A step of its own ahead of it, left empty, as asked.
    first = drawing.layout.ranks[0].center[0]
    assert along(drawing, "user") > first + 20
    assert all(along(drawing, n.id) > first for n in drawing.scene.nodes)
    assert drawing.warnings == ()
