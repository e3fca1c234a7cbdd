"""The embedded default target: the reference server in-process, on a manual clock.

``reference:MODULE:ATTR`` runs a variant of it the same way: ``ATTR`` is an app factory called
as ``create_app`` is (``factory(clock=clock)``) whose app keeps the sandbox's
``app.state.fixtures``; the server's mutants are built like this.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..config import ConfigError, Fixtures, RateLimits, SuiteConfig
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


def _factory(target: str) -> Callable[..., Any]:
    if target == "reference":
        return create_app
    _, module_name, attribute = target.split(":", 2)
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except ImportError as exc:
        raise ConfigError(f"target {target!r}: cannot import {module_name!r} ({exc})") from None
    except AttributeError:
        raise ConfigError(f"target {target!r}: {module_name!r} has no {attribute!r}") from None
    if not callable(factory):
        raise ConfigError(f"target {target!r}: {attribute} is not an app factory")
    return factory  # type: ignore[no-any-return]


def open_reference_target(config: SuiteConfig) -> OpenTarget:
    clock = ManualClock()
    try:
        app = _factory(config.target)(clock=clock)
    except TypeError as exc:
        raise ConfigError(
            f"target {config.target!r}: the factory must take clock= as create_app does ({exc})"
        ) from None
    fixtures = getattr(getattr(app, "state", None), "fixtures", None)
    if not isinstance(fixtures, SandboxFixtures):
        raise ConfigError(
            f"target {config.target!r}: the factory's app has no sandbox fixtures "
            "(app.state.fixtures); build it with conformance.reference.create_app"
        )
    client = in_process_client(
        app, base_url="http://reference.invalid", timeout=config.timeout_seconds
    )
    return OpenTarget(
        description=f"{config.target} (embedded, in-process)",
        client=client,
        config=reference_config(config, fixtures),
        sleep=clock.advance,
        monotonic=clock.now,
        in_process=True,
        movable_clock=True,
    )
