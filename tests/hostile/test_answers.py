"""Minor items on what a hostile server answers: encoded key echoes, bytes that are not UTF-8,
two Content-Type headers, a non-ASCII header byte.

Today an echo of the key URL-encoded, in base64, in hex or split in two went into reports
unmasked; a body of invalid UTF-8 passed the envelope check (decoded with replacement
characters); duplicate Content-Types were judged on the first; a header byte above 127 gave
"unexpected error: UnicodeEncodeError".
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import pytest
from hostile_server import Behaviour, HostileServer, Request, answer, head
from hostile_support import KEY, OpenHarness, RunSuite, assert_honest

from conformance.exchange import redact_text
from conformance.failures import ConformanceFailure
from conformance.oracles.envelope import error_body_is_envelope, error_is_json

Start = Callable[[Behaviour], HostileServer]


def _encoded_echoes() -> list[str]:
    raw = KEY.encode()
    return [
        "".join(f"%{byte:02X}" for byte in raw),  # URL-encoded, every byte
        raw.hex(),
        base64.b64encode(b"x-api-key: " + raw).decode(),  # inside a longer base64 text
        base64.urlsafe_b64encode(b"k=" + raw).decode(),
        KEY.upper(),
    ]


@pytest.mark.parametrize(
    "echo", _encoded_echoes(), ids=["percent", "hex", "b64", "b64url", "upper"]
)
def test_an_encoded_echo_of_the_key_is_masked(echo: str) -> None:
    masked = redact_text(f"detail: {echo}!", {"keys.personal": KEY})
    assert "[REDACTED:keys.personal]" in masked


def test_echoes_of_the_key_never_reach_a_report(hostile: Start, run_suite: RunSuite) -> None:
    """Every form at once, and the key split in two halves, in a body the reports show."""
    halves = f"{KEY[:34]} and {KEY[34:]}"
    server = hostile(answer(200, {"detail": " ".join([*_encoded_echoes(), halves])}))
    run = run_suite(server.url, "-k", "test_auth", timeout=60)
    assert_honest(run)
    document = json.dumps(run.results)
    for echo in [*_encoded_echoes(), KEY[:34], KEY[34:]]:
        assert echo not in document
        assert echo not in run.out + run.err


def _one(raw: bytes, *headers: tuple[str, str]) -> Behaviour:
    def behave(connection, request: Request, server: HostileServer) -> None:  # type: ignore[no-untyped-def]
        connection.sendall(head(404, [*headers, ("Content-Length", str(len(raw)))]) + raw)

    return behave


def test_a_body_that_is_not_utf8_is_not_an_envelope(
    hostile: Start, harness_on: OpenHarness
) -> None:
    server = hostile(_one(b'{"detail": "caf\xe9"}', ("Content-Type", "application/json")))
    exchange = harness_on(server.url).get("/v1/videos/x")
    with pytest.raises(ConformanceFailure, match="not valid UTF-8"):
        error_body_is_envelope(exchange)


def test_every_content_type_is_judged(hostile: Start, harness_on: OpenHarness) -> None:
    json_and_html = [("Content-Type", "application/json"), ("Content-Type", "text/html")]
    server = hostile(_one(b'{"detail": "x"}', *json_and_html))
    exchange = harness_on(server.url).get("/v1/videos/x")
    with pytest.raises(ConformanceFailure, match="2 Content-Type headers"):
        error_is_json(exchange)
    assert exchange.as_evidence()["response"]["headers"]["content-type"] == (
        "application/json, text/html"
    )


def test_a_non_ascii_header_byte_is_read_not_an_unexpected_error(
    hostile: Start, harness_on: OpenHarness
) -> None:
    raw = b'{"detail": "x"}'
    server = hostile(_one(raw, ("Content-Type", "application/json"), ("X-Odd", "caf\xe9")))
    exchange = harness_on(server.url).get("/v1/videos/x")
    assert exchange.response_header("x-odd") == "caf\xe9"
    error_is_json(exchange)
    error_body_is_envelope(exchange)
