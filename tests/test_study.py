"""Study cards, the gallery, practice masks, `mlsd new`, watch, and the notebook representations."""

from __future__ import annotations

import json
import re
import shlex
import signal
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import escape as html_escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlsd_diagrams import study
from mlsd_diagrams._catalog import COMPONENT_KINDS, Direction, FlowKind, Plane
from mlsd_diagrams._errors import LoadError
from mlsd_diagrams._facade import png_bytes
from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import Card, Component, Design, Flow, Group, Tradeoff
from mlsd_diagrams.cli import _watch as watch_module
from mlsd_diagrams.cli._watch import watch
from mlsd_diagrams.compose import module_source, starter_source
from mlsd_diagrams.rules import errors, validate
from mlsd_diagrams.study import card_markdown, mask, write_gallery

from .conftest import ROOT, one_line, run, small_design

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def tiny_file(tmp_path: Path, tiny: Design) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(tiny.to_json(), encoding="utf-8")
    return path


def with_card(design: Design, **fields: object) -> Design:
    return design.model_copy(update={"card": Card.model_validate(fields)})


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


# --- the study card ------------------------------------------------------------------------------


def test_card_has_the_seven_steps_in_order_then_tradeoffs_and_talking_points(tiny: Design) -> None:
    text = card_markdown(with_card(tiny, requirements=["Fast"], talking_points=["Say why"]))
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## In brief",
        "## The 45-minute interview",
        "## 1. Clarify the requirements",
        "## 2. Frame the problem as an ML task",
        "## 3. Data preparation",
        "## 4. Model development",
        "## 5. Evaluation",
        "## 6. Deployment and serving",
        "## 7. Monitoring",
        "## Trade-offs",
        "## Failure modes",
        "## Back-of-the-envelope estimates",
        "## Talking points",
    ]
    assert "- Fast" in text.split("## 2.")[0]
    assert text.rstrip().endswith("- Say why")
    # A step the card leaves empty says so instead of vanishing.
    assert "Nothing written for this step yet" in text.split("## 3.")[1].split("## 4.")[0]


def test_card_puts_each_field_under_its_step(tiny: Design) -> None:
    text = card_markdown(
        with_card(tiny, ml_task="Rank items", offline_metrics=["nDCG@10"], monitoring=["Drift"])
    )
    step = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(r"## (\d)\. [^\n]*\n(.*?)(?=\n## |\Z)", text, re.S)
    }
    assert "Rank items" in step[2]
    assert "### Offline metrics" in step[5] and "- nDCG@10" in step[5]
    assert "- Drift" in step[7]


def test_tradeoff_table_escapes_pipes_and_line_breaks(tiny: Design) -> None:
    tradeoff = Tradeoff(
        topic="Batch | online",
        options=["a|b", "c"],
        choice="a\nthen b",
        why="x || y",
    )
    text = card_markdown(tiny.model_copy(update={"card": Card(tradeoffs=[tradeoff])}))
    section = text.split("## Trade-offs")[1]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Topic | Options | Choice | Why |"
    row = rows[1]
    assert unescaped_pipes(row) == 5  # four cells, however many pipes the text holds
    assert "Batch \\| online" in row and "a\\|b; c" in row and "a then b" in row


def test_card_links_the_diagram_it_is_given(tiny: Design) -> None:
    assert "![Diagram of Tiny system](../out/tiny.svg)" in card_markdown(tiny, "../out/tiny.svg")
    assert "![" not in card_markdown(tiny)


def test_card_command_prints_markdown_linking_the_output_folder(tiny_file: Path) -> None:
    result = run("card", str(tiny_file))
    assert result.exit_code == 0
    assert result.stdout.startswith("# Tiny system\n")
    assert "(output/tiny.svg)" in result.stdout
    # The diagram is not drawn yet: a note on stderr says how to draw it.
    assert "mlsd render" in result.stderr


def test_card_into_another_folder_links_the_svg_relatively(tmp_path: Path, tiny_file: Path) -> None:
    out = tmp_path / "diagrams"
    out.mkdir()
    (out / "tiny.svg").write_text("<svg/>", encoding="utf-8")
    card = tmp_path / "notes" / "week1" / "tiny.md"
    result = run("card", str(tiny_file), "-o", str(card), "--images", str(out))
    assert result.exit_code == 0, result.output
    link = re.search(r"!\[[^\]]*\]\(([^)]+)\)", card.read_text(encoding="utf-8"))
    assert link is not None and link.group(1) == "../../diagrams/tiny.svg"
    assert (card.parent / link.group(1)).resolve() == (out / "tiny.svg").resolve()
    assert result.stderr == ""


def test_card_of_an_unknown_design_is_one_line(tmp_path: Path) -> None:
    result = run("card", "no_such_design")
    assert result.exit_code == 2
    assert "unknown design" in one_line(result)


# --- practice mode -------------------------------------------------------------------------------


def test_mask_numbers_components_in_declaration_order(tiny: Design) -> None:
    noted = tiny.model_copy(
        update={
            "components": [
                c.model_copy(update={"tech": "Redis", "notes": "secret"}) for c in tiny.components
            ]
        }
    )
    masked, key = mask(noted)
    assert masked.id == "tiny_masked"
    assert [c.label for c in masked.components] == [str(i) for i in range(1, 8)]
    assert [c.id for c in masked.components] == [f"c{i}" for i in range(1, 8)]
    assert [c.kind for c in masked.components] == [c.kind for c in tiny.components]
    assert all(c.tech is None and c.notes is None for c in masked.components)
    assert all(f.label is None for f in masked.flows)
    assert [f.kind for f in masked.flows] == [f.kind for f in tiny.flows]
    assert [(g.label, g.members) for g in masked.groups] == [
        ("Serving", ["c2", "c3"]),
        ("Training", ["c4", "c5", "c6"]),
    ]
    assert masked.card == Card() and masked.summary == ""
    assert not errors(validate(masked))
    for number, component in enumerate(tiny.components, 1):
        assert f"| {number} | {component.label} | `{component.kind}` |" in key
    assert "| 4 Logs | 5 Trainer | batch | training data |" in key


def test_mask_of_a_design_with_a_repeated_id_does_not_crash(tiny: Design) -> None:
    repeated = tiny.model_copy(update={"components": [*tiny.components, tiny.components[1]]})
    masked, key = mask(repeated)
    # Every declaration gets its own number, the repeat included, and the key names each.
    numbers = [str(n) for n in range(1, len(repeated.components) + 1)]
    assert [c.label for c in masked.components] == numbers
    assert [c.id for c in masked.components] == [f"c{n}" for n in numbers]
    assert [c.kind for c in masked.components] == [c.kind for c in repeated.components]
    assert f"| {numbers[-1]} | API | `api_gateway` |" in key
    assert "| 2 | API | `api_gateway` |" in key


def test_render_mask_reports_the_findings_of_the_design_as_written(
    tmp_path: Path, tiny: Design
) -> None:
    repeated = tiny.model_copy(update={"components": [*tiny.components, tiny.components[1]]})
    source = tmp_path / "tiny.json"
    source.write_text(repeated.to_json(), encoding="utf-8")
    result = run("render", str(source), "--mask", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "design `tiny`" in result.stderr and "`api`" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.exe
def test_render_mask_hides_every_label_in_the_svg(tmp_path: Path, tiny: Design) -> None:
    design = tiny.model_copy(
        update={"components": [c.model_copy(update={"tech": "Kafka"}) for c in tiny.components]}
    )
    source = tmp_path / "tiny.json"
    source.write_text(design.to_json(), encoding="utf-8")
    result = run("render", str(source), "--mask", "-f", "svg", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "tiny.svg").exists()  # the real diagram is never overwritten
    svg = ET.parse(tmp_path / "out" / "tiny_masked.svg").getroot()

    def texts(element: ET.Element) -> list[str]:
        return [t.text or "" for t in element.iter(f"{SVG}text")]

    nodes = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"]
    assert len(nodes) == len(design.components)
    numbers = []
    for node in nodes:
        title = node.find(f"{SVG}title")
        assert title is not None and title.text is not None
        number = title.text.removeprefix("c")  # node ids hide the component ids too
        numbers.append(int(number))
        shown = texts(node)
        assert shown[0] == number
        assert all(re.fullmatch(r"[\d.]+ ms", extra) for extra in shown[1:]), shown
    assert sorted(numbers) == list(range(1, len(design.components) + 1))
    edges = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert len(edges) == len(design.flows)
    assert all(re.fullmatch(r"[\d.]+ ms", t) for e in edges for t in texts(e))
    everything = " ".join(texts(svg))
    secrets = [c.label for c in design.components] + ["Kafka"]
    secrets += [f.label for f in design.flows if f.label]
    assert [s for s in secrets if s in everything] == []
    key = (tmp_path / "out" / "tiny.key.md").read_text(encoding="utf-8")
    assert all(c.label in key for c in design.components)


# --- the gallery ---------------------------------------------------------------------------------


def local_references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"#]+)"', html)


@pytest.mark.exe
def test_gallery_renders_only_what_is_missing_and_links_real_files(tmp_path: Path) -> None:
    first, second = small_design("first"), small_design("second")
    first_file, second_file = tmp_path / "first.json", tmp_path / "second.json"
    first_file.write_text(first.to_json(), encoding="utf-8")
    second_file.write_text(second.to_json(), encoding="utf-8")
    # `second` has both files already: the gallery must not redraw it.
    for ext in ("png", "svg"):
        (tmp_path / f"second.{ext}").write_text("kept", encoding="utf-8")
    result = run("gallery", str(first_file), str(second_file), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "rendered first"
    assert (tmp_path / "second.svg").read_text(encoding="utf-8") == "kept"
    assert (tmp_path / "first.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    references = local_references(page)
    for design_id in ("first", "second"):
        for ext in ("svg", "png", "md"):
            assert f"{design_id}.{ext}" in references
    assert all((tmp_path / ref).is_file() for ref in references)
    assert {"first.html", "second.html"} <= set(references)
    # Nothing outside the folder: no server, no network, no stylesheet or script to fetch; the
    # scripts are inline (the SVG namespaces are names, not addresses; icons are data URIs).
    for name in ("index.html", "first.html", "second.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        text = re.sub(r"http://www\.w3\.org/(2000/svg|1999/xlink)", "", text)
        text = re.sub(r'"data:image/[^"]*"', '""', text)  # base64 holds any pair of characters
        assert not re.search(r"https?:|//|@import|<link|<iframe", text), name
        assert re.findall(r"<script[^>]*>", text) in (
            ["<script>"],
            ['<script type="application/json" id="design-data">', "<script>"],
        ), name
    for ref in local_references((tmp_path / "first.html").read_text(encoding="utf-8")):
        assert ref.startswith("data:image/") or (tmp_path / ref).is_file(), ref[:80]
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "[![Diagram of Tiny system](first.png)](first.svg)" in readme
    assert "[study card](second.md)" in readme
    assert "(first.svg)" in (tmp_path / "first.md").read_text(encoding="utf-8")


def test_gallery_escapes_titles_and_summaries() -> None:
    design = small_design().model_copy(
        update={"title": "<script>alert(1)</script>", "summary": 'a "quoted" & <b>bold</b>'}
    )
    page = study.gallery_html([design])
    # The one script is the page's own search; the title's is text.
    assert page.count("<script") == 1 and "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>" not in page


def test_explorer_page_escapes_every_text_of_the_design() -> None:
    hostile = "</script><script>window.pwned=1</script><img src=x onerror=alert(1)>"
    base = small_design()
    design = base.model_copy(
        update={
            "title": hostile,
            "summary": hostile,
            "components": [
                c.model_copy(update={"label": hostile, "notes": hostile, "tech": hostile})
                for c in base.components
            ],
            "card": base.card.model_copy(update={"requirements": [hostile], "ml_task": hostile}),
        }
    )
    page = study.explorer_html(design, None)
    # Exactly the page's two script blocks, and no markup made from the design's words.
    assert re.findall(r"<script[^>]*>", page) == [
        '<script type="application/json" id="design-data">',
        "<script>",
    ]
    assert "<img" not in page and "window.pwned=1</script>" not in page
    data = re.search(r'<script type="application/json" id="design-data">(.*?)</script>', page, re.S)
    assert data is not None
    assert json.loads(data.group(1))["components"]["api"]["notes"] == hostile


def test_gallery_refuses_two_designs_with_one_id(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="share the id `tiny`"):
        write_gallery([small_design(), small_design()], tmp_path)


@pytest.mark.exe
def test_gallery_command(tmp_path: Path, tiny_file: Path) -> None:
    result = run("gallery", str(tiny_file), "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert "rendered tiny" in result.stdout
    names = {p.name for p in (tmp_path / "site").iterdir()}
    assert {"index.html", "README.md", "tiny.md", "tiny.png", "tiny.svg"} <= names


def test_gallery_of_an_unknown_design_is_one_line(tmp_path: Path) -> None:
    result = run("gallery", "nope_not_here", "-o", str(tmp_path))
    assert result.exit_code == 2
    one_line(result)
    assert not (tmp_path / "index.html").exists()


# --- new design modules --------------------------------------------------------------------------


@pytest.mark.exe
def test_new_then_validate_strict_then_render(tmp_path: Path) -> None:
    result = run("new", "my_ranker", "--dir", str(tmp_path / "designs"))
    assert result.exit_code == 0, result.output
    module = tmp_path / "designs" / "my_ranker.py"
    assert f"wrote {module}" in result.stdout
    strict = run("validate", str(module), "--strict")
    assert strict.exit_code == 0, strict.output
    rendered = run("render", str(module), "-o", str(tmp_path / "out"))
    assert rendered.exit_code == 0, rendered.output
    assert (tmp_path / "out" / "my_ranker.png").stat().st_size > 0
    design = load(module)
    assert design.id == "my_ranker" and design.title == "My ranker"
    assert validate(design) == []


@pytest.mark.parametrize("bad", ["My-Design", "1st", "design.py", "a" * 65, "naïve", "two\nlines"])
def test_new_refuses_an_id_that_does_not_fit(tmp_path: Path, bad: str) -> None:
    result = run("new", bad, "--dir", str(tmp_path))
    assert result.exit_code == 2
    assert "not a valid design id" in one_line(result)
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "mine.py").write_text("# my work\n", encoding="utf-8")
    result = run("new", "mine", "--dir", str(tmp_path))
    assert result.exit_code == 2
    assert "already exists" in one_line(result)
    assert (tmp_path / "mine.py").read_text(encoding="utf-8") == "# my work\n"


def test_new_from_a_built_in_copies_it_under_the_new_id(tmp_path: Path) -> None:
    result = run("new", "my_copy", "--dir", str(tmp_path), "--from", "ml_system_framework")
    assert result.exit_code == 0, result.output
    copy = load(tmp_path / "my_copy.py")
    original = load("ml_system_framework")
    assert copy == original.model_copy(update={"id": "my_copy"})
    assert "bp = Blueprint(" in (tmp_path / "my_copy.py").read_text(encoding="utf-8")


def test_new_from_an_unknown_design_is_one_line(tmp_path: Path) -> None:
    result = run("new", "mine", "--dir", str(tmp_path), "--from", "nothing_like_it")
    assert result.exit_code == 2
    assert "unknown design" in one_line(result)
    assert not (tmp_path / "mine.py").exists()


def round_trip(design: Design, tmp_path: Path) -> tuple[Design, str]:
    path = tmp_path / f"{design.id}.py"
    source = module_source(design)
    path.write_text(source, encoding="utf-8")
    return load(path), source


@pytest.mark.parametrize("design_id", builtin_ids())
def test_generated_module_builds_an_equal_design(tmp_path: Path, design_id: str) -> None:
    design = load(design_id)
    rebuilt, source = round_trip(design, tmp_path)
    assert rebuilt == design
    assert max(len(line) for line in source.splitlines()) <= 100


def awkward_design() -> Design:
    """Keyword and reserved ids, hostile strings, a nested group, a group declared apart."""
    text = 'He said "hi" \\ then\nleft\t\u2014 caf\u00e9 ' + "long words " * 20
    text += "https://example.org/" + "a-very-long-path/" * 12  # longer than any line
    return Design(
        id="awkward",
        title='Quotes " and """ triple',
        summary=text,
        sla_ms=12.5,
        direction="TB",
        components=[
            Component(id="class", kind="client", label="Class", latency_ms=0),
            Component(id="bp", kind="api_gateway", latency_ms=1.25, notes=text),
            Component(id="link", kind="model_serving", tech="Tri\\ton", latency_ms=3),
            Component(id="store", kind="feature_store", plane="offline"),
        ],
        flows=[
            Flow(source="class", target="bp", latency_ms=2),
            Flow(source="bp", target="link", label=text),
            Flow(source="link", target="store", kind="batch"),
        ],
        groups=[
            Group(id="outer", label="Outer", members=["bp"]),
            Group(id="inner", label='In "ner"', members=["link"], parent="outer"),
        ],
        frames=[["class"], ["outer"]],
        card=Card(ml_task=text, tradeoffs=[Tradeoff(topic="t", options=["a", "b"])]),
    )


def test_generated_module_round_trips_awkward_names_and_strings(tmp_path: Path) -> None:
    design = awkward_design()
    rebuilt, source = round_trip(design, tmp_path)
    assert rebuilt == design
    assert "with bp.group(" in source and "class_ = bp.add(" in source
    assert max(len(line) for line in source.splitlines()) <= 100


def test_groups_blocks_cannot_express_fall_back_to_a_plain_design(tmp_path: Path) -> None:
    # `a` and `c` share a group but `b` comes between them: no `with` block can say that.
    design = Design(
        id="apart",
        title="Apart",
        components=[
            Component(id="a", kind="client"),
            Component(id="b", kind="api_gateway"),
            Component(id="c", kind="model_serving"),
        ],
        flows=[Flow(source="a", target="b"), Flow(source="b", target="c")],
        groups=[Group(id="g", label="G", members=["a", "c"])],
    )
    rebuilt, source = round_trip(design, tmp_path)
    assert rebuilt == design
    assert "return Design(" in source


def random_designs() -> st.SearchStrategy[Design]:
    """Designs of any shape: hostile text, optional fields, nested, empty and cyclic groups."""
    ids = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
    text = st.text(max_size=30)
    ms = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)

    @st.composite
    def build(draw: st.DrawFn) -> Design:
        names = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
        components = [
            Component(
                id=name,
                kind=draw(st.sampled_from(list(COMPONENT_KINDS))),
                label=draw(text),
                plane=draw(st.none() | st.sampled_from(list(Plane))),
                latency_ms=draw(ms),
                tech=draw(st.none() | text),
                notes=draw(st.none() | st.text(max_size=200)),
            )
            for name in names
        ]
        flows = [
            Flow(
                source=draw(st.sampled_from(names)),
                target=draw(st.sampled_from(names)),
                kind=draw(st.sampled_from(list(FlowKind))),
                label=draw(st.none() | text),
                latency_ms=draw(ms),
            )
            for _ in range(draw(st.integers(0, 6)))
        ]
        group_ids = draw(st.lists(ids, max_size=3, unique=True))
        groups = [
            Group(
                id=group_id,
                label=draw(text),
                members=draw(st.lists(st.sampled_from(names), max_size=3, unique=True)),
                parent=draw(st.none() | st.sampled_from(group_ids)),
            )
            for group_id in group_ids
        ]
        return Design(
            id=draw(ids),
            title=draw(text),
            summary=draw(st.text(max_size=300)),
            sla_ms=draw(ms),
            direction=draw(st.sampled_from(list(Direction))),
            components=components,
            flows=flows,
            groups=groups,
            frames=draw(st.lists(st.lists(st.sampled_from(names), max_size=2), max_size=2)),
            card=Card(
                requirements=draw(st.lists(text, max_size=2)),
                ml_task=draw(text),
                tradeoffs=[Tradeoff(topic=t) for t in draw(st.lists(text, max_size=2))],
            ),
        )

    return build()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_designs(), st.text(max_size=40))
def test_any_design_round_trips_through_its_module(design: Design, doc: str) -> None:
    source = module_source(design, doc)
    namespace: dict[str, object] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    build = namespace["build"]
    assert callable(build)
    assert build() == design


@pytest.mark.parametrize("design", [awkward_design(), load("ml_system_framework")])
def test_generated_module_is_lint_clean(tmp_path: Path, design: Design) -> None:
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        pytest.skip("ruff is not installed next to this Python")
    path = tmp_path / "generated.py"
    path.write_text(module_source(design), encoding="utf-8")
    checked = subprocess.run(
        [
            str(ruff),
            "check",
            "--no-cache",
            "--isolated",
            "--line-length",
            "100",
            "--select",
            "E,F,W,I,B,UP",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


# --- watch ---------------------------------------------------------------------------------------


def test_watch_calls_back_at_start_and_after_each_change(tmp_path: Path) -> None:
    path = tmp_path / "design.json"
    path.write_text("{}", encoding="utf-8")
    calls: list[str] = []
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        # The edits change the size too, so even a file system with a coarse clock shows them.
        sleeps.append(seconds)
        if len(sleeps) == 1:
            path.write_text('{"a": 1}', encoding="utf-8")
        elif len(sleeps) == 2:
            path.unlink()  # an editor saving by rename leaves no file for a moment
        elif len(sleeps) == 3:
            path.write_text('{"a": 12}', encoding="utf-8")

    count = watch(
        path, lambda: calls.append(path.read_text()), interval=0.25, max_cycles=5, sleep=sleep
    )
    assert calls == ["{}", '{"a": 1}', '{"a": 12}']
    assert count == 3
    assert sleeps == [0.25] * 4  # no sleep after the last look


def test_watch_does_not_call_back_while_the_file_is_missing(tmp_path: Path) -> None:
    calls: list[int] = []
    count = watch(tmp_path / "gone.py", lambda: calls.append(1), max_cycles=3, sleep=lambda _: None)
    assert count == 0 and calls == []


@pytest.mark.exe
def test_watch_command_validates_and_renders(tmp_path: Path, tiny_file: Path) -> None:
    result = run("watch", str(tiny_file), "-o", str(tmp_path / "out"), "--max-cycles", "1")
    assert result.exit_code == 0, result.output
    # The file watched, then the design it holds.
    assert f"] ok {tiny_file} (design `tiny`)" in result.stdout
    assert (tmp_path / "out" / "tiny.svg").is_file()


def test_watch_command_prints_findings_and_keeps_going(tmp_path: Path, tiny: Design) -> None:
    data = tiny.to_json().replace('"target": "api"', '"target": "ghost"', 1)
    path = tmp_path / "broken.json"
    path.write_text(data, encoding="utf-8")
    result = run("watch", str(path), "-o", str(tmp_path / "out"), "--max-cycles", "1")
    assert result.exit_code == 0, result.output
    assert f"FAIL {path} (design `tiny`)" in result.stdout and "E102" in result.stdout
    assert "not rendered" in result.stdout
    assert not (tmp_path / "out").exists()


def test_watch_command_stops_cleanly_on_ctrl_c(
    monkeypatch: pytest.MonkeyPatch, tiny_file: Path
) -> None:
    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(watch_module, "watch", interrupted)
    result = run("watch", str(tiny_file))
    assert result.exit_code == 0
    assert "stopped watching" in result.stdout
    assert "Traceback" not in result.output


def test_watch_process_exits_0_on_a_real_ctrl_c(tmp_path: Path, tiny: Design) -> None:
    path = tmp_path / "broken.json"  # invalid, so nothing is drawn and Graphviz is not needed
    path.write_text(tiny.to_json().replace('"target": "api"', '"target": "x"', 1), "utf-8")
    mlsd = Path(sys.executable).with_name("mlsd")
    if not mlsd.exists():
        pytest.skip("the `mlsd` script is not installed next to this Python")
    process = subprocess.Popen(
        [str(mlsd), "watch", str(path), "--interval", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A shell's background job ignores SIGINT, and children inherit that; undo it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline(), process.stdout.readline()]
        assert lines[0].startswith("watching") and "FAIL" in lines[1], lines
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "stopped watching" in out and err == ""


def test_watch_command_needs_an_existing_file(tmp_path: Path) -> None:
    result = run("watch", str(tmp_path / "missing.py"))
    assert result.exit_code == 2
    assert "no such file" in one_line(result)


def test_watch_command_points_from_a_built_in_to_a_copy() -> None:
    result = run("watch", "ml_system_framework")
    assert result.exit_code == 2
    assert "--from ml_system_framework" in one_line(result)


# --- notebooks -----------------------------------------------------------------------------------


NOTEBOOK = """
import json, subprocess
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()   # a kernel exists before the notebook imports the package
import mlsd_diagrams as mlsd
from mlsd_diagrams.render.layout import _graphviz

runs = []  # the drawing runs: those writing a picture, not the layout trials (-Tjson alone)
real_run = _graphviz._spawn
def counting_run(command, **kwargs):
    if any(part.startswith("-Tsvg") or part.startswith("-Tpng") for part in command):
        runs.append(command)
    return real_run(command, **kwargs)
_graphviz._spawn = counting_run

shown = {}
design = mlsd.load("ml_system_framework")
data, _ = shell.display_formatter.format(design)
shown["design"] = {"mimes": sorted(data), "svg": data.get("image/svg+xml", ""), "runs": len(runs)}
bp = mlsd.Blueprint("sketch", "A sketch")
bp.add("user", "client", "User") >> bp.add("api", "api_gateway", "API")
data, _ = shell.display_formatter.format(bp)
svg = data.get("image/svg+xml", "")
shown["blueprint"] = {"mimes": sorted(data), "svg": svg, "runs": len(runs)}
broken = design.model_copy(update={"flows": [*design.flows, design.flows[0].model_copy(
    update={"target": "ghost"})]})
data, _ = shell.display_formatter.format(broken)
shown["invalid"] = {"mimes": sorted(data), "html": data.get("text/html", ""), "runs": len(runs)}
# The mime bundle alone (what `_repr_mimebundle_` gives), and what `display()` publishes.
bundle, _ = shell.display_formatter.mimebundle_formatter(broken)
published = []
shell.display_pub.publish = lambda data, **kwargs: published.append(sorted(data))
from IPython.display import display
display(broken)
shown["invalid_ways"] = {"bundle": sorted(bundle), "published": published}
sketch = mlsd.Blueprint("serving_only", "A model with no way to be deployed")
sketch.add("user", "client", "User") >> sketch.add("model", "model_serving", "Model <b>")
data, _ = shell.display_formatter.format(sketch)
shown["invalid_blueprint"] = {"mimes": sorted(data), "html": data.get("text/html", "")}
print(json.dumps(shown))
"""


@pytest.mark.exe
def test_a_notebook_draws_designs_and_blueprints_inline_with_one_drawing_each() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", NOTEBOOK], capture_output=True, text=True, check=True, cwd=ROOT
    )
    shown = json.loads(completed.stdout.strip().splitlines()[-1])
    design, blueprint, invalid = shown["design"], shown["blueprint"], shown["invalid"]
    assert design["mimes"] == ["image/svg+xml", "text/plain"] and design["runs"] == 1
    root = ET.fromstring(design["svg"].encode("utf-8"))
    labels = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Model registry" in labels
    hrefs = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("href")]
    # Icons are embedded once each (data: URIs) and drawn by reference to them (#icon-...).
    assert hrefs and all(h.startswith(("data:image/", "#icon-")) for h in hrefs)
    assert blueprint["mimes"] == ["image/svg+xml", "text/plain"] and blueprint["runs"] == 2
    assert "API" in blueprint["svg"]
    # An invalid design shows its findings as HTML beside its repr, and costs no Graphviz run.
    assert invalid["mimes"] == ["text/html", "text/plain"] and invalid["runs"] == 2
    page = invalid["html"]
    assert "E102" in page and "ghost" in page and "is not a valid design" in page
    assert shown["invalid_ways"] == {
        "bundle": ["text/html"],
        "published": [["text/html", "text/plain"]],
    }
    sketch = shown["invalid_blueprint"]
    assert sketch["mimes"] == ["text/html", "text/plain"]
    # The label is escaped, and the finding says what is missing: a deploy path to the model.
    assert "E130" in sketch["html"] and "<b>" not in sketch["html"]


@pytest.mark.exe
def test_png_bytes_is_a_real_png(tiny: Design) -> None:
    data = png_bytes(tiny)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 300 and height > 100
    assert data.endswith(b"IEND\xaeB`\x82")


def test_the_starter_module_is_what_new_writes(tmp_path: Path) -> None:
    source = starter_source("x_y", "X y", "designs/x_y.py")
    path = tmp_path / "x_y.py"
    path.write_text(source, encoding="utf-8")
    assert validate(load(path)) == []


# --- the README's examples -----------------------------------------------------------------------


def readme_blocks(language: str) -> list[str]:
    """The fenced code blocks of the README's "Studying and composing" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Studying and composing\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


@pytest.mark.exe
def test_the_readme_commands_work_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = [line for block in readme_blocks("sh") for line in block.splitlines()]
    assert len(lines) >= 8
    for line in lines:
        args = shlex.split(line, comments=True)
        assert args[0] == ".venv/bin/mlsd", line
        if args[1] == "gallery":
            continue  # renders every built-in design; the gallery tests cover it
        if args[1] == "watch":
            args.append("--max-cycles=1")
            if "--serve" in args:
                args += ["--port", "0"]  # a free port: another program may hold the default
        result = run(*args[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}"
    assert (tmp_path / "out" / "my_ranker.svg").is_file()
    assert (tmp_path / "quiz" / "ml_system_framework.key.md").is_file()
    assert "](../out/ml_system_framework.svg)" in (tmp_path / "notes" / "framework.md").read_text()


@pytest.mark.exe
def test_the_readme_python_examples_build_clean_designs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = readme_blocks("python")
    assert len(blocks) == 3
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)
        build = namespace.get("build")
        if callable(build):  # a design of the reader's own: the README promises it is clean
            design = build()
            assert isinstance(design, Design) and validate(design) == [], block
        else:
            assert isinstance(namespace["design"], Design)
    assert (tmp_path / "out" / "ml_system_framework.png").is_file()


def test_the_explorer_card_shows_narration_failure_modes_estimates_and_the_plan() -> None:
    design = load("fraud_detection")
    page = study.explorer_html(design, None)
    card = design.card
    assert "In brief:" in page
    assert ">Failure modes<" in page and ">Estimates<" in page and ">The 45-minute plan<" in page
    for mode in card.failure_modes:
        assert html_escape(mode.failure) in page
    for estimate in card.estimates:
        assert html_escape(estimate.arithmetic) in page
