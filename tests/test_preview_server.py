"""The preview server of `mlsd watch --serve`, over real sockets on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mlsd_diagrams._model import Design
from mlsd_diagrams.cli import _preview, _watch
from mlsd_diagrams.cli._preview import Preview, serve

from .conftest import run


@pytest.fixture
def server() -> Iterator[tuple[Preview, int]]:
    preview = Preview()
    preview.publish("<html>the page</html>")
    running = serve(preview, 0, seconds=0.5, limit=4)
    try:
        yield preview, running.server_port
    finally:
        running.shutdown()
        running.server_close()


def ask(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(request)
        chunks = []
        while chunk := client.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_loopback_hosts_of_its_port_are_answered(server: tuple[Preview, int], host: str) -> None:
    port = server[1]
    answer = ask(port, f"GET / HTTP/1.1\r\nHost: {host.format(port=port)}\r\n\r\n".encode())
    assert status(answer) == 200 and answer.endswith(b"<html>the page</html>")


@pytest.mark.parametrize(
    "host", ["rebound.example:{port}", "127.0.0.1:1", "localhost", "127.0.0.1.evil.example:{port}"]
)
def test_any_other_host_is_misdirected(server: tuple[Preview, int], host: str) -> None:
    # DNS rebinding: another site's page, its name now resolving to 127.0.0.1, sends its name.
    port = server[1]
    answer = ask(port, f"GET / HTTP/1.1\r\nHost: {host.format(port=port)}\r\n\r\n".encode())
    assert status(answer) == 421 and b"the page" not in answer


def test_a_request_without_a_host_is_misdirected(server: tuple[Preview, int]) -> None:
    assert status(ask(server[1], b"GET /version HTTP/1.0\r\n\r\n")) == 421


def test_head_answers_the_headers_alone(server: tuple[Preview, int]) -> None:
    port = server[1]
    answer = ask(port, f"HEAD / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n".encode())
    assert status(answer) == 200
    head, _, body = answer.partition(b"\r\n\r\n")
    assert body == b"" and b"Content-Length: 21" in head


def test_an_idle_client_is_cut_off(server: tuple[Preview, int]) -> None:
    with socket.create_connection(("127.0.0.1", server[1]), timeout=5) as client:
        started = time.monotonic()
        assert client.recv(1024) == b""  # the server closed it, well before the 5 s timeout
        assert time.monotonic() - started < 3


def test_a_client_trickling_its_request_is_cut_off(server: tuple[Preview, int]) -> None:
    # A byte every 0.1 s never leaves a read idle for the socket timeout; the deadline holds.
    started = time.monotonic()
    client = socket.create_connection(("127.0.0.1", server[1]), timeout=5)
    with client, pytest.raises(OSError):  # the send that fails is somewhere in the loop
        for byte in b"GET / HTTP/1.1\r\nX-Slow: " + b"a" * 100:
            client.send(bytes([byte]))
            time.sleep(0.1)
            if time.monotonic() - started > 4:
                break
        raise AssertionError("the server kept a trickling client for 4 s")
    assert time.monotonic() - started < 3


def test_connections_past_the_limit_are_closed_not_given_threads(
    server: tuple[Preview, int],
) -> None:
    before = threading.active_count()
    clients = [socket.create_connection(("127.0.0.1", server[1]), timeout=5) for _ in range(40)]
    try:
        time.sleep(0.2)
        # Four served (a handler and its deadline each), the other 36 closed at once; some
        # slack for a cancelled deadline still winding down. Unbounded, it was 40 and more.
        assert threading.active_count() - before <= 12
        closed = sum(1 for client in clients[4:] if client.recv(16) == b"")
        assert closed == 36
    finally:
        for client in clients:
            client.close()


def test_a_client_that_leaves_mid_answer_prints_nothing(
    server: tuple[Preview, int], capsys: pytest.CaptureFixture[str]
) -> None:
    preview, port = server
    preview.publish("x" * 8_000_000)  # more than the socket buffers hold
    for _ in range(3):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(f"GET / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n".encode())
        client.recv(100)
        # Closed with a reset, as a browser tab that is shut mid-load.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    time.sleep(0.5)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Error" not in captured.err, captured.err


def served_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    pages: list[str] = []
    publish = Preview.publish

    def keep(self: Preview, page: str) -> None:
        pages.append(page)
        publish(self, page)

    monkeypatch.setattr(_preview.Preview, "publish", keep)
    return pages


def test_a_symlink_to_a_secret_shows_its_name_never_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "credentials"
    secret.write_text("[default]\naws_secret_access_key = TOPSECRET123\n", encoding="utf-8")
    link = tmp_path / "design.yaml"
    link.symlink_to(secret)
    pages = served_pages(monkeypatch)
    result = run("watch", str(link), "--serve", "--port", "0", "--max-cycles", "1")
    assert result.exit_code == 0, result.output
    assert "TOPSECRET123" not in result.output and "aws_secret" not in result.output
    assert pages and all("TOPSECRET123" not in page for page in pages)
    assert f"links to {secret}" in pages[-1] and f"links to {secret}" in result.output


def test_a_symlink_to_a_design_is_watched(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tiny.to_json().replace('"target": "api"', '"target": "ghost"', 1)
    (tmp_path / "real.json").write_text(data, encoding="utf-8")
    link = tmp_path / "design.json"
    link.symlink_to(tmp_path / "real.json")
    result = run("watch", str(link), "--max-cycles", "1")
    assert result.exit_code == 0 and "E102" in result.output, result.output


def test_a_fifo_in_the_watched_place_is_never_opened(
    tmp_path: Path, tiny: Design, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "design.json"
    path.write_text(tiny.to_json(), encoding="utf-8")

    def swapped(target: Path, on_change: Callable[[], None], **kwargs: object) -> int:
        path.unlink()
        os.mkfifo(path)  # put in the file's place between two looks at it
        on_change()
        return 1

    monkeypatch.setattr(_watch, "watch", swapped)
    result = run("watch", str(path), "--max-cycles", "1")
    assert result.exit_code == 0 and "not a regular file" in result.output, result.output
