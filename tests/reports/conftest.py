"""Runs shared by the report tests, made the way a user makes them.

The console script runs in a subprocess against in-process targets only (the embedded
reference, the naive app as ``asgi:naive_app:app``): nothing leaves the machine. The helpers
of ``tests/suite`` make the runs (``report_helpers`` puts that folder on ``sys.path``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from report_helpers import Invoke, sandbox_key
from suite_runs import Run, naive_config, run_cli

from conformance.cli import COMMANDS, main


@pytest.fixture(scope="session")
def naive_config_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("naive-config") / "naive.yaml"
    path.write_text(yaml.safe_dump(naive_config(), sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def reference_json_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """A full run of the embedded reference, ``--format json``, with a known key set."""
    output = tmp_path_factory.mktemp("reference-json")
    return run_cli(
        ["run", "--format", "json"], output=output, env={"KNOWLIFY_API_KEY": sandbox_key()}
    )


@pytest.fixture(scope="session")
def naive_run(tmp_path_factory: pytest.TempPathFactory, naive_config_file: Path) -> Run:
    """A full text run against the naive app: dozens of failures."""
    output = tmp_path_factory.mktemp("naive-text")
    return run_cli(["run", "--config", str(naive_config_file)], output=output)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """``cli("report", path)`` runs ``main`` in this process: (exit code, stdout, stderr)."""
    monkeypatch.setitem(COMMANDS, "report", "report")  # a no-op once COMMANDS lists it

    def invoke(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
