"""The Schemathesis-driven checks judge the bytes sent, charge the right requirement, and catch.

- ``body_expectation`` maps each fault of a request body to its status and requirement;
- the fault tests judge an answer against every requirement they are tagged with (a new
  Schemathesis that stopped generating one fault would make its tag a false ``pass``);
- against the naive FastAPI app each test fails, on a requirement the app really breaks
  (``VIOLATED`` of test_naive_is_caught), with the exchange as evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_naive_is_caught import VIOLATED

from conformance.config import load_config
from conformance.failures import ConformanceFailure, NotApplicable
from conformance.harness import Harness
from conformance.server import test_schemathesis as module
from conformance.server.bodies import UNKNOWN_ID
from conformance.server.schemathesis_support import Driver, GenerationMode, body_expectation
from conformance.targets import open_target

OWN = "ac338d04-40b4-569d-858b-6388003f2754"
URL = "https://example.com/a.png"


def videos(**item: Any) -> dict[str, Any]:
    return {"videos": [{"task": "Explain HTTPS", **item}]}


def edit(**fields: Any) -> dict[str, Any]:
    return {"video_uuid": OWN, "edit_request": "Brighter", **fields}


def expect(operation_id: str, body: Any) -> tuple[set[int], str | None]:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    expectation = body_expectation(operation_id, content, own_videos=frozenset({OWN}))
    first = expectation.requirements[0] if expectation.requirements else None
    return set(expectation.statuses), first


@pytest.mark.parametrize(
    ("body", "status", "rule"),
    [
        pytest.param(b"", 422, "VID-VAL-013", id="empty"),
        pytest.param(b"  ", 422, "VID-VAL-012", id="blank"),
        pytest.param(b'{"videos": [', 422, "VID-VAL-012", id="truncated"),
        pytest.param(b"\xff", 422, "VID-VAL-012", id="not-utf8"),
        pytest.param(b'{"videos": [{"task": "t", "video_duration_seconds": NaN}]}', 422,
                     "VID-VAL-012", id="nan"),
        pytest.param(b"null", 400, "VID-VAL-014", id="json-null"),
        pytest.param({"videos": []}, 400, "VID-BATCH-001", id="no-items"),
        pytest.param({"videos": [{"task": "t"}] * 51}, 400, "VID-BATCH-002", id="51-items"),
        pytest.param(videos(task=""), 400, "VID-VAL-001", id="empty-task"),
        pytest.param(videos(task=5), 400, "VID-VAL-011", id="task-number"),
        pytest.param(videos(video_duration_seconds=29), 400, "VID-VAL-002", id="29s"),
        pytest.param(videos(video_duration_seconds=True), 400, "VID-VAL-011", id="duration-bool"),
        pytest.param(videos(aspect_ratio=5), 400, "VID-VAL-003", id="ratio-number-is-must"),
        pytest.param(videos(video_type="vlog"), 400, "VID-VAL-004", id="type"),
        pytest.param(videos(global_style_prompt="s" * 5001), 400, "VID-VAL-005", id="style"),
        pytest.param(videos(color_palette={"primary": "#ggg"}), 400, "VID-VAL-006", id="hex"),
        pytest.param(videos(color_palette={"background": "#fff"}), 400, "VID-VAL-007", id="key"),
        pytest.param(videos(color_palette=5), 400, "VID-VAL-011", id="palette-number"),
        pytest.param(videos(voice_description=5), 400, "VID-VAL-011", id="voice-number"),
        pytest.param({**videos(), "email": "x" * 321}, 400, "VID-VAL-009", id="long-email"),
        pytest.param({**videos(), "email": "nobody"}, 400, "VID-VAL-010", id="no-at"),
        pytest.param({**videos(), "org_id": 5}, set(), None, id="org-id-type-no-rule"),
        pytest.param({**videos(), "email": "a@b"}, set(), None, id="email-pattern-hidden"),
        pytest.param(videos(video_duration_seconds=45.0), set(), None, id="integral-float"),
        pytest.param(videos(), set(), None, id="valid"),
    ],
)  # fmt: skip
def test_video_body_faults(body: Any, status: int | set[int], rule: str | None) -> None:
    statuses = {status} if isinstance(status, int) else status
    assert expect("createVideos", body) == (statuses, rule)


@pytest.mark.parametrize(
    ("body", "status", "rule"),
    [
        pytest.param(b"", 422, "EDIT-008", id="empty"),
        pytest.param(b'{"video_uuid": ', 422, "EDIT-007", id="truncated"),
        pytest.param([edit()], 400, "EDIT-004", id="array"),
        pytest.param({"video_uuid": OWN}, 400, "EDIT-004", id="no-request"),
        pytest.param(edit(edit_request=""), 400, "EDIT-001", id="empty-request"),
        pytest.param(edit(edit_request=5), 400, "EDIT-005", id="request-number"),
        pytest.param(edit(video_uuid="not-a-uuid"), 400, "EDIT-005", id="bad-uuid"),
        pytest.param(edit(reference_image_urls=[URL] * 6), 400, "EDIT-002", id="6-urls"),
        pytest.param(edit(reference_image_urls=["not a url"]), 400, "EDIT-003", id="malformed"),
        pytest.param(edit(reference_image_urls=["https://"]), 400, "EDIT-003", id="no-host"),
        pytest.param(edit(reference_image_urls=[5]), 400, "EDIT-005", id="url-number"),
        pytest.param(edit(aspect_ratio="4:3"), 400, "EDIT-006", id="ratio"),
        pytest.param(edit(video_uuid=UNKNOWN_ID, edit_request=""), 400, "PREC-003",
                     id="field-and-unknown-video"),
        pytest.param(edit(edit_request="", reference_image_urls=[URL]), 400, "PREC-007",
                     id="field-and-refusable-url"),
        pytest.param(edit(reference_image_urls=["http://10.0.0.1/a.png"]), set(), None,
                     id="ssrf-is-state-not-schema"),
        pytest.param(edit(reference_image_urls=["mailto:a@b"]), set(), None,
                     id="other-scheme-unjudged"),
        pytest.param(edit(), set(), None, id="valid"),
    ],
)  # fmt: skip
def test_edit_body_faults(body: Any, status: int | set[int], rule: str | None) -> None:
    statuses = {status} if isinstance(status, int) else status
    assert expect("createEdit", body) == (statuses, rule)


def test_a_valid_creating_body_is_billable() -> None:
    assert body_expectation("createVideos", json.dumps(videos()).encode()).billable
    assert not body_expectation("createVideos", json.dumps(videos(task="")).encode()).billable
    assert not body_expectation("createVideos", json.dumps({"org_id": 5}).encode()).billable


def tags(test: Any) -> set[str]:
    return {str(rid) for mark in test.pytestmark if mark.name == "requirement" for rid in mark.args}


@pytest.fixture
def reference() -> Iterator[Harness]:
    target = open_target(load_config(None, target="reference", profile="strict"))
    yield Harness(target, test_id="test_schemathesis_catches")
    target.close()


@pytest.mark.parametrize(
    ("operation_id", "drive", "test"),
    [
        (
            "createVideos",
            module.boundary_faults,
            module.test_generated_video_faults_get_their_exact_status,
        ),
        (
            "createVideos",
            module.fuzzed_faults,
            module.test_fuzzed_video_faults_get_their_exact_status,
        ),
        (
            "createEdit",
            module.boundary_faults,
            module.test_generated_edit_faults_get_their_exact_status,
        ),
        ("createEdit", module.fuzzed_faults, module.test_fuzzed_edit_faults_get_their_exact_status),
    ],
)
def test_each_tag_is_judged_against_the_reference(
    reference: Harness, operation_id: str, drive: Any, test: Any
) -> None:
    """A tag passes when its test passes: the test must really judge an answer against it."""
    driver = drive(reference, operation_id)
    assert not driver.unjudged
    assert tags(test) - set(module.ENVELOPE) <= driver.exercised


def test_nothing_billable_is_sent_outside_a_sandbox() -> None:
    """A dry run stands in for a live target: no spend budget, so no schema-valid creation."""
    target = open_target(replace(load_config(None, target="reference"), dry_run=True))
    try:
        harness = Harness(target, test_id="test_schemathesis_catches")
        assert not harness.config.sandbox
        for operation_id in ("createVideos", "createEdit"):
            for drive in (module.boundary_faults, module.fuzzed_faults):
                assert drive(harness, operation_id).remote
        accepted = [e.summary for e in harness.exchanges if 200 <= e.status_code < 300]
        assert not accepted
        with pytest.raises(NotApplicable):
            module.test_generated_valid_requests_keep_the_contract(harness, "createVideos")
    finally:
        target.close()


# --- against the naive app --------------------------------------------------------------------
@pytest.fixture
def naive(naive_config_file: Path) -> Iterator[Harness]:
    target = open_target(load_config(naive_config_file))
    yield Harness(target, test_id="test_schemathesis_catches")
    target.close()


@pytest.mark.parametrize(
    ("operation_id", "mode", "caught"),
    [
        ("createVideos", GenerationMode.NEGATIVE, "VID-VAL-001"),
        ("createEdit", GenerationMode.NEGATIVE, "EDIT-001"),
        ("createVideos", GenerationMode.POSITIVE, "RATE-001"),
        ("createEdit", GenerationMode.POSITIVE, "RATE-001"),
    ],
)
def test_the_coverage_phase_catches_the_naive_app(
    naive: Harness, operation_id: str, mode: GenerationMode, caught: str
) -> None:
    driver = Driver(naive, operation_id)
    for case in driver.coverage(mode):
        driver.run(case, collect=True)
    assert {failure.requirement for failure in driver.failures} <= VIOLATED.keys()
    driver.settle()  # each failing rule recorded on its own, the most telling first
    recorded = naive.judgements.failures
    assert recorded, "the coverage phase caught nothing"
    assert recorded[0].requirement == caught
    assert recorded[0].evidence is not None
    assert "curl -i -X POST" in recorded[0].message


@pytest.mark.parametrize("operation_id", ["createVideos", "createEdit"])
def test_fuzzing_catches_the_naive_app(naive: Harness, operation_id: str) -> None:
    driver = Driver(naive, operation_id)
    with pytest.raises(ConformanceFailure) as raised:
        driver.fuzz(GenerationMode.NEGATIVE, max_examples=module.FAULT_EXAMPLES)
    assert raised.value.requirement in VIOLATED
    assert raised.value.exchange is not None
