"""``explain --tests``: the index of tests per requirement matches what pytest collects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from report_helpers import Invoke
from suite_runs import child_environment

from conformance.reports.checked_by import requirement_tests

COLLECTOR = """
import json, os

def pytest_collection_finish(session):
    found = {}
    for item in session.items:
        ids = [str(a) for m in item.iter_markers("requirement") for a in m.args]
        found[item.nodeid] = ids
    with open(os.environ["MARKERS_OUT"], "w") as out:
        json.dump(found, out)
"""


def test_the_index_matches_a_pytest_collection(tmp_path: Path) -> None:
    (tmp_path / "marker_dump.py").write_text(COLLECTOR, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    out = tmp_path / "markers.json"
    environment = child_environment({"MARKERS_OUT": str(out)})
    environment["PYTHONPATH"] = f"{tmp_path}:{environment['PYTHONPATH']}"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "marker_dump",
         "--collect-only", "-q", "--pyargs", "conformance.server", "--knowlify-profile", "strict"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    collected: dict[str, list[str]] = json.loads(out.read_text(encoding="utf-8"))
    assert len(collected) > 100

    def function(test_id: str) -> str:
        return test_id.split("conformance/server/", 1)[-1].split("[", 1)[0]

    expected = {(rid, function(nodeid)) for nodeid, ids in collected.items() for rid in ids}
    indexed = {
        (rid, function(t))
        for rid, tests in requirement_tests().items()
        for t in tests
        if t.startswith("conformance/server/")
    }
    assert indexed == expected


def test_explain_tests_names_the_tests(cli: Invoke) -> None:
    code, out, err = cli("explain", "--tests", "VID-POLL-010", "CLI-RETRY-001")
    assert (code, err) == (0, "")
    assert (
        "tests:      conformance/server/test_polling.py::test_poll_of_unknown_video_is_404" in out
    )
    assert "test_generated_path_ids_keep_the_contract[getVideo]" in out
    assert "none carries its marker yet" in out.split("CLI-RETRY-001", 1)[1]
    code, out, _ = cli("explain", "--tests", "ENV-001")
    assert "judged on every response of every test by the oracle" in out
