"""Run ``knowlify-conformance`` the way a user does, in a subprocess, and read what it wrote.

Every run is in-process (the embedded reference or an ``asgi:`` app): nothing leaves the
machine. This folder is put on the child's ``PYTHONPATH`` so that ``asgi:naive_app:app``
imports; pytest's default (prepend) import mode puts it on this process's ``sys.path`` too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import naive_app
import pytest

__all__ = ["Run", "child_environment", "cli_command", "naive_config", "run_child", "run_cli"]

SUITE_TESTS = Path(__file__).resolve().parent
RUN_TIMEOUT_SECONDS = 180


def cli_command() -> list[str]:
    """The installed console script of this environment."""
    script = Path(sys.executable).with_name("knowlify-conformance")
    if script.is_file():
        return [str(script)]
    found = shutil.which("knowlify-conformance")
    if found is None:  # pragma: no cover - the package is installed in the test environment
        pytest.fail("the knowlify-conformance console script is not installed")
    return [found]


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment without any KNOWLIFY_* or PYTEST_* setting, plus this folder on the path."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("KNOWLIFY_", "PYTEST_"))
    }
    inherited = os.environ.get("PYTHONPATH")
    environ["PYTHONPATH"] = os.pathsep.join([str(SUITE_TESTS), *([inherited] if inherited else [])])
    environ.update(extra or {})
    return environ


@dataclass(frozen=True)
class Run:
    """One finished child process and the folder it wrote to."""

    returncode: int
    stdout: str
    stderr: str
    output: Path

    @cached_property
    def results(self) -> dict[str, Any]:
        found = sorted(self.output.glob("run-*/results.json"))
        assert len(found) == 1, f"expected one results.json under {self.output}, found {found}"
        document: dict[str, Any] = json.loads(found[0].read_text(encoding="utf-8"))
        return document

    @cached_property
    def rows(self) -> dict[str, dict[str, Any]]:
        return {row["id"]: row for row in self.results["requirements"]}

    @property
    def failing(self) -> set[str]:
        return {rid for rid, row in self.rows.items() if row["verdict"] == "fail"}

    def written_files(self) -> list[Path]:
        return sorted(path for path in self.output.rglob("*") if path.is_file())


def run_child(
    command: Sequence[str],
    *,
    output: Path,
    env: Mapping[str, str] | None = None,
) -> Run:
    output.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        list(command),
        cwd=output,
        env=child_environment(env),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr, output)


def run_cli(args: Sequence[str], *, output: Path, env: Mapping[str, str] | None = None) -> Run:
    """``knowlify-conformance <args> --output <output>``."""
    return run_child([*cli_command(), *args, "--output", str(output)], output=output, env=env)


def naive_config() -> dict[str, Any]:
    return {
        "target": "asgi:naive_app:app",
        "profile": "documented",
        "sandbox": True,  # an in-process app that bills nobody: the spending checks run
        "max_wait_seconds": 0,  # its jobs never progress: don't watch them in real time
        "fixtures": naive_app.fixtures_block(),
    }
