"""The live-spending rail: every request a conformant server bills is paid for by a spend()."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conformance.reference import SandboxFixtures, create_app


def _run(tmp_path: Path, *extra: str, allow_spend: int) -> tuple[list[dict[str, Any]], Any]:
    fixtures = create_app().state.fixtures
    assert isinstance(fixtures, SandboxFixtures)
    config = tmp_path / "live.yaml"
    # Not a sandbox: billable checks need budget, as against a live API.
    config.write_text(
        yaml.safe_dump({"target": "https://api.knowlify.example", "sandbox": False}),
        encoding="utf-8",
    )
    listing, results = tmp_path / "requests.json", tmp_path / "results.json"
    status = pytest.main(
        [
            "--pyargs",
            "conformance.server",
            "-p",
            "no:cacheprovider",
            "-qq",
            "--tb=no",
            "--rootdir",
            str(tmp_path),
            "-c",
            str(config.with_suffix(".ini")),
            "--knowlify-config",
            str(config),
            "--knowlify-dry-run",
            str(listing),
            "--knowlify-results",
            str(results),
            "--knowlify-profile",
            "strict",
            "--knowlify-allow-spend",
            str(allow_spend),
            *extra,
        ]
    )
    assert status in (0, 1), status
    return json.loads(listing.read_text()), json.loads(results.read_text())


@pytest.fixture
def ini(tmp_path: Path) -> None:
    (tmp_path / "live.ini").write_text("[pytest]\n", encoding="utf-8")


@pytest.mark.usefixtures("ini")
def test_without_budget_nothing_billable_is_sent(tmp_path: Path) -> None:
    requests, results = _run(tmp_path, allow_spend=0)
    assert requests, "the dry run listed no request"
    assert not [line for line in requests if line["billable"]]
    assert results["spent"] == []


@pytest.mark.usefixtures("ini")
def test_every_billable_request_is_paid_for_and_listed(tmp_path: Path) -> None:
    requests, results = _run(tmp_path, allow_spend=10_000)
    billable = [line for line in requests if line["billable"]]
    paid = sum(entry["requests"] for entry in results["spent"])
    assert billable, "with budget, billable checks run"
    assert len(billable) <= paid, (len(billable), results["spent"])
    assert all(entry["test"] and entry["what"] for entry in results["spent"])


@pytest.mark.usefixtures("ini")
def test_a_small_budget_is_never_exceeded(tmp_path: Path) -> None:
    requests, results = _run(tmp_path, allow_spend=3)
    assert sum(entry["requests"] for entry in results["spent"]) <= 3
    assert len([line for line in requests if line["billable"]]) <= 3
