"""Exports, read back by the programs that read them: python-pptx and LibreOffice for the deck,
mermaid-cli for Mermaid, the D2 compiler for D2; draw.io and Excalidraw files are parsed and
checked against the layout they were drawn from. `bash scripts/install-export-readers.sh`
installs the readers (scripts/test.sh runs it)."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.shapes.connector import Connector
from pptx.shapes.group import GroupShape

from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import Design
from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.render import (
    Format,
    Layout,
    RenderOptions,
    Scene,
    ThemeName,
    build_scene,
    drawing_bytes,
    merge_fans,
    single_format,
    views_of,
    whole_drawing,
)
from mlsd_diagrams.render._measure import overlapping

from .conftest import ROOT, group_flows_design, run

NODE_DIR = ROOT / ".cache" / "node"
HOSTILE = 'say "hi" [x] {y} --> %% end <script>alert(1)</script> C:\\path #1; `id` $HOME 日本 🚀'
REPRESENTATIVE = ["visual_search", "youtube_video_search", "fraud_detection"]

pytestmark = pytest.mark.exe


def hostile() -> Design:
    """Awkward text in every label: quotes, brackets, arrows, comments, markup, newlines."""
    bp = Blueprint("hostile_labels", HOSTILE, summary=HOSTILE)
    user = bp.add("user", "client", 'a "quoted"\nname --> %%', tech="<b>x</b>")
    with bp.group("end", HOSTILE), bp.group("inner", "]] subgraph end"):
        api = bp.add("api", "app_service", "<script>alert(1)</script>", latency_ms=1)
    store = bp.add("graph", "cache", "back\\slash \\n 日本 🚀 `x` $y")
    user >> link(label='"q" --> |x|') >> api >> link("async", "%% comment\nnext") >> store
    return bp.build()


def designs() -> list[Design]:
    return [load(i) for i in builtin_ids()]


@cache
def laid_out(design_id: str) -> tuple[Scene, Layout]:
    design = hostile() if design_id == "hostile_labels" else load(design_id)
    drawing = whole_drawing(design, RenderOptions())
    return drawing.scene, drawing.layout


def export_text(design: Design, fmt: Format) -> str:
    return single_format(design, fmt).decode("utf-8")


def deck(design: Design, theme: ThemeName = ThemeName.LIGHT) -> bytes:
    files, _ = drawing_bytes(design, RenderOptions(formats=(Format.PPTX,), theme=theme))
    return files[f"{design.id}.pptx"]


def flat(text: str) -> str:
    return "".join(text.split())


# --- PPTX ------------------------------------------------------------------------------------


def test_every_design_reads_back_as_a_deck_of_named_shapes() -> None:
    for design in designs():
        slides = Presentation(io.BytesIO(deck(design))).slides
        # The whole diagram, then a slide per view, then one per model figure.
        assert len(slides) == 1 + len(views_of(design)) + len(design.figures), design.id
        figure_slides = list(slides)[len(slides) - len(design.figures) :]
        for figure_slide, figure in zip(figure_slides, design.figures, strict=True):
            names = {s.name for s in figure_slide.shapes}
            assert {b.id for b in figure.blocks} <= names, (design.id, figure.id)
        slide = slides[0]
        groups = {s.name: s for s in slide.shapes if isinstance(s, GroupShape)}
        assert {c.id for c in design.components} <= set(groups), design.id
        connectors = [s for s in slide.shapes if isinstance(s, Connector)]
        # A connector per drawn edge; a fan of metrics into a monitor (or of deploys into a
        # group) is one arrow to the group's box, as in the images, standing for all its flows.
        drawn = merge_fans(build_scene(design, RenderOptions())).edges
        assert len(connectors) == len(drawn), design.id
        assert sum(edge.flows for edge in drawn) == len(design.flows), design.id
        for group_id in (g.id for g in design.groups):
            assert any(s.name == f"group {group_id}" for s in slide.shapes), design.id
        texts = {c.id: flat(groups[c.id].shapes[0].text_frame.text) for c in design.components}
        for component in design.components:
            assert flat(component.label).replace("\u2026", "")[:10] in texts[component.id]
        boxes = {}
        for component in design.components:
            box = groups[component.id].shapes[0]
            boxes[component.id] = (box.left, box.top, box.width, box.height)
        assert not _overlaps(boxes), design.id
        notes = slide.notes_slide.notes_text_frame.text
        assert design.summary[:40] in notes
        for point in design.card.talking_points:
            assert point in notes


def _overlaps(boxes: dict[str, tuple[int, int, int, int]]) -> list[tuple[str, str]]:
    from mlsd_diagrams.render import Box

    return overlapping({k: Box(*map(float, v)) for k, v in boxes.items()})


def test_a_deck_is_deterministic_and_names_each_connector_end() -> None:
    design = load("visual_search")
    data = deck(design)
    assert data == deck(design)
    slide = Presentation(io.BytesIO(data)).slides[0]
    ids = {s.shape_id: s.name for s in slide.shapes if isinstance(s, GroupShape) for s in s.shapes}
    ids |= {s.shape_id: s.name for s in slide.shapes if s.name.startswith("group ")}
    ends = []
    for connector in (s for s in slide.shapes if isinstance(s, Connector)):
        xml = connector._element.xml
        start = re.search(r'<a:stCxn id="(\d+)"', xml)
        end = re.search(r'<a:endCxn id="(\d+)"', xml)
        assert start and end and "<a:tailEnd" in xml
        ends.append((ids[int(start.group(1))], ids[int(end.group(1))]))
    drawn = merge_fans(build_scene(design, RenderOptions())).edges
    assert ends == [
        (
            f"group {e.source_group}" if e.source_group else f"{e.source} box",
            f"group {e.target_group}" if e.target_group else f"{e.target} box",
        )
        for e in drawn
    ]


def _soffice_pdf(tmp_path: Path, decks: dict[str, bytes]) -> dict[str, Path]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice is missing; run `bash scripts/install-export-readers.sh`")
    for name, data in decks.items():
        (tmp_path / f"{name}.pptx").write_bytes(data)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path),
         *[str(tmp_path / f"{n}.pptx") for n in decks]],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    return {name: tmp_path / f"{name}.pdf" for name in decks}


@pytest.mark.slow
def test_libreoffice_shows_every_label_of_a_deck(tmp_path: Path) -> None:
    chosen = [load("visual_search"), load("rag_pipeline"), group_flows_design(), hostile()]
    decks = {d.id: deck(d) for d in chosen}
    decks["dark"] = deck(chosen[0], ThemeName.DARK)
    pdfs = _soffice_pdf(tmp_path, decks)
    for name, design in [*((d.id, d) for d in chosen), ("dark", chosen[0])]:
        pdf = pdfs[name]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        # The whole diagram, a slide per view, then one per model figure.
        slides = 1 + len(views_of(design)) + len(design.figures)
        assert re.search(rf"^Pages:\s+{slides}$", info.stdout, re.M), info.stdout
        text = flat(
            subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
        scene = whole_drawing(design, RenderOptions()).scene
        for node in scene.nodes:
            assert flat(" ".join(node.label))[:8] in text, (design.id, node.id)


# --- draw.io and Excalidraw -------------------------------------------------------------------


@pytest.mark.parametrize("design_id", [*builtin_ids(), "hostile_labels"])
def test_drawio_holds_every_component_and_flow_where_the_layout_put_it(design_id: str) -> None:
    scene, layout = laid_out(design_id)
    design = hostile() if design_id == "hostile_labels" else load(design_id)
    root = ET.fromstring(export_text(design, Format.DRAWIO))
    assert root.tag == "mxfile"
    cells = {c.get("id"): c for c in root.iter("mxCell")}
    origin: dict[str, tuple[float, float]] = {"1": (0.0, 0.0), "0": (0.0, 0.0)}
    for cell_id, cell in cells.items():
        if cell.get("vertex") == "1":
            geometry = cell.find("mxGeometry")
            assert geometry is not None
            parent = origin[cell.get("parent", "1")]
            origin[cell_id] = (
                parent[0] + float(geometry.get("x", 0)),
                parent[1] + float(geometry.get("y", 0)),
            )
    for component in design.components:
        cell = cells[component.id]
        assert cell.get("vertex") == "1"
        box = layout.nodes[component.id]
        assert origin[component.id] == pytest.approx((box.x, box.y), abs=0.02)
        if next(n for n in scene.nodes if n.id == component.id).icon:
            assert "image=data:image/png," in cell.get("style", "")
    for group in design.groups:
        assert "container=1" in cells[f"group-{group.id}"].get("style", "")
    edges = [(c.get("source"), c.get("target")) for c in cells.values() if c.get("edge") == "1"]
    # One edge per drawn edge, as in the images: a fan of flows is one edge from its group.
    assert edges == [
        (
            f"group-{e.source_group}" if e.source_group else e.source,
            f"group-{e.target_group}" if e.target_group else e.target,
        )
        for e in scene.edges
    ]
    assert not overlapping({c.id: layout.nodes[c.id] for c in design.components})


@pytest.mark.parametrize("design_id", [*REPRESENTATIVE, "hostile_labels"])
def test_excalidraw_binds_arrows_to_the_boxes_laid_out(design_id: str) -> None:
    _, layout = laid_out(design_id)
    design = hostile() if design_id == "hostile_labels" else load(design_id)
    document = json.loads(export_text(design, Format.EXCALIDRAW))
    assert document["type"] == "excalidraw" and document["version"] == 2
    elements = {e["id"]: e for e in document["elements"]}
    assert len(elements) == len(document["elements"])
    for component in design.components:
        box = elements[component.id]
        assert box["type"] == "rectangle"
        assert (box["x"], box["y"]) == pytest.approx(
            (layout.nodes[component.id].x, layout.nodes[component.id].y), abs=0.01
        )
        bound = {b["id"] for b in box["boundElements"]}
        label = elements[f"{component.id}-label"]
        assert label["containerId"] == component.id and label["id"] in bound
        icon = elements.get(f"{component.id}-icon")
        assert icon is None or icon["fileId"] in document["files"]
    arrows = [e for e in document["elements"] if e["type"] == "arrow"]
    scene, _ = laid_out(design_id)
    # An edge drawn from (or to) a group's box (a merged fan) is bound to the group's element.
    assert [(a["startBinding"]["elementId"], a["endBinding"]["elementId"]) for a in arrows] == [
        (
            f"group-{e.source_group}" if e.source_group else e.source,
            f"group-{e.target_group}" if e.target_group else e.target,
        )
        for e in scene.edges
    ]
    for arrow in arrows:
        for end in ("startBinding", "endBinding"):
            bound_to = elements[arrow[end]["elementId"]]["boundElements"]
            assert arrow["id"] in {b["id"] for b in bound_to}
    frames = {e["id"] for e in document["elements"] if e["type"] == "frame"}
    assert frames == {f"group-{g.id}" for g in design.groups if g.parent is None}


# --- Mermaid and D2 ---------------------------------------------------------------------------


def _node_tool(name: str) -> Path:
    path = NODE_DIR / "node_modules" / ".bin" / name
    if not path.exists():
        pytest.fail(f"{name} is missing; run `bash scripts/install-export-readers.sh`")
    return path


def _translation(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> tuple[float, float]:
    """The sum of the `translate(x, y)` transforms around an SVG element (Mermaid uses no other
    transform on its clusters and links)."""
    dx = dy = 0.0
    node: ET.Element | None = element
    while node is not None:
        found = re.match(r"translate\(([-\d.]+)[ ,]+([-\d.]+)\)", node.get("transform", ""))
        if found:
            dx, dy = dx + float(found.group(1)), dy + float(found.group(2))
        node = parents.get(node)
    return dx, dy


def _on_outline(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    """The point lies on the rectangle's outline, to 3 units."""
    (x, y), (left, top, width, height) = point, box
    inside = left - 3 <= x <= left + width + 3 and top - 3 <= y <= top + height + 3
    gap = min(abs(x - left), abs(x - left - width), abs(y - top), abs(y - top - height))
    return inside and gap <= 3


def _mermaid_group_ends(svg: str) -> None:
    """In Mermaid's drawing of the group-flows design, each link to or from a group ends on
    the group's cluster outline, and no node was made of the group's id."""
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    by_id = {e.get("id"): e for e in root.iter()}
    assert not [i for i in by_id if i and "flowchart-g_" in i]  # a group is no node
    for link_id, group, end in [
        ("L_g_serving_c_monitor_0", "g_serving", 0),
        ("L_c_logs_g_training_0", "g_training", -1),
        ("L_g_training_c_ranker_0", "g_training", 0),
    ]:
        path = by_id[f"my-svg-{link_id}"]
        points = json.loads(base64.b64decode(path.get("data-points", "")))
        dx, dy = _translation(path, parents)
        cluster = by_id[f"my-svg-{group}"]
        rect = cluster.find("{http://www.w3.org/2000/svg}rect")
        assert rect is not None
        cx, cy = _translation(cluster, parents)
        box = (
            float(rect.get("x", 0)) + cx,
            float(rect.get("y", 0)) + cy,
            float(rect.get("width", 0)),
            float(rect.get("height", 0)),
        )
        assert _on_outline((points[end]["x"] + dx, points[end]["y"] + dy), box), (link_id, box)


@pytest.mark.slow
def test_mermaid_cli_renders_every_design(tmp_path: Path) -> None:
    everything = [*designs(), group_flows_design(), hostile()]
    blocks = [f"```mermaid\n{export_text(d, Format.MERMAID)}```\n" for d in everything]
    source = tmp_path / "all.md"
    source.write_text("\n".join(blocks), encoding="utf-8")
    completed = subprocess.run(
        [str(_node_tool("mmdc")), "-i", str(source), "-o", str(tmp_path / "out.md"),
         "-p", str(NODE_DIR / "puppeteer.json"), "-q"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    svgs = sorted(tmp_path.glob("out-*.svg"))
    assert len(svgs) == len(everything)
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert "Syntax error" not in text and "<script>alert" not in text
    hostile_svg = tmp_path / f"out-{len(everything)}.svg"
    assert "alert(1)" in hostile_svg.read_text(encoding="utf-8")
    _mermaid_group_ends((tmp_path / f"out-{len(everything) - 1}.svg").read_text("utf-8"))


@pytest.mark.slow
def test_the_d2_compiler_compiles_every_design(tmp_path: Path) -> None:
    _node_tool("mmdc")  # the same install brings the D2 compiler
    everything = [*designs(), group_flows_design(), hostile()]
    files = []
    for design in everything:
        path = tmp_path / f"{design.id}.d2"
        path.write_text(export_text(design, Format.D2), encoding="utf-8")
        files.append(str(path))
    script = NODE_DIR / "d2_compile.mjs"
    shutil.copyfile(ROOT / "tests" / "readers" / "d2_compile.mjs", script)
    completed = subprocess.run(
        ["node", str(script), *files], capture_output=True, text=True, timeout=600, check=False
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    reports = completed.stdout.split("ok ")[1:]
    assert len(reports) == len(everything)
    # A connection to or from a group ends on the D2 container's outline.
    layout = next(r for r in reports if r.startswith(str(tmp_path / "group_flows.d2")))
    shapes = {
        words[1]: tuple(map(float, words[2:6]))
        for words in (line.split() for line in layout.splitlines())
        if words and words[0] == "shape"
    }
    links = {
        (words[1], words[2]): [tuple(map(float, p.split(","))) for p in words[3:5]]
        for words in (line.split() for line in layout.splitlines())
        if words and words[0] == "link"
    }
    for (source, target), end, group in [
        (("g_serving", "c_monitor"), 0, "g_serving"),
        (("c_logs", "g_training"), 1, "g_training"),
        (("g_training", "g_serving.c_ranker"), 0, "g_training"),
    ]:
        point = links[source, target][end]
        left, top, width, height = shapes[group]
        assert _on_outline((point[0], point[1]), (left, top, width, height)), (source, target)


def test_mermaid_and_d2_quote_every_label() -> None:
    mermaid = export_text(hostile(), Format.MERMAID)
    for line in mermaid.splitlines()[4:]:
        assert "<script" not in line and "%%" not in line and "-->" not in line.split('"')[1::2]
    assert "subgraph g_end[" in mermaid and "c_graph[" in mermaid
    d2 = export_text(hostile(), Format.D2)
    assert '\\"hi\\"' in d2 and "\\$HOME" in d2 and "C:\\\\path" in d2


# --- DOT and the CLI --------------------------------------------------------------------------


def test_a_dot_file_draws_its_icons_with_plain_dot(tmp_path: Path) -> None:
    files, _ = drawing_bytes(load("visual_search"), RenderOptions(formats=(Format.DOT,)))
    (tmp_path / "visual_search.dot").write_bytes(files["visual_search.dot"])
    completed = subprocess.run(
        ["dot", "-Tsvg", "visual_search.dot"], cwd=tmp_path, capture_output=True, check=True
    )
    assert b"No such file" not in completed.stderr and b"Warning" not in completed.stderr
    assert completed.stdout.count(b"<image") == len(load("visual_search").components)


@pytest.mark.parametrize("fmt", ["drawio", "excalidraw", "mermaid", "d2"])
def test_export_writes_a_file_with_o(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"kappa.{fmt}"
    result = run("export", "kappa_architecture", "--to", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == export_text(
        load("kappa_architecture"), Format(fmt)
    )
    assert run("export", "kappa_architecture", "--to", fmt).stdout == target.read_text("utf-8")
