"""Any HTTP endpoint: a local sandbox, staging, or the live API."""

from __future__ import annotations

import httpx

from ..config import SuiteConfig
from .base import OpenTarget

__all__ = ["open_http_target"]


def open_http_target(config: SuiteConfig) -> OpenTarget:
    timeout = httpx.Timeout(config.timeout_seconds)
    client = httpx.Client(
        base_url=config.target.rstrip("/"),
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )
    return OpenTarget(description=config.target, client=client, config=config)
