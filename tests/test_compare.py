"""`mlsd compare`: the operational-debt matrix computed from graphs, its formats and files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pydantic import ValidationError

from mlsd_diagrams import DebtRow, Design
from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams.compose import Blueprint, link, module_source
from mlsd_diagrams.study import (
    Comparison,
    card_markdown,
    compare,
    compare_html,
    compare_json,
    compare_markdown,
    compare_svg,
    compare_text,
    comparison_of,
)

from .conftest import ROOT, one_line, run, small_design

ROW_IDS = [
    "components",
    "stores",
    "batch_jobs",
    "stream_jobs",
    "duplicated_paths",
    "technologies",
    "on_call",
    "request_latency_ms",
    "sla_ms",
    "freshness",
    "reprocessing",
    "models",
    "findings",
]


@pytest.fixture(scope="module")
def lambda_kappa() -> Comparison:
    return compare([load("lambda_architecture"), load("kappa_architecture")])


def values(comparison: Comparison) -> dict[str, tuple[object, ...]]:
    return {row.id: row.values for row in comparison.rows}


def test_lambda_duplicates_its_logic_and_kappa_runs_one_path(lambda_kappa: Comparison) -> None:
    got = values(lambda_kappa)
    assert got["duplicated_paths"] == (1, 0)
    assert got["batch_jobs"] == (1, 0)
    assert got["stream_jobs"] == (1, 2)  # Kappa's replay is a second instance of one job
    assert got["technologies"] == (6, 3)
    assert got["stores"] == (4, 3)
    assert got["freshness"] == ("offline", "nearline")
    assert got["reprocessing"] == ("re-run a batch job", "replay the log")
    assert got["request_latency_ms"] == (27, 27)
    assert got["sla_ms"] == (100, 100)
    assert got["models"] == (0, 0)
    assert got["findings"] == (0, 0)
    row = next(r for r in lambda_kappa.rows if r.id == "duplicated_paths")
    assert row.details[0] == "batch_compute and stream_compute from event_log"
    assert row.best() == {1}


def test_the_json_has_the_spec_shape_and_the_declared_rows_last(lambda_kappa: Comparison) -> None:
    data = json.loads(compare_json(lambda_kappa))
    assert data["designs"] == ["lambda_architecture", "kappa_architecture"]
    ids = [row["id"] for row in data["rows"]]
    assert ids[: len(ROW_IDS)] == ROW_IDS
    assert ids[len(ROW_IDS) :] == ["run_cost", "code_bases", "engineers", "change_logic"]
    for row in data["rows"]:
        assert {"id", "label", "values", "better", "declared"} <= set(row)
        assert len(row["values"]) == 2
        assert row["declared"] is (row["id"] not in ROW_IDS)
        assert row["better"] in ("lower", "higher", None)
    engineers = next(row for row in data["rows"] if row["id"] == "engineers")
    assert engineers["values"] == ["~2x", "~1x"]
    assert next(r for r in data["rows"] if r["id"] == "sla_ms")["better"] is None


def stream_and_batch(same_kind: bool) -> Design:
    """Events reach one feature store twice: by a batch job and a stream job (Lambda in an ML
    platform), or, with `same_kind`, by two instances of one stream job."""
    bp = Blueprint("features_twice", "Features twice", sla_ms=100)
    user = bp.add("user", "client", "User")
    model = bp.add("model", "model_serving", "Model", latency_ms=20)
    store = bp.add("store", "feature_store", "Features", latency_ms=5, tech="Redis")
    log = bp.add("log", "message_queue", "Events", tech="Kafka")
    fast = bp.add("fast", "stream_processor", "Streaming features", tech="Flink")
    if same_kind:
        slow = bp.add("slow", "stream_processor", "Streaming features (backfill)", tech="Flink")
    else:
        slow = bp.add("slow", "batch_pipeline", "Batch features", tech="Spark")
    user >> link(latency_ms=10) >> model >> link(latency_ms=2) >> store
    log >> link("async") >> fast >> link("async") >> store
    log >> link("batch") >> slow >> link("batch") >> store
    return bp.build()


def test_a_batch_and_a_stream_job_into_one_store_count_as_one_duplicated_path() -> None:
    replayed = stream_and_batch(True).model_copy(update={"id": "replayed"})
    got = values(compare([stream_and_batch(False), replayed]))
    assert got["duplicated_paths"] == (1, 0)
    assert got["batch_jobs"] == (1, 0)
    assert got["technologies"] == (4, 3)
    assert got["request_latency_ms"] == (37, 37)
    assert got["freshness"] == ("offline", "nearline")


def test_a_design_without_a_request_path_or_fed_stores_shows_dashes() -> None:
    bp = Blueprint("offline_only", "Offline only")
    lake = bp.add("lake", "data_lake", "Lake")
    job = bp.add("job", "batch_pipeline", "Job")
    lake >> link("batch") >> job
    comparison = compare([bp.build(), small_design()])
    got = values(comparison)
    assert got["request_latency_ms"][0] is None
    assert got["freshness"][0] is None
    text = compare_text(comparison)
    latency = next(line for line in text.splitlines() if line.startswith("Slowest request"))
    assert latency.split()[4] == "—"


def test_three_designs_give_three_columns_and_best_marks_only_where_values_differ() -> None:
    designs = [load(i) for i in ("lambda_architecture", "kappa_architecture", "visual_search")]
    comparison = compare(designs)
    assert all(len(row.values) == 3 for row in comparison.rows)
    latency = next(r for r in comparison.rows if r.id == "sla_ms")
    assert latency.best() == set()  # no direction
    findings = next(r for r in comparison.rows if r.id == "findings")
    assert findings.values == (0, 0, 0) and findings.best() == set()
    text = compare_text(comparison)
    assert "Operational debt: lambda_architecture vs kappa_architecture vs visual_search" in text
    assert next(line for line in text.splitlines() if line.startswith("Batch jobs")).count("*") == 1


def test_declared_rows_line_up_by_id_and_a_missing_one_is_empty() -> None:
    a = small_design("a").model_copy(
        update={"debt": [DebtRow(id="cost", label="Cost", value="$10k/month", better="lower")]}
    )
    b = small_design("b").model_copy(
        update={"debt": [DebtRow(id="people", label="People", value="3 engineers")]}
    )
    rows = {r.id: r for r in compare([a, b]).rows if r.declared}
    assert rows["cost"].values == ("$10k/month", None)
    assert rows["people"].values == (None, "3 engineers")
    assert rows["cost"].best() == set()  # written text is shown, never ranked


def test_compare_with_must_name_others_and_debt_ids_differ() -> None:
    design = small_design("a")
    with pytest.raises(ValidationError, match="compare_with names the design itself"):
        Design.model_validate(design.to_dict() | {"compare_with": ["a"]})
    row = {"id": "cost", "label": "Cost", "value": "1"}
    with pytest.raises(ValidationError, match="two debt rows share the id `cost`"):
        Design.model_validate(design.to_dict() | {"debt": [row, row]})
    with pytest.raises(ValidationError, match="better"):
        Design.model_validate(design.to_dict() | {"debt": [row | {"better": "smaller"}]})


def test_compare_with_and_debt_round_trip_through_json_yaml_and_the_module() -> None:
    design = load("lambda_architecture")
    assert design.compare_with == ["kappa_architecture"]
    assert Design.model_validate_json(design.to_json()) == design
    source = module_source(design)
    assert 'bp.compare_with = ["kappa_architecture"]' in source and "DebtRow(" in source
    namespace: dict[str, object] = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    build = namespace["build"]
    assert callable(build) and build() == design


def test_the_card_and_the_explorer_section_show_the_matrix_of_compare_with() -> None:
    lam, kap = load("lambda_architecture"), load("kappa_architecture")
    matrix = comparison_of(lam, {kap.id: kap})
    assert matrix is not None and matrix.designs == (lam.id, kap.id)
    assert comparison_of(lam, {}) is None
    card = card_markdown(lam, "x.svg", matrix)
    section = card.split("## Operational debt: Lambda Architecture vs Kappa Architecture")[1]
    assert "| Duplicated logic paths | 1 (batch_compute and stream_compute" in section
    assert (
        card.index("## Trade-offs")
        < card.index("## Operational debt")
        < card.index("## Failure modes")
    )
    assert "Operational debt" not in card_markdown(lam, "x.svg")
    page = compare_html(matrix)
    assert '<tr data-row="duplicated_paths">' in page and 'class="best">0' in page


def test_every_word_is_escaped_in_the_svg_and_html() -> None:
    hostile = "<script>alert(1)</script> & |pipe|"
    a = small_design("a").model_copy(
        update={"title": hostile, "debt": [DebtRow(id="cost", label=hostile, value=hostile)]}
    )
    comparison = compare([a, small_design("b")])
    svg = compare_svg(comparison)
    ET.fromstring(svg)  # well-formed XML whatever the words
    assert "<script>" not in svg and "<script>" not in compare_html(comparison)
    markdown = compare_markdown(comparison)
    assert "<script>" not in markdown and "\\|pipe\\|" in markdown


def test_cli_compare_prints_text_json_and_markdown_and_writes_the_slide(tmp_path: Path) -> None:
    pair = ("lambda_architecture", "kappa_architecture")
    text = run("compare", *pair)
    assert text.exit_code == 0, text.output
    assert "Duplicated logic paths" in text.stdout
    as_json = run("compare", *pair, "--format", "json")
    assert json.loads(as_json.stdout)["designs"] == list(pair)
    markdown = run("compare", *pair, "--format", "markdown", "-o", str(tmp_path / "out"))
    assert markdown.exit_code == 0 and markdown.stdout.startswith("# Operational debt")
    stem = tmp_path / "out" / "lambda_architecture-vs-kappa_architecture"
    assert stem.with_suffix(".md").read_text(encoding="utf-8") == markdown.stdout
    ET.fromstring(stem.with_suffix(".svg").read_text(encoding="utf-8"))
    assert f"wrote {stem}.svg" in markdown.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lambda_architecture",), "name at least two designs to compare"),
        (("lambda_architecture", "nope"), "unknown design `nope`"),
        (("lambda_architecture", "lambda_architecture"), "`lambda_architecture` is named twice"),
    ],
)
def test_cli_compare_rejects_bad_input_in_one_line(args: tuple[str, ...], message: str) -> None:
    result = run("compare", *args)
    assert result.exit_code == 2
    assert message in one_line(result)


def test_cli_card_names_the_design_whose_compare_with_loads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    data = small_design("mine").to_dict() | {"compare_with": ["no_such_design"]}
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("card", str(path))
    assert result.exit_code == 2
    line = one_line(result)
    assert "`mine` names `no_such_design` in compare_with" in line


def test_cli_card_of_lambda_shows_the_matrix_with_kappa() -> None:
    result = run("card", "lambda_architecture")
    assert result.exit_code == 0
    assert "## Operational debt: Lambda Architecture vs Kappa Architecture" in result.stdout


def test_the_readme_shows_the_real_lambda_kappa_matrix() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ mlsd compare lambda_architecture kappa_architecture\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    assert shown == run("compare", "lambda_architecture", "kappa_architecture").stdout


class _Published:
    """Stands in for the preview server: keeps the last page published."""

    next_version = 1
    page = ""

    def publish(self, page: str) -> None:
        self.page = page


def test_the_live_page_shows_the_matrix_and_names_a_partner_that_loads_nothing() -> None:
    from mlsd_diagrams.cli._preview import LivePage

    preview = _Published()
    live = LivePage(preview, "lambda")  # type: ignore[arg-type]
    live.show([], load("lambda_architecture"), None)
    assert '<tr data-row="duplicated_paths">' in preview.page
    broken = load("lambda_architecture").model_copy(update={"compare_with": ["nope"]})
    live.show([], broken, None)
    assert "`lambda_architecture` names `nope` in compare_with" in preview.page
    assert 'id="problems"' in preview.page
    assert '<tr data-row="duplicated_paths">' not in preview.page


def test_built_in_designs_compare_with_built_ins_that_compare_back() -> None:
    designs = {i: load(i) for i in builtin_ids()}
    pairs = {(d.id, other) for d in designs.values() for other in d.compare_with}
    assert ("lambda_architecture", "kappa_architecture") in pairs
    assert len(pairs) >= 8  # Lambda/Kappa and three more pairs the books contrast
    for mine, other in pairs:
        assert other in designs, (mine, other)
        assert (other, mine) in pairs, f"{other} does not compare back with {mine}"


def test_cli_compare_says_in_one_line_when_the_folder_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")
    result = run("compare", "lambda_architecture", "kappa_architecture", "-o", str(blocker / "x"))
    assert result.exit_code == 3
    assert "cannot write it" in one_line(result)
