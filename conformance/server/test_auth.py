"""Credentials (section 2): who is let in, and who gets 401."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest

from ..contract.constants import (
    API_KEY_HEADER,
    API_KEY_HEX_LENGTH,
    API_KEY_PREFIX,
    AUTHORIZATION_HEADER,
    DOCS_SAMPLE_API_KEY,
    ENDPOINTS,
    Endpoint,
)
from ..failures import ConformanceFailure, NotApplicable
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
        path = _unknown_path(endpoint)
        exchange = knowlify.request(endpoint.method, path, json={})
        if exchange.status_code == 403 and UNKNOWN_ID in path:
            # An ID nobody owns: a 403 there is the not-found rules' to judge (VID-POLL-010,
            # EDIT-024, REV-012), not a refused key. The owned GETs above judged the key.
            continue
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


def _near_miss(key: str) -> str:
    """The key with its last hex digit changed: well-formed, and never issued."""
    last = key[-1]
    return key[:-1] + ("0" if last != "0" else "1")


NEVER_ISSUED = {
    "all-zero": lambda knowlify: API_KEY_PREFIX + "0" * API_KEY_HEX_LENGTH,
    # Catches a lookup that compares only part of the key (an indexed prefix, a truncation).
    "near-miss-of-the-configured-key": lambda knowlify: _near_miss(
        knowlify.fixture("keys.personal")
    ),
}


@requirement("AUTH-005")
@pytest.mark.parametrize("make_key", NEVER_ISSUED.values(), ids=NEVER_ISSUED.keys())
def test_never_issued_key_is_401(knowlify: Harness, make_key: Callable[[Harness], str]) -> None:
    exchange = knowlify.get(video_path(UNKNOWN_ID), key=make_key(knowlify))
    expect_status(exchange, 401, requirement="AUTH-005", why="a well-formed key never issued")


@requirement("AUTH-006")
def test_revoked_key_is_401(knowlify: Harness) -> None:
    exchange = knowlify.get(video_path(UNKNOWN_ID), key=knowlify.fixture("keys.revoked"))
    expect_status(exchange, 401, requirement="AUTH-006", why="a revoked key")


def _forged_jwt(subject: str) -> str:
    """A JWT-shaped bearer token this server never signed: HS256 header, a forged signature."""

    def part(document: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()

    claims = {"sub": subject, "role": "authenticated", "aud": "authenticated"}
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.Zm9yZ2VkLXNpZ25hdHVyZQ"


FORGED_JWT = _forged_jwt(UNKNOWN_ID)


@requirement("AUTH-007")
@pytest.mark.parametrize(
    "authorization",
    [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Token abc",
        "Bearer not-a-token-this-server-issued",
        f"Bearer {FORGED_JWT}",
    ],
    ids=["basic", "bearer-without-token", "other-scheme", "unknown-token", "forged-jwt"],
)
def test_bad_authorization_header_is_401(knowlify: Harness, authorization: str) -> None:
    exchange = knowlify.get(
        video_path(UNKNOWN_ID), key=None, headers={"Authorization": authorization}
    )
    expect_status(exchange, 401, requirement="AUTH-007", why=f"Authorization: {authorization}")


# Each refused credential, sent where it is refused; long and distinctive, so an echo is
# unmistakable. None is a key or token of the target's.
_ECHO_PROBES = {
    "unknown-key": {API_KEY_HEADER: API_KEY_PREFIX + "0123456789abcdef" * 4},
    "malformed-key": {API_KEY_HEADER: API_KEY_PREFIX + "0123456789abcdef" * 4 + "9"},
    "forged-bearer": {AUTHORIZATION_HEADER: f"Bearer {FORGED_JWT}"},
}


@requirement("AUTH-008")
@pytest.mark.parametrize("headers", _ECHO_PROBES.values(), ids=_ECHO_PROBES.keys())
def test_401_detail_does_not_echo_the_credential(
    knowlify: Harness, headers: dict[str, str]
) -> None:
    exchange = knowlify.post(revert_path(UNKNOWN_ID), key=None, headers=headers)
    if exchange.status_code != 401:
        raise NotApplicable(f"the credential got {exchange.status_code}, not a 401 to search")
    credential = next(iter(headers.values())).removeprefix("Bearer ")
    if credential.encode() in exchange.response_body:
        raise ConformanceFailure(
            requirement="AUTH-008",
            title="401 echoes the credential",
            message="the submitted credential appears in the response body",
            exchange=exchange,
        )
