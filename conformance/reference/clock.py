"""Clocks: the reference server reads time only through one of these, so tests can move it."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Protocol

__all__ = ["Clock", "ManualClock", "SystemClock", "isoformat"]


class Clock(Protocol):
    """A source of the current time, in seconds since the epoch."""

    def now(self) -> float: ...


class SystemClock:
    """Wall-clock time; what ``serve`` uses."""

    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that moves only when told to; tests advance it past windows and lifecycles."""

    def __init__(self, start: float = 1_777_111_200.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"seconds={seconds!r} must be >= 0: a clock never runs backwards")
        self._now += seconds


def isoformat(timestamp: float) -> str:
    """The contract's timestamp form: ISO-8601, microseconds, ``+00:00`` offset (section 1)."""
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="microseconds")
