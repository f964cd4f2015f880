"""What the exports carry besides boxes and arrows, checked by their reader or against the
drawing: the D2 compiler draws each component's icon (embedded, so the file is self-contained;
`--icons boxes` leaves them out); an editable draw.io SVG holds the draw.io file of the very
drawing it shows."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mlsd_diagrams._load import load
from mlsd_diagrams.render import Format, IconSet, RenderOptions, icon_for, single_format

from .conftest import ROOT, run, small_design

SVG = "{http://www.w3.org/2000/svg}"

NODE_DIR = ROOT / ".cache" / "node"


def rendered_images(files: list[Path]) -> dict[str, int]:
    """How many icons the real D2 compiler draws for each file."""
    if not (NODE_DIR / "node_modules" / "@terrastruct" / "d2").exists():
        pytest.fail("the D2 compiler is missing; run `bash scripts/install-export-readers.sh`")
    script = NODE_DIR / "d2_render.mjs"
    shutil.copyfile(ROOT / "tests" / "readers" / "d2_render.mjs", script)
    completed = subprocess.run(
        ["node", str(script), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return {
        Path(f).stem: int(n)
        for n, f in (line.split(" ", 1) for line in completed.stdout.splitlines())
    }


@pytest.mark.slow
def test_the_d2_compiler_draws_each_component_icon(tmp_path: Path) -> None:
    design = small_design()
    with_icons = tmp_path / "icons.d2"
    with_icons.write_text(single_format(design, Format.D2).decode("utf-8"), encoding="utf-8")
    boxes = tmp_path / "boxes.d2"
    plain = single_format(design, Format.D2, RenderOptions(icons=IconSet.BOXES)).decode("utf-8")
    boxes.write_text(plain, encoding="utf-8")
    expected = sum(1 for c in design.components if icon_for(c, IconSet.OSS))
    assert expected == len(design.components) >= 3
    assert rendered_images([with_icons, boxes]) == {"icons": expected, "boxes": 0}
    # Small enough to stay a file a person edits: each icon shrunk, not the package's PNG.
    assert len(with_icons.read_text(encoding="utf-8")) < 12_000 * expected
    assert "icon:" not in plain


@pytest.mark.exe
def test_drawio_svg_shows_the_drawing_and_holds_the_drawio_file_of_it(tmp_path: Path) -> None:
    out = tmp_path / "x.drawio.svg"
    result = run("export", "ml_system_framework", "--to", "drawio-svg", "-o", str(out))
    assert result.exit_code == 0, result.output
    svg = ET.fromstring(out.read_bytes())
    assert svg.tag == f"{SVG}svg"
    mxfile = ET.fromstring(svg.get("content", ""))
    assert mxfile.tag == "mxfile"
    cells = {c.get("id"): c for c in mxfile.iter("mxCell")}
    # Where each vertex is, in the page: geometry is relative to its container.
    corner: dict[str, tuple[float, float]] = {"1": (0.0, 0.0)}
    for cell_id, cell in cells.items():
        geometry = cell.find("mxGeometry")
        if cell.get("vertex") == "1" and geometry is not None:
            parent = corner[cell.get("parent", "1")]
            corner[str(cell_id)] = (
                parent[0] + float(geometry.get("x", 0)),
                parent[1] + float(geometry.get("y", 0)),
            )
    graph = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "graph")
    shift = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", graph.get("transform", ""))
    assert shift is not None
    dx, dy = float(shift.group(1)), float(shift.group(2))
    design = load("ml_system_framework")
    nodes = {
        (g.findtext(f"{SVG}title") or ""): g
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "node"
    }
    for component in design.components:
        cell = cells[component.id]
        geometry = cell.find("mxGeometry")
        assert geometry is not None
        x, y = corner[component.id]
        width, height = float(geometry.get("width", 0)), float(geometry.get("height", 0))
        # The component's name, as drawn in the picture, sits inside its draw.io box.
        texts = [t for t in nodes[component.id].iter(f"{SVG}text") if (t.text or "").strip()]
        assert texts, component.id
        for text in texts:
            # Graphviz's translate is the page margin (x) and the height plus it (y).
            tx, ty = float(text.get("x", 0)), float(text.get("y", 0)) + dy - dx
            assert x - 1 <= tx <= x + width + 1 and y - 1 <= ty <= y + height + 1, component.id
    edges = [(c.get("source"), c.get("target")) for c in cells.values() if c.get("edge") == "1"]
    assert edges == [(f.source, f.target) for f in design.flows]
