"""Writes text files whole: a temporary file in the same folder, then an atomic rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import RenderError

__all__ = ["write_text"]


def write_text(path: Path, text: str) -> Path:
    """Write `text` whole or not at all (temporary file, then rename); RenderError on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".partial", dir=path.parent
        )
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError as error:
        raise RenderError(
            f"{path}: cannot write it ({error.strerror or error}); pass another path"
        ) from None
    return path
