"""Hardening of the command line: version, completion, suggestions, ordering, signals."""

from __future__ import annotations

from importlib.metadata import version

from .conftest import one_line, run


def test_version_prints_the_distribution_version() -> None:
    result = run("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"mlsd {version('mlsd-diagrams')}"


def test_shell_completion_options_are_offered() -> None:
    result = run("--help")
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output


def test_a_near_miss_value_names_the_nearest_one() -> None:
    cases = [
        (["export", "ml_system_framework", "--to", "ymal"], "`yaml`"),
        (["render", "ml_system_framework", "--theme", "drak"], "`dark`"),
        (["render", "ml_system_framework", "--icons", "gpc"], "`gcp`"),
        (["render", "ml_system_framework", "-f", "svgg"], "`svg`"),
    ]
    for args, nearest in cases:
        result = run(*args)
        assert result.exit_code == 2 and result.stdout == ""
        line = one_line(result)
        assert line.endswith(f"did you mean {nearest}?"), line


def test_export_accepts_yml_as_yaml() -> None:
    result = run("export", "ml_system_framework", "--to", "yml")
    assert result.exit_code == 0, result.output
    assert result.stdout == run("export", "ml_system_framework", "--to", "yaml").stdout
