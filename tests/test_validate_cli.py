"""`mlsd validate` and `mlsd rules`: exit codes, both output formats, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mlsd_diagrams.cli import app
from mlsd_diagrams.rules import rule_table

from .conftest import small_design

runner = CliRunner()


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def tiny_data(**changes: Any) -> dict[str, Any]:
    data = small_design().to_dict()
    data.update(changes)
    return data


def without_flow(data: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    flows = [f for f in data["flows"] if (f["source"], f["target"]) != (source, target)]
    return {**data, "flows": flows}


def test_valid_design_exits_0(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(write_json(tmp_path / "tiny.json", tiny_data()))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok")
    assert "tiny" in result.output


def test_design_with_errors_exits_1_and_names_the_rule_and_fix(tmp_path: Path) -> None:
    path = write_json(tmp_path / "t.json", without_flow(tiny_data(), "registry", "model"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "FAIL tiny (1 error)" in result.output
    assert "error E130" in result.output
    assert "hint: add a `deploy` flow from `registry` to `model`" in result.output


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    path = write_json(tmp_path / "t.json", without_flow(tiny_data(), "model", "monitor"))
    relaxed = runner.invoke(app, ["validate", str(path)])
    assert relaxed.exit_code == 0, relaxed.output
    assert "warning W210" in relaxed.output
    strict = runner.invoke(app, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    assert strict.output.startswith("FAIL")


def test_json_format_lists_each_design(tmp_path: Path) -> None:
    good = write_json(tmp_path / "a.json", tiny_data(id="good"))
    bad = write_json(tmp_path / "b.json", tiny_data(id="bad", sla_ms=30))
    result = runner.invoke(app, ["validate", "--format", "json", str(good), str(bad)])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert [(r["design"], r["ok"]) for r in payload] == [("good", True), ("bad", False)]
    assert payload[0]["findings"] == []
    [finding] = payload[1]["findings"]
    assert finding["code"] == "E121"
    assert finding["severity"] == "error"
    assert set(finding) == {"code", "severity", "message", "subject", "hint", "line"}


def test_folder_target_validates_every_file_and_sums_up(tmp_path: Path) -> None:
    write_json(tmp_path / "one.json", tiny_data(id="one"))
    (tmp_path / "two.yaml").write_text(small_design("two").to_yaml(), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "ok one" in result.output and "ok two" in result.output
    assert "2 designs checked, 0 failed" in result.output


def test_schema_error_names_field_line_and_closest_kind(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    text = small_design().to_yaml().replace("kind: model_registry", "kind: model_registy")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  kind: model_registy") + 1
    result = runner.invoke(app, ["validate", "--format", "json", str(path)])
    assert result.exit_code == 1
    [report] = json.loads(result.output)
    [finding] = report["findings"]
    assert finding["code"] == "E100"
    assert finding["subject"] == "components[5].kind"
    assert finding["line"] == line
    assert "`model_registry`" in finding["hint"]
    text_result = runner.invoke(app, ["validate", str(path)])
    assert f"error E100 line {line}: components[5].kind: unknown component kind" in (
        text_result.output
    )


def test_schema_error_in_a_python_design_names_the_component_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_text(
        "from mlsd_diagrams.compose import Blueprint\n"
        "bp = Blueprint('bad', 'Bad')\n"
        "bp.add('user', 'client')\n"
        "bp.add('api', 'api_gatway')\n"
        "design = bp.build()\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "components[1].kind: unknown component kind 'api_gatway'" in result.output
    assert "did you mean `api_gateway`?" in result.output


def test_unknown_id_exits_2_with_one_line() -> None:
    result = runner.invoke(app, ["validate", "ml_system_framewrk"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "did you mean `ml_system_framework`?" in result.output


def test_unparsable_json_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "x",\n  "title": \n}\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:4:" in result.output
    assert "Traceback" not in result.output


def test_module_that_fails_to_import_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("x = 1\nraise RuntimeError('boom')\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2:" in result.output
    assert "RuntimeError: boom" in result.output


def test_no_target_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert "--all" in result.output


def test_all_builtin_designs_listed() -> None:
    result = runner.invoke(app, ["validate", "--all", "--format", "json"])
    names = [r["design"] for r in json.loads(result.output)]
    assert "ml_system_framework" in names


def test_colour_on_a_terminal_plain_when_piped(tmp_path: Path) -> None:
    path = write_json(tmp_path / "t.json", tiny_data(sla_ms=30))
    plain = runner.invoke(app, ["validate", str(path)])
    assert "\x1b[" not in plain.output
    coloured = runner.invoke(app, ["validate", str(path)], color=True)
    assert "\x1b[31m" in coloured.output  # red for the failing design and its error


def test_installed_entry_point_prints_plain_text_through_a_pipe(tmp_path: Path) -> None:
    path = write_json(tmp_path / "t.json", tiny_data(sla_ms=30))
    mlsd = Path(sys.executable).with_name("mlsd")
    done = subprocess.run(
        [str(mlsd), "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stdout.startswith("FAIL tiny (1 error)")
    assert "\x1b[" not in done.stdout


def test_render_refuses_an_invalid_design_and_keeps_earlier_output(tmp_path: Path) -> None:
    path = write_json(tmp_path / "t.json", without_flow(tiny_data(), "registry", "model"))
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "tiny.svg"
    earlier.write_text("<svg>earlier</svg>", encoding="utf-8")
    result = runner.invoke(app, ["render", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "E130" in result.output
    assert earlier.read_text(encoding="utf-8") == "<svg>earlier</svg>"
    assert sorted(p.name for p in out.iterdir()) == ["tiny.svg"]


def test_rules_command_prints_the_registry() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["CODE", "SEVERITY", "RULE"]
    assert [line.split()[0] for line in lines[1:]] == [r.code for r in rule_table()]
    assert lines[1].split()[:2] == ["E100", "error"]
    assert "E121  error    the slowest request path" in result.output
    assert "W230  warning  `sla_ms` is set" in result.output


def test_rules_command_as_json() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    rows = json.loads(result.output)
    assert {r["code"]: r["severity"] for r in rows}["W211"] == "warning"
    assert [r["code"] for r in rows] == [r.code for r in rule_table()]


def test_an_e100_line_names_its_field_path_once(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(
        '{"id": "bad", "title": "Bad", "components": [{"id": "a", "kind": "clientt"}]}',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["render", str(source), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.count("components[0].kind") == 1, line
