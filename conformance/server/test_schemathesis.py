"""Schemathesis drives the OpenAPI contract: generated requests for each of the five operations.

The coverage phase (deterministic boundary and type cases) and bounded, derandomised Hypothesis
fuzzing generate requests from ``conformance/contract/openapi.yaml``; the harness sends them as
the configured caller, paced and recorded. ``schemathesis_support`` says which checks judge each
answer and why the other built-in checks are left out. A failure names its requirement and
carries the exchange: the report shows the evidence, the failure text a curl line.
"""

from __future__ import annotations

import pytest

from ..contract.constants import ENDPOINTS
from ..harness import Harness
from .bodies import UNKNOWN_ID
from .schemathesis_support import Driver, GenerationMode, contract_schema

requirement = pytest.mark.requirement

# Fuzzing budgets: small, so that the module adds seconds to an in-process run; the coverage
# phase does the systematic work.
FAULT_EXAMPLES = 15
VALID_EXAMPLES = 5

# What the checks judge on every answer (knowlify_error_envelope, status_code_conformance).
ENVELOPE = ("ENV-001", "ENV-002", "ENV-005")


def boundary_faults(
    knowlify: Harness, operation_id: str, *, spread_over: tuple[str, ...] = ()
) -> Driver:
    """The coverage phase's negative cases for one operation: every boundary, deterministic."""
    driver = Driver(knowlify, operation_id, spread_over=spread_over)
    for case in driver.coverage(GenerationMode.NEGATIVE):
        driver.run(case, collect=True)
    driver.settle()
    return driver


def fuzzed_faults(knowlify: Harness, operation_id: str) -> Driver:
    """Derandomised Hypothesis fuzzing of negative cases for one operation."""
    driver = Driver(knowlify, operation_id)
    driver.fuzz(GenerationMode.NEGATIVE, max_examples=FAULT_EXAMPLES)
    return driver


# Each test claims the rules its own cases reach (derandomised: the same cases every run;
# tests/suite/test_schemathesis_catches.py proves each claim). A fault found on a rule a test
# does not claim is still charged to that rule. Two tests per operation let xdist run them
# side by side.
@requirement(
    "VID-VAL-001", "VID-VAL-002", "VID-VAL-003", "VID-VAL-004", "VID-VAL-005", "VID-VAL-006",
    "VID-VAL-007", "VID-VAL-009", "VID-VAL-010", "VID-VAL-011", "VID-VAL-013", "VID-VAL-014",
    "VID-BATCH-001", "VID-BATCH-002", *ENVELOPE,
)  # fmt: skip
def test_generated_video_faults_get_their_exact_status(knowlify: Harness) -> None:
    # About 40 cases, more than one videos window of a live key: half go out on the other
    # account, so the run does not wait a window out while the edits bucket sits idle.
    boundary_faults(knowlify, "createVideos", spread_over=("keys.second_account",))


@requirement("VID-VAL-012", *ENVELOPE)
def test_fuzzed_video_faults_get_their_exact_status(knowlify: Harness) -> None:
    fuzzed_faults(knowlify, "createVideos")


# EDIT-003 (a malformed URL) is charged whenever fuzzing sends one, but not claimed: the coverage
# phase knows no invalid form of the custom ``reference-url`` format, so it never sends one.
@requirement("EDIT-001", "EDIT-002", "EDIT-004", "EDIT-005", "EDIT-006", "EDIT-008", *ENVELOPE)
def test_generated_edit_faults_get_their_exact_status(knowlify: Harness) -> None:
    boundary_faults(knowlify, "createEdit")


@requirement("EDIT-007", *ENVELOPE)
def test_fuzzed_edit_faults_get_their_exact_status(knowlify: Harness) -> None:
    fuzzed_faults(knowlify, "createEdit")


@requirement(*ENVELOPE, "RATE-001")
@pytest.mark.parametrize("operation_id", ["createVideos", "createEdit"])
def test_generated_valid_requests_keep_the_contract(knowlify: Harness, operation_id: str) -> None:
    driver = Driver(knowlify, operation_id)
    cases = driver.coverage(GenerationMode.POSITIVE)
    knowlify.spend(f"schema-valid {operation_id} requests", requests=len(cases) + VALID_EXAMPLES)
    driver.may_bill = True
    for case in cases:
        driver.run(case, collect=True)
    driver.settle()
    driver.fuzz(GenerationMode.POSITIVE, max_examples=VALID_EXAMPLES)


# Ids a path may carry: the unknown one, and the caller's configured objects that no request
# here changes (reverting them is refused: not complete, or not the caller's).
PATH_IDS = {
    "getVideo": ("videos.complete", "videos.building", "videos.other_account"),
    "getEdit": ("edits.revertable", "edits.errored", "edits.other_account"),
    "revertEdit": ("edits.errored", "edits.other_account"),
}
UNKNOWN_IDS = {"getVideo": "VID-POLL-010", "getEdit": "EDIT-024", "revertEdit": "REV-012"}


@pytest.mark.parametrize(
    "operation_id",
    [
        pytest.param(operation_id, marks=requirement(rule, *ENVELOPE, "RATE-001"))
        for operation_id, rule in UNKNOWN_IDS.items()
    ],
)
def test_generated_path_ids_keep_the_contract(knowlify: Harness, operation_id: str) -> None:
    driver = Driver(knowlify, operation_id)
    configured = (knowlify.config.fixtures.get(name) for name in PATH_IDS[operation_id])
    for identifier in (UNKNOWN_ID, *(str(value) for value in configured if value)):
        driver.run(driver.operation.Case(), identifier=identifier, collect=True)
    # Malformed ids (``0``, ``true``, ``null``...) can name no object: only the envelope and
    # the documented statuses judge them (the contract gives them no status of their own).
    for case in driver.coverage(GenerationMode.NEGATIVE):
        driver.run(case, collect=True)
    driver.settle()


@requirement("FW-003")
def test_undocumented_methods_keep_the_envelope(knowlify: Harness) -> None:
    # One schema for all: its coverage phase probes each path once, with the unknown id.
    schema = contract_schema()
    for endpoint in ENDPOINTS:
        if endpoint.bucket.name == "edits" and not knowlify.config.feature_enabled("edits"):
            continue
        driver = Driver(knowlify, endpoint.operation_id, schema=schema)
        for case in driver.coverage(GenerationMode.NEGATIVE, methods=True):
            driver.run(case, identifier=UNKNOWN_ID, collect=True)
        driver.settle()
