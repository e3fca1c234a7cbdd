"""Wall time of the whole mutation run: ``knowlify-conformance mutants`` on this machine.

    python benchmarks/mutants.py                  # --side all -n 2, once; a table
    python benchmarks/mutants.py --side server --workers 1 --repeat 2

Each repeat runs the command as a subprocess from a fresh temp folder (its working directory
and ``--output``), then reads the ``matrix.json`` it wrote: mutants, precise kills, the clean
run's time. The 1-minute load average before each run is printed beside it, because other work
on a shared machine slows these runs as much as anything in the suite does. The target the
issue sets: under 5 minutes for the whole run on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_SECONDS = 300


def one_run(side: str, workers: int) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory(prefix="mutants-bench-") as temp:
        folder = Path(temp)
        load = os.getloadavg()[0]
        command = [sys.executable, "-P", "-m", "conformance.cli", "mutants", "--side", side,
                   "-n", str(workers), "--quiet", "--output", str(folder)]  # fmt: skip
        started = time.monotonic()
        completed = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - started
        found = sorted(folder.glob("*/matrix.json"))
        if not found:
            raise SystemExit(f"the mutants command wrote no matrix: {completed.stderr[-500:]}")
        matrix = json.loads(found[0].read_text(encoding="utf-8"))
    return {
        "seconds": seconds,
        "load": load,
        "exit": completed.returncode,
        "mutants": matrix["mutants"],
        "killed": matrix["killed"],
        "clean": matrix["clean_reference"]["seconds"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", choices=("server", "client", "all"), default="all")
    parser.add_argument("--workers", type=int, default=2, help="mutants -n (default 2)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    runs = [one_run(args.side, args.workers) for _ in range(args.repeat)]
    print(f"knowlify-conformance mutants --side {args.side} -n {args.workers}  "
          f"({os.cpu_count()} CPUs)")  # fmt: skip
    print("| run | wall time | load before | mutants | precisely killed | exit | clean run |")
    print("|---|---|---|---|---|---|---|")
    for index, run in enumerate(runs, 1):
        print(
            f"| {index} | {run['seconds']:.0f} s | {run['load']:.2f} | {run['mutants']} | "
            f"{run['killed']} | {run['exit']} | {run['clean']:.1f} s |"
        )
    best = min(float(run["seconds"]) for run in runs)
    median = statistics.median(float(run["seconds"]) for run in runs)
    verdict = "within" if best <= BUDGET_SECONDS else "OVER"
    print(f"\nbest {best:.0f} s, median {median:.0f} s: {verdict} the {BUDGET_SECONDS} s budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
