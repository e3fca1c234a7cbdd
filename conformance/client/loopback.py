"""The scenario server of harness (b): scripted answers on loopback, with an arrival log.

Two plain ``ThreadingHTTPServer``s (the standard library: nothing to start but a thread): the
API's host on ``127.0.0.1`` and the "other host" a redirect leads to on ``127.0.0.2`` (a
second port on ``127.0.0.1`` where that address cannot be bound). Both bind loopback only and
a free port. Every request is recorded with its arrival time on the monotonic clock; timing
checks read those times, so they hold whatever language the client is written in.
"""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .recording import RecordedCall
from .scenarios import Step

__all__ = ["ScenarioServer"]

_MAX_BODY = 1 << 20


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HostServer
    # Every socket read waits this long at most: a client that sends half a request (a
    # Content-Length it never fills) loses its connection instead of holding a thread.
    timeout = 10.0

    def log_message(self, format: str, *args: Any) -> None:  # no access log on stderr
        return

    def _handle(self) -> None:
        arrived = time.monotonic()
        declared = (self.headers.get("Content-Length") or "0").strip()
        length = int(declared) if declared.isascii() and declared.isdigit() else 0
        body = self.rfile.read(min(length, _MAX_BODY)) if length else b""
        status, headers, content = self.server.owner.answer(
            self.server.host_name, self, body, arrived
        )
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class _HostServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that resets or drops its connection is the client's business (its
        requests are recorded): no traceback on stderr; anything else in one line."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"scenario server: {type(error).__name__}: {error}", file=sys.stderr)

    def __init__(self, address: tuple[str, int], host_name: str, owner: ScenarioServer) -> None:
        self.host_name = host_name
        self.owner = owner
        super().__init__(address, _Handler)
        self.server_name_and_port = f"{address[0]}:{self.server_address[1]}"


class ScenarioServer:
    """Serves one scenario's steps; ``begin(step)`` switches the script and clears the log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._step: Step | None = None
        self._calls: list[RecordedCall] = []
        main = _HostServer(("127.0.0.1", 0), "main", self)
        try:
            other = _HostServer(("127.0.0.2", 0), "other", self)
        except OSError:  # not every system routes all of 127/8 to loopback
            other = _HostServer(("127.0.0.1", 0), "other", self)
        self._servers = {"main": main, "other": other}
        self.base_urls = {
            name: f"http://{server.server_name_and_port}" for name, server in self._servers.items()
        }
        self._threads = [
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
            for server in self._servers.values()
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()

    def begin(self, step: Step) -> None:
        with self._lock:
            self._step, self._calls = step, []

    def calls(self) -> tuple[RecordedCall, ...]:
        with self._lock:
            return tuple(self._calls)

    def main_count(self) -> int:
        with self._lock:
            return sum(1 for call in self._calls if call.host == "main")

    def answer(
        self, host: str, request: BaseHTTPRequestHandler, body: bytes, arrived: float
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        with self._lock:
            step = self._step
            attempt = sum(1 for call in self._calls if call.host == host)
            if step is not None and host == "main" and attempt > step.runaway_limit:
                # Past the first request beyond the bound: the harness is stopping the client;
                # like the in-process harness, record nothing more.
                return 503, [("Connection", "close")], b""
            scripted = step.response_for(host, attempt) if step is not None else None
            status, headers, content = (
                scripted.render(self.base_urls)
                if scripted is not None
                else (599, [("Content-Type", "text/plain")], b"no response scripted")
            )
            host_header = request.headers.get("Host") or self.base_urls[host].split("//")[1]
            self._calls.append(
                RecordedCall(
                    host=host,
                    method=request.command,
                    url=f"http://{host_header}{request.path}",
                    path=request.path.split("?", 1)[0],
                    headers=tuple(request.headers.items()),
                    body=body,
                    arrived=arrived,
                    answered=status,
                )
            )
        return status, headers, content

    def close(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
