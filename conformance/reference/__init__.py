"""The reference Knowlify server (embedded default target and sandbox)."""

from __future__ import annotations

from .app import create_app
from .clock import Clock, ManualClock, SystemClock
from .sandbox import DEFAULT_SEED, SandboxFixtures
from .settings import ReferenceSettings, Timings
from .state import SandboxMarkers

__all__ = [
    "DEFAULT_SEED",
    "Clock",
    "ManualClock",
    "ReferenceSettings",
    "SandboxFixtures",
    "SandboxMarkers",
    "SystemClock",
    "Timings",
    "create_app",
]
