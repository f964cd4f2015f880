"""Drawing a design into files: scene, DOT, one Graphviz run per drawing, post-processing, and
the atomic write. The design is taken as valid: callers validate it once, at the edge."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from .._diagnostics import SCHEMA_RULE, Finding
from .._errors import InvalidDesignError, RenderError
from .._files import write_bytes
from .._model import Design, is_valid_id
from ._inspect import VIEW
from ._options import Format, RenderOptions, RenderResult
from .layout._dot import dot_source, resources_dir
from .layout._drawing import Layout, read_layout
from .layout._fit import fit
from .layout._graphviz import draw, large_design_notice
from .scene._scene import Scene, build_scene, frame_steps, merge_fans
from .scene._themes import ThemeName
from .scene._views import ViewSpec, select_views, view_scene, views_of
from .writers._drawio import drawio_text, editable_svg
from .writers._finish import finish_pdf, finish_svg, follow_colour_scheme
from .writers._pptx import Drawing, deck_bytes, speaker_notes
from .writers._registry import self_contained_dot

__all__ = [
    "check_outputs",
    "drawing_bytes",
    "output_folder",
    "single_format",
    "write_design",
    "write_scene",
]

_DEVICE = {Format.PNG: "png:cairo", Format.SVG: "svg", Format.PDF: "pdf:cairo"}


def output_folder(out_dir: str | Path) -> Path:
    """`out_dir` as a Path, checked not to be a file; RenderError when it is one."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RenderError(f"{out}: the output folder is a file; pass another folder with -o")
    return out


def _require_file_id(design: Design) -> None:
    """Ids name files; only a design built around validation (model_construct) has a bad one."""
    if not is_valid_id(design.id):
        bad_id = Finding(
            code=SCHEMA_RULE.code,
            severity=SCHEMA_RULE.severity,
            message=f"id: {design.id!r} is not snake_case, so it cannot name an output file",
            subject="id",
            hint="use lowercase letters, digits and underscores, starting with a letter",
        )
        raise InvalidDesignError("design", [bad_id])


def _drawings(design: Design, options: RenderOptions) -> list[tuple[str, Scene]]:
    """The file stem and scene of each drawing: the whole design, its build-up frames (the
    whole design's layout, parts hidden), then the views asked for (each laid out anew)."""
    raw = build_scene(design, options)
    scene = fit(merge_fans(raw))
    drawings = [(design.id, scene)]
    if options.frames:
        drawings += [
            (f"{design.id}.frame-{number:02d}", scene.showing(visible))
            for number, visible in enumerate(frame_steps(design), start=1)
        ]
    views = views_of(design) if options.all_views else select_views(design, options.views)
    return drawings + _view_drawings(raw, views)


def _view_drawings(raw: Scene, views: list[ViewSpec]) -> list[tuple[str, Scene]]:
    """The file stem and scene of each view, each laid out anew from the design's scene."""
    shown = [fit(merge_fans(view_scene(raw, view)), VIEW) for view in views]
    return [(scene.id, scene) for scene in shown]


def _draw(
    stem: str, scene: Scene, options: RenderOptions, staging: Path
) -> tuple[dict[str, bytes], Layout | None, list[str]]:
    """The finished files of one drawing by name, its layout and Graphviz's warnings.

    DOT text alone needs no Graphviz run, and so has no layout.
    """
    source = dot_source(scene)
    formats = list(dict.fromkeys(options.formats))
    targets = {fmt: staging / f"{stem}.{fmt.value}" for fmt in formats if fmt in _DEVICE}
    layout: Layout | None = None
    warnings: list[str] = []
    if targets or Format.PPTX in formats:  # a deck alone still needs the layout (json only)
        layout_json, warnings = draw(
            source,
            {_DEVICE[fmt]: path for fmt, path in targets.items()},
            dpi=options.dpi,
            imagepath=resources_dir(),
            components=len(scene.nodes),
        )
        layout = read_layout(layout_json)
    files: dict[str, bytes] = {}
    for fmt in formats:
        name = f"{stem}.{fmt.value}"
        if fmt is Format.DOT:
            files[name] = self_contained_dot(source).encode("utf-8")
            continue
        if fmt is Format.PPTX:
            continue  # one deck per design, of all its drawings: see `_deck`
        data = targets[fmt].read_bytes()
        if fmt is Format.SVG:
            data = finish_svg(data, layout)
            if options.theme is ThemeName.AUTO:
                data = follow_colour_scheme(data)
        elif fmt is Format.PDF:
            data = finish_pdf(data)
        files[name] = data
    return files, layout, warnings


def drawio_svg_text(design: Design, options: RenderOptions | None = None) -> str:
    """An SVG that shows the whole design anywhere and opens editable in draw.io: the picture
    and the draw.io file in its `content` attribute come from one layout, so they agree."""
    options = replace(options or RenderOptions(), formats=(Format.SVG,), frames=False)
    scene = fit(build_scene(design, options))  # as `layout_of`: every flow its own edge
    try:
        with tempfile.TemporaryDirectory(prefix="mlsd-") as folder:
            files, layout, _ = _draw(design.id, scene, options, Path(folder))
    except OSError as error:
        raise RenderError(
            f"the temporary folder for Graphviz failed ({error.strerror or error}); "
            "check the disk, or set TMPDIR to a folder with room"
        ) from None
    assert layout is not None  # an SVG is drawn from a layout
    return editable_svg(files[f"{design.id}.svg"].decode("utf-8"), drawio_text(scene, layout))


def drawing_bytes(design: Design, options: RenderOptions) -> tuple[dict[str, bytes], RenderResult]:
    """Every file of a design's drawings, by name, without writing them anywhere."""
    _require_file_id(design)
    result = RenderResult(design.id)
    notice = large_design_notice(len(design.components))
    if notice is not None and any(fmt is not Format.DOT for fmt in options.formats):
        result.warnings.append(notice)
    files: dict[str, bytes] = {}
    laid_out: list[tuple[str, Scene, Layout | None]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="mlsd-") as folder:
            for stem, scene in _drawings(design, options):
                drawn, layout, warnings = _draw(stem, scene, options, Path(folder))
                laid_out.append((stem, scene, layout))
                files |= drawn
                result.layout = result.layout or layout  # the whole design's; frames share it
                # Frames share the full drawing's layout, so they repeat its warnings once.
                result.warnings += [w for w in warnings if w not in result.warnings]
    except OSError as error:
        # Graphviz writes into a temporary folder; nothing reaches the output folder yet.
        raise RenderError(
            f"the temporary folder for Graphviz failed ({error.strerror or error}); "
            "check the disk, or set TMPDIR to a folder with room"
        ) from None
    if Format.PPTX in options.formats:
        files[f"{design.id}.pptx"] = _deck(design, options, laid_out)
    return files, result


def _deck(
    design: Design, options: RenderOptions, laid_out: list[tuple[str, Scene, Layout | None]]
) -> bytes:
    """The deck of a design: its full diagram, then a slide per view, every view whether or not
    its images were asked for (build-up frames are for images, not for editable shapes)."""
    drawn: dict[str, tuple[Scene, Layout]] = {
        stem: (scene, layout) for stem, scene, layout in laid_out if layout is not None
    }
    deck_only = replace(options, formats=(Format.PPTX,), frames=False)
    missing = [v for v in views_of(design) if f"{design.id}.view-{v.id}" not in drawn]
    for stem, scene in _view_drawings(build_scene(design, options), missing):
        _, layout, _ = _draw(stem, scene, deck_only, Path())  # no files: the layout only
        if layout is not None:
            drawn[stem] = (scene, layout)
    drawings = [
        Drawing(" ".join(scene.title), scene, layout)
        for stem, (scene, layout) in drawn.items()
        if stem == design.id or stem.startswith(f"{design.id}.view-")
    ]
    return deck_bytes(drawings, speaker_notes(design))


def write_design(
    design: Design, out_dir: str | Path = "output", options: RenderOptions | None = None
) -> RenderResult:
    """Write `<out_dir>/<id>.<fmt>` for each format, laid out once, each file appearing whole.

    RenderError when Graphviz or the file system fails; no file is written until every drawing
    is done, so a failure leaves earlier output as it was.
    """
    options = options or RenderOptions()
    out = output_folder(out_dir)
    _require_file_id(design)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(f"{out}: cannot write there ({error.strerror}); pass -o DIR") from None
    files, result = drawing_bytes(design, options)
    result.paths = [write_bytes(out / name, data) for name, data in files.items()]
    return result


def check_outputs(
    design: Design, out_dir: str | Path, options: RenderOptions | None = None
) -> list[Path]:
    """The files under `out_dir` that are missing or differ from a fresh render; writes nothing."""
    files, _ = drawing_bytes(design, options or RenderOptions())
    stale = []
    for name, data in files.items():
        committed = Path(out_dir) / name
        if not committed.is_file() or committed.read_bytes() != data:
            stale.append(committed)
    return stale


def single_format(design: Design, fmt: Format, options: RenderOptions | None = None) -> bytes:
    """One finished file of the whole design (no frames), e.g. the SVG a notebook shows."""
    options = replace(options or RenderOptions(), formats=(fmt,), frames=False)
    files, _ = drawing_bytes(design, options)
    return files[f"{design.id}.{fmt.value}"]


def write_scene(
    scene: Scene, out_dir: str | Path, options: RenderOptions | None = None
) -> RenderResult:
    """Write `<out_dir>/<scene id>.<fmt>` from a scene a caller built or changed (a diff's
    overlay), laid out once and finished like a design's drawings."""
    options = options or RenderOptions()
    out = output_folder(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="mlsd-") as folder:
            files, layout, warnings = _draw(scene.id, scene, options, Path(folder))
    except OSError as error:
        raise RenderError(f"{out}: cannot write there ({error.strerror}); pass -o DIR") from None
    result = RenderResult(scene.id, warnings=warnings, layout=layout)
    result.paths = [write_bytes(out / name, data) for name, data in files.items()]
    return result
