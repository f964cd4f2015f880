"""What a render is asked for besides the design: formats, theme, icon set, resolution, frames."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .._formats import Format
from .scene._themes import ThemeName

__all__ = ["Format", "IconSet", "RenderOptions"]


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
    dpi: int | None = None
    """PNG resolution. None (auto) is 150, which stays sharp on a projector and a retina laptop
    alike, with the long side capped at 3840 px (a 4K screen) so large designs stay light; an
    explicit dpi is used as given."""
    transparent: bool = False
    legend: bool = True
    frames: bool = False
    """Also write build-up frames `<id>.frame-NN.<fmt>`, each adding the next part of the design."""
    views: tuple[str, ...] = ()
    """Also write these views, `<id>.view-<name>.<fmt>`."""
    all_views: bool = False
    """Also write every view of the design."""
