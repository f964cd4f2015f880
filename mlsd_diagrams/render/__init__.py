"""Rendering: design -> scene -> DOT -> one Graphviz run per drawing -> finished files.

The drawing core takes a design as valid and imports nothing from the rules; the public
`mlsd_diagrams.render` validates first.
"""

from __future__ import annotations

from ._api import (
    check_outputs,
    drawing_bytes,
    drawio_svg_text,
    output_folder,
    single_format,
    write_design,
    write_scene,
)
from ._inspect import FULL, VIEW, SlideFigures, SlideTargets, slide_figures
from ._options import Format, IconSet, RenderOptions, RenderResult
from .layout._dot import dot_source, resources_dir
from .layout._drawing import Box, EdgePath, Layout, parse_layout
from .layout._graphviz import graphviz_version
from .scene._icons import TECH_ICONS, tech_icon
from .scene._scene import Scene, build_scene, frame_steps, group_planes, icon_for, merge_fans
from .scene._themes import THEMES, ThemeName
from .scene._views import OVERVIEW, ViewSpec, view_scene, views_of

__all__ = [
    "FULL",
    "OVERVIEW",
    "TECH_ICONS",
    "THEMES",
    "VIEW",
    "Box",
    "EdgePath",
    "Format",
    "IconSet",
    "Layout",
    "RenderOptions",
    "RenderResult",
    "Scene",
    "SlideFigures",
    "SlideTargets",
    "ThemeName",
    "ViewSpec",
    "build_scene",
    "check_outputs",
    "dot_source",
    "drawing_bytes",
    "drawio_svg_text",
    "frame_steps",
    "graphviz_version",
    "group_planes",
    "icon_for",
    "merge_fans",
    "output_folder",
    "parse_layout",
    "resources_dir",
    "single_format",
    "slide_figures",
    "tech_icon",
    "view_scene",
    "views_of",
    "write_design",
    "write_scene",
]
