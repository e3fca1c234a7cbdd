"""The scenario catalogue: loads, covers every client requirement, and refuses bad data."""

from __future__ import annotations

import pytest

from conformance.client.oracles import CLIENT_ORACLES
from conformance.client.scenarios import ScenarioError, load_scenarios, parse_scenarios
from conformance.contract.catalogue import load_catalogue

CLIENT_IDS = {r.id for r in load_catalogue().for_side("client")}

GOOD_STEP = """
      - operation: get_video
        arguments: {uuid: u-1}
        responses:
          - status: 200
            json: {uuid: u-1, status: queued, is_complete: false, is_failed: false}
        expect: {outcome: ok}
"""


def _document(scenario: str) -> bytes:
    return f"schema_version: 1\nscenarios:\n{scenario}".encode()


def test_every_client_requirement_is_proved_by_a_scenario() -> None:
    proved = {req for scenario in load_scenarios() for req in scenario.proves}
    assert proved == CLIENT_IDS


def test_every_client_requirement_has_exactly_one_oracle() -> None:
    assert set(CLIENT_ORACLES) == CLIENT_IDS


def test_scenario_ids_are_unique_and_stable_in_form() -> None:
    ids = [scenario.id for scenario in load_scenarios()]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("SCN-") and i == i.upper() for i in ids)


def test_a_repeat_block_expands_into_that_many_items() -> None:
    oversized = next(s for s in load_scenarios() if s.id == "SCN-VAL-51-ITEMS")
    videos = oversized.steps[0].arguments["videos"]
    assert len(videos) == 51
    assert videos[0] == {"task": "One of too many"}


def test_the_last_scripted_response_answers_every_further_attempt() -> None:
    forever = next(s for s in load_scenarios() if s.id == "SCN-RETRY-500-FOREVER").steps[0]
    assert [forever.response_for("main", n).status for n in range(4)] == [500] * 4  # type: ignore[union-attr]
    assert forever.response_for("other", 0) is None


def test_a_redirect_points_at_the_live_other_host() -> None:
    redirect = next(s for s in load_scenarios() if s.id == "SCN-SEC-REDIRECT-OTHER-HOST")
    status, headers, _ = (
        redirect.steps[0]
        .responses[0]
        .render({"main": "http://127.0.0.1:1", "other": "http://127.0.0.2:2"})
    )
    assert status == 307
    assert (
        "Location",
        "http://127.0.0.2:2/v1/videos/550e8400-e29b-41d4-a716-446655440000",
    ) in headers


def test_a_valid_minimal_scenario_parses() -> None:
    text = f"  - id: SCN-X-OK\n    summary: fine\n    proves: [CLI-SEC-001]\n    steps:{GOOD_STEP}"
    (scenario,) = parse_scenarios(_document(text))
    assert scenario.steps[0].expect.outcome == "ok"


@pytest.mark.parametrize(
    ("scenario", "complaint"),
    [
        ("  - id: bad id\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:" + GOOD_STEP,
         "must look like SCN-AREA-WHAT"),
        ("  - id: SCN-A\n    summary: s\n    proves: [ENV-001]\n    steps:" + GOOD_STEP,
         "not a client requirement"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    colour: red\n    steps:"
         + GOOD_STEP, "unknown field(s) colour"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:"
         + GOOD_STEP.replace("get_video", "delete_video"), "operation 'delete_video'"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:"
         + GOOD_STEP.replace("uuid: u-1}", "uuid: u-1, colour: red}", 1), "arguments: unknown"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:"
         + GOOD_STEP.replace("status: 200", "status: 99"), "must be a number in 200-599"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:"
         + GOOD_STEP.replace("{outcome: ok}", "{outcome: maybe}"), "outcome 'maybe'"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:"
         + GOOD_STEP.replace("operation: get_video\n        arguments: {uuid: u-1}",
                             "operation: resubmit_failed"), "needs a batch before"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:"
         + GOOD_STEP.replace("- status: 200\n            json: {uuid: u-1, status: queued, "
                             "is_complete: false, is_failed: false}",
                             "- redirect: {host: other, path: /v1/x}"),
         "needs `other_host`"),
        ("  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:" + GOOD_STEP
         + "  - id: SCN-A\n    summary: s\n    proves: [CLI-SEC-001]\n    steps:" + GOOD_STEP,
         "duplicate scenario ID"),
    ],
)  # fmt: skip
def test_the_loader_refuses_bad_scenarios_naming_the_fault(scenario: str, complaint: str) -> None:
    with pytest.raises(ScenarioError, match=r"SCN|scenario") as refused:
        parse_scenarios(_document(scenario))
    assert complaint in str(refused.value)


def test_the_loader_refuses_a_document_without_schema_version() -> None:
    with pytest.raises(ScenarioError, match="schema_version"):
        parse_scenarios(b"scenarios: []\n")


def test_a_second_oracle_for_one_requirement_is_refused() -> None:
    from conformance.client.oracles import client_oracle

    with pytest.raises(ValueError, match="CLI-ERR-001 already has an oracle"):
        client_oracle("CLI-ERR-001")(lambda run, key: None)
