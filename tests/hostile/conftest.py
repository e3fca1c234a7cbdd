"""Fixtures of the hostile-target tests: a harness on an HTTP target with short bounds."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_server import Behaviour, HostileServer

from conformance.config import Fixtures, SuiteConfig
from conformance.harness import Harness
from conformance.targets import open_target

#: A key of the documented shape (``kn_`` and 64 hex digits): the harness sends it.
KEY = "kn_" + "0123456789abcdef" * 4

OpenHarness = Callable[..., Harness]


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


# --- whole runs ---------------------------------------------------------------------------------
#: Fixture values a run needs to send its requests; the hostile server answers them all alike.
FIXTURES: dict[str, Any] = {
    "keys": {"personal": KEY, "second_account": KEY.replace("0", "1")},
    "videos": {"complete": "550e8400-e29b-41d4-a716-446655440000"},
    "edits": {"errored": "550e8400-e29b-41d4-a716-446655440001"},
}
#: Each hostile run must stay well under this much resident memory.
MEMORY_CAP_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    results: dict[str, Any] | None

    def describe(self) -> str:
        return f"exit {self.code} in {self.seconds:.1f} s\n{self.out[-3000:]}\n{self.err[-2000:]}"

    def verdicts(self) -> dict[str, str]:
        assert self.results is not None, self.describe()
        return {row["id"]: row["verdict"] for row in self.results["requirements"]}


RunSuite = Callable[..., Run]


def _peak_child_rss() -> int:
    """The largest resident set of any child process waited for so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


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
        assert _peak_child_rss() < MEMORY_CAP_BYTES
        lines = completed.stdout.strip().splitlines()
        results = None
        if lines and lines[-1].startswith("Results: "):
            results = json.loads(Path(lines[-1].removeprefix("Results: ")).read_text("utf-8"))
        return Run(completed.returncode, completed.stdout, completed.stderr, seconds, results)

    return run


def assert_honest(run: Run) -> None:
    """What every run against a hostile server must leave: a results file whose exit code is
    the process's, and no raw key anywhere."""
    assert run.results is not None, run.describe()
    assert run.results["exit_code"] == run.code, run.describe()
    folder = Path(run.out.strip().splitlines()[-1].removeprefix("Results: ")).parent
    for written in folder.iterdir():
        assert KEY not in written.read_text("utf-8", "replace"), written
    assert KEY not in run.out + run.err
    assert "Traceback" not in run.out + run.err, run.describe()
