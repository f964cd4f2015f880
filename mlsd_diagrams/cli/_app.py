"""The `mlsd` command line: parse options, call the library, map errors to exit codes and one line.

Exit codes: 0 fine; 1 invalid designs or stale output; 2 bad usage or unreadable input;
3 the environment failed (Graphviz, the file system).
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from .._errors import InvalidDesignError, LoadError, MlsdError, RenderError

if TYPE_CHECKING:
    from .._diagnostics import Finding

__all__ = [
    "EXIT_ENVIRONMENT",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "AllOpt",
    "OutputFormat",
    "TargetsArg",
    "app",
    "choice",
    "err",
    "errors_to_exit_codes",
    "fail",
    "finding_line",
    "invoked_as",
    "main",
    "printable",
    "sources",
]

E = TypeVar("E", bound=StrEnum)

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 1, 2, 3

app = typer.Typer(
    name="mlsd",
    help="Diagram-as-code for ML system design: list, validate, render and export designs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("mlsd-diagrams")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "unknown"
        typer.echo(f"mlsd {number}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    pass


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


# Control characters, line breaks and bidi overrides in a file name, id or key would split the
# message or drive the terminal; they are shown escaped instead.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, less the tab and line break that a report of several lines is made of.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def _single_line(text: str) -> str:
    return _UNPRINTABLE.sub(_escaped, text)


def printable(text: str) -> str:
    """A report for the terminal with its lines kept and every control character in a design's
    words shown escaped: a label must not set the clipboard (OSC 52), the window title or
    clear the screen."""
    return _CONTROL.sub(_escaped, text)


def err(message: str) -> None:
    """`mlsd: MESSAGE` on stderr, one line whatever names or values the message holds."""
    typer.echo(f"mlsd: {_single_line(message)}", err=True)


def fail(message: str, code: int) -> NoReturn:
    err(message)
    raise typer.Exit(code)


@contextmanager
def errors_to_exit_codes() -> Iterator[None]:
    """Library errors become one stderr line each (one per finding of an invalid design) and
    the SPEC's exit code; never a traceback."""
    try:
        yield
    except InvalidDesignError as error:
        for finding in error.findings:
            err(f"{_where(error.source, finding)}: {finding_line(finding)}")
        raise typer.Exit(EXIT_INVALID) from None
    except LoadError as error:
        fail(str(error), EXIT_USAGE)
    except RenderError as error:
        fail(str(error), EXIT_ENVIRONMENT)
    except MlsdError as error:
        fail(str(error), EXIT_USAGE)
    except KeyboardInterrupt:
        fail("interrupted", 130)


def finding_line(finding: Finding) -> str:
    # The subject once: E100 messages begin with their field path already.
    subject = finding.subject or ""
    where = f" [{subject}]" if subject and subject not in finding.message else ""
    hint = f" (hint: {finding.hint})" if finding.hint else ""
    return f"{finding.severity.value} {finding.code}{where}: {finding.message}{hint}"


def _where(source: str, finding: Finding) -> str:
    """`designs/x.yaml:12` when the finding knows its line, else the source alone."""
    return f"{source}:{finding.line}" if finding.line else source


def sources(targets: list[str] | None, all_builtin: bool) -> list[str | Path]:
    from .._load import expand

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


def invoked_as() -> str:
    """The command as the user typed it (`.venv/bin/mlsd` when run by path), for hints to copy."""
    typed = sys.argv[0] if sys.argv else ""
    if os.sep in typed and Path(typed).name == "mlsd":
        return typed
    return "mlsd"


def choice(enum: type[E], value: str, option: str, aliases: dict[str, E] | None = None) -> E:
    """The enum member `value` names (any case, or one of its `aliases`); else exit 2 with one
    line naming the allowed values and, when one is close, the nearest."""
    word = value.lower()
    if aliases and word in aliases:
        return aliases[word]
    try:
        return enum(word)
    except ValueError:
        from difflib import get_close_matches

        values = [e.value for e in enum]
        nearest = get_close_matches(word, [*values, *(aliases or {})], n=1, cutoff=0.5)
        suggestion = ""
        if nearest:
            named = aliases[nearest[0]].value if aliases and nearest[0] in aliases else nearest[0]
            suggestion = f"; did you mean `{named}`?"
        allowed = ", ".join(values)
        fail(
            f"{option}: unknown value {value!r} (must be one of: {allowed}){suggestion}",
            EXIT_USAGE,
        )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    # SIGTERM stops a run as Ctrl-C does: `dot` is ended and the manifest keeps what finished.
    signal.signal(signal.SIGTERM, _interrupt)
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
        err(f"writing to standard output failed ({error.strerror or error}); check the disk")
        sys.exit(EXIT_ENVIRONMENT)
    except UnicodeEncodeError as error:
        err(
            f"standard output is {error.encoding} and cannot show this text; "
            "set PYTHONIOENCODING=utf-8"
        )
        sys.exit(EXIT_ENVIRONMENT)
