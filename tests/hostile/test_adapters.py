"""Major 8 and a minor item: a hostile adapter cannot exhaust memory or leave processes behind.

Today a line without a newline was read whole (1 GB: over 3 GB of memory), and only the
adapter's direct child was killed: its own children ran on after the suite.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from pathlib import Path

import pytest

from conformance.client.crosslang import play_with_adapter
from conformance.client.loopback import ScenarioServer, _Handler
from conformance.client.scenarios import load_scenarios

HERE = Path(__file__).parent
KEY = "kn_" + "ab" * 32


def _one_scenario() -> list:  # type: ignore[type-arg]
    return [next(iter(load_scenarios()))]


def test_a_line_without_newline_is_cut_at_the_cap() -> None:
    command = [sys.executable, str(HERE / "adapters_long_line.py")]
    started = time.monotonic()
    (run,) = play_with_adapter(command, _one_scenario(), api_key=KEY, workers=1)
    assert time.monotonic() - started < 20
    assert run.broken is not None
    assert "characters without a newline" in run.broken


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead enough: it only waits for its parent (gone) to be reaped by init.
    status = Path(f"/proc/{pid}/stat")
    return not (status.is_file() and status.read_text().split()[2] == "Z")


def test_the_adapters_children_end_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    command = [sys.executable, str(HERE / "adapters_forks_child.py"), str(pid_file)]
    (run,) = play_with_adapter(command, _one_scenario(), api_key=KEY, workers=1)
    assert run.broken is not None  # it printed garbage
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(child)
    if alive:
        os.kill(child, 9)
    assert not alive, "the adapter's child outlived the run"


def test_the_scenario_server_drops_a_request_that_never_arrives_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A client that declares a body it never sends loses its connection at the read timeout
    (it held a server thread for ever); a huge Content-Length is read up to the cap only."""
    assert _Handler.timeout is not None  # without one a read waits for ever
    monkeypatch.setattr(_Handler, "timeout", 0.5)  # the same bound, shorter for the test
    server = ScenarioServer()
    try:
        host, port = server.base_urls["main"].removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as connection:
            connection.sendall(
                b"POST /v1/videos HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n{"
            )
            started = time.monotonic()
            assert connection.recv(100) == b""  # closed, without an answer
            assert time.monotonic() - started < 3
    finally:
        server.close()
