"""The `mlsd` command line: parse options, call the library, map errors to exit codes and one line.

Exit codes: 0 fine; 1 invalid designs or stale output; 2 bad usage or unreadable input;
3 the environment failed (Graphviz, the file system).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from .errors import InvalidDesignError, LoadError, MlsdError, RenderError

if TYPE_CHECKING:
    from .batch import BatchOutcome
    from .model import Design
    from .rules import Finding

__all__ = ["app", "main"]

E = TypeVar("E", bound=StrEnum)

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3

app = typer.Typer(
    name="mlsd",
    help="Diagram-as-code for ML system design: list, validate, render and export designs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class ExportFormat(StrEnum):
    JSON = "json"
    YAML = "yaml"


# Control characters, line breaks and bidi overrides in a file name, id or key would split the
# message or drive the terminal; they are shown escaped instead.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _single_line(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


def _err(message: str) -> None:
    """`mlsd: MESSAGE` on stderr, one line whatever names or values the message holds."""
    typer.echo(f"mlsd: {_single_line(message)}", err=True)


def fail(message: str, code: int) -> NoReturn:
    _err(message)
    raise typer.Exit(code)


@contextmanager
def errors_to_exit_codes() -> Iterator[None]:
    """Library errors become one stderr line each (one per finding of an invalid design) and
    the SPEC's exit code; never a traceback."""
    try:
        yield
    except InvalidDesignError as error:
        for finding in error.findings:
            _err(f"{_where(error.source, finding)}: {_finding_line(finding)}")
        raise typer.Exit(EXIT_INVALID) from None
    except LoadError as error:
        fail(str(error), EXIT_USAGE)
    except RenderError as error:
        fail(str(error), EXIT_ENVIRONMENT)
    except MlsdError as error:
        fail(str(error), EXIT_USAGE)
    except KeyboardInterrupt:
        fail("interrupted", 130)


def _finding_line(finding: Finding) -> str:
    where = f" [{finding.subject}]" if finding.subject else ""
    hint = f" (hint: {finding.hint})" if finding.hint else ""
    return f"{finding.severity.value} {finding.code}{where}: {finding.message}{hint}"


def _where(source: str, finding: Finding) -> str:
    """`designs/x.yaml:12` when the finding knows its line, else the source alone."""
    return f"{source}:{finding.line}" if finding.line else source


def _sources(targets: list[str] | None, all_builtin: bool) -> list[str | Path]:
    from .load import expand

    if not targets and not all_builtin:
        fail("name at least one design (an id, a file or a folder), or pass --all", EXIT_USAGE)
    return expand(targets or [], all_builtin=all_builtin)


TargetsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Built-in design ids, .py design modules, .json/.yaml design files, or folders.",
        show_default=False,
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every built-in design.")]


@app.command("list")
def list_designs(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the built-in designs: id, title, component and flow counts, validity."""
    from .load import builtin_ids, load
    from .rules import errors, validate

    rows: list[dict[str, str | int | bool]] = []
    with errors_to_exit_codes():
        for design_id in builtin_ids():
            design = load(design_id)
            rows.append(
                {
                    "id": design.id,
                    "title": design.title,
                    "components": len(design.components),
                    "flows": len(design.flows),
                    "valid": not errors(validate(design)),
                }
            )
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max((len(str(r["id"])) for r in rows), default=2)
    typer.echo(f"{'ID':<{width}}  {'COMP':>4}  {'FLOWS':>5}  {'VALID':<5}  TITLE")
    for r in rows:
        valid = "yes" if r["valid"] else "NO"
        typer.echo(
            f"{r['id']:<{width}}  {r['components']:>4}  {r['flows']:>5}  {valid:<5}  {r['title']}"
        )


@app.command()
def validate(
    targets: TargetsArg = None,
    all_builtin: AllOpt = False,
    strict: Annotated[bool, typer.Option(help="Warnings fail too.")] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for tools.")
    ] = OutputFormat.TEXT,
) -> None:
    """Check designs against the rules; exit 1 when any has errors (or warnings, with --strict)."""
    from .load import load
    from .rules import errors
    from .rules import validate as run_rules

    # (design id, or the file when it never became a design; the source; its findings)
    reports: list[tuple[str, str, list[Finding]]] = []
    with errors_to_exit_codes():
        for source in _sources(targets, all_builtin):
            try:
                design = load(source)
                reports.append((design.id, str(source), run_rules(design)))
            except InvalidDesignError as error:
                reports.append((error.source, error.source, error.findings))

    failed = [name for name, _, findings in reports if errors(findings, strict=strict)]
    if output_format is OutputFormat.JSON:
        payload = [
            {
                "design": name,
                "source": source,
                "ok": not errors(findings, strict=strict),
                "findings": [f.model_dump(mode="json") for f in findings],
            }
            for name, source, findings in reports
        ]
        typer.echo(json.dumps(payload, indent=2))
    else:
        # click drops the colours when stdout is not a terminal, so piped output stays plain.
        for name, _, findings in reports:
            ok = not errors(findings, strict=strict)
            status = typer.style("ok", fg="green") if ok else typer.style("FAIL", fg="red")
            typer.echo(f"{status} {typer.style(name, bold=True)}{_counts(findings)}")
            for finding in findings:
                typer.echo(_finding_block(finding))
        if len(reports) > 1:
            typer.echo(f"{len(reports)} designs checked, {len(failed)} failed")
    if failed:
        raise typer.Exit(EXIT_INVALID)


def _finding_block(finding: Finding) -> str:
    """A finding as two indented lines, the message then the hint, for `validate`'s text."""
    from .rules import Severity

    color = "red" if finding.severity is Severity.ERROR else "yellow"
    label = typer.style(f"{finding.severity.value} {finding.code}", fg=color, bold=True)
    where = f"line {finding.line}: " if finding.line else ""
    subject = finding.subject or ""
    about = f"[{subject}] " if subject and subject not in finding.message else ""
    text = f"  {label} {where}{about}{finding.message}"
    if finding.hint:
        text += "\n" + typer.style(f"             hint: {finding.hint}", dim=True)
    return text


def _counts(findings: list[Finding]) -> str:
    from .rules import Severity

    n_err = sum(f.severity is Severity.ERROR for f in findings)
    n_warn = len(findings) - n_err
    parts = [
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((n_err, "error"), (n_warn, "warning"))
        if n
    ]
    return f" ({', '.join(parts)})" if parts else ""


@app.command("rules")
def list_rules(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text for people, json for tools.")
    ] = OutputFormat.TEXT,
) -> None:
    """Print the validation rules: code, severity and what each checks."""
    from .rules import RULES

    rules = sorted(RULES.values(), key=lambda r: r.code)
    if output_format is OutputFormat.JSON:
        rows = [{"code": r.code, "severity": r.severity.value, "summary": r.summary} for r in rules]
        typer.echo(json.dumps(rows, indent=2))
        return
    typer.echo(f"{'CODE':<5} {'SEVERITY':<8} RULE")
    for r in rules:
        typer.echo(f"{r.code:<5} {r.severity.value:<8} {r.summary}")


@app.command()
def render(
    targets: TargetsArg = None,
    all_builtin: AllOpt = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "-f",
            "--format",
            help="png, svg, pdf or dot; repeat for several.",
            show_default="png and svg",
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("output"),
    theme: Annotated[str, typer.Option(help="light or dark.")] = "light",
    icons: Annotated[str, typer.Option(help="oss, aws, gcp, azure or boxes.")] = "oss",
    dpi: Annotated[int, typer.Option(min=36, max=1200, help="PNG resolution.")] = 150,
    transparent: Annotated[bool, typer.Option(help="Transparent background.")] = False,
    legend: Annotated[
        bool, typer.Option(help="Key of the flow kinds and planes under the title.")
    ] = True,
    frames: Annotated[
        bool,
        typer.Option(help="Also write build-up frames OUT/<id>.frame-NN.<format> for slides."),
    ] = False,
    check: Annotated[
        bool, typer.Option(help="Write nothing; exit 1 when committed output is out of date.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help="Designs rendered at once.", show_default="cores"),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="Render even designs whose outputs are up to date.")
    ] = False,
    mask: Annotated[
        bool,
        typer.Option(help="Practice: numbered labels in <id>_masked.*, answers in <id>.key.md."),
    ] = False,
) -> None:
    """Render designs to OUT/<id>.<format>, laid out once per design."""
    from .batch import render_many
    from .load import load
    from .render import Format, IconSet, RenderOptions, check_outputs
    from .themes import ThemeName

    options = RenderOptions(
        formats=tuple(_choice(Format, f, "--format") for f in (formats or ["png", "svg"])),
        theme=_choice(ThemeName, theme, "--theme"),
        icons=_choice(IconSet, icons, "--icons"),
        dpi=dpi,
        transparent=transparent,
        legend=legend,
        frames=frames,
    )
    stale: list[Path] = []
    with errors_to_exit_codes():
        designs: list[Design] = [load(s) for s in _sources(targets, all_builtin)]
        keys: dict[str, str] = {}
        if mask:
            designs, keys = _mask_all(designs)
        if check:
            for design in designs:
                stale += check_outputs(design, out_dir, options)
        else:
            render_many(designs, out_dir, options, jobs=jobs, force=force, on_done=_report)
            _write_keys(keys, out_dir)
    if stale:
        for path in stale:
            _err(f"{path} is out of date; run `mlsd render` without --check and commit it")
        raise typer.Exit(EXIT_INVALID)
    if check:
        typer.echo(f"{len(designs)} design(s) up to date in {out_dir}")


def _report(outcome: BatchOutcome) -> None:
    """One line per design as it finishes: its files, or why it was skipped."""
    if outcome.skipped:
        typer.echo(f"{outcome.design_id}: up to date, skipped (--force renders anyway)")
        return
    for warning in outcome.result.warnings:
        _err(f"design `{outcome.design_id}`: Graphviz: {warning}")
    typer.echo(" ".join(str(p) for p in outcome.result.paths))


def _choice(enum: type[E], value: str, option: str) -> E:
    try:
        return enum(value.lower())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        fail(f"{option}: unknown value {value!r} (must be one of: {allowed})", EXIT_USAGE)


@app.command()
def export(
    target: Annotated[str, typer.Argument(help="A design id or file.")],
    to: Annotated[ExportFormat, typer.Option("--to", help="json or yaml.")] = ExportFormat.JSON,
) -> None:
    """Print the validated design as JSON or YAML (the same schema the loader reads)."""
    from .load import load
    from .rules import require_valid

    with errors_to_exit_codes():
        design = load(target)
        require_valid(design)
    sys.stdout.write(design.to_json() if to is ExportFormat.JSON else design.to_yaml())


def main() -> None:
    """Console-script entry point."""
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # so a full disk or closed pipe surfaces here, not at exit
    except BrokenPipeError:
        # The reader went away (`mlsd export x | head`): stop quietly, as Unix tools do. The
        # status is 1 (the output is cut short), as Python's signal docs advise; nothing here
        # says the designs are invalid.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as error:
        _err(f"writing to standard output failed ({error.strerror or error}); check the disk")
        sys.exit(EXIT_ENVIRONMENT)
    except UnicodeEncodeError as error:
        _err(
            f"standard output is {error.encoding} and cannot show this text; "
            "set PYTHONIOENCODING=utf-8"
        )
        sys.exit(EXIT_ENVIRONMENT)


# --- studying and composing: card, gallery, new, watch -------------------------------------------


def _mask_all(designs: list[Design]) -> tuple[list[Design], dict[str, str]]:
    """Practice copies of the designs, and each one's answer key by the original id."""
    from .rules import require_valid
    from .study import mask

    masked, keys = [], {}
    for design in designs:
        # Findings name the design as written; in its numbered copy they would name `c1`, `c2`.
        require_valid(design)
        copy, key = mask(design)
        masked.append(copy)
        keys[design.id] = key
    return masked, keys


def _write_keys(keys: dict[str, str], out_dir: Path) -> None:
    from .files import write_text

    for design_id, key in keys.items():
        typer.echo(str(write_text(out_dir / f"{design_id}.key.md", key)))


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
    from .files import write_text
    from .load import load
    from .study import card_markdown, image_link

    with errors_to_exit_codes():
        design = load(target)
        if output is not None and output.is_dir():
            output = output / f"{design.id}.md"
        svg = images / f"{design.id}.svg"
        folder = output.parent if output is not None else Path.cwd()
        text = card_markdown(design, image_link(svg, folder))
        if output is None:
            sys.stdout.write(text)
        else:
            typer.echo(str(write_text(output, text)))
    if not svg.is_file():
        _err(f"note: {svg} does not exist yet; `mlsd render {target} -o {images}` draws it")


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
    from .load import expand, load
    from .study import write_gallery

    with errors_to_exit_codes():
        sources = expand(targets) if targets else expand([], all_builtin=True)
        designs = [load(source) for source in sources]
        result = write_gallery(designs, out_dir)
    for design_id in result.rendered:
        typer.echo(f"rendered {design_id}")
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
    from .files import write_text
    from .load import load
    from .model import ID_MAX_LENGTH
    from .study import module_source, starter_source, valid_id

    if not valid_id(design_id):
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
    typer.echo(f"next: mlsd validate {path} --strict && mlsd render {path}")


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
) -> None:
    """Re-validate and re-render a design file each time it is saved; Ctrl-C stops."""
    import time

    from .load import load
    from .render import Format, RenderOptions
    from .render import render as render_design
    from .rules import errors, validate
    from .study import watch

    if not target.is_file():
        from .load import builtin_ids

        if str(target) in builtin_ids():
            fail(
                f"`{target}` is a built-in design; copy it with `mlsd new my_{target} --dir mine "
                f"--from {target}` and watch the copy",
                EXIT_USAGE,
            )
        fail(f"{target}: no such file; watch a .py, .json or .yaml design file", EXIT_USAGE)
    options = RenderOptions(
        formats=tuple(_choice(Format, f, "--format") for f in (formats or ["png", "svg"]))
    )

    def rebuild() -> None:
        now = time.strftime("%H:%M:%S")
        try:
            design = load(target)
        except InvalidDesignError as error:
            typer.echo(f"[{now}] FAIL {target}")
            for finding in error.findings:
                typer.echo("  " + _finding_line(finding))
            return
        except LoadError as error:
            typer.echo(f"[{now}] FAIL {error}")
            return
        findings = validate(design)
        problems = errors(findings)
        typer.echo(f"[{now}] {'FAIL' if problems else 'ok'} {design.id}{_counts(findings)}")
        for finding in findings:
            typer.echo("  " + _finding_line(finding))
        if problems:
            typer.echo("  not rendered: fix the errors above and save again")
            return
        result = render_design(design, out_dir, options)
        typer.echo("  " + " ".join(str(p) for p in result.paths))

    typer.echo(f"watching {target} (Ctrl-C stops)")
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
