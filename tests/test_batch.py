"""Batch rendering: the up-to-date check is correct before it is fast, parallel equals serial."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsd_diagrams import _batch as batch
from mlsd_diagrams._batch import MANIFEST_NAME, render_many
from mlsd_diagrams._model import Design
from mlsd_diagrams.cli import app
from mlsd_diagrams.render import Format, RenderOptions, ThemeName

from .conftest import small_design

pytestmark = pytest.mark.exe

SVG_ONLY = RenderOptions(formats=(Format.SVG,))


def skipped(outcomes: list[batch.BatchOutcome]) -> list[bool]:
    return [o.skipped for o in outcomes]


def test_unchanged_design_is_skipped(tmp_path: Path, tiny: Design) -> None:
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [False]
    svg = tmp_path / "tiny.svg"
    before = svg.stat().st_mtime_ns
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [True]
    assert svg.stat().st_mtime_ns == before
    assert (tmp_path / MANIFEST_NAME).is_file()


def test_changed_design_is_rendered_again(tmp_path: Path, tiny: Design) -> None:
    render_many([tiny], tmp_path, SVG_ONLY)
    retitled = tiny.model_copy(update={"title": "Renamed system"})
    assert skipped(render_many([retitled], tmp_path, SVG_ONLY)) == [False]
    assert "Renamed system" in (tmp_path / "tiny.svg").read_text(encoding="utf-8")


def test_changed_option_is_rendered_again(tmp_path: Path, tiny: Design) -> None:
    render_many([tiny], tmp_path, SVG_ONLY)
    dark = RenderOptions(formats=(Format.SVG,), theme=ThemeName.DARK)
    assert skipped(render_many([tiny], tmp_path, dark)) == [False]


def test_new_renderer_or_graphviz_version_renders_again(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    render_many([tiny], tmp_path, SVG_ONLY)
    monkeypatch.setattr(batch, "_renderer_digest", lambda: "another renderer")
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [False]
    monkeypatch.setattr(batch, "graphviz_version", lambda: "99.0.0")
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [False]
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [True]


def test_deleted_or_edited_output_is_made_again(tmp_path: Path, tiny: Design) -> None:
    render_many([tiny], tmp_path, SVG_ONLY)
    svg = tmp_path / "tiny.svg"
    good = svg.read_bytes()
    svg.unlink()
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [False]
    assert svg.read_bytes() == good
    svg.write_text("<svg/>", encoding="utf-8")
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [False]
    assert svg.read_bytes() == good


def test_force_renders_anyway(tmp_path: Path, tiny: Design) -> None:
    render_many([tiny], tmp_path, SVG_ONLY)
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY, force=True)) == [False]


def test_damaged_manifest_costs_only_a_render(tmp_path: Path, tiny: Design) -> None:
    render_many([tiny], tmp_path, SVG_ONLY)
    (tmp_path / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [False]
    assert skipped(render_many([tiny], tmp_path, SVG_ONLY)) == [True]


def test_parallel_renders_equal_serial_ones(tmp_path: Path) -> None:
    designs = [small_design(f"tiny_{n}") for n in range(4)]
    options = RenderOptions(formats=(Format.PNG, Format.SVG))
    render_many(designs, tmp_path / "serial", options, jobs=1)
    outcomes = render_many(designs, tmp_path / "parallel", options, jobs=4)
    assert [o.design_id for o in outcomes] == [d.id for d in designs]
    for design in designs:
        for fmt in ("png", "svg"):
            name = f"{design.id}.{fmt}"
            serial = (tmp_path / "serial" / name).read_bytes()
            assert (tmp_path / "parallel" / name).read_bytes() == serial


def test_cli_says_what_was_skipped(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["render", "ml_system_framework", "-f", "svg", "-o", str(tmp_path)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, args)
    assert second.exit_code == 0
    assert "ml_system_framework: up to date, skipped" in second.output
    forced = runner.invoke(app, [*args, "--force"])
    assert "up to date" not in forced.output


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["list"], ["validate", "ml_system_framework"]],
    ids=["help", "list", "validate"],
)
def test_commands_that_draw_nothing_do_not_import_the_rendering_stack(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from mlsd_diagrams.cli import app\n"
        f"try:\n    app({argv!r})\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('diagrams', 'graphviz', 'mlsd_diagrams.render') "
        "if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert "HEAVY []" in completed.stdout, completed.stdout + completed.stderr


def test_an_invalid_design_is_refused_before_graphviz_is_asked(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tiny.model_copy(
        update={"flows": [*tiny.flows, tiny.flows[0].model_copy(update={"target": "nowhere"})]}
    )
    source = tmp_path / "broken.json"
    source.write_text(broken.to_json(), encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    batch.graphviz_version.cache_clear()
    try:
        result = CliRunner().invoke(app, ["render", str(source), "-o", str(tmp_path / "out")])
    finally:
        batch.graphviz_version.cache_clear()
    assert result.exit_code == 1, result.output
    assert "E102" in result.output
    assert not (tmp_path / "out").exists()


def test_two_designs_with_one_id_are_refused(tmp_path: Path, tiny: Design) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(tiny.to_json(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["render", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "two designs have the id `tiny`" in result.output
    assert not out.exists()
