"""The layering of DESIGN.md, read from the code: every import of the package, lazy ones (inside
functions) included, goes down the table below, and no two modules import each other round."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mlsd_diagrams"

# What each home may import from the rest of the package (its own modules aside).
ALLOWED: dict[str, set[str]] = {
    "catalog": set(),
    "formats": set(),
    "text": set(),
    "model": {"catalog"},
    "diagnostics": {"catalog", "model"},
    "errors": {"diagnostics"},
    "files": {"errors"},
    "compose": {"catalog", "model", "diagnostics", "errors"},
    "rules": {"catalog", "model", "diagnostics", "errors"},
    "documents": {"catalog", "model", "diagnostics", "errors"},
    "load": {"catalog", "model", "diagnostics", "errors", "documents"},
    "render": {
        "catalog", "model", "diagnostics", "errors", "files", "formats", "compose", "text",
    },
    "study": {
        "catalog", "model", "diagnostics", "errors", "files", "text", "compose", "rules", "render",
    },
    "batch": {"catalog", "model", "diagnostics", "errors", "files", "rules", "render"},
    "facade": {"model", "errors", "rules", "render"},
    "notebook": {"model", "diagnostics", "errors", "compose", "facade"},
    "cli": {
        "formats", "catalog", "model", "diagnostics", "errors", "files", "text", "compose", "rules",
        "load",
        "render", "study", "batch",
    },
    # The MkDocs plugin and the Sphinx directive use the public surface only (the package, and
    # `mlsd_diagrams.render` for the names of themes).
    "integrations": {"package", "render"},
    "package": {
        "catalog", "model", "diagnostics", "errors", "compose", "facade", "load", "render",
        "rules",
    },
}  # fmt: skip
# Study builds text from designs; the Graphviz run and the DOT are not its business.
GRAPHVIZ_INTERNALS = {"mlsd_diagrams.render.layout._graphviz", "mlsd_diagrams.render.layout._dot"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def home(module: str) -> str:
    """`mlsd_diagrams.render._api` -> `render`; `mlsd_diagrams._model` -> `model`."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package"
    name = parts[1].lstrip("_")
    return "compose" if name == "blocks" else name


def imports_of(path: Path) -> set[str]:
    """Every package module this file imports, at the top or inside a function."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("mlsd_diagrams")}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("mlsd_diagrams"):
                continue
            # `from . import _structure` names modules; `from ._graph import Graph` a module.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py")
                found.add(candidate if is_module.exists() else target)
    return found - {module}


MODULES = {
    module_name(p): imports_of(p)
    for p in sorted(PACKAGE.rglob("*.py"))
    if "designs" not in p.relative_to(PACKAGE).parts
}


def test_the_table_covers_every_home() -> None:
    assert {home(m) for m in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_table(module: str) -> None:
    mine = home(module)
    against = sorted(
        target
        for target in MODULES[module]
        if home(target) != mine and home(target) not in ALLOWED[mine]
    )
    assert not against, f"{module} ({mine}) imports {against}, against DESIGN.md's table"
    if mine == "study":
        assert not MODULES[module] & GRAPHVIZ_INTERNALS


def test_no_import_cycle() -> None:
    # Depth-first search over module imports; a grey node met again closes a cycle.
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "grey"
        path.append(module)
        for target in sorted(MODULES.get(module, ())):
            if state.get(target) == "grey":
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = "black"

    for module in sorted(MODULES):
        if module not in state:
            visit(module)


def test_the_reader_sees_lazy_imports() -> None:
    # The CLI imports most of the library inside its commands; a reader that missed those
    # would pass every check above for the wrong reason.
    assert "mlsd_diagrams._batch" in MODULES["mlsd_diagrams.cli._draw"]
    assert "mlsd_diagrams.rules" in MODULES["mlsd_diagrams._facade"]


# Inside `render`, the stages of DESIGN.md's picture: scenes know nothing of layout or writers;
# the layout engine nothing of the writers; writers read the positioned drawing, not the engine.
STAGE_FORBIDDEN = {
    "mlsd_diagrams.render.scene": ("mlsd_diagrams.render.layout", "mlsd_diagrams.render.writers"),
    "mlsd_diagrams.render.layout": ("mlsd_diagrams.render.writers",),
    "mlsd_diagrams.render.writers": (
        "mlsd_diagrams.render.layout._dot",
        "mlsd_diagrams.render.layout._engine",
        "mlsd_diagrams.render.layout._fit",
        "mlsd_diagrams.render.layout._graphviz",
        "mlsd_diagrams.render.layout._labels",
    ),
}


@pytest.mark.parametrize("stage", sorted(STAGE_FORBIDDEN))
def test_render_stages_import_down_the_pipeline(stage: str) -> None:
    against = sorted(
        f"{module} -> {target}"
        for module, targets in MODULES.items()
        if module.startswith(stage)
        for target in targets
        if target.startswith(STAGE_FORBIDDEN[stage])
    )
    assert not against, against
