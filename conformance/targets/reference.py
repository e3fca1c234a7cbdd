"""The embedded default target: the reference server in-process, on a manual clock."""

from __future__ import annotations

from dataclasses import replace

from ..config import Fixtures, RateLimits, SuiteConfig
from ..reference import ManualClock, create_app
from ..reference.sandbox import SandboxFixtures
from .base import OpenTarget
from .inprocess import in_process_client

__all__ = ["open_reference_target", "reference_config"]


def reference_config(config: SuiteConfig, fixtures: SandboxFixtures) -> SuiteConfig:
    """The config describing the seeded sandbox; values from the user's config are kept."""
    merged = {**fixtures.as_config(), **dict(config.fixtures.data)}
    return replace(config, sandbox=True, fixtures=Fixtures(merged), rate_limits=RateLimits())


def open_reference_target(config: SuiteConfig) -> OpenTarget:
    clock = ManualClock()
    app = create_app(clock=clock)
    fixtures = app.state.fixtures
    assert isinstance(fixtures, SandboxFixtures)
    client = in_process_client(
        app, base_url="http://reference.invalid", timeout=config.timeout_seconds
    )
    return OpenTarget(
        description="reference (embedded, in-process)",
        client=client,
        config=reference_config(config, fixtures),
        sleep=clock.advance,
        monotonic=clock.now,
        in_process=True,
    )
