"""Hypothesis strategies for the Knowlify API v1 (public API; see docs/strategies.md)."""

from __future__ import annotations

__all__: list[str] = []
