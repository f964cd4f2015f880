"""The MkDocs plugin and the Sphinx directive, each checked by building a real tiny site."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mlsd_diagrams import InvalidDesignError, MlsdError
from mlsd_diagrams.integrations._core import design_of, parse_options

SVG = "{http://www.w3.org/2000/svg}"

DESIGN_YAML = """\
id: tiny_docs
title: Tiny docs design
components:
  - {id: user, kind: client, label: User}
  - {id: api, kind: app_service, label: API}
  - {id: store, kind: nosql_db, label: Store}
groups:
  - {id: backend, label: Backend, members: [api, store]}
flows:
  - {source: user, target: api}
  - {source: api, target: store}
"""

INLINE = """\
id: inline_docs
title: Inline docs design
components:
  - {id: reader, kind: client}
  - {id: page, kind: app_service}
flows:
  - {source: reader, target: page}
"""


def drawings(page: str) -> list[ET.Element]:
    """Each inline SVG of an HTML page, parsed: each must be well-formed XML on its own."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, re.S)]


def titles(svg: ET.Element) -> set[str]:
    return {t.text or "" for g in svg.iter(f"{SVG}g") for t in g.findall(f"{SVG}title")}


def background(svg: ET.Element) -> str:
    polygon = next(svg.iter(f"{SVG}polygon"))
    return polygon.get("fill", "").upper()


def no_shared_ids(page: str) -> bool:
    ids = re.findall(r'\sid="(mlsd-[^"]+)"', page)
    return len(ids) == len(set(ids)) and bool(ids)


def build(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.exe
def test_a_mkdocs_site_shows_each_mlsd_block_as_its_diagram(tmp_path: Path) -> None:
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    (tmp_path / "designs").mkdir()
    (tmp_path / "designs" / "tiny_docs.yaml").write_text(DESIGN_YAML, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Docs\nplugins:\n  - mlsd:\n      theme: light\n", encoding="utf-8"
    )
    (tmp_path / "docs" / "guide" / "index.md").write_text(
        "# Guide\n\nBefore.\n\n"
        "```mlsd view=backend theme=dark\ndesigns/tiny_docs.yaml\n```\n\nBetween.\n\n"
        f"~~~mlsd\n{INLINE}~~~\n\nAfter.\n\n```python\nprint('untouched')\n```\n",
        encoding="utf-8",
    )
    done = build(["mkdocs", "build", "-q"], tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    view, inline = drawings(page)
    # The view of the group: its components in full, the client as a stub; in the dark theme.
    assert {"api", "store"} <= titles(view) and background(view) == "#1B1F24"
    assert {"reader", "page"} <= titles(inline) and background(inline) == "#FFFFFF"
    assert page.count('class="mlsd-diagram"') == 2 and no_shared_ids(page)
    assert "Before." in page and "Between." in page and "After." in page
    assert "print" in page and "```mlsd" not in page and "designs/tiny_docs.yaml" not in page


@pytest.mark.exe
def test_a_mkdocs_build_stops_on_a_bad_block_naming_page_and_line(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\nplugins:\n  - mlsd\n", encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text(
        "# Home\n\n```mlsd\nml_system_framwork\n```\n", encoding="utf-8"
    )
    done = build(["mkdocs", "build", "-q"], tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "index.md:3: unknown design `ml_system_framwork`" in done.stderr
    assert "did you mean `ml_system_framework`?" in done.stderr


@pytest.mark.parametrize(
    ("words", "spec", "complaint"),
    [
        (["colour=red"], "x", "page.md:3: unknown option 'colour=red'; write key=value"),
        (["view"], "x", "unknown option 'view'"),
        (["theme=pink"], "x", "page.md:3: unknown theme 'pink'; use one of light, dark"),
        ([], "  \n", "page.md:3: the block is empty"),
        ([], "designs/none.yaml", "page.md:3: no design file 'designs/none.yaml'"),
        ([], "id: x\ntitle: X\ncomponents:\n  - {id: a, kind: kafka}", "`message_queue`"),
    ],
)
def test_a_bad_block_is_named_with_what_to_write(
    tmp_path: Path, words: list[str], spec: str, complaint: str
) -> None:
    with pytest.raises(MlsdError) as caught:
        parse_options(words, "page.md:3")
        design_of(spec, [tmp_path], "page.md:3")
    message = str(caught.value)
    if isinstance(caught.value, InvalidDesignError):
        message += " " + " ".join(f.hint for f in caught.value.findings)
    assert complaint in message


@pytest.mark.exe
def test_a_sphinx_site_shows_each_mlsd_directive_as_its_diagram(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "guide").mkdir(parents=True)
    (source / "designs").mkdir()
    (source / "designs" / "tiny_docs.yaml").write_text(DESIGN_YAML, encoding="utf-8")
    (source / "conf.py").write_text(
        'project = "Docs"\nextensions = ["mlsd_diagrams.integrations.sphinx"]\n'
        'mlsd_theme = "dark"\n',
        encoding="utf-8",
    )
    (source / "index.rst").write_text(
        "Home\n====\n\n.. toctree::\n\n   guide/page\n", encoding="utf-8"
    )
    inline = "".join(f"   {line}\n" for line in INLINE.splitlines())
    (source / "guide" / "page.rst").write_text(
        "Page\n====\n\n"
        ".. mlsd:: ../designs/tiny_docs.yaml\n   :view: backend\n   :theme: light\n\n"
        f".. mlsd::\n\n{inline}\n"
        ".. mlsd:: /designs/tiny_docs.yaml\n\n"
        ".. mlsd:: designs/missing.yaml\n",
        encoding="utf-8",
    )
    done = build(["sphinx", "-q", "-b", "html", str(source), str(tmp_path / "out")], tmp_path)
    assert done.returncode == 0, done.stderr
    # The missing file is reported where it is named, and the rest of the page still builds.
    assert "page.rst:20" in done.stderr and "no design file 'designs/missing.yaml'" in done.stderr
    page = (tmp_path / "out" / "guide" / "page.html").read_text(encoding="utf-8")
    view, inline_svg, whole = drawings(page)
    assert {"api", "store"} <= titles(view) and background(view) == "#FFFFFF"
    assert {"reader", "page"} <= titles(inline_svg) and background(inline_svg) == "#1B1F24"
    assert {"user", "api", "store"} <= titles(whole)
    assert no_shared_ids(page)
    # The page depends on the design file it names, so editing that file rebuilds it.
    with (tmp_path / "out" / ".doctrees" / "environment.pickle").open("rb") as handle:
        environment = pickle.load(handle)
    named = {(source / p).resolve() for p in environment.dependencies["guide/page"]}
    assert named == {(source / "designs" / "tiny_docs.yaml").resolve()}
