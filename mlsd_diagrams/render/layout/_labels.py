"""Graphviz HTML-like labels of a scene: a node's icon and words, the title and the legend."""

from __future__ import annotations

from ..._catalog import Plane
from .._quoting import html_escape, html_label
from ..scene._icons import DARK_PLATE, LOGOS_FOR_DARK_BACKGROUNDS
from ..scene._scene import Legend, Scene, SceneNode
from ..scene._themes import TYPE, EdgeStyle, Theme, ThemeName

__all__ = ["edge_label", "node_label", "title_label"]


def node_label(node: SceneNode, theme: Theme) -> str:
    """An HTML table: the icon in a fixed-size cell, the label, technology and latency under it."""
    rows = [(line, TYPE.name, theme.text, True) for line in node.label]
    # Technology and latency share one line under the name: a line less per node.
    details = [*node.tech, *([node.latency] if node.latency is not None else [])]
    if details:
        rows.append((" \u00b7 ".join(details), TYPE.detail, theme.subtle_text, False))
    text = html_label(*rows)[1:-1]
    if node.icon is None:
        return f"<{text}>"
    # On a dark background many logos disappear, so there the icon sits on a light plate; a
    # logo drawn in white for dark backgrounds sits on a dark plate in every theme.
    if node.icon in LOGOS_FOR_DARK_BACKGROUNDS:
        plate = f' BGCOLOR="{DARK_PLATE}" STYLE="ROUNDED"'
    elif theme.name in (ThemeName.LIGHT, ThemeName.AUTO):  # auto is drawn light
        plate = ""
    else:
        plate = f' BGCOLOR="{theme.node_fill}" STYLE="ROUNDED"'
    # The icon path is relative to resources_dir(), resolved through Graphviz's imagepath.
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{TYPE.icon:g}" HEIGHT="{TYPE.icon:g}"{plate}>'
        f'<IMG SRC="{html_escape(node.icon)}" SCALE="TRUE"/></TD></TR>'
        f"<TR><TD>{text}</TD></TR></TABLE>>"
    )


def edge_label(lines: tuple[str, ...]) -> str:
    return "<" + "<BR/>".join(html_escape(x) for x in lines) + ">"


def title_label(scene: Scene) -> str:
    """The title, and under it the legend when there is anything to key."""
    theme = scene.theme
    title = html_label(*[(line, TYPE.title, theme.text, True) for line in scene.title])
    rows = [f'<TR><TD ALIGN="LEFT">{title[1:-1]}</TD></TR>']
    legend = _legend_markup(scene.legend, theme) if scene.legend else ""
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


def _legend_entry(sample: str, text: str, theme: Theme) -> str:
    """Three cells of a legend row: the sample, its words, a gap before the next entry."""
    return (
        f"<TD>{sample}</TD>"
        f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{TYPE.detail:g}" COLOR="{theme.subtle_text}">'
        f'&#160;{html_escape(text)}</FONT></TD><TD WIDTH="14"></TD>'
    )


def _swatch(fill: str, line: str) -> str:
    """A small filled box keying a colour: a plane's groups or a category's boxes."""
    return (
        f'<TABLE BORDER="1" CELLSPACING="0" CELLPADDING="0" COLOR="{line}" STYLE="rounded">'
        f'<TR><TD WIDTH="30" HEIGHT="11" BGCOLOR="{fill}"></TD></TR></TABLE>'
    )


def _legend_markup(legend: Legend, theme: Theme) -> str:
    """A key of the flow kinds, each drawn with its own line, under it the planes the groups are
    coloured by, and the categories of plain boxes; empty when there is nothing to key.

    The rows share one table, so their entries line up in columns (a nested table per row
    would be stretched to the widest row, spreading its entries apart).
    """
    flows = [
        _legend_entry(_line_sample(theme.edges[kind]), theme.edges[kind].legend, theme)
        for kind in legend.flow_kinds
    ]
    planes = [
        _legend_entry(_swatch(theme.plane_fill[plane], theme.group_line), _plane(plane), theme)
        for plane in legend.planes
    ]
    kinds = [
        _legend_entry(
            _swatch(theme.category_fill[category], theme.category_line[category]),
            category.value,
            theme,
        )
        for category in legend.categories
    ]
    # A model figure's key: its link kinds, then its block families, in rows of five at most.
    extra = [_legend_entry(_line_sample(style), style.legend, theme) for style in legend.lines]
    extra += [
        _legend_entry(_swatch(fill, line), words, theme) for words, fill, line in legend.swatches
    ]
    chunks = [extra[i : i + 5] for i in range(0, len(extra), 5)]
    rows = [row for row in (flows, planes, kinds, *chunks) if row]
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


def _plane(plane: Plane) -> str:
    return f"{plane.value} plane"
