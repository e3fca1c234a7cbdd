"""Helpers of the report tests (fixtures live in conftest.py; conftest is not importable by
name, since every test folder has one)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

SUITE_TESTS = Path(__file__).resolve().parents[1] / "suite"
if str(SUITE_TESTS) not in sys.path:
    sys.path.insert(0, str(SUITE_TESTS))

from suite_runs import Run  # noqa: E402

__all__ = ["REPORT_FILES", "Invoke", "results_document", "run_folder", "sandbox_key"]

REPORT_FILES = ("results.json", "junit.xml", "report.html", "badge.json")

Invoke = Callable[..., tuple[int, str, str]]


def sandbox_key() -> str:
    from conformance.reference import create_app

    key: str = create_app().state.fixtures.keys.personal
    return key


def run_folder(run: Run) -> Path:
    folders = sorted(run.output.glob("run-*"))
    assert len(folders) == 1, folders
    return folders[0]


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
    selection = changes.pop("selection", None)
    document = build_results(SuiteConfig(), observations, selection=selection)
    document.update(changes)
    return document
