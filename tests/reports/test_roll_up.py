"""Rolling observations up into one verdict per requirement: worst wins, and a pass says what
it rests on."""

from __future__ import annotations

from conformance.verdicts import Observation, Verdict, roll_up


def test_a_pass_over_part_of_the_cases_names_the_cases_not_judged() -> None:
    stopped = "not judged: test_b stopped at its RATE-013 failure"
    results = roll_up(
        ["VID-BATCH-003"],
        {},
        [
            Observation("VID-BATCH-003", Verdict.PASS, "test_a"),
            Observation("VID-BATCH-003", Verdict.SKIP, "test_b", stopped),
        ],
    )
    result = results["VID-BATCH-003"]
    assert result.verdict is Verdict.PASS
    assert result.reason == f"held in 1 test(s); not judged in 1: {stopped}"


def test_worst_wins_and_nothing_observed_is_a_skip() -> None:
    results = roll_up(
        ["A", "B", "C"],
        {"C": "disabled: strict only"},
        [Observation("A", Verdict.PASS, "t1"), Observation("A", Verdict.FAIL, "t2", "broke")],
    )
    assert (results["A"].verdict, results["A"].reason) == (Verdict.FAIL, "broke")
    assert results["B"].verdict is Verdict.SKIP
    assert results["C"].verdict is Verdict.DISABLED


def test_a_fail_beside_a_harness_error_stays_a_fail_and_names_the_error() -> None:
    results = roll_up(
        ["CLI-ERR-001"],
        {},
        [
            Observation("CLI-ERR-001", Verdict.FAIL, "client::SCN-A", "detail lost"),
            Observation("CLI-ERR-001", Verdict.ERROR, "client::SCN-B", "adapter hung"),
        ],
    )
    result = results["CLI-ERR-001"]
    assert result.verdict is Verdict.FAIL
    assert result.reason == "detail lost; also a harness error: adapter hung"
