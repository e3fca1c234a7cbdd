"""Minor items on what a run leaves behind: no dry-run folder in the temp dir, results.json
written once, progress lines that do not count harness errors as failures, and the time
estimate an HTTP run opens with."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_server import Behaviour, HostileServer, answer, refuse_unless_root
from hostile_support import RunSuite

from conformance.cli import main
from conformance.reports import results_json

Start = Callable[[Behaviour], HostileServer]


@pytest.fixture
def clean_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.startswith("KNOWLIFY_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_dry_run_leaves_no_folder_in_the_temp_dir(
    clean_cli: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch = clean_cli / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert main(["run", "--dry-run", "-k", "test_auth"]) == 0
    assert "Dry run for" in capsys.readouterr().out
    assert list(scratch.iterdir()) == []


def test_results_json_is_written_once(
    clean_cli: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    writes: list[str] = []
    original = results_json.write_atomically

    def counted(path: Path, text: str) -> None:
        writes.append(path.name)
        original(path, text)

    monkeypatch.setattr(results_json, "write_atomically", counted)
    code = main(["run", "-k", "test_auth", "--output", str(clean_cli / "r"), "--quiet"])
    assert code == 0, capsys.readouterr()
    assert writes.count("results.json") == 1


def test_progress_counts_harness_errors_as_errors(hostile: Start, run_suite: RunSuite) -> None:
    server = hostile(refuse_unless_root(answer(404, {"detail": "Not Found"})))
    run = run_suite(server.url, "-k", "test_auth", "--breaker", "2", quiet=False)
    area_lines = [line for line in run.out.splitlines() if line.lstrip().startswith("[")]
    assert area_lines, run.describe()
    assert all("failed" not in line for line in area_lines), area_lines
    assert any("error" in line for line in area_lines), area_lines
    # An HTTP run opens with its plan, as --dry-run counts it.
    assert run.out.splitlines()[0].startswith("Estimate: "), run.describe()  # nothing before
    (estimate,) = [line for line in run.out.splitlines() if line.startswith("Estimate: ")]
    assert "request(s) (videos " in estimate
    assert "run budget 1800 s" in estimate
