"""Drawing a design into files, in stages: scenes (what is drawn), the layout engine (each
drawing laid out once), the writers (each reading the drawings), and the atomic write. The
design is taken as valid: callers validate it once, at the edge."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .._diagnostics import SCHEMA_RULE, Finding
from .._errors import InvalidDesignError, RenderError
from .._files import disk_full_message, nearly_full, write_files
from .._model import Design, is_valid_id
from .._text import deck_notices
from ._inspect import FULL, VIEW
from ._options import Format, RenderOptions
from .layout._drawing import Drawing, Layout
from .layout._engine import draw_scene, lay_out
from .layout._graphviz import large_design_notice
from .scene._figure import figure_scene
from .scene._scene import Scene, build_scene, frame_steps, merge_fans
from .scene._views import ViewSpec, select_views, view_scene, views_of
from .writers._registry import WRITERS

__all__ = [
    "RenderResult",
    "check_outputs",
    "drawing_bytes",
    "drawings_of",
    "figure_bytes",
    "output_folder",
    "output_names",
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
    drawings += _view_drawings(build_scene(design, options), views, options, images)
    return drawings + (_figure_drawings(design, options, images) if options.figures else [])


def _figure_drawings(
    design: Design, options: RenderOptions, images: tuple[str, ...]
) -> list[Drawing]:
    """Each model figure, laid out as the figure declares."""
    scenes = [figure_scene(design, figure, options) for figure in design.figures]
    return [lay_out(s, s.id, VIEW, images=images, dpi=options.dpi) for s in scenes]


def output_names(design: Design, options: RenderOptions) -> list[str]:
    """The names of the files a render of `design` with `options` writes, without drawing."""
    stems = [design.id]
    if options.frames:
        stems += [f"{design.id}.frame-{n:02d}" for n in range(1, len(frame_steps(design)) + 1)]
    views = views_of(design) if options.all_views else select_views(design, options.views)
    stems += [f"{design.id}.view-{view.id}" for view in views]
    if options.figures:
        stems += [f"{design.id}.figure-{figure.id}" for figure in design.figures]
    names = []
    for fmt in dict.fromkeys(options.formats):
        row = WRITERS[fmt]
        each = stems if row.drawing is not None else [design.id]
        names += [f"{stem}.{row.suffix}" for stem in each]
    return names


def _deck_drawings(design: Design, options: RenderOptions, drawn: list[Drawing]) -> list[Drawing]:
    """The whole diagram, every view, then every model figure, whether or not their images were
    asked for (build-up frames are for images, not for editable shapes)."""
    by_stem = {d.stem: d for d in drawn}
    missing = [v for v in views_of(design) if f"{design.id}.view-{v.id}" not in by_stem]
    for drawing in _view_drawings(build_scene(design, options), missing, options, ()):
        by_stem[drawing.stem] = drawing
    if not options.figures:
        for drawing in _figure_drawings(design, options, ()):
            by_stem[drawing.stem] = drawing
    views, figures = f"{design.id}.view-", f"{design.id}.figure-"
    order = [d for stem, d in by_stem.items() if stem == design.id]
    order += [d for stem, d in by_stem.items() if stem.startswith(views)]
    return order + [d for stem, d in by_stem.items() if stem.startswith(figures)]


def _tmpdir_named(draw: Callable[[], list[Drawing]]) -> list[Drawing]:
    """`draw()`, with a failure Graphviz blames on itself ("gvwrite_no_z problem") named for
    what it is when TMPDIR, where Graphviz writes its files, has no room left."""
    try:
        return draw()
    except RenderError:
        temporary = Path(tempfile.gettempdir())
        if nearly_full(temporary):
            message = disk_full_message(
                temporary,
                "Graphviz could not write its drawing in the temporary folder (TMPDIR)",
                "set TMPDIR to a folder with room",
            )
            raise RenderError(message) from None
        raise


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
        result.drawings = _tmpdir_named(lambda: drawings_of(design, options, _images(formats)))
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
            result.warnings += deck_notices(design.to_dict(), design.title)
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
    # All of a design's files or none: a full disk must not leave a new PNG beside an old PDF.
    result.paths = write_files({out / name: data for name, data in files.items()})
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


def figure_bytes(
    design: Design, figure_id: str, fmt: Format, options: RenderOptions | None = None
) -> bytes:
    """One finished file of one model figure (a flashcard's image, a page's inline drawing,
    `export --figure`); KeyError when the design has no such figure, ValueError for a format
    that draws no figure (a deck, the design's own text)."""
    figure = next((f for f in design.figures if f.id == figure_id), None)
    if figure is None:
        known = ", ".join(f.id for f in design.figures) or "none"
        raise KeyError(f"design `{design.id}` has no figure `{figure_id}` (its figures: {known})")
    options = options or RenderOptions()
    if fmt in (Format.MERMAID, Format.D2):
        from .writers._figure_text import figure_d2, figure_mermaid

        text = figure_mermaid if fmt is Format.MERMAID else figure_d2
        return text(figure, options).encode("utf-8")
    row = WRITERS[fmt]
    if row.drawing is None:
        raise ValueError(f"a model figure is not drawn as {fmt.value}")
    scene = figure_scene(design, figure, options)
    drawing = lay_out(scene, scene.id, VIEW, images=row.images, dpi=options.dpi)
    return row.drawing(drawing)


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
    files = {}
    for fmt in formats:
        row = WRITERS[fmt]
        assert row.drawing is not None
        files[out / f"{drawing.stem}.{row.suffix}"] = row.drawing(drawing)
    result.paths = write_files(files)
    return result
