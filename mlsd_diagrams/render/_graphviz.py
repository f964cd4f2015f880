"""Runs Graphviz: the only module that starts a process, and the home of its error messages.

`draw` is the one `dot` run of a drawing: every requested format and the layout as JSON.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from .._errors import RenderError

__all__ = [
    "DOT_TIMEOUT_S",
    "dot_executable",
    "draw",
    "first_error_line",
    "graphviz_version",
    "layout_json",
    "run_dot",
]

DOT_TIMEOUT_S = 300
_JSON_IMAGE_WARNING = re.compile(r'No loadimage plugin for "[^"]*:json"')


@cache
def graphviz_version() -> str:
    """`dot -V` of the Graphviz on PATH, e.g. "2.43.0"; RenderError when there is none."""
    completed = run_dot(["-V"], b"")
    match = re.search(r"version\s+(\S+)", completed.stderr.decode(errors="replace"))
    return match.group(1) if match else "unknown"


def dot_executable() -> str:
    """The path of `dot` on PATH; RenderError, saying how to install Graphviz, when none."""
    found = shutil.which("dot")
    if found is None:
        raise RenderError(
            "Graphviz is not installed (no `dot` on PATH); install it with "
            "`apt-get install graphviz` (Debian/Ubuntu) or `brew install graphviz` (macOS)"
        )
    return found


def run_dot(arguments: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """Run `dot` with these arguments; RenderError, with Graphviz's own reason, when it fails."""
    command = [dot_executable(), *arguments]
    try:
        completed = subprocess.run(
            command, input=stdin, capture_output=True, timeout=DOT_TIMEOUT_S, check=False
        )
    except FileNotFoundError:
        raise RenderError("Graphviz's `dot` could not be started; reinstall Graphviz") from None
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz took longer than {DOT_TIMEOUT_S} s and was stopped") from None
    except OSError as error:
        raise RenderError(f"Graphviz could not be started: {error}") from None
    if completed.returncode != 0:
        if b"file loading is disabled" in completed.stderr:
            # Graphviz's web-server safety switch; our DOT only ever names the bundled icons.
            raise RenderError(
                "Graphviz will not read the icons while SERVER_NAME is set in the environment; "
                "unset it, or render with --icons boxes"
            )
        detail = first_error_line(completed.stderr)
        if completed.returncode < 0:
            crash = f"Graphviz crashed (signal {-completed.returncode})"
            raise RenderError(f"{crash}: {detail}" if detail else crash)
        raise RenderError(f"Graphviz failed: {detail or f'exit status {completed.returncode}'}")
    return completed


def first_error_line(stderr: bytes) -> str:
    """The line of Graphviz's stderr that names the cause of a failure (at most 300 characters)."""
    lines = [line.strip() for line in stderr.decode(errors="replace").splitlines() if line.strip()]
    # Graphviz explains an error over several lines; the one saying "Error" names the cause.
    errors_only = [line for line in lines if line.lower().startswith("error")] or [
        line for line in lines if not line.lower().startswith("warning")
    ]
    return (errors_only or lines or [""])[0][:300]


def layout_json(source: str) -> str:
    """The layout alone (`dot -Tjson`), for trying a way of drawing before drawing it.

    One graph per run: Graphviz 2.43 can corrupt its memory laying out several in one.
    """
    completed = run_dot(["-Tjson"], source.encode("utf-8"))
    if not completed.stdout.strip():
        raise RenderError("Graphviz reported success but wrote no layout")
    try:
        return completed.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise RenderError("Graphviz wrote an unreadable layout; reinstall Graphviz") from None


def draw(
    source: str, targets: Mapping[str, Path], *, dpi: int, imagepath: Path
) -> tuple[str, list[str]]:
    """One `dot` run writing each `-T` device to its path, plus the layout as JSON (returned);
    returns that JSON and Graphviz's warnings. RenderError when a file is missing afterwards."""
    command = [f"-Gimagepath={imagepath}", f"-Gdpi={dpi}"]
    for device, path in targets.items():
        command += [f"-T{device}", "-o", str(path)]
    # Graphviz hands out -o names to its -T jobs in order, so the one without a name comes last.
    command.append("-Tjson")
    completed = run_dot(command, source.encode("utf-8"))
    for device, path in targets.items():
        if not path.is_file() or path.stat().st_size == 0:
            name = device.split(":")[0]
            raise RenderError(f"Graphviz reported success but wrote no {name} output")
    try:
        layout = completed.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise RenderError("Graphviz wrote an unreadable layout; reinstall Graphviz") from None
    warnings = [
        line.strip()
        for line in completed.stderr.decode(errors="replace").splitlines()
        # The JSON writer has no image loader; sizes come from the other formats' loaders.
        if line.strip() and not _JSON_IMAGE_WARNING.search(line)
    ]
    return layout, warnings
