"""Shared fixtures for the project's own tests: an in-process reference server on a manual clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import settings

from conformance.reference import ManualClock, ReferenceSettings, SandboxFixtures, create_app
from conformance.targets.inprocess import in_process_client

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci")


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
