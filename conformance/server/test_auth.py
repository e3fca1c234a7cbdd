"""Credentials (section 2): who is let in, and who gets 401."""

from __future__ import annotations

import pytest

from ..contract.constants import (
    API_KEY_HEX_LENGTH,
    API_KEY_PREFIX,
    DOCS_SAMPLE_API_KEY,
    ENDPOINTS,
    Endpoint,
)
from ..failures import ConformanceFailure
from ..harness import Harness
from ..oracles import expect_status
from .bodies import UNKNOWN_ID, VIDEOS, edit_path, revert_path, video_path, videos_body

requirement = pytest.mark.requirement

# Malformed by the documented rule ^kn_[0-9a-f]{64}$; none can be a real key.
_HEX = "0123456789abcdef" * 4
MALFORMED_KEYS = {
    "no-prefix": _HEX,
    "wrong-prefix": "sk_" + _HEX,
    "63-hex": API_KEY_PREFIX + _HEX[: API_KEY_HEX_LENGTH - 1],
    "65-hex-docs-sample": DOCS_SAMPLE_API_KEY,
    "placeholder": "kn_YOUR_KEY_HERE",
    "non-hex": API_KEY_PREFIX + _HEX[:-1] + "z",
    "empty": "",
}


def _unknown_path(endpoint: Endpoint) -> str:
    return endpoint.path.replace("{uuid}", UNKNOWN_ID).replace("{edit_id}", UNKNOWN_ID)


@requirement("AUTH-002")
def test_a_valid_key_is_accepted_on_each_operation(knowlify: Harness) -> None:
    owned = {
        "getVideo": ("GET", video_path(knowlify.fixture("videos.complete"))),
        "getEdit": ("GET", edit_path(knowlify.fixture("edits.revertable"))),
    }
    for method, path in owned.values():
        exchange = knowlify.request(method, path)
        expect_status(exchange, 200, requirement="AUTH-002", why="the owner's own valid key")
    # The other operations are probed with invalid bodies: a valid key must get past auth.
    for endpoint in ENDPOINTS:
        if endpoint.operation_id in owned:
            continue
        exchange = knowlify.request(endpoint.method, _unknown_path(endpoint), json={})
        if exchange.status_code in (401, 403):
            expect_status(
                exchange, {400, 404, 409}, requirement="AUTH-002", why="a valid active key"
            )


@requirement("AUTH-003")
@pytest.mark.parametrize("key", MALFORMED_KEYS.values(), ids=MALFORMED_KEYS.keys())
def test_malformed_key_is_401(knowlify: Harness, key: str) -> None:
    exchange = knowlify.post(VIDEOS, key=key, json=videos_body())
    expect_status(exchange, 401, requirement="AUTH-003", why="a key not matching ^kn_[0-9a-f]{64}$")


@requirement("AUTH-004")
def test_upper_case_hex_key_is_401(knowlify: Harness) -> None:
    key = knowlify.fixture("keys.personal")
    shouted = API_KEY_PREFIX + key.removeprefix(API_KEY_PREFIX).upper()
    if shouted == key:
        pytest.skip("the configured key has no letters to upper-case")
    exchange = knowlify.get(video_path(UNKNOWN_ID), key=shouted)
    expect_status(exchange, 401, requirement="AUTH-004", why="the key with upper-case hex")


@requirement("AUTH-005")
def test_never_issued_key_is_401(knowlify: Harness) -> None:
    exchange = knowlify.get(video_path(UNKNOWN_ID), key=API_KEY_PREFIX + "0" * API_KEY_HEX_LENGTH)
    expect_status(exchange, 401, requirement="AUTH-005", why="a well-formed key never issued")


@requirement("AUTH-006")
def test_revoked_key_is_401(knowlify: Harness) -> None:
    exchange = knowlify.get(video_path(UNKNOWN_ID), key=knowlify.fixture("keys.revoked"))
    expect_status(exchange, 401, requirement="AUTH-006", why="a revoked key")


@requirement("AUTH-007")
@pytest.mark.parametrize(
    "authorization",
    ["Basic dXNlcjpwYXNz", "Bearer", "Token abc", "Bearer not-a-token-this-server-issued"],
    ids=["basic", "bearer-without-token", "other-scheme", "unknown-token"],
)
def test_bad_authorization_header_is_401(knowlify: Harness, authorization: str) -> None:
    exchange = knowlify.get(
        video_path(UNKNOWN_ID), key=None, headers={"Authorization": authorization}
    )
    expect_status(exchange, 401, requirement="AUTH-007", why=f"Authorization: {authorization}")


@requirement("AUTH-008")
def test_401_detail_does_not_echo_the_credential(knowlify: Harness) -> None:
    probe = API_KEY_PREFIX + "0123456789abcdef" * 4
    exchange = knowlify.post(revert_path(UNKNOWN_ID), key=probe)
    expect_status(exchange, 401, requirement="AUTH-008", why="an unknown key")

    if probe.encode() in exchange.response_body:
        raise ConformanceFailure(
            requirement="AUTH-008",
            title="401 echoes the credential",
            message="the submitted key appears in the response body",
            exchange=exchange,
        )
