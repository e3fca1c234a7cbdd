"""The reference server's named faults, one module per area."""

from __future__ import annotations

from ..model import Mutant
from . import (
    access,
    batches,
    edit_rules,
    envelope,
    guards,
    identity,
    images,
    jobs,
    rate_limits,
    validation,
    windows,
    witnesses,
)

__all__ = ["SERVER_MUTANTS"]

SERVER_MUTANTS: tuple[Mutant, ...] = (
    *envelope.MUTANTS,
    *validation.MUTANTS,
    *access.MUTANTS,
    *images.MUTANTS,
    *rate_limits.MUTANTS,
    *jobs.MUTANTS,
    *identity.MUTANTS,
    *windows.MUTANTS,
    *batches.MUTANTS,
    *edit_rules.MUTANTS,
    *guards.MUTANTS,
    *witnesses.MUTANTS,
)
