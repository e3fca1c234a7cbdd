"""Status oracles: the exact status a given fault must get, never merely "some 4xx"."""

from __future__ import annotations

from collections.abc import Collection

from ..exchange import Exchange
from ..failures import UnexpectedStatus

__all__ = ["expect_status"]


def expect_status(
    exchange: Exchange, expected: int | Collection[int], *, requirement: str, why: str
) -> None:
    """Fail ``requirement`` unless the exchange's status is one of ``expected``."""
    allowed = {expected} if isinstance(expected, int) else set(expected)
    if exchange.status_code not in allowed:
        raise UnexpectedStatus(
            requirement=requirement, expected=allowed, exchange=exchange, why=why
        )
