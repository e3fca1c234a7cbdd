"""Warm workers (``--knowlify-workers``, behind ``run -n``): a dead worker is an error, never a gap.

The same verdicts as one process are proved by ``tests/cli/test_cli_run.py``; here, what happens
when a worker dies mid-run, and which combinations are refused.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from suite_runs import child_environment, run_cli

CRASHED = "test_a_valid_key_is_accepted_on_each_operation"

#: A plugin that kills the worker process in the middle of one test (or of every test, with
#: CRASH_ALL set), as a segfault would.
CRASHING_PLUGIN = f"""
import os

def pytest_runtest_call(item):
    if item.name == {CRASHED!r} or os.environ.get("CRASH_ALL"):
        os._exit(3)
"""


def _suite(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], Path]:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "crashing_plugin.py").write_text(CRASHING_PLUGIN, encoding="utf-8")
    results = tmp_path / "results.json"
    completed = subprocess.run(
        [
            sys.executable, "-m", "pytest", "--pyargs", "conformance.server",
            "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
            "-p", "no:cacheprovider", "-p", "no:schemathesis", "-q",
            "--knowlify-results", str(results), *args,
        ],
        capture_output=True, text=True, timeout=180, check=False, cwd=tmp_path,
        env=child_environment({"PYTHONPATH": str(tmp_path), **(env or {})}),
    )  # fmt: skip
    return completed, results


def test_a_worker_that_dies_makes_its_tests_error(tmp_path: Path) -> None:
    completed, results = _suite(
        tmp_path, "-p", "crashing_plugin", "--knowlify-workers", "2", "-k", "test_auth"
    )
    document: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    rows = {row["id"]: row for row in document["requirements"]}
    held = {rid for rid, row in rows.items() if any(CRASHED in test for test in row["tests"])}
    assert held, completed.stdout + completed.stderr
    assert {rows[rid]["verdict"] for rid in held} == {"error"}
    assert all("worker that held this test stopped (exit code 3" in rows[r]["reason"] for r in held)
    assert (document["verdict"], document["exit_code"]) == ("error", 2)
    # The other worker went on: the rest of the area was judged.
    assert any(row["verdict"] == "pass" for row in rows.values())
    assert completed.returncode != 0


def test_when_every_worker_dies_no_test_is_left_a_quiet_skip(tmp_path: Path) -> None:
    completed, results = _suite(
        tmp_path, "-p", "crashing_plugin", "--knowlify-workers", "2", "-k", "test_auth",
        env={"CRASH_ALL": "1"},
    )  # fmt: skip
    document: dict[str, Any] = json.loads(results.read_text(encoding="utf-8"))
    verdicts = {row["verdict"] for row in document["requirements"]}
    assert "error" in verdicts, completed.stdout + completed.stderr
    assert verdicts <= {"error", "disabled", "skip"}
    # Every requirement an auth test carries is error; only the others are skip (not run).
    held = [r for r in document["requirements"] if any("test_auth" in t for t in r["tests"])]
    assert held
    assert {row["verdict"] for row in held} == {"error"}


def test_warm_workers_and_xdist_are_not_combined(tmp_path: Path) -> None:
    completed, _ = _suite(tmp_path, "--knowlify-workers", "2", "-n", "2", "-k", "test_auth")
    assert completed.returncode == pytest.ExitCode.USAGE_ERROR
    assert "use either -n (xdist) or --knowlify-workers, not both" in completed.stderr


def test_workers_against_an_http_target_are_refused(tmp_path: Path) -> None:
    # Nothing listens there and nothing is sent: the refusal comes first.
    run = run_cli(["run", "-n", "2", "--target", "http://127.0.0.1:9"], output=tmp_path)
    assert run.returncode == 2
    assert "-n with an HTTP target" in run.stderr or "-n with an HTTP target" in run.stdout
    assert "Traceback" not in run.stderr


def test_xdist_and_warm_workers_give_the_same_verdicts(tmp_path: Path) -> None:
    # The pytest route keeps xdist's -n; both must roll up the same results.
    verdicts = []
    for name, parallel in (("xdist", ("-n", "2")), ("warm", ("--knowlify-workers", "2"))):
        folder = tmp_path / name
        folder.mkdir()
        completed, results = _suite(folder, *parallel, "-k", "test_auth or test_envelope")
        assert completed.returncode == 0, completed.stdout + completed.stderr
        document = json.loads(results.read_text(encoding="utf-8"))
        verdicts.append({row["id"]: row["verdict"] for row in document["requirements"]})
    assert verdicts[0] == verdicts[1]
    assert "pass" in verdicts[0].values()


#: Plain tests beside the suite, to see the workers keep pytest's own behaviour.
OWN_TESTS = """
import os, time, warnings
import pytest

@pytest.mark.filterwarnings("error")
def test_own_warning_is_an_error():
    warnings.warn("turned into an error by the marker", UserWarning)

def test_own_assertion_has_its_diff():
    assert [1, 2, 3] == [1, 2, 4]

@pytest.mark.parametrize("n", range(8))
def test_own_failure(n):
    assert n < 0

def test_own_slow():
    open(os.environ["OWN_STARTED"], "w").close()
    time.sleep(60)
"""


def _own(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_own.py").write_text(OWN_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(tmp_path / "test_own.py"), "-c",
         str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), "-p", "no:cacheprovider",
         "--knowlify-workers", "2", "-q", *args],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
        env=child_environment({"OWN_STARTED": str(tmp_path / "started")}),
    )  # fmt: skip


def test_workers_keep_warning_filters_and_assertion_diffs(tmp_path: Path) -> None:
    done = _own(tmp_path, "-k", "warning or diff")
    assert "2 failed" in done.stdout, done.stdout + done.stderr
    assert "UserWarning: turned into an error by the marker" in done.stdout
    assert "At index 2 diff: 3 != 4" in done.stdout


def test_workers_stop_claiming_tests_after_the_first_failure_with_x(tmp_path: Path) -> None:
    done = _own(tmp_path, "-x", "-k", "test_own_failure")
    assert "Interrupted" in done.stdout or "stopping after" in done.stdout, done.stdout
    # A failure is counted, under the claim lock, before its worker claims again: each of the
    # 2 workers then holds at most the test it runs and the one it claimed ahead.
    found = re.search(r"(\d+) failed", done.stdout)
    assert found is not None, done.stdout
    assert 1 <= int(found.group(1)) <= 4, done.stdout


def test_an_interrupted_run_leaves_no_worker_behind(tmp_path: Path) -> None:
    (tmp_path / "test_own.py").write_text(OWN_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    started = tmp_path / "started"
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", str(tmp_path / "test_own.py"), "-c",
         str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), "-p", "no:cacheprovider",
         "--knowlify-workers", "2", "-q", "-k", "slow"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path,
        env=child_environment({"OWN_STARTED": str(started)}),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started.exists(), "the slow test never started"
        os.kill(run.pid, signal.SIGINT)  # the parent alone, as a CI runner's cancel may
        assert run.wait(timeout=30) != 0
    finally:
        run.kill()
