"""The terminal: progress per area, the verdict table, failures with reproductions, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

from report_helpers import run_folder
from suite_runs import Run, run_cli

from conformance.reports.progress import area_of

PROGRESS = re.compile(r"^  \[ ?(\d+)/(\d+)\] (\S+) +(.+)  \(\d+\.\d s\)$")


def test_a_text_run_prints_a_line_per_area_then_the_table(naive_run: Run) -> None:
    lines = naive_run.stdout.splitlines()
    progress = [match for line in lines if (match := PROGRESS.match(line))]
    tests = naive_run.results["tests"]
    areas = {area_of(test["id"]) for test in tests}
    assert [int(m.group(1)) for m in progress] == list(range(1, len(areas) + 1))
    assert {m.group(3) for m in progress} == areas
    assert all(int(m.group(2)) == len(areas) for m in progress)
    assert not any(re.fullmatch(r"[.FsE]+ *(\[ *\d+%\])?", line) for line in lines), "pytest dots"
    # The table: one line per catalogue area of the side, and a total.
    rows = naive_run.results["requirements"]
    table = [line for line in lines if re.match(r"^  \S+ +\d+ +\d+ +\d+ +\d+ +\d+$", line)]
    assert [line.split()[0] for line in table] == [*dict.fromkeys(r["area"] for r in rows), "total"]
    total = table[-1].split()[1:]
    counts = naive_run.results["counts"]
    assert total == [str(counts[v]) for v in ("pass", "fail", "error", "skip", "disabled")]
    # Failures come with their reproduction; the last lines are the verdict and the results.
    assert naive_run.stdout.count("reproduce: curl") >= len(naive_run.failing) - 2
    assert lines[-2].startswith("NOT CONFORMANT: ")
    assert lines[-1] == f"Results: {run_folder(naive_run) / 'results.json'}"


def test_format_json_prints_the_document_alone(reference_json_run: Run) -> None:
    assert reference_json_run.returncode == 0, reference_json_run.stderr[-2000:]
    printed = json.loads(reference_json_run.stdout)
    assert printed == reference_json_run.results
    # Progress went to stderr, where it does not spoil the document.
    assert PROGRESS.match(reference_json_run.stderr.splitlines()[0])


def test_format_json_of_a_failing_run_exits_1(tmp_path: Path, naive_config_file: Path) -> None:
    run = run_cli(
        ["run", "--config", str(naive_config_file), "--format", "json", "--quiet",
         "-k", "test_unhandled_exception_is_a_500_envelope"],
        output=tmp_path,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert json.loads(run.stdout)["verdict"] == "fail"
    assert run.stderr == ""  # --quiet: no progress either


def test_quiet_prints_failures_and_the_verdict_only(
    tmp_path: Path, naive_config_file: Path
) -> None:
    run = run_cli(
        ["run", "--config", str(naive_config_file), "--quiet",
         "-k", "test_unhandled_exception_is_a_500_envelope"],
        output=tmp_path,
    )  # fmt: skip
    assert run.returncode == 1
    assert not PROGRESS.search(run.stdout)
    assert not re.search(r"^  (pass|skip|disabled) ", run.stdout, re.MULTILINE)
    assert re.search(r"^  fail +FW-004 ", run.stdout, re.MULTILINE)
    assert "reproduce: curl" in run.stdout
