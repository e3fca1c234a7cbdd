"""Rate-limit window faults: wrong caps on the headers, counters split or shared where the
contract says otherwise, a window that admits too much, 429 texts and refunds that are not the
contract's.

Faults that depend on the request being answered (its method, its credential, its final status)
read it from ``_CURRENT``, set by the ``_Remember`` middleware around every request; the
limiter itself only ever sees an identity and a bucket, as in the reference.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from ...contract.constants import (
    API_PREFIX,
    EDITS_BUCKET,
    RATE_LIMIT_DETAIL_TEMPLATE,
    RATE_LIMIT_HEADERS,
    RATE_LIMIT_LIMIT_HEADER,
    RETRY_AFTER_HEADER,
    VIDEOS_BUCKET,
    RateBucket,
)
from ...reference.clock import Clock
from ...reference.ratelimit import FixedWindowLimiter, RateDecision
from ...reference.state import ReferenceState
from ..rewrite import Answer, read_body, replayed
from ._build import server_mutant

__all__ = ["MUTANTS"]

Message = dict[str, Any]


# --- the request being answered, for limiters that look at it ------------------------------------


@dataclass(slots=True)
class _Request:
    method: str
    headers: dict[str, str]
    on_status: list[Callable[[int], None]] = field(default_factory=list)


_CURRENT: ContextVar[_Request | None] = ContextVar("knowlify_windows_request", default=None)


class _Remember:
    """ASGI middleware: publishes the request in ``_CURRENT`` and reports its answer's status."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])
        }
        request = _Request(method=str(scope["method"]), headers=headers)

        async def reporting(message: Message) -> None:
            if message["type"] == "http.response.start":
                for listener in request.on_status:
                    listener(int(message["status"]))
            await send(message)

        token = _CURRENT.set(request)
        try:
            await self.app(scope, receive, reporting)
        finally:
            _CURRENT.reset(token)


_CREATE_VIDEOS = ("POST", f"{API_PREFIX}/videos")
_VIDEOS_SENT: ContextVar[int] = ContextVar("knowlify_windows_videos_sent", default=1)


class _CountVideos:
    """ASGI middleware: publishes in ``_VIDEOS_SENT`` how many videos a POST /v1/videos asks
    for (1 when its body is not a batch)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or (scope.get("method"), scope.get("path")) != _CREATE_VIDEOS:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        try:
            videos = len(json.loads(body)["videos"])
        except (ValueError, KeyError, TypeError):
            videos = 1
        token = _VIDEOS_SENT.set(max(1, videos))
        try:
            await self.app(scope, replayed(body), send)
        finally:
            _VIDEOS_SENT.reset(token)


def _current() -> _Request:
    request = _CURRENT.get()
    assert request is not None, "the _Remember middleware is not installed"
    return request


# --- limiters ------------------------------------------------------------------------------------


class _EditsCountedTwice(FixedWindowLimiter):
    """Edits requests pass the limiter twice: a router-level dependency and the handler."""

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        if bucket.name == EDITS_BUCKET.name:
            super().hit(identity, bucket)
        return super().hit(identity, bucket)


class _ChargesPerVideo(FixedWindowLimiter):
    """A batch is charged one request per video it asks for: a cost-weighted limiter."""

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        for _ in range(_VIDEOS_SENT.get() - 1):
            super().hit(identity, bucket)
        return super().hit(identity, bucket)


class _PerMethod(FixedWindowLimiter):
    """The counter key carries the HTTP method: POST and GET on one bucket count apart."""

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        return super().hit(f"{identity}:{_current().method}", bucket)


class _OneCounter(FixedWindowLimiter):
    """The counter key forgets the bucket (one counter per caller, as the older docs had it);
    each bucket still compares that count with its own cap."""

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        shared = RateBucket("all", bucket.limit, bucket.window_seconds)
        return replace(super().hit(identity, shared), bucket=bucket)


class _AdmitsOneOver(FixedWindowLimiter):
    """``count > limit + 1`` where ``count > limit`` was meant: request limit + 1 still passes."""

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        decision = super().hit(identity, bucket)
        count = self._windows[(identity, bucket.name)].count
        return replace(decision, allowed=count <= bucket.limit + 1)


class _NeverRefuses(FixedWindowLimiter):
    """Counts and reports, but never refuses: the limiter was left in a log-only mode."""

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        return replace(super().hit(identity, bucket), allowed=True)


class _KeyedByUser(FixedWindowLimiter):
    """The counter key is the authenticated user, so an org key spends its creator's
    personal window."""

    def __init__(self, clock: Clock, state: ReferenceState) -> None:
        super().__init__(clock)
        self._state = state

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        user = self._state.directory.authenticate(_current().headers).user_id
        return super().hit(user, bucket)


_VALIDATION_STATUSES = frozenset({400, 422})


class _RefundsInvalid(FixedWindowLimiter):
    """A request answered 400 or 422 is taken back off its window once the answer is known."""

    def hit(self, identity: str, bucket: RateBucket) -> RateDecision:
        decision = super().hit(identity, bucket)
        window = self._windows[(identity, bucket.name)]

        def refund(status: int) -> None:
            if status in _VALIDATION_STATUSES:
                window.count -= 1

        _current().on_status.append(refund)
        return decision


def _limiter(
    factory: Callable[[Clock, ReferenceState], FixedWindowLimiter],
) -> Callable[[ReferenceState], None]:
    def prepare(state: ReferenceState) -> None:
        state.limiter = factory(state.clock, state)

    return prepare


# --- answer rewrites -----------------------------------------------------------------------------


def _limit_header(value: int) -> Callable[[Answer], Answer]:
    def rewrite(answer: Answer) -> Answer:
        name = RATE_LIMIT_LIMIT_HEADER.lower()
        if name not in answer.headers:
            return answer
        return replace(answer, headers={**answer.headers, name: str(value)})

    return rewrite


def _retry_after(answer: Answer) -> str:
    return answer.headers.get(RETRY_AFTER_HEADER.lower(), "60")


def _slowapi_detail(answer: Answer) -> Answer:
    # slowapi's wording of a "30/minute" limit.
    if answer.status != 429:
        return answer
    limit = answer.headers.get(RATE_LIMIT_LIMIT_HEADER.lower(), "")
    return answer.with_json({"detail": f"Rate limit exceeded: {limit} per 1 minute"})


def _edits_429_with_videos_numbers(answer: Answer) -> Answer:
    if answer.status != 429 or not answer.path.startswith("/v1/edits"):
        return answer
    detail = RATE_LIMIT_DETAIL_TEMPLATE.format(
        limit=VIDEOS_BUCKET.limit,
        window=VIDEOS_BUCKET.window_seconds,
        seconds=_retry_after(answer),
    )
    return answer.with_json({"detail": detail})


def _no_rate_headers_on_errors(answer: Answer) -> Answer:
    if answer.status < 400 or answer.status == 429:
        return answer
    return answer.without_headers(*RATE_LIMIT_HEADERS)


MUTANTS = (
    server_mutant(
        "limit-header-default-10",
        "X-RateLimit-Limit always shows the default cap of 10, on the videos bucket too",
        breaks={"RATE-002"},
        rewrite=_limit_header(EDITS_BUCKET.limit),
    ),
    server_mutant(
        "limit-header-always-30",
        "X-RateLimit-Limit always shows the videos cap of 30, on the edits bucket too",
        breaks={"RATE-003"},
        rewrite=_limit_header(VIDEOS_BUCKET.limit),
    ),
    server_mutant(
        "edits-counted-twice",
        "every edits-bucket request is counted twice (router dependency and handler)",
        breaks={"RATE-005", "RATE-013"},
        prepare=_limiter(lambda clock, state: _EditsCountedTwice(clock)),
    ),
    server_mutant(
        "batch-charged-per-video",
        "a POST /v1/videos batch is counted once per video, not once per request",
        breaks={"RATE-005", "RATE-013"},
        prepare=_limiter(lambda clock, state: _ChargesPerVideo(clock)),
        middleware=_CountVideos,
    ),
    server_mutant(
        "counter-per-method",
        "POST and GET on one bucket keep separate counters (the method is in the counter key)",
        breaks={"RATE-006"},
        prepare=_limiter(lambda clock, state: _PerMethod(clock)),
        middleware=_Remember,
    ),
    server_mutant(
        "one-counter-for-both-buckets",
        "videos and edits requests share one counter per caller, each bucket applying its cap",
        breaks={"RATE-007"},
        prepare=_limiter(lambda clock, state: _OneCounter(clock)),
    ),
    server_mutant(
        "window-admits-one-over",
        "request limit + 1 of a window is still admitted; only the one after it gets 429",
        breaks={"RATE-008"},
        prepare=_limiter(lambda clock, state: _AdmitsOneOver(clock)),
    ),
    server_mutant(
        "rate-limit-log-only",
        "the limiter counts and reports but never refuses: no 429 at all",
        breaks={"RATE-008"},
        prepare=_limiter(lambda clock, state: _NeverRefuses(clock)),
    ),
    server_mutant(
        "slowapi-429-detail",
        "a 429 reads slowapi's 'Rate limit exceeded: 30 per 1 minute', not the contract's text",
        breaks={"RATE-010", "RATE-011"},
        rewrite=_slowapi_detail,
    ),
    server_mutant(
        "edits-429-with-videos-numbers",
        "an edits 429 reads 'Rate limit exceeded: 30 requests per 60s' (the videos message)",
        breaks={"RATE-011"},
        rewrite=_edits_429_with_videos_numbers,
    ),
    server_mutant(
        "rate-window-per-user",
        "rate windows are keyed by the key's creator: an org key spends its user's window",
        breaks={"RATE-014"},
        prepare=_limiter(_KeyedByUser),
        middleware=_Remember,
    ),
    server_mutant(
        "validation-errors-refunded",
        "requests answered 400 or 422 are taken back off the window (only valid ones count)",
        breaks={"RATE-015"},
        prepare=_limiter(lambda clock, state: _RefundsInvalid(clock)),
        middleware=_Remember,
    ),
    server_mutant(
        "no-rate-headers-on-errors",
        "X-RateLimit-* headers are sent on 2xx and 429 answers only, not on other errors",
        breaks={"RATE-016"},
        rewrite=_no_rate_headers_on_errors,
    ),
)
