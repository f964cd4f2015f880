"""Hardening: hostile or odd inputs and outputs end in one clear error, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlsd_diagrams._documents import YAML_LOADER
from mlsd_diagrams._errors import InvalidDesignError, LoadError
from mlsd_diagrams._files import write_text
from mlsd_diagrams._load import expand, load, load_data
from mlsd_diagrams._model import Component, Design

from .conftest import ROOT, one_line, run

# --- YAML aliases ----------------------------------------------------------------------------


def billion_laughs(levels: int = 10, width: int = 9) -> str:
    """Anchors nested in anchors: a few hundred bytes that expand to `width ** levels` nodes."""
    lines = ["id: laughs", "title: Laughs", "a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        items = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def test_libyaml_loads_yaml_where_it_is_available() -> None:
    assert YAML_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def test_aliases_that_expand_past_the_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    with pytest.raises(InvalidDesignError) as caught:
        load(path)
    (finding,) = caught.value.findings
    assert finding.code == "E100" and finding.line == 11  # `a8`, the largest anchor repeated
    assert "more nodes (at most 100,000)" in finding.message
    assert "fewer aliases" in finding.hint
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("id: loop\ntitle: Loop\ncard:\n  requirements: &r [a, *r]\n", encoding="utf-8")
    with pytest.raises(InvalidDesignError) as caught:
        load(path)
    (finding,) = caught.value.findings
    assert finding.line == 4 and "an alias refers to its own anchor" in finding.message


def test_a_modest_alias_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "reuse.yaml"
    path.write_text(
        "id: reuse\ntitle: Reuse\ncard:\n  inputs: &io [query, user]\n  outputs: *io\n",
        encoding="utf-8",
    )
    design = load(path)
    assert design.card.inputs == design.card.outputs == ["query", "user"]


# --- numbers too long, documents too deep ----------------------------------------------------


def test_a_yaml_integer_too_large_for_any_field_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "hex.yaml"
    path.write_text("id: hex\ntitle: Hex\nsla_ms: 0x" + "1" * 5_000 + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"hex\.yaml:3:9: invalid YAML: the number 0x1+\.\.\. is"):
        load(path)
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert "too large" in one_line(result)


def test_data_with_an_integer_too_long_to_print_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="<data>: Exceeds the limit"):
        load_data({"id": "big", "title": "Big", "sla_ms": 16**5_000})


def test_json_nested_500_deep_is_an_e100_finding_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"id": "deep", "title": "Deep",\n "card": ' + "[" * 500 + "]" * 500 + "}")
    with pytest.raises(InvalidDesignError) as caught:
        load(path)
    (finding,) = caught.value.findings
    assert finding.subject == "card" and finding.line == 2


# --- design modules ----------------------------------------------------------------------------


def test_what_a_module_prints_goes_to_stderr_not_into_the_export(tmp_path: Path) -> None:
    module = tmp_path / "chatty.py"
    module.write_text(
        "from mlsd_diagrams import Blueprint\n"
        "print('importing chatty')\n"
        "def build():\n"
        "    print('building chatty')\n"
        "    return Blueprint('chatty', 'Chatty').build()\n",
        encoding="utf-8",
    )
    result = run("export", str(module), "--to", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "chatty"
    assert "importing chatty" in result.stderr and "building chatty" in result.stderr


@pytest.mark.parametrize(
    ("code", "raised"),
    [
        ("raise GeneratorExit('bye')", "GeneratorExit: bye"),
        ("class Odd(BaseException):\n    pass\nraise Odd('odd')", "Odd: odd"),
    ],
)
@pytest.mark.parametrize("when", ["import", "build"])
def test_a_base_exception_from_a_module_is_a_load_error(
    code: str, raised: str, when: str, tmp_path: Path
) -> None:
    module = tmp_path / "odd.py"
    if when == "build":
        code = "def build():\n" + "\n".join("    " + line for line in code.splitlines())
    module.write_text(code + "\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load(module)
    message = str(caught.value)
    assert message.startswith(str(module)) and message.endswith(raised)
    result = run("validate", str(module))
    assert result.exit_code == 2 and raised in one_line(result)


def test_ctrl_c_in_a_module_still_interrupts(tmp_path: Path) -> None:
    module = tmp_path / "interrupted.py"
    module.write_text("raise KeyboardInterrupt\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        load(module)


def test_build_returning_something_else_names_what_it_returned(tmp_path: Path) -> None:
    module = tmp_path / "one.py"
    module.write_text("def build():\n    return 1\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"one\.py: build\(\) returned int, not a Design"):
        load(module)


# --- lax values ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["30", True, False, "1e3"])
@pytest.mark.parametrize("field", ["sla_ms", "components.latency_ms", "flows.latency_ms"])
def test_latencies_are_numbers_not_strings_nor_booleans(field: str, value: object) -> None:
    data: dict[str, Any] = {
        "id": "lax",
        "title": "Lax",
        "components": [{"id": "a", "kind": "cache"}, {"id": "b", "kind": "cdn"}],
        "flows": [{"source": "a", "target": "b"}],
    }
    if field == "sla_ms":
        data["sla_ms"] = value
    else:
        data[field.split(".")[0]][0]["latency_ms"] = value
    with pytest.raises(InvalidDesignError) as caught:
        load_data(data)
    (finding,) = caught.value.findings
    assert finding.code == "E100" and finding.subject is not None
    assert finding.subject.endswith("sla_ms" if field == "sla_ms" else "latency_ms")


@pytest.mark.parametrize("value", [0, 30, 2.5])
def test_latencies_take_ints_and_floats(value: float) -> None:
    design = load_data({"id": "ok", "title": "Ok", "sla_ms": value})
    assert design.sla_ms == value and isinstance(design.sla_ms, float)


def test_a_json_key_given_twice_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text(
        '{"id": "twice", "title": "Twice",\n'
        ' "components": [{"id": "a", "kind": "cache", "notes": "id, \\"kind\\": x"},\n'
        '  {"id": "b",\n   "kind": "cdn", "kind": "cache"}]}\n',
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        load(path)
    assert str(caught.value) == (
        f'{path}:4: invalid JSON: the key "kind" appears twice in one object; keep one of them'
    )


def test_the_same_key_in_different_objects_is_fine(tmp_path: Path, tiny: Design) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(tiny.to_json(), encoding="utf-8")
    assert load(path) == tiny


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_a_byte_order_mark_is_accepted_in_json_and_yaml(
    suffix: str, tmp_path: Path, tiny: Design
) -> None:
    path = tmp_path / f"bom.{suffix}"
    text = tiny.to_json() if suffix == "json" else tiny.to_yaml()
    path.write_text("\ufeff" + text, encoding="utf-8")
    assert load(path) == tiny


@pytest.mark.parametrize("mark", ["\x85", "\u2028", "\u2029"])
def test_yaml_line_breaks_in_text_survive_a_yaml_round_trip(mark: str, tmp_path: Path) -> None:
    text = f"next{mark}line {mark}"
    design = Design(
        id="breaks",
        title=text,
        components=[Component(id="a", kind="cache", label=text, notes=mark)],
    )
    assert load_data(yaml.safe_load(design.to_yaml())) == design
    path = tmp_path / "breaks.yaml"
    path.write_text(design.to_yaml(), encoding="utf-8")
    assert load(path) == design


# --- files that are not design files -------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["json", "yaml"])
@pytest.mark.parametrize("text", ["", "\n  \n", "\ufeff\n"])
def test_an_empty_file_says_it_is_empty(suffix: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / f"empty.{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load(path)
    assert str(caught.value) == f"{path} is empty; a design file holds one JSON/YAML object"


def test_a_yaml_file_of_comments_holds_no_document(tmp_path: Path) -> None:
    path = tmp_path / "comments.yaml"
    path.write_text("# a design, one day\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"comments\.yaml holds no YAML document, only comments"):
        load(path)


@pytest.mark.parametrize("suffix", ["json", "py"])
def test_a_fifo_is_not_a_regular_file_and_is_never_opened(suffix: str, tmp_path: Path) -> None:
    fifo = tmp_path / f"pipe.{suffix}"
    os.mkfifo(fifo)
    for target in (fifo, str(fifo)):
        with pytest.raises(LoadError, match=r"pipe\.\w+: not a regular file"):
            load(target)
    with pytest.raises(LoadError, match="not a regular file"):
        expand([fifo])
    result = run("validate", str(fifo))
    assert result.exit_code == 2 and "not a regular file" in one_line(result)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_not_a_regular_file() -> None:
    with pytest.raises(LoadError, match="/dev/zero: not a regular file"):
        load("/dev/zero")


@pytest.mark.parametrize("name", ["x" * 300 + ".json", "x" * 300])
def test_a_name_too_long_is_an_input_error(name: str, tmp_path: Path) -> None:
    path = str(tmp_path / name)
    with pytest.raises(LoadError, match="File name too long"):
        load(path)
    with pytest.raises(LoadError, match="File name too long"):
        expand([path])
    result = run("validate", path)
    assert result.exit_code == 2
    assert "File name too long" in one_line(result)


def test_a_file_in_a_folder_without_access_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root a folder's mode never denies access, so the file system's answer is imitated.
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text("{}", encoding="utf-8")
    real_stat = Path.stat

    def stat(self: Path, **kwargs: Any) -> os.stat_result:
        if self.parent == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    for target in (locked / "a.json", str(locked / "a.json")):
        with pytest.raises(LoadError, match=r"a\.json: cannot read it \(Permission denied\)"):
            load(target)
    with pytest.raises(LoadError, match="Permission denied"):
        expand([locked])
    result = run("validate", str(locked / "a.json"))
    assert result.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_a_file_in_an_unreadable_folder_is_an_input_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text("{}", encoding="utf-8")
    locked.chmod(0)
    try:
        result = run("validate", str(locked / "a.json"))
        assert result.exit_code == 2 and "Permission denied" in one_line(result)
        result = run("validate", str(locked))
        assert result.exit_code == 2 and "Permission denied" in one_line(result)
    finally:
        locked.chmod(0o700)


# --- the lines of E100 findings in JSON ----------------------------------------------------------

AWKWARD_JSON = """{
\t"id": "awkward",
\t"title": "Rocket \\ud83d\\ude80 {braces} [brackets], \\"quotes\\": and \\\\",
\t"components": [
\t\t{"id": "a", "kind": "cache", "notes": "}], {\\"kind\\": 1"},
\t\t{"id": "b",
\t\t "kind": "cahce"},
\t\t{"id": "c", "kind": "cdn", "latency_ms": "3"}
\t],
\t"flows": [{"source": "a", "target": "b"}, {"source": "b"}],
\t"card": {"requirements": [[], ""]}
}
"""


@pytest.mark.parametrize(
    ("subject", "line"),
    [
        ("components[1].kind", 7),
        ("components[2].latency_ms", 8),
        ("flows[1].target", 10),  # missing: the line of the object it is missing from
        ("card.requirements[0]", 11),
    ],
)
def test_e100_findings_in_json_name_their_line(subject: str, line: int, tmp_path: Path) -> None:
    # Tabs and escaped surrogate pairs are JSON that is not YAML: the lines come from JSON.
    path = tmp_path / "awkward.json"
    path.write_text(AWKWARD_JSON, encoding="utf-8")
    with pytest.raises(InvalidDesignError) as caught:
        load(path)
    lines = {f.subject: f.line for f in caught.value.findings}
    assert lines[subject] == line
    with pytest.raises(InvalidDesignError) as again:
        load_data(json.loads(AWKWARD_JSON), text=AWKWARD_JSON)
    assert {f.subject: f.line for f in again.value.findings} == lines


def test_findings_deep_in_a_large_json_document_name_their_line(tmp_path: Path) -> None:
    components = [{"id": f"c_{i}", "kind": "cache", "latency_ms": 1} for i in range(20_000)]
    components[12_345]["kind"] = "cahce"
    components[19_999]["colour"] = "red"
    path = tmp_path / "large.json"
    path.write_text(
        json.dumps({"id": "large", "title": "Large", "components": components}, indent=1)
    )
    with pytest.raises(InvalidDesignError) as caught:
        load(path)
    text = path.read_text(encoding="utf-8").splitlines()
    lines = {f.subject: f.line for f in caught.value.findings}
    assert set(lines) == {"components[12345].kind", "components[19999].colour"}
    assert '"cahce"' in text[lines["components[12345].kind"] - 1]
    assert '"colour"' in text[lines["components[19999].colour"] - 1]


# --- writing files ------------------------------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("umask_022")
def test_written_files_get_the_mode_the_umask_gives(tmp_path: Path) -> None:
    path = write_text(tmp_path / "new.md", "new\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    write_text(path, "replaced\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    os.umask(0o077)
    assert stat.S_IMODE(write_text(tmp_path / "private.md", "x").stat().st_mode) == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_symlink_is_followed_and_its_target_replaced_whole(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "card.md"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "card.md"
    link.symlink_to(Path("real") / "card.md")
    write_text(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "card.md")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["card.md"]
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "real" / "later.md")
    write_text(dangling, "later\n")
    assert dangling.is_symlink() and (tmp_path / "real" / "later.md").read_text() == "later\n"


def test_a_fifo_is_written_through_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    write_text(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]


# A device is reached through a link in tmp_path: a regression would then replace the link,
# never /dev/null itself.
def test_a_symlink_to_a_device_is_written_through(tmp_path: Path) -> None:
    link = tmp_path / "stdout.md"
    link.symlink_to("/dev/null")
    write_text(link, "gone\n")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


# --- exports -------------------------------------------------------------------------------------


def test_exports_leave_out_unset_optional_fields_and_round_trip(tiny: Design) -> None:
    sparse = tiny.model_copy(
        update={"components": [*tiny.components, Component(id="bare", kind="cache")]}
    )
    data = sparse.to_dict()
    bare = data["components"][-1]
    assert bare == {"id": "bare", "kind": "cache", "label": "Bare", "plane": "online"}
    assert all("parent" not in group for group in data["groups"])
    assert "null" not in sparse.to_yaml() and "null" not in sparse.to_json()
    assert load_data(data) == sparse
    assert load_data(yaml.safe_load(sparse.to_yaml())) == sparse
    assert load_data(json.loads(sparse.to_json())) == sparse


def test_set_optional_fields_are_kept_in_exports(tiny: Design) -> None:
    rich = tiny.model_copy(
        update={
            "components": [
                c.model_copy(update={"tech": "Redis", "notes": "n", "latency_ms": 0.0})
                for c in tiny.components
            ]
        }
    )
    for component in rich.to_dict()["components"]:
        assert component["tech"] == "Redis" and component["latency_ms"] == 0.0
    assert load_data(rich.to_dict()) == rich


# --- set-up scripts ------------------------------------------------------------------------------

STUB = """#!/bin/sh
echo "{name} $*" >> "{log}"
{body}
"""


def run_bootstrap(job: str, tmp_path: Path) -> tuple[str, list[str]]:
    """scripts/bootstrap.sh JOB in a copy of the project, with apt-get, sudo and Python stubbed
    and no Graphviz nor Chromium on the PATH: what it prints, and the commands it ran."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", project / "scripts")
    shutil.copy(ROOT / "pyproject.toml", project)
    log = tmp_path / "commands.log"
    log.touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    venv_python = STUB.format(name="venv-python", log=log, body='[ "$1" != -c ] || exit 1')
    stubs = {
        "apt-get": "",
        "sudo": 'exec "$@"',
        "python3": f"mkdir -p .venv/bin && cat > .venv/bin/python <<'X'\n{venv_python}X\n"
        "chmod +x .venv/bin/python",
    }
    for name, body in stubs.items():
        (bin_dir / name).write_text(STUB.format(name=name, log=log, body=body))
        (bin_dir / name).chmod(0o755)
    for tool in ("sha256sum", "cut", "cat", "id", "dirname", "env", "mkdir", "chmod"):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    completed = subprocess.run(
        ["/bin/bash", "scripts/bootstrap.sh", job],
        cwd=project,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout, log.read_text().splitlines()


def test_the_main_job_installs_only_what_rendering_needs(tmp_path: Path) -> None:
    assert "bash scripts/bootstrap.sh render" in (ROOT / "scripts" / "render-all.sh").read_text()
    out, commands = run_bootstrap("render", tmp_path)
    (install,) = [c for c in commands if c.startswith("apt-get ") and " install " in c]
    assert "graphviz" in install and "chromium" not in install
    (pip,) = [c for c in commands if " pip install " in c]
    assert pip.endswith(" -e .")
    assert "installing Python packages into .venv" in out


def test_the_test_job_installs_chromium_and_the_dev_extras(tmp_path: Path) -> None:
    assert "bash scripts/bootstrap.sh test" in (ROOT / "scripts" / "test.sh").read_text()
    out, commands = run_bootstrap("test", tmp_path)
    (install,) = [c for c in commands if c.startswith("apt-get ") and " install " in c]
    assert "graphviz" in install and "chromium" in install
    (pip,) = [c for c in commands if " pip install " in c]
    assert pip.endswith(" -e .[dev]")
    # A line before each slow step, and apt-get waits for another one's lock.
    for step in ("updating the Debian package lists", "installing graphviz", "installing Python"):
        assert step in out
    apt = [c for c in commands if c.startswith("apt-get ")]
    assert apt and all("-o DPkg::Lock::Timeout=600" in c for c in apt)


@pytest.mark.exe
def test_groups_nested_990_deep_render_without_a_recursion_error(tmp_path: Path) -> None:
    # `validate` said ok while `render` overflowed the stack walking the group tree.
    groups = [
        {"id": f"g{i}", "label": f"G{i}", **({"parent": f"g{i - 1}"} if i else {})}
        for i in range(990)
    ]
    groups[-1]["members"] = ["a"]
    source = tmp_path / "deep.json"
    source.write_text(
        json.dumps(
            {
                "id": "deep",
                "title": "Deep",
                "components": [{"id": "a", "kind": "client"}, {"id": "b", "kind": "app_service"}],
                "flows": [{"source": "a", "target": "b"}],
                "groups": groups,
            }
        ),
        encoding="utf-8",
    )
    result = run("render", str(source), "-f", "svg", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "deep.svg").read_text(encoding="utf-8").count(
        'class="cluster"'
    ) == 990


def test_a_module_built_around_validation_is_checked_at_load(tmp_path: Path) -> None:
    # An id that escapes its folder, built with model_construct, reached `card -o DIR/` (which
    # wrote outside DIR) and `render --mask` (a traceback).
    module = tmp_path / "sneaky.py"
    module.write_text(
        "from mlsd_diagrams import Design\n"
        "design = Design.model_construct(id='../escaped_card', title='Sneaky', components=[],\n"
        "    flows=[], groups=[], frames=[], views=[], summary='', sla_ms=None,\n"
        "    direction='LR')\n",
        encoding="utf-8",
    )
    out = tmp_path / "cards"
    out.mkdir()
    for command in (["card", str(module), "-o", str(out)], ["render", str(module), "--mask"]):
        result = run(*command)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "id" in result.stderr and "E100" in result.stderr
    assert not (tmp_path / "escaped_card.md").exists()
    assert list(out.iterdir()) == []
