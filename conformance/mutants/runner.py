"""Run the suite against the clean reference and each mutant, in parallel, and judge each run.

Each run is ``knowlify-conformance run`` (or ``clients``) in a process of its own, so mutants
share no state: ``run_matrix`` forks ``workers`` at a time from a warm server (``warm``), and
``run_suite`` starts a fresh interpreter (what a single test uses). The run writes its results
document into its own folder, which is all the judge reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path

from .matrix import KillMatrix, Outcome, clean_problems, coverage_gaps, judge, unwitnessed
from .model import Mutant, MutantSide
from .quick import QUICK, QuickProfile
from .warm import run_cli_here, warm_pool

__all__ = ["CleanRunFailed", "SuiteRun", "run_matrix", "run_suite", "run_warm"]

RUN_TIMEOUT_SECONDS = 300


class CleanRunFailed(Exception):
    """The clean reference is not conformant under the selection: the matrix would mean
    nothing."""


@dataclass(frozen=True, slots=True)
class SuiteRun:
    """One finished child run: verdict per requirement (None if it wrote no results)."""

    verdicts: dict[str, str] | None
    seconds: float
    problem: str = ""
    #: Class label -> the verdict of its bad-input check (the results' coverage rows).
    coverage: dict[str, str] | None = None


def _arguments(
    side: MutantSide, spec: str, folder: Path, quick: QuickProfile, focus: str = ""
) -> list[str]:
    """The ``knowlify-conformance`` arguments of one run."""
    if side is MutantSide.SERVER:
        return ["run", "--target", spec, *quick.run_arguments(focus), "--quiet",
                "--output", str(folder)]  # fmt: skip
    return ["clients", "--python", spec, *quick.client_arguments(), "--quiet",
            "--output", str(folder)]  # fmt: skip


def _command(side: MutantSide, spec: str, folder: Path, quick: QuickProfile) -> list[str]:
    # -P and a cwd of its own: the caller's directory (a checkout of this project, say) must
    # not shadow the installed packages.
    return [sys.executable, "-P", "-m", "conformance.cli", *_arguments(side, spec, folder, quick)]


def _read_results(folder: Path, seconds: float, problem: str) -> SuiteRun:
    found = sorted(folder.glob("*/results.json")) + sorted(folder.glob("results.json"))
    if not found:
        return SuiteRun(None, seconds, problem)
    document = json.loads(found[-1].read_text(encoding="utf-8"))
    verdicts = {row["id"]: row["verdict"] for row in document["requirements"]}
    coverage = {row["label"]: row["verdict"] for row in document.get("coverage") or []}
    return SuiteRun(verdicts, seconds, coverage=coverage)


def run_warm(
    side: MutantSide, spec: str, folder: Path, quick: QuickProfile = QUICK, focus: str = ""
) -> SuiteRun:
    """``run_suite`` for a warm child of ``warm.warm_pool`` (runs in that child)."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    code = run_cli_here(_arguments(side, spec, folder, quick, focus), str(folder))
    seconds = time.monotonic() - started
    output = (folder / "output.txt").read_text(encoding="utf-8").strip().splitlines()
    return _read_results(folder, seconds, f"exit {code}: {(output or ['(no output)'])[-1]}")


def _environment() -> dict[str, str]:
    # A live key or target left in the shell must not leak into a run against a mutant.
    return {k: v for k, v in os.environ.items() if not k.startswith(("KNOWLIFY_", "PYTEST_"))}


def run_suite(
    side: MutantSide, spec: str, folder: Path, *, quick: QuickProfile = QUICK
) -> SuiteRun:
    """Run the suite against ``spec`` with its output under ``folder``."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        completed = subprocess.run(
            _command(side, spec, folder, quick),
            env=_environment(),
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return SuiteRun(None, time.monotonic() - started, f"no result in {RUN_TIMEOUT_SECONDS} s")
    seconds = time.monotonic() - started
    (folder / "output.txt").write_text(completed.stdout + completed.stderr, encoding="utf-8")
    last = (completed.stderr.strip().splitlines() or ["(no output)"])[-1]
    return _read_results(folder, seconds, f"exit {completed.returncode}: {last}")


def run_matrix(
    mutants: Sequence[Mutant],
    output: Path,
    *,
    workers: int,
    clean_specs: dict[MutantSide, str],
    quick: QuickProfile = QUICK,
    progress: Callable[[Outcome], None] | None = None,
    complete: bool = False,
) -> KillMatrix:
    """The clean run(s) first, then every mutant, ``workers`` at a time (warm children)."""
    started = time.monotonic()
    sides = sorted({mutant.side for mutant in mutants})
    with warm_pool(workers) as pool:
        cleans = {
            side: pool.submit(run_warm, side, clean_specs[side], output / f"clean-{side}", quick)
            for side in sides
        }
        clean_runs = {side: future.result() for side, future in cleans.items()}
        problems = [
            f"{side} side: {problem}"
            for side, run in clean_runs.items()
            for problem in clean_problems(run.verdicts)
        ]
        if problems:
            raise CleanRunFailed("; ".join(problems[:5]))
        futures = {
            pool.submit(run_warm, m.side, m.spec, output / f"{m.side}-{m.name}", quick, m.focus): m
            for m in mutants
        }
        by_name: dict[str, Outcome] = {}
        for future in as_completed(futures):
            mutant, run = futures[future], future.result()
            outcome = judge(
                mutant, run.verdicts, seconds=run.seconds, problem=run.problem,
                coverage=run.coverage,
            )  # fmt: skip
            by_name[f"{mutant.side}:{mutant.name}"] = outcome
            if progress is not None:
                progress(outcome)
        outcomes = [by_name[f"{m.side}:{m.name}"] for m in mutants]
    gaps: dict[str, list[str]] = {}
    judged, missing = 0, []
    for side, run in clean_runs.items():
        gaps |= coverage_gaps([m for m in mutants if m.side is side], run.verdicts or {})
        clean = run.verdicts or {}
        judged += sum(verdict == "pass" for verdict in clean.values())
        missing += unwitnessed([o for o in outcomes if o.side == side.value], clean)
    return KillMatrix(
        selection=quick.describe(),
        clean_seconds=max(run.seconds for run in clean_runs.values()),
        outcomes=outcomes,
        gaps=gaps,
        total_seconds=time.monotonic() - started,
        judged=judged,
        unwitnessed=sorted(missing),
        complete=complete,
        labels=_class_labels(mutants, complete),
    )


def _class_labels(mutants: Sequence[Mutant], complete: bool) -> int:
    """How many class labels the matrix must witness: every family's, in a complete run."""
    if complete and any(mutant.side is MutantSide.SERVER for mutant in mutants):
        from ..server.families import label_classes

        return len(label_classes())
    return sum(1 for mutant in mutants if mutant.label)
