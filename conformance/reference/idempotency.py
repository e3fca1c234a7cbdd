"""Idempotency-Key replay for POST /v1/edits (section 6.1).

Keys are scoped to the caller identity. A replay within 24 h with the same body returns the
stored response and creates nothing; the same key with a different body is a 409 (our choice
for an undocumented case: a 4xx, never a second edit). Only successful answers are stored, so a
request refused for a fault the caller can fix may be retried with the same key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..contract.constants import IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_TTL_SECONDS
from .errors import APIError

__all__ = ["IdempotencyStore", "StoredResponse", "fingerprint"]


@dataclass(frozen=True, slots=True)
class StoredResponse:
    fingerprint: str
    status_code: int
    body: dict[str, Any]
    stored_at: float


def fingerprint(document: Any) -> str:
    """A stable digest of a parsed JSON body (key order and spacing do not matter)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyStore:
    def __init__(self, ttl_seconds: float = IDEMPOTENCY_TTL_SECONDS) -> None:
        self._ttl = ttl_seconds
        self._stored: dict[tuple[str, str], StoredResponse] = {}

    def replay(self, identity: str, key: str, digest: str, now: float) -> StoredResponse | None:
        """The stored answer for this key, None if there is none, 409 if the body differs."""
        stored = self._stored.get((identity, key))
        if stored is None or now - stored.stored_at >= self._ttl:
            return None
        if stored.fingerprint != digest:
            raise APIError(
                409,
                f"{IDEMPOTENCY_KEY_HEADER} was already used with a different request body",
            )
        return stored

    def remember(
        self, identity: str, key: str, digest: str, body: dict[str, Any], now: float
    ) -> None:
        self._stored[(identity, key)] = StoredResponse(digest, 200, body, now)
