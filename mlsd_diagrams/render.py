"""Design -> diagrams nodes, clusters, edges -> DOT -> one Graphviz run -> files, written whole."""

from __future__ import annotations

import base64
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path

import diagrams
from diagrams import Cluster, Diagram, Edge
from diagrams.custom import Custom

from .backend import graphviz_version, run_dot
from .catalog import Category, kind_spec, tech_icon
from .errors import InvalidDesignError, RenderError
from .model import ID_PATTERN, Component, Design, Direction, Flow, FlowKind, Group, Plane
from .quoting import html_escape, html_label, wrap
from .rules import Finding, Severity, require_valid
from .themes import THEMES, EdgeStyle, Theme, ThemeName

__all__ = [
    "Format",
    "IconSet",
    "RenderOptions",
    "RenderResult",
    "check_outputs",
    "dot_source",
    "frame_steps",
    "graphviz_version",
    "group_planes",
    "output_folder",
    "png_bytes",
    "render",
    "require_valid",
    "resources_dir",
    "svg_text",
]


class Format(StrEnum):
    PNG = "png"
    SVG = "svg"
    PDF = "pdf"
    DOT = "dot"


class IconSet(StrEnum):
    OSS = "oss"
    AWS = "aws"
    GCP = "gcp"
    AZURE = "azure"
    BOXES = "boxes"


@dataclass(frozen=True)
class RenderOptions:
    """Everything besides the design that decides the output bytes."""

    formats: tuple[Format, ...] = (Format.PNG, Format.SVG)
    theme: ThemeName = ThemeName.LIGHT
    icons: IconSet = IconSet.OSS
    dpi: int = 150
    """PNG resolution; 150 stays sharp on a projector and a retina laptop alike."""
    transparent: bool = False
    legend: bool = True
    frames: bool = False
    """Also write build-up frames `<id>.frame-NN.<fmt>`, each adding the next part of the design."""


@dataclass
class RenderResult:
    design_id: str
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@cache
def resources_dir() -> Path:
    """The folder of icons that ships inside the `diagrams` package."""
    return Path(diagrams.__file__).resolve().parent.parent / "resources"


# --- building the DOT document -------------------------------------------------------------------

_ICON_PT = 56
"""Side of the square an icon is scaled into, in points."""
_LABEL_CHARS = 18


def _icon_for(component: Component, icons: IconSet) -> str | None:
    """Path of the icon under resources/, or None for the boxes set."""
    if icons is IconSet.BOXES:
        return None
    spec = kind_spec(component.kind)
    return (
        tech_icon(component.tech, icons.value) or spec.icons.get(icons.value) or spec.icons["oss"]
    )


def _node_label(component: Component, options: RenderOptions, icon: str | None) -> str:
    """An HTML table: the icon in a fixed-size cell, the label, technology and latency under it."""
    theme = THEMES[options.theme]
    rows = [(line, 12, theme.text, True) for line in wrap(component.label, _LABEL_CHARS, 3)]
    if component.tech:
        rows += [(line, 10, theme.subtle_text, False) for line in wrap(component.tech, 22, 1)]
    if component.latency_ms is not None:
        rows.append((f"{component.latency_ms:g} ms", 9, theme.subtle_text, False))
    text = html_label(*rows)[1:-1]
    if icon is None:
        return f"<{text}>"
    # On a dark background many logos disappear, so there the icon sits on a light plate.
    plate = (
        "" if options.theme is ThemeName.LIGHT else f' BGCOLOR="{theme.node_fill}" STYLE="ROUNDED"'
    )
    # The icon path is relative to resources_dir(), resolved through Graphviz's imagepath.
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{_ICON_PT}" HEIGHT="{_ICON_PT}"{plate}>'
        f'<IMG SRC="{html_escape(icon)}" SCALE="TRUE"/></TD></TR>'
        f"<TR><TD>{text}</TD></TR></TABLE>>"
    )


def _node_attrs(component: Component, options: RenderOptions) -> dict[str, str]:
    theme = THEMES[options.theme]
    category = kind_spec(component.kind).category
    if options.icons is IconSet.BOXES:
        return {
            "shape": "box",
            "style": "rounded,filled",
            "width": "1.3",
            "height": "0.55",
            "margin": "0.14,0.07",
            "fillcolor": theme.category_fill[category],
            "color": theme.category_line[category],
            "penwidth": "1.4",
        }
    return {"shape": "plain", "margin": "0.05"}


def _edge_attrs(flow: Flow, theme: Theme) -> dict[str, str]:
    style = theme.edges[flow.kind]
    attrs = {
        "color": style.color,
        "style": style.style,
        "penwidth": f"{style.penwidth:g}",
        "arrowsize": "0.7" if flow.kind is FlowKind.OBSERVE else "0.9",
        "fontcolor": theme.subtle_text,
        "fontsize": "10",
    }
    lines = wrap(flow.label or "", 24, 3)
    if flow.latency_ms is not None:
        # On a line of its own, so wrapping never splits the number from its unit.
        lines.append(f"{flow.latency_ms:g} ms")
    if lines:
        attrs["label"] = "<" + "<BR/>".join(html_escape(x) for x in lines) + ">"
    if flow.kind is FlowKind.REQUEST:
        # Heavy edges are kept short and straight, so the request path reads as one line.
        attrs["weight"] = "6"
    if flow.kind is FlowKind.FEEDBACK:
        # Feedback closes a loop against the reading direction (a report goes back to
        # training); letting it bend freely keeps it from pulling the request path out of line,
        # and lets offline pipelines stack under the serving path instead of trailing after it.
        attrs["constraint"] = "false"
    elif flow.kind is FlowKind.OBSERVE:
        # A monitor belongs after what it watches: the edge ranks it there (else Graphviz puts
        # an otherwise unconnected monitor at the far left), with no pull on anything else.
        attrs["weight"] = "0"
    elif flow.kind is FlowKind.DEPLOY:
        # Deploys are drawn reversed (see `dot_source`); a little weight keeps the registry
        # close to what it serves, which folds the training chain under the serving path.
        attrs["weight"] = "2"
    return attrs


def _title_label(design: Design, options: RenderOptions) -> str:
    theme = THEMES[options.theme]
    # Wrapped, so a long title cannot stretch the drawing past what a bitmap can hold.
    title = html_label(*[(line, 20, theme.text, True) for line in wrap(design.title, 90, 3)])
    rows = [f'<TR><TD ALIGN="LEFT">{title[1:-1]}</TD></TR>']
    # Plain boxes carry their meaning in colour alone, so their legend also keys categories.
    boxes = options.icons is IconSet.BOXES
    legend = _legend_markup(design, theme, categories=boxes) if options.legend else ""
    # A design without flows or planes has nothing to key, and an empty row is an error.
    if legend:
        rows.append(f'<TR><TD ALIGN="LEFT">{legend}</TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def _line_sample(style: EdgeStyle) -> str:
    """A short stroke drawn like the edges it keys: the bottom border of an empty cell."""
    dash = {"dashed": ' STYLE="dashed"', "dotted": ' STYLE="dotted"'}.get(style.style, "")
    # Cell borders take whole points; "bold" edges are drawn heavier, and so is their sample.
    width = max(1, round(style.penwidth))
    return (
        '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR><TD WIDTH="30" HEIGHT="8" SIDES="B" BORDER="{width}" COLOR="{style.color}"{dash}>'
        '</TD></TR><TR><TD HEIGHT="5"></TD></TR></TABLE>'
    )


def group_planes(design: Design) -> dict[str, Plane]:
    """The plane of each top-level group whose components all work in one plane.

    Such a group is filled with its plane's colour; nested groups keep the colour of their depth,
    so they stand out from the group around them.
    """
    members = _group_members(design.groups)
    planes_of = {c.id: c.effective_plane for c in design.components}
    found = {}
    for group in design.groups:
        planes = {planes_of[m] for m in members[group.id] if m in planes_of}
        if group.parent is None and len(planes) == 1:
            found[group.id] = planes.pop()
    return found


def _legend_entry(sample: str, text: str, theme: Theme) -> str:
    """Three cells of a legend row: the sample, its words, a gap before the next entry."""
    return (
        f"<TD>{sample}</TD>"
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{theme.subtle_text}">'
        f'&#160;{html_escape(text)}</FONT></TD><TD WIDTH="14"></TD>'
    )


def _swatch(fill: str, line: str) -> str:
    """A small filled box keying a colour: a plane's groups or a category's boxes."""
    return (
        f'<TABLE BORDER="1" CELLSPACING="0" CELLPADDING="0" COLOR="{line}" STYLE="rounded">'
        f'<TR><TD WIDTH="30" HEIGHT="11" BGCOLOR="{fill}"></TD></TR></TABLE>'
    )


def _legend_markup(design: Design, theme: Theme, *, categories: bool = False) -> str:
    """A key of the flow kinds the design uses, each drawn with its own line, and under it the
    planes its groups are coloured by (and, if asked, the component categories it uses);
    empty when there is nothing to key.

    The rows share one table, so their entries line up in columns (a nested table per row
    would be stretched to the widest row, spreading its entries apart).
    """
    used = [kind for kind in FlowKind if any(f.kind is kind for f in design.flows)]
    flows = [
        _legend_entry(_line_sample(theme.edges[kind]), theme.edges[kind].legend, theme)
        for kind in used
    ]
    used_planes = set(group_planes(design).values())
    planes = [
        _legend_entry(
            _swatch(theme.plane_fill[plane], theme.group_line), f"{plane.value} plane", theme
        )
        for plane in Plane
        if plane in used_planes
    ]
    used_categories = {kind_spec(c.kind).category for c in design.components}
    kinds = [
        _legend_entry(
            _swatch(theme.category_fill[category], theme.category_line[category]),
            category.value,
            theme,
        )
        for category in Category
        if categories and category in used_categories
    ]
    rows = [row for row in (flows, planes, kinds) if row]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    body = "".join(
        "<TR>"
        + "".join(row)
        + (f'<TD COLSPAN="{3 * (width - len(row))}"></TD>' if len(row) < width else "")
        + "</TR>"
        for row in rows
    )
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{body}</TABLE>'


@contextmanager
def _diagrams_context(diagram: Diagram) -> Iterator[None]:
    """diagrams keeps its current diagram in a context variable; hold it only while building."""
    previous_diagram = diagrams.getdiagram()
    previous_cluster = diagrams.getcluster()
    diagrams.setdiagram(diagram)
    diagrams.setcluster(None)
    try:
        yield
    finally:
        diagrams.setdiagram(previous_diagram)
        diagrams.setcluster(previous_cluster)


def _group_depths(groups: Sequence[Group]) -> dict[str, int]:
    parents = {g.id: g.parent for g in groups}
    depths: dict[str, int] = {}
    for group in groups:
        depth, current = 0, group.parent
        while current is not None and depth < len(groups):
            depth, current = depth + 1, parents.get(current)
        depths[group.id] = depth
    return depths


def _group_members(groups: Sequence[Group]) -> dict[str, frozenset[str]]:
    """Each group's components, those of its nested groups included."""
    children: dict[str, list[str]] = {}
    for group in groups:
        if group.parent is not None:
            children.setdefault(group.parent, []).append(group.id)
    direct = {g.id: g.members for g in groups}

    def collect(group_id: str, seen: frozenset[str]) -> frozenset[str]:
        found = set(direct.get(group_id, []))
        for child in children.get(group_id, []):
            if child not in seen:  # a group cycle is an error elsewhere; never loop here
                found |= collect(child, seen | {child})
        return frozenset(found)

    return {g.id: collect(g.id, frozenset({g.id})) for g in groups}


def frame_steps(design: Design) -> list[frozenset[str]]:
    """The component ids each build-up frame shows, one frame more than the one before.

    `design.frames` (lists of group or component ids) sets the order; without it each group is a
    step, in declaration order. Whatever no step names comes last, so the final frame is the whole
    design. A step that adds nothing new makes no frame.
    """
    members = _group_members(design.groups)
    everything = [c.id for c in design.components]
    steps = design.frames or [[g.id] for g in design.groups]
    shown: frozenset[str] = frozenset()
    frames: list[frozenset[str]] = []
    for step in [*steps, everything]:
        added = frozenset().union(*(members.get(ref, {ref}) for ref in step))
        grown = shown | (added & set(everything))
        if grown != shown:
            shown = grown
            frames.append(shown)
    return frames


_INVISIBLE = {"style": "invis"}
"""Hidden parts keep their size and place, so every frame of a design is laid out identically."""


def dot_source(
    design: Design,
    options: RenderOptions | None = None,
    visible: frozenset[str] | None = None,
) -> str:
    """The DOT text of a design: deterministic, with icon paths relative to `resources_dir()`.

    With `visible`, only those components (and the flows and groups between and around them) are
    drawn; the rest are invisible but still laid out, which keeps frames from jumping.
    """
    options = options or RenderOptions()

    def shown(*component_ids: str) -> bool:
        return visible is None or all(c in visible for c in component_ids)

    def shown_any(component_ids: frozenset[str]) -> bool:
        return visible is None or bool(component_ids & visible)

    theme = THEMES[options.theme]
    background = "transparent" if options.transparent else theme.background
    diagram = Diagram(
        name="",
        filename=design.id,
        direction=design.direction.value,
        curvestyle="curved",
        outformat="png",
        show=False,
        graph_attr={
            "splines": "spline",
            "pad": "0.3",
            "margin": "0",
            "nodesep": "0.45",
            "ranksep": "0.9" if design.direction is Direction.LR else "0.7",
            "bgcolor": background,
            "fontname": "Sans-Serif",
            "fontcolor": theme.text,
            "labelloc": "t",
            "labeljust": "l",
            "newrank": "true",
            "compound": "true",
        },
        # diagrams' defaults (fixed 1.4 in squares) would crop our table labels.
        node_attr={
            "fontname": "Sans-Serif",
            "fontcolor": theme.text,
            "fixedsize": "false",
            "width": "0",
            "height": "0",
            "labelloc": "c",
            "imagescale": "false",
        },
        edge_attr={"fontname": "Sans-Serif"},
    )
    diagram.dot.graph_attr["label"] = _title_label(design, options)
    # Graphviz's document name appears in SVG titles; the design id keeps it meaningful.
    diagram.dot.name = design.id

    with _diagrams_context(diagram):
        clusters: dict[str, Cluster] = {}
        depths = _group_depths(design.groups)
        owner = {member: g.id for g in design.groups for member in g.members}
        members = _group_members(design.groups)
        planes = group_planes(design)
        # Parents are created before children so each cluster finds its parent as context.
        for group in sorted(design.groups, key=lambda g: depths[g.id]):
            parent = clusters.get(group.parent) if group.parent else None
            diagrams.setcluster(parent)
            cluster = Cluster(
                label="",
                graph_attr={
                    # Wrapped, so a long label cannot stretch the group across the drawing.
                    "label": "<"
                    + "<BR/>".join(html_escape(line) for line in wrap(group.label, 60, 2))
                    + ">",
                    "style": "rounded,filled",
                    "fillcolor": (
                        theme.plane_fill[planes[group.id]]
                        if group.id in planes
                        else theme.group_fill[depths[group.id] % len(theme.group_fill)]
                    ),
                    "pencolor": theme.group_line,
                    "fontcolor": theme.subtle_text,
                    "fontsize": "13",
                    "margin": "14",
                    **({} if shown_any(members[group.id]) else _INVISIBLE),
                },
            )
            # Name clusters by group id: diagrams derives names from labels, which may repeat.
            cluster.name = cluster.dot.name = f"cluster_{group.id}"
            clusters[group.id] = cluster

        nodes = {}
        for component in design.components:
            group_id = owner.get(component.id)
            diagrams.setcluster(clusters.get(group_id) if group_id else None)
            label = _node_label(component, options, _icon_for(component, options.icons))
            # An empty icon path makes diagrams draw a plain node: the icon is in the label.
            attrs = _node_attrs(component, options)
            if not shown(component.id):
                attrs |= _INVISIBLE
            nodes[component.id] = Custom(label, "", nodeid=component.id, **attrs)
        diagrams.setcluster(None)

        for flow in design.flows:
            if flow.source in nodes and flow.target in nodes:
                attrs = _edge_attrs(flow, theme)
                if not shown(flow.source, flow.target):
                    attrs |= _INVISIBLE
                if flow.kind is FlowKind.DEPLOY:
                    # A deploy closes the loop back to serving: stated target -> registry with the
                    # arrowhead at the target, it ranks the registry after what it serves, so the
                    # arrow is routed as a short forward edge instead of a free loop.
                    edge = Edge(reverse=True, **attrs)
                    nodes[flow.target].connect(nodes[flow.source], edge)
                    continue
                edge = Edge(forward=True, **attrs)
                nodes[flow.source].connect(nodes[flow.target], edge)

        # A cluster's DOT is copied into its parent when attached, so attach the deepest first.
        for group in sorted(design.groups, key=lambda g: -depths[g.id]):
            cluster = clusters[group.id]
            parent = clusters.get(group.parent) if group.parent else None
            (parent or diagram).subgraph(cluster.dot)

    source: str = diagram.dot.source
    return source


# --- running Graphviz ----------------------------------------------------------------------------


def _graphviz_formats(formats: Sequence[Format]) -> list[Format]:
    return [f for f in formats if f is not Format.DOT]


def _layout(source: str, targets: dict[Format, Path], dpi: int) -> list[str]:
    """One `dot` run writes every requested format; returns Graphviz's warnings."""
    command = [f"-Gimagepath={resources_dir()}", f"-Gdpi={dpi}"]
    for fmt, path in targets.items():
        command += [_DEVICE[fmt], "-o", str(path)]
    completed = run_dot(command, source.encode("utf-8"))
    for fmt, path in targets.items():
        if not path.is_file() or path.stat().st_size == 0:
            raise RenderError(f"Graphviz reported success but wrote no {fmt.value} output")
    svg = targets.get(Format.SVG)
    if svg is not None and not _is_utf8(svg):
        # SVG is post-processed as text; only a broken Graphviz writes one that is not UTF-8.
        raise RenderError("Graphviz wrote unreadable svg output; reinstall Graphviz")
    return [
        line.strip()
        for line in completed.stderr.decode(errors="replace").splitlines()
        if line.strip()
    ]


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_DEVICE = {Format.PNG: "-Tpng:cairo", Format.SVG: "-Tsvg", Format.PDF: "-Tpdf:cairo"}


# --- post-processing -----------------------------------------------------------------------------

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


def _finish_svg(text: str) -> str:
    """Embed icons and undo Graphviz's dpi scaling, so the SVG stands alone at its true size."""
    text = _SVG_IMAGE.sub(lambda m: f'xlink:href="{_data_uri(m.group(1))}"', text)
    text = _SVG_SIZE.sub(
        lambda m: (
            f'<svg width="{m.group(3)}pt" height="{m.group(4)}pt"\n'
            f' viewBox="{m.group(1)} {m.group(2)} {m.group(3)} {m.group(4)}"'
        ),
        text,
        count=1,
    )
    return _SVG_SCALE.sub('transform="scale(1 1) ', text, count=1)


def _finish_pdf(data: bytes) -> bytes:
    """Pin cairo's creation date (same length, so the cross-reference table stays right)."""
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + b"0" * len(m.group(2)), data)


def _finish(fmt: Format, path: Path) -> None:
    if fmt is Format.SVG:
        path.write_text(_finish_svg(path.read_text(encoding="utf-8")), encoding="utf-8")
    elif fmt is Format.PDF:
        path.write_bytes(_finish_pdf(path.read_bytes()))


# --- the public entry points ---------------------------------------------------------------------


def output_folder(out_dir: str | Path) -> Path:
    """`out_dir` as a Path, checked not to be a file; RenderError when it is one."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RenderError(f"{out}: the output folder is a file; pass another folder with -o")
    return out


def render(
    design: Design,
    out_dir: str | Path = "output",
    options: RenderOptions | None = None,
) -> RenderResult:
    """Write `<out_dir>/<id>.<fmt>` for each format, laid out once, each file appearing whole.

    Raises InvalidDesignError for a design with errors (nothing is written) and RenderError when
    Graphviz or the file system fails (earlier files are left as they were).
    """
    options = options or RenderOptions()
    require_valid(design)
    if not re.match(ID_PATTERN, design.id):
        # Only a design built around validation (model_construct) gets here; its id names files.
        bad_id = Finding(
            code="E100",
            severity=Severity.ERROR,
            message=f"id: {design.id!r} is not snake_case, so it cannot name an output file",
            subject="id",
            hint="use lowercase letters, digits and underscores, starting with a letter",
        )
        raise InvalidDesignError("design", [bad_id])
    out = output_folder(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{design.id}.", suffix=".partial", dir=out))
    except OSError as error:
        raise RenderError(f"{out}: cannot write there ({error.strerror}); pass -o DIR") from None
    try:
        result = _render_into(design, options, staging)
        final = []
        for path in result.paths:
            target = out / path.name
            os.replace(path, target)
            final.append(target)
        result.paths = final
        return result
    except OSError as error:
        raise RenderError(
            f"{out}: writing the output failed ({error.strerror or error}); check the disk"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _render_into(design: Design, options: RenderOptions, folder: Path) -> RenderResult:
    result = RenderResult(design.id)
    drawings = [(design.id, dot_source(design, options))]
    if options.frames:
        steps = frame_steps(design)
        drawings += [
            (f"{design.id}.frame-{number:02d}", dot_source(design, options, visible))
            for number, visible in enumerate(steps, start=1)
        ]
    for stem, source in drawings:
        paths, warnings = _draw(source, stem, options, folder)
        result.paths += paths
        # Frames share the full drawing's layout, so they repeat its warnings; keep each once.
        result.warnings += [w for w in warnings if w not in result.warnings]
    return result


def _draw(
    source: str, stem: str, options: RenderOptions, folder: Path
) -> tuple[list[Path], list[str]]:
    """`<folder>/<stem>.<fmt>` for each format from one Graphviz run; the paths and warnings."""
    formats = list(dict.fromkeys(options.formats))
    targets = {fmt: folder / f"{stem}.{fmt.value}" for fmt in _graphviz_formats(formats)}
    warnings: list[str] = []
    if targets:
        warnings = _layout(source, targets, options.dpi)
        for fmt, path in targets.items():
            _finish(fmt, path)
    if Format.DOT in formats:
        (folder / f"{stem}.dot").write_text(source, encoding="utf-8")
    return [folder / f"{stem}.{fmt.value}" for fmt in formats], warnings


def check_outputs(
    design: Design, out_dir: str | Path, options: RenderOptions | None = None
) -> list[Path]:
    """The files under `out_dir` that are missing or differ from a fresh render; writes nothing."""
    options = options or RenderOptions()
    require_valid(design)
    with tempfile.TemporaryDirectory(prefix="mlsd-check-") as folder:
        fresh = _render_into(design, options, Path(folder))
        stale = []
        for path in fresh.paths:
            committed = Path(out_dir) / path.name
            if not committed.is_file() or committed.read_bytes() != path.read_bytes():
                stale.append(committed)
        return stale


def _render_bytes(design: Design, fmt: Format, options: RenderOptions | None) -> bytes:
    options = replace(options or RenderOptions(), formats=(fmt,))
    require_valid(design)
    with tempfile.TemporaryDirectory(prefix="mlsd-") as folder:
        result = _render_into(design, options, Path(folder))
        return result.paths[0].read_bytes()


def svg_text(design: Design, options: RenderOptions | None = None) -> str:
    """The finished SVG of a design, as text (for notebooks and web pages)."""
    return _render_bytes(design, Format.SVG, options).decode("utf-8")


def png_bytes(design: Design, options: RenderOptions | None = None) -> bytes:
    """The finished PNG of a design, as bytes."""
    return _render_bytes(design, Format.PNG, options)
