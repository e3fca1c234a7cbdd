"""The client's decisions, each in one small replaceable object.

The client asks a policy wherever the contract leaves it a choice: when to retry and how long
to wait, which ``Idempotency-Key`` an attempt carries, how the key is attached, what a redirect
keeps, how an error answer becomes an exception, which batch sizes may be sent, how rows are
read and what a resubmission sends. ``Policies`` bundles the defaults; the faulty variants in
``faults.py`` replace one object each, so the client itself holds no fault switch.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from ...contract.constants import (
    API_KEY_HEADER,
    BATCH_MAX_ITEMS,
    BATCH_MIN_ITEMS,
    NO_RETRY_STATUSES,
    SERVER_ERROR_BACKOFF_START_SECONDS,
)
from ._exceptions import (
    STATUS_ERRORS,
    APIStatusError,
    InvalidResponseError,
    RequestValidationError,
    ServerError,
    parse_retry_after,
)
from ._models import Edit, ResultRow, Video

__all__ = [
    "AuthPolicy",
    "BatchPolicy",
    "ErrorDecoder",
    "IdempotencyPolicy",
    "Policies",
    "RedirectPolicy",
    "ResubmitPolicy",
    "ResultReader",
    "RetryPolicy",
    "RowParser",
]


class RetryPolicy:
    """Retry 429 after ``Retry-After`` and 500 with exponential backoff from 2 s; nothing else.

    ``max_attempts`` bounds the attempts of one call (the first one included).
    """

    retried_statuses: frozenset[int] = frozenset({429, 500})

    def __init__(self, *, max_attempts: int = 4, backoff_start: float | None = None) -> None:
        if max_attempts < 1:
            raise ValueError(f"max_attempts={max_attempts} must be at least 1")
        self.max_attempts = max_attempts
        self.backoff_start = backoff_start or SERVER_ERROR_BACKOFF_START_SECONDS

    def with_max_attempts(self, max_attempts: int) -> RetryPolicy:
        """A copy bounded to ``max_attempts``; subclasses keep their own behaviour."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.max_attempts = max_attempts
        return clone

    def should_retry(self, status_code: int, attempt: int) -> bool:
        """Whether the answer ``status_code`` to attempt ``attempt`` (1-based) is retried."""
        if status_code in NO_RETRY_STATUSES:
            return False
        return status_code in self.retried_statuses and attempt < self.max_attempts

    def delay(self, response: httpx.Response, attempt: int) -> float:
        """Seconds to wait after attempt ``attempt`` got ``response``."""
        if response.status_code == 429:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                return retry_after
        return self.backoff(attempt)

    def backoff(self, attempt: int) -> float:
        """2 s, 4 s, 8 s ...: doubling from ``backoff_start``."""
        return float(self.backoff_start * 2 ** (attempt - 1))


class IdempotencyPolicy:
    """One key per logical edit: the caller's, or a fresh UUID; every retry reuses it."""

    def key_for_edit(self, caller_key: str | None) -> tuple[str, bool]:
        """The edit's key and whether the client generated it."""
        if caller_key is not None:
            return caller_key, False
        return str(uuid.uuid4()), True

    def key_for_attempt(self, key: str, attempt: int, *, generated: bool) -> str:
        return key


class AuthPolicy:
    """The key travels in ``X-API-Key`` on every attempt, and nowhere else."""

    def apply(
        self, api_key: str, headers: dict[str, str], params: dict[str, str], attempt: int
    ) -> None:
        headers[API_KEY_HEADER] = api_key


class RedirectPolicy:
    """Follow up to ``max_hops`` redirects; the key never leaves the origin it was meant for."""

    max_hops = 3

    def headers_for(
        self, origin: httpx.URL, target: httpx.URL, headers: Mapping[str, str]
    ) -> dict[str, str]:
        kept = dict(headers)
        if (target.scheme, target.host, target.port) != (origin.scheme, origin.host, origin.port):
            for name in list(kept):
                if name.lower() in (API_KEY_HEADER.lower(), "authorization"):
                    del kept[name]
        return kept


class ErrorDecoder:
    """Turn a non-2xx answer into the typed exception; never crash on the body's shape."""

    def error_for(self, response: httpx.Response) -> APIStatusError:
        detail = self.detail_of(response)
        status = response.status_code
        cls = STATUS_ERRORS.get(status) or (ServerError if status >= 500 else APIStatusError)
        return cls(status, detail, request=response.request, response=response)

    def detail_of(self, response: httpx.Response) -> str | None:
        """The envelope's ``detail`` when it is a string; None for any other body."""
        try:
            body = json.loads(response.content) if response.content else None
        except ValueError:
            return None
        detail = body.get("detail") if isinstance(body, dict) else None
        return detail if isinstance(detail, str) else None

    def body_of(self, response: httpx.Response) -> dict[str, Any]:
        """A 2xx body as a JSON object, or ``InvalidResponseError``."""
        try:
            body = json.loads(response.content)
        except ValueError:
            raise InvalidResponseError(
                f"{response.status_code} answer to {response.request.method} "
                f"{response.request.url.path} is not JSON"
            ) from None
        if not isinstance(body, dict):
            raise InvalidResponseError(
                f"{response.status_code} answer to {response.request.url.path} is not an object"
            )
        return body


class BatchPolicy:
    """Batches outside 1-50 items are refused before anything is sent."""

    def check(self, size: int) -> None:
        if not BATCH_MIN_ITEMS <= size <= BATCH_MAX_ITEMS:
            raise RequestValidationError(
                f"a batch holds {BATCH_MIN_ITEMS}-{BATCH_MAX_ITEMS} videos; this one has {size}"
            )


class RowParser:
    """Read one ``results[]`` row; unknown fields stay in ``raw``."""

    def parse(self, row: Mapping[str, Any]) -> ResultRow:
        index = row.get("index")
        status = row.get("status")
        if not isinstance(index, int) or not isinstance(status, str):
            raise InvalidResponseError("a results row lacks an integer index or a status")
        position = row.get("queue_position")
        return ResultRow(
            index=index,
            status=status,
            uuid=_text(row.get("uuid")),
            queue_position=position if isinstance(position, int) else None,
            code=_text(row.get("code")),
            message=_text(row.get("message")),
            raw=dict(row),
        )


class ResubmitPolicy:
    """A resubmission sends the failed items only, unchanged, in their original order."""

    def indexes_to_send(self, rows: Sequence[ResultRow], batch_size: int) -> list[int]:
        return sorted(row.index for row in rows if row.failed)


class ResultReader:
    """Read a video or an edit from a 2xx body: the server's values, never assumed ones."""

    def video(self, answer: Mapping[str, Any], requested_uuid: str) -> Video:
        return Video(
            uuid=str(answer.get("uuid", requested_uuid)),
            status=str(answer.get("status", "")),
            is_complete=bool(answer.get("is_complete")),
            is_failed=bool(answer.get("is_failed")),
            raw=dict(answer),
        )

    def edit(self, answer: Mapping[str, Any]) -> Edit:
        edit_id = answer.get("edit_id")
        if not isinstance(edit_id, str):
            raise InvalidResponseError("the edit answer has no edit_id")
        return Edit(edit_id=edit_id, status=str(answer.get("status", "")), raw=dict(answer))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Policies:
    """Every decision of the client; replace one field to change one behaviour."""

    retry: RetryPolicy = field(default_factory=RetryPolicy)
    idempotency: IdempotencyPolicy = field(default_factory=IdempotencyPolicy)
    auth: AuthPolicy = field(default_factory=AuthPolicy)
    redirects: RedirectPolicy = field(default_factory=RedirectPolicy)
    errors: ErrorDecoder = field(default_factory=ErrorDecoder)
    batches: BatchPolicy = field(default_factory=BatchPolicy)
    rows: RowParser = field(default_factory=RowParser)
    resubmit: ResubmitPolicy = field(default_factory=ResubmitPolicy)
    results: ResultReader = field(default_factory=ResultReader)
