"""Post-processing of Graphviz's files: SVG made self-contained, lean and at its true size; PDF
pinned; PNG checked against the size it was meant to have.

Graphviz writes one `<image>` per drawn icon, each naming a 256 px file. The finished SVG embeds
each distinct icon once, in `<defs>`, resampled to 2 px per point of the size it is drawn at and
losslessly compressed, and draws it with `<use>` where Graphviz put the `<image>`. Resampled icons
are kept in a cache folder (see `icon_cache_dir`), so no render pays for the same icon twice.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import math
import re
from functools import cache
from pathlib import Path

from ..._errors import RenderError
from ..._files import cache_folder, write_bytes
from ..layout._drawing import Layout
from ..scene._themes import dark_colours
from ._iconfiles import icon_path, is_own_icon

__all__ = [
    "ICON_PX_PER_PT",
    "finish_pdf",
    "finish_svg",
    "follow_colour_scheme",
    "icon_cache_dir",
    "resampled_icon",
]

ICON_PX_PER_PT = 2
"""Icon pixels per point drawn: sharp on a 2x (retina) screen, a fifth of the 256 px original."""
_CACHE_VERSION = "1"  # bump when the resampling changes, so old cached icons are not reused

_SVG_IMAGE = re.compile(r"<image\b([^>]*?)\s*/>")
_ATTRIBUTE = re.compile(r'([\w:.-]+)="([^"]*)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_SVG_SIZE = re.compile(
    r'<svg width="[^"]*" height="[^"]*"\s*viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"'
)
_SVG_SCALE = re.compile(r'transform="scale\([\d.]+ [\d.]+\) ')
_SVG_TRANSLATE = re.compile(r'class="graph" transform="[^"]*translate\(([\d.-]+) ([\d.-]+)\)')
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d+)([^)]*)\)")
# The attributes that make up an icon's picture; the rest (x, y, transform) place one copy of it.
_PICTURE = ("xlink:href", "width", "height", "preserveAspectRatio")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def icon_cache_dir() -> Path:
    """Where resampled icons are kept: $MLSD_CACHE_DIR, else the user's cache folder."""
    return cache_folder("icons")


@cache
def _pillow_version() -> str:
    from PIL import __version__

    return str(__version__)


def _shrink(source: bytes, longest_px: int) -> bytes:
    """The PNG `source` scaled so its longer side is `longest_px` (never enlarged), as a
    losslessly compressed PNG without metadata."""
    from PIL import Image

    with Image.open(io.BytesIO(source)) as image:
        image.load()
        width, height = image.size
        scale = longest_px / max(width, height)
        if scale >= 1:
            return source
        mode = "RGB" if image.mode == "RGB" else "RGBA"
        picture = image.convert(mode)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # Pillow resamples RGBA with premultiplied alpha, so transparent edges do not darken.
    small = picture.resize(size, Image.Resampling.LANCZOS)
    if small.mode == "RGBA" and small.getchannel("A").getextrema() == (255, 255):
        small = small.convert("RGB")
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def resampled_icon(path: Path, longest_px: int) -> bytes:
    """The icon at `path` as a PNG at most `longest_px` on its longer side, from the cache when
    an earlier render made it (keyed by the icon's bytes, the size and Pillow's version)."""
    source = path.read_bytes()
    key = hashlib.sha256(
        b"\0".join(
            [source, str(longest_px).encode(), _pillow_version().encode(), _CACHE_VERSION.encode()]
        )
    ).hexdigest()
    folder = icon_cache_dir()
    cached = _cached_icon(folder, key)
    if cached is not None:
        return cached
    data = _shrink(source, longest_px)
    # Named with its size and hash, so a truncated or altered entry is known and replaced. A
    # read-only or full cache folder only costs resampling again next time.
    digest = hashlib.sha256(data).hexdigest()[:32]
    with contextlib.suppress(RenderError):
        write_bytes(folder / f"{key}.{len(data)}.{digest}.png", data)
    return data


def _cached_icon(folder: Path, key: str) -> bytes | None:
    """The cache's entry for `key` when its bytes have the size and hash its name records;
    entries that do not (cut short by a full disk, changed by hand) are removed."""
    try:
        entries = list(folder.glob(f"{key}.*.png"))
    except OSError:
        return None
    for entry in entries:
        try:
            data = entry.read_bytes()
        except OSError:
            continue
        _, size, digest, _ = [*entry.name.split("."), "", "", ""][:4]
        if size == str(len(data)) and digest == hashlib.sha256(data).hexdigest()[:32]:
            return data
        with contextlib.suppress(OSError):
            entry.unlink()
    return None


@cache
def _data_uri(relative: str, longest_px: int) -> str:
    return _uri(relative, longest_px)


def _uri(relative: str, longest_px: int) -> str:
    encoded = base64.b64encode(resampled_icon(icon_path(relative), longest_px)).decode("ascii")
    return f"data:image/png;base64,{encoded}"


def _points(length: str) -> float:
    try:
        return float(length.removesuffix("px").removesuffix("pt"))
    except ValueError:
        return 0.0


def _share_icons(text: str) -> str:
    """Each distinct icon once in `<defs>`, and a `<use>` where Graphviz drew an `<image>`.

    A `<use>` at x, y draws its target translated by (x, y), so an image defined at the origin
    and used at x, y is drawn exactly where an image at x, y was.
    """
    defined: dict[tuple[str, ...], str] = {}
    defs: list[str] = []

    def share(match: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        href = attributes.get("xlink:href", "")
        if not href or href.startswith(("data:", "#")):
            return match.group(0)
        drawn = max(_points(attributes.get("width", "")), _points(attributes.get("height", "")))
        longest = math.ceil(drawn * ICON_PX_PER_PT) if drawn > 0 else 256
        # A design's own icon may change between renders of one process (`mlsd watch`).
        uri = _uri(href, longest) if is_own_icon(href) else _data_uri(href, longest)
        attributes["xlink:href"] = uri
        picture = tuple(f'{name}="{attributes[name]}"' for name in _PICTURE if name in attributes)
        icon_id = defined.get(picture)
        if icon_id is None:
            # Named by content, so two SVGs inlined into one page can share ids harmlessly.
            icon_id = "icon-" + hashlib.sha256(" ".join(picture).encode()).hexdigest()[:12]
            defined[picture] = icon_id
            defs.append(f'<image id="{icon_id}" {" ".join(picture)}/>')
        placement = "".join(
            f' {name}="{value}"' for name, value in attributes.items() if name not in _PICTURE
        )
        return f'<use xlink:href="#{icon_id}"{placement}/>'

    text = _SVG_IMAGE.sub(share, text)
    if not defs:
        return text
    opening = _SVG_OPEN.search(text)
    if opening is None:
        raise RenderError("Graphviz wrote svg output without an <svg> element; reinstall Graphviz")
    block = "\n<defs>\n" + "\n".join(defs) + "\n</defs>"
    return text[: opening.end()] + block + text[opening.end() :]


def finish_svg(data: bytes, layout: Layout | None = None) -> bytes:
    """Embed icons once each and undo Graphviz's scaling (dpi, and the PNG's size cap), so the
    SVG stands alone at its true size: the layout's size plus the padding Graphviz put round it.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Only a broken Graphviz writes an SVG that is not UTF-8.
        raise RenderError("Graphviz wrote unreadable svg output; reinstall Graphviz") from None
    text = _share_icons(text)
    shift = _SVG_TRANSLATE.search(text)
    size = _SVG_SIZE.search(text)
    if size is not None:
        x0, y0, width, height = size.groups()
        if layout is not None and shift is not None:
            # The graph is translated by (pad, layout height + pad): its true size follows.
            # Graphviz's viewBox has it too, unless the PNG's size cap shrank the drawing.
            pad_x, shift_y = float(shift.group(1)), float(shift.group(2))
            true_width = layout.width + 2 * pad_x
            true_height = 2 * shift_y - layout.height
            if abs(true_width - float(width)) > 0.5 or abs(true_height - float(height)) > 0.5:
                width, height = f"{true_width:.2f}", f"{true_height:.2f}"
        text = (
            text[: size.start()]
            + f'<svg width="{width}pt" height="{height}pt"\n viewBox="{x0} {y0} {width} {height}"'
            + text[size.end() :]
        )
    return _SVG_SCALE.sub('transform="scale(1 1) ', text, count=1).encode("utf-8")


def finish_pdf(data: bytes) -> bytes:
    """Pin cairo's creation date with its time-zone offset (`+01'00'` becomes `Z` and spaces: the
    same length, so the cross-reference table stays right)."""

    def pinned(match: re.Match[bytes]) -> bytes:
        offset = match.group(3)
        zone = b"Z".ljust(len(offset)) if offset else b""
        return b"/" + match.group(1) + b" (D:" + b"0" * len(match.group(2)) + zone + b")"

    return _PDF_DATE.sub(pinned, data)


def follow_colour_scheme(svg: bytes) -> bytes:
    """A light SVG that turns dark where its reader prefers dark (`--theme auto`): a style
    sheet maps each light colour Graphviz wrote as a `fill` or `stroke` to the dark theme's,
    inside `prefers-color-scheme: dark`, so one file serves both, as the page around it does."""
    rules = "".join(
        f'[{prop}="{light}" i]{{{prop}:{dark}}}'
        for light, dark in sorted(dark_colours().items())
        for prop in ("fill", "stroke")
    )
    style = f"<style>@media (prefers-color-scheme: dark){{{rules}}}</style>"
    text = svg.decode("utf-8")
    opening = _SVG_OPEN.search(text)
    if opening is None:
        raise RenderError("Graphviz wrote an SVG with no <svg> element; reinstall Graphviz")
    return (text[: opening.end()] + "\n" + style + text[opening.end() :]).encode("utf-8")
