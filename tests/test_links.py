"""A component's `url`: checked by the model, and a link in every writer that can hold one (the
SVG, PPTX read back by python-pptx, draw.io, the explorer)."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from pptx import Presentation

from mlsd_diagrams import Blueprint, InvalidDesignError, load_text, svg_text
from mlsd_diagrams._model import Design
from mlsd_diagrams.render import Format, RenderOptions, drawing_bytes, single_format
from mlsd_diagrams.study import explorer_html

SVG, XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}"
RUNBOOK = "https://example.org/runbooks/api?team=ml&view=latency"


def linked() -> Design:
    bp = Blueprint("linked", "Linked")
    user = bp.add("user", "client", "User")
    api = bp.add("api", "app_service", 'API & "ranker"', url=RUNBOOK)
    user >> api
    return bp.build()


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("javascript:alert(1)", "javascript: links are not allowed"),
        ("data:text/html,hi", "data: links are not allowed"),
        ("https://example.org/a b", "a link holds no spaces"),
        ('x"><script>', "a link holds no spaces, quotes"),
    ],
)
def test_a_link_that_could_run_or_hide_content_is_refused(url: str, complaint: str) -> None:
    document = json.dumps(
        {"id": "x", "title": "X", "components": [{"id": "a", "kind": "client", "url": url}]}
    )
    with pytest.raises(InvalidDesignError) as caught:
        load_text(document, "x.json")
    finding = caught.value.findings[0]
    assert finding.code == "E100" and finding.subject == "components[0].url"
    assert complaint in finding.message


@pytest.mark.parametrize("url", [RUNBOOK, "mailto:ml-oncall@example.org", "docs/api.md#slo"])
def test_web_mail_and_relative_links_are_kept(url: str) -> None:
    bp = Blueprint("x", "X")
    bp.add("a", "client", url=url)
    assert bp.build().components[0].url == url


@pytest.mark.exe
def test_the_svg_wraps_a_linked_component_in_a_link() -> None:
    root = ET.fromstring(svg_text(linked()).encode("utf-8"))  # well-formed with `&` in the url
    nodes = {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    links = list(nodes["api"].iter(f"{SVG}a"))
    assert [a.get(f"{XLINK}href") for a in links] == [RUNBOOK]
    assert links[0].get(f"{XLINK}title") == 'API & "ranker"'
    assert links[0].get("target") == "_top"
    # What is inside the link is the component itself: its icon and its name.
    assert "API" in "".join(links[0].itertext())
    assert not list(nodes["user"].iter(f"{SVG}a"))


@pytest.mark.exe
def test_the_deck_and_drawio_carry_the_link() -> None:
    files, _ = drawing_bytes(linked(), RenderOptions(formats=(Format.PPTX,)))
    slide = Presentation(io.BytesIO(files["linked.pptx"])).slides[0]
    group = next(s for s in slide.shapes if s.name == "api")
    addresses = {s.name: s.click_action.hyperlink.address for s in group.shapes}
    assert addresses["api box"] == RUNBOOK and addresses["api icon"] == RUNBOOK
    other = next(s for s in slide.shapes if s.name == "user")
    assert all(s.click_action.hyperlink.address is None for s in other.shapes)
    root = ET.fromstring(single_format(linked(), Format.DRAWIO).decode("utf-8"))
    holders = {o.get("id"): o for o in root.iter("UserObject")}
    assert list(holders) == ["api"] and holders["api"].get("link") == RUNBOOK
    cell = holders["api"].find("mxCell")
    assert cell is not None and cell.get("vertex") == "1"


def test_the_explorer_shows_the_link_in_its_panel() -> None:
    page = explorer_html(linked(), None)
    data = re.search(r'<script type="application/json" id="design-data">(.*?)</script>', page, re.S)
    assert data is not None
    assert json.loads(data.group(1))["components"]["api"]["url"] == RUNBOOK
    assert '"Open " + c.url' in page and 'rel: "noopener"' in page
