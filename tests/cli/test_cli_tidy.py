"""A run leaves the user's folder as it found it, and its report folder holds only reports."""

from __future__ import annotations

from pathlib import Path

from clitools import RunCli


def test_a_run_writes_no_hypothesis_folder_and_no_pytest_ini(
    run_cli: RunCli, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    outcome = run_cli(
        "run", "-k", "test_generated_valid_requests_keep_the_contract", "--output", "reports",
        env={"XDG_CACHE_HOME": str(cache)},
    )  # fmt: skip
    assert outcome.code == 0, outcome.describe()
    assert not (tmp_path / ".hypothesis").exists()
    assert (cache / "knowlify-conformance" / "hypothesis").is_dir()  # Hypothesis did run
    (folder,) = (tmp_path / "reports").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "badge.json", "junit.xml", "report.html", "results.json",
    ]  # fmt: skip
