"""Wall time of ``knowlify-conformance run`` against the embedded reference.

    python benchmarks/run_time.py                 # the working tree; 3 runs a case; a table
    python benchmarks/run_time.py --rev HEAD      # a commit, exported with git archive
    python benchmarks/run_time.py --repeat 5 --timeout 300
    python benchmarks/run_time.py --compare e554463   # each case also on that commit, in turn
    python benchmarks/run_time.py --only "documented" --repeat 7   # cases whose name has it

Each case is run ``--repeat`` times as a subprocess (the ``knowlify-conformance`` script next
to this interpreter, or ``python -P -m conformance.cli`` on the exported tree with ``--rev``),
each time from a new reports folder under one temp dir, which is also its working directory.
The timed runs go round the cases in turn (one of each, then the next round), so that a burst
of other work on the machine slows every case alike. The table gives the median and the best
wall time, and the highest 1-minute load average seen before a run of the case. The requests
a case sends are counted in one further, untimed run that loads a small pytest plugin (through
``PYTEST_ADDOPTS``) adding up, after each test, the exchanges its harness recorded; the timed
runs load nothing extra.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from _revisions import export, revision

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("knowlify-conformance")

#: What a quick run leaves out: the 429 probes (a whole window per bucket on a live target) and
#: the schemathesis module (generated requests; most of the run time against the reference).
QUICK = ("--no-rate-limit-probes", "-k", "not test_schemathesis")


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]


CASES = (
    Case("documented (default), 1 process", ()),
    Case("documented, -n 2", ("-n", "2")),
    Case("strict, 1 process", ("--profile", "strict")),
    Case("strict, -n 2", ("--profile", "strict", "-n", "2")),
    Case("quick: documented, no 429 probes, no schemathesis", QUICK),
    Case("documented, --no-rate-limit-probes", ("--no-rate-limit-probes",)),
    Case("start-up floor: one test (-k accepted_on_each)", ("-k", "accepted_on_each")),
)

COUNTER = '''\
"""Counts the exchanges each test's harness recorded (loaded by benchmarks/run_time.py)."""
import json, os

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    harness = getattr(item, "funcargs", {}).get("knowlify")
    if harness is not None:
        line = {"test": item.nodeid, "exchanges": len(harness.exchanges),
                "unintended_429s": harness.unintended_429s,
                "statuses": [e.status_code for e in harness.exchanges]}
        with open(os.environ["KNOWLIFY_BENCH_COUNTS"], "a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\\n")
    return (yield)
'''


@dataclass
class Measured:
    case: Case
    seconds: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    requests: int | None = None
    tests_with_harness: int | None = None
    unintended_429s: int | None = None
    loads: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Runner:
    """How to start the CLI: the installed script, or ``-m`` on an exported tree."""

    cli: tuple[str, ...]
    env: dict[str, str]
    timeout: float


def run_once(case: Case, folder: Path, runner: Runner) -> tuple[float, int, str]:
    folder.mkdir(parents=True)
    command = [*runner.cli, "run", "--quiet", "--output", str(folder), *case.args]
    env, timeout = runner.env, runner.timeout
    start = time.perf_counter()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=folder,  # nothing of the checkout on sys.path but what PYTHONPATH names
        check=False,
    )
    seconds = time.perf_counter() - start
    found = sorted(folder.glob("run-*/results.json"))
    verdict = json.loads(found[-1].read_text("utf-8"))["verdict"] if found else "no results"
    if done.returncode not in (0, 1):
        verdict = f"exit {done.returncode}"
        sys.stderr.write(f"{case.name}: exit {done.returncode}\n{done.stdout}{done.stderr}\n")
    return seconds, done.returncode, verdict


def count_requests(case: Case, folder: Path, runner: Runner) -> Measured:
    plugin_dir = folder / "plugin"
    plugin_dir.mkdir(parents=True, exist_ok=True)
    (plugin_dir / "knowlify_bench_counter.py").write_text(COUNTER, encoding="utf-8")
    counts = folder / "counts.jsonl"
    base = runner.env
    env = {
        **base,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(plugin_dir), base.get("PYTHONPATH")])),
        "PYTEST_ADDOPTS": "-p knowlify_bench_counter",
        "KNOWLIFY_BENCH_COUNTS": str(counts),
    }
    run_once(case, folder / "run", replace(runner, env=env))
    measured = Measured(case)
    if counts.is_file():
        rows = [json.loads(line) for line in counts.read_text("utf-8").splitlines()]
        measured.requests = sum(row["exchanges"] for row in rows)
        measured.tests_with_harness = len(rows)
        measured.unintended_429s = sum(row["unintended_429s"] for row in rows)
    return measured


def machine(code: str) -> str:
    return (
        f"{datetime.date.today().isoformat()}, nproc {os.cpu_count()}, "
        f"Python {platform.python_version()} ({sys.executable}), "
        f"{platform.system()} {platform.release()} {platform.machine()}, code: {code}"
    )


def table(rows: list[Measured]) -> str:
    lines = [
        "| case | arguments | median | min | runs | verdict | requests | tests | load before |",
        "|---|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        verdicts = "/".join(sorted(set(row.verdicts)))
        requests = "n/a" if row.requests is None else str(row.requests)
        tests = "n/a" if row.tests_with_harness is None else str(row.tests_with_harness)
        lines.append(
            f"| {row.case.name} | `{shlex.join(row.case.args) or '(none)'}` | "
            f"{statistics.median(row.seconds):.2f} s | {min(row.seconds):.2f} s | "
            f"{len(row.seconds)} | {verdicts} | {requests} | {tests} | "
            f"{max(row.loads):.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case (default 3)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--output", type=Path, help="working folder (default: a new temp dir)")
    parser.add_argument("--only", default="", help="only the cases whose name contains this")
    parser.add_argument(
        "--rev",
        help="measure this commit (exported with git archive) instead of the working tree",
    )
    parser.add_argument(
        "--compare",
        metavar="REV",
        help="also measure this commit, its runs taking turns with the others' (side by side)",
    )
    args = parser.parse_args(argv)
    folder = args.output or Path(tempfile.mkdtemp(prefix="knowlify-run-time-"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("KNOWLIFY_")}
    env.pop("PYTEST_ADDOPTS", None)

    def exported(rev: str, where: Path) -> tuple[Runner, str]:
        source, commit = export(rev, where)
        paths = [str(source), env.get("PYTHONPATH")]
        found = {**env, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
        return Runner((sys.executable, "-P", "-m", "conformance.cli"), found, args.timeout), commit

    if args.rev:
        runner, commit = exported(args.rev, folder / "src")
        code = f"commit {commit} (exported)"
    else:
        runner = Runner((str(CLI),), env, args.timeout)
        code = f"working tree at {revision()}"
    runners = [(code, runner)]
    if args.compare:
        before, commit = exported(args.compare, folder / "src-compare")
        runners.append((f"commit {commit} (exported)", before))
        code += f"; side by side with commit {commit}"
    cases = [case for case in CASES if args.only in case.name]
    plan = [
        (replace(case, name=f"{case.name} [{label}]") if len(runners) > 1 else case, use)
        for case in cases
        for label, use in runners
    ]
    rows = [
        count_requests(case, folder / f"case{index}" / "count", use)
        for index, (case, use) in enumerate(plan)
    ]
    for attempt in range(args.repeat):
        for index, measured in enumerate(rows):
            measured.loads.append(os.getloadavg()[0])
            timed = folder / f"case{index}" / f"timed{attempt}"
            seconds, status, verdict = run_once(measured.case, timed, plan[index][1])
            measured.seconds.append(seconds)
            measured.exit_codes.append(status)
            measured.verdicts.append(verdict)
            print(f"  {measured.case.name}: {seconds:.2f} s (exit {status})", file=sys.stderr,
                  flush=True)  # fmt: skip
    print(f"## Run time against the embedded reference ({machine(code)})\n")
    print(table(rows))
    unintended = {r.case.name: r.unintended_429s for r in rows if r.unintended_429s}
    print(f"\nUnintended 429s seen by the harness: {unintended or 'none'}.")
    print(f"Working folder: {folder}")
    return 0 if all(code in (0, 1) for r in rows for code in r.exit_codes) else 2


if __name__ == "__main__":
    sys.exit(main())
