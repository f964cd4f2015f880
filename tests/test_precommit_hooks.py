"""The hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit (`try-repo`) in a tiny git
repository of designs, with the `mlsd` of this environment on PATH as a user's would be.

The hooks repository pre-commit clones is a copy of the hooks file alone: the hooks run the
installed `mlsd` (language: system), so nothing else of the checkout takes part, and cloning
the checkout with its committed renders would only cost time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

GOOD = """\
id: good
title: Good
components:
  - {id: user, kind: client}
  - {id: api, kind: app_service}
flows:
  - {source: user, target: api}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding one valid design, committed."""
    folder = tmp_path / "repo"
    (folder / "designs").mkdir(parents=True)
    (folder / "designs" / "good.yaml").write_text(GOOD, encoding="utf-8")
    (folder / "notes.yaml").write_text("not: a design\n", encoding="utf-8")  # outside designs/
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "designs"]):
        git(folder, *command)
    return folder


@pytest.fixture
def hooks(tmp_path: Path) -> Path:
    folder = tmp_path / "hooks"
    folder.mkdir()
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", folder)
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "hooks"]):
        git(folder, *command)
    return folder


def git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True)


def try_hook(repo: Path, hooks: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo HOOKS HOOK --all-files`, as a user would run it."""
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), hook, "--all-files"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_hooks_file_declares_both_hooks_on_design_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["mlsd-validate", "mlsd-render-check"]
    assert all(h["entry"].split()[0] == "mlsd" for h in hooks)


def test_mlsd_validate_passes_good_designs_and_fails_a_bad_one(repo: Path, hooks: Path) -> None:
    passed = try_hook(repo, hooks, "mlsd-validate")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "mlsd validate" in passed.stdout and "Passed" in passed.stdout
    (repo / "designs" / "bad.yaml").write_text(
        GOOD.replace("id: good", "id: bad").replace("app_service", "databse"), encoding="utf-8"
    )
    git(repo, "add", ".")
    failed = try_hook(repo, hooks, "mlsd-validate")
    assert failed.returncode == 1 and "Failed" in failed.stdout
    assert "designs/bad.yaml" in failed.stdout and "unknown component kind 'databse'" in (
        failed.stdout
    )
    assert "notes.yaml" not in failed.stdout  # a YAML file outside designs/ is not a design


@pytest.mark.exe
def test_mlsd_render_check_fails_until_the_renders_are_committed_anew(
    repo: Path, hooks: Path
) -> None:
    stale = try_hook(repo, hooks, "mlsd-render-check")
    assert stale.returncode == 1
    assert "output/good.png is out of date" in stale.stdout
    drawn = subprocess.run(
        [str(Path(sys.executable).parent / "mlsd"), "render", "designs/good.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert drawn.returncode == 0, drawn.stderr
    git(repo, "add", ".")
    fresh = try_hook(repo, hooks, "mlsd-render-check")
    assert fresh.returncode == 0, fresh.stdout
    assert "mlsd render --check" in fresh.stdout and "Passed" in fresh.stdout
