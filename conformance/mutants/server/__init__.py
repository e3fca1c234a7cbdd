"""The reference server's named faults, one module per area."""

from __future__ import annotations

from ..model import Mutant
from . import access, envelope, images, jobs, rate_limits, validation

__all__ = ["SERVER_MUTANTS"]

SERVER_MUTANTS: tuple[Mutant, ...] = (
    *envelope.MUTANTS,
    *validation.MUTANTS,
    *access.MUTANTS,
    *images.MUTANTS,
    *rate_limits.MUTANTS,
    *jobs.MUTANTS,
)
