"""The explorer: one self-contained HTML page per design, the diagram inline beside its study card.

The page's behaviour (pan and zoom, tooltips, tracing a component's connections, build-up
frames, practice mode, the mock interview, the live preview's reload) is plain JavaScript
shipped beside this module; the design's data travels as JSON in a `<script
type="application/json">` block.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

from .._catalog import kind_spec
from .._model import Design, flow_ends
from ..render import frame_steps
from ._card import flat
from ._card_html import card_html
from ._compare import Comparison, compare_html
from ._interview import interview_data
from ._svg import UnreadableSvg, embed_figure_svg, embed_svg

__all__ = ["asset", "explorer_html", "json_script", "waiting_html"]


@cache
def asset(name: str) -> str:
    """A stylesheet or script shipped with the package (`explorer.css`, `explorer.js`, ...)."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def json_script(element_id: str, data: Any) -> str:
    """Data for the page's script. `<`, `>` and `&` are written as JSON escapes, so no text in it
    (a label holding `</script>`, say) can end the block or open markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(raw, escaped)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _data(design: Design, live_version: int | None) -> dict[str, Any]:
    frames = [sorted(frame) for frame in frame_steps(design)]
    ends = flow_ends(design)
    named = {end for f in design.flows for end in (f.source, f.target)}
    components = {
        c.id: {
            "label": flat(c.label) or c.id,
            "kind": c.kind,
            "category": kind_spec(c.kind).category.value,
            "plane": c.effective_plane.value,
            "tech": c.tech,
            "latency_ms": c.latency_ms,
            "notes": c.notes,
            "url": c.url,
        }
        for c in design.components
    }
    return {
        "id": design.id,
        "title": flat(design.title),
        "components": components,
        "order": [c.id for c in design.components],
        "flows": [
            {"source": f.source, "target": f.target, "kind": f.kind.value, "label": f.label}
            for f in design.flows
            if ends.get(f.source) and ends.get(f.target)
        ],
        # The groups flows name, each with its components: the page reaches through them.
        "groups": {
            g.id: {"label": flat(g.label), "members": list(ends.get(g.id, ()))}
            for g in design.groups
            if g.id in named and g.id not in components
        },
        "frames": frames,
        "interview": interview_data(design, len(frames)),
        "figures": {
            f.id: {"title": flat(f.title), "component": f.component} for f in design.figures
        },
        "live": live_version,
    }


def _figures_html(design: Design, figures: Mapping[str, str]) -> str:
    """The model figures drawn inline, each hidden until a component or the card opens it."""
    parts = []
    for figure in design.figures:
        svg = figures.get(figure.id)
        drawn = embed_figure_svg(svg, figure) if svg is not None else None
        if drawn is None:
            continue
        parts.append(
            f'<figure class="model-figure" data-figure="{figure.id}" hidden>'
            f"<figcaption>{html.escape(flat(figure.title))}</figcaption>{drawn}</figure>"
        )
    if not parts:
        return ""
    return (
        '<section id="figure-view" class="panel figure-view" hidden aria-live="polite">'
        '<button type="button" id="figure-close" class="figure-close" '
        'aria-label="Close the figure">&times;</button>' + "".join(parts) + "</section>"
    )


_TOOLBAR = """
<div class="toolbar" role="toolbar" aria-label="Diagram controls">
  <div class="tool-group" aria-label="Zoom">
    <button type="button" id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">&minus;</button>
    <button type="button" id="zoom-fit" title="Fit the diagram (0)">Fit</button>
    <button type="button" id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
  </div>
  <div class="tool-group" aria-label="Build-up frames">
    <button type="button" id="frame-prev" title="Previous frame (←)"
      aria-label="Previous frame">◀</button>
    <span id="frame-label" class="frame-label">All</span>
    <button type="button" id="frame-next" title="Next frame (→)" aria-label="Next frame">▶</button>
  </div>
  <button type="button" id="practice-toggle" class="practice-toggle" aria-pressed="false"
    title="Hide every name and test yourself (P)">Practice</button>
  <button type="button" id="interview-toggle" aria-pressed="false"
    title="A 45-minute mock interview over the plan's phases (I)">Interview</button>
  <button type="button" id="side-toggle" aria-expanded="true"
    title="Show or hide the study card (C)">Card</button>
  <button type="button" id="theme-toggle" class="theme-toggle"
    title="Theme: follows the system, light or dark">Auto</button>
</div>""".strip()

_PRACTICE = """
<section id="practice-panel" class="panel practice-panel" hidden aria-live="polite">
  <h3>Practice</h3>
  <p>Every name is hidden. Name each component from its icon, its group and its flows, then
  click it to check.</p>
  <div id="verdict" class="verdict" hidden>
    <p>It is <strong id="verdict-name"></strong>. Did you have it?</p>
    <div class="verdict-buttons">
      <button type="button" id="mark-right" class="right">Right</button>
      <button type="button" id="mark-wrong" class="wrong">Wrong</button>
    </div>
  </div>
  <p class="score-line"><span id="score" class="score">0 / 0</span> right
    <span id="remaining" class="remaining"></span></p>
  <div class="practice-actions">
    <button type="button" id="practice-reveal">Reveal all</button>
    <button type="button" id="practice-restart">Start again</button>
  </div>
</section>""".strip()


_INTERVIEW = """
<section id="interview-panel" class="panel interview-panel" hidden aria-label="Mock interview">
  <div class="interview-head">
    <span class="clock"><span id="interview-clock">00:00</span>
      <span class="clock-total">/ 45:00</span></span>
    <button type="button" id="interview-start" class="primary">Start the clock</button>
    <button type="button" id="interview-finish">Finish</button>
  </div>
  <ol id="interview-phases" class="phase-bar" aria-label="Phases"></ol>
  <p class="phase-when" id="phase-when"></p>
  <h3 id="phase-title"></h3>
  <p id="phase-cover" class="cover"></p>
  <div class="followup">
    <p><strong>Interviewer:</strong> <span id="phase-question"></span></p>
    <button type="button" id="phase-listen-toggle" aria-expanded="false">What they listen
      for</button>
    <p id="phase-listen" class="listen" hidden></p>
  </div>
  <label class="notes-label" for="phase-notes">Your notes for this phase
    <span class="hint">(kept in this browser)</span></label>
  <textarea id="phase-notes" rows="6" spellcheck="true"
    placeholder="Say it out loud, then jot the key points here"></textarea>
  <div class="reference">
    <h4>The card's points <span id="points-count" class="hint"></span></h4>
    <ul id="phase-points"></ul>
    <button type="button" id="reveal-point">Reveal the next point</button>
  </div>
  <div class="phase-nav">
    <button type="button" id="phase-prev">◀ Previous phase</button>
    <button type="button" id="phase-next">Next phase ▶</button>
  </div>
</section>""".strip()

_REVIEW = """
<section id="interview-review" class="interview-review" hidden aria-live="polite">
  <div class="review-head">
    <h2>Your interview, beside the reference card</h2>
    <p id="review-summary" class="hint"></p>
    <div class="review-actions">
      <a id="interview-download" class="button" href="#" download="interview.md">Download the
        notes (Markdown)</a>
      <button type="button" id="interview-restart">Start again (clears the notes)</button>
      <button type="button" id="interview-exit">Back to the diagram</button>
    </div>
  </div>
  <div id="review-rows" class="review-rows"></div>
</section>""".strip()


def _problems_html(problems: Sequence[str], has_drawing: bool) -> str:
    if not problems:
        return ""
    note = (
        "The drawing below is the last one that was valid."
        if has_drawing
        else "Nothing to draw until these are fixed."
    )
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
    return (
        f'<section id="problems" class="problems" role="alert"><strong>The design has '
        f"problems; fix them and save again.</strong> {note}<ul>{items}</ul></section>"
    )


def _shell(title: str, body: str, data: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{asset('explorer.css')}\n</style>\n"
        f"</head>\n<body>\n{body}\n{data}\n<script>\n{asset('explorer.js')}\n</script>\n"
        "</body>\n</html>\n"
    )


def explorer_html(
    design: Design,
    svg: str | None,
    *,
    index_href: str | None = None,
    live_version: int | None = None,
    problems: Sequence[str] = (),
    comparison: Comparison | None = None,
    figures: Mapping[str, str] | None = None,
) -> str:
    """The explorer page of `design`, with `svg` (its rendered diagram) inline.

    `index_href` links back to the gallery; `live_version` makes the page poll `/version` of the
    server that serves it and reload when it changes; `problems` are shown above the drawing;
    `comparison` is the trade-off matrix shown after the card; `figures` (figure id -> its
    rendered SVG) are drawn inline, opened from their component.
    """
    render = f"<code>mlsd render {html.escape(design.id)}</code>"
    try:
        diagram = embed_svg(svg, design) if svg else None
        missing = f"No drawing yet: render the design ({render}) and open this page again."
    except UnreadableSvg as error:
        diagram = None
        missing = (
            f"The SVG beside this page was not shown: {html.escape(str(error))}; render the "
            f"design again ({render})."
        )
    stage = diagram or f'<p class="no-drawing">{missing}</p>'
    back = (
        f'<a class="back" href="{html.escape(index_href)}">← All designs</a>' if index_href else ""
    )
    live = (
        '<span id="live" class="live" title="Reloads on every save">Live</span>'
        if live_version is not None
        else ""
    )
    matrix = compare_html(comparison) if comparison is not None else ""
    body = f"""
<header class="top">
  <div class="heading">{back}<h1>{html.escape(flat(design.title))}</h1>{live}</div>
  {_TOOLBAR}
</header>
{_problems_html(problems, diagram is not None)}
<main class="explorer">
  <div id="stage" class="stage" tabindex="0" aria-label="Diagram: scroll to zoom, drag to pan">
    {stage}
    <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
  </div>
  {_REVIEW}
  <aside class="side">
    {_INTERVIEW}
    {_PRACTICE}
    <section id="selection" class="panel selection" hidden aria-live="polite"></section>
    {_figures_html(design, figures or {})}
    <div id="card-wrap" class="card-wrap">{card_html(design)}{matrix}</div>
  </aside>
</main>
<footer class="hints">Click a component to trace what it connects to · Esc clears ·
  ← → build-up frames · scroll to zoom, drag to pan · P practice · I interview · C card</footer>"""
    return _shell(flat(design.title), body, json_script("design-data", _data(design, live_version)))


def waiting_html(name: str, problems: Sequence[str], live_version: int) -> str:
    """The live page while a design has never yet been valid: its problems, and nothing drawn."""
    body = (
        f'<header class="top"><div class="heading"><h1>{html.escape(name)}</h1>'
        '<span id="live" class="live">Live</span></div></header>\n'
        + _problems_html(problems, has_drawing=False)
    )
    data = {"id": "", "title": name, "components": {}, "order": [], "flows": [], "frames": []}
    return _shell(name, body, json_script("design-data", data | {"live": live_version}))
