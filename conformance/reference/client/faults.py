"""Named faulty variants of the reference client: the mistakes real SDKs make.

Each fault replaces one policy object of ``Policies`` with a small subclass; the client has no
fault switch. A fault has a stable kebab-case name, a one-line description, the requirement
IDs it breaks, and a protocol factory usable as
``knowlify-conformance clients --python conformance.reference.client.faults:<attribute>``
(the attribute is the name in snake_case) or through the adapter command
(``python -m conformance.reference.client.adapter --fault <name>``).

The client suite must catch every fault on exactly the requirements in ``breaks`` (some are
SHOULD rules: run them with ``--profile strict``).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import httpx

from ...contract.constants import API_KEY_HEADER, AUTHORIZATION_HEADER, BATCH_MIN_ITEMS
from ._exceptions import APIStatusError, InvalidResponseError, RequestValidationError
from ._models import Edit, ResultRow, Video
from ._policies import (
    AuthPolicy,
    BatchPolicy,
    ErrorDecoder,
    IdempotencyPolicy,
    Policies,
    RedirectPolicy,
    ResubmitPolicy,
    ResultReader,
    RetryPolicy,
    RowParser,
)
from .adapter import ReferenceAdapter, build

__all__ = ["FAULTS", "Fault"]


@dataclass(frozen=True, slots=True)
class Fault:
    """One faulty variant: what it does wrong and which requirements must catch it."""

    name: str
    description: str
    breaks: frozenset[str]
    policies: Policies = field(repr=False)

    @property
    def attribute(self) -> str:
        """The module attribute holding this fault's factory."""
        return self.name.replace("-", "_")

    @property
    def factory(self) -> Callable[..., ReferenceAdapter]:
        return build(self.policies)

    @property
    def python_spec(self) -> str:
        """The ``--python`` value that runs this fault."""
        return f"{__name__}:{self.attribute}"


_REGISTRY: dict[str, Fault] = {}


def _register(
    name: str, description: str, breaks: set[str], **policies: Any
) -> Callable[..., ReferenceAdapter]:
    if name in _REGISTRY:
        raise ValueError(f"fault {name!r} registered twice")
    fault = Fault(name, description, frozenset(breaks), Policies(**policies))
    _REGISTRY[name] = fault
    return fault.factory


# --- retry ----------------------------------------------------------------------------------


class _RetriesStatuses(RetryPolicy):
    def __init__(self, statuses: set[int]) -> None:
        super().__init__()
        self.extra = frozenset(statuses)

    def should_retry(self, status_code: int, attempt: int) -> bool:
        if status_code in self.extra:
            return attempt < self.max_attempts
        return super().should_retry(status_code, attempt)


class _IgnoresRetryAfter(RetryPolicy):
    def delay(self, response: httpx.Response, attempt: int) -> float:
        return 0.0 if response.status_code == 429 else self.backoff(attempt)


class _BacksOffOnRateLimit(RetryPolicy):
    def delay(self, response: httpx.Response, attempt: int) -> float:
        return self.backoff(attempt)


class _NoBackoff(RetryPolicy):
    def backoff(self, attempt: int) -> float:
        return 0.0


class _FlatBackoff(RetryPolicy):
    def backoff(self, attempt: int) -> float:
        return self.backoff_start


class _RetriesForever(RetryPolicy):
    def should_retry(self, status_code: int, attempt: int) -> bool:
        return status_code in self.retried_statuses


retries_bad_request = _register(
    "retries-bad-request",
    "retries a 400 as if it were a 500",
    {"CLI-RETRY-001"},
    retry=_RetriesStatuses({400}),
)
retries_payment_required = _register(
    "retries-payment-required",
    "retries a 402 instead of waiting for a top-up",
    {"CLI-RETRY-002"},
    retry=_RetriesStatuses({402}),
)
retries_client_errors = _register(
    "retries-client-errors",
    "retries 404, 409 and 415",
    {"CLI-RETRY-003"},
    retry=_RetriesStatuses({404, 409, 415}),
)
ignores_retry_after = _register(
    "ignores-retry-after",
    "retries a 429 at once, ignoring Retry-After",
    {"CLI-RETRY-004"},
    retry=_IgnoresRetryAfter(),
)
backs_off_ignoring_retry_after = _register(
    "backs-off-ignoring-retry-after",
    "waits the 500 backoff (2 s, 4 s ...) after a 429 too, ignoring Retry-After",
    {"CLI-RETRY-004"},
    retry=_BacksOffOnRateLimit(),
)
no_backoff = _register(
    "no-backoff",
    "retries a 500 at once, without backoff",
    {"CLI-RETRY-005"},
    retry=_NoBackoff(),
)
flat_backoff = _register(
    "flat-backoff",
    "waits 2 s before every retry of a 500: the backoff does not grow",
    {"CLI-RETRY-005"},
    retry=_FlatBackoff(),
)
retries_forever = _register(
    "retries-forever",
    "retries 500s and 429s without any bound",
    {"CLI-RETRY-006"},
    retry=_RetriesForever(),
)


# --- idempotency ----------------------------------------------------------------------------


class _FreshKeyPerRetry(IdempotencyPolicy):
    def key_for_attempt(self, key: str, attempt: int, *, generated: bool) -> str:
        return str(uuid.uuid4()) if generated and attempt > 1 else key


class _OneKeyForEveryEdit(IdempotencyPolicy):
    def __init__(self) -> None:
        self.shared = str(uuid.uuid4())

    def key_for_edit(self, caller_key: str | None) -> tuple[str, bool]:
        return (caller_key, False) if caller_key is not None else (self.shared, True)


class _IgnoresCallerKey(IdempotencyPolicy):
    def key_for_edit(self, caller_key: str | None) -> tuple[str, bool]:
        return super().key_for_edit(None)


fresh_key_per_retry = _register(
    "fresh-key-per-retry",
    "generates a new Idempotency-Key for every retry of an edit",
    {"CLI-IDEM-001", "CLI-IDEM-003"},
    idempotency=_FreshKeyPerRetry(),
)
ignores_caller_key = _register(
    "ignores-caller-key",
    "replaces the caller's Idempotency-Key with one of its own",
    {"CLI-IDEM-004"},
    idempotency=_IgnoresCallerKey(),
)
one_key_for_every_edit = _register(
    "one-key-for-every-edit",
    "reuses one generated Idempotency-Key for every edit",
    {"CLI-IDEM-002"},
    idempotency=_OneKeyForEveryEdit(),
)


# --- errors ---------------------------------------------------------------------------------


class _CrashesOnNonJson(ErrorDecoder):
    def detail_of(self, response: httpx.Response) -> str | None:
        body = response.json()  # raises on an HTML, text or empty body
        detail = body.get("detail") if isinstance(body, dict) else None
        return detail if isinstance(detail, str) else None


class _LosesDetail(ErrorDecoder):
    def detail_of(self, response: httpx.Response) -> str | None:
        return response.reason_phrase or None


class _KeyInMessage(ErrorDecoder):
    def error_for(self, response: httpx.Response) -> APIStatusError:
        error = super().error_for(response)
        sent = response.request.headers.get(API_KEY_HEADER, "")
        error.args = (f"{error.args[0]} (request headers: {API_KEY_HEADER}={sent})",)
        return error


class _AssumesStringDetail(ErrorDecoder):
    def detail_of(self, response: httpx.Response) -> str | None:
        try:
            body = response.json()
        except ValueError:
            return None
        detail: str = body["detail"].removesuffix("")  # KeyError on {}, AttributeError on a list
        return detail


crashes_on_html = _register(
    "crashes-on-html",
    "parses every error body as JSON, so an HTML 502 or an empty 500 crashes it",
    {"CLI-ERR-002"},
    errors=_CrashesOnNonJson(),
)
loses_detail = _register(
    "loses-detail",
    "replaces the server's detail with the reason phrase",
    {"CLI-ERR-001"},
    errors=_LosesDetail(),
)
assumes_string_detail = _register(
    "assumes-string-detail",
    "reads body['detail'] as a string, so {} or FastAPI's list detail crashes it",
    {"CLI-ERR-003"},
    errors=_AssumesStringDetail(),
)
key_in_error_message = _register(
    "key-in-error-message",
    "puts the request's X-API-Key into the error message",
    {"CLI-SEC-003"},
    errors=_KeyInMessage(),
)


# --- security -------------------------------------------------------------------------------


class _ForwardsKey(RedirectPolicy):
    def headers_for(
        self, origin: httpx.URL, target: httpx.URL, headers: Mapping[str, str]
    ) -> dict[str, str]:
        return dict(headers)


class _KeyInAuthorization(AuthPolicy):
    def apply(
        self, api_key: str, headers: dict[str, str], params: dict[str, str], attempt: int
    ) -> None:
        headers[AUTHORIZATION_HEADER] = f"Bearer {api_key}"


class _KeyInQuery(AuthPolicy):
    def apply(
        self, api_key: str, headers: dict[str, str], params: dict[str, str], attempt: int
    ) -> None:
        super().apply(api_key, headers, params, attempt)
        params["api_key"] = api_key


class _NoKeyOnRetry(AuthPolicy):
    def apply(
        self, api_key: str, headers: dict[str, str], params: dict[str, str], attempt: int
    ) -> None:
        if attempt == 1:
            super().apply(api_key, headers, params, attempt)


forwards_key_on_redirect = _register(
    "forwards-key-on-redirect",
    "keeps X-API-Key when a redirect leads to another host",
    {"CLI-SEC-002"},
    redirects=_ForwardsKey(),
)
key_in_authorization = _register(
    "key-in-authorization",
    "sends the key as Authorization: Bearer instead of X-API-Key",
    {"CLI-SEC-001"},
    auth=_KeyInAuthorization(),
)
key_in_query = _register(
    "key-in-query",
    "also sends the key as an api_key query parameter",
    {"CLI-SEC-003"},
    auth=_KeyInQuery(),
)
no_key_on_retry = _register(
    "no-key-on-retry",
    "drops X-API-Key from retries",
    {"CLI-SEC-001"},
    auth=_NoKeyOnRetry(),
)


# --- batches and rows -----------------------------------------------------------------------


class _NoUpperBound(BatchPolicy):
    def check(self, size: int) -> None:
        if size < BATCH_MIN_ITEMS:
            raise RequestValidationError(f"a batch needs at least {BATCH_MIN_ITEMS} video")


class _NoLowerBound(BatchPolicy):
    def check(self, size: int) -> None:
        if size > 50:
            raise RequestValidationError("a batch holds at most 50 videos")


class _DropsQueuePosition(RowParser):
    def parse(self, row: Mapping[str, Any]) -> ResultRow:
        parsed = super().parse(row)
        return ResultRow(
            index=parsed.index,
            status=parsed.status,
            uuid=parsed.uuid,
            code=parsed.code,
            message=parsed.message,
            raw=parsed.raw,
        )


class _ReadsErrorMessage(RowParser):
    def parse(self, row: Mapping[str, Any]) -> ResultRow:
        parsed = super().parse(row)
        message = row.get("error_message")
        return dataclasses.replace(parsed, message=message if isinstance(message, str) else None)


class _RejectsFailedRowUuid(RowParser):
    def parse(self, row: Mapping[str, Any]) -> ResultRow:
        if row.get("status") == "error" and "uuid" in row:
            raise InvalidResponseError("a failed row must not carry a uuid")
        return super().parse(row)


class _RejectsUnknownRowFields(RowParser):
    known = frozenset(
        {"index", "status", "uuid", "queue_position", "code", "message", "session_id", "chat_url"}
    )

    def parse(self, row: Mapping[str, Any]) -> ResultRow:
        unknown = sorted(set(row) - self.known)
        if unknown:
            raise InvalidResponseError(f"unknown row fields {unknown}")
        return super().parse(row)


class _WholeBatch(ResubmitPolicy):
    def indexes_to_send(self, rows: Sequence[ResultRow], batch_size: int) -> list[int]:
        return list(range(batch_size))


accepts_oversized_batch = _register(
    "accepts-oversized-batch",
    "sends a 51-item batch instead of refusing it",
    {"CLI-VAL-002"},
    batches=_NoUpperBound(),
)
accepts_empty_batch = _register(
    "accepts-empty-batch",
    "sends an empty batch instead of refusing it",
    {"CLI-VAL-001"},
    batches=_NoLowerBound(),
)
drops_queue_position = _register(
    "drops-queue-position",
    "does not expose a parked row's queue_position",
    {"CLI-ITEM-006"},
    rows=_DropsQueuePosition(),
)
reads_error_message = _register(
    "reads-error-message",
    "takes a failed row's message from error_message (as a third-party client does)",
    {"CLI-ITEM-001"},
    rows=_ReadsErrorMessage(),
)
rejects_failed_row_uuid = _register(
    "rejects-failed-row-uuid",
    "refuses a batch answer whose failed row carries a uuid, as the errors page shows",
    {"CLI-ITEM-004"},
    rows=_RejectsFailedRowUuid(),
)
rejects_unknown_row_fields = _register(
    "rejects-unknown-row-fields",
    "refuses a batch answer whose rows carry fields the docs do not list",
    {"CLI-ITEM-005"},
    rows=_RejectsUnknownRowFields(),
)
resubmits_whole_batch = _register(
    "resubmits-whole-batch",
    "resubmits the whole batch, not only the failed items",
    {"CLI-ITEM-002", "CLI-ITEM-003"},
    resubmit=_WholeBatch(),
)

# --- successful results -------------------------------------------------------------------


class _ReadsState(ResultReader):
    def video(self, answer: Mapping[str, Any], requested_uuid: str) -> Video:
        video = super().video(answer, requested_uuid)
        return dataclasses.replace(video, status=str(answer.get("state", "")))

    def edit(self, answer: Mapping[str, Any]) -> Edit:
        edit = super().edit(answer)
        return dataclasses.replace(edit, status=str(answer.get("state", "")))


reads_state_not_status = _register(
    "reads-state-not-status",
    "reads a video's or an edit's status from `state`, so every result has an empty status",
    {"CLI-RES-001"},
    results=_ReadsState(),
)

FAULTS: Mapping[str, Fault] = MappingProxyType(dict(_REGISTRY))
