"""Model figures: the builder, the round trips, the rules F100-F140, and the commands that list
and scaffold them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import mlsd_diagrams as mlsd
from mlsd_diagrams._catalog import BLOCK_CATALOG, BLOCK_KINDS
from mlsd_diagrams._load import load
from mlsd_diagrams.cli import app
from mlsd_diagrams.compose import module_source
from mlsd_diagrams.rules import validate
from mlsd_diagrams.rules._figures import parse_shape


def two_tower(*, item_width: int = 128, training: bool = True) -> mlsd.Design:
    bp = mlsd.Blueprint("t", "T")
    bp.add("retriever", "candidate_generation", "Retriever")
    bp.add("cache", "cache", "Cache")
    fig = bp.figure("two_tower", "Two-tower", component="retriever", training=training)
    with fig.group("user_side", "User tower"):
        user = fig.add("user", "input", "User features")
        user_tower = fig.add("user_tower", "mlp", "User tower", shape="B x 128", repeat=3)
    item = fig.add("item", "input", "Item features")
    item_tower = fig.add("item_tower", "mlp", "Item tower", shape=f"B x {item_width}")
    score = fig.add("score", "interaction", "Dot product", op="dot", shape="B x B")
    loss = fig.add("loss", "loss", "Softmax cross-entropy")
    labels = fig.add("labels", "input", "In-batch positives")
    user >> user_tower >> score
    item >> item_tower >> fig.link("item vectors", shape=f"B x {item_width}") >> score >> loss
    labels >> fig.link(kind="target") >> loss
    return bp.build()


def figure_codes(design: mlsd.Design) -> list[str]:
    return [f.code for f in validate(design) if f.code.startswith("F")]


def with_figure(**figure: Any) -> mlsd.Design:
    base = two_tower().to_dict()
    base["figures"] = [{"id": "f", "title": "F", **figure}]
    return mlsd.Design.model_validate(base)


def test_the_builder_makes_a_figure_with_blocks_links_groups_and_stacks() -> None:
    figure = two_tower().figures[0]
    assert figure.direction == "BT" and figure.training and figure.component == "retriever"
    assert [b.id for b in figure.blocks][:2] == ["user", "user_tower"]
    assert figure.block("user_tower") is not None and figure.block("user_tower").repeat == 3  # type: ignore[union-attr]
    assert figure.groups[0].members == ["user", "user_tower"]
    tagged = [link for link in figure.links if link.shape]
    assert [(k.ref, k.label, k.shape) for k in tagged] == [
        ("item_tower -> score", "item vectors", "B x 128")
    ]
    assert next(k for k in figure.links if k.target == "loss" and k.source == "labels").kind == (
        "target"
    )
    assert figure_codes(two_tower()) == []


def test_a_figure_round_trips_through_json_yaml_and_python() -> None:
    design = two_tower()
    assert mlsd.Design.model_validate_json(design.to_json()) == design
    assert mlsd.Design.model_validate(yaml.safe_load(design.to_yaml())) == design
    source = module_source(design)
    assert 'fig = bp.figure("two_tower"' in source and "with fig.group(" in source
    namespace: dict[str, Any] = {}
    exec(compile(source, "<figure>", "exec"), namespace)
    assert namespace["build"]() == design


def test_the_builder_names_a_misspelt_block_kind_at_the_call() -> None:
    fig = mlsd.Blueprint("t", "T").figure("f", "F")
    with pytest.raises(ValueError, match="did you mean `attention`"):
        fig.add("a", "atention")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="declared twice"):
        fig.add("b", "mlp")
        fig.add("b", "mlp")


@pytest.mark.parametrize(
    ("text", "dims"),
    [
        ("B x 128", ("B", "128")),
        ("B x L x 768", ("B", "L", "768")),
        ("64\u00d764\u00d73", ("64", "64", "3")),
    ],
)
def test_shapes_are_read_as_dimensions(text: str, dims: tuple[str, ...]) -> None:
    assert parse_shape(text) == dims


def test_f120_names_both_shapes_and_the_block_of_a_dot_product() -> None:
    [finding] = [f for f in validate(two_tower(item_width=64)) if f.code == "F120"]
    assert "block `score`" in finding.message
    assert "`user_tower` gives B x 128" in finding.message
    assert "`item_tower` gives B x 64" in finding.message
    assert "projection" in finding.hint


def test_f120_checks_a_concat_adds_up_and_a_norm_keeps_its_shape() -> None:
    blocks = [
        {"id": "a", "kind": "embedding", "shape": "B x 32"},
        {"id": "b", "kind": "embedding", "shape": "B x 16"},
        {"id": "cat", "kind": "interaction", "op": "concat", "shape": "B x 64"},
        {"id": "norm", "kind": "normalization", "shape": "B x 60"},
    ]
    links = [
        {"source": "a", "target": "cat"},
        {"source": "b", "target": "cat"},
        {"source": "cat", "target": "norm"},
    ]
    messages = [f.message for f in validate(with_figure(blocks=blocks, links=links))]
    assert any("concat" in m and "size 48" in m and "B x 64" in m for m in messages)
    assert any("block `norm`" in m and "B x 64" in m and "B x 60" in m for m in messages)
    blocks[2]["shape"], blocks[3]["shape"] = "B x 48", "B x 48"
    assert "F120" not in figure_codes(with_figure(blocks=blocks, links=links))


def test_f130_a_training_head_that_reaches_no_loss() -> None:
    blocks = [{"id": "x", "kind": "input"}, {"id": "head", "kind": "head"}]
    links = [{"source": "x", "target": "head"}]
    design = with_figure(training=True, blocks=blocks, links=links)
    [finding] = [f for f in validate(design) if f.code.startswith("F")]
    assert finding.code == "F130" and "`head`" in finding.message and "loss" in finding.hint
    assert figure_codes(with_figure(training=False, blocks=blocks, links=links)) == []


def test_f102_f101_f131_f110_and_f140() -> None:
    blocks = [
        {"id": "x", "kind": "input"},
        {"id": "idle", "kind": "input"},
        {"id": "a", "kind": "rnn"},
        {"id": "a", "kind": "mlp"},
        {"id": "b", "kind": "mlp"},
    ]
    links: list[dict[str, Any]] = [
        {"source": "x", "target": "a"},
        {"source": "a", "target": "b"},
        {"source": "b", "target": "a"},
        {"source": "b", "target": "outptu"},
    ]
    groups = [{"id": "g", "label": "G", "members": ["a", "ghost"]}]
    design = with_figure(component="cache", blocks=blocks, links=links, groups=groups)
    found = {f.code: f for f in validate(design) if f.code.startswith("F")}
    assert set(found) == {"F101", "F102", "F110", "F131", "F140"}
    assert "a -> b -> a" in found["F110"].message and "recurrent" in found["F110"].hint
    assert "`idle`" in found["F131"].message and found["F131"].severity.value == "warning"
    assert "cache" in found["F140"].message and "`retriever`" in found["F140"].hint
    links[2]["recurrent"] = True
    calm = with_figure(component="retriever", blocks=blocks, links=links, groups=groups)
    assert "F110" not in figure_codes(calm) and "F140" not in figure_codes(calm)


def test_f140_a_component_that_does_not_exist_gets_the_nearest_model_host() -> None:
    [finding] = [f for f in validate(with_figure(component="retreiver")) if f.code == "F140"]
    assert "did you mean `retriever`?" in finding.hint


def test_f100_names_the_figure_field_and_the_nearest_block_kind(tmp_path: Path) -> None:
    data = two_tower().to_dict()
    data["figures"][0]["blocks"][0]["kind"] = "atention"
    data["figures"][0]["links"][0]["kind"] = "skipp"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "F100" in result.output and "figures[0].blocks[0].kind" in result.output
    assert "did you mean `attention`" in result.output
    assert "unknown figure link kind 'skipp'" in result.output and "`skip`" in result.output


def test_rules_lists_the_figure_rules() -> None:
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    for code in ("F100", "F101", "F102", "F110", "F120", "F130", "F131", "F140"):
        assert code in result.output


def test_every_block_kind_has_an_outline_a_family_and_words() -> None:
    assert set(BLOCK_CATALOG) == set(BLOCK_KINDS)
    outlines = {(s.shape, s.family) for s in BLOCK_CATALOG.values()}
    # Kinds a reader must tell apart at a glance differ in outline or colour.
    for a, b in [("embedding", "mlp"), ("mlp", "loss"), ("encoder", "decoder"), ("head", "loss")]:
        sa, sb = BLOCK_CATALOG[a], BLOCK_CATALOG[b]
        assert (sa.shape, sa.family) != (sb.shape, sb.family)
    assert len(outlines) >= 12
    assert all(s.description and s.title for s in BLOCK_CATALOG.values())


def test_kinds_blocks_lists_the_block_kinds() -> None:
    result = CliRunner().invoke(app, ["kinds", "--blocks", "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["kind"] for r in rows] == list(BLOCK_KINDS)
    assert {"shape", "family", "description"} <= set(rows[0])


def test_figures_lists_a_designs_figures(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(two_tower().to_json(), encoding="utf-8")
    result = CliRunner().invoke(app, ["figures", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {
            "design": "t",
            "id": "two_tower",
            "title": "Two-tower",
            "component": "retriever",
            "direction": "BT",
            "training": True,
            "blocks": 7,
            "links": 6,
        }
    ]
    text = CliRunner().invoke(app, ["figures", str(path)])
    assert text.exit_code == 0 and "two_tower" in text.output and "(training)" in text.output
    missing = CliRunner().invoke(app, ["figures", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_new_figure_writes_a_design_whose_figure_validates(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["new", "demo", "--figure", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    design = load(tmp_path / "demo.py")
    assert [f.id for f in design.figures] == ["ranker"]
    assert [f for f in validate(design) if f.severity.value == "error"] == []
    assert figure_codes(design) == []
    origin = str(tmp_path / "demo.py")
    copied = CliRunner().invoke(
        app, ["new", "copy", "--from", origin, "--figure", "--dir", str(tmp_path)]
    )
    assert copied.exit_code == 0, copied.output
    assert [f.id for f in load(tmp_path / "copy.py").figures] == ["ranker", "ranker1"]


def test_the_cards_model_step_shows_each_figure_with_its_blocks() -> None:
    from mlsd_diagrams.study._card import card_markdown
    from mlsd_diagrams.study._card_html import card_html

    design = two_tower()
    text = card_markdown(design, "out/t.svg")
    step = text[text.index("## 4. Model development") : text.index("## 5. Evaluation")]
    assert "#### Two-tower" in step
    assert "![Two-tower](out/t.figure-two_tower.svg)" in step
    assert "- User tower (MLP x3, B x 128)" in step
    assert "- Dot product (Interaction, dot, B x B)" in step
    page = card_html(design)
    model = page[page.index("Model development") : page.index("Evaluation")]
    assert 'href="t.figure-two_tower.svg"' in model and 'data-component="retriever"' in model
    assert "User tower (MLP x3, B x 128)" in model
    assert "Model figures" not in card_markdown(mlsd.Blueprint("e", "E").build())


BOOK_DESIGNS = [
    "visual_search",
    "youtube_video_search",
    "harmful_content_detection",
    "video_recommendation",
    "event_recommendation",
    "ad_click_prediction",
    "similar_listings",
    "personalized_news_feed",
    "people_you_may_know",
    "smart_compose",
    "machine_translation",
    "chatbot_assistant",
    "image_captioning",
    "face_generation",
    "high_resolution_image_synthesis",
    "text_to_image",
    "personalized_headshots",
    "text_to_video",
]


def test_the_built_in_figures_cover_the_books_designs_and_validate() -> None:
    result = CliRunner().invoke(app, ["figures", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) >= 25
    assert set(BOOK_DESIGNS) <= {r["design"] for r in rows}
    for design_id in sorted({r["design"] for r in rows}):
        design = load(design_id)
        assert figure_codes(design) == [], design_id
        for figure in design.figures:
            assert figure.caption.startswith("Chapter"), (design_id, figure.id)
            assert figure.component is not None, (design_id, figure.id)
            if figure.training:
                assert any(b.kind == "loss" for b in figure.blocks), (design_id, figure.id)


def _figure_files(design: mlsd.Design, tmp_path: Path, **options: Any) -> dict[str, bytes]:
    from mlsd_diagrams.render import RenderOptions
    from mlsd_diagrams.render._api import drawing_bytes

    files, _ = drawing_bytes(design, RenderOptions(figures=True, **options))
    return files


@pytest.mark.exe
def test_render_figures_writes_each_figure_in_every_format(tmp_path: Path) -> None:
    from pptx import Presentation

    from mlsd_diagrams.render import Format

    formats = (Format.PNG, Format.SVG, Format.PDF, Format.DOT, Format.PPTX)
    files = _figure_files(two_tower(), tmp_path, formats=formats)
    for fmt in ("png", "svg", "pdf", "dot"):
        assert f"t.figure-two_tower.{fmt}" in files
    assert files["t.figure-two_tower.png"].startswith(b"\x89PNG")
    assert files["t.figure-two_tower.pdf"].startswith(b"%PDF")
    dot = files["t.figure-two_tower.dot"].decode()
    assert "rankdir=BT" in dot
    # Kinds are told apart by outline: data, network, combine and loss each have their own.
    for outline in ("parallelogram", "ellipse", "octagon"):
        assert f"shape={outline}" in dot
    assert "peripheries=2" in dot  # the stacked user tower
    svg = files["t.figure-two_tower.svg"].decode()
    assert "x3 \u00b7 B x 128" in svg  # the stack's mark and its shape
    assert "item vectors" in svg and "B x 128" in svg  # words and shape on a link
    assert "loss / reward" in svg and "training target" in svg  # the key
    (tmp_path / "t.pptx").write_bytes(files["t.pptx"])
    slides = list(Presentation(str(tmp_path / "t.pptx")).slides)
    names = {shape.name for shape in slides[-1].shapes}
    assert {"user_tower", "score", "loss"} <= names


@pytest.mark.exe
def test_figures_are_drawn_only_when_asked_and_follow_the_theme(tmp_path: Path) -> None:
    from mlsd_diagrams._catalog import BlockFamily
    from mlsd_diagrams.render import Format, RenderOptions, ThemeName
    from mlsd_diagrams.render._api import drawing_bytes
    from mlsd_diagrams.render.scene._figure import FAMILY_COLOURS

    plain, _ = drawing_bytes(two_tower(), RenderOptions(formats=(Format.SVG,)))
    assert not any(".figure-" in name for name in plain)
    for theme in ThemeName:
        files = _figure_files(two_tower(), tmp_path, formats=(Format.SVG,), theme=theme)
        svg = files["t.figure-two_tower.svg"].decode()
        fill, line = FAMILY_COLOURS[theme][BlockFamily.OBJECTIVE]
        assert fill.lower() in svg.lower() and line.lower() in svg.lower()


@pytest.mark.exe
def test_mlsd_render_figures_writes_figure_files(tmp_path: Path) -> None:
    assert (
        CliRunner().invoke(app, ["new", "demo", "--figure", "--dir", str(tmp_path)]).exit_code == 0
    )
    out = tmp_path / "out"
    args = ["render", str(tmp_path / "demo.py"), "--figures", "-f", "svg", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "demo.figure-ranker.svg").is_file() and (out / "demo.svg").is_file()


@pytest.mark.exe
def _built_in_figures() -> list[tuple[str, str]]:
    from mlsd_diagrams._load import builtin_ids

    return [(d, f.id) for d in builtin_ids() for f in load(d).figures]


@pytest.mark.exe
@pytest.mark.parametrize(("design_id", "figure_id"), _built_in_figures())
def test_every_built_in_figure_reads_on_a_slide(design_id: str, figure_id: str) -> None:
    from mlsd_diagrams.render import Format, figure_bytes, slide_figures

    figures = slide_figures(figure_bytes(load(design_id), figure_id, Format.SVG).decode())
    # SPEC's view and figure targets: names >= 12 pt, any text >= 9 pt, no crossings.
    assert figures.smallest_name_pt >= 12, figures
    assert figures.smallest_text_pt >= 9, figures
    assert figures.crossings == 0, figures


def test_practice_copies_number_a_figures_blocks_and_flashcards_ask_them() -> None:
    from mlsd_diagrams.study._flashcards import flashcards
    from mlsd_diagrams.study._mask import mask

    design = two_tower()
    practice, key = mask(design)
    [figure] = practice.figures
    assert [b.label for b in figure.blocks] == [str(n) for n in range(1, 8)]
    assert [b.shape for b in figure.blocks] == [b.shape for b in design.figures[0].blocks]
    assert all(k.label is None for k in figure.links)
    assert figure.groups[0].label == "Group 1"  # "User tower" names block 2
    assert figure.component is not None and practice.component(figure.component) is not None
    assert figure_codes(practice) == []
    assert "## Model figure: Two-tower" in key and "| 2 | User tower | `mlp` | B x 128 |" in key
    [card] = [c for c in flashcards(design) if c.kind == "figure"]
    assert 'src="t_masked.figure-two_tower.svg"' in card.front
    assert "<td>User tower</td><td>mlp</td><td>B x 128</td>" in card.back


@pytest.mark.exe
def test_figure_bytes_draws_one_figure_and_names_a_missing_one() -> None:
    from mlsd_diagrams.render import Format, figure_bytes

    svg = figure_bytes(two_tower(), "two_tower", Format.SVG).decode()
    assert svg.lstrip().startswith("<?xml") and "User tower" in svg
    with pytest.raises(KeyError, match="no figure `nope`"):
        figure_bytes(two_tower(), "nope", Format.SVG)


def test_the_readmes_figure_example_builds_and_validates() -> None:
    from .conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split("\n## Model figures\n", 1)[1].split("\n## ", 1)[0]
    code = part.split("```python\n", 1)[1].split("```", 1)[0]
    bp = mlsd.Blueprint("readme", "README")
    bp.add("retriever", "candidate_generation", "Retriever")
    exec(compile(code, "<README>", "exec"), {"bp": bp})
    design = bp.build()
    assert [f.id for f in design.figures] == ["two_tower"]
    assert figure_codes(design) == []
    assert "| F120 | error |" in text


@pytest.mark.slow
def test_mermaid_cli_and_the_d2_compiler_read_every_built_in_figure(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from mlsd_diagrams.render import Format as DiagramFormat

    from .conftest import ROOT

    node = ROOT / ".cache" / "node"
    mmdc = node / "node_modules" / ".bin" / "mmdc"
    if not mmdc.exists():
        pytest.fail("mmdc is missing; run `bash scripts/install-export-readers.sh`")
    pairs = [(load(d), f) for d, f in _built_in_figures()]
    blocks = [f"```mermaid\n{_figure_text(d, f, DiagramFormat.MERMAID)}```\n" for d, f in pairs]
    source = tmp_path / "all.md"
    source.write_text("\n".join(blocks), encoding="utf-8")
    args = [str(mmdc), "-i", str(source), "-o", str(tmp_path / "out.md")]
    args += ["-p", str(node / "puppeteer.json"), "-q"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    svgs = sorted(tmp_path.glob("out-*.svg"))
    assert len(svgs) == len(pairs)
    assert not any("Syntax error" in s.read_text(encoding="utf-8") for s in svgs)
    files = []
    for design, figure_id in pairs:
        path = tmp_path / f"{design.id}.{figure_id}.d2"
        path.write_text(_figure_text(design, figure_id, DiagramFormat.D2), encoding="utf-8")
        files.append(str(path))
    script = node / "d2_compile.mjs"
    shutil.copyfile(ROOT / "tests" / "readers" / "d2_compile.mjs", script)
    done = subprocess.run(
        ["node", str(script), *files], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # The reader prints "ok <file>" per file, then the shapes it placed (whose ids may hold "ok").
    assert sum(line.startswith("ok ") for line in done.stdout.splitlines()) == len(pairs)


@pytest.mark.exe
def test_drawio_and_excalidraw_exports_of_a_figure_carry_its_blocks(tmp_path: Path) -> None:
    from mlsd_diagrams.render import Format as DiagramFormat

    design = two_tower()
    drawio = _figure_text(design, "two_tower", DiagramFormat.DRAWIO)
    assert 'id="user_tower"' in drawio and "x3 \u00b7 B x 128" in drawio
    scene = json.loads(_figure_text(design, "two_tower", DiagramFormat.EXCALIDRAW))
    ids = {e["id"] for e in scene["elements"]}
    assert {"user_tower", "score", "loss"} <= ids
    with pytest.raises(KeyError, match="its figures: two_tower"):
        _figure_text(design, "nope", DiagramFormat.D2)


def _figure_text(design: mlsd.Design, figure_id: str, fmt: Any) -> str:
    from mlsd_diagrams.render import figure_bytes

    return figure_bytes(design, figure_id, fmt).decode("utf-8")


HOSTILE = '</script><script>alert(1)</script> %% "q" `b` $HOME'


def hostile_figure() -> mlsd.Design:
    bp = mlsd.Blueprint("h", "H")
    bp.add("retriever", "candidate_generation", "Retriever")
    fig = bp.figure("f", HOSTILE, component="retriever")
    with fig.group("g", HOSTILE):
        a = fig.add("a", "input", HOSTILE, shape=HOSTILE)
    b = fig.add("b", "mlp", HOSTILE, notes=HOSTILE)
    a >> fig.link(HOSTILE, shape=HOSTILE) >> b
    return bp.build()


@pytest.mark.exe
def test_hostile_words_in_a_figure_are_written_as_text_everywhere() -> None:
    from mlsd_diagrams.render import Format, figure_bytes
    from mlsd_diagrams.render import Format as DiagramFormat
    from mlsd_diagrams.study._card import card_markdown
    from mlsd_diagrams.study._card_html import card_html
    from mlsd_diagrams.study._svg import embed_figure_svg

    design = hostile_figure()
    svg = figure_bytes(design, "f", Format.SVG).decode()
    assert "<script" not in svg and "&lt;/script&gt;" in svg
    inline = embed_figure_svg(svg, design.figures[0])
    assert inline is not None and "<script" not in inline
    mermaid = _figure_text(design, "f", DiagramFormat.MERMAID)
    body = mermaid.split("---", 2)[2]  # the title is a JSON string in the front matter
    assert "<script" not in body and "%%" not in body
    d2 = _figure_text(design, "f", DiagramFormat.D2)
    assert '\\"q\\"' in d2 and "\\$HOME" in d2
    assert "<script" not in card_html(design) and "<script" not in card_markdown(design)
