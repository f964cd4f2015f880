"""Turn targets (built-in ids, .py modules, JSON/YAML files, folders) into `Design`s."""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import importlib
import importlib.util
import os
import stat
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import ValidationError

from ._diagnostics import Finding, Locate, schema_findings
from ._documents import describe_value, parse_document, text_locator
from ._errors import InvalidDesignError, LoadError
from ._model import Design, is_valid_id

__all__ = ["DESIGN_SUFFIXES", "builtin_ids", "expand", "load", "load_data", "load_text"]

DESIGN_SUFFIXES = (".py", ".json", ".yaml", ".yml")
BUILTIN_PACKAGE = "mlsd_diagrams.designs"


def builtin_ids() -> list[str]:
    """Ids of the designs that ship with the package, sorted."""
    from importlib.resources import files

    root = files(BUILTIN_PACKAGE)
    return sorted(
        entry.name[:-3]
        for entry in root.iterdir()
        if entry.name.endswith(".py") and is_valid_id(entry.name[:-3])
    )


def expand(targets: Iterable[str | Path], *, all_builtin: bool = False) -> list[str | Path]:
    """Targets as single sources: folders become their design files, ids stay ids.

    Raises LoadError for a path that does not exist or an id that is not built in.
    """
    sources: list[str | Path] = list(builtin_ids()) if all_builtin else []
    for target in targets:
        path = Path(target)
        kind = _kind_of(path)
        if kind == "folder":
            sources.extend(_design_files(path))
        elif path.suffix in DESIGN_SUFFIXES or kind is not None:
            _require_file(path, kind)
            sources.append(path)
        else:
            sources.append(_builtin_id(str(target)))
    return list(dict.fromkeys(sources))


def _design_files(folder: Path) -> list[Path]:
    try:
        found = sorted(
            p
            for p in folder.iterdir()
            if p.suffix in DESIGN_SUFFIXES and not p.name.startswith("_") and _kind_of(p) == "file"
        )
    except OSError as error:
        raise LoadError(f"{folder}: cannot read this folder ({error.strerror or error})") from None
    if not found:
        kinds = ", ".join(DESIGN_SUFFIXES)
        raise LoadError(
            f"{folder}: no design files ({kinds}) in this folder; name one that has some"
        )
    return found


def _kind_of(path: Path) -> str | None:
    """`file`, `folder`, `special` (a FIFO, device or socket) or None when nothing is there;
    LoadError when the path cannot be looked at (a name too long, a folder without access)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        raise LoadError(f"{path}: cannot read it ({error.strerror or error})") from None
    except ValueError:  # an embedded null byte
        raise LoadError(f"{path!r}: not a usable file name") from None
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "special"


def _require_file(path: Path, kind: str | None) -> None:
    if kind is None:
        raise LoadError(f"{path}: no such file")
    if kind == "folder":
        raise LoadError(f"{path}: is a folder; name one design file in it")
    if kind == "special":
        raise LoadError(
            f"{path}: not a regular file (a FIFO, device or socket); name a design file"
        )


def _builtin_id(name: str) -> str:
    known = builtin_ids()
    if name in known:
        return name
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean `{close[0]}`?" if close else "`mlsd list` shows the built-in designs"
    raise LoadError(f"unknown design `{name}`: not a built-in id nor an existing file; {hint}")


def load(source: str | Path) -> Design:
    """One design from a built-in id or a file path.

    Raises LoadError when the source cannot be read, InvalidDesignError (E100) when it does not
    fit the schema.
    """
    path = Path(source)
    kind = _kind_of(path)
    if isinstance(source, str) and not path.suffix and kind is None:
        name = _builtin_id(source)
        module = _import_builtin(name)
        return _design_from_module(module, f"design `{name}`")
    _require_file(path, kind)
    if path.suffix == ".py":
        design = _design_from_module(_import_file(path), str(path))
    elif path.suffix in (".json", ".yaml", ".yml"):
        text = _read(path)
        data, locator = parse_document(path, text)
        design = _validate(data, str(path), locator)
    else:
        raise LoadError(f"{path}: not a design file; use a .py, .json, .yaml or .yml file")
    return _own_icons_found(design.with_folder(path.resolve().parent), str(path))


_PNG = b"\x89PNG\r\n\x1a\n"


def _own_icons_found(design: Design, source: str) -> Design:
    """The design, once every icon file of its own is there and is a PNG; else LoadError
    naming the component and where its icon was looked for."""
    for component in design.components:
        file = design.icon_file(component)
        if file is None:
            continue
        try:
            with open(file, "rb") as handle:
                head = handle.read(8)
        except OSError as error:
            raise LoadError(
                f"{source}: component `{component.id}`: icon {component.icon!r} cannot be read "
                f"({error.strerror or error}; looked at {file}); a relative path starts from "
                "the design file's folder"
            ) from None
        if head != _PNG:
            raise LoadError(
                f"{source}: component `{component.id}`: icon {file} is not a PNG image; "
                "convert it to PNG"
            )
    return design


def load_data(data: Any, source: str = "<data>", *, text: str | None = None) -> Design:
    """A design from parsed JSON/YAML data; raises InvalidDesignError with E100 findings,
    which name their line when the document's `text` is given."""
    return _validate(data, source, None if text is None else lambda: text_locator(text))


def load_text(text: str, source: str = "<text>") -> Design:
    """A design from JSON or YAML text, e.g. a block of a docs page; `source` names it in errors.

    Raises LoadError when the text is not JSON or YAML, InvalidDesignError (E100, with lines)
    when it does not fit the schema.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise LoadError(f"{source} is empty; a design holds one JSON/YAML object")
    data, locator = parse_document(Path(source), text)
    return _validate(data, source, locator)


def _validate(data: Any, source: str, locator: Callable[[], Locate | None] | None) -> Design:
    """The design `data` describes; E100 findings, with lines from what `locator` returns,
    when it misfits the schema (the locator is made only then: valid documents cost nothing)."""
    if not isinstance(data, dict):
        raise LoadError(
            f"{source}: the document must be a mapping of design fields, not {type(data).__name__}"
        )
    try:
        return Design.model_validate(data)
    except ValidationError as error:
        locate = locator() if locator is not None else None
        try:
            findings = schema_findings(error, locate)
        except ValueError as value_error:  # e.g. an integer too long to print
            raise LoadError(f"{source}: {describe_value(value_error)}") from None
        raise InvalidDesignError(source, findings) from None


def _read(path: Path) -> str:
    try:
        # Non-blocking, so that a FIFO put in the file's place since it was looked at cannot
        # hang the read; the open file must be a regular one.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, encoding="utf-8") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                _require_file(path, "special")
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(f"{path}: cannot read file: {error}") from None
    # A byte-order mark some editors write is no part of the document, in JSON as in YAML.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise LoadError(f"{path} is empty; a design file holds one JSON/YAML object")
    return text


def _import_builtin(name: str) -> ModuleType:
    try:
        with _own_output_to_stderr():
            return importlib.import_module(f"{BUILTIN_PACKAGE}.{name}")
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a broken built-in is still reported as one line
        raise LoadError(f"design `{name}`: importing it failed: {_describe(error)}") from None


def _import_file(path: Path) -> ModuleType:
    """Run a user's design module under a private name, and unregister it afterwards."""
    resolved = path.resolve()
    digest = hashlib.sha1(str(resolved).encode()).hexdigest()[:12]
    name = f"_mlsd_user_design_{digest}"
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:
        raise LoadError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        with _own_output_to_stderr():
            spec.loader.exec_module(module)
    except SyntaxError as error:
        line = f":{error.lineno}" if error.lineno else ""  # null bytes have no line
        raise LoadError(f"{path}{line}: syntax error: {error.msg}") from None
    except ValidationError as error:
        # A design built at import time that misfits the schema is E100, as in a JSON file,
        # at the line of the module that built the misfit.
        findings = _at_line(schema_findings(error), _line_in(error, resolved))
        raise InvalidDesignError(str(path), findings) from None
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        # sys.exit(), GeneratorExit or a BaseException of the module's own must not end mlsd
        # with the module's status or a traceback; Ctrl-C still interrupts.
        raise LoadError(
            f"{path}{_line_in(error, resolved)}: importing it raised {_describe(error)}"
        ) from None
    finally:
        sys.modules.pop(name, None)
    return module


def _design_from_module(module: ModuleType, source: str) -> Design:
    candidate: Any = getattr(module, "design", None)
    build: Callable[[], Any] | None = getattr(module, "build", None)
    if candidate is None and callable(build):
        try:
            with _own_output_to_stderr():
                candidate = build()
        except ValidationError as error:
            file = getattr(module, "__file__", None)
            line = _line_in(error, Path(file).resolve()) if file else ""
            raise InvalidDesignError(source, _at_line(schema_findings(error), line)) from None
        except KeyboardInterrupt:
            raise
        except BaseException as error:
            file = getattr(module, "__file__", None)
            line = _line_in(error, Path(file).resolve()) if file else ""
            raise LoadError(f"{source}{line}: build() raised {_describe(error)}") from None
        if not isinstance(candidate, Design):
            raise LoadError(
                f"{source}: build() returned {type(candidate).__name__}, not a Design; "
                "make it return an mlsd_diagrams.Design"
            )
    if not isinstance(candidate, Design):
        raise LoadError(
            f"{source}: the module defines no design; give it a `design` variable or a "
            "`build()` function that returns an mlsd_diagrams.Design"
        )
    # A module can build a Design around validation (`model_construct`); checked again here,
    # once, nothing downstream meets an id like `../elsewhere` as a file name.
    try:
        return Design.model_validate(candidate.model_dump(warnings=False))
    except ValidationError as error:
        raise InvalidDesignError(source, schema_findings(error)) from None


def _own_output_to_stderr() -> contextlib.AbstractContextManager[Any]:
    """What a design module prints while it is imported or built goes to stderr, so that stdout
    holds only what mlsd writes there (`export`, `--format json`)."""
    return contextlib.redirect_stdout(sys.stderr)


def _describe(error: BaseException) -> str:
    """`KeyError: 'x'`: the exception's name and the first line of its message, if it has one."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def _at_line(findings: list[Finding], line: str) -> list[Finding]:
    """The findings, pointing at `line` (`:LINE`, from `_line_in`) where they name none."""
    if not line:
        return findings
    number = int(line[1:])
    return [f if f.line else f.model_copy(update={"line": number}) for f in findings]


def _line_in(error: BaseException, path: Path) -> str:
    """`:LINE` of the deepest traceback frame inside `path`, or nothing."""
    line = ""
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename).resolve() == path and frame.lineno is not None:
            line = f":{frame.lineno}"
    return line
