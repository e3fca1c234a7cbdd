"""Rate-limit window faults: counters, headers and 429s that break the RATE-* rules."""

from __future__ import annotations

from ..model import Mutant

__all__ = ["MUTANTS"]

MUTANTS: tuple[Mutant, ...] = ()
