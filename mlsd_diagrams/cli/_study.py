"""`mlsd card`, `gallery` and `new`: study cards, the gallery and new design modules."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._app import EXIT_USAGE, app, choice, err, errors_to_exit_codes, fail, invoked_as, printable
from ._schema import SCHEMA_FILE, schema_text

if TYPE_CHECKING:
    from .._model import Design

__all__: list[str] = []


def partners(designs: Sequence[Design]) -> list[Design]:
    """The designs these name in `compare_with` that are not among them, loaded; a name that
    loads nothing is a LoadError saying which design names it."""
    from .._errors import LoadError
    from .._load import load

    have = {d.id for d in designs}
    found: dict[str, Design] = {}
    for design in designs:
        for other in design.compare_with:
            if other in have or other in found:
                continue
            try:
                found[other] = load(other)
            except LoadError as error:
                raise LoadError(f"`{design.id}` names `{other}` in compare_with: {error}") from None
    return list(found.values())


class NewFormat(StrEnum):
    PY = "py"
    YAML = "yaml"
    JSON = "json"


def _design_file(design: Design, kind: NewFormat) -> str:
    """A design as a YAML file whose first line points editors at the schema, or as JSON."""
    if kind is NewFormat.JSON:
        return design.to_json()
    return f"# yaml-language-server: $schema={SCHEMA_FILE}\n{design.to_yaml()}"


@app.command("card")
def card_command(
    target: Annotated[str, typer.Argument(help="A design id or file.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Write the card to this file (or folder), not stdout."),
    ] = None,
    images: Annotated[
        Path, typer.Option("--images", help="Folder of the rendered SVG the card links to.")
    ] = Path("output"),
) -> None:
    """Print a design's 7-step study card as Markdown, with its diagram linked."""
    from .._files import write_text
    from .._load import load
    from ..study import card_markdown, comparison_of, image_link

    with errors_to_exit_codes():
        design = load(target)
        if output is not None and output.is_dir():
            output = output / f"{design.id}.md"
        svg = images / f"{design.id}.svg"
        folder = output.parent if output is not None else Path.cwd()
        matrix = comparison_of(design, {d.id: d for d in partners([design])})
        text = card_markdown(design, image_link(svg, folder), matrix)
        if output is None:
            sys.stdout.write(printable(text))
        else:
            typer.echo(str(write_text(output, text)))
    if not svg.is_file():
        err(f"note: {svg} does not exist yet; `mlsd render {target} -o {images}` draws it")


@app.command("gallery")
def gallery_command(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            help="Designs to show (ids, files, folders); every built-in if none.",
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
) -> None:
    """Write index.html and README.md showing every design, with a study card for each.

    Designs whose PNG, SVG or model figures are missing from the folder are rendered first.
    """
    from .._batch import render_many
    from .._load import expand, load
    from ..render import RenderOptions
    from ..study import write_gallery

    with errors_to_exit_codes():
        found = expand(targets) if targets else expand([], all_builtin=True)
        designs = [load(source) for source in found]
        missing = [
            d
            for d in designs
            if not all((out_dir / f"{d.id}.{x}").is_file() for x in ("png", "svg"))
            or not all((out_dir / f"{d.id}.figure-{f.id}.svg").is_file() for f in d.figures)
        ]
        render_many(missing, out_dir, RenderOptions(figures=True))
        write_gallery(designs, out_dir, others=partners(designs))
    for design in missing:
        typer.echo(f"rendered {design.id}")
    typer.echo(
        f"wrote {out_dir / 'index.html'}, {out_dir / 'README.md'} and {len(designs)} study cards"
    )


@app.command("new")
def new_command(
    design_id: Annotated[
        str, typer.Argument(metavar="ID", help="snake_case id of the design; also its file name.")
    ],
    directory: Annotated[Path, typer.Option("--dir", help="Folder for ID.py.")] = Path("designs"),
    origin: Annotated[
        str | None,
        typer.Option("--from", help="Copy this design (an id or file) instead of the starter."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title shown above the diagram.")] = None,
    file_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="py (a Blueprint module), or yaml / json (a design file, with the schema "
            f"beside it as {SCHEMA_FILE} for editors).",
        ),
    ] = "py",
    figure: Annotated[
        bool,
        typer.Option(
            "--figure", help="Add a model figure (blocks, shapes, a loss) of the design's model."
        ),
    ] = False,
) -> None:
    """Write a new design (a module, or a YAML/JSON file) that validates and renders as written."""
    from .._catalog import kinds_with_figures
    from .._files import write_text
    from .._load import load
    from .._model import ID_MAX_LENGTH, is_valid_id
    from ..compose import module_source, starter_design, starter_figure, starter_source

    if not is_valid_id(design_id):
        fail(
            f"`{design_id}` is not a valid design id: use snake_case starting with a letter "
            f"([a-z][a-z0-9_]*, at most {ID_MAX_LENGTH} characters), e.g. `my_ranker`",
            EXIT_USAGE,
        )
    kind = choice(NewFormat, file_format, "--format")
    path = directory / f"{design_id}.{kind.value}"
    if path.exists():
        fail(f"{path} already exists; choose another id or --dir, or delete the file", EXIT_USAGE)
    schema = directory / SCHEMA_FILE
    with errors_to_exit_codes():
        name = title or design_id.replace("_", " ").capitalize()
        if origin is None and kind is NewFormat.PY:
            text = starter_source(design_id, name, str(path), figure=figure)
        elif origin is None:
            text = _design_file(starter_design(design_id, name), kind)
        else:
            original = load(origin)
            changes: dict[str, str] = {"id": design_id} | ({"title": title} if title else {})
            copy = original.model_copy(update=changes)
            if figure:
                hosts = [c.id for c in copy.components if c.kind in kinds_with_figures()]
                if not hosts:
                    fail(
                        f"`{original.id}` has no model-hosting component to draw a figure of; "
                        "drop --figure or add one",
                        EXIT_USAGE,
                    )
                taken = {f.id for f in copy.figures}
                names = (f"ranker{n or ''}" for n in range(len(taken) + 1))
                fid = next(name for name in names if name not in taken)
                extra = starter_figure(hosts[0]).model_copy(update={"id": fid})
                copy = copy.model_copy(update={"figures": [*copy.figures, extra]})
            if kind is NewFormat.PY:
                doc = f"{copy.title}: adapted from the design `{original.id}`."
                text = module_source(copy, doc)
            else:
                text = _design_file(copy, kind)
        write_text(path, text)
        if kind is not NewFormat.PY and not schema.exists():
            write_text(schema, schema_text())
            typer.echo(f"wrote {schema} (the schema editors check {path.name} against)")
    typer.echo(f"wrote {path}")
    mlsd = invoked_as()
    typer.echo(f"next: {mlsd} validate {path} --strict && {mlsd} render {path}")
