"""A server sending rate-limit headers only where the contract promises them is not blamed."""

from __future__ import annotations

from pathlib import Path

from suite_runs import run_cli


def test_headers_only_on_2xx_and_429_break_nothing_but_the_option(tmp_path: Path) -> None:
    run = run_cli(
        [
            "run", "--target", "reference:minimal_headers_app:factory", "--profile", "strict",
            "-k", "rate_limits or precedence", "--quiet",
        ],
        output=tmp_path,
    )  # fmt: skip
    assert run.failing == {"RATE-016"}, run.stdout[-3000:]
    assert run.rows["RATE-013"]["verdict"] == "pass"
    assert run.rows["RATE-008"]["verdict"] == "pass"
