"""Hardening of the command line: version, completion, suggestions, ordering, signals."""

from __future__ import annotations

from importlib.metadata import version

from .conftest import run


def test_version_prints_the_distribution_version() -> None:
    result = run("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"mlsd {version('mlsd-diagrams')}"


def test_shell_completion_options_are_offered() -> None:
    result = run("--help")
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output
