"""`mlsd card`, `gallery` and `new`: study cards, the gallery and new design modules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._app import EXIT_USAGE, app, err, errors_to_exit_codes, fail, invoked_as, printable

__all__: list[str] = []


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
    from ..study import card_markdown, image_link

    with errors_to_exit_codes():
        design = load(target)
        if output is not None and output.is_dir():
            output = output / f"{design.id}.md"
        svg = images / f"{design.id}.svg"
        folder = output.parent if output is not None else Path.cwd()
        text = card_markdown(design, image_link(svg, folder))
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

    Designs whose PNG or SVG is missing from the folder are rendered first.
    """
    from .._batch import render_many
    from .._load import expand, load
    from ..study import write_gallery

    with errors_to_exit_codes():
        found = expand(targets) if targets else expand([], all_builtin=True)
        designs = [load(source) for source in found]
        missing = [
            d
            for d in designs
            if not all((out_dir / f"{d.id}.{x}").is_file() for x in ("png", "svg"))
        ]
        render_many(missing, out_dir)
        write_gallery(designs, out_dir)
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
) -> None:
    """Write a new design module that validates and renders as written."""
    from .._files import write_text
    from .._load import load
    from .._model import ID_MAX_LENGTH, is_valid_id
    from ..compose import module_source, starter_source

    if not is_valid_id(design_id):
        fail(
            f"`{design_id}` is not a valid design id: use snake_case starting with a letter "
            f"([a-z][a-z0-9_]*, at most {ID_MAX_LENGTH} characters), e.g. `my_ranker`",
            EXIT_USAGE,
        )
    path = directory / f"{design_id}.py"
    if path.exists():
        fail(f"{path} already exists; choose another id or --dir, or delete the file", EXIT_USAGE)
    with errors_to_exit_codes():
        if origin is None:
            name = title or design_id.replace("_", " ").capitalize()
            text = starter_source(design_id, name, str(path))
        else:
            original = load(origin)
            changes: dict[str, str] = {"id": design_id} | ({"title": title} if title else {})
            copy = original.model_copy(update=changes)
            text = module_source(copy, f"{copy.title}: adapted from the design `{original.id}`.")
        write_text(path, text)
    typer.echo(f"wrote {path}")
    mlsd = invoked_as()
    typer.echo(f"next: {mlsd} validate {path} --strict && {mlsd} render {path}")
