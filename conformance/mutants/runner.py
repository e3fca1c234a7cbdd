"""Run the suite against the clean reference and each mutant, in parallel, and judge each run.

Each run is one ``knowlify-conformance`` child process (a fresh interpreter: mutants share no
state), started from a pool of ``workers`` threads; the child writes its results document into
its own folder, which is all the judge reads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .matrix import KillMatrix, Outcome, clean_problems, coverage_gaps, judge
from .model import Mutant, MutantSide
from .quick import QUICK, QuickProfile

__all__ = ["CleanRunFailed", "SuiteRun", "run_matrix", "run_suite"]

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


def _command(side: MutantSide, spec: str, folder: Path, quick: QuickProfile) -> list[str]:
    # -P and a cwd of its own: the caller's directory (a checkout of this project, say) must
    # not shadow the installed packages.
    cli = [sys.executable, "-P", "-m", "conformance.cli"]
    if side is MutantSide.SERVER:
        return [*cli, "run", "--target", spec, *quick.run_arguments(), "--quiet",
                "--output", str(folder)]  # fmt: skip
    return [*cli, "clients", "--python", spec, "--profile", quick.profile, "--quiet",
            "--output", str(folder)]  # fmt: skip


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
    found = sorted(folder.glob("*/results.json")) + sorted(folder.glob("results.json"))
    if not found:
        last = (completed.stderr.strip().splitlines() or ["(no output)"])[-1]
        return SuiteRun(None, seconds, f"exit {completed.returncode}: {last}")
    document = json.loads(found[-1].read_text(encoding="utf-8"))
    verdicts = {row["id"]: row["verdict"] for row in document["requirements"]}
    return SuiteRun(verdicts, seconds)


def run_matrix(
    mutants: Sequence[Mutant],
    output: Path,
    *,
    workers: int,
    clean_specs: dict[MutantSide, str],
    quick: QuickProfile = QUICK,
    progress: Callable[[Outcome], None] | None = None,
) -> KillMatrix:
    """The clean run(s) first, then every mutant, ``workers`` at a time."""
    started = time.monotonic()
    sides = sorted({mutant.side for mutant in mutants})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        cleans = {
            side: pool.submit(run_suite, side, clean_specs[side], output / f"clean-{side}",
                              quick=quick)
            for side in sides
        }  # fmt: skip
        clean_runs = {side: future.result() for side, future in cleans.items()}
        problems = [
            f"{side} side: {problem}"
            for side, run in clean_runs.items()
            for problem in (clean_problems(run.verdicts) or [])
        ]
        if problems:
            raise CleanRunFailed("; ".join(problems[:5]))

        def one(mutant: Mutant) -> Outcome:
            folder = output / f"{mutant.side}-{mutant.name}"
            run = run_suite(mutant.side, mutant.spec, folder, quick=quick)
            outcome = judge(mutant, run.verdicts, seconds=run.seconds, problem=run.problem)
            if progress is not None:
                progress(outcome)
            return outcome

        outcomes = list(pool.map(one, mutants))
    gaps: dict[str, list[str]] = {}
    for side, run in clean_runs.items():
        gaps |= coverage_gaps([m for m in mutants if m.side is side], run.verdicts or {})
    return KillMatrix(
        selection=quick.describe(),
        clean_seconds=max(run.seconds for run in clean_runs.values()),
        outcomes=outcomes,
        gaps=gaps,
        total_seconds=time.monotonic() - started,
    )
