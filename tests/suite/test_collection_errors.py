"""A check module that fails to import is the harness's error, never a quiet conformant run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_a_module_that_does_not_import_makes_every_requirement_error(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    broken = tmp_path / "test_broken.py"
    broken.write_text('raise ImportError("a check module that does not import")\n')
    results = tmp_path / "results.json"
    subprocess.run(
        [
            sys.executable, "-m", "pytest", "--pyargs", "conformance.server", str(broken),
            "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
            "-p", "no:cacheprovider", "-q", "-k", "envelope",
            "--knowlify-results", str(results),
        ],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    document = json.loads(results.read_text(encoding="utf-8"))
    assert (document["verdict"], document["exit_code"]) == ("error", 2)
    verdicts = {row["verdict"] for row in document["requirements"]}
    assert verdicts <= {"error", "disabled"}
    assert "test_broken.py" in document["requirements"][0]["reason"]
