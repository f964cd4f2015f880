"""The live preview of `mlsd watch --serve`: one page served on the loopback interface, and a
version number the page polls to know when a save changed it."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._model import Design

__all__ = ["HOST", "MAX_CONNECTIONS", "REQUEST_SECONDS", "LivePage", "Preview", "serve"]

HOST = "127.0.0.1"
"""Only this machine: the preview shows files from the disk, and no one else should read them."""

MAX_CONNECTIONS = 32
"""Connections served at once; more are closed at once instead of each holding a thread."""

REQUEST_SECONDS = 5.0
"""How long a client has to send its whole request: an idle or trickling one is cut off."""


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


def _handler(preview: Preview, seconds: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = seconds  # each read of the socket; the deadline below bounds them all

        def setup(self) -> None:
            super().setup()
            # A trickle of one byte per read never trips the socket timeout: the whole
            # connection gets one deadline, after which the socket is shut.
            self._deadline = threading.Timer(seconds, self._cut_off)
            self._deadline.daemon = True
            self._deadline.start()

        def finish(self) -> None:
            self._deadline.cancel()
            with contextlib.suppress(OSError):  # the client is gone; nothing left to flush to
                super().finish()

        def _cut_off(self) -> None:
            with contextlib.suppress(OSError):  # already closed
                self.connection.shutdown(socket.SHUT_RDWR)

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, *, body: bool) -> None:
            # DNS rebinding: a page of another site whose name now points at 127.0.0.1 still
            # sends its own name as Host; only the loopback names of this port are answered.
            assert isinstance(self.server, HTTPServer)
            port = self.server.server_port
            hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
            if (self.headers.get("Host") or "").strip().lower() not in hosts:
                refusal = f"misdirected: open http://127.0.0.1:{port}/ on this machine\n"
                self._send(421, "text/plain; charset=utf-8", refusal.encode("utf-8"), body)
                return
            version, page = preview.snapshot()
            path = self.path.split("?", 1)[0]
            if path == "/version":
                self._send(200, "text/plain; charset=utf-8", str(version).encode("ascii"), body)
            elif path in ("/", "/index.html"):
                self._send(200, "text/html; charset=utf-8", page, body)
            else:
                message = b"not found: the preview is at /\n"
                self._send(404, "text/plain; charset=utf-8", message, body)

        def _send(self, status: int, content_type: str, content: bytes, body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(content)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if body:
                self.wfile.write(content)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the watch loop's own lines are what the terminal shows

    return Handler


class _Server(ThreadingHTTPServer):
    """A threading server with a bound on connections and no tracebacks for clients that leave."""

    daemon_threads = True
    request_queue_size = 64  # a page's burst of requests waits to be accepted, not refused

    def __init__(self, port: int, handler: type[BaseHTTPRequestHandler], limit: int) -> None:
        super().__init__((HOST, port), handler)
        self._slots = threading.BoundedSemaphore(limit)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)  # full: closed now rather than queued on a thread
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return  # a client that left mid-answer, or was cut off for being slow
        print(f"mlsd: preview request failed: {error!r}", file=sys.stderr)


def serve(
    preview: Preview,
    port: int,
    *,
    seconds: float = REQUEST_SECONDS,
    limit: int = MAX_CONNECTIONS,
) -> ThreadingHTTPServer:
    """Serve `preview` on 127.0.0.1:`port` (0: a free port) from a daemon thread; OSError when
    the port is taken. A client gets `seconds` for its request and at most `limit` are served
    at once. `server.shutdown()` stops it."""
    server = _Server(port, _handler(preview, seconds), limit)
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
