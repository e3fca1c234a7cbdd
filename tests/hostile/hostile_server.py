"""A loopback HTTP server that answers with crafted bytes: the hostile targets of tests/hostile.

``HostileServer(behaviour)`` listens on 127.0.0.1 and a free port; for each request it reads
the request head and body (bounded), records them, then hands the socket to ``behaviour``,
which writes whatever it likes: an endless chunked body, a body trickled a byte at a time,
headers dripped, a 429 with a year-long Retry-After. Writes to a client that went away end the
behaviour quietly. Every behaviour stops when the server closes.
"""

from __future__ import annotations

import gzip
import json
import socket
import socketserver
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "HostileServer",
    "Request",
    "answer",
    "chunked_forever",
    "dripped_headers",
    "gzip_bomb",
    "huge_content_length",
    "trickled_body",
]

_HEAD_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Behaviour = Callable[[socket.socket, Request, "HostileServer"], None]


@dataclass
class HostileServer:
    behaviour: Behaviour
    requests: list[Request] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                connection: socket.socket = self.request
                connection.settimeout(5)
                try:
                    while not owner.stopped.is_set():
                        request = _read_request(connection)
                        if request is None:
                            return
                        owner.requests.append(request)
                        owner.behaviour(connection, request, owner)
                except OSError:
                    return

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()


def _read_request(connection: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > _HEAD_LIMIT:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = ([*lines[0].split(" ", 2), "", ""])[:3]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = min(int(headers.get("content-length") or 0), 1 << 20)
    while len(rest) < length:
        chunk = connection.recv(length - len(rest))
        if not chunk:
            break
        rest += chunk
    return Request(method, path, headers, rest[:length])


def head(status: int, headers: Iterable[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(
    status: int = 200,
    body: Any = None,
    *,
    headers: Iterable[tuple[str, str]] = (),
    raw: bytes | None = None,
) -> Behaviour:
    """One well-formed answer (JSON ``body``, or ``raw`` bytes) with extra ``headers``."""
    content = raw if raw is not None else json.dumps(body).encode()
    extra = list(headers)
    if not any(k.lower() == "content-type" for k, _ in extra):
        extra.append(("Content-Type", "application/json"))

    def behave(connection: socket.socket, request: Request, server: HostileServer) -> None:
        connection.sendall(head(status, [*extra, ("Content-Length", str(len(content)))]) + content)

    return behave


def chunked_forever(connection: socket.socket, request: Request, server: HostileServer) -> None:
    """200 with a chunked body that never ends."""
    connection.sendall(head(200, [("Content-Type", "application/json"),
                                  ("Transfer-Encoding", "chunked")]))  # fmt: skip
    chunk = b"%x\r\n%s\r\n" % (65536, b"[" * 65536)
    while not server.stopped.is_set():
        connection.sendall(chunk)


def huge_content_length(connection: socket.socket, request: Request, server: HostileServer) -> None:
    """A 1 GB Content-Length, and bytes for as long as the client reads."""
    connection.sendall(head(404, [("Content-Type", "application/json"),
                                  ("Content-Length", str(10**9))]))  # fmt: skip
    block = b" " * 65536
    while not server.stopped.is_set():
        connection.sendall(block)


def gzip_bomb(expanded: int = 256 * 1024 * 1024) -> Behaviour:
    """A gzip body a few hundred KB long that expands to ``expanded`` bytes."""
    block = gzip.compress(b"\0" * (1 << 20), compresslevel=9)
    # Concatenated gzip members expand to their sum; the decoder reads them as one stream.
    body = block * (expanded >> 20)
    return answer(404, raw=body, headers=[("Content-Encoding", "gzip")])


def trickled_body(connection: socket.socket, request: Request, server: HostileServer) -> None:
    """Headers at once, then the body one byte every 0.2 s."""
    connection.sendall(head(404, [("Content-Type", "application/json"),
                                  ("Content-Length", "100000")]))  # fmt: skip
    while not server.stopped.wait(0.2):
        connection.sendall(b" ")


def dripped_headers(connection: socket.socket, request: Request, server: HostileServer) -> None:
    """The status line and headers eight bytes every 0.2 s, without end."""
    connection.sendall(b"HTTP/1.1 404 X\r\n")
    while not server.stopped.wait(0.2):
        connection.sendall(b"X-Pad: y\r")
        connection.sendall(b"\n")


def refuse_unless_root(root: Behaviour) -> Behaviour:
    """``root`` on ``GET /`` (the preflight gets an answer); every other request is cut off
    without a response."""

    def behave(connection: socket.socket, request: Request, server: HostileServer) -> None:
        if request.path == "/":
            root(connection, request, server)
            return
        connection.shutdown(socket.SHUT_RDWR)
        raise OSError("cut off")

    return behave


def slow(behaviour: Behaviour, seconds: float) -> Behaviour:
    """``behaviour``, each answer after ``seconds``."""

    def behave(connection: socket.socket, request: Request, server: HostileServer) -> None:
        if not server.stopped.wait(seconds):
            behaviour(connection, request, server)

    return behave
