"""Every layout Graphviz writes is read: random designs (nested groups, labelled flows of every
kind across groups, both directions) draw in every format without an error, and each drawing
holds a route for every edge, in the scene's direction."""

from __future__ import annotations

import io
import json
import random
import xml.etree.ElementTree as ET

import pytest
from pptx import Presentation

from mlsd_diagrams._catalog import Direction, FlowKind
from mlsd_diagrams._model import Design
from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.render import (
    WRITERS,
    Format,
    RenderOptions,
    build_scene,
    drawing_bytes,
    merge_fans,
    parse_layout,
)
from mlsd_diagrams.render.layout._engine import draw_scene

pytestmark = pytest.mark.exe

KINDS = ["app_service", "stream_processor", "data_lake", "cache", "batch_pipeline", "monitoring"]
WORDS = ["raw", "posts", "events", "features", "scores", "logs", "model", "labels", "daily"]


def random_design(seed: int) -> Design:
    """A design of 3 to 9 components in up to 3 levels of groups, with 2 to 12 flows."""
    rng = random.Random(seed)
    bp = Blueprint(f"random_{seed}", f"Random design {seed}")
    bp.direction = rng.choice(list(Direction))
    ids: list[str] = []
    handles = {}
    count = rng.randint(3, 9)
    groups = [None, "a", "b", "c"][: rng.randint(1, 4)]

    def add(number: int) -> None:
        kind = rng.choice(KINDS)
        label = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
        handles[f"c{number}"] = bp.add(f"c{number}", kind, label)
        ids.append(f"c{number}")

    number = 0
    for group in groups:
        if group is None:
            for _ in range(rng.randint(1, 2)):
                add(number)
                number += 1
            continue
        with bp.group(f"g_{group}", f"Group {group}"):
            for _ in range(rng.randint(1, 2)):
                add(number)
                number += 1
            if rng.random() < 0.6:
                with bp.group(f"g_{group}_inner", f"Inner {group}"):
                    for _ in range(rng.randint(1, 2)):
                        add(number)
                        number += 1
    while number < count:
        add(number)
        number += 1
    for _ in range(rng.randint(2, 12)):
        source, target = rng.sample(ids, 2)
        kind = rng.choice(list(FlowKind))
        label = " ".join(rng.sample(WORDS, rng.randint(0, 2)))
        handles[source] >> link(kind.value, label) >> handles[target]
    return bp.build()


@pytest.mark.parametrize("batch", range(6))
def test_random_designs_are_laid_out_and_read(batch: int) -> None:
    # The design as it is, in its own direction (no trials: each layout is what is tested).
    for seed in range(batch * 40, batch * 40 + 40):
        design = random_design(seed)
        scene = merge_fans(build_scene(design, RenderOptions()))
        drawing = draw_scene(scene, design.id)
        assert len(drawing.layout.edges) == len(drawing.scene.edges), seed
        for edge, route in zip(drawing.scene.edges, drawing.layout.edges, strict=True):
            assert (route.source, route.target) == (edge.source, edge.target), seed
            assert len(route.points) >= 2, (seed, edge)
        ET.fromstring(WRITERS[Format.DRAWIO].drawing(drawing))  # type: ignore[misc]
        json.loads(WRITERS[Format.EXCALIDRAW].drawing(drawing))  # type: ignore[misc]


@pytest.mark.parametrize("seed", range(1000, 1012))
def test_random_designs_draw_in_every_format(seed: int) -> None:
    design = random_design(seed)
    files, _ = drawing_bytes(design, RenderOptions(formats=tuple(Format), all_views=True))
    assert files[f"{design.id}.png"].startswith(b"\x89PNG")
    assert files[f"{design.id}.pdf"].startswith(b"%PDF")
    ET.fromstring(files[f"{design.id}.svg"])
    assert Presentation(io.BytesIO(files[f"{design.id}.pptx"])).slides


def test_an_edge_of_several_splines_is_one_route() -> None:
    # Graphviz 2.43 writes some edges between clusters as two splines joined by `;`.
    layout = {
        "bb": "0,0,200,100",
        "objects": [
            {"_gvid": 0, "name": "a", "pos": "20,50", "width": "0.5", "height": "0.5"},
            {"_gvid": 1, "name": "b", "pos": "180,50", "width": "0.5", "height": "0.5"},
        ],
        "edges": [
            {
                "_gvid": 0,
                "tail": 0,
                "head": 1,
                "pos": "e,160,50 38,50 60,50 80,50 100,50;100,50 120,50 140,50 150,50",
            },
            {"_gvid": 1, "tail": 1, "head": 0, "dir": "back", "pos": "s,165,60 155,60 120,60 "
             "90,60 40,60"},
        ],
    }  # fmt: skip
    parsed = parse_layout(json.dumps(layout))
    forward, back = parsed.edges
    assert (forward.source, forward.target) == ("a", "b")
    assert forward.points[0] == (38.0, 50.0) and forward.points[-1] == (160.0, 50.0)
    assert [p[0] for p in forward.points] == sorted(p[0] for p in forward.points)
    # Drawn from b back to a, the flow runs a -> b: its route is turned round, arrow at b.
    assert (back.source, back.target) == ("a", "b")
    assert back.points[0] == (40.0, 40.0) and back.points[-1] == (165.0, 40.0)
    assert [p[0] for p in back.points] == sorted(p[0] for p in back.points)
