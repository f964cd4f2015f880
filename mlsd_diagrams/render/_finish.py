"""Post-processing of Graphviz's files: SVG made self-contained at its true size, PDF pinned."""

from __future__ import annotations

import base64
import re
from functools import cache

from .._errors import RenderError
from ._dot import resources_dir

__all__ = ["finish_pdf", "finish_svg"]

_SVG_IMAGE = re.compile(r'xlink:href="([^"]+)"')
_SVG_SIZE = re.compile(
    r'<svg width="[^"]*" height="[^"]*"\s*viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"'
)
_SVG_SCALE = re.compile(r'transform="scale\([\d.]+ [\d.]+\) ')
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d+)")


@cache
def _data_uri(relative: str) -> str:
    path = (resources_dir() / relative).resolve()
    if resources_dir() not in path.parents or not path.is_file():
        raise RenderError(f"icon `{relative}` is missing from the diagrams package; reinstall it")
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:image/png;base64,{encoded}"


def finish_svg(data: bytes) -> bytes:
    """Embed icons and undo Graphviz's dpi scaling, so the SVG stands alone at its true size."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Only a broken Graphviz writes an SVG that is not UTF-8.
        raise RenderError("Graphviz wrote unreadable svg output; reinstall Graphviz") from None
    text = _SVG_IMAGE.sub(lambda m: f'xlink:href="{_data_uri(m.group(1))}"', text)
    text = _SVG_SIZE.sub(
        lambda m: (
            f'<svg width="{m.group(3)}pt" height="{m.group(4)}pt"\n'
            f' viewBox="{m.group(1)} {m.group(2)} {m.group(3)} {m.group(4)}"'
        ),
        text,
        count=1,
    )
    return _SVG_SCALE.sub('transform="scale(1 1) ', text, count=1).encode("utf-8")


def finish_pdf(data: bytes) -> bytes:
    """Pin cairo's creation date (same length, so the cross-reference table stays right)."""
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + b"0" * len(m.group(2)), data)
