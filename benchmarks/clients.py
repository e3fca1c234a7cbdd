"""Wall time of the client conformance harnesses over the whole client scenario catalogue.

    python benchmarks/clients.py                  # 3 runs a case; a markdown table
    python benchmarks/clients.py --repeat 5 --workers 4

Cases:

- (a) in process, library call: ``play_in_process`` + ``judge`` for the reference client, in
  this interpreter (imports excluded), every scenario.
- (a) in process, drawn answers: ``play_drawn`` with the default 25 sequences per kind
  (5 kinds, seed 0) for the reference client, in this interpreter.
- (a) in process, command: ``knowlify-conformance clients --python ...`` as a subprocess
  (interpreter start and imports included): the scenarios and the drawn answers, the whole
  client side.
- (b) adapter command, Python:
  ``clients --adapter 'python -m conformance.reference.client.adapter'``.
- (b) adapter command, Node.js: ``clients --adapter 'node examples/node-client/adapter.mjs'``.

The adapter cases play the scenarios and 2 drawn sequences per kind (the command's default).
Every case must end CONFORMANT (25 requirements pass in the strict profile), or the script
stops. The table gives the median and the best wall time, and the sleeps the reference client
asks for over the catalogue (what a serial real-time run must wait at least).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = Path(sys.executable).with_name("knowlify-conformance")
REFERENCE_FACTORY = "conformance.reference.client.adapter:factory"


def library_run() -> tuple[float, float]:
    """Seconds for harness (a) over the catalogue, and the sleeps the client asked for."""
    from conformance.client.inprocess import play_in_process
    from conformance.client.oracles import judge
    from conformance.client.runner import new_api_key
    from conformance.client.scenarios import load_scenarios
    from conformance.reference.client.adapter import factory

    key = new_api_key()
    started = time.perf_counter()
    runs = play_in_process(factory, load_scenarios(), api_key=key)
    verdicts = {o.verdict.value for run in runs for o in judge(run, key)}
    elapsed = time.perf_counter() - started
    if verdicts != {"pass"}:
        raise SystemExit(f"the in-process run was not all pass: {verdicts}")
    slept = sum(sum(step.sleeps or ()) for run in runs for step in run.steps)
    return elapsed, slept


def drawn_run() -> float:
    """Seconds for the default drawn answers, in process, for the reference client."""
    from conformance.client.drawn import DEFAULT_EXAMPLES, play_drawn
    from conformance.client.inprocess import play_in_process
    from conformance.client.runner import new_api_key
    from conformance.reference.client.adapter import factory

    key = new_api_key()
    started = time.perf_counter()
    drawn = play_drawn(
        lambda scenario: play_in_process(factory, [scenario], api_key=key)[0],
        api_key=key, seed=0, examples=DEFAULT_EXAMPLES["in-process"],
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    verdicts = {o.verdict.value for kind in drawn for o in kind.observations}
    if verdicts != {"pass"}:
        raise SystemExit(f"the drawn answers were not all pass: {verdicts}")
    return elapsed


def command_run(args: list[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-clients-") as folder:
        started = time.perf_counter()
        done = subprocess.run(
            [str(CLI), "clients", *args, "--profile", "strict", "--quiet", "--output", folder],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        elapsed = time.perf_counter() - started
        (results,) = Path(folder).glob("clients-*/results.json")
        verdict = json.loads(results.read_text(encoding="utf-8"))["verdict"]
    if done.returncode != 0 or verdict != "pass":
        raise SystemExit(f"clients {shlex.join(args)} ended {done.returncode}: {done.stdout}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="--workers for the adapters")
    options = parser.parse_args()
    workers = ["--workers", str(options.workers)] if options.workers else []
    python_adapter = shlex.join([sys.executable, "-m", "conformance.reference.client.adapter"])
    node_adapter = "node examples/node-client/adapter.mjs"
    cases: list[tuple[str, list[str] | None]] = [
        ("(a) in process, library call", None),
        ("(a) in process, drawn answers only", []),
        ("(a) in process, `clients --python`", ["--python", REFERENCE_FACTORY]),
        ("(b) adapter, Python reference client", ["--adapter", python_adapter, *workers]),
        ("(b) adapter, Node.js example", ["--adapter", node_adapter, *workers]),
    ]
    load = os.getloadavg()[0]
    rows = []
    slept = 0.0
    for name, args in cases:
        times = []
        for _ in range(options.repeat):
            if args is None:
                elapsed, slept = library_run()
            elif not args:
                elapsed = drawn_run()
            else:
                elapsed = command_run(args)
            times.append(elapsed)
        rows.append((name, statistics.median(times), min(times)))
    from conformance.client.scenarios import load_scenarios

    print(f"Client catalogue: {len(load_scenarios())} scenarios; the reference client asks to "
          f"sleep {slept:.0f} s in all. {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load {load:.2f}, {options.repeat} run(s) a case.\n")  # fmt: skip
    print("| case | median | best |\n|---|---|---|")
    for name, median, best in rows:
        print(f"| {name} | {median:.2f} s | {best:.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
