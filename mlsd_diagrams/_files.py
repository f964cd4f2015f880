"""Writes every file the project writes: whole or not at all (a temporary file in the same folder,
then an atomic rename), so a reader never sees half a file and a failure leaves the old one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ._errors import RenderError

__all__ = ["cache_folder", "write_bytes", "write_text"]


def cache_folder(name: str) -> Path:
    """Where the cache `name` (icons, layouts) is kept: under $MLSD_CACHE_DIR, else the user's
    cache folder ($XDG_CACHE_HOME or ~/.cache) in `mlsd-diagrams/`."""
    configured = os.environ.get("MLSD_CACHE_DIR")
    if configured:
        return Path(configured) / name
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mlsd-diagrams" / name


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` whole or not at all; RenderError, naming the path, on failure.

    The file gets the mode the umask gives a new file (0644 under umask 022). A symlink is
    followed: its target is written, the link stays. A FIFO or a device (/dev/null,
    /dev/stdout) is written through, since it cannot be replaced.
    """
    try:
        try:
            mode: int | None = path.stat().st_mode  # of what a symlink points at
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            with open(path, "wb") as handle:
                handle.write(data)
            return path
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent
        )
        try:
            os.fchmod(fd, 0o666 & ~_umask())
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as error:
        raise RenderError(
            f"{path}: cannot write it ({error.strerror or error}); check the disk and the "
            "folder's permissions, or pass another path"
        ) from None
    return path


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
