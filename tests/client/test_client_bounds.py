"""Server-error scenarios leave a client the room CLI-RETRY-006 gives it, and both harnesses
stop a runaway at the same request; a client that resets its connection is no traceback."""

from __future__ import annotations

import socket
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from client_support import KEY, observations, verdicts

from conformance.client.crosslang import play_with_adapter
from conformance.client.inprocess import play_in_process
from conformance.client.loopback import ScenarioServer
from conformance.client.scenarios import RETRY_BOUND, load_scenarios
from conformance.reference.client import KnowlifyClient, Policies
from conformance.reference.client._policies import RetryPolicy
from conformance.reference.client.adapter import ReferenceAdapter
from conformance.verdicts import Verdict

SERVER_ERROR_SCENARIOS = ("SCN-ERR-HTML-502", "SCN-ERR-EMPTY-500")


class _SixAttempts(RetryPolicy):
    """Retries any 5xx up to six attempts, whatever the caller asks, without waiting."""

    retried_statuses = frozenset({429, 500, 502, 503})

    def __init__(self, attempts: int = RETRY_BOUND) -> None:
        super().__init__(max_attempts=attempts)

    def with_max_attempts(self, max_attempts: int) -> RetryPolicy:
        return self

    def delay(self, *_: Any) -> float:
        return 0.0


class _Forever(_SixAttempts):
    def should_retry(self, status_code: int, attempt: int) -> bool:
        return status_code in self.retried_statuses


def _factory(policy: RetryPolicy) -> Callable[..., Any]:
    def make(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> Any:
        client = KnowlifyClient(
            api_key, base_url=base_url, sleep=sleep, policies=Policies(retry=policy)
        )
        return ReferenceAdapter(client)

    return make


six_attempts = _factory(_SixAttempts())
forever = _factory(_Forever())


def _chosen() -> list[Any]:
    return [s for s in load_scenarios() if s.id in SERVER_ERROR_SCENARIOS]


def _adapter(name: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    return [sys.executable, "-m", "conformance.client.jsonlines", f"{__name__}:{name}"]


def test_a_client_retrying_5xx_up_to_the_bound_is_judged_in_process() -> None:
    runs = play_in_process(six_attempts, _chosen(), api_key=KEY)
    assert [len(run.steps[0].main_calls) for run in runs] == [RETRY_BOUND] * 2
    found = verdicts(observations(runs))
    assert found["CLI-ERR-002"] == {Verdict.PASS}
    assert found["CLI-RETRY-006"] == {Verdict.PASS}  # proved on the empty 500


def test_both_harnesses_stop_a_runaway_at_the_same_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    in_process = play_in_process(forever, _chosen(), api_key=KEY)
    adapter = play_with_adapter(_adapter("forever", monkeypatch), _chosen(), api_key=KEY)
    counts = [[len(run.steps[0].main_calls) for run in runs] for runs in (in_process, adapter)]
    assert counts == [[RETRY_BOUND + 1] * 2] * 2
    for runs in (in_process, adapter):
        found = verdicts(observations(runs))
        assert found["CLI-RETRY-006"] == {Verdict.FAIL}
        assert found["CLI-ERR-002"] == {Verdict.SKIP}


def test_a_client_retrying_5xx_up_to_the_bound_is_judged_through_an_adapter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs = play_with_adapter(_adapter("six_attempts", monkeypatch), _chosen(), api_key=KEY)
    found = verdicts(observations(runs))
    assert found["CLI-ERR-002"] == {Verdict.PASS}
    assert found["CLI-RETRY-006"] == {Verdict.PASS}


def test_a_connection_reset_by_the_client_prints_no_traceback(
    capfd: pytest.CaptureFixture[str],
) -> None:
    server = ScenarioServer()
    try:
        server.begin(load_scenarios()[0].steps[0])
        host, port = server.base_urls["main"].removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as connection:
            connection.sendall(
                b"POST /v1/videos HTTP/1.1\r\nHost: x\r\nContent-Length: 900\r\n\r\n{"
            )
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(0.3)
    finally:
        server.close()
    assert "Traceback" not in capfd.readouterr().err
