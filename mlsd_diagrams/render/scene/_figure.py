"""The scene of a model figure: its blocks drawn by kind (outline and colour family, keyed),
repeated blocks as stacks, frozen parts marked, tensor shapes on the links."""

from __future__ import annotations

from ..._catalog import BLOCK_CATALOG, BlockFamily, Category, Direction, FlowKind, Plane
from ..._model import Design, Figure, FigureBlock, FigureLink
from .._options import RenderOptions
from .._quoting import wrap
from ._scene import BlockLook, Legend, Scene, SceneCluster, SceneEdge, SceneNode
from ._themes import THEMES, EdgeStyle, ThemeName

__all__ = ["FAMILY_COLOURS", "LINK_STYLES", "block_details", "figure_scene", "figure_stem"]

BLOCK_CHARS = 20
"""Characters per line of a block's name: blocks stack in ranks, so a wider, lower block
leaves more room for the figure's height on a slide."""

LINK_CHARS = 18
"""Characters per line of a link's words and shape."""

# Fill and outline of each block family, per theme: hues far apart, so an embedding, a network,
# an attention, a head and a loss are told apart at a glance (and by outline without colour).
FAMILY_COLOURS: dict[ThemeName, dict[BlockFamily, tuple[str, str]]] = {
    ThemeName.LIGHT: {
        BlockFamily.DATA: ("#F1F3F5", "#6C757D"),
        BlockFamily.EMBEDDING: ("#E3F2FD", "#1E88E5"),
        BlockFamily.NETWORK: ("#E8F5E9", "#43A047"),
        BlockFamily.ATTENTION: ("#F3E5F5", "#8E24AA"),
        BlockFamily.COMBINE: ("#FFFDE7", "#F9A825"),
        BlockFamily.OUTPUT: ("#FFF3E0", "#FB8C00"),
        BlockFamily.OBJECTIVE: ("#FFEBEE", "#E53935"),
        BlockFamily.GENERATIVE: ("#E0F7FA", "#00ACC1"),
        BlockFamily.PRETRAINED: ("#ECEFF1", "#78909C"),
    },
    ThemeName.DARK: {
        BlockFamily.DATA: ("#2B3038", "#ADB5BD"),
        BlockFamily.EMBEDDING: ("#1C3A57", "#64B5F6"),
        BlockFamily.NETWORK: ("#1F3D2A", "#81C784"),
        BlockFamily.ATTENTION: ("#3B2447", "#CE93D8"),
        BlockFamily.COMBINE: ("#4A4216", "#FFF176"),
        BlockFamily.OUTPUT: ("#4A3417", "#FFB74D"),
        BlockFamily.OBJECTIVE: ("#4A1F22", "#EF9A9A"),
        BlockFamily.GENERATIVE: ("#163F45", "#4DD0E1"),
        BlockFamily.PRETRAINED: ("#33383E", "#B0BEC5"),
    },
}
FAMILY_COLOURS[ThemeName.AUTO] = FAMILY_COLOURS[ThemeName.LIGHT]

_FAMILY_WORDS = {
    BlockFamily.DATA: "data",
    BlockFamily.EMBEDDING: "embedding",
    BlockFamily.NETWORK: "network",
    BlockFamily.ATTENTION: "attention",
    BlockFamily.COMBINE: "combine / pool",
    BlockFamily.OUTPUT: "head / output",
    BlockFamily.OBJECTIVE: "loss / reward",
    BlockFamily.GENERATIVE: "noise / sampler / generator",
    BlockFamily.PRETRAINED: "frozen (pretrained)",
}


def _link_styles(base: str, condition: str, skip: str, target: str) -> dict[str, EdgeStyle]:
    return {
        "data": EdgeStyle(base, "solid", 1.4, "tensor"),
        "condition": EdgeStyle(condition, "dashed", 1.6, "condition"),
        "skip": EdgeStyle(skip, "dotted", 1.6, "skip / residual"),
        "target": EdgeStyle(target, "dashed", 1.4, "training target"),
    }


LINK_STYLES: dict[ThemeName, dict[str, EdgeStyle]] = {
    ThemeName.LIGHT: _link_styles("#3E4C59", "#2B6CB0", "#7B8794", "#D9480F"),
    ThemeName.DARK: _link_styles("#C9D1D9", "#79B8FF", "#9AA5B1", "#FF8A4C"),
}
# `auto` is drawn light (its SVG switches to dark by the reader's setting).
LINK_STYLES[ThemeName.AUTO] = LINK_STYLES[ThemeName.LIGHT]


def figure_stem(design_id: str, figure_id: str) -> str:
    """The stem of a figure's files: `<design>.figure-<id>`."""
    return f"{design_id}.figure-{figure_id}"


def _family(block: FigureBlock) -> BlockFamily:
    return BlockFamily.PRETRAINED if block.frozen else BLOCK_CATALOG[block.kind].family


def block_details(block: FigureBlock) -> str:
    """A block's small line: "x12" for a stack of layers, its shape, "frozen"."""
    marks = [f"x{block.repeat}" if block.repeat > 1 else "", block.shape or ""]
    marks.append("frozen" if block.frozen and block.kind != "frozen" else "")
    return " \u00b7 ".join(m for m in marks if m)


def _node(block: FigureBlock, theme: ThemeName) -> SceneNode:
    fill, line = FAMILY_COLOURS[theme][_family(block)]
    look = BlockLook(
        outline=BLOCK_CATALOG[block.kind].shape,
        fill=fill,
        line=line,
        stack=block.repeat,
        frozen=block.frozen,
        dims=block.shape,
    )
    return SceneNode(
        id=block.id,
        kind=block.kind,
        category=Category.MODEL,
        plane=Plane.ONLINE,
        label=tuple(wrap(block.label, BLOCK_CHARS, 3)),
        # In the technology's place, so every writer shows it under the name.
        tech=(block_details(block),) if block_details(block) else (),
        latency=None,
        icon=None,
        block=look,
    )


def _edge(link: FigureLink, theme: ThemeName) -> SceneEdge:
    words = [w for w in (link.label, link.shape) if w]
    lines = tuple(line for w in words for line in wrap(w, LINK_CHARS, 2))
    # A link that goes back (an autoregressive loop) must not rank its ends.
    kind = FlowKind.FEEDBACK if link.recurrent else FlowKind.REQUEST
    return SceneEdge(link.source, link.target, kind, lines, look=LINK_STYLES[theme][link.kind])


def _legend(figure: Figure, theme: ThemeName) -> Legend:
    families = {_family(b) for b in figure.blocks}
    kinds = {k.kind for k in figure.links}
    styles = LINK_STYLES[theme]
    return Legend(
        flow_kinds=(),
        planes=(),
        categories=(),
        lines=tuple(styles[k] for k in styles if k in kinds and k != "data"),
        swatches=tuple(
            (_FAMILY_WORDS[f], *FAMILY_COLOURS[theme][f]) for f in BlockFamily if f in families
        ),
    )


def figure_scene(design: Design, figure: Figure, options: RenderOptions) -> Scene:
    """The scene of one figure of a design: blocks, links and groups, laid out as declared."""
    theme = options.theme
    blocks = {b.id for b in figure.blocks}
    owner: dict[str, str] = {}
    for group in figure.groups:
        for member in group.members:
            owner.setdefault(member, group.id)
    return Scene(
        id=figure_stem(design.id, figure.id),
        title=tuple(wrap(figure.title, 60, 2)),
        direction=Direction.LR if figure.direction == "LR" else Direction.TB,
        rankdir=figure.direction,
        theme=THEMES[theme],
        icons=options.icons,
        transparent=options.transparent,
        legend=_legend(figure, theme) if options.legend else None,
        nodes=tuple(_node(b, theme) for b in figure.blocks),
        edges=tuple(
            _edge(k, theme) for k in figure.links if k.source in blocks and k.target in blocks
        ),
        clusters=tuple(
            SceneCluster(
                id=g.id,
                label=tuple(wrap(g.label, 40, 2)),
                parent=None,
                depth=0,
                direct_members=tuple(m for m in g.members if owner.get(m) == g.id),
                members=frozenset(m for m in g.members if m in blocks),
                plane=None,
            )
            for g in figure.groups
        ),
    )
