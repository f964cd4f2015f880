"""Rendered SVGs open in a real browser (headless Chromium) with every icon loaded."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from mlsd_diagrams._facade import render
from mlsd_diagrams._load import load
from mlsd_diagrams.render import Format, IconSet, RenderOptions, ThemeName

from .conftest import CHROMIUM, headless_chromium

pytestmark = [
    pytest.mark.exe,
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed"),
]

# The page shows the SVG twice: inline, and as an <img> (where a browser loads nothing outside
# the file, so icons that appear there are truly embedded). A script then loads every icon the
# inline SVG names and writes what it found into #result, which --dump-dom prints.
_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>body{{margin:0;background:#888}}</style></head>
<body>
<img id="whole" src="data:image/svg+xml;base64,{encoded}" width="{width}">
<div id="inline">{svg}</div>
<pre id="result">pending</pre>
<script>
const hrefs = [...document.querySelectorAll("#inline image")].map(
  (image) => image.getAttribute("xlink:href") || image.getAttribute("href"));
const probes = hrefs.map((href) => {{
  const probe = new Image();
  probe.src = href;
  probe.style.display = "none";
  document.body.appendChild(probe);
  return probe;
}});
window.addEventListener("load", () => {{
  const whole = document.getElementById("whole");
  document.getElementById("result").textContent = JSON.stringify({{
    images: hrefs.length,
    loaded: probes.filter((p) => p.complete && p.naturalWidth > 0).length,
    schemes: [...new Set(hrefs.map((h) => h.split(":")[0]))],
    whole: whole.complete ? whole.naturalWidth : 0,
  }});
}});
</script>
</body></html>
"""


def _chromium(*arguments: str, profile: Path) -> str:
    completed = headless_chromium(*arguments, profile=profile)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def _page(tmp_path: Path, icons: IconSet, theme: ThemeName) -> tuple[Path, int]:
    design = load("ml_system_framework")
    options = RenderOptions(formats=(Format.SVG,), icons=icons, theme=theme)
    svg_path = render(design, tmp_path / "out", options).paths[0]
    svg = svg_path.read_text(encoding="utf-8")
    svg_body = svg[svg.index("<svg") :]  # inline SVG must not carry the XML prolog
    page = tmp_path / "page.html"
    page.write_text(
        _PAGE.format(
            encoded=base64.b64encode(svg.encode("utf-8")).decode("ascii"),
            width=1600,
            svg=svg_body,
        ),
        encoding="utf-8",
    )
    return page, svg.count("<image")


@pytest.mark.parametrize(
    ("icons", "theme"), [(IconSet.OSS, ThemeName.LIGHT), (IconSet.AWS, ThemeName.DARK)]
)
def test_chromium_loads_every_embedded_icon(
    tmp_path: Path, icons: IconSet, theme: ThemeName
) -> None:
    page, expected = _page(tmp_path, icons, theme)
    dom = _chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert match is not None, dom[-500:]
    result = json.loads(match.group(1))
    assert expected > 0
    assert result["images"] == expected
    assert result["loaded"] == expected
    assert result["schemes"] == ["data"]
    assert result["whole"] > 0


def test_chromium_screenshot_of_the_svg_is_not_blank(tmp_path: Path) -> None:
    page, _ = _page(tmp_path, IconSet.OSS, ThemeName.LIGHT)
    shot = tmp_path / "shot.png"
    _chromium(f"--screenshot={shot}", "--window-size=1600,700", page.as_uri(), profile=tmp_path)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # A page that failed to draw the diagram compresses to almost nothing.
    assert len(data) > 50_000
