"""Harness (b): adapter commands over JSON lines against loopback scenario servers.

The reference client's Python adapter and the Node.js example pass every scenario; faults are
caught through the adapter too; an adapter that crashes, hangs or prints garbage gives
``error`` with a clear message, within its deadline, never a pass.
"""

from __future__ import annotations

import os
import shutil

import pytest
from client_support import (
    KEY,
    NODE_ADAPTER,
    REFERENCE_ADAPTER,
    bad,
    observations,
    scenarios_for,
    test_adapter,
)

from conformance.client.crosslang import play_with_adapter, preflight
from conformance.client.runner import ClientHarnessError
from conformance.client.scenarios import load_scenarios, parse_scenarios
from conformance.reference.client.adapter import FAULT_ENVIRONMENT_VARIABLE
from conformance.reference.client.faults import FAULTS
from conformance.verdicts import Verdict

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def test_the_reference_adapter_passes_every_scenario() -> None:
    found = observations(play_with_adapter(REFERENCE_ADAPTER, load_scenarios(), api_key=KEY))
    assert {o.verdict for o in found} == {Verdict.PASS}, [o.message for o in found]


@needs_node
def test_the_node_example_passes_every_scenario() -> None:
    found = observations(play_with_adapter(NODE_ADAPTER, load_scenarios(), api_key=KEY))
    assert {o.verdict for o in found} == {Verdict.PASS}, [o.message for o in found]


@pytest.mark.parametrize(
    ("name", "scenario_ids"),
    [
        ("retries-bad-request", {"SCN-ERR-400-VERBATIM", "SCN-ERR-TEXT-400"}),
        ("crashes-on-html", {"SCN-ERR-HTML-502", "SCN-ERR-TEXT-400"}),
        ("loses-detail", {"SCN-ERR-401-VERBATIM", "SCN-ERR-409-NON-ASCII"}),
        ("forwards-key-on-redirect", {"SCN-SEC-REDIRECT-OTHER-HOST"}),
        ("fresh-key-per-retry", {"SCN-IDEM-EDIT-500-THEN-200"}),
        ("ignores-retry-after", {"SCN-RETRY-429-THEN-200"}),
        ("backs-off-ignoring-retry-after", {"SCN-RETRY-429-THEN-200"}),
        ("reads-state-not-status", {"SCN-REVERT-OK"}),
        ("resubmits-whole-batch", {"SCN-ITEM-PARTIAL-FAILURE"}),
    ],
)
def test_faults_are_caught_through_the_adapter_command_too(
    name: str, scenario_ids: set[str]
) -> None:
    chosen = [s for s in load_scenarios() if s.id in scenario_ids]
    command = [*REFERENCE_ADAPTER, "--fault", name]
    found = observations(play_with_adapter(command, chosen, api_key=KEY))
    proved = {req for s in chosen for req in s.proves}
    assert bad(found) == FAULTS[name].breaks & proved
    assert FAULTS[name].breaks & proved


def test_the_fault_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(os.environ, FAULT_ENVIRONMENT_VARIABLE, "loses-detail")
    chosen = [s for s in load_scenarios() if s.id == "SCN-ERR-401-VERBATIM"]
    found = observations(play_with_adapter(REFERENCE_ADAPTER, chosen, api_key=KEY))
    assert bad(found) == {"CLI-ERR-001"}


def test_an_adapter_that_dies_at_once_fails_the_preflight_with_its_stderr() -> None:
    with pytest.raises(ClientHarnessError) as refused:
        preflight(test_adapter("crash_at_once"), api_key=KEY)
    message = str(refused.value)
    assert "exited (code 3)" in message
    assert "cannot load the SDK (simulated)" in message


def test_a_missing_program_fails_the_preflight() -> None:
    with pytest.raises(ClientHarnessError, match="cannot start the adapter command"):
        preflight(["/nonexistent/adapter-binary"], api_key=KEY)


@pytest.mark.parametrize(
    ("adapter", "complaint"),
    [
        ("garbage", "not a protocol answer"),
        ("wrong_shape", 'needs "ok": true or false'),
        ("crash_at_once", "exited (code 3)"),
        ("closes_stdout", "closed its stdout without answering"),
    ],
)
def test_a_misbehaving_adapter_is_an_error_never_a_pass(adapter: str, complaint: str) -> None:
    found = observations(
        play_with_adapter(test_adapter(adapter), scenarios_for({"CLI-ERR-001"}), api_key=KEY)
    )
    assert {o.verdict for o in found} == {Verdict.ERROR}
    assert all(complaint in o.message for o in found)


def test_a_hanging_adapter_is_stopped_at_the_step_deadline() -> None:
    text = (
        "schema_version: 1\nscenarios:\n  - id: SCN-HANG\n    summary: s\n"
        "    proves: [CLI-SEC-001]\n    steps:\n      - operation: get_edit\n"
        "        arguments: {edit_id: e-1}\n        responses: [{status: 200, json: {}}]\n"
        "        expect: {outcome: ok, timeout_seconds: 1}\n"
    )
    found = observations(
        play_with_adapter(
            test_adapter("hangs"), parse_scenarios(text.encode()), api_key=KEY, startup_allowance=0
        )
    )
    assert [o.verdict for o in found] == [Verdict.ERROR]
    assert "no answer within 1 s" in found[0].message


def test_an_adapter_that_prints_the_key_never_gets_it_into_our_output() -> None:
    found = observations(
        play_with_adapter(
            test_adapter("leaks_key_and_dies"), scenarios_for({"CLI-VAL-001"}), api_key=KEY
        )
    )
    assert {o.verdict for o in found} == {Verdict.ERROR}
    assert "[REDACTED]" in found[0].message
    assert KEY not in repr([o.as_dict() for o in found])


def test_the_fault_name_may_be_spelt_as_its_attribute() -> None:
    """``--fault retries_bad_request`` as in ``faults:retries_bad_request`` (issue 15)."""
    chosen = [s for s in load_scenarios() if s.id == "SCN-ERR-400-VERBATIM"]
    command = [*REFERENCE_ADAPTER, "--fault", FAULTS["retries-bad-request"].attribute]
    found = observations(play_with_adapter(command, chosen, api_key=KEY))
    assert bad(found) == FAULTS["retries-bad-request"].breaks & set(chosen[0].proves)
    assert bad(found)
