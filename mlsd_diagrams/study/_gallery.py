"""The gallery: an offline HTML page and a README showing every design, and a card per design."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .._errors import LoadError
from .._files import write_text
from .._model import Design, first_repeated_id
from ._card import card_markdown, cell, flat

__all__ = ["GalleryResult", "gallery_html", "gallery_readme", "write_gallery"]


_GALLERY_TITLE = "ML system design gallery"
_GALLERY_INTRO = (
    "Every design as a diagram and a 7-step study card. Open a diagram for full size; "
    "the study card walks from requirements to monitoring."
)

_CSS = """
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #ffffff; --text: #1f2430;
  --muted: #5b6270; --line: #dde1e7; --accent: #2f6fde; --thumb: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15181e; --card: #1f232b; --text: #e8eaef; --muted: #a2a9b6; --line: #323843;
    --accent: #7aa7ff; --thumb: #f4f5f7; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header { max-width: 1280px; margin: 0 auto; padding: 32px 24px 8px; }
h1 { margin: 0 0 6px; font-size: 28px; }
header p { margin: 0; color: var(--muted); max-width: 70ch; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; display: grid; gap: 20px;
  grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); }
article { background: var(--card); border: 1px solid var(--line); border-radius: 12px;
  overflow: hidden; display: flex; flex-direction: column;
  box-shadow: 0 1px 2px rgb(0 0 0 / 6%); transition: box-shadow .15s, transform .15s; }
article:hover { box-shadow: 0 6px 20px rgb(0 0 0 / 12%); transform: translateY(-2px); }
.thumb { display: block; background: var(--thumb); border-bottom: 1px solid var(--line);
  padding: 12px; }
.thumb img { display: block; width: 100%; height: 220px; object-fit: contain; }
.body { padding: 14px 16px 16px; display: flex; flex-direction: column; gap: 8px; flex: 1; }
h2 { margin: 0; font-size: 17px; line-height: 1.3; }
h2 a { color: inherit; text-decoration: none; }
h2 a:hover { color: var(--accent); }
.summary { margin: 0; color: var(--muted); font-size: 14px; display: -webkit-box;
  -webkit-line-clamp: 4; -webkit-box-orient: vertical; overflow: hidden; }
.meta { margin-top: auto; display: flex; flex-wrap: wrap; align-items: center;
  justify-content: space-between; gap: 8px; font-size: 13px; color: var(--muted); }
.meta span, .links a { white-space: nowrap; }
.links { display: flex; gap: 6px; }
.links a { color: var(--accent); text-decoration: none; border: 1px solid var(--line);
  border-radius: 999px; padding: 2px 10px; font-weight: 600; font-size: 12px; }
.links a:hover { background: var(--accent); border-color: var(--accent); color: var(--card); }
""".strip()


@dataclass
class GalleryResult:
    """What `write_gallery` wrote."""

    written: list[Path] = field(default_factory=list)


def _counts(design: Design) -> str:
    return f"{len(design.components)} components \u00b7 {len(design.flows)} flows"


def gallery_html(designs: Sequence[Design]) -> str:
    """A self-contained page: a thumbnail per design linking to its SVG, PNG and study card."""
    esc = html.escape
    articles = []
    for d in designs:
        svg, png, card = (quote(f"{d.id}.{ext}") for ext in ("svg", "png", "md"))
        articles.append(
            f'<article id="{esc(d.id)}">\n'
            f'  <a class="thumb" href="{svg}"><img src="{svg}" '
            f'alt="Diagram of {esc(d.title)}"></a>\n'
            f'  <div class="body">\n'
            f'    <h2><a href="{svg}">{esc(d.title)}</a></h2>\n'
            f'    <p class="summary">{esc(flat(d.summary))}</p>\n'
            f'    <div class="meta"><span>{_counts(d)}</span><nav class="links">'
            f'<a href="{svg}">SVG</a><a href="{png}">PNG</a><a href="{card}">Study card</a>'
            "</nav></div>\n"
            "  </div>\n"
            "</article>"
        )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_GALLERY_TITLE}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        f"<header>\n<h1>{_GALLERY_TITLE}</h1>\n<p>{len(designs)} designs. {_GALLERY_INTRO}</p>\n"
        "</header>\n<main>\n" + "\n".join(articles) + "\n</main>\n</body>\n</html>\n"
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
            f"## {flat(d.title)}",
            "",
            f"[![Diagram of {flat(d.title)}]({d.id}.png)]({d.id}.svg)",
            "",
        ]
        if d.summary.strip():
            lines += [flat(d.summary), ""]
        lines.append(
            f"[SVG]({d.id}.svg) · [PNG]({d.id}.png) · [study card]({d.id}.md) · {_counts(d)}"
        )
    return "\n".join(lines) + "\n"


def write_gallery(designs: Sequence[Design], out_dir: str | Path) -> GalleryResult:
    """Write a study card per design, `index.html` and `README.md` into `out_dir`; the diagrams
    they show are expected there (`mlsd gallery` renders the missing ones first).

    Raises LoadError when two designs share an id: their cards would overwrite each other.
    """
    repeated = first_repeated_id(designs)
    if repeated is not None:
        raise LoadError(
            f"two designs share the id `{repeated}`, and the gallery names files by id; "
            "rename one, or leave one out"
        )
    out = Path(out_dir)
    result = GalleryResult()
    for d in designs:
        result.written.append(write_text(out / f"{d.id}.md", card_markdown(d, f"{d.id}.svg")))
    result.written.append(write_text(out / "index.html", gallery_html(designs)))
    result.written.append(write_text(out / "README.md", gallery_readme(designs)))
    return result
