"""The error envelope on framework paths (section 4.1).

Every non-2xx answer that any test sees is also checked by the global envelope invariant
(ENV-001..ENV-005); these tests make sure the framework's own paths are among them.
"""

from __future__ import annotations

import pytest

from ..contract.constants import ENDPOINTS, Endpoint
from ..harness import DEFAULT_KEY, Harness
from ..oracles import expect_envelope, expect_status
from .bodies import UNKNOWN_ID, VIDEOS, videos_body

requirement = pytest.mark.requirement


NON_UUID_ID = "not-a-uuid"
# The polls: a non-UUID id on them costs nothing and changes nothing.
_BY_ID = [e for e in ENDPOINTS if e.method == "GET" and "{" in e.path]


def _name(path: str) -> str:
    """``/v1/edits/{edit_id}/revert`` -> ``edits-edit_id-revert``, for test ids."""
    return path.removeprefix("/v1/").replace("{", "").replace("}", "").replace("/", "-")


def _concrete(path: str) -> str:
    return path.replace("{uuid}", UNKNOWN_ID).replace("{edit_id}", UNKNOWN_ID)


@requirement("FW-001")
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.operation_id for e in ENDPOINTS])
def test_each_operation_is_routed(knowlify: Harness, endpoint: Endpoint) -> None:
    exchange = knowlify.request(endpoint.method, _concrete(endpoint.path), key=None)
    if exchange.status_code in (404, 405):
        expect_status(exchange, 401, requirement="FW-001", why="a documented operation must exist")


@requirement("AUTH-001")
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.operation_id for e in ENDPOINTS])
def test_each_operation_refuses_the_unauthenticated(knowlify: Harness, endpoint: Endpoint) -> None:
    exchange = knowlify.request(endpoint.method, _concrete(endpoint.path), key=None)
    expect_status(exchange, 401, requirement="AUTH-001", why="no credentials at all")


@requirement("FW-002")
def test_unknown_path_keeps_the_envelope(knowlify: Harness) -> None:
    exchange = knowlify.get("/v1/no-such-endpoint")
    expect_status(exchange, range(400, 500), requirement="FW-002", why="an unknown path")
    expect_envelope(exchange, requirement="FW-002")


# Methods a documented path may be called with by mistake. HEAD and OPTIONS are left out: a
# framework may serve them (HEAD as GET, OPTIONS for CORS) without breaking the contract.
_PROBE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_WRONG_METHODS = [
    (method, path)
    for path in dict.fromkeys(e.path for e in ENDPOINTS)
    for method in _PROBE_METHODS
    if method not in {e.method for e in ENDPOINTS if e.path == path}
]


@requirement("FW-003")
@pytest.mark.parametrize(
    ("method", "path"), _WRONG_METHODS, ids=[f"{m}-{_name(p)}" for m, p in _WRONG_METHODS]
)
def test_wrong_method_keeps_the_envelope(knowlify: Harness, method: str, path: str) -> None:
    # A live server may have undocumented (dashboard) routes there: no credential goes to them,
    # so nothing can act on the account; an auth-first server's 401 must keep the envelope too.
    key = DEFAULT_KEY if knowlify.target.in_process else None
    exchange = knowlify.request(method, _concrete(path), key=key)
    expect_status(exchange, range(400, 500), requirement="FW-003", why=f"{method} on {path}")
    expect_envelope(exchange, requirement="FW-003")


@requirement("ENV-005")
@pytest.mark.parametrize("endpoint", _BY_ID, ids=[e.operation_id for e in _BY_ID])
def test_a_non_uuid_path_id_gets_a_documented_status(knowlify: Harness, endpoint: Endpoint) -> None:
    # The path parameter is a string; an id that cannot exist is simply not found.
    path = endpoint.path.replace("{uuid}", NON_UUID_ID).replace("{edit_id}", NON_UUID_ID)
    exchange = knowlify.request(endpoint.method, path)
    expect_status(
        exchange,
        endpoint.error_statuses | {200},
        requirement="ENV-005",
        why=f"{endpoint.operation_id} with the path id {NON_UUID_ID!r}",
    )


@requirement("FW-004")
def test_unhandled_exception_is_a_500_envelope(knowlify: Harness) -> None:
    knowlify.sandbox_only("provoking an unhandled exception")
    marker = knowlify.fixture("markers.server_error")
    exchange = knowlify.post(VIDEOS, json=videos_body(task=f"Trigger {marker}"))
    expect_status(exchange, 500, requirement="FW-004", why="the sandbox's server-error marker")
    expect_envelope(exchange, requirement="FW-004")
