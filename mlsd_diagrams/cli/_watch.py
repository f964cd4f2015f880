"""`mlsd watch`: re-check and re-draw a design file on every save."""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .._errors import InvalidDesignError, LoadError, RenderError
from .._model import Design
from ._app import EXIT_ENVIRONMENT, EXIT_USAGE, app, choice, fail, finding_line, printable
from ._check import counts

__all__ = ["watch"]


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # editors that save by rename leave the file missing for a moment
    return info.st_mtime_ns, info.st_size


def watch(
    target: Path,
    on_change: Callable[[], None],
    *,
    interval: float = 0.5,
    max_cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Call `on_change` now and after each change of `target`; returns how often it was called.

    Polls the file's modification time and size every `interval` seconds, for `max_cycles`
    polls or until interrupted.
    """
    last: tuple[int, int] | None = None
    calls = cycles = 0
    while max_cycles is None or cycles < max_cycles:
        stamp = _stamp(target)
        if stamp is not None and stamp != last:
            last = stamp
            on_change()
            calls += 1
        cycles += 1
        if max_cycles is None or cycles < max_cycles:
            sleep(interval)
    return calls


def _not_readable(target: Path) -> str | None:
    """Why `target` is not to be read now, or None: only a regular file is opened (a FIFO would
    hang the loop, a device has no end)."""
    try:
        mode = os.stat(target).st_mode
    except OSError as error:
        return f"{target}: cannot look at the file ({error.strerror or error}); save it again"
    if not stat.S_ISREG(mode):
        return f"{target}: not a regular file; watch a .py, .json or .yaml design file"
    return None


def _failure_lines(target: Path, error: InvalidDesignError | LoadError) -> list[str]:
    """What a save that does not load shows. For a symlink, its target by name instead of the
    findings, which quote the file: the link may have been pointed at a secret."""
    if target.is_symlink():
        real = os.path.realpath(target)
        return [
            f"{target} links to {real}, which is not a valid design; point the link at a "
            f"design file, or run `mlsd validate {real}` to see what is wrong with it"
        ]
    if isinstance(error, InvalidDesignError):
        return [finding_line(f) for f in error.findings]
    return [str(error)]


def _svg_of(design: Design, paths: list[Path]) -> str:
    """The drawing for the live page: the SVG just written, else one drawn for it."""
    from ..render import Format, single_format

    for path in paths:
        if path.suffix == ".svg" and path.stem == design.id:
            return path.read_text(encoding="utf-8")
    return single_format(design, Format.SVG).decode("utf-8")


@app.command("watch")
def watch_command(
    target: Annotated[Path, typer.Argument(help="A .py, .json or .yaml design file.")],
    out_dir: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
    formats: Annotated[
        list[str] | None,
        typer.Option("-f", "--format", help="png, svg, pdf or dot.", show_default="png and svg"),
    ] = None,
    interval: Annotated[
        float, typer.Option(min=0.05, help="Seconds between looks at the file.")
    ] = 0.5,
    max_cycles: Annotated[int | None, typer.Option(hidden=True, min=1)] = None,
    serve_page: Annotated[
        bool,
        typer.Option(
            "--serve", help="Also serve its explorer page on 127.0.0.1, reloading on each save."
        ),
    ] = False,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port for --serve; 0 picks a free one.")
    ] = 8000,
) -> None:
    """Re-validate and re-render a design file each time it is saved; Ctrl-C stops."""
    from .._load import load
    from ..render import Format, RenderOptions, write_design
    from ..rules import errors, validate

    if not target.is_file():
        from .._load import builtin_ids

        if str(target) in builtin_ids():
            fail(
                f"`{target}` is a built-in design; copy it with `mlsd new my_{target} --dir mine "
                f"--from {target}` and watch the copy",
                EXIT_USAGE,
            )
        fail(f"{target}: no such file; watch a .py, .json or .yaml design file", EXIT_USAGE)
    options = RenderOptions(
        formats=tuple(choice(Format, f, "--format") for f in (formats or ["png", "svg"]))
    )

    def rebuild() -> None:
        now = time.strftime("%H:%M:%S")
        problem = _not_readable(target)
        if problem is not None:
            typer.echo(printable(f"[{now}] FAIL {problem}"))
            if live is not None:
                live.show([problem])
            return
        try:
            design = load(target)
        except (InvalidDesignError, LoadError) as error:
            lines = _failure_lines(target, error)
            typer.echo(printable(f"[{now}] FAIL {target}"))
            for line in lines:
                typer.echo(printable("  " + line))
            if live is not None:
                live.show(lines)
            return
        findings = validate(design)
        problems = errors(findings)
        status = "FAIL" if problems else "ok"
        typer.echo(printable(f"[{now}] {status} {target} (design `{design.id}`){counts(findings)}"))
        for finding in findings:
            typer.echo(printable("  " + finding_line(finding)))
        if problems:
            typer.echo("  not rendered: fix the errors above and save again")
            if live is not None:
                live.show([finding_line(f) for f in findings])
            return
        result = write_design(design, out_dir, options)
        typer.echo("  " + " ".join(str(p) for p in result.paths))
        if live is not None:
            live.show([], design, _svg_of(design, result.paths))

    live = None
    server = None
    if serve_page:
        from ._preview import LivePage, Preview, serve

        preview = Preview()
        try:
            server = serve(preview, port)
        except OSError as error:
            fail(
                f"cannot serve on 127.0.0.1:{port} ({error.strerror or error}); "
                "pick another --port, or 0 for a free one",
                EXIT_ENVIRONMENT,
            )
        live = LivePage(preview, target.name)
        live.show([])
        typer.echo(f"serving http://127.0.0.1:{server.server_port}/ (reloads on every save)")

    typer.echo(printable(f"watching {target} (Ctrl-C stops)"))
    # Python caches bytecode by modification time in whole seconds; two saves within a second
    # could otherwise load the older module.
    previous = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        watch(target, rebuild, interval=interval, max_cycles=max_cycles)
    except RenderError as error:
        fail(str(error), EXIT_ENVIRONMENT)
    except KeyboardInterrupt:
        typer.echo("stopped watching")
    finally:
        sys.dont_write_bytecode = previous
        if server is not None:
            server.shutdown()
