"""Client oracles: pure judgements of a recorded scenario run, one per requirement ID.

An oracle reads what arrived at the scripted hosts (calls with their times, headers and
bodies) and what the client reported, and returns None when the rule held, raises
``ConformanceFailure`` when it broke, or ``NotApplicable`` when the run cannot show it (never a
pass by default: a retry rule needs the retry to have happened). ``judge`` turns one run into
``Observation``s; a run the harness could not complete yields ``error`` for every requirement
the scenario proves, never ``pass`` or ``fail``.

The oracles live one module per area (``errors``, ``retry``, ``items``, ``idempotency``,
``security``, ``results``); importing this package registers them all.
"""

from __future__ import annotations

from . import errors, idempotency, items, results, retry, security
from ._common import BACKOFF_GROWTH, TIMING_ALLOWANCE_SECONDS
from ._registry import CLIENT_ORACLES, ClientOracle, client_oracle, judge

__all__ = [
    "BACKOFF_GROWTH",
    "CLIENT_ORACLES",
    "TIMING_ALLOWANCE_SECONDS",
    "ClientOracle",
    "client_oracle",
    "errors",
    "idempotency",
    "items",
    "judge",
    "results",
    "retry",
    "security",
]
