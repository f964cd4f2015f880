"""The live preview of `mlsd watch --serve`: one page served on the loopback interface, and a
version number the page polls to know when a save changed it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._model import Design

__all__ = ["HOST", "LivePage", "Preview", "serve"]

HOST = "127.0.0.1"
"""Only this machine: the preview shows files from the disk, and no one else should read them."""


class Preview:
    """The page being served and its version; published from the watch loop, read by requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._page = b""

    @property
    def next_version(self) -> int:
        """The version the next published page will carry (it polls for a different one)."""
        with self._lock:
            return self._version + 1

    def publish(self, page: str) -> None:
        with self._lock:
            self._version += 1
            self._page = page.encode("utf-8")

    def snapshot(self) -> tuple[int, bytes]:
        with self._lock:
            return self._version, self._page


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            version, page = preview.snapshot()
            path = self.path.split("?", 1)[0]
            if path == "/version":
                self._send(200, "text/plain; charset=utf-8", str(version).encode("ascii"))
            elif path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", page)
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found: the preview is at /\n")

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the watch loop's own lines are what the terminal shows

    return Handler


def serve(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Serve `preview` on 127.0.0.1:`port` (0: a free port) from a daemon thread; OSError when
    the port is taken. `server.shutdown()` stops it."""
    server = ThreadingHTTPServer((HOST, port), _handler(preview))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="mlsd-preview", daemon=True).start()
    return server


class LivePage:
    """What `mlsd watch --serve` shows: the last good drawing, the current problems above it."""

    def __init__(self, preview: Preview, name: str) -> None:
        self.preview = preview
        self.name = name
        self.good: tuple[Design, str | None] | None = None

    def show(
        self, problems: list[str], design: Design | None = None, svg: str | None = None
    ) -> None:
        """Publish the page: `design` and its `svg` when this save drew them, else the last good
        ones."""
        from .._errors import LoadError
        from ..study import comparison_of, explorer_html, waiting_html
        from ._study import partners

        if design is not None:
            self.good = (design, svg)
        version = self.preview.next_version
        if self.good is None:
            page = waiting_html(self.name, problems, version)
        else:
            try:
                others = {d.id: d for d in partners([self.good[0]])}
            except LoadError as error:  # a compare_with that names nothing: say so, draw on
                problems, others = [*problems, str(error)], {}
            page = explorer_html(
                self.good[0],
                self.good[1],
                live_version=version,
                problems=problems,
                comparison=comparison_of(self.good[0], others),
            )
        self.preview.publish(page)
