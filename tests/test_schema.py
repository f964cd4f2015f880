"""`mlsd schema` checked by the `jsonschema` library, `mlsd new --format yaml|json`, and the
hints for two traps a new user meets: a comma in an unquoted YAML value, a bad kind in Python."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mlsd_diagrams._load import builtin_ids, load
from mlsd_diagrams._model import design_schema
from mlsd_diagrams.rules import validate
from tests.conftest import run


@pytest.fixture(scope="module")
def checker() -> jsonschema.Draft202012Validator:
    schema = design_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_built_in_design_export_fits_the_schema(
    checker: jsonschema.Draft202012Validator,
) -> None:
    ids = builtin_ids()
    assert len(ids) >= 20
    for design_id in ids:
        document = json.loads(load(design_id).to_json())
        problems = [e.message for e in checker.iter_errors(document)]
        assert problems == [], design_id


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d["components"][0].update(kind="databse"), "is not one of"),
        (lambda d: d["components"][0].update(colour="red"), "Additional properties"),
        (lambda d: d["flows"][0].update(latency_ms="30"), "'30' is not valid"),
        (lambda d: d.update(id="Not An Id"), "does not match"),
        (lambda d: d.pop("title"), "'title' is a required property"),
    ],
)
def test_the_schema_rejects_what_mlsd_rejects(
    checker: jsonschema.Draft202012Validator, change: Any, complaint: str
) -> None:
    document = json.loads(load("ml_system_framework").to_json())
    change(document)
    assert complaint in " ".join(e.message for e in checker.iter_errors(document))


def test_every_field_of_the_schema_says_what_it_is_for() -> None:
    schema = design_schema()
    models = {"Design": schema, **schema["$defs"]}
    undocumented = [
        f"{name}.{field}"
        for name, model in models.items()
        for field, spec in model.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undocumented == []
    assert "snake_case" in models["Component"]["properties"]["id"]["description"]


def test_the_schema_command_prints_or_writes_the_schema(tmp_path: Path) -> None:
    printed = run("schema")
    assert printed.exit_code == 0
    assert json.loads(printed.stdout) == design_schema()
    written = run("schema", "-o", str(tmp_path / "s.json"))
    assert written.exit_code == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == printed.stdout


@pytest.mark.parametrize("file_format", ["yaml", "json"])
def test_new_writes_a_design_file_with_its_schema_beside_it(
    tmp_path: Path, file_format: str, checker: jsonschema.Draft202012Validator
) -> None:
    result = run("new", "my_ranker", "--dir", str(tmp_path), "--format", file_format)
    assert result.exit_code == 0, result.output
    path = tmp_path / f"my_ranker.{file_format}"
    text = path.read_text(encoding="utf-8")
    if file_format == "yaml":
        assert text.splitlines()[0] == "# yaml-language-server: $schema=mlsd.schema.json"
    assert validate(load(path)) == []  # validate --strict: no errors, no warnings
    assert list(checker.iter_errors(yaml.safe_load(text))) == []
    schema = json.loads((tmp_path / "mlsd.schema.json").read_text(encoding="utf-8"))
    assert schema == design_schema()


def test_new_names_the_formats_it_knows(tmp_path: Path) -> None:
    result = run("new", "x", "--dir", str(tmp_path), "--format", "toml")
    assert result.exit_code == 2
    assert "py, yaml, json" in result.stderr and not list(tmp_path.iterdir())


def test_a_comma_in_an_unquoted_yaml_label_gets_a_hint_to_quote_it(tmp_path: Path) -> None:
    path = tmp_path / "comma.yaml"
    path.write_text(
        "id: comma\ntitle: Comma\ncomponents:\n"
        "  - {id: user, kind: client, label: Fraud, appeals}\n",
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "line 4: components[0].appeals: unknown field" in result.stdout
    assert 'quote the whole value (label: "..., appeals")' in result.stdout


def test_a_misspelt_field_with_a_value_gets_no_comma_hint(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "id: typo\ntitle: Typo\ncomponents:\n  - {id: user, kind: client, lable: User}\n",
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert "did you mean `label`?" in result.stdout and "comma" not in result.stdout


BAD_KIND = """from mlsd_diagrams import Component, Design

design = Design(
    id="bad",
    title="Bad",
    components=[
        Component(id="db", kind="databse"),
    ],
)
"""


def test_a_bad_kind_in_a_python_module_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_text(BAD_KIND, encoding="utf-8")
    result = run("render", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"mlsd: {path}:7: error E100: kind: unknown component kind 'databse' "
        "(hint: did you mean `relational_db` or `nosql_db`?)"
    )


def test_a_bad_kind_in_build_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad_build.py"
    path.write_text(
        "from mlsd_diagrams import Component, Design\n\n\ndef build() -> Design:\n"
        '    return Design(id="x", title="X", components=[Component(id="q", kind="kafka")])\n',
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "line 5: kind: unknown component kind 'kafka'" in result.stdout
    assert "`message_queue`" in result.stdout
