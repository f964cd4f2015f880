"""`mlsd list`, `validate` and `rules`: what designs there are and what the rules find."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from .._errors import InvalidDesignError
from ._app import (
    EXIT_INVALID,
    AllOpt,
    OutputFormat,
    TargetsArg,
    app,
    errors_to_exit_codes,
    printable,
    sources,
)

if TYPE_CHECKING:
    from .._diagnostics import Finding

__all__ = ["counts"]


@app.command("list")
def list_designs(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the built-in designs: id, title, component and flow counts, validity."""
    from .._load import builtin_ids, load
    from ..rules import errors, validate

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
        title = printable(str(r["title"]))
        typer.echo(
            f"{r['id']:<{width}}  {r['components']:>4}  {r['flows']:>5}  {valid:<5}  {title}"
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
    from .._load import load
    from ..rules import errors
    from ..rules import validate as run_rules

    # (design id, or the file when it never became a design; the source; its findings)
    reports: list[tuple[str, str, list[Finding]]] = []
    with errors_to_exit_codes():
        for source in sources(targets, all_builtin):
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
            typer.echo(f"{status} {typer.style(name, bold=True)}{counts(findings)}")
            for finding in findings:
                typer.echo(_finding_block(finding))
        if len(reports) > 1:
            typer.echo(f"{len(reports)} designs checked, {len(failed)} failed")
    if failed:
        raise typer.Exit(EXIT_INVALID)


def _finding_block(finding: Finding) -> str:
    """A finding as two indented lines, the message then the hint, for `validate`'s text."""
    from .._diagnostics import Severity

    color = "red" if finding.severity is Severity.ERROR else "yellow"
    label = typer.style(f"{finding.severity.value} {finding.code}", fg=color, bold=True)
    where = f"line {finding.line}: " if finding.line else ""
    subject = finding.subject or ""
    about = f"[{subject}] " if subject and subject not in finding.message else ""
    text = f"  {label} {where}{printable(about + finding.message)}"
    if finding.hint:
        text += "\n" + typer.style(f"             hint: {printable(finding.hint)}", dim=True)
    return text


def counts(findings: list[Finding]) -> str:
    from .._diagnostics import Severity

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
    from ..rules import rule_table

    rules = rule_table()
    if output_format is OutputFormat.JSON:
        rows = [{"code": r.code, "severity": r.severity.value, "summary": r.summary} for r in rules]
        typer.echo(json.dumps(rows, indent=2))
        return
    typer.echo(f"{'CODE':<5} {'SEVERITY':<8} RULE")
    for r in rules:
        typer.echo(f"{r.code:<5} {r.severity.value:<8} {r.summary}")
