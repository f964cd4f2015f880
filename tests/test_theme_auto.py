"""`--theme auto`: one SVG that is light for a reader who prefers light and dark for one who
prefers dark, checked in headless Chromium with each preference."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mlsd_diagrams.render import THEMES, Format, RenderOptions, ThemeName, drawing_bytes

from .conftest import headless_chromium, run, small_design

PAGE = """<!doctype html><html><body>{svg}<pre id="result"></pre><script>
const svg = document.querySelector("svg");
const colour = (element) => getComputedStyle(element).fill;
const name = [...svg.querySelectorAll("g.node text")].find((t) => t.textContent.trim());
document.getElementById("result").textContent = JSON.stringify({{
  dark: matchMedia("(prefers-color-scheme: dark)").matches,
  background: colour(svg.querySelector("polygon")),
  name: colour(name),
}});
</script></body></html>"""


def rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.exe
@pytest.mark.browser
def test_one_svg_follows_the_readers_light_or_dark_setting(tmp_path: Path) -> None:
    files, _ = drawing_bytes(
        small_design(), RenderOptions(formats=(Format.SVG,), theme=ThemeName.AUTO)
    )
    svg = files["tiny.svg"].decode("utf-8")
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(svg=svg[svg.index("<svg") :]), encoding="utf-8")
    seen = {}
    for preference, flags in (("light", ()), ("dark", ("--force-dark-mode",))):
        done = headless_chromium(*flags, "--dump-dom", page.as_uri(), profile=tmp_path / preference)
        found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
        assert found is not None, done.stderr[-1000:]
        seen[preference] = json.loads(found.group(1))
    light, dark = THEMES[ThemeName.LIGHT], THEMES[ThemeName.DARK]
    assert seen["light"] == {
        "dark": False,
        "background": rgb(light.background),
        "name": rgb(light.text),
    }
    assert seen["dark"] == {
        "dark": True,
        "background": rgb(dark.background),
        "name": rgb(dark.text),
    }


@pytest.mark.exe
def test_auto_draws_the_other_formats_light_and_is_offered_by_the_cli(tmp_path: Path) -> None:
    options = RenderOptions(formats=(Format.SVG,), theme=ThemeName.AUTO)
    auto = drawing_bytes(small_design(), options)[0]["tiny.svg"]
    light = drawing_bytes(small_design(), RenderOptions(formats=(Format.SVG,)))[0]["tiny.svg"]
    assert b"prefers-color-scheme: dark" in auto and b"prefers-color-scheme" not in light
    # Apart from the style sheet, the drawing is the light one.
    assert re.sub(rb"<style>@media \(prefers-color-scheme.*?</style>\n", b"", auto) == light
    result = run(
        "render", "ml_system_framework", "--theme", "auto", "-f", "png", "-o", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    wrong = run("render", "ml_system_framework", "--theme", "sepia")
    assert wrong.exit_code == 2 and "light, dark, auto" in wrong.stderr
