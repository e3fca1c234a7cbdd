"""Fixtures of the hostile-target tests: a harness on an HTTP target with short bounds."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from hostile_server import Behaviour, HostileServer

from conformance.config import Fixtures, SuiteConfig
from conformance.harness import Harness
from conformance.targets import open_target

#: A key of the documented shape (``kn_`` and 32 hex digits): the harness sends it.
KEY = "kn_" + "0123456789abcdef" * 2

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
