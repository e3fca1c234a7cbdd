"""Edit faults: the edit request's validation, lifecycle, 409s and charges."""

from __future__ import annotations

from ..model import Mutant

__all__ = ["MUTANTS"]

MUTANTS: tuple[Mutant, ...] = ()
