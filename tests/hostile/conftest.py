"""Fixtures of the hostile-target tests: a harness on an HTTP target with short bounds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_server import Behaviour, HostileServer
from hostile_support import (
    FIXTURES,
    KEY,
    MEMORY_CAP_BYTES,
    OpenHarness,
    Run,
    RunSuite,
    peak_child_rss,
)

from conformance.config import Fixtures, SuiteConfig
from conformance.harness import Harness
from conformance.targets import open_target


@pytest.fixture
def hostile() -> Iterator[Callable[[Behaviour], HostileServer]]:
    """``hostile(behaviour)`` starts a hostile loopback server; all are stopped at the end."""
    started: list[HostileServer] = []

    def start(behaviour: Behaviour) -> HostileServer:
        server = HostileServer(behaviour).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


@pytest.fixture
def harness_on() -> Iterator[OpenHarness]:
    """``harness_on(url, **config)``: a harness on that HTTP target, closed at the end."""
    opened = []

    def open_on(url: str, **settings: object) -> Harness:
        config = replace(
            SuiteConfig(target=url, timeout_seconds=1.0),
            fixtures=Fixtures({"keys": {"personal": KEY}}),
            **settings,  # type: ignore[arg-type]
        )
        target = open_target(config)
        opened.append(target)
        return Harness(target, test_id="hostile")

    yield open_on
    for target in opened:
        target.close()


@pytest.fixture
def memory_peak() -> Iterator[Callable[[], int]]:
    """The peak of Python allocations since the test started, in bytes."""
    tracemalloc.start()
    yield lambda: tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()


@pytest.fixture
def run_suite(tmp_path: Path) -> RunSuite:
    """``run_suite(url, *flags, timeout=..., **config)``: ``knowlify-conformance run`` against
    ``url`` in a subprocess, with a config of ``FIXTURES`` and ``config``; its results."""

    def run(url: str, *flags: str, timeout: float = 60.0, quiet: bool = True, **config: Any) -> Run:
        settings = {"target": url, "sandbox": True, "timeout_seconds": 1, "fixtures": FIXTURES}
        path = tmp_path / "hostile.yaml"
        path.write_text(yaml.safe_dump({**settings, **config}), encoding="utf-8")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("KNOWLIFY_")}
        started = time.monotonic()
        completed = subprocess.run(
            [sys.executable, "-m", "conformance.cli", "run", "--config", str(path),
             "--output", str(tmp_path / "reports"), *(["--quiet"] if quiet else []), *flags],
            cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=timeout,
            check=False,
        )  # fmt: skip
        seconds = time.monotonic() - started
        assert peak_child_rss() < MEMORY_CAP_BYTES
        lines = completed.stdout.strip().splitlines()
        results = None
        if lines and lines[-1].startswith("Results: "):
            results = json.loads(Path(lines[-1].removeprefix("Results: ")).read_text("utf-8"))
        return Run(completed.returncode, completed.stdout, completed.stderr, seconds, results)

    return run
