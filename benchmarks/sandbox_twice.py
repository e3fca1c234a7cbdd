"""Two runs in a row against one ``serve`` sandbox judge the same: per profile, verdicts compared.

    python benchmarks/sandbox_twice.py                  # documented and strict, twice each
    python benchmarks/sandbox_twice.py --limit 500 --time-scale 0.05
    python benchmarks/sandbox_twice.py --profile strict   # one profile only

Starts ``knowlify-conformance serve`` (loopback, limits raised to ``--limit`` per 60 s so the
429 probes stay short, jobs ``--time-scale`` times as long), then runs the whole server suite
against it: documented twice, strict twice, one after the other on the same sandbox. Prints a
markdown table: per run the verdict, exit code, counts, MUST rules skipped, seconds; per
profile whether the two runs' per-requirement verdicts are identical. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

CLI = Path(sys.executable).with_name("knowlify-conformance")


def _serve(folder: Path, limit: int, time_scale: float) -> tuple[subprocess.Popen[str], Path]:
    config = folder / "sandbox.yaml"
    process = subprocess.Popen(
        [
            str(CLI), "serve", "--port", "0", "--write-config", str(config),
            "--videos-limit", str(limit), "--edits-limit", str(limit),
            "--time-scale", str(time_scale),
        ],
        stdout=(folder / "serve.out").open("w"),
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    for _ in range(300):
        if config.is_file() and yaml.safe_load(config.read_text(encoding="utf-8")):
            return process, config
        time.sleep(0.1)
    process.terminate()
    raise SystemExit("serve wrote no config in 30 s")


def _run(config: Path, profile: str, output: Path) -> dict[str, Any]:
    started = time.monotonic()
    completed = subprocess.run(
        [str(CLI), "run", "--config", str(config), "--profile", profile, "--quiet",
         "--output", str(output)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    (found,) = output.glob("run-*/results.json")
    results: dict[str, Any] = json.loads(found.read_text(encoding="utf-8"))
    rows = results["requirements"]
    return {
        "profile": profile,
        "verdict": results["verdict"],
        "exit": completed.returncode,
        "counts": results["counts"],
        "must_skipped": sorted(
            r["id"] for r in rows if r["level"] == "MUST" and r["verdict"] == "skip"
        ),
        "verdicts": {r["id"]: r["verdict"] for r in rows},
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=500, help="requests per bucket per 60 s")
    parser.add_argument("--time-scale", type=float, default=0.05)
    parser.add_argument(
        "--profile", choices=("documented", "strict"), action="append", dest="profiles",
        help="only this profile (repeatable; default both)",
    )  # fmt: skip
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sandbox-twice-"))
    process, config = _serve(folder, args.limit, args.time_scale)
    runs = []
    try:
        for profile in args.profiles or ("documented", "strict"):
            for attempt in (1, 2):
                runs.append(_run(config, profile, folder / f"{profile}-{attempt}"))
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"serve --videos-limit {args.limit} --edits-limit {args.limit} "
          f"--time-scale {args.time_scale}; reports under {folder}\n")  # fmt: skip
    print("| run | verdict | exit | pass | fail | error | skip | disabled | MUST skipped | s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for index, run in enumerate(runs):
        c = run["counts"]
        print(
            f"| {run['profile']} #{index % 2 + 1} | {run['verdict']} | {run['exit']} | {c['pass']}"
            f" | {c['fail']} | {c['error']} | {c['skip']} | {c['disabled']} | "
            f"{', '.join(run['must_skipped']) or 0} | {run['seconds']} |"
        )
    for first, second in zip(runs[0::2], runs[1::2], strict=True):
        differ = sorted(
            k for k in first["verdicts"] if first["verdicts"][k] != second["verdicts"][k]
        )
        print(f"\n{first['profile']}: the two runs' verdicts are "
              + ("identical" if not differ else f"different on {', '.join(differ)}"))  # fmt: skip


if __name__ == "__main__":
    main()
