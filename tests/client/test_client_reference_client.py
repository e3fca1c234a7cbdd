"""The reference client as a library: its exceptions, retries, redirects, batches, secrecy."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from conformance.reference.client import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InsufficientCreditsError,
    KnowlifyClient,
    KnowlifyError,
    KnowlifyTransportError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    UnprocessableEntityError,
    UnsupportedMediaError,
)

KEY = "kn_" + "ab" * 32
Handler = Callable[[httpx.Request], httpx.Response]


def _client(
    handler: Handler, sleeps: list[float] | None = None, **kwargs: object
) -> KnowlifyClient:
    waits = sleeps if sleeps is not None else []
    return KnowlifyClient(
        KEY,
        base_url="http://127.0.0.1:9",
        sleep=waits.append,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **kwargs,  # type: ignore[arg-type]
    )


def _error(status: int, detail: object = "nope", **headers: str) -> Handler:
    return lambda request: httpx.Response(status, json={"detail": detail}, headers=headers)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError), (401, AuthenticationError), (402, InsufficientCreditsError),
        (403, PermissionDeniedError), (404, NotFoundError), (409, ConflictError),
        (415, UnsupportedMediaError), (422, UnprocessableEntityError),
        (418, APIStatusError), (503, ServerError),
    ],
)  # fmt: skip
def test_each_status_raises_its_class_with_status_and_detail(
    status: int, kind: type[APIStatusError]
) -> None:
    with pytest.raises(kind) as raised:
        _client(_error(status, "détail ✓")).get_edit("e-1")
    assert type(raised.value) is kind
    assert raised.value.status_code == status
    assert raised.value.detail == "détail ✓"
    assert isinstance(raised.value, KnowlifyError)


def test_a_rate_limit_error_carries_retry_after_once_retries_are_spent() -> None:
    sleeps: list[float] = []
    client = _client(_error(429, "slow down", **{"Retry-After": "7"}), sleeps, max_attempts=2)
    with pytest.raises(RateLimitError) as raised:
        client.get_video("v-1")
    assert raised.value.retry_after == 7.0
    assert sleeps == [7.0]


def test_500s_back_off_from_two_seconds_doubling_then_surface() -> None:
    sleeps: list[float] = []
    with pytest.raises(ServerError):
        _client(_error(500), sleeps, max_attempts=4).get_video("v-1")
    assert sleeps == [2.0, 4.0, 8.0]


@pytest.mark.parametrize("body", [b"<html>502</html>", b"", b"{}", b'{"detail": [{"msg": "x"}]}'])
def test_bodies_without_a_text_detail_still_give_the_status(body: bytes) -> None:
    client = _client(lambda request: httpx.Response(502, content=body))
    with pytest.raises(ServerError) as raised:
        client.get_video("v-1")
    assert raised.value.status_code == 502
    assert raised.value.detail is None


def test_a_network_fault_is_a_transport_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(KnowlifyTransportError):
        _client(refuse).get_video("v-1")


@pytest.mark.parametrize("size", [0, 51])
def test_batches_outside_1_to_50_are_refused_before_sending(size: int) -> None:
    sent: list[httpx.Request] = []
    client = _client(lambda request: sent.append(request) or httpx.Response(200, json={}))
    with pytest.raises(RequestValidationError, match=f"this one has {size}"):
        client.create_videos([{"task": "t"}] * size)
    assert sent == []


def test_resubmit_sends_only_the_failed_items_and_maps_indexes_back() -> None:
    bodies: list[object] = []
    answers = iter(
        [
            {"results": [
                {"index": 0, "status": "queued", "uuid": "u0"},
                {"index": 1, "status": "error", "code": "ITEM_FAILED", "message": "m1"},
                {"index": 2, "status": "error", "code": "ITEM_FAILED", "message": "m2"},
            ]},
            {"results": [{"index": 0, "status": "queued"}, {"index": 1, "status": "parked",
                                                            "queue_position": 1}]},
        ]
    )  # fmt: skip

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json=next(answers))

    client = _client(handler)
    batch = client.create_videos([{"task": "a"}, {"task": "b"}, {"task": "c"}])
    assert [(f.index, f.code, f.message) for f in batch.failures] == [
        (1, "ITEM_FAILED", "m1"),
        (2, "ITEM_FAILED", "m2"),
    ]
    again = client.resubmit_failed(batch)
    assert bodies[1] == {"videos": [{"task": "b"}, {"task": "c"}]}
    assert [(row.index, row.status, row.queue_position) for row in again.rows] == [
        (1, "queued", None),
        (2, "parked", 1),
    ]


def test_one_idempotency_key_per_edit_reused_by_its_retries() -> None:
    keys: list[str | None] = []
    statuses = iter([500, 200, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers.get("Idempotency-Key"))
        return httpx.Response(next(statuses), json={"edit_id": "e-1", "status": "queued"})

    client = _client(handler)
    client.create_edit("v-1", "shorter")
    client.create_edit("v-1", "longer")
    assert keys[0] == keys[1]
    assert keys[2] not in (None, keys[0])


def test_the_key_stays_with_its_origin_on_a_redirect() -> None:
    seen: dict[str, str | None] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[str(request.url)] = request.headers.get("X-API-Key")
        if request.url.host == "127.0.0.1":
            return httpx.Response(307, headers={"Location": "http://127.0.0.2:9/v1/videos/v-1"})
        return httpx.Response(200, json={"uuid": "v-1", "status": "queued"})

    _client(handler).get_video("v-1")
    assert seen == {
        "http://127.0.0.1:9/v1/videos/v-1": KEY,
        "http://127.0.0.2:9/v1/videos/v-1": None,
    }


def test_no_repr_or_message_shows_the_key() -> None:
    client = _client(_error(401, "Invalid or missing API key"))
    with pytest.raises(AuthenticationError) as raised:
        client.get_video("v-1")
    shown = [repr(client), str(client), repr(raised.value), str(raised.value)]
    shown += [repr(raised.value.request), repr(raised.value.response), repr(vars(client))]
    assert not any(KEY in text for text in shown)
