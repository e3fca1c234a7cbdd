"""The oracle registry: pure checks on an ``Exchange``, registered by requirement ID.

An oracle returns ``None`` when the rule held, raises a ``ConformanceFailure`` naming its
requirement when it is broken, and raises ``NotApplicable`` when the exchange cannot judge it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..exchange import Exchange

__all__ = ["ORACLES", "OracleFunction", "RegisteredOracle", "oracle"]

OracleFunction = Callable[[Exchange], None]


@dataclass(frozen=True, slots=True)
class RegisteredOracle:
    requirement: str
    name: str
    function: OracleFunction

    def __call__(self, exchange: Exchange) -> None:
        self.function(exchange)


ORACLES: dict[str, RegisteredOracle] = {}


def oracle(requirement: str) -> Callable[[OracleFunction], OracleFunction]:
    """Register ``function`` as the oracle for ``requirement``; one oracle per requirement."""

    def register(function: OracleFunction) -> OracleFunction:
        if requirement in ORACLES:
            existing = ORACLES[requirement].name
            raise ValueError(f"{requirement} already has the oracle {existing}")
        ORACLES[requirement] = RegisteredOracle(requirement, function.__name__, function)
        return function

    return register
