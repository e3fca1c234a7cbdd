"""Video batch faults: field validation, per-item rows, parking and polling."""

from __future__ import annotations

from ..model import Mutant

__all__ = ["MUTANTS"]

MUTANTS: tuple[Mutant, ...] = ()
