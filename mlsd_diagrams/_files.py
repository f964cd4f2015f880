"""Writes every file the project writes: each whole (staged beside it, then renamed), and the
files of one design all or none, so a failure leaves the old set as it was."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ._errors import RenderError

__all__ = [
    "NEARLY_FULL",
    "cache_folder",
    "disk_full_message",
    "free_bytes",
    "nearly_full",
    "write_bytes",
    "write_files",
    "write_text",
]


def cache_folder(name: str) -> Path:
    """Where the cache `name` (icons, layouts) is kept: under $MLSD_CACHE_DIR, else the user's
    cache folder ($XDG_CACHE_HOME or ~/.cache) in `mlsd-diagrams/`."""
    configured = os.environ.get("MLSD_CACHE_DIR")
    if configured:
        return Path(configured) / name
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mlsd-diagrams" / name


# Less than this left on a disk after a failed write, and the failure is taken for a full disk.
NEARLY_FULL = 1 << 20


def free_bytes(folder: Path) -> int | None:
    """The bytes free to this user on the disk holding `folder`, or None where it is unknown."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return None
    return info.f_bavail * info.f_frsize


def nearly_full(folder: Path) -> bool:
    """Whether the disk holding `folder` has (almost) no room left: a tool that failed to write
    there says so in its own words ("gvwrite_no_z problem"), if at all."""
    free = free_bytes(folder)
    return free is not None and free < NEARLY_FULL


def _mount_of(folder: Path) -> Path:
    path = Path(os.path.realpath(folder))
    while not path.exists() or not os.path.ismount(path):
        if path.parent == path:
            break
        path = path.parent
    return path


def disk_full_message(folder: Path, what: str, fix: str = "pass another folder") -> str:
    """`what` failed because the disk holding `folder` is full, said with the disk's mount."""
    return (
        f"{what}: the disk holding {folder} (mounted at {_mount_of(folder)}) is full; "
        f"free some space there or {fix}"
    )


def _failure(path: Path, error: OSError) -> RenderError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        what = f"{path}: cannot write it ({error.strerror or error})"
        return RenderError(disk_full_message(path.parent, what))
    return RenderError(
        f"{path}: cannot write it ({error.strerror or error}); check the disk and the "
        "folder's permissions, or pass another path"
    )


def _is_special(path: Path) -> bool:
    """A FIFO or a device (/dev/null, /dev/stdout): written through, it cannot be replaced."""
    try:
        mode = path.stat().st_mode  # of what a symlink points at
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _stage(path: Path, data: bytes) -> tuple[Path, str]:
    """`data` in a temporary file beside where `path` (or the file a symlink names) lives."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent
    )
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        os.unlink(temporary)
        raise
    return target, temporary


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file of `files` or none of them: each is staged beside its place, and only
    when all are written are they moved in, so a full disk leaves the old set whole. RenderError,
    naming the path (and the disk when it is full), on failure.

    A file gets the mode the umask gives a new file (0644 under umask 022). A symlink is
    followed: its target is written, the link stays. A FIFO or a device is written through,
    after the rest, since it cannot be replaced.
    """
    staged: list[tuple[Path, Path, str]] = []  # (asked for, written, temporary)
    through: list[tuple[Path, bytes]] = []
    current = Path()
    try:
        for current, data in files.items():
            if _is_special(current):
                through.append((current, data))
            else:
                staged.append((current, *_stage(current, data)))
        # (written, whether a file was there, a link to the bytes it replaced)
        moved: list[tuple[Path, bool, str | None]] = []
        try:
            for asked, target, temporary in staged:
                current = asked  # named in the error if the move fails
                moved.append((target, target.is_file(), _keep(target)))
                os.replace(temporary, target)
        except OSError:
            _put_back(moved[:-1])  # the last move failed: its old file is still in place
            raise
        finally:
            for _, _, old in moved:
                if old is not None and os.path.exists(old):
                    os.unlink(old)
        for current, data in through:
            with open(current, "wb") as handle:
                handle.write(data)
    except OSError as error:
        raise _failure(current, error) from None
    finally:
        for _, _, temporary in staged:
            if os.path.exists(temporary):
                os.unlink(temporary)
    return list(files)


def _keep(target: Path) -> str | None:
    """A hard link to the file at `target` (no copy, so no room needed), to put it back if a
    later move of the set fails; None when there is no file there or no link can be made."""
    if not target.is_file():
        return None
    name = str(target.parent / f".{target.name}.{secrets.token_hex(6)}.old")
    try:
        os.link(target, name)
    except OSError:
        return None  # a file system without hard links: that one file cannot be put back
    return name


def _put_back(moved: list[tuple[Path, bool, str | None]]) -> None:
    """Undo the moves of a set that failed part-way: old files back, new ones removed (a file
    whose old bytes could not be linked stays new: better than none)."""
    for target, existed, old in reversed(moved):
        with contextlib.suppress(OSError):
            if old is not None:
                os.replace(old, target)
            elif not existed:
                os.unlink(target)


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` whole or not at all; see `write_files`."""
    return write_files({path: data})[0]


def write_text(path: Path, text: str) -> Path:
    """Write `text` as UTF-8 with `\\n` line ends, whole or not at all."""
    return write_bytes(path, text.encode("utf-8"))


def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it (other threads may
    be creating files), else set and restored at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
