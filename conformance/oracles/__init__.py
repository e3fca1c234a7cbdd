"""Oracles: pure checks on one exchange. No transport, no global state.

``GLOBAL_ORACLES`` run on every exchange of a run (the global envelope invariant); the others
are called by the tests that need them.
"""

from __future__ import annotations

from .documented_statuses import DOCUMENTED_STATUSES, endpoint_of, status_is_documented
from .envelope import (
    ENVELOPE_BODY,
    ENVELOPE_CONTENT_TYPE,
    ENVELOPE_ONLY_DETAIL,
    ENVELOPE_TEXT,
    detail_is_readable_text,
    envelope_has_only_detail,
    error_body_is_envelope,
    error_is_json,
    expect_envelope,
)
from .registry import ORACLES, RegisteredOracle, oracle
from .status import expect_status

__all__ = [
    "DOCUMENTED_STATUSES",
    "ENVELOPE_BODY",
    "ENVELOPE_CONTENT_TYPE",
    "ENVELOPE_ONLY_DETAIL",
    "ENVELOPE_TEXT",
    "GLOBAL_ORACLES",
    "ORACLES",
    "RegisteredOracle",
    "detail_is_readable_text",
    "endpoint_of",
    "envelope_has_only_detail",
    "error_body_is_envelope",
    "error_is_json",
    "expect_envelope",
    "expect_status",
    "oracle",
    "status_is_documented",
]

GLOBAL_ORACLES = tuple(
    ORACLES[requirement]
    for requirement in (
        ENVELOPE_BODY,
        ENVELOPE_CONTENT_TYPE,
        ENVELOPE_TEXT,
        ENVELOPE_ONLY_DETAIL,
        DOCUMENTED_STATUSES,
    )
)
