"""The gallery: an offline HTML page and a README showing every design, and a card per design."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .._errors import LoadError
from .._files import write_files
from .._model import Design, first_repeated_id
from ._card import card_markdown, cell, figure_file, flat, words
from ._compare import comparison_of
from ._explorer import asset, explorer_html

__all__ = ["GalleryResult", "gallery_html", "gallery_readme", "write_gallery"]


_GALLERY_TITLE = "ML system design gallery"
_GALLERY_INTRO = (
    "Every design as a diagram and a 7-step study card. Open a diagram for full size; "
    "the study card walks from requirements to monitoring."
)
_EXPORT_NAMES = {
    "pptx": "PowerPoint",
    "drawio": "draw.io",
    "excalidraw": "Excalidraw",
    "mmd": "Mermaid",
    "d2": "D2",
}


@dataclass
class GalleryResult:
    """What `write_gallery` wrote."""

    written: list[Path] = field(default_factory=list)


def _counts(design: Design) -> str:
    return f"{len(design.components)} components \u00b7 {len(design.flows)} flows"


def _kind_name(kind: str) -> str:
    return kind.replace("_", " ")


def _article(d: Design, exports: Sequence[str]) -> str:
    esc = html.escape
    svg, png, card, page = (quote(f"{d.id}.{ext}") for ext in ("svg", "png", "md", "html"))
    kinds = sorted({c.kind for c in d.components})
    words = [d.title, d.summary, *(c.label for c in d.components), *map(_kind_name, kinds)]
    search = flat(" ".join(words)).lower()
    chips = "".join(
        f'<button type="button" class="chip" data-kind="{esc(k)}">{esc(_kind_name(k))}</button>'
        for k in kinds
    )
    links = [("Explore", page), ("Study card", card), ("SVG", svg), ("PNG", png)]
    links += [(_EXPORT_NAMES[ext], quote(f"{d.id}.{ext}")) for ext in exports]
    nav = "".join(f'<a href="{href}">{esc(name)}</a>' for name, href in links)
    return (
        f'<article id="{esc(d.id)}" data-search="{esc(search)}" '
        f'data-kinds="{esc(" ".join(kinds))}">\n'
        f'  <a class="thumb" href="{page}" title="Explore {esc(flat(d.title))}"><img src="{svg}" '
        f'alt="Diagram of {esc(flat(d.title))}" loading="lazy"></a>\n'
        f'  <div class="body">\n'
        f'    <h2><a href="{page}">{esc(flat(d.title))}</a></h2>\n'
        f'    <p class="summary">{esc(flat(d.summary))}</p>\n'
        f'    <div class="kinds">{chips}</div>\n'
        f'    <div class="meta"><span>{_counts(d)}</span></div>\n'
        f'    <nav class="links">{nav}</nav>\n'
        "  </div>\n"
        "</article>"
    )


def gallery_html(
    designs: Sequence[Design], exports: Mapping[str, Sequence[str]] | None = None
) -> str:
    """A self-contained page: a preview per design linking to its explorer page, study card, SVG,
    PNG and the exports named in `exports` (extensions by design id), searchable by text and
    filterable by component kind."""
    exports = exports or {}
    used: dict[str, int] = {}
    for d in designs:
        for kind in {c.kind for c in d.components}:
            used[kind] = used.get(kind, 0) + 1
    options = "".join(
        f'<option value="{html.escape(k)}">{html.escape(_kind_name(k))} ({n})</option>'
        for k, n in sorted(used.items())
    )
    articles = "\n".join(_article(d, exports.get(d.id, ())) for d in designs)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_GALLERY_TITLE}</title>\n<style>\n{asset('gallery.css')}</style>\n</head>\n"
        f"<body>\n<header>\n<h1>{_GALLERY_TITLE}</h1>\n<p>{len(designs)} designs. "
        f"{_GALLERY_INTRO}</p>\n"
        '<div class="controls" role="search">'
        '<input id="search" type="search" placeholder="Search titles, summaries, components…" '
        'aria-label="Search designs" autocomplete="off">'
        '<select id="kind" aria-label="Only designs with a component of this kind">'
        f'<option value="">Any component kind</option>{options}</select>'
        f'<span id="count" class="count">{len(designs)} of {len(designs)} designs</span></div>\n'
        '</header>\n<main id="designs">\n'
        + articles
        + '\n<p id="none" class="none" hidden>No design matches; clear the search or the kind.</p>'
        + f"\n</main>\n<script>\n{asset('gallery.js')}</script>\n</body>\n</html>\n"
    )


def gallery_readme(designs: Sequence[Design]) -> str:
    """The gallery as GitHub-flavoured Markdown: an index table, then each design's diagram."""
    lines = [
        f"# {_GALLERY_TITLE}",
        "",
        f"{len(designs)} designs. {_GALLERY_INTRO}",
        "",
        "| Design | Size | Files |",
        "|---|---|---|",
    ]
    for d in designs:
        lines.append(
            f"| [{cell(d.title)}](#{d.id.replace('_', '-')}) | {_counts(d)} | "
            f"[SVG]({d.id}.svg) · [PNG]({d.id}.png) · [study card]({d.id}.md) |"
        )
    for d in designs:
        # An explicit anchor: GitHub's own heading slugs depend on the title's punctuation.
        lines += [
            "",
            f'<a id="{d.id.replace("_", "-")}"></a>',
            "",
            f"## {words(d.title)}",
            "",
            f"[![Diagram of {words(d.title)}]({d.id}.png)]({d.id}.svg)",
            "",
        ]
        if d.summary.strip():
            lines += [words(d.summary), ""]
        lines.append(
            f"[SVG]({d.id}.svg) · [PNG]({d.id}.png) · [study card]({d.id}.md) · {_counts(d)}"
        )
    return "\n".join(lines) + "\n"


def write_gallery(
    designs: Sequence[Design], out_dir: str | Path, *, others: Sequence[Design] = ()
) -> GalleryResult:
    """Write a study card and an explorer page (`<id>.html`) per design, `index.html` and
    `README.md` into `out_dir`; the diagrams they show are expected there (`mlsd gallery` renders
    the missing ones first), and exports found there are linked. A design naming others in
    `compare_with` gets their trade-off matrix; they are looked up in `designs`, then `others`.

    Raises LoadError when two designs share an id: their cards would overwrite each other.
    """
    repeated = first_repeated_id(designs)
    if repeated is not None:
        raise LoadError(
            f"two designs share the id `{repeated}`, and the gallery names files by id; "
            "rename one, or leave one out"
        )
    out = Path(out_dir)
    pages: dict[Path, bytes] = {}
    exports: dict[str, list[str]] = {}
    known = {o.id: o for o in others} | {d.id: d for d in designs}
    for d in designs:
        matrix = comparison_of(d, known)
        pages[out / f"{d.id}.md"] = card_markdown(d, f"{d.id}.svg", matrix).encode("utf-8")
        svg_file = out / f"{d.id}.svg"
        svg = svg_file.read_text(encoding="utf-8", errors="replace") if svg_file.is_file() else None
        # Figures drawn beside the diagram (`mlsd render --figures`) open from the page.
        figure_files = {f.id: out / figure_file(d.id, f.id) for f in d.figures}
        figures = {
            fid: path.read_text(encoding="utf-8", errors="replace")
            for fid, path in figure_files.items()
            if path.is_file()
        }
        page = explorer_html(d, svg, index_href="index.html", comparison=matrix, figures=figures)
        pages[out / f"{d.id}.html"] = page.encode("utf-8")
        exports[d.id] = [ext for ext in _EXPORT_NAMES if (out / f"{d.id}.{ext}").is_file()]
    pages[out / "index.html"] = gallery_html(designs, exports).encode("utf-8")
    pages[out / "README.md"] = gallery_readme(designs).encode("utf-8")
    # Every page or none: a full disk must not leave a new card beside an old page.
    return GalleryResult(write_files(pages))
