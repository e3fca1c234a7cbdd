"""No secret in any of the four report files, nor on the terminal, with a known key in use."""

from __future__ import annotations

from pathlib import Path

from report_helpers import REPORT_FILES, run_folder
from suite_runs import Run
from test_key_secrecy import SANDBOX_KEY, find_leaks


def _outputs(run: Run) -> dict[str, str]:
    folder = run_folder(run)
    found = {name: (folder / name).read_text(encoding="utf-8") for name in REPORT_FILES}
    return {**found, "stdout": run.stdout, "stderr": run.stderr}


def test_a_reference_run_with_a_known_key_leaks_nothing(reference_json_run: Run) -> None:
    outputs = _outputs(reference_json_run)
    assert reference_json_run.results["config"]["fixtures"]["keys"]["personal"] == "[REDACTED]"
    assert find_leaks(outputs) == []
    # The control: the same check finds the key when it is there.
    assert find_leaks({"control": outputs["report.html"] + SANDBOX_KEY}) != []


def test_a_failing_run_leaks_nothing_from_its_evidence(naive_run: Run) -> None:
    outputs = _outputs(naive_run)
    assert "$KNOWLIFY_API_KEY" in outputs["report.html"]  # curl lines name the variable
    assert "$KNOWLIFY_API_KEY" in outputs["junit.xml"]
    assert "[REDACTED" in outputs["results.json"]
    assert find_leaks(outputs) == []


def test_the_re_rendered_reports_leak_nothing(naive_run: Run, tmp_path: Path) -> None:
    from conformance.reports import load_results, write_reports

    written = write_reports(load_results(run_folder(naive_run) / "results.json"), tmp_path)
    assert find_leaks({str(p): p.read_text(encoding="utf-8") for p in written.values()}) == []
