"""Text and files the tool did not write itself: SVG found in an output folder, titles and labels
that reach Markdown, the terminal and XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mlsd_diagrams import study
from mlsd_diagrams._model import Design
from mlsd_diagrams.study._svg import UnreadableSvg, embed_svg

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 100 50">'
)


def planted(body: str) -> str:
    node = f'<g id="node1" class="node"><title>api</title>{body}</g>'
    return f'<?xml version="1.0"?>\n{SVG_OPEN}{node}</svg>'


def runnable(page: str) -> list[str]:
    """What a browser could run or fetch in an embedded SVG, read with a parser."""
    found = []
    for element in ET.fromstring(page).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("script", "foreignObject", "iframe", "object", "embed", "set", "animate"):
            found.append(name)
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1].lower().startswith("on"):
                found.append(key)
            if key.endswith("href") and not value.startswith(("#", "data:image/")):
                found.append(value)
            if "javascript:" in value or re.search(r"url\((?!#|data:)|\\", value):
                found.append(value)
        text = "".join(element.itertext()) if name == "style" else ""
        if "@import" in text or re.search(r"url\((?!#|data:)|\\", text):
            found.append(text)
    return found


ATTACKS = [
    "<script>alert(1)</script>",
    '<image xlink:href="javascript:alert(1)"/>',
    '<a href="javascript:alert(1)"><text>x</text></a>',
    '<image href="http://attacker.example/pixel.png"/>',
    '<image onerror="alert(1)" xlink:href="data:image/png;base64,AA=="/>',
    "<style>@import url(http://attacker.example/x.css);</style>",
    "<style>g { fill: url(http://attacker.example/p) }</style>",
    '<rect fill="url(http://attacker.example/leak)"/>',
    '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></body>'
    "</foreignObject>",
    '<set attributeName="onmouseover" to="alert(1)"/>',
    '<animate attributeName="href" to="javascript:alert(1)"/>',
    '<use xlink:href="http://attacker.example/sprites.svg#a"/>',
    "<style>g { fill: \\75 rl(http://attacker.example/p) }</style>",  # a CSS escape of url(
    '<rect fill="\\75 rl(http://attacker.example/leak)"/>',
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_planted_svg_keeps_nothing_that_runs_or_fetches(attack: str, tiny: Design) -> None:
    page = embed_svg(planted(attack), tiny)
    assert page is not None
    assert runnable(page) == []
    assert 'data-component="api"' in page  # the drawing itself is still tagged


@pytest.mark.parametrize(
    "attack",
    [
        "<scr<title>t</title>ipt>alert(1)</script>",  # one tag split by another
        "<image xlink:href=x onerror=alert(1)>",  # unquoted handler
        "<svg/onload=alert(1)>",
        "<a href=javascript:alert(1)><text>x</text></a>",
        '<!DOCTYPE x [<!ENTITY e "&#60;script&#62;">]>&e;',
    ],
)
def test_an_svg_that_is_not_well_formed_is_refused(attack: str, tiny: Design) -> None:
    with pytest.raises(UnreadableSvg, match="not well-formed SVG"):
        embed_svg(planted(attack), tiny)


def test_the_explorer_refuses_an_unreadable_svg_with_a_reason(tiny: Design) -> None:
    page = study.explorer_html(tiny, planted("<scr<title>t</title>ipt>alert(1)</script>"))
    assert "was not shown: not well-formed SVG" in page
    assert "alert(1)" not in page


def test_a_link_keeps_the_drawing_it_holds(tiny: Design) -> None:
    page = embed_svg(
        planted('<a xlink:href="https://x.example" xlink:title="t"><path d="M0 0"/></a>'), tiny
    )
    assert page is not None and '<path d="M0 0"></path>' in page
    assert "x.example" not in page and "<a" not in page


def test_text_and_icons_of_a_drawing_survive_the_rebuild(tiny: Design) -> None:
    body = (
        '<image xlink:href="data:image/png;base64,iVBO" width="10" height="10"/>'
        '<text x="1" y="2" font-size="9">Ranker &amp; &lt;feed&gt;</text>'
    )
    page = embed_svg(planted(body), tiny)
    assert page is not None
    assert 'xlink:href="data:image/png;base64,iVBO"' in page
    assert "Ranker &amp; &lt;feed&gt;</text>" in page and "<title>" not in page


def markdown_html(text: str) -> str:
    """Markdown as a viewer that lets HTML through would show it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def with_words(**fields: str) -> Design:
    from mlsd_diagrams._load import load_data

    from .conftest import small_design

    data = small_design().to_dict()
    for name, value in fields.items():
        if name == "label":
            data["components"][0]["label"] = value
        else:
            data[name] = value
    return load_data(data)


def test_the_gallery_readme_shows_html_in_titles_and_summaries_as_text() -> None:
    hostile = with_words(title="<img src=x onerror=alert(1)>", summary="<!-- hide the rest")
    page = markdown_html(study.gallery_readme([hostile, with_words(title="After")]))
    assert re.findall(r'<img src="([^"]*)"', page) == ["tiny.png", "tiny.png"]
    assert "<img src=x" not in page
    assert "<!--" not in page
    assert "After" in page.split("hide the rest", 1)[1]  # the later sections still show


@pytest.mark.parametrize("field", ["title", "summary"])
def test_link_syntax_in_a_title_cannot_swap_the_cards_image(field: str) -> None:
    design = with_words(**{field: "Ranker](http://host/pixel.png) ![x"})
    images = re.findall(r"<img [^>]*>", markdown_html(study.card_markdown(design, "tiny.svg")))
    readme = re.findall(r"<img [^>]*>", markdown_html(study.gallery_readme([design])))
    assert [re.search(r'src="([^"]*)"', tag).group(1) for tag in images] == ["tiny.svg"]  # type: ignore[union-attr]
    assert [re.search(r'src="([^"]*)"', tag).group(1) for tag in readme] == ["tiny.png"]  # type: ignore[union-attr]


def test_a_backslash_cannot_unescape_the_bracket_that_closes_the_alt_text() -> None:
    design = with_words(title="Ranker\\")
    page = markdown_html(study.card_markdown(design, "tiny.svg"))
    assert re.findall(r'<img src="([^"]*)" alt="([^"]*)"', page) == [
        ("tiny.svg", "Diagram of Ranker\\")
    ]


# A clipboard write (OSC 52), a window title and a screen clear, as a label might hold them.
DRIVING = "\x1b]52;c;ZXZpbA==\x07\x1b]0;owned\x07\x1b[2J\x9b31m"


def test_diff_escapes_control_characters_in_labels(tmp_path: Path) -> None:
    from .conftest import run

    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(with_words().to_json(), encoding="utf-8")
    new.write_text(with_words(label=f"Ranker {DRIVING}").to_json(), encoding="utf-8")
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\x9b" not in result.stdout
    assert "\\x1b]52;c;ZXZpbA==\\x07" in result.stdout and "\n" in result.stdout


def test_card_escapes_control_characters_on_the_terminal(tmp_path: Path) -> None:
    from .conftest import run

    path = tmp_path / "tiny.json"
    path.write_text(with_words(title=f"Ranker {DRIVING}").to_json(), encoding="utf-8")
    result = run("card", str(path), "--images", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "# Ranker \\x1b\\]52;c;ZXZpbA==\\x07" in result.stdout


def test_watch_escapes_control_characters_in_the_file_name(tmp_path: Path) -> None:
    from .conftest import run

    path = tmp_path / "evil\x1b]0;owned\x07.json"
    data = with_words().to_json().replace('"target": "api"', '"target": "ghost"', 1)
    path.write_text(data, encoding="utf-8")
    result = run("watch", str(path), "--max-cycles", "1", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "E102" in result.output and "\x1b" not in result.output and "\x07" not in result.output
    assert "evil\\x1b]0;owned\\x07.json" in result.output


def test_the_answer_key_shows_html_in_the_title_as_text() -> None:
    from mlsd_diagrams.study._mask import answer_key

    page = markdown_html(answer_key(with_words(title="<img src=x onerror=alert(1)> [x](http://h)")))
    assert "<img" not in page and "<a href" not in page
