"""Shared fixtures for the project's own tests: an in-process reference server on a manual clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import settings

from conformance.reference import ManualClock, ReferenceSettings, SandboxFixtures, create_app
from conformance.targets.inprocess import in_process_client

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci")

#: Tests marked ``slow`` run only with ``--run-slow`` (or KNOWLIFY_RUN_SLOW=1), as .ci/run does:
#: README step 2 (plain ``pytest -n auto``) leaves them out to stay within a few minutes.
RUN_SLOW_ENV = "KNOWLIFY_RUN_SLOW"
#: Node-ID prefixes marked slow here, in one place (each a suite run, or many, per test): about
#: four fifths of the project's summed test time (measured with --durations, benchmarks.md).
SLOW = (
    "tests/mutants/test_kills.py",
    "tests/mutants/test_cli_mutants.py",
    "tests/suite/test_warm_workers.py",
    "tests/suite/test_ordering.py",
    "tests/suite/test_probe_order.py",
    "tests/cli/test_cli_serve.py",
    "tests/cli/test_cli_run.py::test_workers_give_the_same_verdicts_as_one_process",
    "tests/independent/",
    "tests/suite/test_key_secrecy.py",
    "tests/suite/test_minimal_headers.py",
    "tests/suite/test_collection_errors.py",
    "tests/reports/test_badge.py::test_a_",
    "tests/reports/test_junit.py::test_rendering_does_not_depend_on_the_hash_seed",
    "tests/reports/test_baseline.py::test_the_cli_turns_a_run_into_a_diff",
    "tests/spending/",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow", action="store_true", default=False,
        help=f"also run the tests marked slow (CI does; or set {RUN_SLOW_ENV}=1)",
    )  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: over ~10 s on 2 cores; left out unless --run-slow (CI runs them)"
    )
    # The suite's own markers, for tests that import its check modules: the plugin that
    # declares them is inert in this session (nothing asks for it; knowlify_conformance_entry).
    from conformance.plugin import MARKERS

    for marker in MARKERS:
        config.addinivalue_line("markers", marker)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
    if config.getoption("--run-slow") or os.environ.get(RUN_SLOW_ENV) == "1":
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]
        config.hook.pytest_deselected(items=slow)


class Api:
    """A tiny client for tests: ``api.post(path, json=..., key=...)`` returns an httpx response."""

    def __init__(self, client: httpx.Client, default_key: str) -> None:
        self.client = client
        self.default_key = default_key

    def request(
        self, method: str, path: str, *, key: str | None = "default", **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}) or {})
        if key is not None:
            headers.setdefault("X-API-Key", self.default_key if key == "default" else key)
        return self.client.request(method, path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def reference_settings() -> ReferenceSettings:
    return ReferenceSettings()


@pytest.fixture
def app(clock: ManualClock, reference_settings: ReferenceSettings) -> Any:
    return create_app(reference_settings, clock=clock)


@pytest.fixture
def sandbox(app: Any) -> SandboxFixtures:
    fixtures = app.state.fixtures
    assert isinstance(fixtures, SandboxFixtures)
    return fixtures


@pytest.fixture
def api(app: Any, sandbox: SandboxFixtures) -> Iterator[Api]:
    with in_process_client(app, base_url="http://reference.test", timeout=10.0) as client:
        yield Api(client, sandbox.keys.personal)
