"""What a run prints when it ends: requirement rows, a verdict table, failures, the verdict.

Side-agnostic: it reads only the results document. The last two lines are always the
verdict ("CONFORMANT: 12 pass, ...") and "Results: PATH", which scripts may read.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from ._coverage import coverage_lines
from ._text import failure_lines, first_line, verdict_word

__all__ = [
    "VERDICTS",
    "against_baseline",
    "area_table",
    "baseline_lines",
    "disabled_lines",
    "print_summary",
    "unjudged_lines",
]

VERDICTS = ("pass", "fail", "error", "skip", "disabled")


def print_summary(
    results: Mapping[str, Any],
    path: Path,
    *,
    quiet: bool,
    rows: bool = True,
    reports: Mapping[str, Path] | None = None,
    out: TextIO | None = None,
) -> None:
    """Rows (failures only when ``quiet``), each failure with its reproduction, the table."""
    stream = out or sys.stdout
    requirements: list[Mapping[str, Any]] = results["requirements"]
    lines = [
        "",
        f"Knowlify conformance, {results['side']} side: target {results['target']}, "
        f"profile {results['profile']}",
    ]
    known = set((results.get("baseline") or {}).get("known", []))
    for row in requirements if rows else []:
        failing = row["verdict"] in ("fail", "error")
        if (quiet and not failing) or row["verdict"] == "disabled":
            continue
        failures = row.get("failures") or []
        reason = first_line(row.get("reason"))
        # A failure's first line follows on the next lines: the reason would repeat it.
        hidden = row["verdict"] == "pass" or not reason or (failing and failures)
        reason = "" if hidden else f"  ({reason})"
        mark = "  [baseline: known]" if row["id"] in known else ""
        lines.append(
            f"  {row['verdict']:<8} {row['id']:<14} {row['level']:<6} {row['summary']}"
            f"{reason}{mark}"
        )
        if failing and failures:
            lines += [f"      {line}" for line in failure_lines(failures[0], bodies=False)]
            more = int(row.get("failure_count", len(failures))) - 1
            if more > 0:
                lines.append(f"      (+{more} more: see report.html)")
    if rows and not quiet:
        lines += disabled_lines(requirements)
        lines += ["", *area_table(requirements)]
    lines += baseline_lines(results.get("baseline"))
    lines += coverage_lines(results.get("coverage"), results.get("hypothesis"))
    if reports:
        folder = next(iter(reports.values())).parent
        names = ", ".join(p.name for name, p in reports.items() if name != "results")
        lines.append(f"Reports: {folder} ({names})")
    counts = {verdict: 0 for verdict in VERDICTS}
    for row in requirements:
        counts[row["verdict"]] += 1
    tally = ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
    lines += unjudged_lines(results)
    word = verdict_word(results["verdict"])
    if against_baseline(results):
        known_ids = ", ".join(results["baseline"]["known"])
        word, tally = "CONFORMANT AGAINST THE BASELINE", f"{tally}; known failure(s): {known_ids}"
    lines += ["", f"{word}: {tally}", f"Results: {path}"]
    print("\n".join(lines), file=stream)
    stream.flush()


def unjudged_lines(results: Mapping[str, Any], *, limit: int = 20) -> list[str]:
    """Why an INCOMPLETE run is incomplete: the requirements in scope left unjudged, MUST
    first, each with its cause and reason, and how the exit code treats them."""
    missing: list[Mapping[str, Any]] = results.get("unjudged") or []
    if not missing:
        return []
    must = sum(1 for row in missing if row["level"] == "MUST")
    lines = ["", f"Not judged: {len(missing)} requirement(s) in scope, {must} of them MUST:"]
    for row in missing[:limit]:
        reason = first_line(row["reason"])
        said = reason.startswith(row["cause"].split()[0])  # the reason names it already
        cause = "" if said else f"{row['cause']}: "
        lines.append(f"  {row['id']:<14} {row['level']:<6} {cause}{reason}")
    if len(missing) > limit:
        lines.append(f"  (+{len(missing) - limit} more: see results.json 'unjudged')")
    allowed = (results.get("toggles") or {}).get("allow_incomplete")
    lines.append(
        "  INCOMPLETE exits 3 "
        + ("(here 0: --allow-incomplete)" if allowed else "(--allow-incomplete makes it 0)")
        + "; configure the fixtures, or declare them out of scope with --disable or -k"
    )
    return lines


def against_baseline(results: Mapping[str, Any]) -> bool:
    """Every failure of the run is a known one of its baseline (exit 0, but failures)."""
    baseline = results.get("baseline") or {}
    return results["verdict"] == "fail" and baseline.get("exit_code") == 0


def disabled_lines(requirements: list[Mapping[str, Any]]) -> list[str]:
    """The ``disabled`` requirements, one line per reason (a profile leaves out dozens)."""
    by_reason: dict[str, list[str]] = {}
    for row in requirements:
        if row["verdict"] == "disabled":
            by_reason.setdefault(first_line(row.get("reason")), []).append(row["id"])
    lines = []
    for reason, ids in by_reason.items():
        named = f": {', '.join(ids)}" if len(ids) <= 8 else " (report.html lists them)"
        lines.append(f"  disabled {len(ids)} requirement(s), {reason}{named}")
    return lines


def area_table(requirements: list[Mapping[str, Any]]) -> list[str]:
    """Requirements per area and verdict, with a total line."""
    areas = list(dict.fromkeys(row["area"] for row in requirements))
    width = max([len(a) for a in areas] + [5])
    header = f"  {'area':<{width}} " + " ".join(f"{v:>8}" for v in VERDICTS)
    lines = [header]
    for area in [*areas, "total"]:
        rows = [r for r in requirements if area in ("total", r["area"])]
        cells = " ".join(f"{sum(1 for r in rows if r['verdict'] == v):>8}" for v in VERDICTS)
        lines.append(f"  {area:<{width}} {cells}")
    return lines


def baseline_lines(baseline: Mapping[str, Any] | None) -> list[str]:
    if not baseline:
        return []
    lines = ["", f"Baseline {baseline['file']}:"]
    for key, meaning in (
        ("new", "new failure(s): not in the baseline"),
        ("expired", "failure(s) whose baseline entry expired: counted as new"),
        ("known", "known failure(s), still failing"),
        ("fixed", "fixed: remove from the baseline"),
        ("unjudged", "in the baseline, not judged by this run"),
    ):
        ids = baseline.get(key) or []
        if ids or key in ("new", "known"):
            lines.append(f"  {len(ids)} {meaning}{': ' if ids else ''}{', '.join(ids)}")
    outcome = {0: "no new failure", 1: "new failures", 2: "harness error", 3: "incomplete"}[
        baseline["exit_code"]
    ]
    lines.append(f"  with the baseline: {outcome} (exit {baseline['exit_code']})")
    return lines
