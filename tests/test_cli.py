"""Every `mlsd` command and exit code, through Typer's runner and the installed script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlsd_diagrams._batch import MANIFEST_NAME
from mlsd_diagrams._load import builtin_ids, load, load_data
from mlsd_diagrams._model import Design
from mlsd_diagrams.cli import app

from .conftest import ROOT, one_line, run


def files(folder: Path) -> list[str]:
    """Names of the files in a folder, but for the up-to-date manifest; none if never made."""
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name != MANIFEST_NAME)


@pytest.fixture
def tiny_file(tmp_path: Path, tiny: Design) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(tiny.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path: Path, tiny: Design) -> Path:
    data = tiny.to_dict()
    data["flows"].append({"source": "user", "target": "ghost"})
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_no_command_shows_help() -> None:
    result = run()
    assert result.exit_code == 2 and "validate" in result.output


def test_list_text_and_json() -> None:
    text = run("list")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0].split() == ["ID", "COMP", "FLOWS", "VALID", "TITLE"]
    assert "ml_system_framework" in text.stdout
    rows = json.loads(run("list", "--json").stdout)
    assert [row["id"] for row in rows] == builtin_ids()
    framework = next(row for row in rows if row["id"] == "ml_system_framework")
    assert framework["valid"] is True and framework["components"] > 5


def test_validate_a_good_design(tiny_file: Path) -> None:
    result = run("validate", str(tiny_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok tiny")


def test_validate_a_builtin_design() -> None:
    result = run("validate", "ml_system_framework", "--strict")
    assert result.exit_code == 0, result.output
    # Clean under --strict: one line, the id, and no findings (no counts in brackets).
    assert result.stdout.splitlines() == ["ok ml_system_framework"]


def test_validate_an_invalid_design_exits_1(broken_file: Path, tiny_file: Path) -> None:
    result = run("validate", str(tiny_file), str(broken_file))
    assert result.exit_code == 1
    assert "FAIL tiny" in result.stdout and "E102" in result.stdout and "ghost" in result.stdout


def test_validate_json_output(broken_file: Path) -> None:
    result = run("validate", str(broken_file), "--format", "json")
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)
    assert report["design"] == "tiny" and report["ok"] is False
    assert "E102" in [f["code"] for f in report["findings"]]


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = tmp_path / "lonely.yaml"
    path.write_text(
        "id: lonely\ntitle: Lonely\ncomponents:\n  - {id: user, kind: client}\n", encoding="utf-8"
    )
    assert run("validate", str(path)).exit_code == 0
    strict = run("validate", "--strict", str(path))
    assert strict.exit_code == 1 and "W200" in strict.stdout


def test_validate_a_schema_misfit_exits_1_with_e100(tmp_path: Path, tiny: Design) -> None:
    data = tiny.to_dict()
    data["components"][0]["colour"] = "red"
    path = tmp_path / "misfit.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "E100" in result.stdout and "components[0].colour" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate"], "name at least one design"),
        (["validate", "ml_system_framwork"], "did you mean `ml_system_framework`"),
        (["validate", "missing.json"], "missing.json: no such file"),
        (["render", "ml_system_framwork"], "did you mean"),
        (["render", "ml_system_framework", "-f", "gif"], "--format: unknown value 'gif'"),
        (["render", "ml_system_framework", "--theme", "neon"], "--theme: unknown value 'neon'"),
        (["render", "ml_system_framework", "--icons", "x"], "--icons: unknown value 'x'"),
        (["export", "nope"], "unknown design `nope`"),
    ],
)
def test_bad_usage_exits_2_with_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in one_line(result)


def test_a_broken_module_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.py"
    path.write_text("design = (\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:1: syntax error" in one_line(result)


@pytest.mark.exe
def test_render_writes_the_requested_formats(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("render", str(tiny_file), "-f", "svg", "-f", "dot", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(out / "tiny.svg"), str(out / "tiny.dot")]
    assert files(out) == ["tiny.dot", "tiny.svg"]


@pytest.mark.exe
def test_render_defaults_to_png_and_svg(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("render", str(tiny_file), "-o", str(out), "--theme", "dark", "--icons", "boxes")
    assert result.exit_code == 0, result.output
    assert files(out) == ["tiny.png", "tiny.svg"]


@pytest.mark.exe  # without Graphviz, the environment error (exit 3) comes first
def test_render_an_invalid_design_exits_1_and_writes_nothing(
    broken_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("render", str(broken_file), "-o", str(out))
    assert result.exit_code == 1
    assert "E102" in result.stderr and "Traceback" not in result.output
    assert files(out) == []


def test_render_into_a_file_exits_3(tiny_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("keep me", encoding="utf-8")
    result = run("render", str(tiny_file), "-o", str(blocker))
    assert result.exit_code == 3
    assert "output folder is a file" in one_line(result)
    assert blocker.read_text(encoding="utf-8") == "keep me"


@pytest.mark.exe
def test_render_check(tiny_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = run("render", str(tiny_file), "--check", "-o", str(out))
    assert stale.exit_code == 1 and "tiny.png is out of date" in stale.stderr
    assert not out.exists()
    assert run("render", str(tiny_file), "-o", str(out)).exit_code == 0
    fresh = run("render", str(tiny_file), "--check", "-o", str(out))
    assert fresh.exit_code == 0 and "1 design(s) up to date" in fresh.stdout


def test_render_without_graphviz_exits_3(
    tiny_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("render", str(tiny_file), "-o", str(tmp_path / "out"))
    assert result.exit_code == 3
    assert "Graphviz is not installed" in one_line(result)
    assert files(tmp_path / "out") == []


def test_export_json_and_yaml_round_trip(tiny_file: Path, tiny: Design) -> None:
    as_json = run("export", str(tiny_file))
    assert as_json.exit_code == 0
    assert load_data(json.loads(as_json.stdout)) == tiny
    as_yaml = run("export", str(tiny_file), "--to", "yaml")
    assert as_yaml.exit_code == 0
    assert load_data(yaml.safe_load(as_yaml.stdout)) == tiny


def test_export_an_invalid_design_exits_1(broken_file: Path) -> None:
    result = run("export", str(broken_file))
    assert result.exit_code == 1 and result.stdout == ""
    assert "E102" in result.stderr


def test_export_a_bad_format_exits_2() -> None:
    result = run("export", "ml_system_framework", "--to", "xml")
    assert result.exit_code == 2 and result.stdout == ""
    # One line naming the option, the bad value and the choices.
    assert "--to: unknown value 'xml'" in result.stderr and "json" in result.stderr


def test_export_to_py_rebuilds_an_equal_design(tmp_path: Path) -> None:
    result = run("export", "ml_system_framework", "--to", "py")
    assert result.exit_code == 0, result.output
    # one import line, or one name a line when the names would pass 100 characters
    assert re.search(r"from mlsd_diagrams import \(?\s*Blueprint,", result.stdout)
    module = tmp_path / "framework_copy.py"
    module.write_text(result.stdout, encoding="utf-8")
    assert load(module) == load("ml_system_framework")


@pytest.mark.exe
def test_the_installed_script_works_outside_the_checkout(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "mlsd"
    assert script.is_file()
    env = {**os.environ, "PYTHONPATH": ""}
    out = tmp_path / "out"

    def mlsd(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )

    rendered = mlsd("render", "ml_system_framework", "-f", "png", "-f", "svg", "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    assert files(out) == [
        "ml_system_framework.png",
        "ml_system_framework.svg",
    ]
    assert (out / "ml_system_framework.png").read_bytes().startswith(b"\x89PNG")
    exported = mlsd("export", "ml_system_framework", "--to", "json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["id"] == "ml_system_framework"
    listed = mlsd("list")
    assert listed.returncode == 0 and "ml_system_framework" in listed.stdout
    unknown = mlsd("render", "nope", "-o", str(out))
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert not (tmp_path / "output").exists()
    assert ROOT not in Path(tmp_path).parents


def test_control_characters_in_a_message_stay_escaped_on_one_line() -> None:
    line = one_line(run("validate", "bad\nname\x1b[2J\u202e"))
    assert "bad\\nname\\x1b[2J\\u202e" in line


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    line = one_line(run("watch", str(tmp_path / "no\nfile.py")))
    assert "no\\nfile.py: no such file" in line


def installed(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    script = Path(sys.executable).parent / "mlsd"
    return subprocess.Popen(
        [str(script), *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def long_design_file(folder: Path) -> Path:
    """A design whose export is far larger than a pipe's buffer."""
    data = {
        "id": "long",
        "title": "Long",
        "components": [{"id": f"c{i}", "kind": "app_service"} for i in range(2000)],
    }
    path = folder / "long.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_exits_3(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "mlsd"
    for args in (["export", "ml_system_framework"], ["list", "--json"]):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [str(script), *args], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, timeout=60
            )
        assert done.returncode == 3
        assert done.stderr.decode().splitlines() == [
            "mlsd: writing to standard output failed (No space left on device); check the disk"
        ]


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    process = installed("export", str(long_design_file(tmp_path)), cwd=tmp_path)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the export is written: every write meets a closed pipe
    errors = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert errors == b""


def test_an_unknown_key_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"id": "k", "title": "t", "bad\nkey\x1b[2J": 1}), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "['bad\\nkey\\x1b[2J']: unknown field" in result.stdout
    assert "\x1b" not in result.output


_WORDS = [
    "ml_system_framework", "nope", "tiny.json", "broken.json", "bad.yaml", "designs_dir",
    "--strict", "--format", "json", "text", "-f", "svg", "dot", "gif", "-o", "out", "--theme",
    "dark", "neon", "--icons", "boxes", "--to", "yaml", "xml", "--check", "--json", "", "-",
    "--dpi", "0", "-j", "2", "--frames", "--mask", "--force", "my_design", "--dir",
]  # fmt: skip


@pytest.mark.exe
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    command=st.sampled_from(["list", "validate", "rules", "render", "export", "card", "new"]),
    args=st.lists(st.sampled_from(_WORDS), max_size=5),
)
def test_any_command_line_ends_in_a_known_exit_code(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    tiny: Design,
    command: str,
    args: list[str],
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    (folder / "tiny.json").write_text(tiny.to_json(), encoding="utf-8")
    broken = tiny.to_dict()
    broken["flows"].append({"source": "user", "target": "ghost"})
    (folder / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    (folder / "designs_dir").mkdir()
    (folder / "designs_dir" / "tiny.json").write_text(tiny.to_json(), encoding="utf-8")
    monkeypatch.chdir(folder)  # default output folders land here, never in the checkout
    result = CliRunner().invoke(app, [command, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2, 3), result.output
    assert "Traceback" not in result.output


def test_standard_output_that_cannot_encode_the_text_exits_3(tmp_path: Path) -> None:
    source = tmp_path / "emoji.json"
    data = {"id": "emoji", "title": "Rocket 🚀", "components": [{"id": "user", "kind": "client"}]}
    source.write_text(json.dumps(data), encoding="utf-8")
    script = Path(sys.executable).parent / "mlsd"
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [str(script), "export", str(source)], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 3
    assert done.stderr.decode().splitlines() == [
        "mlsd: standard output is ascii and cannot show this text; set PYTHONIOENCODING=utf-8"
    ]


@pytest.mark.parametrize("command", ["export", "render", "card"])
def test_a_schema_misfit_is_one_line_naming_file_line_and_field(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # were anything written, it would land here
    path = tmp_path / "misfit.yaml"
    path.write_text(
        "id: m\ntitle: M\ncomponents:\n  - id: user\n    kind: clientt\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, [command, str(path)])
    assert result.exit_code == 1
    line = one_line(result)
    # The field path once, where the message starts with it.
    assert line.startswith(f"mlsd: {path}:5: error E100: components[0].kind: unknown")
    assert line.count("components[0].kind") == 1
    assert "did you mean `client`?" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["misfit.yaml"]
