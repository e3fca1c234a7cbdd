"""Credit, revert-guard, idempotency, precedence and reference-image faults."""

from __future__ import annotations

from ..model import Mutant

__all__ = ["MUTANTS"]

MUTANTS: tuple[Mutant, ...] = ()
