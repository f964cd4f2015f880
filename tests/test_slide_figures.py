"""Every built-in design, and every view of it, reads on a 16:9 slide: SPEC's figures, measured
by `mlsd inspect` on fresh drawings, as a presenter would check a design of their own."""

from __future__ import annotations

import json
from typing import Any

import pytest

import mlsd_diagrams as mlsd
from mlsd_diagrams._load import builtin_ids
from mlsd_diagrams.render import views_of

from .conftest import ROOT, run

pytestmark = pytest.mark.exe


@pytest.fixture(scope="module")
def report() -> tuple[int, list[dict[str, Any]]]:
    result = run("inspect", "--all", "--check", "--format", "json")
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return result.exit_code, rows


def test_every_design_and_view_is_reported(report: tuple[int, list[dict[str, Any]]]) -> None:
    _, rows = report
    drawn = {row["drawing"] for row in rows}
    for design_id in builtin_ids():
        design = mlsd.load(design_id)
        expected = {design_id} | {f"{design_id}.view-{v.id}" for v in views_of(design)}
        assert expected <= drawn, sorted(expected - drawn)


def test_whole_diagrams_meet_the_slide_figures(report: tuple[int, list[dict[str, Any]]]) -> None:
    _, rows = report
    whole = [r for r in rows if r["drawing"] == r["design"]]
    assert len(whole) == len(builtin_ids())
    # SPEC's figures, written out here so that no change to the targets in the code loosens them.
    for row in whole:
        assert 1.2 <= row["aspect"] <= 2.4, row
        assert row["smallest_name_pt"] >= 9, row
        assert row["smallest_text_pt"] >= 7, row
        assert row["misses"] == [], row
    crossings = sum(r["crossings"] for r in whole)
    assert crossings <= len(whole), f"{crossings} crossings over {len(whole)} designs"


def test_every_view_meets_the_view_figures(report: tuple[int, list[dict[str, Any]]]) -> None:
    _, rows = report
    views = [r for r in rows if ".view-" in r["drawing"]]
    assert views
    for row in views:
        assert 1.2 <= row["aspect"] <= 2.4, row
        assert row["smallest_name_pt"] >= 12, row
        assert row["smallest_text_pt"] >= 9, row
        assert row["crossings"] <= 1, row
        assert row["misses"] == [], row


def test_every_model_figure_meets_the_figure_figures(
    report: tuple[int, list[dict[str, Any]]],
) -> None:
    _, rows = report
    figures = [r for r in rows if ".figure-" in r["drawing"]]
    expected = {f"{d}.figure-{f.id}" for d in builtin_ids() for f in mlsd.load(d).figures}
    assert {r["drawing"] for r in figures} == expected and len(expected) >= 25
    for row in figures:
        assert row["smallest_name_pt"] >= 12, row
        assert row["smallest_text_pt"] >= 9, row
        assert row["crossings"] == 0, row
        assert row["misses"] == [], row


def test_inspect_check_passes_on_the_built_in_designs(
    report: tuple[int, list[dict[str, Any]]],
) -> None:
    exit_code, _ = report
    assert exit_code == 0


def test_the_readme_table_is_what_inspect_reports(
    report: tuple[int, list[dict[str, Any]]],
) -> None:
    _, rows = report
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for row in rows:
        if row["drawing"] != row["design"]:
            continue
        line = (
            f"| {row['design']} | {row['width_pt']:.0f}x{row['height_pt']:.0f} | {row['aspect']} "
            f"| {row['smallest_name_pt']} | {row['smallest_text_pt']} | {row['crossings']} "
            f"| {row['nodes']} | {row['edges']} |"
        )
        assert line in readme, f"README's slide table is stale; `mlsd inspect --all` gives {line}"
