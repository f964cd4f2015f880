"""Writes every file the project writes: whole or not at all (a temporary file in the same folder,
then an atomic rename), so a reader never sees half a file and a failure leaves the old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ._errors import RenderError

__all__ = ["write_bytes", "write_text"]


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` whole or not at all; RenderError, naming the path, on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".partial", dir=path.parent
        )
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
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
