"""App factories for the ``reference:MODULE:ATTR`` target tests."""

from __future__ import annotations

from typing import Any

from conformance.reference import create_app


def bare(*, clock: Any = None) -> Any:
    """A reference app with no seeded sandbox: it has no fixtures to test with."""
    return create_app(clock=clock, seed=None)
