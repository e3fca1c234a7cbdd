"""A client that validates before sending is judged on the answers it got, not blamed for them.

Generated SDKs refuse what the OpenAPI enums and bounds forbid (``aspect_ratio "4:3"``) before
any request leaves. Where no request was sent, the rules about answers (CLI-ERR-001,
CLI-RETRY-001) are not applicable; the scenarios that need a request on the wire script a
fault only the server can see, so such a client is still judged there, in both harnesses.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from client_support import KEY, around_reference, observations, scenarios_for, verdicts

from conformance.client.crosslang import play_with_adapter
from conformance.client.inprocess import play_in_process
from conformance.client.protocol import error_outcome
from conformance.client.scenarios import load_scenarios, parse_scenarios
from conformance.contract.constants import (
    ASPECT_RATIOS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
)
from conformance.verdicts import Verdict

ANSWER_RULES = ("CLI-ERR-001", "CLI-RETRY-001")


def _validate(operation: str, arguments: Any, call: Callable[[], dict[str, Any]]) -> Any:
    """Refuses what the OpenAPI document forbids, as a generated client does."""
    items = list(arguments.get("videos") or [])
    ratios = [item.get("aspect_ratio") for item in items] + [arguments.get("aspect_ratio")]
    durations = [item.get("video_duration_seconds", 60) for item in items]
    if any(r is not None and r not in ASPECT_RATIOS for r in ratios) or any(
        not DURATION_MIN_SECONDS <= d <= DURATION_MAX_SECONDS for d in durations
    ):
        return error_outcome(
            type_name="ValueError", status=None, detail=None, message="invalid value"
        )
    return call()


validating = around_reference(_validate)


def test_a_validating_client_passes_the_answer_rules_in_process() -> None:
    found = verdicts(observations(play_in_process(validating, load_scenarios(), api_key=KEY)))
    for requirement in ANSWER_RULES:
        assert found[requirement] == {Verdict.PASS}, requirement


def test_a_validating_client_passes_the_answer_rules_through_an_adapter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    command = [sys.executable, "-m", "conformance.client.jsonlines", f"{__name__}:validating"]
    chosen = [s for s in scenarios_for(ANSWER_RULES) if s.steps[0].responses[0].status < 500]
    found = verdicts(observations(play_with_adapter(command, chosen, api_key=KEY, workers=2)))
    for requirement in ANSWER_RULES:
        assert found[requirement] == {Verdict.PASS}, requirement


def test_an_answer_rule_without_a_request_on_the_wire_is_not_applicable() -> None:
    text = (
        "schema_version: 1\nscenarios:\n  - id: SCN-REFUSED\n    summary: s\n"
        "    proves: [CLI-ERR-001, CLI-RETRY-001]\n    steps:\n"
        "      - operation: create_videos\n"
        '        arguments: {videos: [{task: t, aspect_ratio: "4:3"}]}\n'
        "        responses: [{status: 400, json: {detail: bad ratio}}]\n"
        "        expect: {outcome: error, error: {status: 400, detail: bad ratio}, attempts: 1}\n"
    )
    found = observations(play_in_process(validating, parse_scenarios(text.encode()), api_key=KEY))
    assert {o.verdict for o in found} == {Verdict.SKIP}
    assert all("no request was sent" in o.message for o in found)
