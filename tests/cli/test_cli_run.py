"""``run``: the happy paths, workers, an unreachable target and a target that answers garbage."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import yaml
from clitools import Invoke, Outcome, RunCli, closed_port, results_of, verdicts

from conformance.reference import create_app
from conformance.reference.sandbox import SandboxFixtures

VERDICT_LINE = re.compile(
    r"^(CONFORMANT|NOT CONFORMANT|HARNESS ERROR|NOTHING CHECKED): "
    r"\d+ pass, \d+ fail, \d+ error, \d+ skip, \d+ disabled$"
)


def _assert_summary_ends_well(outcome: Outcome, output: Path, verdict: str) -> None:
    *_, verdict_line, results_line = outcome.out_lines
    assert VERDICT_LINE.match(verdict_line), outcome.describe()
    assert verdict_line.startswith(f"{verdict}: "), outcome.describe()
    assert results_line.startswith(f"Results: {output}"), outcome.describe()
    assert results_line.endswith("results.json")


def test_run_against_the_reference_is_conformant(
    reference_run: tuple[Outcome, dict[str, Any]],
) -> None:
    outcome, results = reference_run
    assert outcome.code == 0, outcome.describe()
    assert outcome.err == "", outcome.describe()
    *_, verdict_line, results_line = outcome.out_lines
    assert verdict_line.startswith("CONFORMANT: "), outcome.describe()
    assert VERDICT_LINE.match(verdict_line)
    assert Path(results_line.removeprefix("Results: ")).is_file()
    assert (results["verdict"], results["exit_code"]) == ("pass", 0)
    rows = verdicts(results)
    assert "fail" not in rows.values()
    assert "error" not in rows.values()
    # One summary row per judged requirement, each naming its verdict and ID; the disabled
    # ones collapse into one line per reason.
    for requirement, verdict in rows.items():
        row = re.search(rf"^  {verdict} +{requirement} ", outcome.out, re.MULTILINE)
        assert (row is None) == (verdict == "disabled"), requirement
    disabled = sum(1 for verdict in rows.values() if verdict == "disabled")
    assert f"  disabled {disabled} requirement(s), not in the 'documented' profile" in outcome.out


def test_quiet_prints_only_failures_and_the_verdict(cli: Invoke, tmp_path: Path) -> None:
    output = tmp_path / "reports"
    outcome = cli("run", "--quiet", "-k", "test_envelope", "--output", str(output))
    assert outcome.code == 0, outcome.describe()
    _assert_summary_ends_well(outcome, output, "CONFORMANT")
    assert not re.search(r"^  (pass|skip|disabled) ", outcome.out, re.MULTILINE), outcome.out
    assert len(outcome.out_lines) < 12, outcome.describe()
    assert outcome.err == ""


#: Checks whose verdicts depend on which tests ran before them on the same worker. Each entry is
#: a bug in that check (reported); remove it once the check is fixed.
ORDER_DEPENDENT_TESTS = {
    "test_edits.py::test_accepted_edits_are_serialized_per_video": (
        "it paces its second POST: when the edits window is spent, the pacer waits for a new one, "
        "the reference clock moves on, the first edit finishes and the second is 'processing', "
        "not 'queued' (EDIT-015 fails; its co-tagged requirements end 'not judged')"
    ),
}


def test_workers_give_the_same_verdicts_as_one_process(
    run_cli: RunCli, tmp_path: Path, reference_run: tuple[Outcome, dict[str, Any]]
) -> None:
    output = tmp_path / "reports"
    outcome = run_cli("run", "-n", "2", "--output", str(output))
    parallel_results = results_of(outcome)
    single, parallel = verdicts(reference_run[1]), verdicts(parallel_results)
    tests = {
        row["id"]: set(row["tests"])
        for results in (reference_run[1], parallel_results)
        for row in results["requirements"]
    }
    differences = {
        rid: (single.get(rid), parallel.get(rid))
        for rid in single.keys() | parallel.keys()
        if single.get(rid) != parallel.get(rid)
    }
    unexplained = {
        rid: pair
        for rid, pair in differences.items()
        if not tests.get(rid) or not tests[rid] <= ORDER_DEPENDENT_TESTS.keys()
    }
    assert unexplained == {}, f"(single, -n 2) verdicts differ: {unexplained}"
    if differences:
        for test in {test for rid in differences for test in tests[rid]}:
            warnings.warn(
                f"{test} differs across workers: {ORDER_DEPENDENT_TESTS[test]}", stacklevel=1
            )
    else:
        assert outcome.code == 0, outcome.describe()
        _assert_summary_ends_well(outcome, output, "CONFORMANT")


def test_an_unreachable_target_is_a_fast_harness_error(cli: Invoke, tmp_path: Path) -> None:
    target = f"http://127.0.0.1:{closed_port()}"
    output = tmp_path / "reports"
    outcome = cli("run", "--target", target, "--output", str(output))
    assert outcome.code == 2, outcome.describe()
    assert outcome.seconds < 15, f"took {outcome.seconds:.1f} s"
    assert len(outcome.err_lines) == 1, outcome.describe()
    assert f"cannot reach the target {target}" in outcome.err_lines[0]
    assert "Traceback" not in outcome.err + outcome.out
    _assert_summary_ends_well(outcome, output, "HARNESS ERROR")
    results = results_of(outcome)
    assert (results["verdict"], results["exit_code"]) == ("error", 2)
    found = set(verdicts(results).values())
    assert found <= {"error", "disabled"}, found
    assert "error" in found
    for row in results["requirements"]:
        if row["verdict"] == "error":
            assert "unreachable" in row["reason"]
            assert "\n" not in row["reason"]


def test_a_target_answering_garbage_is_never_conformant(
    cli: Invoke, tmp_path: Path, garbage_server: str
) -> None:
    """Every request gets ``200 not json``; nothing unjudgeable may pass."""
    app = create_app()
    fixtures = app.state.fixtures
    assert isinstance(fixtures, SandboxFixtures)
    config = tmp_path / "garbage.yaml"
    config.write_text(
        yaml.safe_dump(
            {"target": garbage_server, "sandbox": True, "fixtures": fixtures.as_config()}
        ),
        encoding="utf-8",
    )
    output = tmp_path / "reports"
    outcome = cli(
        "run", "--config", str(config), "--output", str(output), "--quiet",
        "-k", "test_edits or test_polling or test_results or test_auth or test_idempotency",
        "--no-rate-limit-probes",
    )  # fmt: skip
    # A body that is not JSON is the server's fault: not conformant (1), not a harness error.
    assert outcome.code == 1, outcome.describe()
    assert "Traceback" not in outcome.err + outcome.out
    results = results_of(outcome)
    assert results["verdict"] == "fail"
    rows = {row["id"]: row for row in results["requirements"]}
    judged = {rid: row for rid, row in rows.items() if row["verdict"] in ("fail", "error")}
    assert judged, "nothing failed against a server that answers garbage"
    for row in judged.values():
        assert row["reason"].strip(), row
    # Checks that must read a JSON body cannot pass on "not json".
    for rid in ("VID-POLL-001", "EDIT-012", "EDIT-016", "IDEM-001"):
        assert rows[rid]["verdict"] == "fail", rows[rid]
        assert "not JSON" in rows[rid]["reason"], rows[rid]
    passed = {rid for rid, row in rows.items() if row["verdict"] == "pass"}
    # Only predicates about the status alone ("a valid key is accepted") can hold here: EDIT-001
    # too, whose refusals (test_bad_input) this selection leaves out.
    allowed = {"AUTH-002", "ORG-002", "VID-BATCH-003", "REF-008", "REF-014", "EDIT-001"}
    assert passed <= allowed, passed
    _assert_no_secret_in(outcome, fixtures.as_config(), results)


def _assert_no_secret_in(outcome: Outcome, fixtures: dict[str, Any], results: Any) -> None:
    secrets = [
        value
        for section in ("keys", "sessions")
        for value in (fixtures.get(section) or {}).values()
        if isinstance(value, str) and value
    ]
    assert secrets
    text = outcome.out + outcome.err + json.dumps(results)
    leaked = [secret[:8] + "..." for secret in secrets if secret in text]
    assert leaked == [], f"secrets in the output: {leaked}"
