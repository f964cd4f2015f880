"""Drawing a design into files, in stages: scenes (what is drawn), the layout engine (each
drawing laid out once), the writers (each reading the drawings), and the atomic write. The
design is taken as valid: callers validate it once, at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .._diagnostics import SCHEMA_RULE, Finding
from .._errors import InvalidDesignError, RenderError
from .._files import write_bytes
from .._model import Design, is_valid_id
from ._inspect import FULL, VIEW
from ._options import Format, RenderOptions
from .layout._drawing import Drawing, Layout
from .layout._engine import draw_scene, lay_out
from .layout._graphviz import large_design_notice
from .scene._scene import Scene, build_scene, frame_steps, merge_fans
from .scene._views import ViewSpec, select_views, view_scene, views_of
from .writers._registry import WRITERS

__all__ = [
    "RenderResult",
    "check_outputs",
    "drawing_bytes",
    "drawings_of",
    "output_folder",
    "single_format",
    "whole_drawing",
    "write_design",
    "write_scene",
]


@dataclass
class RenderResult:
    """The files a render wrote, Graphviz's warnings, and the drawings every file was drawn
    from (the whole design first)."""

    design_id: str
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    drawings: list[Drawing] = field(default_factory=list)

    @property
    def layout(self) -> Layout | None:
        """The whole design's layout (its frames share it)."""
        return self.drawings[0].layout if self.drawings else None


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


def _images(formats: tuple[Format, ...]) -> tuple[str, ...]:
    """The Graphviz renderings the drawings must carry for these formats."""
    return tuple(dict.fromkeys(i for f in formats for i in WRITERS[f].images))


def whole_drawing(design: Design, options: RenderOptions, images: tuple[str, ...] = ()) -> Drawing:
    """The whole design laid out the way that reads best on a slide: the drawing the images,
    the deck's first slide and the draw.io and Excalidraw files all show."""
    scene = merge_fans(build_scene(design, options))
    return lay_out(scene, design.id, FULL, images=images, dpi=options.dpi)


def _view_drawings(
    raw: Scene, views: list[ViewSpec], options: RenderOptions, images: tuple[str, ...]
) -> list[Drawing]:
    """Each view, laid out on its own from the design's scene."""
    return [
        lay_out(merge_fans(scene), scene.id, VIEW, images=images, dpi=options.dpi)
        for scene in (view_scene(raw, view) for view in views)
    ]


def drawings_of(
    design: Design, options: RenderOptions, images: tuple[str, ...] = ()
) -> list[Drawing]:
    """The drawings a render of `design` writes: the whole design, its build-up frames (the
    whole design's layout, parts hidden), then the views asked for."""
    whole = whole_drawing(design, options, images)
    drawings = [whole]
    if options.frames:
        drawings += [
            draw_scene(
                whole.scene.showing(visible),
                f"{design.id}.frame-{number:02d}",
                images=images,
                dpi=options.dpi,
            )
            for number, visible in enumerate(frame_steps(design), start=1)
        ]
    views = views_of(design) if options.all_views else select_views(design, options.views)
    return drawings + _view_drawings(build_scene(design, options), views, options, images)


def _deck_drawings(design: Design, options: RenderOptions, drawn: list[Drawing]) -> list[Drawing]:
    """The whole diagram and every view, whether or not their images were asked for (build-up
    frames are for images, not for editable shapes)."""
    by_stem = {d.stem: d for d in drawn}
    missing = [v for v in views_of(design) if f"{design.id}.view-{v.id}" not in by_stem]
    for drawing in _view_drawings(build_scene(design, options), missing, options, ()):
        by_stem[drawing.stem] = drawing
    return [
        d
        for stem, d in by_stem.items()
        if stem == design.id or stem.startswith(f"{design.id}.view-")
    ]


def drawing_bytes(design: Design, options: RenderOptions) -> tuple[dict[str, bytes], RenderResult]:
    """Every file of a design's drawings, by name, without writing them anywhere."""
    _require_file_id(design)
    result = RenderResult(design.id)
    formats = tuple(dict.fromkeys(options.formats))
    notice = large_design_notice(len(design.components))
    if notice is not None and any(WRITERS[f].design is None for f in formats):
        result.warnings.append(notice)
    files: dict[str, bytes] = {}
    if any(WRITERS[f].design is None for f in formats):
        result.drawings = drawings_of(design, options, _images(formats))
    for drawing in result.drawings:
        # Frames share the whole design's layout, so they repeat its warnings once.
        result.warnings += [w for w in drawing.warnings if w not in result.warnings]
    for fmt in formats:
        row = WRITERS[fmt]
        if row.drawing is not None:
            for drawing in result.drawings:
                files[f"{drawing.stem}.{row.suffix}"] = row.drawing(drawing)
        elif row.deck is not None:
            deck = _deck_drawings(design, options, result.drawings)
            files[f"{design.id}.{row.suffix}"] = row.deck(design, deck)
        elif row.design is not None:
            files[f"{design.id}.{row.suffix}"] = row.design(design, options)
    return files, result


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
    """One finished file of the whole design (no frames, no views), e.g. the SVG a notebook
    shows or the draw.io file `mlsd export` prints."""
    options = replace(options or RenderOptions(), formats=(fmt,), frames=False, views=())
    options = replace(options, all_views=False)
    files, _ = drawing_bytes(design, options)
    return files[f"{design.id}.{WRITERS[fmt].suffix}"]


def write_scene(
    scene: Scene, out_dir: str | Path, options: RenderOptions | None = None
) -> RenderResult:
    """Write `<out_dir>/<scene id>.<fmt>` from a scene a caller built or changed (a diff's
    overlay), laid out as it is and finished like a design's drawings (drawing formats only)."""
    options = options or RenderOptions()
    out = output_folder(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RenderError(f"{out}: cannot write there ({error.strerror}); pass -o DIR") from None
    formats = [f for f in dict.fromkeys(options.formats) if WRITERS[f].drawing is not None]
    drawing = draw_scene(scene, scene.id, images=_images(tuple(formats)), dpi=options.dpi)
    result = RenderResult(scene.id, warnings=list(drawing.warnings), drawings=[drawing])
    for fmt in formats:
        row = WRITERS[fmt]
        assert row.drawing is not None
        name = f"{drawing.stem}.{row.suffix}"
        result.paths.append(write_bytes(out / name, row.drawing(drawing)))
    return result
