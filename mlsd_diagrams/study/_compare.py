"""The trade-off matrix of `mlsd compare`: operational debt computed from the designs' graphs."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .._catalog import DATA_FLOWS, Category, FlowKind, Plane, kind_spec, kinds_running_models
from .._diagnostics import Severity
from .._files import write_text
from .._model import Design
from .._model import DesignGraph as Graph
from ..rules import validate
from ._text import cell, flat

__all__ = [
    "Comparison",
    "Row",
    "compare",
    "compare_html",
    "compare_json",
    "compare_markdown",
    "compare_stem",
    "compare_svg",
    "compare_text",
    "comparison_of",
    "write_compare",
]

Value = int | float | str | None
Better = Literal["lower", "higher"] | None

# Models served online, and those a batch job runs to precompute predictions.
_MODELS = kinds_running_models()
_RANK = {Plane.ONLINE: 0, Plane.NEARLINE: 1, Plane.OFFLINE: 2}


@dataclass(frozen=True)
class Row:
    """One line of the matrix: a value per design, with a short note saying where it comes from."""

    id: str
    label: str
    values: tuple[Value, ...]
    better: Better
    declared: bool = False
    details: tuple[str, ...] = ()
    ranks: tuple[float | None, ...] = ()
    """What `better` compares: the values, or the order of planes for freshness."""

    def best(self) -> set[int]:
        """The columns holding the best value, when the row has a direction and values differ."""
        known = [(i, r) for i, r in enumerate(self.ranks) if r is not None]
        if self.better is None or len({r for _, r in known}) < 2:
            return set()
        pick = min if self.better == "lower" else max
        target = pick(r for _, r in known)
        return {i for i, r in known if r == target}


@dataclass(frozen=True)
class Comparison:
    """Designs side by side: one column each, rows computed from the graphs, then declared ones."""

    designs: tuple[str, ...]
    titles: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class _Figure:
    value: Value
    detail: str = ""


def _is_store(graph: Graph, cid: str) -> bool:
    # A retained log holds state too: Kappa reprocesses from it.
    category = kind_spec(graph.components[cid].kind).category
    return category in (Category.STORE, Category.MESSAGING)


def _is_job(graph: Graph, cid: str) -> bool:
    return kind_spec(graph.components[cid].kind).category is Category.PIPELINE


def _batch_jobs(graph: Graph) -> list[str]:
    return [c for c in graph.components if _is_job(graph, c) and graph.plane(c) is Plane.OFFLINE]


def _stream_jobs(graph: Graph) -> list[str]:
    return [
        c for c in graph.components if _is_job(graph, c) and graph.plane(c) is not Plane.OFFLINE
    ]


def _served_stores(graph: Graph) -> list[str]:
    """Stores a client's request reads, in declaration order."""
    return [c for c in graph.components if c in graph.served and _is_store(graph, c)]


def _upstream(graph: Graph, starts: Sequence[str]) -> list[str]:
    """What feeds `starts` over data flows, nearest first (the starts excluded)."""
    return [c for c in graph.reach(starts, DATA_FLOWS, backward=True) if c not in starts]


def _names(ids: Sequence[str]) -> str:
    return " + ".join(ids)


def _count(ids: Sequence[str]) -> _Figure:
    """How many, and which: the first few by id, then how many more."""
    shown = _names(ids[:4]) + (f" + {len(ids) - 4} more" if len(ids) > 4 else "")
    return _Figure(len(ids), shown)


def _duplicated(graph: Graph) -> _Figure:
    """Logic written twice: what one serving component reads is fed from one source both by a
    batch job and by a stream job (Lambda's batch and speed layers). Kappa's live job and its
    replay are both stream jobs, one code path run twice; so is a batch job of the stream job's
    own kind and technology (the same code replaying history offline)."""
    batch, stream = set(_batch_jobs(graph)), set(_stream_jobs(graph))
    found: dict[tuple[frozenset[str], frozenset[str]], str] = {}
    for reader in graph.served:
        reads = [reader] if _is_store(graph, reader) else []
        reads += [
            f.target
            for f in graph.out[reader]
            if f.kind is FlowKind.REQUEST and _is_store(graph, f.target)
        ]
        if not reads:
            continue
        feeding = _upstream(graph, reads)
        slow = [c for c in feeding if c in batch]
        fast = [c for c in feeding if c in stream]
        if not slow or not fast or _signature(graph, slow) == _signature(graph, fast):
            continue
        from_slow = _upstream(graph, slow)
        common = [c for c in _upstream(graph, fast) if c in from_slow]
        if common:
            found.setdefault(
                (frozenset(slow), frozenset(fast)),
                f"{_names(slow)} and {_names(fast)} from {common[0]}",
            )
    return _Figure(len(found), "; ".join(found.values()))


def _signature(graph: Graph, jobs: Sequence[str]) -> set[tuple[str, str]]:
    return {(graph.components[j].kind, (graph.components[j].tech or "").lower()) for j in jobs}


def _technologies(graph: Graph) -> _Figure:
    seen: dict[str, str] = {}
    for component in graph.components.values():
        if component.tech and component.tech.strip():
            seen.setdefault(flat(component.tech).lower(), flat(component.tech))
    return _Figure(len(seen), ", ".join(seen.values()))


def _on_call(graph: Graph) -> _Figure:
    """Online and nearline systems someone is paged for: not the users, not the people."""
    ids = [
        cid
        for cid, c in graph.components.items()
        if c.effective_plane is not Plane.OFFLINE
        and kind_spec(c.kind).category is not Category.PEOPLE
        and c.kind != "client"
    ]
    return _Figure(len(ids))


def _slowest_request(graph: Graph) -> _Figure:
    """The largest latency sum over request paths from the clients (the design graph's longest
    path); None when there is no request path or the request flows loop."""
    found = graph.slowest_request
    if found is None or len(found[1]) < 2:
        return _Figure(None)
    served = graph.served
    figures = [graph.components[c].latency_ms for c in served] + [
        f.latency_ms for c in served for f in graph.out[c] if f.kind is FlowKind.REQUEST
    ]
    if all(figure is None for figure in figures):
        return _Figure(None, "no latency_ms on the request path")
    total, path, _ = found
    return _Figure(round(total, 3), " → ".join(path))


def _freshness(graph: Graph) -> tuple[_Figure, float | None]:
    """The slowest plane between an event and what serving reads."""
    slowest: tuple[int, str, str] | None = None
    for store in _served_stores(graph):
        for cid in _upstream(graph, [store]):
            rank = _RANK[graph.plane(cid)]
            if slowest is None or rank > slowest[0]:
                slowest = (rank, store, cid)
    if slowest is None:
        return _Figure(None), None
    rank, store, cid = slowest
    plane = graph.plane(cid).value
    return _Figure(plane, f"{store} fed via {cid}"), float(rank)


def _reprocessing(graph: Graph) -> _Figure:
    """How what serving reads is recomputed from history: a batch job over stored data, else a
    stream job re-reading the retained log it consumes."""
    feeding = _upstream(graph, _served_stores(graph))
    batch_jobs, stream_jobs = set(_batch_jobs(graph)), set(_stream_jobs(graph))
    batch = [c for c in feeding if c in batch_jobs]
    if batch:
        return _Figure("re-run a batch job", _names(batch[:3]))
    logs = {
        c for c in feeding if kind_spec(graph.components[c].kind).category is Category.MESSAGING
    }
    replays = [
        c for c in feeding if c in stream_jobs and any(f.source in logs for f in graph.into[c])
    ]
    if replays:
        log = next(f.source for f in graph.into[replays[0]] if f.source in logs)
        return _Figure("replay the log", f"{log} → {_names(replays[:3])}")
    return _Figure("none", "nothing recomputes what serving reads")


def _findings(design: Design) -> _Figure:
    found = validate(design)
    errors = sum(f.severity is Severity.ERROR for f in found)
    detail = f"{errors} error(s), {len(found) - errors} warning(s)" if found else ""
    return _Figure(len(found), detail)


# The computed rows, in the order of the SPEC: id, label, better, how to read one design.
_ROWS: tuple[tuple[str, str, Better, Callable[[Graph], _Figure]], ...] = (
    ("components", "Components", "lower", lambda g: _Figure(len(g.components))),
    (
        "stores",
        "Stores (stateful)",
        "lower",
        lambda g: _count([c for c in g.components if _is_store(g, c)]),
    ),
    ("batch_jobs", "Batch jobs", "lower", lambda g: _count(_batch_jobs(g))),
    ("stream_jobs", "Stream jobs", "lower", lambda g: _count(_stream_jobs(g))),
    ("duplicated_paths", "Duplicated logic paths", "lower", _duplicated),
    ("technologies", "Technologies to run", "lower", _technologies),
    ("on_call", "On call (online + nearline)", "lower", _on_call),
    ("request_latency_ms", "Slowest request path (ms)", "lower", _slowest_request),
    ("sla_ms", "Latency budget (ms)", None, lambda g: _Figure(g.design.sla_ms)),
)


def _rank(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def compare(designs: Sequence[Design]) -> Comparison:
    """The matrix of `designs` (two or more), one column each, in the order given."""
    graphs = [Graph.of(d) for d in designs]
    rows: list[Row] = []

    def add(
        row_id: str, label: str, better: Better, figures: list[_Figure], ranks: list[float | None]
    ) -> None:
        rows.append(
            Row(
                row_id,
                label,
                tuple(f.value for f in figures),
                better,
                details=tuple(f.detail for f in figures),
                ranks=tuple(ranks),
            )
        )

    for row_id, label, better, read in _ROWS:
        figures = [read(g) for g in graphs]
        add(row_id, label, better, figures, [_rank(f.value) for f in figures])
    fresh = [_freshness(g) for g in graphs]
    add(
        "freshness",
        "Freshness to serving",
        "lower",
        [f for f, _ in fresh],
        [r for _, r in fresh],
    )
    repro = [_reprocessing(g) for g in graphs]
    add("reprocessing", "Reprocessing history", None, repro, [None] * len(repro))
    models = [_count(g.of_kind(_MODELS)) for g in graphs]
    add("models", "Models to train and serve", "lower", models, [_rank(f.value) for f in models])
    found = [_findings(d) for d in designs]
    add("findings", "Validation findings", "lower", found, [_rank(f.value) for f in found])
    rows += _declared(designs)
    return Comparison(
        tuple(d.id for d in designs), tuple(flat(d.title) for d in designs), tuple(rows)
    )


def _declared(designs: Sequence[Design]) -> list[Row]:
    """Each declared `debt` row once, in order of first appearance, matched across designs by id."""
    order: dict[str, tuple[str, Better]] = {}
    for design in designs:
        for row in design.debt:
            order.setdefault(row.id, (flat(row.label), row.better))
    rows = []
    for row_id, (label, better) in order.items():
        values: list[Value] = []
        for design in designs:
            mine = next((r for r in design.debt if r.id == row_id), None)
            values.append(flat(mine.value) if mine else None)
        rows.append(
            Row(
                row_id,
                label,
                tuple(values),
                better,
                declared=True,
                details=("",) * len(designs),
                ranks=(None,) * len(designs),
            )
        )
    return rows


def comparison_of(design: Design, known: Mapping[str, Design]) -> Comparison | None:
    """The matrix a card or explorer page shows: `design` beside the designs it names in
    `compare_with` that `known` holds; None when it names none of them."""
    partners = [known[i] for i in design.compare_with if i in known]
    return compare([design, *partners]) if partners else None


def _shown(value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def compare_json(comparison: Comparison) -> str:
    """`{"designs": [ids], "rows": [{"id", "label", "values", "better", "declared"}]}`; each
    row also carries `details`, one note per value saying where it comes from."""
    data = {
        "designs": list(comparison.designs),
        "rows": [
            {
                "id": r.id,
                "label": r.label,
                "values": list(r.values),
                "better": r.better,
                "declared": r.declared,
                "details": list(r.details),
            }
            for r in comparison.rows
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cells(row: Row) -> list[str]:
    best = row.best()
    return [_shown(v) + (" *" if i in best else "") for i, v in enumerate(row.values)]


def compare_text(comparison: Comparison) -> str:
    """An aligned table for the terminal; `*` marks the best value of a row that has a direction."""
    heads = ["", *comparison.designs, "better"]
    table = [heads]
    for row in comparison.rows:
        label = f"{row.label} (declared)" if row.declared else row.label
        table.append([label, *_cells(row), row.better or ""])
    widths = [max(len(line[i]) for line in table) for i in range(len(heads))]
    lines = [f"Operational debt: {' vs '.join(comparison.designs)}", ""]
    for number, line in enumerate(table):
        lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", "* best on its row; declared rows are the designs' own figures, shown as written"]
    return "\n".join(lines) + "\n"


def compare_markdown(comparison: Comparison, *, level: int = 1) -> str:
    """The matrix as a Markdown table under a heading of `level`; best values in bold."""
    titles = " vs ".join(words for words in comparison.titles)
    lines = [f"{'#' * level} Operational debt: {cell(titles)}", ""]
    lines.append("| | " + " | ".join(cell(t) for t in comparison.titles) + " | Better |")
    lines.append("|---" * (len(comparison.designs) + 2) + "|")
    for row in comparison.rows:
        best = row.best()
        values = []
        for i, value in enumerate(row.values):
            text = cell(_shown(value))
            text = f"**{text}**" if i in best else text
            detail = row.details[i] if i < len(row.details) else ""
            values.append(f"{text} ({cell(detail)})" if detail else text)
        label = cell(row.label) + (" _(declared)_" if row.declared else "")
        lines.append(f"| {label} | " + " | ".join(values) + f" | {row.better or ''} |")
    lines += [
        "",
        "_Computed from the designs' graphs; bold is best on its row. Declared rows "
        "are the designs' own figures, shown as written._",
        "",
    ]
    return "\n".join(lines)


def compare_html(comparison: Comparison) -> str:
    """The matrix as a collapsible section of the explorer's study card; every word escaped."""
    e = html.escape
    others = " and ".join(comparison.titles[1:])
    heads = "".join(f'<th scope="col">{e(t)}</th>' for t in comparison.titles)
    body = []
    for row in comparison.rows:
        best = row.best()
        cells = []
        for i, value in enumerate(row.values):
            detail = row.details[i] if i < len(row.details) else ""
            note = f'<span class="detail">{e(detail)}</span>' if detail else ""
            mark = ' class="best"' if i in best else ""
            cells.append(f"<td{mark}>{e(_shown(value))}{note}</td>")
        arrow = {"lower": " ↓", "higher": " ↑"}.get(row.better or "", "")
        kind = ' class="declared"' if row.declared else ""
        body.append(
            f'<tr data-row="{e(row.id)}"{kind}><th scope="row">{e(row.label)}'
            f'<span class="better">{arrow}</span></th>{"".join(cells)}</tr>'
        )
    return (
        '<section class="card compare-card" aria-label="Trade-off matrix">'
        '<details class="step compare" id="compare" open><summary><span class="num">⚖</span>'
        f"Operational debt vs {e(others)}</summary>"
        f'<table class="card-table compare-table"><thead><tr><th></th>{heads}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        '<p class="compare-note">Computed from the graphs (↓ lower is better; the best value is '
        "green); declared rows are the designs' own figures. "
        f"<code>mlsd compare {e(' '.join(comparison.designs))}</code></p></details></section>"
    )


def compare_stem(comparison: Comparison) -> str:
    """`lambda_architecture-vs-kappa_architecture`: the name of the matrix's files."""
    return "-vs-".join(comparison.designs)


def write_compare(comparison: Comparison, out_dir: str | Path) -> list[Path]:
    """`DIR/<a>-vs-<b>.svg` (a table for a slide) and `DIR/<a>-vs-<b>.md`."""
    out = Path(out_dir)
    stem = compare_stem(comparison)
    return [
        write_text(out / f"{stem}.svg", compare_svg(comparison)),
        write_text(out / f"{stem}.md", compare_markdown(comparison)),
    ]


# The slide table's geometry, in px: a 16:9 slide holds it at 1280 wide for two designs.
_LABEL_W, _COL_W, _ROW_H, _HEAD_H, _TITLE_H, _PAD = 330, 420, 46, 54, 64, 24
_CHAR = {20: 10.2, 17: 8.6, 13: 6.7}  # average glyph width of the sans-serif at each size


def _fit(text: str, width: float, size: int) -> str:
    """`text` cut to what `width` holds at `size`, with an ellipsis when cut."""
    room = int(width / _CHAR[size])
    return text if len(text) <= room else text[: max(room - 1, 1)].rstrip() + "…"


def compare_svg(comparison: Comparison) -> str:
    """The matrix as a standalone SVG table for a slide: best values green and bold, each value
    with its source in small grey type, declared rows under their own heading."""
    count = len(comparison.designs)
    width = _PAD * 2 + _LABEL_W + _COL_W * count
    computed = [r for r in comparison.rows if not r.declared]
    declared = [r for r in comparison.rows if r.declared]
    height = _PAD * 2 + _TITLE_H + _HEAD_H + _ROW_H * (len(computed) + len(declared))
    height += _HEAD_H if declared else 0
    e = html.escape
    title = "Operational debt: " + " vs ".join(comparison.titles)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" '
        f'role="img" aria-label="{e(title)}">',
        f"<title>{e(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{_PAD}" y="{_PAD + 30}" font-size="20" font-weight="bold" fill="#1f2937">'
        f"{e(_fit(title, width - 2 * _PAD, 20))}</text>",
    ]
    y = _PAD + _TITLE_H
    out.append(
        f'<rect x="{_PAD}" y="{y}" width="{width - 2 * _PAD}" height="{_HEAD_H}" '
        'fill="#1f2937" rx="4"/>'
    )
    for i, name in enumerate(comparison.titles):
        x = _PAD + _LABEL_W + _COL_W * i + 16
        out.append(
            f'<text x="{x}" y="{y + 34}" font-size="17" font-weight="bold" '
            f'fill="#ffffff">{e(_fit(name, _COL_W - 32, 17))}</text>'
        )
    y += _HEAD_H

    def draw(row: Row, stripe: bool) -> None:
        nonlocal y
        fill = "#f3f4f6" if stripe else "#ffffff"
        out.append(f'<g class="row" data-row="{e(row.id)}">')
        out.append(
            f'<rect x="{_PAD}" y="{y}" width="{width - 2 * _PAD}" height="{_ROW_H}" fill="{fill}"/>'
        )
        arrow = {"lower": " ↓", "higher": " ↑"}.get(row.better or "", "")
        label = _fit(row.label, _LABEL_W - 60, 17)
        out.append(
            f'<text x="{_PAD + 12}" y="{y + 29}" font-size="17" fill="#111827">'
            f'{e(label)}<tspan fill="#6b7280" font-size="13">{arrow}</tspan></text>'
        )
        best = row.best()
        for i, value in enumerate(row.values):
            x = _PAD + _LABEL_W + _COL_W * i + 16
            good = i in best
            colour = "#047857" if good else "#111827"
            weight = ' font-weight="bold"' if good else ""
            mark = " ✓" if good else ""
            detail = row.details[i] if i < len(row.details) else ""
            top = y + (22 if detail else 29)
            shown = _fit(_shown(value) + mark, _COL_W - 32, 17)
            out.append(
                f'<text x="{x}" y="{top}" font-size="17" fill="{colour}"{weight} '
                f'data-best="{str(good).lower()}">{e(shown)}</text>'
            )
            if detail:
                out.append(
                    f'<text x="{x}" y="{y + 39}" font-size="13" fill="#6b7280">'
                    f"{e(_fit(detail, _COL_W - 32, 13))}</text>"
                )
        out.append("</g>")
        y += _ROW_H

    for number, row in enumerate(computed):
        draw(row, number % 2 == 1)
    if declared:
        out.append(
            f'<text x="{_PAD + 12}" y="{y + 34}" font-size="17" font-weight="bold" '
            'fill="#1f2937">Declared by the designs (shown as written)</text>'
        )
        y += _HEAD_H
        for number, row in enumerate(declared):
            draw(row, number % 2 == 1)
    legend = "↓ lower is better · ↑ higher is better · ✓ best on its row · computed from the graphs"
    out.append(
        f'<text x="{_PAD}" y="{height - 8}" font-size="13" fill="#6b7280">{e(legend)}</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
