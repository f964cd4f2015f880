"""Rendering in stages: design -> scene (`scene/`) -> the layout engine (`layout/`: DOT, the
trials, one Graphviz run per drawing) -> a positioned `Drawing` -> the writers (`writers/`, one
row per `Format`) -> files.

The drawing core takes a design as valid and imports nothing from the rules; the public
`mlsd_diagrams.render` validates first.
"""

from __future__ import annotations

from ._api import (
    RenderResult,
    check_outputs,
    drawing_bytes,
    drawings_of,
    figure_bytes,
    output_folder,
    output_names,
    single_format,
    whole_drawing,
    write_design,
    write_scene,
)
from ._inspect import (
    FIGURE_QUALITY,
    FULL,
    VIEW,
    VIEW_QUALITY,
    WHOLE_QUALITY,
    LayoutQuality,
    QualityTargets,
    SlideFigures,
    SlideTargets,
    crossings_average_miss,
    layout_quality,
    slide_figures,
)
from ._options import Format, IconSet, RenderOptions
from .layout._dot import dot_source
from .layout._drawing import Box, Drawing, EdgeRoute, Layout, parse_layout
from .layout._graphviz import graphviz_version
from .scene._icons import TECH_ICONS, resources_dir, tech_icon
from .scene._scene import (
    Scene,
    build_scene,
    drawn_ends,
    frame_steps,
    group_planes,
    icon_for,
    merge_fans,
)
from .scene._themes import THEMES, ThemeName
from .scene._views import OVERVIEW, ViewSpec, view_scene, views_of
from .writers._registry import WRITERS, Writer

__all__ = [
    "FIGURE_QUALITY",
    "FULL",
    "OVERVIEW",
    "TECH_ICONS",
    "THEMES",
    "VIEW",
    "VIEW_QUALITY",
    "WHOLE_QUALITY",
    "WRITERS",
    "Box",
    "Drawing",
    "EdgeRoute",
    "Format",
    "IconSet",
    "Layout",
    "LayoutQuality",
    "QualityTargets",
    "RenderOptions",
    "RenderResult",
    "Scene",
    "SlideFigures",
    "SlideTargets",
    "ThemeName",
    "ViewSpec",
    "Writer",
    "build_scene",
    "check_outputs",
    "crossings_average_miss",
    "dot_source",
    "drawing_bytes",
    "drawings_of",
    "drawn_ends",
    "figure_bytes",
    "frame_steps",
    "graphviz_version",
    "group_planes",
    "icon_for",
    "layout_quality",
    "merge_fans",
    "output_folder",
    "output_names",
    "parse_layout",
    "resources_dir",
    "single_format",
    "slide_figures",
    "tech_icon",
    "view_scene",
    "views_of",
    "whole_drawing",
    "write_design",
    "write_scene",
]
