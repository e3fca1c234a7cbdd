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
    """The config describing the embedded sandbox.

    The sandbox's own fixtures and documented limits replace whatever the user configured:
    keys meant for another target (a live ``KNOWLIFY_API_KEY`` left in the shell, say) would
    only make every check fail here, and could leak into a report about the reference.
    """
    return replace(
        config,
        # A dry run stands in for the user's target: spend only what the real run could.
        sandbox=config.sandbox if config.dry_run else True,
        fixtures=Fixtures(fixtures.as_config()),
        rate_limits=RateLimits(),
        source=f"{config.source}; fixtures: the embedded sandbox's",
    )


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
        movable_clock=True,
    )
