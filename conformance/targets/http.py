"""Any HTTP endpoint: a local sandbox, staging, or the live API."""

from __future__ import annotations

from ..config import SuiteConfig
from .base import OpenTarget
from .transport import network_transport, suite_client

__all__ = ["open_http_target"]


def open_http_target(config: SuiteConfig) -> OpenTarget:
    client = suite_client(
        network_transport(), base_url=config.target.rstrip("/"), timeout=config.timeout_seconds
    )
    return OpenTarget(description=config.target, client=client, config=config)
