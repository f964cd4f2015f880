"""The committed output/ folder matches what the renderer makes now."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mlsd_diagrams.cli import app

from .conftest import ROOT


@pytest.mark.exe
def test_committed_output_is_up_to_date() -> None:
    result = CliRunner().invoke(app, ["render", "--all", "--check", "-o", str(ROOT / "output")])
    assert result.exit_code == 0, result.output
