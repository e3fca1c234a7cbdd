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
        env={"XDG_CACHE_HOME": str(cache)}, timeout=600,
    )  # fmt: skip
    assert outcome.code == 0, outcome.describe()
    assert not (tmp_path / ".hypothesis").exists()
    assert (cache / "knowlify-conformance" / "hypothesis").is_dir()  # Hypothesis did run
    (folder,) = (tmp_path / "reports").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "badge.json", "junit.xml", "report.html", "results.json",
    ]  # fmt: skip


def test_the_dry_run_lists_requests_by_bucket_without_progress_dots(
    run_cli: RunCli, tmp_path: Path
) -> None:
    from conformance.cli.run import DRY_RUN_BUCKETS

    outcome = run_cli("run", "--dry-run", "-k", "test_envelope or test_framework", timeout=600)
    assert outcome.code == 0, outcome.describe()
    lines = [line for line in outcome.out_lines if line.strip()]
    assert not any(set(line.split("[")[0].strip()) <= set(".sF") for line in lines), lines[:3]
    headings = [line for line in lines if not line.startswith(" ")]
    for meaning in DRY_RUN_BUCKETS.values():
        assert any(line.startswith(meaning) for line in headings), meaning
    assert any(line.startswith("Dry run for ") for line in headings)
    assert not (tmp_path / ".hypothesis").exists()
