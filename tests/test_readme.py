"""The README's usage and slide examples run as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mlsd_diagrams._load import load
from mlsd_diagrams.rules import validate

from .conftest import ROOT

MLSD = str(Path(sys.executable).parent / "mlsd")


def section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def blocks(title: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(title), re.S)


def test_the_set_up_is_exactly_two_commands() -> None:
    commands = [b.strip() for b in blocks("Set-up (fresh Debian machine, Python 3.11)", "sh")]
    assert commands == ["bash scripts/render-all.sh", "bash scripts/test.sh"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == "bash scripts/test.sh"


@pytest.mark.exe
@pytest.mark.parametrize(
    "title", ["Using `mlsd`", "Rendering for slides and documents", "In your docs and tools"]
)
def test_the_command_examples_work_in_order(title: str, tmp_path: Path) -> None:
    lines = [line for block in blocks(title, "sh") for line in block.splitlines() if line]
    assert lines
    for line in lines:
        assert line.startswith(".venv/bin/mlsd "), line
        # `--check` compares against the committed output/, so it runs in the checkout.
        where = ROOT if "--check" in line else tmp_path
        completed = subprocess.run(
            line.replace(".venv/bin/mlsd", MLSD, 1),
            shell=True,
            cwd=where,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert completed.returncode == 0, f"{line}\n{completed.stdout}{completed.stderr}"


@pytest.mark.exe
def test_the_design_written_in_python_is_clean(tmp_path: Path) -> None:
    (code,) = blocks("Writing a design in Python", "python")
    module = tmp_path / "my_ranker.py"
    module.write_text(code, encoding="utf-8")
    design = load(module)
    assert design.id == "my_ranker"
    assert validate(design) == []
