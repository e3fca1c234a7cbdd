"""Targets: the embedded reference, any ASGI app in-process, or any HTTP base URL.

``open_target(config)`` is the only entry point; it maps every way of failing to reach a target
to a ``HarnessError`` with a one-line message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..config import ConfigError, SuiteConfig
from .base import OpenTarget

__all__ = ["OpenTarget", "describe_target", "open_target", "reference_config"]

TARGET_FORMS = "'reference', 'reference:MODULE:ATTR', 'asgi:MODULE:ATTR' or an http(s):// base URL"


def describe_target(target: str) -> str:
    """Validate the form of a target string; returns its kind."""
    if target == "reference":
        return "reference"
    if target.startswith("reference:"):
        # A variant of the reference (a mutant): same sandbox, same movable clock.
        if target.count(":") != 2 or not all(target.split(":")[1:]):
            raise ConfigError(f"target {target!r} must look like reference:MODULE:ATTR")
        return "reference"
    if target.startswith("asgi:"):
        if target.count(":") != 2 or not all(target.split(":")[1:]):
            raise ConfigError(f"target {target!r} must look like asgi:MODULE:ATTR")
        return "asgi"
    parts = urlsplit(target)
    if parts.scheme in {"http", "https"} and parts.hostname:
        try:
            _ = parts.port
        except ValueError:
            raise ConfigError(f"target {target!r} has an invalid port") from None
        return "http"
    raise ConfigError(f"unknown target {target!r}: use {TARGET_FORMS}")


def open_target(config: SuiteConfig) -> OpenTarget:
    # Each kind is imported when used: the reference pulls in FastAPI, and a process that only
    # describes targets (pytest-xdist's controller) should not pay for it.
    kind = describe_target(config.target)
    if kind == "reference":
        from .reference import open_reference_target

        return open_reference_target(config)
    if kind == "asgi":
        from .asgi import open_asgi_target

        return open_asgi_target(config)
    from .http import open_http_target

    return open_http_target(config)


def __getattr__(name: str) -> Any:
    if name == "reference_config":
        from .reference import reference_config

        return reference_config
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
