"""Which fault wins when a request has several (decisions.md: precedence).

The docs do not state a check order, so these are SHOULDs: 401 -> 429 -> 422 (not JSON) ->
400 -> 404 / 403 -> 409 -> 402 -> SSRF 422 / 415. Every probe here is refused by a conformant
server, so none spends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ..contract.constants import API_KEY_HEX_LENGTH, API_KEY_PREFIX, EDIT_REQUEST_MAX_LENGTH
from ..exchange import Exchange
from ..failures import NotApplicable
from ..harness import Harness
from ..oracles import expect_status
from .bodies import (
    EDITS,
    UNKNOWN_ID,
    VIDEOS,
    edit_body,
    edit_path,
    revert_path,
    video_path,
    videos_body,
)

requirement = pytest.mark.requirement
_JSON = {"Content-Type": "application/json"}
_TOO_LONG = "x" * (EDIT_REQUEST_MAX_LENGTH + 1)

# A fault that would get its own status (named in the id) with valid credentials.
Probe = Callable[[Harness, str | None], Exchange]


def _send(method: str, path: Callable[[Harness], str], **kwargs: Any) -> Probe:
    def probe(knowlify: Harness, key: str | None) -> Exchange:
        return knowlify.request(method, path(knowlify), key=key, pace=False, **kwargs)

    return probe


def _edit(video: Callable[[Harness], str], **fields: Any) -> Probe:
    def probe(knowlify: Harness, key: str | None) -> Exchange:
        body = edit_body(video(knowlify), **fields)
        return knowlify.post(EDITS, key=key, json=body, pace=False)

    return probe


def _fixture(name: str) -> Callable[[Harness], str]:
    return lambda knowlify: knowlify.fixture(name)


def _literal(value: str) -> Callable[[Harness], str]:
    return lambda knowlify: value


FAULTS: dict[str, Probe] = {
    "422-videos-not-json": _send("POST", _literal(VIDEOS), content=b'{"videos": [', headers=_JSON),
    "400-videos-field": _send("POST", _literal(VIDEOS), json=videos_body(task="")),
    "404-unknown-video": _send("GET", _literal(video_path(UNKNOWN_ID))),
    "403-foreign-video": _send("GET", lambda k: video_path(k.fixture("videos.other_account"))),
    "422-edit-not-json": _send("POST", _literal(EDITS), content=b'{"video_uuid": ', headers=_JSON),
    "400-edit-field": _edit(_literal(UNKNOWN_ID), edit_request=""),
    "409-building-video": _edit(_fixture("videos.building")),
    "404-unknown-revert": _send("POST", _literal(revert_path(UNKNOWN_ID))),
    "403-foreign-edit": _send("GET", lambda k: edit_path(k.fixture("edits.other_account"))),
}  # fmt: skip

# Credentials that must be refused whatever else is wrong.
CREDENTIALS: dict[str, Callable[[Harness], str | None]] = {
    "no-key": lambda knowlify: None,
    "malformed-key": _literal("kn_YOUR_KEY_HERE"),
    "never-issued-key": _literal(API_KEY_PREFIX + "0" * API_KEY_HEX_LENGTH),
    "revoked-key": _fixture("keys.revoked"),
}


@requirement("PREC-001")
@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
@pytest.mark.parametrize("credential", CREDENTIALS.values(), ids=CREDENTIALS.keys())
def test_bad_credentials_win_over_every_other_fault(
    knowlify: Harness, credential: Callable[[Harness], str | None], fault: Probe
) -> None:
    exchange = fault(knowlify, credential(knowlify))
    expect_status(exchange, 401, requirement="PREC-001", why="bad credentials and another fault")


# Faults sent once the caller's bucket is spent, per bucket.
EXHAUSTED: dict[str, list[str]] = {
    "videos": ["422-videos-not-json", "400-videos-field", "404-unknown-video"],
    "edits": ["422-edit-not-json", "400-edit-field", "404-unknown-revert"],
}


@pytest.mark.knowlify_last
@requirement("PREC-002")
@pytest.mark.parametrize("bucket", ["edits", "videos"])
def test_exhausted_bucket_wins_over_request_faults(knowlify: Harness, bucket: str) -> None:
    key = knowlify.fixture("keys.precedence_probe")
    limit = getattr(knowlify.config.rate_limits, bucket)
    path = edit_path(UNKNOWN_ID) if bucket == "edits" else video_path(UNKNOWN_ID)
    for _ in range(limit + 1):
        if knowlify.get(path, key=key, pace=False).status_code == 429:
            break
    else:
        raise NotApplicable(
            f"{limit + 1} GETs of an unknown object did not spend the {bucket} "
            "bucket (its 404s may not count); no 429 to start from"
        )
    for name in EXHAUSTED[bucket]:
        exchange = FAULTS[name](knowlify, key)
        expect_status(
            exchange, 429, requirement="PREC-002", why=f"a spent {bucket} bucket and a {name} fault"
        )


@requirement("PREC-003")
@pytest.mark.parametrize("video", ["unknown", "other_account"])
def test_field_fault_wins_over_unknown_or_foreign_video(knowlify: Harness, video: str) -> None:
    target = UNKNOWN_ID if video == "unknown" else knowlify.fixture("videos.other_account")
    exchange = knowlify.post(EDITS, json=edit_body(target, edit_request=_TOO_LONG))
    expect_status(
        exchange,
        400,
        requirement="PREC-003",
        why=f"an over-long edit_request on a {video.replace('_', '-')} video",
    )


@requirement("PREC-004")
def test_foreign_building_video_is_403_not_409(knowlify: Harness) -> None:
    video = knowlify.fixture("videos.other_account_building")
    exchange = knowlify.post(EDITS, json=edit_body(video))
    expect_status(
        exchange,
        403,
        requirement="PREC-004",
        why="another account's video that is still being built",
    )


@requirement("PREC-005")
def test_building_video_is_409_before_credits(knowlify: Harness) -> None:
    key = knowlify.fixture("keys.low_balance")
    video = knowlify.fixture("videos.low_balance_building")
    exchange = knowlify.post(EDITS, key=key, json=edit_body(video))
    expect_status(
        exchange,
        409,
        requirement="PREC-005",
        why="a low-balance account editing its video that is still being built",
    )


# Reference image URLs a conformant server refuses (SSRF 422 or media 415) on their own.
BAD_IMAGES: dict[str, Callable[[Harness], str]] = {
    "loopback": _literal("https://127.0.0.1/a.png"),
    "http": _literal("http://images.example/a.png"),
    "text-html": _fixture("image_urls.wrong_type"),
}


@requirement("PREC-006")
@pytest.mark.parametrize(
    "url", [BAD_IMAGES["loopback"], BAD_IMAGES["text-html"]], ids=["loopback", "text-html"]
)
def test_credits_win_over_reference_image_faults(
    knowlify: Harness, url: Callable[[Harness], str]
) -> None:
    key = knowlify.fixture("keys.low_balance")
    video = knowlify.fixture("videos.low_balance_complete")
    body = edit_body(video, reference_image_urls=[url(knowlify)])
    exchange = knowlify.post(EDITS, key=key, json=body)
    expect_status(
        exchange,
        402,
        requirement="PREC-006",
        why="a balance below the cost and a refused reference image URL",
    )


@requirement("PREC-007")
@pytest.mark.parametrize(
    "url", [BAD_IMAGES["http"], BAD_IMAGES["text-html"]], ids=["http", "text-html"]
)
def test_field_fault_wins_over_reference_image_faults(
    knowlify: Harness, url: Callable[[Harness], str]
) -> None:
    video = knowlify.fixture("videos.complete")
    body = edit_body(video, edit_request=_TOO_LONG, reference_image_urls=[url(knowlify)])
    exchange = knowlify.post(EDITS, json=body)
    expect_status(
        exchange,
        400,
        requirement="PREC-007",
        why="an over-long edit_request and a refused reference image URL",
    )
