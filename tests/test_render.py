"""The renderer with real Graphviz: whole files, decodable PNG, self-contained SVG, one layout."""

from __future__ import annotations

import importlib
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import pytest

from mlsd_diagrams._catalog import kind_spec
from mlsd_diagrams._errors import InvalidDesignError, RenderError
from mlsd_diagrams._facade import png_bytes, render, svg_text
from mlsd_diagrams._model import Design
from mlsd_diagrams.render import (
    THEMES,
    Format,
    IconSet,
    RenderOptions,
    ThemeName,
    build_scene,
    check_outputs,
    dot_source,
    merge_fans,
    resources_dir,
)
from mlsd_diagrams.render.layout import _graphviz as backend
from mlsd_diagrams.render.layout._fit import fit
from mlsd_diagrams.render.writers._registry import self_contained_dot

from .conftest import dot_text

# The package exports a `render` function too, so the module is fetched by its full name.
render_module = importlib.import_module("mlsd_diagrams.render")

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
ALL = (Format.PNG, Format.SVG, Format.PDF, Format.DOT)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its chunks and inflating its pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", None
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
        if kind == b"IEND":
            break
    assert header is not None and offset == len(data)
    width, height, depth, colour = header[:4]
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    row = 1 + (width * channels * depth + 7) // 8
    assert len(zlib.decompress(idat)) == height * row
    return width, height


def svg_texts(path_or_text: Path | str) -> list[str]:
    text = path_or_text.read_text("utf-8") if isinstance(path_or_text, Path) else path_or_text
    root = ET.fromstring(text)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_dot_source_is_deterministic_and_needs_no_graphviz(
    tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    first = dot_text(tiny)
    assert first == dot_text(tiny)
    assert "digraph tiny" in first and str(resources_dir()) not in first
    for component in tiny.components:
        assert f"\t{component.id} [" in first


@pytest.mark.exe
def test_render_writes_every_format_whole(tiny: Design, tmp_path: Path) -> None:
    result = render(tiny, tmp_path, RenderOptions(formats=ALL))
    assert result.paths == [tmp_path / f"tiny.{fmt.value}" for fmt in ALL]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in result.paths)
    width, height = png_size((tmp_path / "tiny.png").read_bytes())
    assert width > 300 and height > 100
    assert (tmp_path / "tiny.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "tiny.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    # The DOT of the drawing as fitted to a slide, naming the icon folder too, so a plain `dot`
    # draws it (see test_exports).
    drawn = fit(merge_fans(build_scene(tiny, RenderOptions())))
    assert (tmp_path / "tiny.dot").read_text("utf-8") == self_contained_dot(dot_source(drawn))


@pytest.mark.exe
def test_svg_parses_and_embeds_its_icons(tiny: Design, tmp_path: Path) -> None:
    render(tiny, tmp_path, RenderOptions(formats=(Format.SVG,)))
    text = (tmp_path / "tiny.svg").read_text("utf-8")
    root = ET.fromstring(text)
    images = [image.get(XLINK, "") for image in root.iter(f"{SVG}image")]
    assert len(images) == len(tiny.components)
    assert all(href.startswith("data:image/png;base64,") for href in images)
    assert str(resources_dir()) not in text and "file:" not in text
    assert str(Path.home()) not in text
    shown = " ".join(svg_texts(text))
    for component in tiny.components:
        assert component.label in shown
    assert tiny.title in shown


@pytest.mark.exe
def test_boxes_have_no_images(tiny: Design, tmp_path: Path) -> None:
    render(tiny, tmp_path, RenderOptions(formats=(Format.SVG,), icons=IconSet.BOXES))
    root = ET.parse(tmp_path / "tiny.svg").getroot()
    assert list(root.iter(f"{SVG}image")) == []
    # Instead, each component is a box filled with its category's colour, its label inside.
    theme = THEMES[ThemeName.LIGHT]
    nodes = {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    assert set(nodes) == {c.id for c in tiny.components}
    for component in tiny.components:
        node = nodes[component.id]
        fill = theme.category_fill[kind_spec(component.kind).category]
        shapes = [e for e in node if e.tag in (f"{SVG}path", f"{SVG}polygon")]
        assert any(e.get("fill", "").upper() == fill.upper() for e in shapes), component.id
        assert component.label in " ".join(t.text or "" for t in node.iter(f"{SVG}text"))


@pytest.mark.exe
@pytest.mark.parametrize("theme", list(ThemeName))
def test_two_renders_are_byte_identical(tiny: Design, tmp_path: Path, theme: ThemeName) -> None:
    options = RenderOptions(formats=ALL, theme=theme)
    first = render(tiny, tmp_path / "one", options)
    second = render(tiny, tmp_path / "two", options)
    for a, b in zip(first.paths, second.paths, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


@pytest.mark.exe
def test_one_dot_run_for_all_formats(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    calls: list[list[str]] = []
    real_run = backend._spawn

    def counting_run(command: list[str], **kwargs: Any) -> Any:
        calls.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(backend, "_spawn", counting_run)
    render(tiny, tmp_path, RenderOptions(formats=ALL))
    # Layout trials first (`-Tjson` alone: no picture, no icons), then the one drawing run.
    *trials, drawing = calls
    assert trials and all(c[1:] == ["-Tjson"] for c in trials)
    assert {"-Tpng:cairo", "-Tsvg", "-Tpdf:cairo"} <= set(drawing)


@pytest.mark.exe
@pytest.mark.exe
def test_the_dot_format_alone_draws_nothing(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    calls: list[list[str]] = []
    real_run = backend._spawn

    def counting_run(command: list[str], **kwargs: Any) -> Any:
        calls.append(command)
        return real_run(command, **kwargs)

    monkeypatch.setattr(backend, "_spawn", counting_run)
    result = render(tiny, tmp_path, RenderOptions(formats=(Format.DOT,)))
    assert [p.name for p in result.paths] == ["tiny.dot"]
    # The DOT is of the drawing fitted to a slide, so the layout trials run, then the layout of
    # the drawing itself; nothing is rendered.
    assert calls and all([a for a in c if a.startswith("-T")] == ["-Tjson"] for c in calls)


def test_without_graphviz_even_the_dot_format_says_how_to_install_it(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(RenderError, match="apt-get install graphviz"):
        render(tiny, tmp_path, RenderOptions(formats=(Format.DOT,)))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.exe
def test_a_failed_dot_leaves_no_partial_file(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    render(tiny, tmp_path, RenderOptions(formats=(Format.PNG,)))
    good = (tmp_path / "tiny.png").read_bytes()

    def half_then_fail(command: list[str], **kwargs: Any) -> Any:
        for index, arg in enumerate(command):
            if arg == "-o":
                Path(command[index + 1]).write_bytes(b"\x89PNG half")
        return subprocess.CompletedProcess(command, 1, b"", b"Error: out of memory\n")

    monkeypatch.setattr(backend, "_spawn", half_then_fail)
    with pytest.raises(RenderError, match="Graphviz failed: Error: out of memory"):
        render(tiny, tmp_path, RenderOptions(formats=(Format.PNG, Format.SVG)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.png"]
    assert (tmp_path / "tiny.png").read_bytes() == good


def test_an_invalid_design_writes_nothing(tiny: Design, tmp_path: Path) -> None:
    data = tiny.to_dict()
    data["flows"].append({"source": "user", "target": "ghost"})
    broken = Design.model_validate(data)
    with pytest.raises(InvalidDesignError, match="E102"):
        render(broken, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.exe
def test_check_outputs_finds_missing_and_changed_files(tiny: Design, tmp_path: Path) -> None:
    options = RenderOptions(formats=(Format.SVG, Format.DOT))
    assert check_outputs(tiny, tmp_path, options) == [tmp_path / "tiny.svg", tmp_path / "tiny.dot"]
    render(tiny, tmp_path, options)
    assert check_outputs(tiny, tmp_path, options) == []
    (tmp_path / "tiny.dot").write_text("digraph {}", encoding="utf-8")
    assert check_outputs(tiny, tmp_path, options) == [tmp_path / "tiny.dot"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.dot", "tiny.svg"]


@pytest.mark.exe
def test_notebook_helpers(tiny: Design) -> None:
    assert png_size(png_bytes(tiny))[0] > 300
    assert "Tiny system" in svg_texts(svg_text(tiny))


@pytest.mark.exe
def test_awkward_folder_names_are_passed_through_untouched(tiny: Design, tmp_path: Path) -> None:
    out = tmp_path / "we ird [x] 'q' \"dq\" $HOME ; -o é\nline"
    result = render(tiny, out, RenderOptions(formats=(Format.PNG, Format.SVG)))
    assert sorted(p.name for p in out.iterdir()) == ["tiny.png", "tiny.svg"]
    assert all(path.parent == out for path in result.paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
