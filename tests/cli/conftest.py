"""Fixtures for the CLI tests: an in-process invoker, a subprocess runner, loopback servers.

Bad-input cases call ``conformance.cli.main`` in-process (fast, output through ``capsys``);
anything that starts pytest, a server or a signal runs the installed console script in a
subprocess, always with a timeout, from an empty folder and without ``KNOWLIFY_*`` variables.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from clitools import RUN_TIMEOUT, GarbageHandler, Invoke, Outcome, RunCli, command, results_of

from conformance.cli import main


# --- in-process ----------------------------------------------------------------------------------
@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Invoke:
    """``cli("run", "--target", "x")`` runs ``main`` in this process from an empty folder."""
    for name in list(os.environ):
        if name.startswith("KNOWLIFY_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    # An asgi: target puts the current folder on sys.path and PYTHONPATH: undo it afterwards.
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))

    def invoke(*argv: str) -> Outcome:
        capsys.readouterr()
        started = time.monotonic()
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err, time.monotonic() - started)

    return invoke


# --- subprocesses --------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def cli_environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of CLI subprocesses: no KNOWLIFY_* or PYTEST_* variables.

    Bytecode (assertion-rewritten plugin modules included) goes to a cache folder outside the
    project, so that only the first pytest start compiles the plugins; where the environment
    forbids writing bytecode (PYTHONDONTWRITEBYTECODE) every start would pay for it again.
    """
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("KNOWLIFY_", "PYTEST_"))
        and name not in ("PYTHONDONTWRITEBYTECODE", "HYPOTHESIS_STORAGE_DIRECTORY")
    }
    environment["PYTHONPYCACHEPREFIX"] = str(_bytecode_cache(tmp_path_factory))
    return environment


def _bytecode_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bytecode folder kept between sessions (pyc files are checked against their sources)."""
    folder = Path(tempfile.gettempdir()) / f"knowlify-conformance-cli-tests-pyc-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return tmp_path_factory.mktemp("pycache")
    return folder


@pytest.fixture
def run_cli(cli_environment: dict[str, str], tmp_path: Path) -> RunCli:
    """``run_cli("run", "-k", "x")`` runs the console script with a timeout, from ``tmp_path``."""

    def run(*argv: str, timeout: float = RUN_TIMEOUT, env: dict[str, str] | None = None) -> Outcome:
        started = time.monotonic()
        completed = subprocess.run(
            [*command(), *argv],
            cwd=tmp_path,
            env={**cli_environment, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        return Outcome(
            completed.returncode, completed.stdout, completed.stderr, time.monotonic() - started
        )

    return run


@pytest.fixture(scope="session")
def reference_run(
    cli_environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Outcome, dict[str, Any]]:
    """One full single-process run against the embedded reference, shared by several tests."""
    folder = tmp_path_factory.mktemp("reference-run")
    started = time.monotonic()
    completed = subprocess.run(
        [*command(), "run", "--output", str(folder / "reports")],
        cwd=folder,
        env=cli_environment,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    outcome = Outcome(
        completed.returncode, completed.stdout, completed.stderr, time.monotonic() - started
    )
    return outcome, results_of(outcome)


@pytest.fixture
def garbage_server() -> Iterator[str]:
    """The base URL of a loopback HTTP server answering ``200 not json`` to everything."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GarbageHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
