"""Major 4: a run that crashed or was interrupted never leaves a results file claiming success.

Today a JSON body nested 100000 deep stopped pytest (RecursionError in the envelope check) and
left every requirement "skip" with exit code 0; Ctrl-C left "pass"; SIGTERM left nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hostile_server import Behaviour, HostileServer, answer, slow
from hostile_support import FIXTURES, KEY, RunSuite, assert_honest

Start = Callable[[Behaviour], HostileServer]
_DEEP = b"[" * 3000 + b"]" * 3000


def test_json_nested_too_deep_is_judged_not_a_crash(hostile: Start, run_suite: RunSuite) -> None:
    server = hostile(answer(404, raw=_DEEP))
    run = run_suite(server.url, "-k", "test_envelope", timeout=60)
    assert_honest(run)
    assert "RecursionError" not in run.out + run.err + json.dumps(run.results)
    assert run.verdicts()["ENV-001"] == "fail", run.describe()
    reason = next(r["reason"] for r in run.results["requirements"] if r["id"] == "ENV-001")
    assert "nested deeper" in reason


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_says_so_in_its_results(
    hostile: Start, tmp_path: Path, signum: signal.Signals
) -> None:
    server = hostile(slow(answer(404, {"detail": "Not Found"}), 0.2))
    config = tmp_path / "hostile.yaml"
    settings = {"target": server.url, "sandbox": True, "timeout_seconds": 1, "fixtures": FIXTURES}
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KNOWLIFY_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "conformance.cli", "run", "--config", str(config),
         "--output", str(tmp_path / "reports"), "--quiet"],
        cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while len(server.requests) < 4 and time.monotonic() < deadline:  # the checks have begun
        time.sleep(0.05)
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    (folder,) = (tmp_path / "reports").iterdir()
    results = json.loads((folder / "results.json").read_text("utf-8"))
    assert results["exit_code"] == process.returncode == 2, out + err
    assert results["verdict"] == "error"
    name = "SIGTERM" if signum == signal.SIGTERM else "Ctrl-C"
    assert results["interrupted"] == f"the run was interrupted ({name})"
    verdicts = {row["verdict"] for row in results["requirements"]}
    assert "error" in verdicts
    assert (folder / "report.html").is_file()
    assert "interrupted" in err
    assert KEY not in out + err
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temp file left


def test_an_atomic_write_leaves_the_old_file_whole_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conformance.reports.results_json import write_atomically

    path = tmp_path / "results.json"
    write_atomically(path, '{"verdict": "pass"}')

    def refuse(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, '{"verdict": "error", "much": "' + "x" * 100000 + '"}')
    assert path.read_text() == '{"verdict": "pass"}'
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]
