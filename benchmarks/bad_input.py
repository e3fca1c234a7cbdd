"""Bad-input checks against the embedded reference: cases sent and seconds, per family.

    python benchmarks/bad_input.py                       # strict, default budget (10 drawn)
    python benchmarks/bad_input.py --examples 0          # the explicit examples alone
    python benchmarks/bad_input.py --examples 50 --seed 3

Runs ``knowlify-conformance run --profile strict -k test_bad_input`` once as a subprocess and
reads its results: per family, the class labels, the cases sent (explicit and drawn), the
seconds its checks took (pytest's durations: draw, build, send through the harness, judge)
and cases per second. The 1-minute load average before the run is printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

CLI = Path(sys.executable).with_name("knowlify-conformance")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, help="drawn cases per label (run --examples)")
    parser.add_argument("--seed", type=int, help="run --seed")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="knowlify-bad-input-"))
    command = [str(CLI), "run", "--profile", "strict", "-k", "test_bad_input", "--quiet",
               "--output", str(folder)]  # fmt: skip
    for option in ("examples", "seed"):
        if getattr(args, option) is not None:
            command += [f"--{option}", str(getattr(args, option))]
    load = os.getloadavg()[0]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    found = sorted(folder.glob("run-*/results.json"))
    if not found:
        raise SystemExit(f"no results: {done.stdout[-800:]}{done.stderr[-800:]}")
    results = json.loads(found[-1].read_text(encoding="utf-8"))
    seconds = {t["id"].split("[", 1)[-1].rstrip("]"): t["duration_seconds"]
               for t in results["tests"]}  # fmt: skip
    families: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in results["coverage"]:
        family = families[row["family"]]
        family["labels"] += 1
        family["explicit"] += row["explicit"]
        family["drawn"] += row["drawn"]
        family["seconds"] += seconds.get(f"{row['family']}:{row['label']}", 0.0)
    print(f"verdict {results['verdict']}, seed {results['hypothesis']['seed']}, "
          f"examples {results['hypothesis']['examples']}, load before {load:.2f}\n")  # fmt: skip
    print("| family | labels | explicit | drawn | seconds | cases per second |")
    print("|---|---:|---:|---:|---:|---:|")
    total = defaultdict(float)
    for name, family in families.items():
        sent = family["explicit"] + family["drawn"]
        for key, value in family.items():
            total[key] += value
        rate = sent / family["seconds"] if family["seconds"] else 0.0
        print(f"| `{name}` | {family['labels']:.0f} | {family['explicit']:.0f} | "
              f"{family['drawn']:.0f} | {family['seconds']:.2f} | {rate:,.0f} |")  # fmt: skip
    sent = total["explicit"] + total["drawn"]
    print(f"| all | {total['labels']:.0f} | {total['explicit']:.0f} | {total['drawn']:.0f} | "
          f"{total['seconds']:.2f} | {sent / max(total['seconds'], 1e-9):,.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
