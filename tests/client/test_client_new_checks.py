"""The checks the fixed scenarios missed: a fixed backoff that ignores Retry-After, and a
successful answer surfaced with values the server never sent. Both are caught in both
harnesses, written here as plain SDK wrappers (not the named faults) so that they run against
any version of the suite."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from client_support import KEY, around_reference, observations, verdicts

from conformance.client.crosslang import play_with_adapter
from conformance.client.inprocess import play_in_process
from conformance.client.scenarios import load_scenarios
from conformance.reference.client import KnowlifyClient, Policies
from conformance.reference.client._policies import RetryPolicy
from conformance.reference.client.adapter import ReferenceAdapter
from conformance.verdicts import Verdict

FIXED_BACKOFF_SECONDS = 2.5


class _FixedBackoff(RetryPolicy):
    """Waits 2.5 s before every retry, whatever the answer said."""

    def delay(self, response: httpx.Response, attempt: int) -> float:
        return FIXED_BACKOFF_SECONDS


def fixed_backoff(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> Any:
    policies = Policies(retry=_FixedBackoff())
    return ReferenceAdapter(
        KnowlifyClient(api_key, base_url=base_url, sleep=sleep, policies=policies)
    )


def _garbage(operation: str, arguments: Any, call: Callable[[], dict[str, Any]]) -> Any:
    outcome = call()
    if outcome["ok"] and "status" in outcome["result"]:
        outcome["result"] = {**outcome["result"], "status": "ok"}
    return outcome


garbage_results = around_reference(_garbage)


def _rate_limit_scenarios() -> list[Any]:
    return [s for s in load_scenarios() if "CLI-RETRY-004" in s.proves]


def test_a_fixed_backoff_ignoring_retry_after_fails_cli_retry_004_in_process() -> None:
    found = verdicts(observations(play_in_process(fixed_backoff, load_scenarios(), api_key=KEY)))
    assert found["CLI-RETRY-004"] == {Verdict.FAIL}


def test_a_fixed_backoff_ignoring_retry_after_fails_cli_retry_004_through_an_adapter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    command = [sys.executable, "-m", "conformance.client.jsonlines", f"{__name__}:fixed_backoff"]
    runs = play_with_adapter(command, _rate_limit_scenarios(), api_key=KEY, workers=2)
    assert Verdict.FAIL in verdicts(observations(runs))["CLI-RETRY-004"]


def test_a_client_returning_garbage_for_a_success_fails_in_both_harnesses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = verdicts(observations(play_in_process(garbage_results, load_scenarios(), api_key=KEY)))
    assert found["CLI-RES-001"] == {Verdict.FAIL}
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    command = [sys.executable, "-m", "conformance.client.jsonlines", f"{__name__}:garbage_results"]
    revert = [s for s in load_scenarios() if s.id == "SCN-REVERT-OK"]
    assert verdicts(observations(play_with_adapter(command, revert, api_key=KEY)))[
        "CLI-RES-001"
    ] == {Verdict.FAIL}


def _skip_resubmit(operation: str, arguments: Any, call: Callable[[], dict[str, Any]]) -> Any:
    if operation == "resubmit_failed":
        return {"ok": True, "result": {"results": [], "failed": []}}
    return call()


never_resubmits = around_reference(_skip_resubmit)


def test_nothing_resubmitted_fails_cli_item_002_and_leaves_cli_item_003_unjudged() -> None:
    chosen = [s for s in load_scenarios() if "CLI-ITEM-003" in s.proves]
    found = verdicts(observations(play_in_process(never_resubmits, chosen, api_key=KEY)))
    assert found["CLI-ITEM-002"] == {Verdict.FAIL}
    assert found["CLI-ITEM-003"] == {Verdict.SKIP}


def test_a_client_that_stops_at_the_429_is_not_blamed_for_the_result_it_never_got() -> None:
    from test_client_inprocess import _never_retries

    chosen = [s for s in load_scenarios() if s.id == "SCN-RETRY-429-THEN-200"]
    found = verdicts(observations(play_in_process(_never_retries, chosen, api_key=KEY)))
    assert found["CLI-RETRY-004"] == {Verdict.FAIL}
    assert found["CLI-RES-001"] == {Verdict.SKIP}


class _NoBackoffOnPost(RetryPolicy):
    """Backs off as told on GETs, retries a POST's 500 at once."""

    def delay(self, response: httpx.Response, attempt: int) -> float:
        if response.request.method == "POST" and response.status_code >= 500:
            return 0.0
        return super().delay(response, attempt)


def test_the_500_backoff_is_judged_on_posts_too() -> None:
    def make(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> Any:
        policies = Policies(retry=_NoBackoffOnPost())
        client = KnowlifyClient(api_key, base_url=base_url, sleep=sleep, policies=policies)
        return ReferenceAdapter(client)

    found = verdicts(observations(play_in_process(make, load_scenarios(), api_key=KEY)))
    assert Verdict.FAIL in found["CLI-RETRY-005"]
