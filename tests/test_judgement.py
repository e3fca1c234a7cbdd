"""Per-requirement judgement, the INCOMPLETE run verdict and its exit codes (unit level)."""

from __future__ import annotations

import pytest

from conformance.failures import ConformanceFailure, NotApplicable
from conformance.judgement import Judgements, premise
from conformance.verdicts import (
    EXIT_INCOMPLETE,
    INCOMPLETE,
    RequirementResult,
    Verdict,
    cause_of,
    exit_code,
    run_verdict,
)


def _fail(rid: str) -> ConformanceFailure:
    return ConformanceFailure(requirement=rid, title="broken", message="m")


def test_each_block_keeps_its_own_outcome_and_the_test_goes_on() -> None:
    judged = Judgements(test="t::x")
    with judged("RATE-012"):
        raise _fail("RATE-012")
    with judged("RATE-009"):
        pass
    with judged("RATE-010"):
        premise(False, "a 429 to read")
    with judged("RATE-005"):
        raise _fail("RATE-001")  # a helper found another rule broken: RATE-005 unjudged
    outcomes = [(o.requirement, o.verdict) for o in judged.observations]
    assert outcomes == [
        ("RATE-012", Verdict.FAIL),
        ("RATE-009", Verdict.PASS),
        ("RATE-010", Verdict.SKIP),
        ("RATE-001", Verdict.FAIL),
        ("RATE-005", Verdict.SKIP),
    ]
    assert judged.observations[2].message == "premise not observed: a 429 to read"
    assert judged.observations[4].message.startswith("not judged: its premise failed (RATE-001")
    assert [o.requirement for o in judged.failures] == ["RATE-012", "RATE-001"]


def test_anything_but_a_verdict_propagates() -> None:
    judged = Judgements()
    with pytest.raises(KeyError), judged("RATE-009"):
        raise KeyError("harness bug")
    assert judged.observations == []
    with judged("RATE-009"):
        raise NotApplicable("fixture missing")
    assert judged.observations[0].verdict is Verdict.SKIP


def _results(*verdicts: tuple[str, Verdict]) -> list[RequirementResult]:
    return [RequirementResult(rid, verdict, "r") for rid, verdict in verdicts]


def test_the_run_is_incomplete_when_a_requirement_in_scope_is_unjudged() -> None:
    rows = _results(("A", Verdict.PASS), ("B", Verdict.SKIP), ("C", Verdict.DISABLED))
    assert run_verdict(rows) == INCOMPLETE
    assert run_verdict(rows, out_of_scope={"B"}) == "pass"
    assert run_verdict([*rows, *_results(("D", Verdict.FAIL))]) == "fail"
    assert run_verdict([*rows, *_results(("E", Verdict.ERROR))]) == "error"


def test_exit_codes() -> None:
    assert [exit_code(v) for v in ("pass", "fail", "error", INCOMPLETE)] == [0, 1, 2, 3]
    assert exit_code(INCOMPLETE, allow_incomplete=True) == 0
    assert EXIT_INCOMPLETE == 3


def test_causes_are_read_from_the_reasons() -> None:
    assert cause_of("fixture 'fixtures.keys.org' is not configured for this target") == (
        "missing fixture"
    )
    assert cause_of("fixture edits.revertable is 'reverted': already consumed by") == (
        "consumed fixture"
    )
    assert cause_of("premise not observed: X fell") == "premise not met"
    assert cause_of("not judged: t stopped at its RATE-001 failure") == (
        "stopped at another failure"
    )
