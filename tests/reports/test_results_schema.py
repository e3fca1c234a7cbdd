"""results.json: the schema is committed, valid, and every run's document fits it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_helpers import REPORT_FILES, results_document, run_folder
from suite_runs import Run, child_environment

from conformance.reports import ResultsError, results_schema, validate_results

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_schema_is_the_one_the_suite_uses() -> None:
    committed = json.loads((REPO / "reports" / "results.schema.json").read_text("utf-8"))
    assert committed == results_schema(), (
        "copy conformance/reports/results.schema.json to reports/results.schema.json"
    )
    jsonschema.Draft202012Validator.check_schema(committed)
    assert committed["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_a_passing_run_fits_the_schema(reference_json_run: Run) -> None:
    assert reference_json_run.returncode == 0, reference_json_run.stderr[-2000:]
    results = reference_json_run.results
    validate_results(results)
    jsonschema.validate(results, results_schema())  # the library's own verdict, too
    assert (results["verdict"], results["exit_code"], results["side"]) == ("pass", 0, "server")
    assert results["schema_version"] == 1
    assert results["timing"]["started_at"]
    assert results["timing"]["finished_at"]
    assert results["timing"]["duration_seconds"] > 0
    assert results["toggles"]["disabled_features"] == []
    assert results["toggles"]["dry_run"] is False
    assert results["tests"]
    assert all(t["duration_seconds"] >= 0 for t in results["tests"])
    timed = [row for row in results["requirements"] if row["verdict"] == "pass"]
    assert all(row["duration_seconds"] is not None for row in timed)
    assert results["counts"]["pass"] == len(timed)
    assert {p.name for p in run_folder(reference_json_run).iterdir()} >= set(REPORT_FILES)


def test_a_failing_run_fits_the_schema_with_its_reproductions(naive_run: Run) -> None:
    assert naive_run.returncode == 1, naive_run.stderr[-2000:]
    results = naive_run.results
    validate_results(results)
    assert results["verdict"] == "fail"
    failures = [f for row in results["requirements"] for f in row["failures"]]
    assert len(failures) > 20
    with_exchange = [f for f in failures if f["evidence"]]
    assert with_exchange
    for failure in with_exchange:
        request = failure["evidence"]["request"]
        minimal = failure["minimal_input"]
        assert {k: minimal[k] for k in ("method", "url", "body")} == {
            k: request[k] for k in ("method", "url", "body")
        }
        assert failure["reproduction"]["curl"].startswith("curl -i -X ")
        rerun = failure["reproduction"]["rerun"]
        # The rerun carries what this run ran against: the target, the config, the profile.
        assert rerun.startswith("knowlify-conformance run --target asgi:naive_app:app "), rerun
        assert " --config " in rerun, rerun
        assert " --profile documented -k " in rerun, rerun
        if "case" in failure["evidence"]:  # a bad-input case: its label, and its check alone
            label = failure["evidence"]["case"]["label"]
            assert minimal["label"] == label
            assert minimal["case"]["label"] == label
            assert minimal["label"] in failure["reproduction"]["rerun"]
            assert "--seed 0" in failure["reproduction"]["rerun"]
    assert any("case" in failure["evidence"] for failure in with_exchange)
    for row in results["requirements"]:
        assert row["failure_count"] >= len(row["failures"])


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"schema_version": 2}, "schema_version 2"),
        ({"verdict": "maybe"}, "at verdict"),
        ({"exit_code": 4}, "at exit_code"),
        ({"side": "both"}, "at side"),
        ({"catalogue_digest": "abc"}, "at catalogue_digest"),
    ],
)
def test_a_document_breaking_the_schema_is_refused(change: dict[str, Any], where: str) -> None:
    validate_results(results_document())  # the unbroken document fits
    with pytest.raises(ResultsError, match=where):
        validate_results(results_document(**change))


def test_a_bad_requirement_row_is_refused_at_its_path() -> None:
    document = results_document()
    document["requirements"][3]["verdict"] = "passed"
    with pytest.raises(ResultsError, match="at requirements/3/verdict"):
        validate_results(document)
    document = results_document()
    del document["requirements"][0]["failures"]
    with pytest.raises(ResultsError, match="at requirements/0"):
        validate_results(document)


HYPOTHESIS_MODULE = """
import pytest
from hypothesis import given, settings, strategies as st

@pytest.mark.requirement("VID-VAL-002")
@settings(derandomize=True, database=None)
@given(seconds=st.integers())
def test_durations_stay_in_range(seconds):
    assert seconds < 31, "out of range"

@pytest.mark.requirement("VID-VAL-003")
def test_plain_failure():
    assert False, "no Hypothesis here"
"""


def test_a_hypothesis_failure_carries_its_reproduction(tmp_path: Path) -> None:
    """The plugin keeps what Hypothesis printed: the shrunk example and @reproduce_failure.

    The test sets no ``print_blob``, and runs outside CI (where Hypothesis would turn it on):
    the ``@reproduce_failure`` line is there because a conformance run asks for it.
    """
    environment = {k: v for k, v in child_environment().items() if k not in ("CI", "TF_BUILD")}
    (tmp_path / "test_hyp.py").write_text(HYPOTHESIS_MODULE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    results_path = tmp_path / "results.json"
    done = subprocess.run(
        # Schemathesis's pytest plugin blanks the values in Hypothesis's "Failing test case"
        # (seen with schemathesis 4 / hypothesis 6.170): left out here, so they show.
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:schemathesis",
         "-q", "test_hyp.py",
         "--knowlify-results", str(results_path)],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr
    results = json.loads(results_path.read_text(encoding="utf-8"))
    validate_results(results)
    rows = {row["id"]: row for row in results["requirements"]}
    shrunk = rows["VID-VAL-002"]["failures"][0]["reproduction"]["hypothesis"]
    assert "seconds=31" in shrunk  # shrunk to the smallest failing value
    assert "@reproduce_failure(" in shrunk
    assert rows["VID-VAL-003"]["failures"][0]["reproduction"]["hypothesis"] is None
    assert rows["VID-VAL-003"]["verdict"] == "fail"


def test_a_client_side_document_gets_the_same_four_files(tmp_path: Path) -> None:
    """The writers are side-agnostic: a client run is reported by its own areas."""
    import xml.etree.ElementTree as ET

    from conformance.config import SuiteConfig
    from conformance.contract.catalogue import AREAS, Side
    from conformance.reports import write_reports
    from conformance.results import build_results
    from conformance.verdicts import Observation, Verdict

    observations = [
        Observation("CLI-RETRY-001", Verdict.FAIL, "scenario::retry-400", "a 400 was retried"),
        Observation("CLI-SEC-001", Verdict.PASS, "scenario::key-header"),
    ]
    document = build_results(SuiteConfig(), observations, side="client", target="mysdk:factory")
    written = write_reports(document, tmp_path)
    assert sorted(p.name for p in written.values()) == sorted(REPORT_FILES)
    suites = [s.get("name") for s in ET.parse(written["junit"]).getroot().iter("testsuite")]
    assert suites == [str(area) for area in AREAS[Side.CLIENT]]
    badge = json.loads(written["badge"].read_text("utf-8"))
    assert badge["message"] == "1 failing"
    assert "client side" in written["html"].read_text("utf-8")
