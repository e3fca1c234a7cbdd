"""Helpers of the CLI tests (the fixtures live in conftest.py)."""

from __future__ import annotations

import http.server
import json
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPT = Path(sys.executable).with_name("knowlify-conformance")
RUN_TIMEOUT = 120.0


@dataclass(frozen=True)
class Outcome:
    """What one CLI invocation did."""

    code: int
    out: str
    err: str
    seconds: float = 0.0

    @property
    def err_lines(self) -> list[str]:
        return self.err.rstrip("\n").splitlines()

    @property
    def out_lines(self) -> list[str]:
        return self.out.rstrip("\n").splitlines()

    def describe(self) -> str:
        return f"exit {self.code}\n--- stdout (tail)\n{self.out[-3000:]}\n--- stderr\n{self.err}"


def command() -> list[str]:
    if SCRIPT.is_file():
        return [str(SCRIPT)]
    return [sys.executable, "-m", "conformance.cli"]


Invoke = Callable[..., Outcome]
RunCli = Callable[..., Outcome]


def results_of(outcome: Outcome) -> dict[str, Any]:
    """The results.json a run printed as its last line (``Results: PATH``)."""
    last = outcome.out_lines[-1] if outcome.out_lines else ""
    assert last.startswith("Results: "), outcome.describe()
    path = Path(last.removeprefix("Results: "))
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def verdicts(results: dict[str, Any]) -> dict[str, str]:
    return {row["id"]: row["verdict"] for row in results["requirements"]}


# --- loopback helpers ----------------------------------------------------------------------------
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def wait_for_port(host: str, port: int, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class GarbageHandler(http.server.BaseHTTPRequestHandler):
    """Answers every request 200 with the body ``not json``."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = b"not json"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _answer

    def log_message(self, format: str, *args: Any) -> None:
        return
