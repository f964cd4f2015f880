"""The rule registry: each check registered once with its code, severity and summary, and
`validate()`, which runs them all over one graph."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from .._diagnostics import FIGURE_SCHEMA_RULE, SCHEMA_RULE, Finding, RuleInfo, Severity
from .._errors import InvalidDesignError
from .._model import Design
from ._graph import Graph

__all__ = [
    "RULES",
    "Problem",
    "Rule",
    "RuleCheck",
    "errors",
    "named",
    "require_valid",
    "rule",
    "rule_table",
    "validate",
]


class Problem(NamedTuple):
    """What a check yields; the registry adds the code and severity it was registered under."""

    message: str
    subject: str | None
    hint: str


RuleCheck = Callable[[Graph], Iterable[Problem]]


@dataclass(frozen=True)
class Rule(RuleInfo):
    """A registered rule: its code, severity and summary, and the check that finds it."""

    check: RuleCheck


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, summary: str) -> Callable[[RuleCheck], RuleCheck]:
    """Register a check under its code; the summary is what `mlsd rules` and the docs show."""

    def register(check: RuleCheck) -> RuleCheck:
        if code in RULES or code in (SCHEMA_RULE.code, FIGURE_SCHEMA_RULE.code):
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code=code, severity=severity, summary=summary, check=check)
        return check

    return register


def rule_table() -> list[RuleInfo]:
    """Every rule in code order: the schema's E100 and F100, then the registered checks."""
    rules = [SCHEMA_RULE, FIGURE_SCHEMA_RULE, *RULES.values()]
    return sorted(rules, key=lambda r: r.code)


def validate(design: Design) -> list[Finding]:
    """Every finding of every rule, errors first, in a stable order."""
    graph = Graph.of(design)
    findings = [
        Finding(code=r.code, severity=r.severity, message=p.message, subject=p.subject, hint=p.hint)
        for r in RULES.values()
        for p in r.check(graph)
    ]
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return sorted(findings, key=lambda f: (order[f.severity], f.code, f.subject or "", f.message))


def errors(findings: Iterable[Finding], *, strict: bool = False) -> list[Finding]:
    """The findings that make a design invalid: errors, and warnings too when strict."""
    return [f for f in findings if strict or f.severity is Severity.ERROR]


def require_valid(design: Design) -> None:
    """Raise InvalidDesignError, with every error finding, unless the design is valid."""
    problems = errors(validate(design))
    if problems:
        raise InvalidDesignError(f"design `{design.id}`", problems)


def named(graph: Graph, component_id: str) -> str:
    """`ranker` (ranking_service), or just `ranking_service` when the id says the kind."""
    kind = graph.components[component_id].kind
    return f"`{component_id}`" if kind == component_id else f"`{component_id}` ({kind})"
