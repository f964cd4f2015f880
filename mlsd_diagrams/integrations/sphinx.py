"""The Sphinx extension: `.. mlsd:: designs/x.py` (or a built-in id, or YAML as its content)
draws the design's SVG into HTML pages at build time.

    extensions = ["mlsd_diagrams.integrations.sphinx"]
    mlsd_theme = "light"     # the default for directives that name none

    .. mlsd:: designs/visual_search.py
       :view: overview
       :theme: dark

A path is relative to the page (or, starting with `/`, to the source folder), as for
`.. image::`; a page is rebuilt when a design file it names changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

import mlsd_diagrams as mlsd

from ._core import Diagram, DiagramCache, check_theme, design_of, located, names_a_file

__all__ = ["MlsdDirective", "setup"]

_CACHE = DiagramCache()


class MlsdDirective(SphinxDirective):
    """`.. mlsd:: SPEC` with `:view:` and `:theme:`; SPEC may instead be the directive's content."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "view": directives.unchanged_required,
        "theme": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        where = f"{self.env.doc2path(self.env.docname)}:{self.lineno}"
        spec = self.arguments[0] if self.arguments else "\n".join(self.content)
        theme = self.options.get("theme", self.config.mlsd_theme)
        try:
            check_theme(theme, where)
            if self.arguments and names_a_file(spec):
                # Sphinx's own reading of a path in a page: relative, or `/` for the source root.
                found = Path(self.env.relfn2path(spec.strip(), self.env.docname)[1])
                if not found.is_file():
                    raise mlsd.MlsdError(f"no design file {spec.strip()!r} (that is {found})")
                spec = str(found)
            diagram = Diagram(spec, view=self.options.get("view"), theme=theme)
            design, path = design_of(diagram.spec, [Path(self.env.srcdir)], where)
            html = _CACHE.html(design, diagram)
        except mlsd.MlsdError as error:
            # Docutils names the page and line itself.
            raise self.severe(located(error, where)) from None
        if path is not None:
            self.env.note_dependency(str(path))
        return [nodes.raw("", html, format="html")]


def setup(app: Sphinx) -> dict[str, Any]:
    """Registers the directive and its one setting, `mlsd_theme`."""
    app.add_config_value("mlsd_theme", "light", "env", types=frozenset({str}))
    app.add_directive("mlsd", MlsdDirective)
    app.connect("config-inited", _check_config)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def _check_config(app: Sphinx, config: Any) -> None:
    try:
        check_theme(config.mlsd_theme, "conf.py: mlsd_theme")
    except mlsd.MlsdError as error:
        raise ExtensionError(str(error)) from None
