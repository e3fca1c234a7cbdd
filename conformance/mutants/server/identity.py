"""Identity, envelope and framework faults beyond the first set: ENV-005, FW-*, AUTH-*, ORG-*."""

from __future__ import annotations

from ..model import Mutant

__all__ = ["MUTANTS"]

MUTANTS: tuple[Mutant, ...] = ()
