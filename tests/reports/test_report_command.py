"""``knowlify-conformance report RESULTS.json``: re-renders; bad input is one line, exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from report_helpers import Invoke, results_document, run_folder
from suite_runs import Run

from conformance.reports import render_badge, render_html, render_junit


def test_report_re_renders_the_three_files(cli: Invoke, naive_run: Run, tmp_path: Path) -> None:
    source = tmp_path / "saved" / "results.json"
    source.parent.mkdir()
    shutil.copy(run_folder(naive_run) / "results.json", source)
    out = tmp_path / "out"
    code, stdout, stderr = cli("report", str(source), "--output", str(out))
    assert (code, stderr) == (0, ""), stderr
    assert sorted(p.name for p in out.iterdir()) == ["badge.json", "junit.xml", "report.html"]
    assert stdout.split() == [str(out / n) for n in ("junit.xml", "report.html", "badge.json")]
    results = naive_run.results
    assert (out / "report.html").read_text(encoding="utf-8") == render_html(results)
    assert (out / "junit.xml").read_bytes() == render_junit(results)
    assert json.loads((out / "badge.json").read_text("utf-8")) == render_badge(results)
    # The run's own files are the same renderings.
    original = run_folder(naive_run)
    assert (original / "junit.xml").read_bytes() == (out / "junit.xml").read_bytes()


def test_report_writes_beside_the_results_by_default(cli: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "results.json"
    source.write_text(json.dumps(results_document()), encoding="utf-8")
    code, _, stderr = cli("report", str(source))
    assert (code, stderr) == (0, "")
    assert (tmp_path / "report.html").is_file()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


BAD_INPUT = {
    "missing": (lambda t: t / "nope.json", "results file"),
    "a folder": (lambda t: t, "is a folder"),
    "not JSON": (lambda t: _write(t, "r.json", "{not json"), "is not JSON"),
    "empty": (lambda t: _write(t, "r.json", ""), "is not JSON"),
    "a list": (lambda t: _write(t, "r.json", "[]"), "not an object"),
    "no schema_version": (
        lambda t: _write(t, "r.json", json.dumps({"verdict": "pass"})),
        "has no schema_version",
    ),
    "a newer schema_version": (
        lambda t: _write(t, "r.json", json.dumps(results_document(schema_version=2))),
        "has schema_version 2; this suite reads schema_version 1",
    ),
    "a broken row": (
        lambda t: _write(
            t,
            "r.json",
            json.dumps(results_document()).replace('"verdict": "fail"', '"verdict": "bad"'),
        ),
        "does not fit the results schema at ",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_results_are_one_line_and_exit_2(
    cli: Invoke, tmp_path: Path, case: tuple[object, str]
) -> None:
    make, expected = case
    path = make(tmp_path)  # type: ignore[operator]
    code, stdout, stderr = cli("report", str(path), "--output", str(tmp_path / "out"))
    assert code == 2
    lines = stderr.rstrip("\n").splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("knowlify-conformance: error: ")
    assert expected in lines[0]
    assert "Traceback" not in stderr + stdout
    assert not (tmp_path / "out").exists()


def test_a_wrong_flag_is_one_line_and_exit_2(cli: Invoke) -> None:
    code, _, stderr = cli("report", "r.json", "--bogus")
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1
    assert "--bogus" in stderr
