"""The pytest plugin is inert in a foreign pytest session; shadowed packages stop with one line.

An SDK installs the suite beside its own code and runs its own tests with pytest: that run
must print nothing of ours and import nothing of the suite. The suite's packages have common
names (``conformance``, ``strategies``): a module of the user's by one of those names must
give one clear line, not an ImportError deep inside the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import knowlify_conformance_entry as entry

SDK_TEST = "def test_the_sdk_works():\n    assert 1 + 1 == 2\n"
# Written by the foreign project's conftest at the end of its session.
MODULES_PROBE = """
import json, sys
def pytest_sessionfinish(session):
    with open("modules.json", "w") as out:
        json.dump(sorted(sys.modules), out)
"""


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("KNOWLIFY_", "PYTEST_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=folder, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_a_foreign_pytest_session_sees_nothing_of_ours(tmp_path: Path) -> None:
    (tmp_path / "test_sdk.py").write_text(SDK_TEST, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(MODULES_PROBE, encoding="utf-8")
    done = _pytest(tmp_path, "-v")
    assert done.returncode == 0, done.stdout + done.stderr
    output = (done.stdout + done.stderr).lower()
    assert "knowlify:" not in output
    assert "warning" not in output
    loaded = (tmp_path / "modules.json").read_text(encoding="utf-8")
    assert '"conformance' not in loaded
    assert '"strategies' not in loaded


def test_the_same_session_asking_for_it_gets_it(tmp_path: Path) -> None:
    (tmp_path / "test_sdk.py").write_text(SDK_TEST, encoding="utf-8")
    done = _pytest(tmp_path, "--knowlify-profile", "strict", "test_sdk.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "knowlify: target=reference profile=strict" in done.stdout


def test_what_asks_for_the_plugin() -> None:
    package = str(entry.HERE / "conformance" / "server")
    assert entry.asked_for(["--pyargs", "conformance.server"], {})
    assert entry.asked_for(["--knowlify-target=reference"], {})
    assert entry.asked_for([package], {})
    assert entry.asked_for(["tests"], {"knowlify_profile": "strict"})
    assert not entry.asked_for(["tests", "-k", "conformance"], {"addopts": "-q"})
    assert not entry.asked_for(["-p", "no:cacheprovider", "tests/test_x.py"], {})


def test_a_shadowing_module_is_one_line_for_pytest(tmp_path: Path) -> None:
    (tmp_path / "strategies.py").write_text("SOMETHING = 1\n", encoding="utf-8")
    (tmp_path / "test_sdk.py").write_text(SDK_TEST, encoding="utf-8")
    assert _pytest(tmp_path).returncode == 0  # not asked for: the user's module is theirs
    done = _pytest(tmp_path, "--knowlify-target", "reference")
    assert done.returncode == 4, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "'strategies' imports from" in lines[0]
    assert str(tmp_path / "strategies.py") in lines[0]
    assert "Traceback" not in done.stderr


def test_a_shadowing_folder_is_one_line_for_the_command(tmp_path: Path) -> None:
    (tmp_path / "conformance").mkdir()
    (tmp_path / "conformance" / "__init__.py").write_text("", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys, knowlify_conformance_entry as e; sys.exit(e.main(['explain', 'ENV-001']))"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("knowlify-conformance: error: the module 'conformance'")
    assert entry.shadowing() is None  # from the project's own folder, ours is ours
