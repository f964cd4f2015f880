"""Validation: one small pure function per rule code, a registry of them, and `validate()`."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .model import ComponentKind, Design, Direction, FlowKind, Plane

__all__ = [
    "RULES",
    "Finding",
    "Rule",
    "Severity",
    "errors",
    "schema_findings",
    "validate",
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


RuleCheck = Callable[[Design], Iterable[Finding]]


class Rule(BaseModel):
    """A registered rule: its code, severity, one-line summary and check."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    code: str
    severity: Severity
    summary: str
    check: RuleCheck


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, summary: str) -> Callable[[RuleCheck], RuleCheck]:
    """Register a check under its code; the summary is what `mlsd rules` and the docs show."""

    def register(check: RuleCheck) -> RuleCheck:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code=code, severity=severity, summary=summary, check=check)
        return check

    return register


def validate(design: Design) -> list[Finding]:
    """Every finding of every rule, errors first, in a stable order."""
    findings = [f for r in RULES.values() for f in r.check(design)]
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return sorted(findings, key=lambda f: (order[f.severity], f.code, f.subject or "", f.message))


def errors(findings: Iterable[Finding], *, strict: bool = False) -> list[Finding]:
    """The findings that make a design invalid: errors, and warnings too when strict."""
    return [f for f in findings if strict or f.severity is Severity.ERROR]


# --- E100: the document does not fit the schema -------------------------------------------------

_CHOICES: dict[str, list[str]] = {
    "kind": [k.value for k in ComponentKind] + [k.value for k in FlowKind],
    "plane": [p.value for p in Plane],
    "direction": [d.value for d in Direction],
}


def field_path(loc: Iterable[int | str]) -> str:
    """`("components", 3, "kind")` -> `components[3].kind`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(document)"


def _suggest(field: str, value: Any, loc: tuple[int | str, ...]) -> str:
    if not isinstance(value, str):
        return ""
    choices = _CHOICES.get(field, [])
    if field == "kind":
        pool = [k.value for k in FlowKind] if "flows" in loc else [k.value for k in ComponentKind]
        choices = pool
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(f"`{c}`" for c in close) + "?"
    if choices:
        return "use one of: " + ", ".join(choices)
    return ""


def schema_findings(error: ValidationError) -> list[Finding]:
    """E100 findings from pydantic's error, each naming the field path and the bad value."""
    findings = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = field_path(loc)
        value = item.get("input")
        field = str(loc[-1]) if loc else ""
        if item["type"] == "extra_forbidden":
            message = f"{path}: unknown field"
            hint = "remove it, or check its spelling against the schema (`mlsd schema`)"
        elif item["type"] == "missing":
            message = f"{path}: required field is missing"
            hint = f"add `{field}`"
        else:
            shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
            message = f"{path}: {item['msg'].rstrip('.')} (got {shown[:80]})"
            hint = _suggest(field, value, loc) or "fix the value to fit the schema"
        findings.append(
            Finding(code="E100", severity=Severity.ERROR, message=message, subject=path, hint=hint)
        )
    return findings


# --- structure: E101-E104 ------------------------------------------------------------------------


def _duplicates(ids: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            yield item
        seen.add(item)


@rule("E101", Severity.ERROR, "two components share an id")
def unique_component_ids(design: Design) -> Iterator[Finding]:
    for dup in dict.fromkeys(_duplicates(c.id for c in design.components)):
        yield Finding(
            code="E101",
            severity=Severity.ERROR,
            message=f"component id `{dup}` is used more than once",
            subject=dup,
            hint="give each component its own id",
        )
    for dup in dict.fromkeys(_duplicates(g.id for g in design.groups)):
        yield Finding(
            code="E101",
            severity=Severity.ERROR,
            message=f"group id `{dup}` is used more than once",
            subject=dup,
            hint="give each group its own id",
        )


@rule("E102", Severity.ERROR, "a flow or group names a component that does not exist")
def references_exist(design: Design) -> Iterator[Finding]:
    known = {c.id for c in design.components}
    groups = {g.id for g in design.groups}

    def unknown(name: str, where: str, subject: str) -> Finding:
        close = difflib.get_close_matches(name, known | groups, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "declare the component first"
        return Finding(
            code="E102",
            severity=Severity.ERROR,
            message=f"{where} names `{name}`, which is not a component of this design",
            subject=subject,
            hint=hint,
        )

    for flow in design.flows:
        for end in (flow.source, flow.target):
            if end not in known:
                yield unknown(end, f"flow {flow.ref}", flow.ref)
    for group in design.groups:
        for member in group.members:
            if member not in known:
                yield unknown(member, f"group `{group.id}`", group.id)
        if group.parent is not None and group.parent not in groups:
            yield Finding(
                code="E102",
                severity=Severity.ERROR,
                message=f"group `{group.id}` names parent `{group.parent}`, which is not a group",
                subject=group.id,
                hint="declare the parent group, or drop `parent`",
            )
    for index, frame in enumerate(design.frames):
        for name in frame:
            if name not in known and name not in groups:
                yield unknown(name, f"frames[{index}]", f"frames[{index}]")


@rule("E103", Severity.ERROR, "a flow from a component to itself")
def no_self_flows(design: Design) -> Iterator[Finding]:
    for flow in design.flows:
        if flow.source == flow.target:
            yield Finding(
                code="E103",
                severity=Severity.ERROR,
                message=f"flow {flow.ref} goes from `{flow.source}` to itself",
                subject=flow.ref,
                hint="remove it, or describe the internal step in the component's notes",
            )


@rule("E104", Severity.ERROR, "a component is a member of two sibling groups, or a group cycle")
def groups_nest(design: Design) -> Iterator[Finding]:
    parent = {g.id: g.parent for g in design.groups}
    for group in design.groups:
        seen = {group.id}
        current = group.parent
        while current is not None:
            if current in seen:
                yield Finding(
                    code="E104",
                    severity=Severity.ERROR,
                    message=f"group `{group.id}` is nested inside itself",
                    subject=group.id,
                    hint="break the cycle of `parent` links",
                )
                break
            seen.add(current)
            current = parent.get(current)
    owner: dict[str, str] = {}
    for group in design.groups:
        for member in group.members:
            if member in owner and owner[member] != group.id:
                yield Finding(
                    code="E104",
                    severity=Severity.ERROR,
                    message=(
                        f"component `{member}` is in both group `{owner[member]}` "
                        f"and group `{group.id}`"
                    ),
                    subject=member,
                    hint="list it in one group only; nest groups with `parent` instead",
                )
            owner.setdefault(member, group.id)
