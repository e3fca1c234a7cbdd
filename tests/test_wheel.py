"""The wheel holds every file the installed suite reads or cites (a pip install has no docs/)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conformance.cli.explain import PAGES

REPO = Path(__file__).resolve().parents[1]
#: Package files read or cited at run time, relative to site-packages.
NEEDED = (
    *(f"conformance/contract/{page}" for page in PAGES),
    "conformance/contract/catalogue.yaml",
    "conformance/contract/openapi.yaml",
    "conformance/fixtures.yaml",
    "conformance/fixture_usage.json",
    "conformance/reports/results.schema.json",
    "conformance/client/scenarios.yaml",
    "conformance/client/protocol.py",
    "conformance/reference/imagehost.py",
    "knowlify_conformance_entry.py",
)


@pytest.mark.slow
def test_the_wheel_holds_what_the_suite_cites(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = tmp_path.glob("knowlify_conformance-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in NEEDED if name not in names]
    assert not missing, missing
    assert any(name.endswith("licenses/LICENSE") for name in names)
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "knowlify-conformance = knowlify_conformance_entry:main" in text
    assert "knowlify = knowlify_conformance_entry" in text
    assert not [name for name in names if name.startswith(("docs/", "tests/"))]
