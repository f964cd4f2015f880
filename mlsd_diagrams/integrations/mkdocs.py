"""The MkDocs plugin `mlsd`: a fenced ```mlsd block (a design id, a path or inline YAML) becomes
the design's SVG in the page at build time.

    plugins:
      - mlsd:
          theme: light        # the default for blocks that name none

    ```mlsd view=overview theme=dark
    designs/visual_search.py
    ```

A path is looked up beside the page, then beside mkdocs.yml; a design file a page names is
watched by `mkdocs serve`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config import base, config_options
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import mlsd_diagrams as mlsd

from ._core import Diagram, DiagramCache, check_theme, design_of, located, parse_options

__all__ = ["MlsdConfig", "MlsdPlugin"]

# A fence of three or more backticks or tildes, `mlsd` and its options, the body, the same fence.
_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mlsd\b(?P<options>[^\n]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)


class MlsdConfig(base.Config):
    theme = config_options.Type(str, default="light")
    """The theme of blocks that name none: light, dark or auto (follows the reader)."""


class MlsdPlugin(BasePlugin[MlsdConfig]):
    """Replaces each ```mlsd block of a page with its diagram, drawn once per build."""

    def __init__(self) -> None:
        self._cache = DiagramCache()
        self._watched: set[Path] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        try:
            check_theme(self.config.theme, "mkdocs.yml: plugins: mlsd: theme")
        except mlsd.MlsdError as error:
            raise PluginError(str(error)) from None
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        source = page.file.abs_src_path
        page_dir = Path(source).parent if source else Path(config.docs_dir)
        bases = [page_dir, Path(config.config_file_path or config.docs_dir).resolve().parent]

        def replaced(match: re.Match[str]) -> str:
            line = markdown.count("\n", 0, match.start()) + 1
            where = f"{page.file.src_uri}:{line}"
            try:
                asked = parse_options(match.group("options").split(), where)
                diagram = Diagram(
                    match.group("body"),
                    view=asked.get("view"),
                    theme=asked.get("theme", self.config.theme),
                )
                design, path = design_of(diagram.spec, bases, where)
                html = self._cache.html(design, diagram)
            except mlsd.MlsdError as error:
                message = located(error, where)
                shown = message if message.startswith(where) else f"{where}: {message}"
                raise PluginError(shown) from None
            if path is not None:
                self._watched.add(path)
            # Blank lines around it, so Markdown takes the drawing as one block of raw HTML.
            return f"{match.group('indent')}\n{html}\n"

        return _BLOCK.sub(replaced, markdown)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in sorted(self._watched):
            server.watch(str(path))
        return server
