"""Wall time of the README's commands, exactly as written: the sandbox recipe and quick start.

    python benchmarks/quick_start.py sandbox            # serve --dev + run --config, 3 times
    python benchmarks/quick_start.py sandbox --repeat 5
    python benchmarks/quick_start.py steps              # fresh clone: README step 1, then step 2

``sandbox`` starts ``knowlify-conformance serve --dev --port 0 --write-config sandbox.yaml`` in
a temp folder, waits for the config, and times ``knowlify-conformance run --config
sandbox.yaml`` (the second command of the recipe; the server's start is not timed, it is
ready before a person types the second command). It prints each wall time, the median, the
verdict line and the 1-minute load average before the run.

``steps`` clones the repository's HEAD into a temp folder and times, each in a new venv, the
README's quick-start commands as written (step 1 includes its ``pip install``, step 2 its
``pip install`` too). It needs the package index the machine's pip is configured with.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("knowlify-conformance")
#: The README's quick-start commands (kept equal to the README by tests/test_readme.py).
STEP_1 = "pip install -e . && knowlify-conformance run"
STEP_2 = "pip install -e '.[test]' && pytest -n auto"


def _load() -> float:
    return os.getloadavg()[0]


def sandbox(repeat: int) -> None:
    times = []
    for round_ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="knowlify-sandbox-bench-") as folder:
            config = Path(folder) / "sandbox.yaml"
            serve = [str(CLI), "serve", "--dev", "--port", "0", "--write-config", str(config)]
            with open(Path(folder) / "serve.log", "w") as log:
                server = subprocess.Popen(serve, cwd=folder, stdout=log, stderr=log)
            try:
                deadline = time.monotonic() + 60
                while not config.is_file() or "fixtures" not in config.read_text():
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("serve did not write its config")
                    time.sleep(0.1)
                load = _load()
                started = time.monotonic()
                done = subprocess.run(
                    [str(CLI), "run", "--config", "sandbox.yaml"],
                    cwd=folder, capture_output=True, text=True, check=False,
                )  # fmt: skip
                elapsed = time.monotonic() - started
            finally:
                server.terminate()
                server.wait(timeout=30)
            verdict = next(
                (line for line in done.stdout.splitlines() if line.split(":")[0].isupper()),
                f"exit {done.returncode}",
            )
            times.append(elapsed)
            print(f"round {round_ + 1}: {elapsed:.1f} s  load {load:.2f}  {verdict}", flush=True)
    print(f"median {statistics.median(times):.1f} s, best {min(times):.1f} s of {len(times)}")


def steps(only: str | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="knowlify-quick-start-") as folder:
        clone = Path(folder) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        for name, command in (("step 1", STEP_1), ("step 2", STEP_2)):
            if only is not None and not name.endswith(only):
                continue
            venv = Path(folder) / f"venv-{name[-1]}"
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            environment = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
            environment.pop("VIRTUAL_ENV", None)
            load = _load()
            started = time.monotonic()
            done = subprocess.run(
                ["bash", "-c", command], cwd=clone, env=environment,
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            elapsed = time.monotonic() - started
            lines = done.stdout.strip().splitlines() or [""]
            print(f"{name}: {command}\n  {elapsed:.0f} s, exit {done.returncode}, load {load:.2f}")
            print(f"  last line: {lines[-1]}", flush=True)
            for line in lines:
                if line.startswith(("FAILED", "ERROR")):
                    print(f"  {line}", flush=True)
        shutil.rmtree(clone, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("sandbox", "steps"))
    parser.add_argument("--only", choices=("1", "2"), help="steps: time one step only")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
    if args.what == "sandbox":
        sandbox(args.repeat)
    else:
        steps(args.only)


if __name__ == "__main__":
    main()
