"""Lean output: icons embedded once per SVG and resampled, PNGs sized for screens with a warning
instead of a silent shrink, cheaper layout settings only for large designs, and a `--check` that
trusts the manifest when it can and renders when it cannot."""

from __future__ import annotations

import base64
import re
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from mlsd_diagrams import _batch
from mlsd_diagrams._load import load
from mlsd_diagrams._model import Design
from mlsd_diagrams.compose import Blueprint
from mlsd_diagrams.render import Format, RenderOptions, resources_dir, write_design
from mlsd_diagrams.render.layout import _graphviz as backend
from mlsd_diagrams.render.writers import _finish as finish

from .conftest import CHROMIUM, headless_chromium

SVG_ONLY = RenderOptions(formats=(Format.SVG,))
_DEF = re.compile(r'<image id="(icon-\w+)" xlink:href="data:image/png;base64,([^"]+)" ([^/]*)/>')
_USE = re.compile(r'<use xlink:href="#(icon-\w+)"([^/]*)/>')


@pytest.fixture(autouse=True)
def _own_icon_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSD_CACHE_DIR", str(tmp_path / "cache"))


def _png_header(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


# --- SVG: each icon once -------------------------------------------------------------------------


@pytest.mark.exe
def test_each_distinct_icon_is_embedded_once_and_every_node_uses_one(tmp_path: Path) -> None:
    design = load("fraud_detection")  # several components share an icon
    svg = write_design(design, tmp_path, SVG_ONLY).paths[0].read_text("utf-8")
    defs = _DEF.findall(svg)
    uses = _USE.findall(svg)
    assert svg.count("<image") == len(defs) and svg.count("<defs>") == 1
    assert len(uses) == len(design.components) > len(defs)
    ids = [icon_id for icon_id, _, _ in defs]
    assert len(set(ids)) == len(ids)
    assert len({data for _, data, _ in defs}) == len(defs)  # no picture embedded twice
    assert {icon_id for icon_id, _ in uses} == set(ids)
    for _, placement in uses:
        assert re.fullmatch(r' x="[\d.-]+" y="[\d.-]+"', placement)
    # Self-contained: no path of the machine that drew it.
    assert str(resources_dir()) not in svg and "file:" not in svg and ".png" not in svg
    # Resampled to 2 px per point drawn, never more.
    for _, data, picture in defs:
        drawn = max(float(v) for v in re.findall(r'(?:width|height)="([\d.]+)px"', picture))
        assert max(_png_header(base64.b64decode(data))) <= drawn * finish.ICON_PX_PER_PT + 1


@pytest.mark.exe
def test_resampled_icons_are_cached_on_disk_and_reused(tmp_path: Path) -> None:
    icon = resources_dir() / "onprem/inmemory/redis.png"
    first = finish.resampled_icon(icon, 108)
    cached = list(finish.icon_cache_dir().glob("*.png"))
    assert len(cached) == 1 and cached[0].read_bytes() == first
    assert max(_png_header(first)) == 108 and len(first) < icon.stat().st_size
    assert finish.resampled_icon(icon, 108) == first


def _expanded(svg: str) -> str:
    """The same SVG the old way: every <use> replaced by its own full <image> at x, y."""
    pictures = {
        icon_id: f'xlink:href="data:image/png;base64,{data}" {rest}'
        for icon_id, data, rest in _DEF.findall(svg)
    }
    svg = re.sub(r"<defs>.*?</defs>", "", svg, flags=re.S)
    return _USE.sub(lambda m: f"<image {pictures[m.group(1)]}{m.group(2)}/>", svg)


def _screenshot(svg: str, name: str, tmp_path: Path) -> bytes:
    """The page's pixels once they are settled: Chromium decodes embedded images in the
    background, so a shot is retaken until two in a row agree."""
    from PIL import Image

    path = tmp_path / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    previous = b""
    for attempt in range(4):
        shot = tmp_path / f"{name}-{attempt}.png"
        completed = headless_chromium(
            f"--screenshot={shot}",
            "--window-size=1400,900",
            path.as_uri(),
            profile=tmp_path / f"{name}-{attempt}",
        )
        assert completed.returncode == 0, completed.stderr[-2000:]
        with Image.open(shot) as image:
            pixels = image.convert("RGB").tobytes()
        if pixels == previous:
            break
        previous = pixels
    return pixels


def _compared(
    first: str, second: str, tmp_path: Path, within: tuple[float, float]
) -> tuple[float, float]:
    """The differences between screenshots of two SVGs: the first try within the bounds, else
    the smallest of three, since on a busy machine Chromium now and then screenshots a page
    before it has painted all of it."""
    tries = []
    for n in range(3):
        found = _differences(
            _screenshot(first, f"first-{n}", tmp_path), _screenshot(second, f"second-{n}", tmp_path)
        )
        if found[0] < within[0] and found[1] < within[1]:
            return found
        tries.append(found)
    return min(tries)


def _differences(a: bytes, b: bytes) -> tuple[float, float]:
    """The share of pixel channels off by more than 32 levels, and the mean difference."""
    assert len(a) == len(b)
    gaps = [abs(x - y) for x, y in zip(a, b, strict=True) if x != y]
    return sum(1 for g in gaps if g > 32) / len(a), sum(gaps) / len(a)


@pytest.mark.exe
@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_chromium_draws_shared_icons_exactly_as_separate_images(tmp_path: Path) -> None:
    svg = write_design(load("rag_pipeline"), tmp_path, SVG_ONLY).paths[0].read_text("utf-8")
    # Equal, up to Chromium's raster noise: a few channels by a few levels.
    far, mean = _compared(svg, _expanded(svg), tmp_path, (0.001, 0.2))
    assert far < 0.001 and mean < 0.2, (far, mean)


@pytest.mark.exe
@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_chromium_draws_resampled_icons_like_the_originals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    design = load("rag_pipeline")
    # Each render resamples (or not) for itself: its own icon cache folder, and none of the
    # data URIs earlier tests of this process made.
    finish._data_uri.cache_clear()
    try:
        lean = write_design(design, tmp_path / "lean", SVG_ONLY).paths[0].read_text("utf-8")
        finish._data_uri.cache_clear()
        monkeypatch.setenv("MLSD_CACHE_DIR", str(tmp_path / "full-cache"))
        monkeypatch.setattr(finish, "_shrink", lambda source, longest: source)
        full = write_design(design, tmp_path / "full", SVG_ONLY).paths[0].read_text("utf-8")
    finally:
        finish._data_uri.cache_clear()
    assert len(lean) < len(full) / 2
    far, mean = _compared(lean, full, tmp_path, (0.002, 0.5))
    # Only resampling differs: some icon pixels by a little, nothing else.
    assert far < 0.002 and mean < 0.5, (far, mean)


# --- PNG: a budget, and a warning instead of a silent shrink -------------------------------------


def _chain(length: int) -> Design:
    bp = Blueprint("chain", "A chain", sla_ms=1000)
    previous = bp.add("user", "client", "User")
    for number in range(length):
        current = bp.add(f"step_{number}", "app_service", f"Step {number}")
        bp.connect(previous, current)
        previous = current
    return bp.build()


@pytest.mark.exe
def test_png_long_side_is_capped_unless_the_dpi_is_given(tmp_path: Path) -> None:
    design = _chain(40)  # too long for 3,840 px at 150 dpi whichever way it is laid out
    png_only = RenderOptions(formats=(Format.PNG, Format.SVG))
    auto = write_design(design, tmp_path / "auto", png_only)
    assert max(_png_header((tmp_path / "auto/chain.png").read_bytes())) == 3840
    assert auto.warnings == []
    # The SVG is at its true size whatever the PNG's cap.
    width_pt = float(
        re.search(r'<svg width="([\d.]+)pt"', (tmp_path / "auto/chain.svg").read_text()).group(1)
    )
    assert width_pt * 150 / 72 > 3840
    given = write_design(
        design, tmp_path / "given", replace(png_only, formats=(Format.PNG,), dpi=150)
    )
    assert _png_header((tmp_path / "given/chain.png").read_bytes())[0] == round(width_pt * 150 / 72)
    assert given.warnings == []


@pytest.mark.exe
def test_a_design_too_wide_for_the_capped_png_is_warned_about(tmp_path: Path) -> None:
    result = write_design(_chain(60), tmp_path, RenderOptions(formats=(Format.PNG,)))
    assert max(_png_header((tmp_path / "chain.png").read_bytes())) == 3840
    assert len(result.warnings) == 1 and "capped at 3840 px" in result.warnings[0]
    assert "--dpi" in result.warnings[0]


def _fake_png(path: Path, width: int, height: int) -> Path:
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + header
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )
    return path


def test_a_png_shrunk_by_the_renderer_limit_is_warned_about(tmp_path: Path) -> None:
    layout = '{"name": "g", "bb": "0,0,4000,1000", "pad": "0.3", "objects": []}'
    # 4043 x 1043 pt at 600 dpi is 33700 px wide: Cairo shrinks it to 32767.
    shrunk = _fake_png(tmp_path / "shrunk.png", 32767, 8453)
    [warning] = backend._png_warnings(shrunk.read_bytes(), layout, 600, capped=False)
    assert "32767 px" in warning and "--dpi 583 or less" in warning
    whole = _fake_png(tmp_path / "whole.png", 8423, 2173)
    assert backend._png_warnings(whole.read_bytes(), layout, 150, capped=False) == []


# --- large designs -------------------------------------------------------------------------------


def test_cheaper_layout_settings_only_above_the_threshold() -> None:
    assert backend.layout_settings(backend.LARGE_DESIGN) == []
    assert "-Gnslimit=1" in backend.layout_settings(backend.LARGE_DESIGN + 1)
    assert backend.large_design_notice(backend.LARGE_DESIGN) is None
    notice = backend.large_design_notice(600)
    assert notice is not None and "600 components" in notice and " s " in notice and "MB" in notice


@pytest.mark.exe
def test_the_renderer_passes_the_settings_only_for_large_designs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    commands: list[list[str]] = []
    real = backend.run_dot

    def recording(arguments: list[str], stdin: bytes):  # type: ignore[no-untyped-def]
        commands.append(arguments)
        return real(arguments, stdin)

    monkeypatch.setattr(backend, "run_dot", recording)
    design = load("kappa_architecture")  # 8 components
    assert write_design(design, tmp_path / "small", SVG_ONLY).warnings == []
    monkeypatch.setattr(backend, "LARGE_DESIGN", len(design.components) - 1)
    result = write_design(design, tmp_path / "large", SVG_ONLY)
    # The drawing runs; the layout trials before each (`-Tjson` alone) draw nothing.
    small, large = [c for c in commands if any(a.startswith("-Tsvg") for a in c)]
    assert not any("nslimit" in a for a in small)
    assert "-Gnslimit=1" in large and "-Gmclimit=0.25" in large
    assert result.warnings[0].startswith("8 components is a large design")


# --- render --check ------------------------------------------------------------------------------


@pytest.mark.exe
def test_check_trusts_the_manifest_and_renders_only_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    designs = [load("kappa_architecture"), load("lambda_architecture")]
    _batch.render_many(designs, tmp_path, SVG_ONLY, jobs=1)
    rendered: list[str] = []
    real = _batch.check_outputs

    def counting(design, out_dir, options):  # type: ignore[no-untyped-def]
        rendered.append(design.id)
        return real(design, out_dir, options)

    monkeypatch.setattr(_batch, "check_outputs", counting)
    assert _batch.check_many(designs, tmp_path, SVG_ONLY) == []
    assert rendered == []  # the manifest vouched for both

    # A file edited behind the manifest's back disagrees with its hash: that design is rendered.
    stale = tmp_path / "kappa_architecture.svg"
    stale.write_text(stale.read_text() + "\n<!-- edited -->\n")
    assert _batch.check_many(designs, tmp_path, SVG_ONLY) == [stale]
    assert rendered == ["kappa_architecture"]

    # A fresh clone has no manifest: every design is rendered, and the stale file still caught.
    (tmp_path / _batch.MANIFEST_NAME).unlink()
    rendered.clear()
    assert _batch.check_many(designs, tmp_path, SVG_ONLY) == [stale]
    assert sorted(rendered) == ["kappa_architecture", "lambda_architecture"]
