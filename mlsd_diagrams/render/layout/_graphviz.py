"""Runs Graphviz: the only module that starts a process, and the home of its error messages.

`draw` is the one `dot` run of a drawing: every requested format and the layout as JSON.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..._errors import RenderError

__all__ = [
    "DOT_TIMEOUT_S",
    "LARGE_DESIGN",
    "PNG_DPI",
    "PNG_MAX_PX",
    "bug_report",
    "dot_executable",
    "draw",
    "first_error_line",
    "forget_runs",
    "graphviz_version",
    "large_design_notice",
    "layout_json",
    "layout_settings",
    "png_size",
    "run_dot",
]

DOT_TIMEOUT_S = 300
_JSON_IMAGE_WARNING = re.compile(r'No loadimage plugin for "[^"]*:json"')
# Graphviz's own note when Cairo shrank a bitmap; replaced by a warning that says what to do.
_CAIRO_SHRINK_WARNING = re.compile(r"too large for cairo-renderer bitmaps", re.I)

PNG_DPI = 150
"""The PNG resolution when none is asked for: sharp on a projector and a retina laptop alike."""
PNG_MAX_PX = 3840
"""The long side of a PNG at the automatic resolution is capped here (a 4K screen's width)."""
CAIRO_MAX_PX = 32767
"""Cairo draws no bitmap wider or taller than this; Graphviz shrinks a larger PNG to fit."""
_LEGIBLE_DPI = 72
"""Below this (1 px per point), a capped PNG's 9-point labels are too small to read."""

LARGE_DESIGN = 300
"""Above this many components, `dot` gets cheaper settings for ordering and ranking: at this size
they cut `dot`'s CPU time by a third or more, while below it they save little and double the edge
crossings (bench/bench_scaling.py measures both)."""
_LARGE_SETTINGS = ("-Gnslimit=1", "-Gmclimit=0.25", "-Gsearchsize=20")
# Rough costs of `dot` on a large design with the settings above, from bench/bench_scaling.py on
# a 2-core x86_64 machine with Graphviz 2.43 (CPU seconds and MB per component, roughly).
_SECONDS_PER_COMPONENT = 0.005
_MB_PER_COMPONENT = 0.06


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


_RUNNING: set[subprocess.Popen[bytes]] = set()
_RUNNING_LOCK = threading.Lock()


_STOPPED: set[int] = set()
"""The processes `stop_running_dot` killed (by id), so their threads stop too."""


def stop_running_dot() -> None:
    """Kill every `dot` this process has running (other threads' too), when the run is stopped."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
        _STOPPED.update(id(process) for process in running)
    for process in running:
        process.kill()


def _spawn(
    command: list[str], *, input: bytes, timeout: float, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    """`subprocess.run` with captured output, the process known to `stop_running_dot` while it
    runs, and killed on any exception (a timeout, Ctrl-C, SIGTERM)."""
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        with _RUNNING_LOCK:
            _RUNNING.add(process)
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(process)
                stopped = id(process) in _STOPPED
                _STOPPED.discard(id(process))
    if stopped:
        # The run was stopped: this thread stops too, rather than report a crash (which a
        # layout trial would pass over, starting the next `dot`).
        raise KeyboardInterrupt
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def run_dot(arguments: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """Run `dot` with these arguments; RenderError, with Graphviz's own reason, when it fails."""
    command = [dot_executable(), *arguments]
    try:
        completed = _spawn(
            command,
            input=stdin,
            timeout=DOT_TIMEOUT_S,
            # cairo dates a PDF in local time; in UTC every machine writes the same bytes.
            env={**os.environ, "TZ": "UTC"},
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
    key = (dot_executable(), source)
    found = _LAYOUTS.get(key)
    if found is not None:
        return str(found)
    completed = run_dot(["-Tjson"], source.encode("utf-8"))
    if not completed.stdout.strip():
        raise RenderError("Graphviz reported success but wrote no layout")
    try:
        text = completed.stdout.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RenderError(bug_report("a layout that is not UTF-8", error, source)) from None
    _LAYOUTS.put(key, text, len(text))
    return text


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its IHDR chunk; (0, 0) when it is no PNG."""
    if len(data) < 24 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return 0, 0
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def layout_settings(components: int) -> list[str]:
    """`dot` arguments for a drawing of this many components: cheaper ordering and ranking
    above LARGE_DESIGN, where they pay; none below, where they would only make layouts worse."""
    return list(_LARGE_SETTINGS) if components > LARGE_DESIGN else []


def large_design_notice(components: int) -> str | None:
    """What drawing a design this large will cost, said before the run; None when it is small."""
    if components <= LARGE_DESIGN:
        return None
    seconds = max(1, round(components * _SECONDS_PER_COMPONENT))
    megabytes = max(50, round(components * _MB_PER_COMPONENT, -1))
    return (
        f"{components} components is a large design: its layout takes Graphviz about {seconds} s "
        f"and {megabytes:.0f} MB, using cheaper ordering settings; split it into views or groups "
        "to draw it faster"
    )


def _png_warnings(png: bytes, layout_json: str, dpi: int, capped: bool) -> list[str]:
    """A warning when the PNG came out smaller than asked for, saying why and what to do."""
    width_px, height_px = png_size(png)
    # The graph's own attributes come before its objects in Graphviz's JSON.
    head = layout_json.split('"objects"', 1)[0]
    box = re.search(r'"bb":\s*"([^"]+)"', head)
    pad = re.search(r'"pad":\s*"([\d.]+)"', head)
    if box is None or not width_px:
        return []
    try:
        x0, y0, x1, y1 = (float(part) for part in box.group(1).split(","))
    except ValueError:
        return []
    pad_pt = 2 * 72 * float(pad.group(1)) if pad else 8.0
    width_pt, height_pt = x1 - x0 + pad_pt, y1 - y0 + pad_pt
    wanted = max(width_pt, height_pt) * dpi / 72
    got = max(width_px, height_px)
    if got >= wanted * 0.99:
        return []
    effective = got * 72 / max(width_pt, height_pt)
    if capped:
        if effective >= _LEGIBLE_DPI:
            return []
        return [
            f"the PNG is capped at {PNG_MAX_PX} px, so this large design "
            f"({width_pt:.0f} x {height_pt:.0f} pt) is drawn at {effective:.0f} dpi and its "
            "small labels are hard to read; use the SVG or PDF, or pass --dpi"
        ]
    fits = int(CAIRO_MAX_PX * 72 / max(width_pt, height_pt))
    return [
        f"at {dpi} dpi the PNG would be {width_pt * dpi / 72:.0f} x {height_pt * dpi / 72:.0f} px, "
        f"over the PNG renderer's limit of {CAIRO_MAX_PX} px, so it was shrunk to "
        f"{width_px} x {height_px} px ({effective:.0f} dpi); pass --dpi {fits} or less, "
        "or use the SVG or PDF"
    ]


def colon_free(folder: Path) -> Path:
    """The folder itself, or, when its path holds a `:` (Graphviz reads `imagepath` as a
    colon-separated list), a link to it in the temporary folder, made once."""
    if ":" not in str(folder):
        return folder

    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    link = Path(tempfile.gettempdir()) / f"mlsd-icons-{os.getuid()}-{digest}"
    if ":" in str(link):
        raise RenderError(
            f"Graphviz cannot read icons from {folder} (a `:` in the path); "
            "render with --icons boxes"
        )
    try:
        if not (link.is_symlink() and link.resolve() == folder.resolve()):
            staged = link.with_name(f"{link.name}.{os.getpid()}")
            staged.unlink(missing_ok=True)
            staged.symlink_to(folder, target_is_directory=True)
            os.replace(staged, link)
    except OSError as error:
        raise RenderError(
            f"Graphviz cannot read icons from {folder} (a `:` in the path), and a link "
            f"without one could not be made ({error.strerror}); render with --icons boxes"
        ) from None
    return link


def draw(
    source: str,
    devices: Sequence[str],
    *,
    dpi: int | None,
    imagepath: Path,
    components: int = 0,
) -> tuple[str, dict[str, bytes], list[str]]:
    """One `dot` run rendering each `-T` device (e.g. "png:cairo", "svg") and the layout as
    JSON; returns that JSON, each device's bytes and the warnings (Graphviz's, and ours when a
    PNG came out smaller than asked for). `dpi` None is PNG_DPI with the long side capped at
    PNG_MAX_PX. Runs already made in this process are answered from memory.
    RenderError when a file is missing afterwards."""
    key = (dot_executable(), source, tuple(devices), dpi, str(imagepath), components)
    found = _RUNS.get(key)
    if found is None:
        found = _draw(source, devices, dpi=dpi, imagepath=imagepath, components=components)
        _RUNS.put(key, found, len(found[0]) + sum(len(b) for b in found[1].values()))
    layout, images, warnings = found
    return layout, dict(images), list(warnings)


def _draw(
    source: str, devices: Sequence[str], *, dpi: int | None, imagepath: Path, components: int
) -> tuple[str, dict[str, bytes], list[str]]:
    command = [f"-Gimagepath={colon_free(imagepath)}", f"-Gdpi={dpi or PNG_DPI}"]
    if dpi is None:
        # Graphviz's size only ever shrinks a drawing; it applies to every device of the run,
        # and finish_svg undoes it (like the dpi) for the SVG.
        inches = f"{PNG_MAX_PX / PNG_DPI:g}"
        command.append(f"-Gsize={inches},{inches}")
    command += layout_settings(components)
    try:
        with tempfile.TemporaryDirectory(prefix="mlsd-") as folder:
            paths = {device: Path(folder) / f"out-{n}" for n, device in enumerate(devices)}
            for device, path in paths.items():
                command += [f"-T{device}", "-o", str(path)]
            # Graphviz hands out -o names to its -T jobs in order: the one without comes last.
            command.append("-Tjson")
            completed = run_dot(command, source.encode("utf-8"))
            images: dict[str, bytes] = {}
            for device, path in paths.items():
                if not path.is_file() or path.stat().st_size == 0:
                    name = device.split(":")[0]
                    raise RenderError(f"Graphviz reported success but wrote no {name} output")
                images[device] = path.read_bytes()
    except OSError as error:
        raise RenderError(
            f"the temporary folder for Graphviz ({tempfile.gettempdir()}) failed "
            f"({error.strerror or error}); free some room there, or set TMPDIR to a folder "
            "with room"
        ) from None
    try:
        layout = completed.stdout.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RenderError(bug_report("a layout that is not UTF-8", error, source)) from None
    warnings = [
        f"Graphviz: {line.strip()}"
        for line in completed.stderr.decode(errors="replace").splitlines()
        # The JSON writer has no image loader; sizes come from the other formats' loaders.
        if line.strip()
        and not _JSON_IMAGE_WARNING.search(line)
        and not _CAIRO_SHRINK_WARNING.search(line)
    ]
    for device, data in images.items():
        if device.startswith("png"):
            warnings += _png_warnings(data, layout, dpi or PNG_DPI, capped=dpi is None)
    return layout, images, warnings


def bug_report(what: str, error: Exception, source: str) -> str:
    """A message for output of Graphviz we cannot read: the DOT kept in the temporary folder
    and the Graphviz version named, for a bug report (reinstalling would not help)."""
    kept = ""
    if source:
        try:
            digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
            path = Path(tempfile.gettempdir()) / f"mlsd-unreadable-{digest}.gv"
            path.write_text(source, encoding="utf-8")
            kept = f"; the DOT is kept in {path}"
        except OSError:
            kept = ""
    return (
        f"Graphviz {graphviz_version()} wrote {what} ({type(error).__name__}: {error}){kept}; "
        "please report it as a bug of mlsd-diagrams with that file"
    )


class _Memo:
    """A bounded, thread-safe memory of Graphviz runs by their input: `dot` is a pure function
    of its input and binary, so a drawing asked for twice in a process is laid out once."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


_RUNS = _Memo(max_bytes=256 * 2**20)
"""Drawings rendered in this process (layout and image bytes), newest kept."""
_LAYOUTS = _Memo(max_bytes=64 * 2**20)
"""Layout-only runs (the trials), by their DOT text."""


def forget_runs() -> None:
    """Empty the memory of Graphviz runs (for a caller that swapped Graphviz underneath)."""
    _RUNS.clear()
    _LAYOUTS.clear()
