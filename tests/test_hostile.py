"""Hostile input: awkward text shown literally, ids that cannot escape, data that never runs code.

Labels, titles, notes and group labels are read back from the SVG's <text> elements; the SVG's
node, edge and cluster count proves the text never changed the Graphviz document's structure.
"""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlsd_diagrams._catalog import COMPONENT_KINDS, FlowKind
from mlsd_diagrams._errors import InvalidDesignError, LoadError
from mlsd_diagrams._facade import render
from mlsd_diagrams._load import load, load_data
from mlsd_diagrams._model import Design
from mlsd_diagrams.cli import app
from mlsd_diagrams.compose import Blueprint, link
from mlsd_diagrams.render import Format, RenderOptions
from mlsd_diagrams.render._quoting import html_escape, html_label, wrap
from mlsd_diagrams.rules import validate

from .conftest import dot_text
from .test_render import XLINK, png_size

SVG = "{http://www.w3.org/2000/svg}"
ALL = RenderOptions(formats=(Format.PNG, Format.SVG, Format.PDF, Format.DOT))

CORPUS = {
    "double_quotes": 'say "hi" "" "',
    "single_quotes": "it's 'quoted'",
    "braces": "{ } {{x}} }{",
    "record": "{a|b} <f0> left|{mid|right}",
    "html": "<b>bold</b> <BR/> <TABLE> </FONT>",
    "entities": "&amp; &lt; &#60; &#x3C; & &&",
    "angle": "a < b > c <<>> ->",
    "backslashes": "C:\\path\\to \\\\server \\",
    "escapes": "\\N \\G \\E \\T \\H \\L \\l \\n \\r",
    "dot_syntax": 'x"]; evil [label="pwned"]; a -> b; //',
    "dot_comment": "/* open comment # hash",
    "emoji": "🚀 model 👨‍👩‍👧 ✨ ⚠️",
    "scripts": "日本語 العربية עברית Ελληνικά",
    "controls": "bell\x07 null\x00 esc\x1b[31m del\x7f",
    "bidi": "admin\u202egnp.exe",
    "newlines": "line one\nline two\r\n\ttabbed",
    "semicolons": "a;b,c=d [x] (y)",
    "closing_bracket": "]]",
    "svg_markup": 'xlink:href="/etc/passwd" <image href="x.png"/> <![CDATA[ ]]>',
    "percent": "100% %s %d {0} $HOME `id`",
    "very_long": "word " * 600 + "x" * 3000,
}

# Format characters a reader sees (emoji joiners); the others, and controls, are dropped.
_KEPT = {"\u200c", "\u200d"}


def visible(text: str) -> str:
    """What a reader should see of a text, ignoring where lines wrap and spaces fall."""
    kept = "".join(
        char
        for char in text
        if char in _KEPT or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return "".join(kept.split())


def svg_root(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def shown(root: ET.Element) -> str:
    """All text of the drawing, in document order, whitespace removed."""
    drawn = "".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))
    return "".join(drawn.split())  # Graphviz draws runs of spaces as no-break spaces


def groups_of(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def hostile_design(text: str, short: str) -> Design:
    """`text` everywhere it can go; `short` where labels are wrapped and cut."""
    bp = Blueprint("hostile", text, summary=text)
    user = bp.add("user", "client", short, tech=text, notes=text)
    with bp.group("outer", text), bp.group("inner", short):
        api = bp.add("api", "app_service", short, latency_ms=1)
    store = bp.add("store", "cache", text)
    user >> link(label=short) >> api >> link(label=text) >> store
    return bp.build()


# --- quoting, without Graphviz ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a<b>&c", "a&lt;b&gt;&amp;c"),
        ("\"'", "&quot;&#39;"),
        ("\\N", "\\\\N"),
        ("{a|b}", "{a|b}"),
        ("x]", "x&#93;"),
        ("tab\there\nnew\rline", "tab here new line"),
        ("nul\x00bel\x07", "nulbel"),
        ("rtl\u202eoverride", "rtloverride"),
        ("👨\u200d👩", "👨\u200d👩"),
        ("é 日本 🚀", "é 日本 🚀"),
    ],
)
def test_html_escape(text: str, escaped: str) -> None:
    assert html_escape(text) == escaped


def test_html_label_leaves_out_empty_rows() -> None:
    # Graphviz refuses an empty <B></B>, so a row with nothing to show is left out.
    assert html_label(("\x1b", 12, "#000000", True), ("", 9, "#000000", False)) == "< >"


def test_html_label_escapes_every_row() -> None:
    label = html_label(("<x>", 12, "#000000", True), ("a&b", 9, "#111111", False))
    assert label == (
        '<<FONT POINT-SIZE="12" COLOR="#000000"><B>&lt;x&gt;</B></FONT><BR/>'
        '<FONT POINT-SIZE="9" COLOR="#111111">a&amp;b</FONT>>'
    )


@pytest.mark.parametrize(
    ("text", "width", "max_lines", "lines"),
    [
        ("", 10, 3, []),
        ("\x1b\x00\u202e", 10, 3, []),
        ("a\x00b\u202ec\td", 10, 3, ["abc d"]),
        ("   \n\t ", 10, 3, []),
        ("short", 10, 3, ["short"]),
        ("two  words\nhere", 20, 3, ["two words here"]),
        ("alpha beta gamma delta", 11, 3, ["alpha beta", "gamma delta"]),
        ("x" * 25, 10, 3, ["x" * 10, "x" * 10, "x" * 5]),
        ("x" * 40, 10, 3, ["x" * 10, "x" * 10, "x" * 9 + "\u2026"]),
        ("one two three four five six", 5, 2, ["one", "two\u2026"]),
    ],
)
def test_wrap(text: str, width: int, max_lines: int, lines: list[str]) -> None:
    assert wrap(text, width, max_lines) == lines


@given(st.text(max_size=300), st.integers(2, 40), st.integers(1, 5))
def test_wrap_keeps_its_bounds(text: str, width: int, max_lines: int) -> None:
    lines = wrap(text, width, max_lines)
    assert len(lines) <= max_lines
    assert all(0 < len(line) <= width for line in lines)
    if not lines or not lines[-1].endswith("\u2026"):
        assert "".join("".join(lines).split()) == visible(text)


# --- rendered, read back ------------------------------------------------------------------------


@pytest.mark.exe
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_text_is_shown_literally_in_every_format(name: str, tmp_path: Path) -> None:
    text = CORPUS[name]
    short = text[:16]
    design = hostile_design(text, short)
    result = render(design, tmp_path, ALL)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in result.paths)
    png_size((tmp_path / "hostile.png").read_bytes())
    assert (tmp_path / "hostile.pdf").read_bytes().startswith(b"%PDF-")

    root = svg_root(tmp_path / "hostile.svg")
    nodes = groups_of(root, "node")
    assert sorted(node.findtext(f"{SVG}title") for node in nodes) == ["api", "store", "user"]
    assert len(groups_of(root, "edge")) == 2
    assert len(groups_of(root, "cluster")) == 2
    icons = [image.get(XLINK, "") for image in root.iter(f"{SVG}image")]
    assert len(icons) == 3 and all(href.startswith("data:image/png;base64,") for href in icons)

    drawn = shown(root)
    if len(text) <= 60:
        assert visible(text) in drawn  # the title and the outer group show all of it
    else:
        assert visible(text)[:50] in drawn  # wrapped and cut, but starting as written
    assert visible(short) in drawn  # a label and a flow label, short enough not to be cut
    for node in nodes:
        if node.findtext(f"{SVG}title") == "store":
            node_text = shown(node)
            # The long label is wrapped and maybe cut, but what is shown is the label's start.
            assert node_text and visible(text).startswith(visible(node_text).rstrip("\u2026"))


@pytest.mark.exe
def test_long_labels_wrap(tmp_path: Path) -> None:
    label = "a rather long component label that goes on and on " * 20
    bp = Blueprint("wrapped", "T " * 500)
    with bp.group("g", label):
        user = bp.add("user", "client", label, tech=label)
    user >> link(label=label) >> bp.add("x", "cache")
    render(bp.build(), tmp_path, RenderOptions(formats=(Format.SVG,)))
    root = svg_root(tmp_path / "wrapped.svg")
    lines = ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    assert max(len(line) for line in lines) <= 100
    # The title, the group, the label, the technology and the flow label are each cut short.
    assert sum(line.endswith("\u2026") for line in lines) >= 5
    width = float(root.get("width", "0pt").removesuffix("pt"))
    assert width < 2000


@pytest.mark.exe
def test_a_design_without_flows_renders(tmp_path: Path) -> None:
    bp = Blueprint("alone", "Alone")
    bp.add("user", "client")
    result = render(bp.build(), tmp_path, RenderOptions(formats=(Format.SVG, Format.PNG)))
    assert [p.name for p in result.paths] == ["alone.svg", "alone.png"]


# --- ids and paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id", ["../evil", "a/b", "/abs", ".hidden", "Upper", "with space", "x.png", "", "é"]
)
def test_ids_that_could_name_a_path_are_refused(bad_id: str) -> None:
    data = {"id": bad_id, "title": "t", "components": [{"id": "user", "kind": "client"}]}
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data)
    assert caught.value.findings[0].subject == "id"
    component = {"id": "user", "kind": "client"}
    data = {"id": "ok", "title": "t", "components": [{**component, "id": bad_id}]}
    with pytest.raises(InvalidDesignError):
        load_data(data)


@pytest.mark.exe
def test_output_names_come_from_the_id_only(tmp_path: Path) -> None:
    bp = Blueprint("named", "../../escape/title")
    bp.add("user", "client", "../../label") >> bp.add("api", "app_service")
    out = tmp_path / "out"
    result = render(bp.build(), out, ALL)
    assert all(path.parent == out for path in result.paths)
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        ["out", "named.png", "named.svg", "named.pdf", "named.dot"]
    )


def test_an_id_forced_past_validation_cannot_escape(tiny: Design, tmp_path: Path) -> None:
    forged = Design.model_construct(**{**dict(tiny), "id": "../../escaped"})
    out = tmp_path / "deep" / "out"
    with pytest.raises(InvalidDesignError, match="E100 id"):
        render(forged, out, ALL)
    assert list(tmp_path.rglob("*escaped*")) == []


# --- data never runs code -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:subprocess.check_output [['touch', '{marker}']]",
        "!!python/name:os.system",
        "!!python/object:builtins.object {{}}",
    ],
)
def test_yaml_python_tags_never_execute(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(f"id: evil\ntitle: {tag.format(marker=marker)}\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"evil\.yaml:2:\d+: invalid YAML"):
        load(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not marker.exists()


@pytest.mark.parametrize(
    ("name", "text"),
    [("deep.json", "[" * 100_000 + "]" * 100_000), ("deep.yaml", "a: " + "[" * 100_000)],
)
def test_deeply_nested_data_is_a_load_error(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match="nested too deeply"):
        load(path)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_yaml_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    rows = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        rows.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    rows += ["id: bomb", "title: Bomb", "card: {requirements: *h}"]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InvalidDesignError) as caught:
        load(path)
    assert {f.code for f in caught.value.findings} == {"E100"}
    assert len(caught.value.findings) < 50


# --- properties ---------------------------------------------------------------------------------

_FIELDS = ["id", "title", "summary", "sla_ms", "direction", "components", "flows", "groups", "card"]
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["user", "api", "client", "request", "LR", "online", "g"]),
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from([*_FIELDS, "kind", "source", "x"]), inner, max_size=4)
    ),
    max_leaves=20,
)
_component = st.fixed_dictionaries(
    {"id": st.sampled_from(["user", "api", "model", "store", "Bad"])},
    optional={
        "kind": st.sampled_from([*COMPONENT_KINDS, "nope"]),
        "latency_ms": st.one_of(st.none(), st.floats(-1, 1e6)),
        "plane": st.sampled_from(["online", "nearline", "offline", "sideways"]),
        "label": st.text(max_size=10),
        "extra": _scalars,
    },
)
_documents = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["doc", "x1", "Bad", ""]) | st.text(max_size=5),
        "title": st.text(max_size=10) | _scalars,
        "sla_ms": _scalars,
        "direction": st.sampled_from(["LR", "TB", "XX"]),
        "components": st.lists(_component, max_size=5) | _json,
        "flows": st.lists(_json, max_size=4),
        "groups": st.lists(_json, max_size=3),
        "card": _json,
        "unknown": _scalars,
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_documents, _json))
def test_any_document_validates_or_gives_findings(data: Any) -> None:
    try:
        design = load_data(data, "doc.json")
    except InvalidDesignError as error:
        assert error.findings and all(f.code == "E100" for f in error.findings)
        assert all(f.subject and f.message for f in error.findings)
        return
    except LoadError as error:
        assert "must be a mapping" in str(error)
        return
    findings = validate(design)
    assert all(f.code and f.message for f in findings)
    assert load_data(json.loads(design.to_json())) == design


_SYNTAX = st.text(alphabet=list("{}[]:,-!&*?|>'\"%@`#\n\t 0123456789abcxyzEe.+_/\\"), max_size=80)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(st.text(max_size=200), _SYNTAX), suffix=st.sampled_from([".json", ".yaml"]))
def test_any_file_text_loads_or_is_one_error(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load(path)
    except (LoadError, InvalidDesignError) as error:
        assert "\n" not in str(error).strip()


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_json)
def test_any_yaml_document_loads_or_is_one_error(tmp_path: Path, data: Any) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        load(path)
    except (LoadError, InvalidDesignError) as error:
        assert "\n" not in str(error).strip()


_IDS = ["a", "b", "c", "d", "e", "f"]


@st.composite
def graphs(draw: st.DrawFn) -> Design:
    """Schema-valid designs with arbitrary wiring: cycles, self-loops, dangling ids, bad groups."""
    ids = draw(st.lists(st.sampled_from(_IDS), min_size=1, max_size=6))
    components = [
        {
            "id": cid,
            "kind": draw(st.sampled_from(list(COMPONENT_KINDS))),
            "latency_ms": draw(st.one_of(st.none(), st.floats(0, 1e4))),
        }
        for cid in ids
    ]
    flows = [
        {
            "source": draw(st.sampled_from(_IDS)),
            "target": draw(st.sampled_from(_IDS)),
            "kind": draw(st.sampled_from(list(FlowKind))).value,
            "latency_ms": draw(st.one_of(st.none(), st.floats(0, 1e4))),
        }
        for _ in range(draw(st.integers(0, 10)))
    ]
    groups = [
        {
            "id": gid,
            "label": gid,
            "members": draw(st.lists(st.sampled_from(_IDS), max_size=3)),
            "parent": draw(st.one_of(st.none(), st.sampled_from(["g1", "g2", "g3", "gx"]))),
        }
        for gid in draw(st.lists(st.sampled_from(["g1", "g2", "g3"]), max_size=3))
    ]
    return Design.model_validate(
        {
            "id": "wired",
            "title": "Wired",
            "sla_ms": draw(st.one_of(st.none(), st.floats(0, 1e4))),
            "components": components,
            "flows": flows,
            "groups": groups,
        }
    )


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_any_wiring_gives_findings_never_an_exception(design: Design) -> None:
    findings = validate(design)
    assert all(f.severity.value in ("error", "warning") for f in findings)
    if not any(f.severity.value == "error" for f in findings):
        assert dot_text(design).startswith("digraph wired {")


@pytest.mark.exe
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(min_size=1, max_size=60), label=st.text(min_size=1, max_size=16))
def test_arbitrary_labels_survive_a_render(tmp_path: Path, title: str, label: str) -> None:
    bp = Blueprint("prop", title)
    user = bp.add("user", "client", label)
    with bp.group("g", label):
        api = bp.add("api", "app_service", label)
    user >> link(label=label) >> api
    render(bp.build(), tmp_path, RenderOptions(formats=(Format.SVG, Format.PNG)))
    root = svg_root(tmp_path / "prop.svg")
    drawn = shown(root)
    assert visible(title) in drawn
    if visible(label):
        assert drawn.count(visible(label)) >= 4  # two components, the group and the flow
    assert len(groups_of(root, "node")) == 2 and len(groups_of(root, "edge")) == 1


@pytest.mark.exe
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(design=graphs())
def test_any_valid_wiring_renders(tmp_path: Path, design: Design) -> None:
    if any(f.severity.value == "error" for f in validate(design)):
        return
    render(design, tmp_path, RenderOptions(formats=(Format.SVG,)))
    root = svg_root(tmp_path / "wired.svg")
    assert len(groups_of(root, "node")) == len(design.components)
    assert len(groups_of(root, "edge")) == len(design.flows)


@pytest.mark.exe
def test_a_hostile_design_file_through_the_cli(tmp_path: Path) -> None:
    text = "".join(CORPUS.values())
    source = tmp_path / "hostile.yaml"
    source.write_text(hostile_design(text, text[:16]).to_yaml(), encoding="utf-8")
    exported = CliRunner().invoke(app, ["export", str(source), "--to", "json"])
    assert exported.exit_code == 0
    assert load_data(json.loads(exported.stdout)) == load(source)
    out = tmp_path / "out"
    args = ["render", str(source), "-o", str(out), "-f", "png", "-f", "svg", "-f", "pdf"]
    rendered = CliRunner().invoke(app, [*args, "-f", "dot"])
    assert rendered.exit_code == 0, rendered.output
    drawn = shown(svg_root(out / "hostile.svg"))
    assert visible(text[:16]) in drawn and visible(text)[:50] in drawn


# --- scale --------------------------------------------------------------------------------------


def big_design(size: int, *, cross_links: bool) -> Design:
    """`size` components in nested groups, chained from a client; cross-links add every kind."""
    bp = Blueprint("big", "Big", sla_ms=1e9)
    user = bp.add("user", "client", latency_ms=1)
    nodes = []
    for block in range(size // 100):
        with bp.group(f"block_{block}", f"Block {block}"), bp.group(f"inner_{block}", "Inner"):
            for index in range(100):
                component_id = f"c_{block}_{index}"
                nodes.append(bp.add(component_id, "app_service", latency_ms=1))
    kinds = list(FlowKind)
    for index, node in enumerate(nodes):
        (user if index % 100 == 0 else nodes[index - 1]) >> link(latency_ms=1) >> node
        if cross_links and index >= 7:
            nodes[index - 7] >> link(kinds[index % len(kinds)]) >> node
    return bp.build()


def test_thousands_of_components_and_flows_validate() -> None:
    design = big_design(3000, cross_links=True)
    assert len(design.components) == 3001 and len(design.flows) > 5900
    codes = {f.code for f in validate(design)}
    # Cross-links include `deploy` flows between app services, which run no model (E132).
    assert codes <= {"E110", "E120", "E130", "E131", "E132", "W201", "W210", "W211", "W220", "W230"}


@pytest.mark.exe
def test_thousands_of_components_render(tmp_path: Path) -> None:
    # Graphviz's own layout time grows fast with crossing edges; a chain keeps this test quick
    # while still pushing 3,000 nodes through building, one dot run and SVG post-processing.
    design = big_design(3000, cross_links=False)
    result = render(design, tmp_path, RenderOptions(formats=(Format.SVG, Format.DOT)))
    root = svg_root(result.paths[0])
    assert len(groups_of(root, "node")) == 3001
    assert len(groups_of(root, "cluster")) == 60
