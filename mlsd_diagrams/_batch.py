"""Render many designs: in parallel, skipping those whose outputs are already up to date.

The up-to-date check keeps a manifest, `<out_dir>/.mlsd-manifest.json`, recording for each design
the fingerprint of its inputs (design content, render options, renderer source, Graphviz and
diagrams versions) and the SHA-256 of each file written. A design is skipped only when its
fingerprint is unchanged and every recorded file is still there with the same bytes.

`check_many` (`mlsd render --check`) reads the manifest the same way (the files' hashes against
the entry, and the entry's names against what a render writes), so checking an up-to-date
folder costs what a warm render does; where the manifest is missing (it is not committed, so a
fresh clone has none) or disagrees, it renders the design and compares the bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from ._errors import LoadError, RenderError
from ._files import write_text
from ._model import Design, first_repeated_id
from .render import (
    RenderOptions,
    RenderResult,
    check_outputs,
    graphviz_version,
    output_folder,
    output_names,
    write_design,
)
from .rules import require_valid

__all__ = [
    "MANIFEST_NAME",
    "BatchOutcome",
    "check_many",
    "each_design",
    "fingerprint",
    "render_many",
]

MANIFEST_NAME = ".mlsd-manifest.json"

_T = TypeVar("_T")

# The code that decides the bytes of a render; its source is part of the fingerprint, so editing
# the renderer invalidates every cached output without a version bump.
_RENDERER_SOURCES = ("render/*.py", "_catalog.py", "_model.py", "_files.py")


@dataclass
class BatchOutcome:
    """What `render_many` did for one design."""

    design_id: str
    skipped: bool
    result: RenderResult


@cache
def _renderer_digest() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for pattern in _RENDERER_SOURCES:
        for path in sorted(here.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def fingerprint(design: Design, options: RenderOptions) -> str:
    """A digest of everything that decides a design's output bytes."""
    payload = {
        "design": design.to_dict(),
        "options": asdict(options),
        "renderer": _renderer_digest(),
        "graphviz": graphviz_version(),
        "diagrams": _version("diagrams"),
        # Icons in SVGs are resampled by Pillow.
        "pillow": _version("Pillow"),
        # A design's own icons are drawn from their files: a new picture is a new output.
        "own_icons": {
            c.id: _file_digest(path)
            for c in design.components
            if (path := design.icon_file(c)) is not None and path.is_file()
        },
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Manifest:
    """The manifest file of one output folder, shared by the worker threads."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MANIFEST_NAME
        self.lock = threading.Lock()
        self.entries: dict[str, Any] = self._read()
        self.recorded: set[str] = set()
        self.changed = False

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a missing or damaged manifest only costs a re-render
        return data if isinstance(data, dict) else {}

    def up_to_date(self, design_id: str, key: str, names: Sequence[str]) -> list[Path] | None:
        """The recorded files when they are all still current, else None: the entry must name
        exactly the files a render writes now (`names`), each with its recorded SHA-256, so an
        entry edited to leave out a deleted file does not pass for a complete one."""
        entry = self.entries.get(design_id)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        files = entry.get("files")
        if not isinstance(files, dict) or sorted(files) != sorted(names):
            return None
        paths = []
        for name, digest in files.items():
            path = self.out_dir / name
            if not path.is_file() or _file_digest(path) != digest:
                return None
            paths.append(path)
        return paths

    def record(self, design_id: str, key: str, paths: Sequence[Path]) -> None:
        with self.lock:
            self.changed = True
            self.recorded.add(design_id)
            self.entries[design_id] = {
                "key": key,
                "files": {p.name: _file_digest(p) for p in paths},
            }

    def save(self) -> None:
        """Write the entries this batch recorded over the manifest as it is now on disk, under a
        lock on the folder, so a render running alongside into the same folder keeps its own."""
        with _folder_lock(self.out_dir), self.lock:
            entries = self._read()
            entries.update({i: self.entries[i] for i in self.recorded})
            write_text(self.path, json.dumps(entries, indent=1, sort_keys=True) + "\n")


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` (flock on the folder itself, so no lock file is left
    behind); no lock where the platform has no flock."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise RenderError(f"{folder}: cannot open it ({error.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def each_design(
    action: Callable[[Design], _T], designs: Sequence[Design], jobs: int | None
) -> list[_T]:
    """`action` on every design, `jobs` at a time (default: every core), results in order."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(designs) or 1))
    if workers == 1:
        return [action(d) for d in designs]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mlsd-render") as pool:
        futures = [pool.submit(action, d) for d in designs]
        try:
            return [future.result() for future in futures]
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                from .render.layout._graphviz import stop_running_dot

                pool.shutdown(wait=False, cancel_futures=True)
                stop_running_dot()  # the renders under way end now, not when dot is done
            pool.shutdown(wait=True, cancel_futures=True)
            raise


class _InOrder:
    """Hands outcomes to `on_done` in the order of the designs, whatever order they finish in;
    a design that failed (None) is passed over."""

    def __init__(self, ids: Sequence[str], on_done: Callable[[BatchOutcome], None] | None) -> None:
        self.ids = list(ids)
        self.on_done = on_done
        self.finished: dict[str, BatchOutcome | None] = {}
        self.next = 0
        self.lock = threading.Lock()

    def done(self, design_id: str, outcome: BatchOutcome | None) -> None:
        with self.lock:
            self.finished[design_id] = outcome
            while self.next < len(self.ids) and self.ids[self.next] in self.finished:
                ready = self.finished.pop(self.ids[self.next])
                self.next += 1
                if ready is not None and self.on_done is not None:
                    self.on_done(ready)


def render_many(
    designs: Sequence[Design],
    out_dir: str | Path,
    options: RenderOptions | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    on_done: Callable[[BatchOutcome], None] | None = None,
) -> list[BatchOutcome]:
    """Render each design into `out_dir`, `jobs` at a time (default: every core).

    Designs whose outputs are up to date are skipped unless `force`. Outcomes come back in the
    order of `designs`; `on_done` is called for each in that order too, as soon as it and every
    design before it have finished, so the report reads the same on every run. The first error
    stops the batch (renders already under way complete and stay recorded).
    """
    options = options or RenderOptions()
    # Refuse the whole batch up front: an invalid design, or two designs whose files would
    # overwrite each other, is the user's mistake whatever the state of Graphviz or the disk.
    for design in designs:
        require_valid(design)
    repeated = first_repeated_id(designs)
    if repeated is not None:
        raise LoadError(
            f"two designs have the id `{repeated}`, and output files are named by id; "
            "render them into different folders, or rename one"
        )
    out = output_folder(out_dir)
    manifest = _Manifest(out)
    report = _InOrder([d.id for d in designs], on_done)

    def one(design: Design) -> BatchOutcome:
        try:
            key = fingerprint(design, options)
            names = output_names(design, options)
            current = None if force else manifest.up_to_date(design.id, key, names)
            if current is not None:
                outcome = BatchOutcome(design.id, True, RenderResult(design.id, current))
            else:
                outcome = BatchOutcome(design.id, False, write_design(design, out, options))
                manifest.record(design.id, key, outcome.result.paths)
        except BaseException:
            report.done(design.id, None)
            raise
        report.done(design.id, outcome)
        return outcome

    try:
        return each_design(one, designs, jobs)
    finally:
        # Saved even when a design failed, so the renders that finished are not redone.
        if manifest.changed:
            manifest.save()


def check_many(
    designs: Sequence[Design],
    out_dir: str | Path,
    options: RenderOptions | None = None,
    *,
    jobs: int | None = None,
) -> list[Path]:
    """The files under `out_dir` that are missing or differ from what a render would write now;
    writes nothing. A design whose manifest entry has its current fingerprint, and whose files
    all still have their recorded SHA-256, is up to date without rendering; any other design is
    rendered (in memory, `jobs` at a time) and compared byte for byte."""
    options = options or RenderOptions()
    manifest = _Manifest(Path(out_dir))

    def one(design: Design) -> list[Path]:
        key = fingerprint(design, options)
        if manifest.up_to_date(design.id, key, output_names(design, options)) is not None:
            return []
        return check_outputs(design, out_dir, options)

    return [path for stale in each_design(one, designs, jobs) for path in stale]
