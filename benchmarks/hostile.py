"""Wall time and peak memory of the hostile-target tests (tests/hostile).

    python benchmarks/hostile.py             # the whole set, one process, then per file
    python benchmarks/hostile.py --workers 2 # as CI runs it (pytest -n 2)

Each measurement runs pytest in a subprocess (``-p no:cacheprovider``); the peak resident set
is that of the largest process it waited for (pytest itself, or a ``knowlify-conformance run``
it started against a hostile server), from ``getrusage(RUSAGE_CHILDREN)`` in a fresh child.
The 1-minute load average before each measurement is printed: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"

_MEASURE = """
import resource, subprocess, sys, time
started = time.monotonic()
code = subprocess.run(sys.argv[1:], check=False).returncode
seconds = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{code} {seconds:.1f} {peak:.0f}")
"""


def measure(paths: list[str], workers: int) -> tuple[int, float, float]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *paths]
    if workers > 1:
        command += ["-n", str(workers)]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    code, seconds, peak = done.stdout.strip().splitlines()[-1].split()
    return int(code), float(seconds), float(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    cases = [("all of tests/hostile", [str(HOSTILE)])] + [
        (path.name, [str(path)]) for path in sorted(HOSTILE.glob("test_*.py"))
    ]
    print(f"{'case':<28} {'exit':>4} {'seconds':>8} {'peak MB':>8} {'load':>5}")
    for name, paths in cases:
        load = os.getloadavg()[0]
        code, seconds, peak = measure(paths, args.workers if name.startswith("all") else 1)
        print(f"{name:<28} {code:>4} {seconds:>8.1f} {peak:>8.0f} {load:>5.1f}")
        time.sleep(1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
