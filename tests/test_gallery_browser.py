"""The gallery in a real browser: headless Chromium opens it from disk and every image loads."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from mlsd_diagrams._batch import render_many
from mlsd_diagrams._load import load
from mlsd_diagrams.study import write_gallery

from .conftest import headless_chromium, small_design

pytestmark = [pytest.mark.browser, pytest.mark.exe]

# Appended to a copy of the page: after every image has loaded or failed, it writes a report
# into the DOM, which `--dump-dom` prints.
PROBE = """
<script>
window.addEventListener("load", () => {
  const report = [...document.images].map((img) => ({
    src: img.getAttribute("src"),
    loaded: img.complete && img.naturalWidth > 0,
    shown: img.getBoundingClientRect().width > 0,
  }));
  const links = [...document.querySelectorAll("a")].map((a) => a.getAttribute("href"));
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify({ images: report, links, title: document.title });
  document.body.appendChild(pre);
});
</script>
"""


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gallery")
    designs = [load("ml_system_framework"), small_design("tiny_example")]
    render_many(designs, folder)
    write_gallery(designs, folder)
    return folder


def test_every_image_of_the_gallery_loads_from_disk(gallery: Path, tmp_path: Path) -> None:
    page = (gallery / "index.html").read_text(encoding="utf-8")
    probe = gallery / "probe.html"
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = headless_chromium("--dump-dom", probe.as_uri(), profile=tmp_path / "profile")
    match = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert match is not None, done.stderr[-2000:]
    report = json.loads(html.unescape(match.group(1)))
    assert report["title"] == "ML system design gallery"
    assert [img["src"] for img in report["images"]] == [
        "ml_system_framework.svg",
        "tiny_example.svg",
    ]
    assert all(img["loaded"] and img["shown"] for img in report["images"]), report["images"]
    for design_id in ("ml_system_framework", "tiny_example"):
        for ext in ("svg", "png", "md"):
            assert f"{design_id}.{ext}" in report["links"]
    assert all((gallery / link).is_file() for link in report["links"])


def test_the_gallery_draws_a_page_with_content(gallery: Path, tmp_path: Path) -> None:
    shot = tmp_path / "gallery.png"
    done = headless_chromium(
        "--window-size=1280,900",
        f"--screenshot={shot}",
        (gallery / "index.html").as_uri(),
        profile=tmp_path / "profile",
    )
    assert shot.is_file(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # A blank or failed page compresses to almost nothing; thumbnails and text do not.
    assert len(data) > 40_000
