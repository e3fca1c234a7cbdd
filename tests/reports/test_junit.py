"""junit.xml: parses, one testcase per requirement in a testsuite per area, CI-friendly names."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from report_helpers import results_document, run_folder
from suite_runs import Run

from conformance.reports import render_junit
from conformance.reports.baseline import Baseline, Entry, compare
from conformance.verdicts import Observation, Verdict

TAGS = {"fail": "failure", "error": "error", "skip": "skipped", "disabled": "skipped"}


def _outcome(case: ET.Element) -> str:
    children = [child.tag for child in case if child.tag != "system-out"]
    return children[0] if children else "pass"


def test_a_failing_run_has_one_testcase_per_requirement(naive_run: Run) -> None:
    root = ET.parse(run_folder(naive_run) / "junit.xml").getroot()
    rows = {row["id"]: row for row in naive_run.results["requirements"]}
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(rows)
    assert {case.get("name", "").split(" ", 1)[0] for case in cases} == set(rows)
    for suite in root.findall("testsuite"):
        inside = suite.findall("testcase")
        assert {case.get("classname") for case in inside} == {suite.get("name")}
        assert int(suite.get("tests", -1)) == len(inside)
    for case in cases:
        row = rows[case.get("name", "").split(" ", 1)[0]]
        assert case.get("name") == f"{row['id']} {row['summary']}"
        assert case.get("classname") == row["area"]
        assert _outcome(case) == TAGS.get(row["verdict"], "pass"), row["id"]
    failing = [row for row in rows.values() if row["verdict"] == "fail"]
    assert int(root.get("failures", -1)) == len(failing) > 0
    texts = [case.find("failure") for case in cases if case.find("failure") is not None]
    assert all("reproduce: curl" in (f.text or "") for f in texts if f is not None)
    skipped = [case.find("skipped") for case in cases if case.find("skipped") is not None]
    assert all(s is not None and s.get("message") for s in skipped)


def test_hostile_text_from_the_server_keeps_the_file_well_formed() -> None:
    hostile = 'detail </failure><x a="\x00"> & \x1b[31m \ufffe ]]>'
    document = results_document(
        observations=[Observation("ENV-001", Verdict.FAIL, "t::a", hostile)]
    )
    root = ET.fromstring(render_junit(document))
    failure = root.find(".//failure")
    assert failure is not None
    assert "</failure><x" in (failure.text or "")
    assert "\\x00" in failure.get("message", "")
    # The faulty variant: the same text written raw is not XML at all.
    raw = ET.Element("failure", message=hostile)
    with pytest.raises(ET.ParseError):
        ET.fromstring(ET.tostring(raw))


def test_a_baselined_failure_is_skipped_with_its_text_kept() -> None:
    document = results_document()
    baseline = Baseline(Path("baseline.yaml"), {"AUTH-001": Entry("tracked in #12")})
    document["baseline"] = compare(document, baseline, today=date(2026, 1, 1))
    root = ET.fromstring(render_junit(document))
    cases = {case.get("name", "").split(" ")[0]: case for case in root.iter("testcase")}
    known = cases["AUTH-001"]
    assert _outcome(known) == "skipped"
    skipped = known.find("skipped")
    assert skipped is not None
    assert "known failure (baseline)" in skipped.get("message", "")
    assert "401 expected" in (known.findtext("system-out") or "")


def test_a_test_judging_several_requirements_is_timed_once() -> None:
    from conformance.config import SuiteConfig
    from conformance.results import build_results

    observations = [
        Observation("AUTH-001", Verdict.PASS, "t::shared"),
        Observation("AUTH-002", Verdict.PASS, "t::shared"),
        Observation("AUTH-003", Verdict.PASS, "t::own"),
    ]
    runs = {"t::shared": {"duration_seconds": 2.0}, "t::own": {"duration_seconds": 0.5}}
    document = build_results(SuiteConfig(), observations, test_runs=runs)
    root = ET.fromstring(render_junit(document))
    auth = root.find("./testsuite[@name='auth']")
    assert auth is not None
    assert auth.get("time") == "2.500"
    assert root.get("time") == "2.500"
    cases = {c.get("name", "").split(" ")[0]: c.get("time") for c in auth.iter("testcase")}
    assert (cases["AUTH-001"], cases["AUTH-002"], cases["AUTH-003"]) == ("2.000", "2.000", "0.500")


def test_rendering_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """``report`` must give the bytes the run wrote, whatever process renders them.

    These four durations add up to 1.522 or 1.523 seconds depending on the order they are
    summed in, and a set of test IDs is ordered by the (per-process) string hash.
    """
    import json
    import os
    import subprocess
    import sys

    from conformance.config import SuiteConfig
    from conformance.results import build_results

    durations = {"t::a": 0.4637, "t::b": 0.1246, "t::c": 0.8806, "t::d": 0.0536}
    observations = [Observation("AUTH-001", Verdict.PASS, test) for test in durations]
    runs = {test: {"duration_seconds": seconds} for test, seconds in durations.items()}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(build_results(SuiteConfig(), observations, test_runs=runs)))
    script = (
        "import json, sys; from conformance.reports import render_junit; "
        "sys.stdout.buffer.write(render_junit(json.load(open(sys.argv[1]))))"
    )
    rendered = {
        subprocess.run(
            [sys.executable, "-c", script, str(path)],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
        for seed in range(12)
    }
    assert len(rendered) == 1
    assert b'time="1.522"' in rendered.pop()  # the exact sum, 1.5225 in binary, rounded
