"""Runs Graphviz: the only module that starts a process, and the home of its error messages."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

from .errors import RenderError

__all__ = ["DOT_TIMEOUT_S", "dot_executable", "first_error_line", "graphviz_version", "run_dot"]

DOT_TIMEOUT_S = 300


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
