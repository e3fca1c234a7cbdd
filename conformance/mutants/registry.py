"""Every mutant, by side. Client faults live with the reference client; they join here when
that module exists."""

from __future__ import annotations

from .model import Mutant, MutantRegistry, MutantSide
from .server import SERVER_MUTANTS

__all__ = ["CLEAN_SPECS", "SERVER", "mutants_of"]

SERVER = MutantRegistry()
SERVER.extend(SERVER_MUTANTS)

#: What each side's clean run targets (the matrix is anchored on it).
CLEAN_SPECS = {MutantSide.SERVER: "reference:conformance.reference:create_app"}


def mutants_of(side: str) -> list[Mutant]:
    """The mutants of ``side`` ("server", "client" or "all"), server first."""
    server = list(SERVER) if side in ("server", "all") else []
    return server
