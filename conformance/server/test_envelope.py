"""The error envelope on framework paths (section 4.1).

Every non-2xx answer that any test sees is also checked by the global envelope invariant
(ENV-001..ENV-005); these tests make sure the framework's own paths are among them.
"""

from __future__ import annotations

import pytest

from ..contract.constants import ENDPOINTS, Endpoint
from ..harness import Harness
from ..oracles import expect_envelope, expect_status
from .bodies import UNKNOWN_ID, VIDEOS, videos_body

requirement = pytest.mark.requirement


def _concrete(path: str) -> str:
    return path.replace("{uuid}", UNKNOWN_ID).replace("{edit_id}", UNKNOWN_ID)


@requirement("FW-001", "AUTH-001")
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.operation_id for e in ENDPOINTS])
def test_each_operation_is_routed_and_refuses_the_unauthenticated(
    knowlify: Harness, endpoint: Endpoint
) -> None:
    exchange = knowlify.request(endpoint.method, _concrete(endpoint.path), key=None)
    if exchange.status_code in (404, 405):
        expect_status(exchange, 401, requirement="FW-001", why="a documented operation must exist")
    expect_status(exchange, 401, requirement="AUTH-001", why="no credentials at all")


@requirement("FW-002")
def test_unknown_path_keeps_the_envelope(knowlify: Harness) -> None:
    exchange = knowlify.get("/v1/no-such-endpoint")
    expect_status(exchange, range(400, 500), requirement="FW-002", why="an unknown path")
    expect_envelope(exchange, requirement="FW-002")


@requirement("FW-003")
def test_wrong_method_keeps_the_envelope(knowlify: Harness) -> None:
    exchange = knowlify.request("DELETE", VIDEOS)
    expect_status(exchange, range(400, 500), requirement="FW-003", why="DELETE on /v1/videos")
    expect_envelope(exchange, requirement="FW-003")


@requirement("FW-004")
def test_unhandled_exception_is_a_500_envelope(knowlify: Harness) -> None:
    knowlify.sandbox_only("provoking an unhandled exception")
    marker = knowlify.fixture("markers.server_error")
    exchange = knowlify.post(VIDEOS, json=videos_body(task=f"Trigger {marker}"))
    expect_status(exchange, 500, requirement="FW-004", why="the sandbox's server-error marker")
    expect_envelope(exchange, requirement="FW-004")
