"""Findings (what a rule or the schema found, and how to fix it) and the E100 translation of
pydantic's errors into findings that name the field path, the bad value and the nearest choice."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ._catalog import (
    BLOCK_KINDS,
    COMPONENT_KINDS,
    FIGURE_LINK_KINDS,
    INTERACTION_OPS,
    ComponentKind,
    Direction,
    FlowKind,
    Plane,
    kind_synonyms,
)
from ._model import (
    ID_MAX_LENGTH,
    Card,
    Component,
    Design,
    Figure,
    FigureBlock,
    FigureGroup,
    FigureLink,
    Flow,
    Group,
    Tradeoff,
    View,
)

__all__ = [
    "FIGURE_SCHEMA_RULE",
    "KIND_SYNONYMS",
    "SCHEMA_RULE",
    "Finding",
    "Locate",
    "RuleInfo",
    "Severity",
    "field_path",
    "kinds_for_word",
    "schema_findings",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Finding(BaseModel):
    """One thing a rule found: what, where, and how to fix it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    message: str
    subject: str | None = None
    """The component id, flow (`a -> b`), group id or field path the finding is about."""
    hint: str = ""
    line: int | None = None
    """The line of the source file the finding points at, where one is known (E100)."""


@dataclass(frozen=True)
class RuleInfo:
    """What `mlsd rules` and the docs show of a rule."""

    code: str
    severity: Severity
    summary: str


SCHEMA_RULE = RuleInfo(
    "E100",
    Severity.ERROR,
    "the document does not fit the schema (bad type, unknown field, unknown kind)",
)
"""Checked by pydantic when a document becomes a `Design`; `schema_findings` reports it."""

FIGURE_SCHEMA_RULE = RuleInfo(
    "F100",
    Severity.ERROR,
    "a model figure does not fit the schema (bad type, unknown field, unknown block kind)",
)
"""E100's counterpart for the `figures` of a design, so figure problems read as F-findings."""


Locate = Callable[[tuple[int | str, ...]], int | None]
"""Maps a field path (pydantic's `loc`) to its line in the source file, or None."""

_CHOICES: dict[str, list[str]] = {
    "plane": [p.value for p in Plane],
    "direction": [d.value for d in Direction],
}


# The words people write for a kind ("database", "kafka", "llm") and the kinds they mean, so a
# wrong kind is answered with what was meant rather than with the nearest spelling; each kind's
# entry in the catalog lists its words.
KIND_SYNONYMS: dict[str, tuple[ComponentKind, ...]] = kind_synonyms()


def kinds_for_word(word: str) -> tuple[ComponentKind, ...]:
    """The kinds a word that is not a kind usually means: `database` -> relational_db, nosql_db.

    The whole word is looked up first (case, spaces and hyphens aside), then each of its parts
    (`sql_database`), then the synonym nearest a misspelt word (`databse`). Empty when none fits.
    """
    name = "_".join(word.lower().replace("-", " ").split())
    found: list[ComponentKind] = []
    parts = [name, *name.split("_")] if "_" in name else [name]
    for part in parts:
        found += KIND_SYNONYMS.get(part, ())
    if not found:
        close = difflib.get_close_matches(name, list(KIND_SYNONYMS), n=1, cutoff=0.8)
        found += KIND_SYNONYMS[close[0]] if close else ()
    return tuple(dict.fromkeys(found))


def field_path(loc: Iterable[int | str]) -> str:
    """`("components", 3, "kind")` -> `components[3].kind`."""
    path = ""
    for part in loc:
        if isinstance(part, str) and not part.isprintable():
            # A key with a line break or a terminal escape is quoted, so a finding stays one line.
            path += f"[{part!r}]"
            continue
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def _choices(field: str, loc: tuple[int | str, ...]) -> tuple[str, list[str]]:
    """What the field names, and the values it may take."""
    if loc[:1] == ("figures",):
        if field == "kind":
            if "links" in loc:
                return "figure link kind", list(FIGURE_LINK_KINDS)
            return "block kind", list(BLOCK_KINDS)
        if field == "op":
            return "interaction op", list(INTERACTION_OPS)
        if field == "direction":
            return "figure direction", ["BT", "LR"]
    if field == "kind":
        if "flows" in loc:
            return "flow kind", [k.value for k in FlowKind]
        return "component kind", list(COMPONENT_KINDS)
    return field, _CHOICES.get(field, [])


_NESTED: dict[str, type[BaseModel]] = {
    "components": Component,
    "flows": Flow,
    "groups": Group,
    "card": Card,
    "tradeoffs": Tradeoff,
    "views": View,
}


_NESTED_IN_FIGURES: dict[str, type[BaseModel]] = {
    "figures": Figure,
    "blocks": FigureBlock,
    "links": FigureLink,
    "groups": FigureGroup,
}


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel]:
    """The model whose field `loc` names: `components[2].colour` -> Component."""
    model: type[BaseModel] = Design
    nested = _NESTED_IN_FIGURES if loc[:1] == ("figures",) else _NESTED
    for part in loc[:-1]:
        if isinstance(part, str):
            model = nested.get(part, model)
    return model


def _suggest(value: Any, choices: list[str], *, synonyms: bool = False) -> str:
    """`did you mean ...?` naming the nearest choices; with `synonyms` (component kinds), the
    kinds a usual word means come first: `database` -> `relational_db` or `nosql_db`."""
    if not isinstance(value, str) or not choices:
        return ""
    meant: list[str] = [k for k in kinds_for_word(value) if k in choices] if synonyms else []
    if meant:
        # A plain misspelling of a kind (`stream_procesor`) still names that kind first.
        typo = difflib.get_close_matches(value, choices, n=1, cutoff=0.85)
        meant = list(dict.fromkeys([*typo, *meant]))
        return "did you mean " + " or ".join(f"`{c}`" for c in meant) + "?"
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    return "use one of: " + ", ".join(choices)


def _snake_case(value: Any) -> str:
    """The nearest valid id to a bad one: `Ranker-1` -> `ranker_1`."""
    text = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in str(value).lower())
    text = "_".join(part for part in text.split("_") if part).lstrip("0123456789_")
    return text[:ID_MAX_LENGTH]


def schema_findings(error: ValidationError, locate: Locate | None = None) -> list[Finding]:
    """E100 findings from pydantic's error, each naming the field path and the bad value;
    `locate` maps a field path to its line in the source file, where one is known."""
    findings = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = field_path(loc)
        value = item.get("input")
        field = str(loc[-1]) if loc else ""
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        if item["type"] == "extra_forbidden":
            message = f"{path}: unknown field"
            fields = list(_model_at(loc).model_fields)
            close = difflib.get_close_matches(field, fields, n=1)
            known = (
                f"did you mean `{close[0]}`?" if close else "the fields are " + ", ".join(fields)
            )
            hint = f"remove it, or fix its spelling: {known}"
            if value is None and isinstance(loc[-1], str):
                # In a YAML flow mapping `{label: Fraud, appeals}` the comma ends the value, so
                # the rest becomes a key with no value: the usual source of this finding.
                hint = (
                    f"a comma in an unquoted value inside {{...}} starts a new field: quote the "
                    f'whole value (label: "..., {field}"); else {hint}'
                )
        elif item["type"] == "missing":
            message = f"{path}: required field is missing"
            hint = f"add `{field}`"
        elif item["type"] in ("enum", "literal_error"):
            what, choices = _choices(field, loc)
            message = f"{path}: unknown {what} {shown[:80]}"
            hint = _suggest(value, choices, synonyms=what == "component kind")
        elif item["type"] == "string_pattern_mismatch" and isinstance(value, str):
            message = f"{path}: {shown[:80]} is not a valid id"
            better = _snake_case(value)
            example = f", e.g. `{better}`" if better else ""
            hint = f"use snake_case: a lower-case letter, then letters, digits or _{example}"
        else:
            reason = item["msg"].removeprefix("Value error, ").rstrip(".")
            message = f"{path}: {reason} (got {shown[:80]})"
            hint = "fix the value to fit the schema"
        # Inside a figure it is F100; a `figures` field that is no list is the design's own.
        schema = FIGURE_SCHEMA_RULE if loc[:1] == ("figures",) and len(loc) > 1 else SCHEMA_RULE
        findings.append(
            Finding(
                code=schema.code,
                severity=schema.severity,
                message=message,
                subject=path,
                hint=hint,
                line=locate(loc) if locate else None,
            )
        )
    return findings
