"""The loader: built-in ids, .py modules, JSON/YAML files, folders, and each way they go wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mlsd_diagrams._errors import InvalidDesignError, LoadError
from mlsd_diagrams._load import builtin_ids, expand, load, load_data
from mlsd_diagrams._model import Design

from .conftest import small_design

MODULE_WITH_DESIGN = """
from mlsd_diagrams.compose import Blueprint
bp = Blueprint("from_variable", "From a variable")
bp.add("user", "client")
design = bp.build()
"""

MODULE_WITH_BUILD = """
from mlsd_diagrams.compose import Blueprint

def build():
    bp = Blueprint("from_build", "From build()")
    bp.add("user", "client")
    return bp.build()
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_ids_include_the_example_and_load() -> None:
    assert "ml_system_framework" in builtin_ids()
    design = load("ml_system_framework")
    assert design.id == "ml_system_framework" and len(design.components) > 5


def test_a_module_with_a_design_variable(tmp_path: Path) -> None:
    assert load(write(tmp_path, "a.py", MODULE_WITH_DESIGN)).id == "from_variable"


def test_a_module_with_a_build_function(tmp_path: Path) -> None:
    assert load(write(tmp_path, "b.py", MODULE_WITH_BUILD)).id == "from_build"


def test_a_module_is_not_left_registered(tmp_path: Path) -> None:
    import sys

    before = set(sys.modules)
    load(write(tmp_path, "c.py", MODULE_WITH_DESIGN))
    assert not [name for name in set(sys.modules) - before if "user_design" in name]


def test_json_and_yaml_files(tmp_path: Path, tiny: Design) -> None:
    assert load(write(tmp_path, "t.json", tiny.to_json())) == tiny
    assert load(write(tmp_path, "t.yaml", tiny.to_yaml())) == tiny
    assert load(write(tmp_path, "t.yml", tiny.to_yaml())) == tiny


def test_a_folder_expands_to_its_design_files_in_order(tmp_path: Path, tiny: Design) -> None:
    write(tmp_path, "b.json", tiny.to_json())
    write(tmp_path, "a.py", MODULE_WITH_BUILD)
    write(tmp_path, "_private.py", MODULE_WITH_BUILD)
    write(tmp_path, "notes.txt", "not a design")
    sources = expand([tmp_path])
    assert [Path(s).name for s in sources] == ["a.py", "b.json"]
    assert [load(s).id for s in sources] == ["from_build", "tiny"]


def test_expand_all_and_duplicates() -> None:
    sources = expand(["ml_system_framework"], all_builtin=True)
    assert sources == builtin_ids()


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no design files"):
        expand([tmp_path])


def test_an_unknown_id_suggests_the_closest(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="did you mean `ml_system_framework`"):
        load("ml_system_framwork")
    with pytest.raises(LoadError, match="mlsd list"):
        expand(["zzzz"])


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "gone.json"
    with pytest.raises(LoadError, match=r"gone\.json: no such file"):
        expand([missing])
    with pytest.raises(LoadError, match=r"gone\.json: no such file"):
        load(missing)


def test_an_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="not a design file"):
        load(write(tmp_path, "d.txt", "{}"))


def test_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.py", "x = 1\ny = (\n")
    with pytest.raises(LoadError, match=r"broken\.py:2: syntax error"):
        load(path)


def test_a_module_raising_on_import_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "raises.py", "import os\n\nraise RuntimeError('no network here')\n")
    with pytest.raises(LoadError, match=r"raises\.py:3: .*RuntimeError: no network here"):
        load(path)


def test_build_raising_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "b.py", "def build():\n    return 1 / 0\n")
    with pytest.raises(LoadError, match=r"b\.py:2: build\(\) raised ZeroDivisionError"):
        load(path)


def test_a_module_without_a_design(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="defines no design"):
        load(write(tmp_path, "empty.py", "x = 1\n"))
    with pytest.raises(LoadError, match="defines no design"):
        load(write(tmp_path, "wrong.py", "design = {'id': 'x'}\n"))


def test_build_with_a_schema_misfit_gives_e100(tmp_path: Path) -> None:
    text = MODULE_WITH_BUILD.replace('"client"', '"clientt"')
    with pytest.raises(InvalidDesignError) as caught:
        load(write(tmp_path, "misfit.py", text))
    (finding,) = caught.value.findings
    assert finding.code == "E100"
    assert finding.subject == "components[0].kind"
    assert "'clientt'" in finding.message and "`client`" in finding.hint


def test_a_schema_misfit_at_import_gives_e100_not_a_crash(tmp_path: Path) -> None:
    text = MODULE_WITH_DESIGN.replace('"client"', '"clientt"')
    with pytest.raises(InvalidDesignError) as caught:
        load(write(tmp_path, "misfit_at_import.py", text))
    assert [f.code for f in caught.value.findings] == ["E100"]
    assert "misfit_at_import.py" in caught.value.source


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "id": "x",\n  "title": \n}\n')
    with pytest.raises(LoadError, match=r"bad\.json:4:1: invalid JSON"):
        load(path)


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "id: x\ntitle: [unclosed\ncomponents: []\n")
    with pytest.raises(LoadError, match=r"bad\.yaml:\d+:\d+: invalid YAML"):
        load(path)


def test_a_document_that_is_not_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="must be a mapping"):
        load(write(tmp_path, "list.json", "[1, 2]"))
    with pytest.raises(LoadError, match="must be a mapping"):
        load(write(tmp_path, "scalar.yaml", "just words\n"))
    # An empty file says it is empty (test_hardening.py).


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes(b'{"id": "x", "title": "caf\xe9"}')
    with pytest.raises(LoadError, match="cannot read file"):
        load(path)


def test_a_schema_misfit_gives_e100_findings_naming_the_field_path(tmp_path: Path) -> None:
    data = small_design().to_dict()
    data["components"][2]["kind"] = "model_servng"
    data["flows"][0]["colour"] = "red"
    path = write(tmp_path, "misfit.json", json.dumps(data))
    with pytest.raises(InvalidDesignError) as caught:
        load(path)
    findings = caught.value.findings
    assert {f.code for f in findings} == {"E100"}
    subjects = {f.subject for f in findings}
    assert subjects == {"components[2].kind", "flows[0].colour"}
    kind = next(f for f in findings if f.subject == "components[2].kind")
    assert "model_serving" in kind.hint
    assert "misfit.json" in str(caught.value)


def test_load_data_accepts_plain_data(tiny: Design) -> None:
    assert load_data(tiny.to_dict()) == tiny


@pytest.mark.parametrize(
    ("text", "line"),
    [("import sys\nsys.exit(0)\n", 2), ("def build():\n    raise SystemExit(3)\n", 2)],
)
def test_sys_exit_in_a_module_is_a_load_error(tmp_path: Path, text: str, line: int) -> None:
    with pytest.raises(LoadError, match=rf"quits\.py:{line}: .*SystemExit"):
        load(write(tmp_path, "quits.py", text))


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("date.yaml", "id: x\ntitle: 2024-13-45\n", "invalid YAML: month must be in 1..12"),
        ("int.yaml", "id: x\ntitle: !!int abc\n", "invalid YAML: invalid literal for int()"),
        ("big.json", '{"sla_ms": 1' + "0" * 5000 + "}", "invalid JSON: Exceeds the limit"),
        ("big.yaml", "sla_ms: 1" + "0" * 5000 + "\n", "invalid YAML: Exceeds the limit"),
    ],
)
def test_values_the_parser_cannot_hold_are_load_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(LoadError, match=re.escape(message)) as caught:
        load(write(tmp_path, name, text))
    assert "set_int_max_str_digits" not in str(caught.value)


def test_a_folder_where_one_file_is_expected(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="is a folder; name one design file"):
        load(tmp_path)


def test_a_module_with_null_bytes(tmp_path: Path) -> None:
    path = tmp_path / "nul.py"
    path.write_bytes(b"x = 1\x00\n")
    with pytest.raises(LoadError) as caught:
        load(path)
    # Python versions differ on whether a null byte has a line; either way no `:None`.
    assert re.match(rf"{re.escape(str(path))}(:\d+)?: syntax error", str(caught.value))
    assert "None" not in str(caught.value)
