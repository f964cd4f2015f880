"""Themes as plain data: colours per component category, flow kind and plane."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from ..._catalog import Category, FlowKind, Plane

__all__ = ["THEMES", "TYPE", "EdgeStyle", "Theme", "ThemeName", "Typography", "dark_colours"]


class ThemeName(StrEnum):
    LIGHT = "light"
    DARK = "dark"
    AUTO = "auto"
    """Drawn light; an SVG then switches to the dark colours where the reader prefers dark."""


@dataclass(frozen=True)
class Typography:
    """Sizes in points, the same in every theme. They are chosen for the slide: fitted to a
    16:9 slide, a built-in diagram keeps names at 9 pt or more and every text at 7 pt or more."""

    title: float
    name: float
    """A component's name, the largest text of its node."""
    detail: float
    """Technology, latency, edge labels and the legend: the smallest text drawn."""
    group: float
    icon: float
    """The side of the square an icon is drawn in."""
    nodesep: float
    """Inches between neighbours in a rank."""
    ranksep: float
    """Inches between ranks."""


TYPE = Typography(title=22, name=15, detail=12, group=12, icon=34, nodesep=0.2, ranksep=0.3)


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    style: str
    penwidth: float
    legend: str


@dataclass(frozen=True)
class Theme:
    name: ThemeName
    background: str
    text: str
    subtle_text: str
    node_fill: str
    """Behind icons: a plate so that dark logos stay visible on a dark background."""
    category_fill: dict[Category, str]
    category_line: dict[Category, str]
    plane_fill: dict[Plane, str]
    """Top-level groups whose components share one plane; keyed in the legend."""
    group_fill: tuple[str, ...]
    """Other groups, by nesting depth: neutral, so they are never mistaken for a plane."""
    group_line: str
    edges: dict[FlowKind, EdgeStyle]


def _edges(base: str, observe: str, feedback: str, deploy: str) -> dict[FlowKind, EdgeStyle]:
    return {
        FlowKind.REQUEST: EdgeStyle(base, "solid", 1.4, "request (sync)"),
        FlowKind.ASYNC: EdgeStyle(base, "dashed", 1.4, "async / stream"),
        FlowKind.BATCH: EdgeStyle(base, "dotted", 1.6, "batch / offline"),
        FlowKind.DEPLOY: EdgeStyle(deploy, "bold", 3.0, "deploy artifact"),
        FlowKind.OBSERVE: EdgeStyle(observe, "solid", 0.8, "logs / metrics"),
        FlowKind.FEEDBACK: EdgeStyle(feedback, "dashed", 1.6, "feedback / labels"),
    }


_LIGHT = Theme(
    name=ThemeName.LIGHT,
    background="#FFFFFF",
    text="#1F2933",
    subtle_text="#52606D",
    node_fill="#FFFFFF",
    category_fill={
        Category.EDGE: "#E3F2FD",
        Category.SERVICE: "#E8F5E9",
        Category.MODEL: "#FFF3E0",
        Category.STORE: "#EDE7F6",
        Category.PIPELINE: "#E0F7FA",
        Category.MESSAGING: "#FCE4EC",
        Category.OBSERVABILITY: "#F5F5F5",
        Category.PEOPLE: "#FFFDE7",
    },
    category_line={
        Category.EDGE: "#1E88E5",
        Category.SERVICE: "#43A047",
        Category.MODEL: "#FB8C00",
        Category.STORE: "#5E35B1",
        Category.PIPELINE: "#00ACC1",
        Category.MESSAGING: "#D81B60",
        Category.OBSERVABILITY: "#757575",
        Category.PEOPLE: "#F9A825",
    },
    plane_fill={Plane.ONLINE: "#EDF4FD", Plane.NEARLINE: "#FAF0F6", Plane.OFFLINE: "#EEF7EC"},
    group_fill=("#F4F5F7", "#FFFFFF", "#EEF0F3", "#FFFFFF"),
    group_line="#AEB6BE",
    edges=_edges(base="#3E4C59", observe="#9AA5B1", feedback="#D9480F", deploy="#2B6CB0"),
)

_DARK = Theme(
    name=ThemeName.DARK,
    background="#1B1F24",
    text="#E6EDF3",
    subtle_text="#A9B4C0",
    node_fill="#EEF1F4",
    category_fill={
        Category.EDGE: "#1C3A57",
        Category.SERVICE: "#1F3D2A",
        Category.MODEL: "#4A3417",
        Category.STORE: "#33284F",
        Category.PIPELINE: "#163F45",
        Category.MESSAGING: "#4A1F33",
        Category.OBSERVABILITY: "#33383E",
        Category.PEOPLE: "#4A4216",
    },
    category_line={
        Category.EDGE: "#64B5F6",
        Category.SERVICE: "#81C784",
        Category.MODEL: "#FFB74D",
        Category.STORE: "#B39DDB",
        Category.PIPELINE: "#4DD0E1",
        Category.MESSAGING: "#F06292",
        Category.OBSERVABILITY: "#B0BEC5",
        Category.PEOPLE: "#FFF176",
    },
    plane_fill={Plane.ONLINE: "#1F2833", Plane.NEARLINE: "#2A2130", Plane.OFFLINE: "#1F2B22"},
    group_fill=("#252A31", "#1E2228", "#2B3038", "#1E2228"),
    group_line="#4B5563",
    edges=_edges(base="#C9D1D9", observe="#6E7781", feedback="#FF8A4C", deploy="#79B8FF"),
)

THEMES: dict[ThemeName, Theme] = {
    ThemeName.LIGHT: _LIGHT,
    ThemeName.DARK: _DARK,
    # Drawn as light, named auto: the SVG writer then adds the switch to dark.
    ThemeName.AUTO: replace(_LIGHT, name=ThemeName.AUTO),
}


def _colours(value: object) -> list[str]:
    """Every colour of a theme's field, in a fixed order (dicts by key, then tuples, then
    edge styles), so that the light and the dark theme's lists pair up."""
    if isinstance(value, str):
        return [value] if value.startswith("#") else []
    if isinstance(value, dict):
        return [c for key in value for c in _colours(value[key])]
    if isinstance(value, tuple):
        return [c for item in value for c in _colours(item)]
    if isinstance(value, EdgeStyle):
        return [value.color]
    return []


def dark_colours() -> dict[str, str]:
    """Each colour of the light theme and the dark theme's colour in its place: what an SVG
    drawn light switches to for a reader who prefers dark. A light colour used twice keeps
    the first place's dark colour (the background's, the text's), which reads right."""
    pairs: dict[str, str] = {}
    for name in Theme.__dataclass_fields__:
        light, dark = _colours(getattr(_LIGHT, name)), _colours(getattr(_DARK, name))
        for before, after in zip(light, dark, strict=True):
            pairs.setdefault(before.upper(), after.upper())
    return pairs
