"""SPEC's layout-quality rows, each read from a small SVG written the way Graphviz writes one:
for every row a drawing that misses it and one that meets it."""

from __future__ import annotations

import importlib
import json
from itertools import pairwise
from pathlib import Path

import pytest

from mlsd_diagrams._model import Design
from mlsd_diagrams.render import (
    FIGURE_QUALITY,
    VIEW_QUALITY,
    WHOLE_QUALITY,
    LayoutQuality,
    QualityTargets,
    crossings_average_miss,
    layout_quality,
)
from mlsd_diagrams.render._inspect import QUALITY_ROWS

from .conftest import run

Point = tuple[float, float]


def _text(x: float, y: float, words: str, size: float = 12, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text text-anchor="start" x="{x}" y="{y}" font-family="Sans-Serif"{weight} '
        f'font-size="{size}">{words}</text>'
    )


def _box(left: float, top: float, right: float, bottom: float, fill: str = "none") -> str:
    points = f"{left},{top} {right},{top} {right},{bottom} {left},{bottom} {left},{top}"
    return f'<polygon fill="{fill}" stroke="#000" points="{points}"/>'


def node(node_id: str, left: float, top: float, *names: str) -> str:
    """A node drawn as a 60 x 30 pt box with its name lines inside."""
    lines = "".join(_text(left + 4, top + 14 + 15 * i, n, 10, True) for i, n in enumerate(names))
    return (
        f'<g class="node"><title>{node_id}</title>{_box(left, top, left + 60, top + 30)}{lines}</g>'
    )


def edge(
    tail: str,
    head: str,
    *points: Point,
    label: tuple[float, float, str] | None = None,
    arrow: bool = False,
) -> str:
    """An edge along straight pieces, written as Graphviz's cubic path; `arrow` adds an
    arrowhead 9 pt long past the last point, in the last piece's direction."""
    d = f"M{points[0][0]},{points[0][1]}"
    for (x0, y0), (x1, y1) in pairwise(points):
        c1 = (x0 + (x1 - x0) / 3, y0 + (y1 - y0) / 3)
        c2 = (x0 + 2 * (x1 - x0) / 3, y0 + 2 * (y1 - y0) / 3)
        d += f"C{c1[0]},{c1[1]} {c2[0]},{c2[1]} {x1},{y1}"
    parts = f'<path fill="none" stroke="#000" d="{d}"/>'
    if arrow:
        (x0, y0), (x1, y1) = points[-2], points[-1]
        size = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        ux, uy = (x1 - x0) / size, (y1 - y0) / size
        tip = (x1 + 9 * ux, y1 + 9 * uy)
        a, b = (x1 - 3 * uy, y1 + 3 * ux), (x1 + 3 * uy, y1 - 3 * ux)
        parts += (
            f'<polygon fill="#000" stroke="#000" points="{a[0]},{a[1]} {tip[0]},{tip[1]} '
            f'{b[0]},{b[1]} {a[0]},{a[1]}"/>'
        )
    if label is not None:
        parts += _text(*label)
    return f'<g class="edge"><title>{tail}&#45;&gt;{head}</title>{parts}</g>'


def group(group_id: str, left: float, top: float, right: float, bottom: float, title: str) -> str:
    return (
        f'<g class="cluster"><title>cluster_{group_id}</title>'
        f"{_box(left, top, right, bottom, '#eee')}{_text(left + 6, top + 14, title)}</g>"
    )


def svg(*parts: str, width: float = 400, height: float = 300, title: str = "") -> str:
    heading = _text(10, 20, title, 22, True) if title else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}pt" height="{height}pt" viewBox="0.00 0.00 {width} {height}">'
        '<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(0 0)">'
        f'<polygon fill="#ffffff" stroke="transparent" points="0,0 {width},0 {width},{height} '
        f'0,{height} 0,0"/>{heading}{"".join(parts)}</g></svg>'
    )


A, B = node("a", 20, 100, "Alpha"), node("b", 300, 100, "Beta")
AB = edge("a", "b", (80, 115), (300, 115), arrow=False)


def quality(*parts: str, **kwargs: float | str) -> LayoutQuality:
    return layout_quality(svg(*parts, **kwargs))  # type: ignore[arg-type]


def test_a_tidy_drawing_meets_every_row() -> None:
    found = quality(A, B, AB, group("g", 10, 80, 380, 150, "Group"))
    assert all(faults == () for faults in found.found().values()), found.found()


def test_text_overlaps() -> None:
    assert quality(_text(100, 50, "first"), _text(110, 52, "second")).text_overlaps
    assert not quality(_text(100, 50, "first"), _text(100, 70, "second")).text_overlaps
    # Ink, not the line box: text a few points apart does not overlap.
    assert not quality(_text(100, 50, "first"), _text(150, 50, "second")).text_overlaps


def test_labels_on_something_else() -> None:
    label = (150, 110, "payload")
    crossed = quality(
        A,
        B,
        edge("a", "b", (80, 115), (300, 115), label=label),
        node("c", 170, 20, "C"),
        node("d", 170, 250, "D"),
        edge("c", "d", (180, 50), (180, 250)),
    )
    assert crossed.labels_on_something_else == (
        "the label 'payload' of edge a->b is crossed by edge c->d",
    )
    on_node = quality(A, B, edge("a", "b", (80, 115), (300, 115), label=(25, 112, "payload")))
    assert "lies on node a" in " ".join(on_node.labels_on_something_else)
    on_outline = quality(
        A, B, edge("a", "b", (80, 115), (300, 115), label=label), group("g", 160, 80, 250, 200, "G")
    )
    assert on_outline.labels_on_something_else == (
        "the label 'payload' of edge a->b lies on the outline of group 'G'",
    )
    clear = quality(A, B, edge("a", "b", (80, 115), (300, 115), label=label))
    assert clear.labels_on_something_else == ()


def test_edges_through_a_component() -> None:
    through = quality(A, B, node("c", 150, 100, "C"), AB)
    assert through.edges_through_components == ("edge a->b passes through node c (60 pt)",)
    around = quality(A, B, node("c", 150, 200, "C"), AB)
    assert around.edges_through_components == ()
    # An edge's own ends are where it has to touch.
    assert quality(A, B, edge("a", "b", (70, 115), (310, 115))).edges_through_components == ()


def test_edges_through_a_title() -> None:
    titled = group("g", 100, 40, 250, 200, "Training")
    through = quality(A, B, titled, edge("a", "b", (80, 115), (130, 50), (300, 115)))
    assert through.edges_through_titles == (
        "edge a->b passes through the title of group 'Training'",
    )
    assert quality(A, B, titled, AB).edges_through_titles == ()
    drawing_title = quality(A, B, edge("a", "b", (80, 115), (60, 15), (300, 115)), title="Title")
    assert drawing_title.edges_through_titles == ("edge a->b passes through the drawing's title",)
    legend = '<polyline fill="none" stroke="#000" points="150,60 180,60"/>' + _text(182, 64, "key")
    keyed = quality(A, B, legend, edge("a", "b", (80, 115), (190, 60), (300, 115)))
    assert keyed.edges_through_titles == ("edge a->b passes through the legend",)


def test_edges_ending_on_a_group_outline() -> None:
    holder = group("g", 250, 60, 390, 160, "Serving")
    # A fan drawn to the group's box: its arrowhead stops on the outline, far from b.
    fan = quality(A, B, holder, edge("a", "b", (80, 115), (241, 115), arrow=True))
    assert fan.edges_ending_on_outlines == (
        "edge a->b ends on the outline of group 'Serving', not at b",
    )
    met = quality(A, B, holder, edge("a", "b", (80, 115), (291, 115), arrow=True))
    assert met.edges_ending_on_outlines == ()


def test_groups_touching() -> None:
    first, second = group("one", 10, 60, 190, 200, "One"), group("two", 194, 60, 390, 200, "Two")
    assert quality(first, second).groups_touching == (
        "group 'One' and group 'Two' are 4.00 pt apart",
    )
    apart = group("two", 210, 60, 390, 200, "Two")
    assert quality(first, apart).groups_touching == ()
    # A group inside another is not its sibling, however close.
    inner = group("inner", 12, 62, 100, 150, "Inner")
    assert quality(first, inner).groups_touching == ()
    # Siblings inside one parent are held to the same gap.
    nested = [group("p", 5, 40, 395, 290, "P"), group("one", 10, 60, 190, 200, "One")]
    assert len(quality(*nested, second).groups_touching) == 1


def test_edges_along_an_outline() -> None:
    holder = group("g", 100, 60, 300, 200, "G")
    along = quality(A, B, holder, edge("a", "b", (80, 202), (250, 202), (300, 115)))
    assert along.edges_along_outlines
    assert along.edges_along_outlines[0].startswith("edge a->b runs along the outline of group 'G'")
    # Crossing an outline, or running beside it for a short stretch, is no fault.
    assert quality(A, B, holder, AB).edges_along_outlines == ()
    short = quality(A, B, holder, edge("a", "b", (80, 230), (120, 202), (150, 202), (300, 260)))
    assert short.edges_along_outlines == ()


def test_long_detours() -> None:
    detour = quality(A, B, edge("a", "b", (80, 115), (80, 290), (300, 290), (300, 130)))
    assert detour.long_detours == ("edge a->b is drawn 555 pt long for 221 pt straight",)
    assert quality(A, B, AB).long_detours == ()
    # A curve may be much longer than straight when both are short.
    hop = quality(A, B, edge("a", "b", (80, 115), (80, 160), (120, 160), (120, 115)))
    assert hop.long_detours == ()


def test_crossings_count_arrowheads_and_not_shared_ends() -> None:
    c, d = node("c", 170, 20, "C"), node("d", 170, 250, "D")
    crossing = quality(A, B, c, d, AB, edge("c", "d", (180, 50), (180, 250)))
    assert crossing.crossings == ("edges a->b and c->d cross",)
    # Only the arrowhead of c->d reaches over a->b.
    by_arrowhead = quality(A, B, c, d, AB, edge("c", "d", (180, 50), (180, 108), arrow=True))
    assert by_arrowhead.crossings == ("edges a->b and c->d cross",)
    shared = quality(A, B, c, AB, edge("c", "b", (180, 50), (180, 200), (310, 130)))
    assert shared.crossings == ()


def test_far_labels() -> None:
    far = quality(A, B, edge("a", "b", (80, 115), (300, 115), label=(150, 170, "payload")))
    assert far.far_labels == ("the label 'payload' is 46 pt from its edge a->b",)
    near = quality(A, B, edge("a", "b", (80, 115), (300, 115), label=(150, 140, "payload")))
    assert near.far_labels == ()


def test_cut_names() -> None:
    ellipsed = layout_quality(svg(node("a", 20, 100, "Feature", "pipeli\u2026")))
    assert ellipsed.cut_names == (
        "the name of a is shortened with an ellipsis: 'Feature / pipeli\u2026'",
    )
    broken = svg(node("a", 20, 100, "Feature pipe", "line"))
    names = {"a": "Feature pipeline"}
    assert layout_quality(broken, names).cut_names == (
        "the name of a is broken inside a word after 'Feature pipe': 'Feature pipe / line'",
    )
    # Without the name, a break inside a word cannot be told from one between words.
    assert layout_quality(broken).cut_names == ()
    whole_words = svg(node("a", 20, 100, "Feature", "pipeline"))
    assert layout_quality(whole_words, names).cut_names == ()
    hyphen = svg(node("a", 20, 100, "Real-", "time API"))
    assert layout_quality(hyphen, {"a": "Real-time API"}).cut_names == ()
    dropped = svg(node("a", 20, 100, "Feature"))
    assert layout_quality(dropped, names).cut_names == ("the name of a is shortened: 'Feature'",)


def test_empty_area() -> None:
    corner = quality(A, width=900, height=600)
    assert corner.empty_area > 0.8
    assert "empty_area" in VIEW_QUALITY.misses(corner)
    filled = quality(A, B, AB, node("c", 160, 10, "C"), node("d", 160, 230, "D"))
    assert filled.empty_area < 0.35
    assert "empty_area" not in VIEW_QUALITY.misses(filled)


def test_text_on_the_slide_by_kind_of_drawing() -> None:
    # 2400 pt wide: a 10 pt name is 4 pt on a 960 pt slide.
    wide = quality(node("a", 20, 100, "Alpha"), width=2400, height=1350)
    misses = WHOLE_QUALITY.misses(wide)
    assert misses["smallest_name_pt"] == ["names 4.0 pt on the slide < 10"]
    assert misses["smallest_text_pt"] == ["text 4.0 pt on the slide < 8"]
    # 11 pt names on a drawing the slide's size: enough for the whole diagram, not for a view.
    named = f'<g class="node"><title>a</title>{_text(10, 60, "Alpha", 11, True)}</g>'
    slide = quality(named, width=960, height=540)
    assert "smallest_name_pt" not in WHOLE_QUALITY.misses(slide)
    assert VIEW_QUALITY.misses(slide)["smallest_name_pt"] == ["names 11.0 pt on the slide < 12"]
    # A model figure keeps its own aspect; a view is held to the slide's.
    tall = quality(A, width=300, height=900)
    assert "aspect" in VIEW_QUALITY.misses(tall) and "aspect" not in FIGURE_QUALITY.misses(tall)


def test_crossing_bounds_by_kind_of_drawing() -> None:
    c, d, e = node("c", 120, 20, "C"), node("d", 120, 250, "D"), node("e", 200, 20, "E")
    f = node("f", 200, 250, "F")
    two = quality(A, B, c, d, e, f, AB, edge("c", "d", (130, 50), (130, 250)))
    assert len(two.crossings) == 1
    assert "crossings" not in WHOLE_QUALITY.misses(two)
    assert VIEW_QUALITY.misses(two)["crossings"] == ["edges a->b and c->d cross"]
    three = quality(
        A,
        B,
        c,
        d,
        e,
        f,
        AB,
        edge("c", "d", (130, 50), (130, 250)),
        edge("e", "f", (210, 50), (210, 250)),
        edge("c", "f", (140, 50), (215, 255)),
    )
    assert len(three.crossings) == 3
    assert len(WHOLE_QUALITY.misses(three)["crossings"]) == 3
    # On average at most 0.5 per whole diagram: one crossing over two designs is enough.
    clean = quality(A, B, AB)
    assert crossings_average_miss([two, clean]) is None
    assert crossings_average_miss([two, two]) == (
        "1.00 crossings per whole diagram on average > 0.5"
    )


def test_misses_are_keyed_like_the_figures() -> None:
    found = quality(A, B, AB, node("c", 150, 100, "C"), width=2400, height=1350)
    figures = found.figures()
    assert set(QUALITY_ROWS) <= set(figures)
    assert set(VIEW_QUALITY.misses(found)) <= set(figures)
    assert figures["edges_through_components"] == 1


def test_not_a_graphviz_drawing_is_named() -> None:
    with pytest.raises(ValueError, match="no graph group"):
        layout_quality('<svg xmlns="http://www.w3.org/2000/svg"/>')


@pytest.mark.exe
def test_inspect_reports_every_row_and_check_fails_on_a_miss(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "tiny.json"
    source.write_text(tiny.to_json(), encoding="utf-8")
    rows = json.loads(run("inspect", str(source), "--format", "json").stdout)
    assert [r["kind"] for r in rows] == ["whole", "view", "view", "view"]
    for row in rows:
        assert set(QUALITY_ROWS) <= set(row) and isinstance(row["misses"], dict)
    text = run("inspect", str(source)).stdout.splitlines()
    assert text[0].split()[-12:] == [
        "OVL", "LBL", "THRU", "TTL", "END", "GAP", "ALNG", "DTR", "CROSS", "FAR", "CUT", "EMPTY"
    ]  # fmt: skip
    assert text[-1].startswith("Columns: OVL text overlaps, LBL labels on something else")

    # Targets no drawing can meet: every drawing misses, each miss named under its row.
    render = importlib.import_module("mlsd_diagrams.render")  # the package, not `mlsd.render`

    strict = QualityTargets(max_crossings=0, min_name_pt=100, min_text_pt=100)
    for name in ("WHOLE_QUALITY", "VIEW_QUALITY"):
        monkeypatch.setattr(render, name, strict)
    missed = run("inspect", str(source), "--check")
    assert missed.exit_code == 1
    assert "    smallest_name_pt: names " in missed.stdout
    assert "4 of 4 drawing(s) miss a figure" in missed.stdout
    lax = QualityTargets(max_crossings=99, min_name_pt=0, min_text_pt=0, max_empty_area=1)
    monkeypatch.setattr(render, "WHOLE_QUALITY", lax)
    monkeypatch.setattr(render, "VIEW_QUALITY", lax)
    met = run("inspect", str(source), "--check", "--format", "json")
    met_rows = json.loads(met.stdout)
    assert met.exit_code == (1 if any(r["misses"] for r in met_rows) else 0)
