"""Slide-ready output on real renders: themes, icon sets, transparency, dpi, frames, embedding."""

from __future__ import annotations

import itertools
import re
import struct
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsd_diagrams._catalog import CATALOG, COMPONENT_KINDS, Category, Plane, kind_spec
from mlsd_diagrams._facade import render
from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import Component, Design, Flow, Group
from mlsd_diagrams.cli import app
from mlsd_diagrams.compose import Blueprint
from mlsd_diagrams.render import (
    TECH_ICONS,
    THEMES,
    Format,
    IconSet,
    RenderOptions,
    ThemeName,
    frame_steps,
    group_planes,
    icon_for,
    resources_dir,
    tech_icon,
)
from mlsd_diagrams.render.scene._icons import DARK_PLATE

from .conftest import dot_text, small_design

# --- a small PNG reader, so the tests need no imaging library ------------------------------------


def _png_header(data: bytes) -> tuple[int, int, int, int]:
    """(width, height, bit depth, colour type) of a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


def _png_rows(data: bytes) -> tuple[int, list[bytes]]:
    """Bytes per pixel and the unfiltered scanlines of an 8-bit RGB or RGBA PNG."""
    width, height, depth, colour = _png_header(data)
    assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth=} {colour=}"
    channels = 4 if colour == 6 else 3
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[x] = (line[x] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return channels, rows


def _pixel(data: bytes, x: int, y: int) -> tuple[int, ...]:
    """RGBA of one pixel (alpha 255 for an RGB PNG)."""
    channels, rows = _png_rows(data)
    values = tuple(rows[y][x * channels : (x + 1) * channels])
    return values if channels == 4 else (*values, 255)


def _luminance(rgba: tuple[int, ...]) -> float:
    red, green, blue = rgba[:3]
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_png_reader_reads_a_known_image() -> None:
    # A 2x1 RGBA image: one opaque red pixel, one transparent one, filter type 1 (sub).
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 2, 1, 8, 6, 0, 0, 0)
    scanline = bytes([1, 255, 0, 0, 255, 1, 0, 0, 1])  # second pixel stored as a delta
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(scanline))
        + chunk(b"IEND", b"")
    )
    assert _pixel(png, 0, 0) == (255, 0, 0, 255)
    assert _pixel(png, 1, 0) == (0, 0, 0, 0)


# --- designs used below --------------------------------------------------------------------------


def every_kind_design() -> Design:
    """One component of every kind, chained row by row so none is isolated."""
    kinds = list(COMPONENT_KINDS)
    rows = [kinds[i : i + 8] for i in range(0, len(kinds), 8)]
    return Design(
        id="every_kind",
        title="Every kind",
        components=[Component(id=k, kind=k, label=kind_spec(k).title) for k in kinds],
        flows=[
            Flow(source=a, target=b, kind="batch")
            for row in rows
            for a, b in itertools.pairwise(row)
        ]
        # Model-hosting kinds need a deploy path to be valid.
        + [
            Flow(source="model_registry", target=k, kind="deploy")
            for k in kinds
            if kind_spec(k).hosts_model
        ],
        groups=[
            Group(id=f"row_{n}", label=f"Row {n}", members=list(row)) for n, row in enumerate(rows)
        ],
    )


def _render(tmp_path: Path, design: Design, **changes: object) -> dict[str, Path]:
    options = replace(RenderOptions(dpi=48), **changes)  # type: ignore[arg-type]
    result = render(design, tmp_path, options)
    assert result.warnings == []
    return {p.name: p for p in result.paths}


_HREF = re.compile(r'(?:xlink:)?href="([^"]*)"')
_FIRST_SHAPE = re.compile(r'<g id="graph0" class="graph"[^>]*>\s*<title>[^<]*</title>\s*(<\w+)')
_SVG_NODE = re.compile(r'<g id="node\d+" class="node">\s*<title>([^<]+)</title>(.*?)</g>', re.S)
_TEXT_ANCHOR = re.compile(r'<text[^>]* x="([^"]+)" y="([^"]+)"')


def _foreign_refs(svg: str) -> list[str]:
    """References that would need another file: anything not a data: URI or a #fragment."""
    return [h for h in _HREF.findall(svg) if not h.startswith(("data:", "#"))]


# --- icon sets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("icons", [s for s in IconSet if s is not IconSet.BOXES])
def test_every_kind_has_an_existing_icon_in_every_set(icons: IconSet) -> None:
    for kind in COMPONENT_KINDS:
        icon = icon_for(Component(id="x", kind=kind), icons)
        assert icon is not None, kind
        assert (resources_dir() / icon).is_file(), f"{icons.value}/{kind}: {icon} missing"


def test_every_catalog_and_technology_icon_exists() -> None:
    paths = [p for spec in CATALOG.values() for p in spec.icons.values()]
    paths += [p for entry in TECH_ICONS.values() for p in entry.values()]
    missing = [p for p in paths if not (resources_dir() / p).is_file()]
    assert missing == []


def test_model_hosting_kinds_do_not_use_flowchart_glyphs() -> None:
    for kind, spec in CATALOG.items():
        if spec.hosts_model:
            assert not spec.icons["oss"].startswith("programming/flowchart/"), kind


def test_technology_picks_the_icon_of_its_set() -> None:
    cache = Component(id="c", kind="cache", tech="Redis")
    assert icon_for(cache, IconSet.OSS) == "onprem/inmemory/redis.png"
    assert icon_for(cache, IconSet.AZURE) == "azure/database/cache-for-redis.png"
    assert icon_for(cache, IconSet.BOXES) is None


@pytest.mark.parametrize(
    ("tech", "icon"),
    [
        ("Kafka", "onprem/queue/kafka.png"),
        ("Kafka Streams", "onprem/queue/kafka.png"),
        ("Apache Kafka", "onprem/queue/kafka.png"),
        ("  redis (cluster) ", "onprem/inmemory/redis.png"),
        ("PostgreSQL 15", "onprem/database/postgresql.png"),
        ("Pub/Sub", "gcp/analytics/pubsub.png"),
        ("HDFS", "onprem/analytics/hadoop.png"),
        ("Sparkle", None),
        ("Apache", None),
        ("", None),
        (None, None),
    ],
)
def test_technology_names_match_by_leading_words(tech: str | None, icon: str | None) -> None:
    assert tech_icon(tech, "oss") == icon


@pytest.mark.exe
@pytest.mark.parametrize("icons", list(IconSet))
def test_every_icon_set_renders_every_kind(tmp_path: Path, icons: IconSet) -> None:
    design = every_kind_design()
    files = _render(tmp_path, design, icons=icons, formats=(Format.SVG,))
    svg = files["every_kind.svg"].read_text(encoding="utf-8")
    # Each distinct icon is embedded once, and drawn with a <use> per component.
    drawn = re.findall(r'<use xlink:href="#(icon-\w+)"', svg)
    embedded = re.findall(r'<image id="(icon-\w+)"', svg)
    expected = 0 if icons is IconSet.BOXES else len(design.components)
    assert len(drawn) == expected
    assert sorted(set(drawn)) == sorted(embedded)
    assert _foreign_refs(svg) == []
    for component in design.components:
        assert f"<title>{component.id}</title>" in svg


# --- themes, transparency, resolution ------------------------------------------------------------


@pytest.mark.exe
@pytest.mark.parametrize(("theme", "dark"), [(ThemeName.DARK, True), (ThemeName.LIGHT, False)])
def test_background_follows_the_theme(tmp_path: Path, theme: ThemeName, dark: bool) -> None:
    png = _render(tmp_path, small_design(), theme=theme, formats=(Format.PNG,))["tiny.png"]
    corner = _pixel(png.read_bytes(), 2, 2)
    assert corner[3] == 255
    if dark:
        assert _luminance(corner) < 50
    else:
        assert _luminance(corner) > 230


@pytest.mark.exe
@pytest.mark.parametrize("theme", list(ThemeName))
def test_transparent_png_has_alpha_and_svg_has_no_background(
    tmp_path: Path, theme: ThemeName
) -> None:
    files = _render(
        tmp_path, small_design(), theme=theme, transparent=True, formats=(Format.PNG, Format.SVG)
    )
    data = files["tiny.png"].read_bytes()
    assert _png_header(data)[3] == 6  # RGBA
    assert _pixel(data, 2, 2)[3] == 0
    svg = files["tiny.svg"].read_text(encoding="utf-8")
    first_shape = _FIRST_SHAPE.search(svg)
    assert first_shape is not None
    # An opaque SVG starts with a polygon painting the background; a transparent one has none.
    assert not first_shape.group(1).startswith("<polygon")


@pytest.mark.exe
def test_opaque_svg_paints_the_theme_background(tmp_path: Path) -> None:
    svg = _render(tmp_path, small_design(), theme=ThemeName.DARK, formats=(Format.SVG,))
    text = svg["tiny.svg"].read_text(encoding="utf-8")
    first_shape = _FIRST_SHAPE.search(text)
    assert first_shape is not None and first_shape.group(1) == "<polygon"
    assert 'fill="#1b1f24"' in text.lower()


@pytest.mark.exe
def test_dpi_scales_the_png(tmp_path: Path) -> None:
    design = small_design()
    low = _render(tmp_path / "low", design, dpi=96, formats=(Format.PNG,))["tiny.png"]
    high = _render(tmp_path / "high", design, dpi=300, formats=(Format.PNG,))["tiny.png"]
    ratio = _png_header(high.read_bytes())[0] / _png_header(low.read_bytes())[0]
    assert ratio == pytest.approx(300 / 96, rel=0.03)


@pytest.mark.exe
def test_svg_size_does_not_depend_on_dpi(tmp_path: Path) -> None:
    def size(dpi: int) -> str:
        svg = _render(tmp_path / str(dpi), small_design(), dpi=dpi, formats=(Format.SVG,))
        match = re.search(r'<svg width="([^"]+)" height="([^"]+)"', svg["tiny.svg"].read_text())
        assert match is not None
        return match.group(0)

    assert size(72) == size(300)


# --- legend and labels ---------------------------------------------------------------------------


def test_legend_lists_the_flow_kinds_used_and_can_be_dropped() -> None:
    design = small_design()
    with_legend = dot_text(design, RenderOptions())
    assert "request (sync)" in with_legend and "deploy artifact" in with_legend
    assert "async / stream" in with_legend
    without = dot_text(design, RenderOptions(legend=False))
    assert "request (sync)" not in without


def test_legend_draws_each_kind_with_its_edge_style() -> None:
    source = dot_text(small_design(), RenderOptions())
    legend = source[: source.index("</TABLE>>")]
    assert legend.count('SIDES="B"') == len({f.kind for f in small_design().flows}) == 6
    assert 'STYLE="dashed"' in legend and 'STYLE="dotted"' in legend
    assert 'BORDER="3"' in legend  # deploy is drawn heavier


def test_single_plane_groups_wear_their_plane_colour_and_are_keyed() -> None:
    design = small_design()  # "serving" is all online; "training" all offline
    assert group_planes(design) == {"serving": Plane.ONLINE, "training": Plane.OFFLINE}
    theme = THEMES[ThemeName.DARK]
    source = dot_text(design, RenderOptions(theme=ThemeName.DARK))
    assert f'fillcolor="{theme.plane_fill[Plane.ONLINE]}"' in source
    assert f'fillcolor="{theme.plane_fill[Plane.OFFLINE]}"' in source
    assert "online plane" in source and "offline plane" in source
    assert "nearline plane" not in source
    mixed = design.model_copy(
        update={"groups": [Group(id="all", label="All", members=["api", "logs"])]}
    )
    assert group_planes(mixed) == {}
    assert "online plane" not in dot_text(mixed)


def test_boxes_legend_keys_the_categories_used() -> None:
    design = small_design()
    boxes = dot_text(design, RenderOptions(icons=IconSet.BOXES))
    used = {kind_spec(c.kind).category.value for c in design.components}
    legend = boxes[: boxes.index("</TABLE>>")]
    for category in Category:
        assert (f"&#160;{category.value}<" in legend) == (category.value in used), category
    assert "&#160;model<" not in dot_text(design, RenderOptions(icons=IconSet.OSS))


def test_flow_latency_sits_on_its_own_line() -> None:
    design = small_design().model_copy(
        update={
            "flows": [
                Flow(source="user", target="api", label="a long request label here", latency_ms=12)
            ]
        }
    )
    source = dot_text(design)
    assert "a long request<BR/>label here<BR/>12 ms" in source


@pytest.mark.exe
def test_every_flow_label_is_drawn(tmp_path: Path) -> None:
    design = load("ml_system_framework")
    svg = _render(tmp_path, design, formats=(Format.SVG,))[f"{design.id}.svg"].read_text()
    text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for flow in design.flows:
        for word in (flow.label or "").split():
            assert word.replace("&", "&amp;") in text, flow.ref


@pytest.mark.exe
def test_request_path_is_drawn_straight() -> None:
    source = dot_text(load("ml_system_framework"))
    plain = subprocess.run(
        ["dot", f"-Gimagepath={resources_dir()}", "-Tplain"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # `-Tplain` lists "node NAME X Y ..."; in a left-to-right drawing one line means one Y.
    centre_y = {
        f[1]: float(f[3]) for f in (ln.split() for ln in plain.splitlines()) if f[0] == "node"
    }
    path = ["client", "api_gateway", "traffic_split", "model_serving", "online_features"]
    # Within a tenth of an inch: less than a tenth of a node's height, a line to the eye (the
    # feature store, which batch predictions also fill, sits 5 pt off the others' centre line).
    assert max(centre_y[n] for n in path) - min(centre_y[n] for n in path) < 0.1


# --- formats: self-contained SVG, reproducible PDF -----------------------------------------------


@pytest.mark.exe
@pytest.mark.parametrize("icons", [IconSet.OSS, IconSet.AWS])
def test_svg_embeds_everything(tmp_path: Path, icons: IconSet) -> None:
    svg = _render(tmp_path, small_design(), icons=icons, formats=(Format.SVG,))["tiny.svg"]
    text = svg.read_text(encoding="utf-8")
    assert "data:image/png;base64," in text
    assert _foreign_refs(text) == []
    assert str(resources_dir()) not in text


@pytest.mark.exe
def test_pdf_is_byte_identical_twice(tmp_path: Path) -> None:
    first = _render(tmp_path / "a", small_design(), formats=(Format.PDF,))["tiny.pdf"]
    second = _render(tmp_path / "b", small_design(), formats=(Format.PDF,))["tiny.pdf"]
    assert first.read_bytes()[:5] == b"%PDF-"
    assert first.read_bytes() == second.read_bytes()


# --- build-up frames -----------------------------------------------------------------------------


def test_frames_follow_groups_then_the_rest() -> None:
    steps = frame_steps(small_design())
    assert steps == [
        {"api", "model"},
        {"api", "model", "logs", "trainer", "registry"},
        {"api", "model", "logs", "trainer", "registry", "user", "monitor"},
    ]


def test_declared_frames_set_the_order() -> None:
    design = small_design().model_copy(update={"frames": [["user", "serving"], ["monitor"]]})
    steps = frame_steps(design)
    assert steps[0] == {"user", "api", "model"}
    assert steps[1] == {"user", "api", "model", "monitor"}
    assert steps[-1] == {c.id for c in design.components}
    assert len(steps) == 3


def test_frames_include_nested_groups_and_skip_empty_steps() -> None:
    design = small_design().model_copy(
        update={
            "groups": [
                Group(id="outer", label="Outer", members=["user"]),
                Group(id="inner", label="Inner", members=["api"], parent="outer"),
            ],
            "frames": [["outer"], ["inner"], ["model"]],
        }
    )
    steps = frame_steps(design)
    assert steps[0] == {"user", "api"}
    assert steps[1] == {"user", "api", "model"}  # ["inner"] added nothing and made no frame


@pytest.mark.parametrize("design_id", builtin_ids())
def test_builtin_frames_grow_to_the_whole_design(design_id: str) -> None:
    design = load(design_id)
    steps = frame_steps(design)
    assert steps, "a design with components has at least one frame"
    assert all(a < b for a, b in itertools.pairwise(steps))
    assert steps[-1] == {c.id for c in design.components}


def test_hidden_parts_are_invisible_not_removed() -> None:
    design = small_design()
    full = dot_text(design)
    first = dot_text(design, visible=frozenset({"api", "model"}))
    assert first.count("style=invis") > 0
    # Same statements in the same order: only attributes differ, so the layout cannot.
    statement = re.compile(r"^\s*(\S+(?: -> \S+)?)\s*\[", re.M)
    assert statement.findall(first) == statement.findall(full)


def _node_positions(svg: str) -> dict[str, tuple[str, str]]:
    """Each drawn node's first text anchor, by node id."""
    found = {}
    for match in _SVG_NODE.finditer(svg):
        anchor = _TEXT_ANCHOR.search(match.group(2))
        if anchor:
            found[match.group(1)] = (anchor.group(1), anchor.group(2))
    return found


@pytest.mark.exe
def test_frames_grow_share_one_layout_and_repeat_exactly(tmp_path: Path) -> None:
    design = load("ml_system_framework")
    formats = (Format.SVG, Format.PNG)
    files = _render(tmp_path / "a", design, frames=True, formats=formats)
    again = _render(tmp_path / "b", design, frames=True, formats=formats)
    steps = frame_steps(design)
    names = [f"{design.id}.frame-{n:02d}" for n in range(1, len(steps) + 1)]
    assert all(f"{name}.svg" in files and f"{name}.png" in files for name in names)
    assert f"{design.id}.frame-{len(steps) + 1:02d}.svg" not in files
    for name in files:
        assert files[name].read_bytes() == again[name].read_bytes(), name

    full = _node_positions(files[f"{design.id}.svg"].read_text())
    assert len(full) == len(design.components)
    sizes = {_png_header(files[f"{n}.png"].read_bytes())[:2] for n in [*names, design.id]}
    assert len(sizes) == 1
    drawn_before: set[str] = set()
    for name, step in zip(names, steps, strict=True):
        drawn = _node_positions(files[f"{name}.svg"].read_text())
        assert set(drawn) == step
        assert drawn_before < set(drawn)
        assert all(full[node] == position for node, position in drawn.items())
        drawn_before = set(drawn)
    assert files[f"{names[-1]}.svg"].read_bytes() == files[f"{design.id}.svg"].read_bytes()


@pytest.mark.exe
def test_cli_frames_option_writes_frames(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["render", "ml_system_framework", "--frames", "-f", "svg", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ml_system_framework.frame-01.svg").is_file()
    assert (tmp_path / "ml_system_framework.svg").is_file()


@pytest.mark.exe
def test_cli_slide_options_reach_the_files(tmp_path: Path) -> None:
    arguments = ["render", "ml_system_framework", "-o", str(tmp_path), "--theme", "dark"]
    arguments += ["--icons", "aws", "--transparent", "--dpi", "40", "--no-legend"]
    arguments += ["-f", "png", "-f", "svg", "-f", "pdf"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    png = (tmp_path / "ml_system_framework.png").read_bytes()
    assert _pixel(png, 1, 1)[3] == 0
    svg = (tmp_path / "ml_system_framework.svg").read_text(encoding="utf-8")
    assert "request (sync)" not in svg
    assert _foreign_refs(svg) == []
    assert svg.count("<use ") == len(load("ml_system_framework").components)
    assert (tmp_path / "ml_system_framework.pdf").read_bytes()[:5] == b"%PDF-"


# --- every built-in design renders without Graphviz warnings -------------------------------------


@pytest.mark.exe
@pytest.mark.parametrize("design_id", builtin_ids())
@pytest.mark.parametrize("theme", list(ThemeName))
@pytest.mark.parametrize("icons", [IconSet.OSS, IconSet.BOXES])  # image nodes and plain boxes
def test_builtin_design_renders_without_warnings(
    tmp_path: Path, design_id: str, theme: ThemeName, icons: IconSet
) -> None:
    design = load(design_id)
    options = RenderOptions(formats=(Format.SVG, Format.PNG), dpi=36, theme=theme, icons=icons)
    result = render(design, tmp_path, options)
    assert result.warnings == []


def test_logos_drawn_for_dark_backgrounds_get_a_dark_plate_in_both_themes() -> None:
    # MLflow's "ml" is white: on a white page the logo read "flow".
    bp = Blueprint("plates", "Plates")
    bp.add("registry", "model_registry", "Registry", tech="MLflow") >> bp.add(
        "cache", "cache", "Cache", tech="Redis"
    )
    design = bp.build()
    for theme in ThemeName:
        source = dot_text(design, RenderOptions(theme=theme))
        registry = next(line for line in source.splitlines() if line.strip().startswith("registry"))
        cache = next(line for line in source.splitlines() if line.strip().startswith("cache ["))
        assert f'BGCOLOR="{DARK_PLATE}"' in registry, theme
        assert f'BGCOLOR="{DARK_PLATE}"' not in cache, theme
