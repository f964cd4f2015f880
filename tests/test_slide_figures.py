"""Every built-in design, and every view and model figure of it, measured by `mlsd inspect` on
fresh drawings, as a presenter would check a design of their own: the slide figures each must
keep, and SPEC's layout-quality rows held to a ratchet (no drawing may miss more than the
committed baseline says; `scripts/inspect_figures.py` refreshes it)."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType
from typing import Any

import pytest

import mlsd_diagrams as mlsd
from mlsd_diagrams._load import builtin_ids
from mlsd_diagrams.render import views_of

from .conftest import ROOT

pytestmark = pytest.mark.exe

Report = tuple[int, list[dict[str, Any]]]


def _script() -> ModuleType:
    """scripts/inspect_figures.py, which writes the baseline and the README's table."""
    spec = importlib.util.spec_from_file_location(
        "inspect_figures", ROOT / "scripts" / "inspect_figures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_design_and_view_is_reported(inspect_report: Report) -> None:
    _, rows = inspect_report
    drawn = {row["drawing"] for row in rows}
    for design_id in builtin_ids():
        design = mlsd.load(design_id)
        expected = {design_id} | {f"{design_id}.view-{v.id}" for v in views_of(design)}
        assert expected <= drawn, sorted(expected - drawn)


def test_whole_diagrams_keep_the_slide_figures(inspect_report: Report) -> None:
    _, rows = inspect_report
    whole = [r for r in rows if r["kind"] == "whole"]
    assert len(whole) == len(builtin_ids())
    # The second release's figures, written out here so that no change to the targets in the
    # code loosens them; the third release's (names >= 10, text >= 8) are in the ratchet.
    for row in whole:
        assert 1.2 <= row["aspect"] <= 2.4, row
        assert row["smallest_name_pt"] >= 9, row
        assert row["smallest_text_pt"] >= 7, row


def test_every_view_keeps_the_view_figures(inspect_report: Report) -> None:
    _, rows = inspect_report
    views = [r for r in rows if r["kind"] == "view"]
    assert views
    for row in views:
        assert 1.2 <= row["aspect"] <= 2.4, row
        assert row["smallest_name_pt"] >= 12, row
        assert row["smallest_text_pt"] >= 9, row


def test_every_model_figure_keeps_the_figure_figures(inspect_report: Report) -> None:
    _, rows = inspect_report
    figures = [r for r in rows if r["kind"] == "figure"]
    expected = {f"{d}.figure-{f.id}" for d in builtin_ids() for f in mlsd.load(d).figures}
    assert {r["drawing"] for r in figures} == expected and len(expected) >= 25
    for row in figures:
        assert row["smallest_name_pt"] >= 12, row
        assert row["smallest_text_pt"] >= 9, row
        assert row["crossings"] == 0, row


def test_no_drawing_misses_more_than_its_baseline(inspect_report: Report) -> None:
    """The ratchet. When a layout change lowers a count, run
    `.venv/bin/python scripts/inspect_figures.py --baseline` and commit the file, so that the
    count cannot rise again; a new drawing needs its line there too."""
    _, rows = inspect_report
    baseline = json.loads((ROOT / "tests" / "layout_quality_baseline.json").read_text())
    allowed = baseline["drawings"]
    unknown = [r["drawing"] for r in rows if r["drawing"] not in allowed]
    assert not unknown, f"not in the baseline (refresh it): {unknown}"
    worse = []
    for row in rows:
        for key, words in row["misses"].items():
            if len(words) > allowed[row["drawing"]].get(key, 0):
                limit = allowed[row["drawing"]].get(key, 0)
                worse.append(f"{row['drawing']} {key}: {len(words)} > {limit}: {words}")
    assert not worse, "\n".join(worse)


def test_check_fails_exactly_when_a_drawing_misses(inspect_report: Report) -> None:
    exit_code, rows = inspect_report
    whole = [r for r in rows if r["kind"] == "whole"]
    average = sum(r["crossings"] for r in whole) / len(whole)
    assert exit_code == (1 if any(r["misses"] for r in rows) or average > 0.5 else 0)


def test_the_readme_table_is_what_inspect_reports(inspect_report: Report) -> None:
    _, rows = inspect_report
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index(script.TABLE_START) : readme.index(script.TABLE_END)]
    expected = script.readme_table(rows)
    stale = "README's inspect table is stale; run `python scripts/inspect_figures.py --readme`"
    assert table.strip() == f"{script.TABLE_START}\n{expected}".strip(), stale
