"""Runs shared by the report tests, made the way a user makes them.

The console script runs in a subprocess against in-process targets only (the embedded
reference, the naive app as ``asgi:naive_app:app``): nothing leaves the machine. The helpers
of ``tests/suite`` make the runs; that folder is put on ``sys.path`` for them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

SUITE_TESTS = Path(__file__).resolve().parents[1] / "suite"
if str(SUITE_TESTS) not in sys.path:
    sys.path.insert(0, str(SUITE_TESTS))

from suite_runs import Run, naive_config, run_cli  # noqa: E402

from conformance.cli import COMMANDS, main  # noqa: E402

REPORT_FILES = ("results.json", "junit.xml", "report.html", "badge.json")


def sandbox_key() -> str:
    from conformance.reference import create_app

    key: str = create_app().state.fixtures.keys.personal
    return key


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


def run_folder(run: Run) -> Path:
    folders = sorted(run.output.glob("run-*"))
    assert len(folders) == 1, folders
    return folders[0]


Invoke = Callable[..., tuple[int, str, str]]


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


def results_document(**changes: Any) -> dict[str, Any]:
    """A small real results document (build_results over a few observations)."""
    from conformance.config import SuiteConfig
    from conformance.results import build_results
    from conformance.verdicts import Observation, Verdict

    observations = changes.pop("observations", None) or [
        Observation("ENV-001", Verdict.PASS, "tests::a"),
        Observation("AUTH-001", Verdict.FAIL, "tests::b", "401 expected, got 200"),
        Observation("AUTH-002", Verdict.PASS, "tests::c"),
    ]
    document = build_results(SuiteConfig(), observations)
    document.update(changes)
    return document
