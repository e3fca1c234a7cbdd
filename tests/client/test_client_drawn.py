"""Drawn server answers: valid scenarios within their budget, judged by the client oracles.

The reference client holds every rule over them in both harnesses; a faulty client is caught
with the minimal failing answer sequence; the seed is recorded and reruns the same draws.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from client_support import KEY, REFERENCE_ADAPTER
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.cli import main
from conformance.client.answers import ADAPTER, IN_PROCESS, KINDS, answer_sequences
from conformance.client.crosslang import AdapterSession
from conformance.client.drawn import play_drawn
from conformance.client.inprocess import play_in_process
from conformance.client.scenarios import RETRY_BOUND, Scenario
from conformance.contract.constants import RETRY_AFTER_HEADER
from conformance.contract.openapi import load_openapi
from conformance.reference.client.adapter import factory
from conformance.reference.client.faults import FAULTS
from conformance.reports import validate_results
from conformance.verdicts import Verdict


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(sorted(KINDS)).flatmap(lambda kind: st.tuples(st.just(kind),
       answer_sequences(kind, budget=ADAPTER))))  # fmt: skip
def test_drawn_scenarios_stay_within_their_kind_and_budget(drawn: tuple[str, Scenario]) -> None:
    kind, scenario = drawn
    assert set(scenario.proves) <= KINDS[kind][1]
    for step in scenario.steps:
        for response in step.responses:
            waits = [int(v) for k, v in response.headers if k == RETRY_AFTER_HEADER]
            assert all(ADAPTER.retry_after[0] <= w <= ADAPTER.retry_after[1] for w in waits)
        if any(response.status >= 500 for response in step.responses):
            assert step.expect.attempts or step.expect.max_attempts == RETRY_BOUND
        streak = sum(1 for response in step.responses if response.status == 500)
        assert streak <= ADAPTER.max_streak
        detail = step.expect.error_detail
        assert detail is None or 1 <= len(detail) <= 5000


_SUCCESS_SCHEMAS = {
    "create_videos": "CreateVideosResponse", "resubmit_failed": "CreateVideosResponse",
    "get_video": "Video", "create_edit": "EditAccepted", "get_edit": "Edit",
    "revert_edit": "EditReverted",
}  # fmt: skip


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(st.sampled_from(sorted(KINDS)).flatmap(answer_sequences))
def test_drawn_answers_follow_the_documented_shapes(scenario: Scenario) -> None:
    """A 200 is the operation's documented body and a JSON error with a text detail is the
    envelope: a client is never failed for rejecting what the contract does not allow."""
    components = load_openapi()["components"]
    for step in scenario.steps:
        for response in step.responses:
            try:
                body = json.loads(response.body)
            except ValueError:
                continue  # the odd bodies that are not JSON at all
            if response.status == 200:
                name = _SUCCESS_SCHEMAS[step.operation]
            elif isinstance(body, dict) and isinstance(body.get("detail"), str):
                name = "Error"
            else:
                continue
            schema = {"$ref": f"#/components/schemas/{name}", "components": components}
            jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)


def test_the_retry_after_range_is_beyond_any_fixed_2_to_3_s_backoff() -> None:
    assert IN_PROCESS.retry_after[0] > 3
    assert ADAPTER.retry_after[0] > 3


def _in_process(client: object, examples: int) -> list[object]:
    return play_drawn(
        lambda scenario: play_in_process(client, [scenario], api_key=KEY)[0],  # type: ignore[arg-type]
        api_key=KEY, seed=0, examples=examples,
    )  # fmt: skip


def test_the_reference_client_holds_every_rule_over_drawn_answers_in_process() -> None:
    drawn = _in_process(factory, 25)
    found = [o for kind in drawn for o in kind.observations]  # type: ignore[attr-defined]
    assert {o.verdict for o in found} == {Verdict.PASS}, [o.message for o in found]
    assert {o.requirement for o in found} == set().union(*(proves for _, proves in KINDS.values()))


def test_the_reference_client_holds_every_rule_over_drawn_answers_through_an_adapter() -> None:
    session = AdapterSession(REFERENCE_ADAPTER)
    try:
        drawn = play_drawn(
            lambda scenario: session.play(scenario, KEY),
            api_key=KEY, seed=0, examples=2, budget=ADAPTER,
        )  # fmt: skip
    finally:
        session.close()
    found = [o for kind in drawn for o in kind.observations]
    assert {o.verdict for o in found} == {Verdict.PASS}, [o.message for o in found]


def test_a_fault_is_caught_with_the_minimal_failing_answers() -> None:
    drawn = _in_process(FAULTS["backs-off-ignoring-retry-after"].factory, 25)
    (rate_limit,) = [kind for kind in drawn if kind.kind == "rate-limit"]  # type: ignore[attr-defined]
    (failure,) = [o for o in rate_limit.observations if o.verdict is Verdict.FAIL]
    assert failure.requirement == "CLI-RETRY-004"
    assert "seed 0" in failure.message
    first = failure.evidence["answers"]["steps"][0]["answers"][0]
    assert first["status"] == 429
    assert first["headers"][RETRY_AFTER_HEADER] == str(IN_PROCESS.retry_after[0])  # shrunk


def test_the_seed_is_recorded_and_named_in_the_rerun_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([
        "clients", "--python", FAULTS["reads-error-message"].python_spec, "--seed", "7",
        "--examples", "5", "-k", "CLI-ITEM-001", "--output", str(tmp_path),
    ])  # fmt: skip
    capsys.readouterr()
    assert code == 1
    (results,) = tmp_path.glob("clients-*/results.json")
    document = json.loads(results.read_text(encoding="utf-8"))
    validate_results(document)
    assert document["drawn_answers"]["seed"] == 7
    assert document["drawn_answers"]["kinds"]["batch"]["minimal_failing_answers"]
    reruns = {
        f["reproduction"]["rerun"] for row in document["requirements"] for f in row["failures"]
    }
    assert any("--seed 7 --examples 5 -k SCN-DRAWN-BATCH" in line for line in reruns)
    page = (results.parent / "report.html").read_text(encoding="utf-8")
    assert "minimal failing answers" in page
