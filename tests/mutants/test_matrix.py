"""The kill-matrix logic: precise kills, incidental failures, harness errors, the clean anchor."""

from __future__ import annotations

import json

import pytest

from conformance.mutants.matrix import (
    KillMatrix,
    Status,
    clean_problems,
    coverage_gaps,
    judge,
    unwitnessed,
)
from conformance.mutants.model import Mutant, MutantRegistry, MutantSide


def _mutant(name: str = "some-fault", breaks: frozenset[str] = frozenset({"ENV-001"})) -> Mutant:
    return Mutant(
        name=name,
        description="a fault for the tests",
        breaks=breaks,
        side=MutantSide.SERVER,
        spec="reference:x:y",
        build=lambda: None,
    )


def test_a_failure_on_a_broken_requirement_is_a_precise_kill() -> None:
    outcome = judge(_mutant(), {"ENV-001": "fail", "ENV-002": "pass", "FW-004": "fail"})
    assert outcome.status is Status.KILLED
    assert outcome.killed_by == ("ENV-001",)
    assert outcome.incidental == ("FW-004",)


def test_incidental_failures_alone_do_not_kill() -> None:
    outcome = judge(_mutant(), {"ENV-001": "pass", "FW-004": "fail", "RATE-001": "fail"})
    assert outcome.status is Status.SURVIVED
    assert outcome.killed_by == ()
    assert outcome.incidental == ("FW-004", "RATE-001")
    assert "incidental" in outcome.note


def test_a_skipped_broken_requirement_is_not_a_kill() -> None:
    outcome = judge(_mutant(), {"ENV-001": "skip"})
    assert outcome.status is Status.SURVIVED


def test_a_harness_error_on_a_broken_requirement_is_not_a_kill() -> None:
    outcome = judge(_mutant(), {"ENV-001": "error", "FW-004": "fail"})
    assert outcome.status is Status.ERROR
    assert outcome.killed_by == ()
    assert "harness error on ENV-001" in outcome.note
    assert outcome.errors == ("ENV-001",)


def test_a_precise_failure_kills_even_beside_a_harness_error() -> None:
    breaks = frozenset({"ENV-001", "ENV-002"})
    outcome = judge(_mutant(breaks=breaks), {"ENV-001": "error", "ENV-002": "fail"})
    assert outcome.status is Status.KILLED
    assert outcome.killed_by == ("ENV-002",)


def test_a_run_without_results_is_an_error() -> None:
    outcome = judge(_mutant(), None, problem="exit 2: cannot import")
    assert outcome.status is Status.ERROR
    assert "cannot import" in outcome.note


def test_the_clean_run_must_be_conformant() -> None:
    assert clean_problems({"ENV-001": "pass", "RATE-013": "skip", "X": "disabled"}) == []
    assert clean_problems({"ENV-001": "fail", "FW-004": "error"}) == [
        "ENV-001 is fail on the clean reference",
        "FW-004 is error on the clean reference",
    ]
    assert clean_problems(None) == ["the clean run wrote no results"]


def test_a_mutant_the_selection_cannot_judge_is_a_coverage_gap() -> None:
    judged = _mutant("judged", frozenset({"ENV-001", "REF-010"}))
    unjudged = _mutant("unjudged", frozenset({"REF-010"}))
    clean = {"ENV-001": "pass", "REF-010": "skip"}
    assert coverage_gaps([judged, unjudged], clean) == {"unjudged": ["REF-010"]}


def test_the_matrix_exit_code_needs_every_mutant_killed() -> None:
    killed = judge(_mutant("a"), {"ENV-001": "fail"})
    survived = judge(_mutant("b"), {"ENV-001": "pass"})
    assert KillMatrix("quick", 1.0, [killed]).exit_code() == 0
    assert KillMatrix("quick", 1.0, [killed, survived]).exit_code() == 1
    assert KillMatrix("quick", 1.0, []).exit_code() == 1


def test_the_matrix_renders_as_json_and_markdown() -> None:
    matrix = KillMatrix(
        "quick",
        1.5,
        [judge(_mutant("a"), {"ENV-001": "fail", "FW-004": "fail"})],
        total_seconds=3.0,
    )
    document = json.loads(json.dumps(matrix.as_dict()))
    assert document["killed"] == 1
    assert document["mutants"] == 1
    assert document["outcomes"][0]["status"] == "killed"
    assert document["outcomes"][0]["incidental"] == ["FW-004"]
    markdown = matrix.to_markdown()
    assert "| `a` | server | killed | ENV-001 | FW-004 | ENV-001 | - |" in markdown


@pytest.mark.parametrize(
    ("name", "description", "breaks"),
    [
        ("Not_Kebab", "a fault", frozenset({"ENV-001"})),
        ("kebab", "", frozenset({"ENV-001"})),
        ("kebab", "two\nlines", frozenset({"ENV-001"})),
        ("kebab", "a fault", frozenset()),
    ],
)
def test_a_mutant_must_be_well_formed(name: str, description: str, breaks: frozenset[str]) -> None:
    with pytest.raises(ValueError, match="mutant"):
        Mutant(name, description, breaks, MutantSide.SERVER, "reference:x:y", lambda: None)


def test_a_name_registers_once() -> None:
    registry = MutantRegistry()
    registry.add(_mutant("twice"))
    with pytest.raises(ValueError, match="registered twice"):
        registry.add(_mutant("twice"))


def test_a_mutant_proves_its_breaks_unless_told_otherwise() -> None:
    assert _mutant(breaks=frozenset({"ENV-001", "ENV-002"})).proves == {"ENV-001", "ENV-002"}
    with pytest.raises(ValueError, match="proves rules it does not break"):
        Mutant("x", "a fault", frozenset({"ENV-001"}), MutantSide.SERVER, "s", print,
               proves=frozenset({"ENV-002"}))  # fmt: skip


def test_a_judged_requirement_no_kill_names_is_unwitnessed() -> None:
    killed = judge(_mutant(breaks=frozenset({"ENV-001", "ENV-002"})), {"ENV-001": "fail"})
    clean = {"ENV-001": "pass", "ENV-002": "pass", "CRED-007": "skip"}
    # ENV-002 is in the mutant's breaks, but no run reported it: breaks alone prove nothing.
    assert unwitnessed([killed], clean) == ["ENV-002"]


@pytest.mark.parametrize(("complete", "code"), [(True, 1), (False, 0)])
def test_an_unwitnessed_requirement_fails_only_a_complete_run(complete: bool, code: int) -> None:
    killed = judge(_mutant(), {"ENV-001": "fail"})
    matrix = KillMatrix(
        "quick", 1.0, [killed], judged=2, unwitnessed=["ENV-002"], complete=complete
    )
    assert matrix.exit_code() == code
    assert matrix.as_dict()["requirements"]["witnessed"] == 1
    assert ("none yet for ENV-002" in matrix.to_markdown()) is complete
