"""Every mutant, by side.

Server faults live in ``conformance.mutants.server``. Client faults live with the reference
client (``conformance.reference.client.faults``, its ``FAULTS`` registry) and join here as
client-side mutants when that module and the ``clients`` command are installed.
"""

from __future__ import annotations

import importlib

from .model import Mutant, MutantRegistry, MutantSide
from .server import SERVER_MUTANTS

__all__ = ["CLEAN_SPECS", "SERVER", "client_mutants", "mutants_of"]

SERVER = MutantRegistry()
SERVER.extend(SERVER_MUTANTS)

#: What each side's clean run targets: the matrix is anchored on it.
CLEAN_SPECS = {
    MutantSide.SERVER: "reference:conformance.reference:create_app",
    MutantSide.CLIENT: "conformance.reference.client.adapter:factory",
}
_CLIENT_FAULTS = "conformance.reference.client.faults"


def client_mutants() -> list[Mutant]:
    """The reference client's named faults as mutants; none if they are not installed."""
    from ..cli import COMMANDS

    if "clients" not in COMMANDS:
        return []
    try:
        faults = importlib.import_module(_CLIENT_FAULTS).FAULTS
    except ImportError:
        return []
    registry = MutantRegistry()
    for fault in faults.values():
        registry.add(
            Mutant(
                name=fault.name,
                description=fault.description,
                breaks=frozenset(fault.breaks),
                side=MutantSide.CLIENT,
                spec=fault.python_spec,
                build=fault.factory,
            )
        )
    return list(registry)


def mutants_of(side: str) -> list[Mutant]:
    """The mutants of ``side`` ("server", "client" or "all"), server first."""
    server = list(SERVER) if side in ("server", "all") else []
    client = client_mutants() if side in ("client", "all") else []
    return [*server, *client]
