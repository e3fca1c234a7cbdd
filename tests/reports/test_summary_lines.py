"""The end-of-run summary: disabled rows collapse by reason; a fully baselined run says so."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from conformance.reports.badge import render_badge
from conformance.reports.terminal import print_summary


def _row(rid: str, verdict: str, reason: str = "", level: str = "MUST") -> dict[str, Any]:
    return {"id": rid, "level": level, "area": "envelope", "summary": f"rule {rid}",
            "verdict": verdict, "reason": reason, "failures": []}  # fmt: skip


def _results(rows: list[dict[str, Any]], verdict: str, **extra: Any) -> dict[str, Any]:
    return {"side": "server", "target": "reference", "profile": "documented",
            "requirements": rows, "verdict": verdict, **extra}  # fmt: skip


def _summary(results: dict[str, Any]) -> list[str]:
    out = io.StringIO()
    print_summary(results, Path("results.json"), quiet=False, out=out)
    return out.getvalue().splitlines()


PROFILE = "not in the 'documented' profile"


def test_disabled_requirements_are_one_line_per_reason() -> None:
    rows = [_row("ENV-001", "pass")]
    rows += [_row(f"ENV-{n:03d}", "disabled", PROFILE, "SHOULD") for n in range(2, 12)]
    rows += [_row("RATE-008", "disabled", "rate-limit probes are off")]
    lines = _summary(_results(rows, "pass"))
    assert not [line for line in lines if line.startswith("  disabled ENV-")]
    assert f"  disabled 10 requirement(s), {PROFILE} (report.html lists them)" in lines
    assert "  disabled 1 requirement(s), rate-limit probes are off: RATE-008" in lines
    assert lines[-2].startswith("CONFORMANT: 1 pass")


def test_a_run_whose_failures_are_all_known_says_so() -> None:
    rows = [_row("ENV-001", "pass"), _row("ENV-002", "fail", "bad content type")]
    baseline = {"file": "b.yaml", "new": [], "expired": [], "known": ["ENV-002"], "fixed": [],
                "unjudged": [], "exit_code": 0}  # fmt: skip
    results = _results(rows, "fail", baseline=baseline)
    lines = _summary(results)
    assert lines[-2].startswith("CONFORMANT AGAINST THE BASELINE: 1 pass, 1 fail")
    assert lines[-2].endswith("known failure(s): ENV-002")
    assert not any(line.startswith("NOT CONFORMANT") for line in lines)
    badge = render_badge(results)
    assert (badge["message"], badge["color"]) == ("1/2 MUST, 1 known failing", "yellow")


def test_a_new_failure_against_the_baseline_stays_red() -> None:
    rows = [_row("ENV-001", "fail", "x"), _row("ENV-002", "fail", "y")]
    baseline = {"file": "b.yaml", "new": ["ENV-001"], "expired": [], "known": ["ENV-002"],
                "fixed": [], "unjudged": [], "exit_code": 1}  # fmt: skip
    results = _results(rows, "fail", baseline=baseline)
    assert _summary(results)[-2].startswith("NOT CONFORMANT")
    assert render_badge(results)["color"] == "red"
