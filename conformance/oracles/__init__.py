"""Oracles: pure checks on one exchange. No transport, no global state."""

from __future__ import annotations

from .envelope import ENVELOPE_BODY, ENVELOPE_CONTENT_TYPE, error_body_is_envelope, error_is_json
from .registry import ORACLES, RegisteredOracle, oracle
from .status import expect_status

__all__ = [
    "ENVELOPE_BODY",
    "ENVELOPE_CONTENT_TYPE",
    "ORACLES",
    "RegisteredOracle",
    "error_body_is_envelope",
    "error_is_json",
    "expect_status",
    "oracle",
]
