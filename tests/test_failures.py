"""A broken environment: Graphviz missing, failing or crashing, an unwritable folder, a full disk.

Each failure must end in a RenderError (exit 3 with one line), leave no partial or temporary file,
and leave earlier good output as it was.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mlsd_diagrams._batch import MANIFEST_NAME
from mlsd_diagrams._errors import RenderError
from mlsd_diagrams._facade import render
from mlsd_diagrams._model import Design
from mlsd_diagrams.cli import app
from mlsd_diagrams.render import Format, IconSet, RenderOptions
from mlsd_diagrams.render.layout import _graphviz as backend

# The package exports a `render` function too, so the module is fetched by its full name.
files_module = importlib.import_module("mlsd_diagrams._files")
drawing_module = importlib.import_module("mlsd_diagrams.render._api")

FORMATS = RenderOptions(formats=(Format.PNG, Format.SVG, Format.PDF, Format.DOT))

# Each fake `dot` reads its input, then misbehaves; `$outputs` lists the files it was asked for.
PRELUDE = """#!/bin/sh
cat > /dev/null
outputs=""
while [ $# -gt 0 ]; do
  if [ "$1" = "-o" ]; then outputs="$outputs $2"; fi
  shift
done
"""

FAKE_DOTS = {
    "fails": ("echo 'Error: <stdin>: syntax error in line 1' >&2\nexit 1\n", "syntax error"),
    "crashes_half_way": (
        "for f in $outputs; do printf '\\211PNG\\r\\n<svg' > \"$f\"; done\nkill -9 $$\n",
        "crashed (signal 9)",
    ),
    "writes_nothing": ("exit 0\n", "wrote no"),
    "explains_over_lines": (
        "printf 'Warning: a\\ncontext\\nError: the cause\\nin label of node x\\n' >&2\nexit 1\n",
        "Graphviz failed: Error: the cause",
    ),
    "writes_garbage": (
        "for f in $outputs; do printf '\\377\\376 not what was asked' > \"$f\"; done\n"
        "printf '\\377\\376 not what was asked'\nexit 0\n",
        "unreadable",
    ),
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (hidden ones included) and its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def entries(folder: Path) -> list[str]:
    """What a folder holds; a folder never made holds nothing."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def install_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    dot = folder / "dot"
    dot.write_text(PRELUDE + body, encoding="utf-8")
    dot.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/usr/bin{os.pathsep}/bin")


@pytest.fixture
def good_output(tiny: Design, tmp_path: Path) -> Path:
    """A folder holding a good render made with the real Graphviz."""
    out = tmp_path / "out"
    render(tiny, out, FORMATS)
    return out


def one_line_exit(args: list[str], code: int) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlsd: "), result.stderr
    return lines[0]


@pytest.mark.exe
@pytest.mark.parametrize("name", sorted(FAKE_DOTS))
def test_a_misbehaving_dot_leaves_earlier_output_untouched(
    name: str, tiny: Design, good_output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, message = FAKE_DOTS[name]
    before = snapshot(good_output)
    install_dot(tmp_path, monkeypatch, body)
    with pytest.raises(RenderError, match=re.escape(message)) as caught:
        render(tiny, good_output, FORMATS)
    assert "\n" not in str(caught.value)
    assert snapshot(good_output) == before


@pytest.mark.exe
@pytest.mark.parametrize("name", sorted(FAKE_DOTS))
def test_a_misbehaving_dot_exits_3_through_the_cli(
    name: str, tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, message = FAKE_DOTS[name]
    source = tmp_path / "tiny.json"
    source.write_text(tiny.to_json(), encoding="utf-8")
    out = tmp_path / "fresh"
    install_dot(tmp_path, monkeypatch, body)
    line = one_line_exit(["render", str(source), "-o", str(out), "-f", "png", "-f", "svg"], 3)
    assert message in line
    assert [name for name in entries(out) if name != MANIFEST_NAME] == []


def test_a_hanging_dot_is_stopped(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    install_dot(tmp_path, monkeypatch, "exec sleep 30\n")
    monkeypatch.setattr(backend, "DOT_TIMEOUT_S", 1)
    with pytest.raises(RenderError, match="longer than 1 s"):
        render(tiny, tmp_path / "out", FORMATS)
    assert entries(tmp_path / "out") == []


@pytest.mark.exe
def test_missing_graphviz(
    tiny: Design, good_output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(good_output)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(RenderError, match=r"Graphviz is not installed.*apt-get install graphviz"):
        render(tiny, good_output, FORMATS)
    assert snapshot(good_output) == before


def test_a_dot_that_cannot_be_started(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_dot(tmp_path, monkeypatch, "")
    # A file with the execute bit but no valid interpreter: the kernel refuses to run it.
    (tmp_path / "fake-bin" / "dot").write_text("#!/no/such/interpreter\n", encoding="utf-8")
    with pytest.raises(RenderError, match="could not be started"):
        render(tiny, tmp_path / "out", FORMATS)
    assert entries(tmp_path / "out") == []


def test_an_output_folder_that_is_a_file(tiny: Design, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("keep", encoding="utf-8")
    with pytest.raises(RenderError, match="the output folder is a file"):
        render(tiny, blocker, FORMATS)
    with pytest.raises(RenderError, match="pass -o DIR"):
        render(tiny, blocker / "inside", FORMATS)
    assert blocker.read_text(encoding="utf-8") == "keep"


@pytest.mark.exe  # without Graphviz, that is the error reported first
def test_an_output_folder_inside_a_file_through_the_cli(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("keep", encoding="utf-8")
    line = one_line_exit(["render", "ml_system_framework", "-o", str(blocker / "inside")], 3)
    assert str(blocker) in line
    assert blocker.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes through permissions"
)
def test_an_output_folder_that_is_not_writable(tiny: Design, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(RenderError, match="cannot write there"):
            render(tiny, locked, FORMATS)
        line = one_line_exit(["render", "ml_system_framework", "-o", str(locked / "sub")], 3)
        assert "cannot write there" in line
    finally:
        locked.chmod(stat.S_IRWXU)
    assert entries(locked) == []


def no_space(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.exe
@pytest.mark.parametrize(
    "patch",
    [
        lambda m: m.setattr(files_module.os, "replace", no_space),
        lambda m: m.setattr(files_module.os, "fdopen", no_space),
        lambda m: m.setattr(files_module.tempfile, "mkstemp", no_space),
        lambda m: m.setattr(backend.tempfile, "TemporaryDirectory", no_space),
    ],
    ids=["rename", "write", "temporary-file", "staging"],
)
def test_a_full_disk(
    patch: Callable[[pytest.MonkeyPatch], None],
    tiny: Design,
    good_output: Path,
    monkeypatch: pytest.MonkeyPatch,
    uncached_graphviz: None,
) -> None:
    before = snapshot(good_output)
    patch(monkeypatch)
    with pytest.raises(RenderError, match="No space left on device"):
        render(tiny, good_output, FORMATS)
    assert snapshot(good_output) == before


@pytest.mark.exe
def test_a_full_disk_through_the_cli(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "tiny.json"
    source.write_text(tiny.to_json(), encoding="utf-8")
    monkeypatch.setattr(files_module.os, "replace", no_space)
    line = one_line_exit(["render", str(source), "-o", str(tmp_path / "out")], 3)
    assert "No space left on device" in line and "check the disk" in line
    assert [name for name in entries(tmp_path / "out") if name != MANIFEST_NAME] == []


@pytest.mark.exe
def test_an_interrupt_leaves_no_temporary_folder(
    tiny: Design, good_output: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    before = snapshot(good_output)

    def interrupted(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        raise KeyboardInterrupt

    monkeypatch.setattr(backend, "_spawn", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render(tiny, good_output, FORMATS)
    assert snapshot(good_output) == before


@pytest.mark.exe
def test_a_folder_refusing_writes_even_to_root(
    tiny: Design, good_output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod does not stop root, so the refusal is injected where the first write happens.
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    before = snapshot(good_output)
    monkeypatch.setattr(files_module.tempfile, "mkstemp", refused)
    with pytest.raises(RenderError, match=r"cannot write it \(Permission denied\); check"):
        render(tiny, good_output, FORMATS)
    assert snapshot(good_output) == before


@pytest.mark.exe
def test_a_symlink_in_the_output_folder_is_followed_not_replaced(
    tiny: Design, tmp_path: Path
) -> None:
    # A file kept elsewhere and linked into the output folder (a slide deck's image folder,
    # say) is updated where it lives; the link stays a link.
    elsewhere = tmp_path / "deck" / "diagram.svg"
    elsewhere.parent.mkdir()
    elsewhere.write_text("old", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "tiny.svg").symlink_to(elsewhere)
    render(tiny, out, RenderOptions(formats=(Format.SVG,)))
    assert (out / "tiny.svg").is_symlink()
    assert elsewhere.read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.exe
def test_an_interrupt_through_the_cli_exits_130_and_cleans_up(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    source = tmp_path / "tiny.json"
    source.write_text(tiny.to_json(), encoding="utf-8")

    def interrupted(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        raise KeyboardInterrupt

    monkeypatch.setattr(backend, "_spawn", interrupted)
    out = tmp_path / "out"
    assert one_line_exit(["render", str(source), "-o", str(out)], 130) == "mlsd: interrupted"
    assert [name for name in entries(out) if name != MANIFEST_NAME] == []


@pytest.mark.exe
def test_graphviz_web_server_mode_is_explained(
    tiny: Design, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uncached_graphviz: None
) -> None:
    # With SERVER_NAME set, Graphviz refuses to read any image file, so icons cannot be drawn.
    monkeypatch.setenv("SERVER_NAME", "example.org")
    with pytest.raises(RenderError, match=r"SERVER_NAME is set.*--icons boxes"):
        render(tiny, tmp_path / "out", FORMATS)
    assert entries(tmp_path / "out") == []
    boxes = RenderOptions(formats=(Format.SVG,), icons=IconSet.BOXES)
    assert [p.name for p in render(tiny, tmp_path / "out", boxes).paths] == ["tiny.svg"]
