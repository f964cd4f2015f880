"""The layout engine's entry: a scene in, a positioned `Drawing` out, laid out once.

`lay_out` fits the scene to a slide (the trials of `_fit`), then makes the one Graphviz run of
the scene it chose: that run's layout is the drawing every writer reads, and the images
Graphviz rendered in the same run are the ones the image writers finish.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._inspect import SlideTargets
from ..scene._icons import resources_dir
from ..scene._scene import Scene
from ._dot import dot_source
from ._drawing import Drawing, in_scene_order, read_layout
from ._fit import fit
from ._graphviz import draw
from ._hints import unmet_hints

__all__ = ["IMAGE_DEVICES", "draw_scene", "lay_out"]

IMAGE_DEVICES = {"png": "png:cairo", "svg": "svg", "pdf": "pdf:cairo"}
"""The formats Graphviz renders itself, and the device that renders each."""


def draw_scene(
    scene: Scene, stem: str, *, images: Sequence[str] = (), dpi: int | None = None
) -> Drawing:
    """The scene as it is (no trials), laid out in one Graphviz run that also renders `images`
    (format names of IMAGE_DEVICES)."""
    source = dot_source(scene)
    devices = [IMAGE_DEVICES[name] for name in images]
    text, rendered, warnings = draw(
        source, devices, dpi=dpi, imagepath=resources_dir(), components=len(scene.nodes)
    )
    layout = in_scene_order(read_layout(text, source), scene)
    return Drawing(
        stem=stem,
        scene=scene,
        layout=layout,
        source=source,
        images={name: rendered[IMAGE_DEVICES[name]] for name in images},
        warnings=(*warnings, *unmet_hints(scene, layout)),
    )


def lay_out(
    scene: Scene,
    stem: str,
    targets: SlideTargets | None,
    *,
    images: Sequence[str] = (),
    dpi: int | None = None,
) -> Drawing:
    """The scene laid out the way that reads best on a slide by `targets` (None: as it is),
    and drawn."""
    chosen = scene if targets is None else fit(scene, targets)
    return draw_scene(chosen, stem, images=images, dpi=dpi)
