"""A component's own `icon` (a PNG beside the design file): found from the design's folder,
embedded in every output like the built-in icons, and refused clearly when it cannot be."""

from __future__ import annotations

import base64
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from mlsd_diagrams import load
from mlsd_diagrams.render import Format, RenderOptions, drawing_bytes, single_format

from .conftest import one_line, run

RED = (220, 20, 60)
DESIGN = """\
id: own
title: Own icon
components:
  - {id: user, kind: client}
  - {id: api, kind: app_service, icon: icons/ours.png}
flows:
  - {source: user, target: api}
"""


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """A design file with an icon of its own, a red square, in a folder beside it."""
    (tmp_path / "icons").mkdir()
    Image.new("RGB", (64, 64), RED).save(tmp_path / "icons" / "ours.png")
    path = tmp_path / "own.yaml"
    path.write_text(DESIGN, encoding="utf-8")
    return path


def is_ours(png: bytes) -> bool:
    with Image.open(io.BytesIO(png)) as image:
        pixel = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    assert isinstance(pixel, tuple)
    return all(abs(a - b) <= 3 for a, b in zip(pixel, RED, strict=True))


def data_uris(text: str) -> list[bytes]:
    return [
        base64.b64decode(m)
        for m in re.findall(r"data:image/png[;,](?:base64,)?([A-Za-z0-9+/=]+)", text)
    ]


@pytest.mark.exe
def test_an_own_icon_is_embedded_in_every_output(
    own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(own.parent.parent)  # a relative path starts from the design, not here
    design = load(own)
    files, _ = drawing_bytes(design, RenderOptions(formats=(Format.SVG, Format.PPTX)))
    svg = files["own.svg"].decode("utf-8")
    assert str(own.parent) not in svg  # self-contained: no path of this machine
    assert sum(is_ours(png) for png in data_uris(svg)) == 1
    slide = Presentation(io.BytesIO(files["own.pptx"])).slides[0]
    group = next(s for s in slide.shapes if s.name == "api")
    picture = next(s for s in group.shapes if s.name == "api icon")
    assert is_ours(picture.image.blob)
    root = ET.fromstring(single_format(design, Format.DRAWIO).decode("utf-8"))
    cell = next(c for c in root.iter("mxCell") if c.get("id") == "api")
    assert [is_ours(png) for png in data_uris(cell.get("style", ""))] == [True]
    scene = json.loads(single_format(design, Format.EXCALIDRAW).decode("utf-8"))
    icons = [f["dataURL"] for f in scene["files"].values()]
    assert sum(is_ours(png) for uri in icons for png in data_uris(uri)) == 1
    d2 = single_format(design, Format.D2).decode("utf-8")
    line = next(x for x in d2.splitlines() if x.startswith("c_api:"))
    assert [is_ours(png) for png in data_uris(line)] == [True]


def test_the_icon_stays_as_written_in_exports(own: Path) -> None:
    exported = json.loads(load(own).to_json())
    assert exported["components"][1]["icon"] == "icons/ours.png"


def test_a_missing_icon_is_one_line_naming_where_it_was_looked_for(own: Path) -> None:
    own.write_text(DESIGN.replace("ours.png", "gone.png"), encoding="utf-8")
    result = run("validate", str(own))
    assert result.exit_code == 2
    line = one_line(result)
    assert "component `api`: icon 'icons/gone.png' cannot be read" in line
    assert str(own.parent / "icons" / "gone.png") in line


def test_a_file_that_is_not_a_png_is_refused(own: Path) -> None:
    (own.parent / "icons" / "ours.png").write_text("<svg/>", encoding="utf-8")
    result = run("validate", str(own))
    assert result.exit_code == 2 and "is not a PNG image" in one_line(result)


@pytest.mark.parametrize(
    ("icon", "complaint"),
    [
        ("icons/ours.svg", "convert it to PNG"),
        ("https://example.org/x.png", "not an address"),
        ("icons/ours.gif", "an icon is a .png file"),
    ],
)
def test_an_icon_that_cannot_be_embedded_is_an_e100(own: Path, icon: str, complaint: str) -> None:
    own.write_text(DESIGN.replace("icons/ours.png", icon), encoding="utf-8")
    result = run("validate", str(own))
    assert result.exit_code == 1
    assert "components[1].icon" in result.stdout and complaint in result.stdout


@pytest.mark.exe
def test_a_new_picture_in_the_icon_file_is_drawn_again(own: Path) -> None:
    out = own.parent / "out"
    assert run("render", str(own), "-o", str(out)).exit_code == 0
    assert "up to date, skipped" in run("render", str(own), "-o", str(out)).stdout
    before = (out / "own.png").read_bytes()
    Image.new("RGB", (64, 64), (0, 0, 255)).save(own.parent / "icons" / "ours.png")
    again = run("render", str(own), "-o", str(out))
    assert "skipped" not in again.stdout
    assert not any(is_ours(png) for png in data_uris((out / "own.svg").read_text("utf-8")))
    # The PNG too, though Graphviz runs of one process are remembered by their input.
    assert (out / "own.png").read_bytes() != before
