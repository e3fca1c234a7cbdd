"""Harness (a): the reference client passes everything; every fault is caught on its rules.

A harness problem (a factory that raises, an answer outside the protocol, a client that hangs
or calls a host no scenario serves) gives ``error``, never ``pass``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from client_support import KEY, bad, observations, scenarios_for, verdicts

from conformance.client.inprocess import play_in_process
from conformance.client.scenarios import load_scenarios, parse_scenarios
from conformance.config import SuiteConfig
from conformance.contract.catalogue import load_catalogue
from conformance.reference.client import KnowlifyClient, Policies
from conformance.reference.client._policies import RetryPolicy
from conformance.reference.client.adapter import ReferenceAdapter, factory
from conformance.reference.client.faults import FAULTS
from conformance.results import build_results
from conformance.verdicts import Verdict

CLIENT_IDS = {r.id for r in load_catalogue().for_side("client")}


def test_the_reference_client_passes_every_client_requirement() -> None:
    found = observations(play_in_process(factory, load_scenarios(), api_key=KEY))
    assert {o.verdict for o in found} == {Verdict.PASS}, [o.message for o in found]
    results = build_results(SuiteConfig(profile="strict"), found, side="client", target="ref")
    assert results["verdict"] == "pass"
    assert {row["id"] for row in results["requirements"] if row["verdict"] == "pass"} == CLIENT_IDS


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_is_caught_on_exactly_the_requirements_it_breaks(name: str) -> None:
    fault = FAULTS[name]
    found = observations(play_in_process(fault.factory, load_scenarios(), api_key=KEY))
    assert bad(found) == fault.breaks
    assert all(o.verdict is not Verdict.ERROR for o in found)


def test_every_client_requirement_is_shown_to_fail_on_some_fault() -> None:
    assert set().union(*(fault.breaks for fault in FAULTS.values())) == CLIENT_IDS


def test_faults_are_reachable_by_their_python_spec() -> None:
    from conformance.client.runner import resolve_factory

    for fault in FAULTS.values():
        assert callable(resolve_factory(fault.python_spec)), fault.name
        assert fault.breaks <= CLIENT_IDS
        assert fault.name == fault.name.lower()
        assert " " not in fault.name


class _NeverRetry(RetryPolicy):
    def should_retry(self, status_code: int, attempt: int) -> bool:
        return False


def _never_retries(*, base_url: str, api_key: str, sleep: Callable[[float], None]) -> Any:
    policies = Policies(retry=_NeverRetry())
    return ReferenceAdapter(
        KnowlifyClient(api_key, base_url=base_url, sleep=sleep, policies=policies)
    )


def test_a_client_that_never_retries_fails_the_retry_rules_and_passes_none_of_them() -> None:
    found = verdicts(observations(play_in_process(_never_retries, load_scenarios(), api_key=KEY)))
    assert found["CLI-RETRY-004"] == {Verdict.FAIL}
    assert Verdict.FAIL in found["CLI-RETRY-005"]
    assert found["CLI-RETRY-006"] == {Verdict.SKIP}  # no retry, so no bound was exercised
    assert Verdict.PASS not in found["CLI-IDEM-001"]  # nothing was retried: not judged


def test_a_factory_that_raises_is_an_error_for_every_requirement() -> None:
    def broken(**_: Any) -> Any:
        raise RuntimeError("no SDK here")

    found = observations(play_in_process(broken, scenarios_for({"CLI-SEC-001"}), api_key=KEY))
    assert {o.verdict for o in found} == {Verdict.ERROR}
    assert "the factory raised RuntimeError: no SDK here" in found[0].message


class _Scripted:
    def __init__(self, perform: Callable[..., Any]) -> None:
        self.perform = perform


def test_an_answer_outside_the_protocol_is_an_error_not_a_verdict() -> None:
    adapter = _Scripted(lambda *_: {"status": "done"})
    found = observations(
        play_in_process(lambda **_: adapter, scenarios_for({"CLI-ERR-001"}), api_key=KEY)
    )
    assert {o.verdict for o in found} == {Verdict.ERROR}
    assert 'needs "ok": true or false' in found[0].message


def test_a_client_that_hangs_is_an_error_and_the_run_goes_on() -> None:
    release = threading.Event()
    text = (
        "schema_version: 1\nscenarios:\n  - id: SCN-HANG\n    summary: s\n"
        "    proves: [CLI-SEC-001]\n    steps:\n      - operation: get_edit\n"
        "        arguments: {edit_id: e-1}\n        responses: [{status: 200, json: {}}]\n"
        "        expect: {outcome: ok, timeout_seconds: 0.3}\n"
    )
    adapter = _Scripted(lambda *_: release.wait(30))
    try:
        found = observations(
            play_in_process(lambda **_: adapter, parse_scenarios(text.encode()), api_key=KEY)
        )
    finally:
        release.set()
    assert [o.verdict for o in found] == [Verdict.ERROR]
    assert "did not return within 0.3 s" in found[0].message


def test_a_request_to_a_host_no_scenario_serves_is_an_error() -> None:
    import httpx

    def stray(*_: Any) -> Mapping[str, Any]:
        httpx.get("http://127.0.0.9:9/elsewhere")
        return {"ok": True, "result": {}}

    found = observations(
        play_in_process(lambda **_: _Scripted(stray), scenarios_for({"CLI-VAL-001"}), api_key=KEY)
    )
    assert {o.verdict for o in found} == {Verdict.ERROR}
    assert "no scenario serves" in found[0].message


def test_an_sdk_crash_is_the_clients_outcome_and_fails_it() -> None:
    import httpx

    from conformance.client.inprocess import BASE_URLS

    def crash(*_: Any) -> Mapping[str, Any]:
        httpx.get(f"{BASE_URLS['main']}/v1/videos/v-1")  # the request is on the wire
        raise KeyError("detail")

    found = observations(
        play_in_process(lambda **_: _Scripted(crash), scenarios_for({"CLI-ERR-002"}), api_key=KEY)
    )
    assert Verdict.FAIL in verdicts(found)["CLI-ERR-002"]
    assert Verdict.PASS not in verdicts(found)["CLI-ERR-002"]


def test_no_observation_or_evidence_ever_holds_the_key() -> None:
    for name in ("key-in-query", "key-in-error-message", "forwards-key-on-redirect"):
        found = observations(play_in_process(FAULTS[name].factory, load_scenarios(), api_key=KEY))
        assert KEY not in repr([o.as_dict() for o in found])
