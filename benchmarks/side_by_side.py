"""Our suite against Schemathesis on its own, on the same server mutants and OpenAPI document.

    python benchmarks/side_by_side.py                       # every server mutant; a table
    python benchmarks/side_by_side.py -k rate --max-examples 20
    python benchmarks/side_by_side.py --markdown docs-table.md

Two measurements, in one invocation:

1. **Our suite**: ``knowlify-conformance mutants --side server -n 1`` (the quick profile, the
   in-process ``reference:`` target with its movable clock). Kill = a precise kill. One
   process, like Schemathesis below, so the wall times compare; the ``-n 2`` figure is in
   ``benchmarks/mutants.py``.
2. **Schemathesis on its own**: for the clean reference and each mutant, the same app served by
   uvicorn on 127.0.0.1 (a free port), then ``schemathesis run`` on
   ``conformance/contract/openapi.yaml`` with every check (``--checks all``), the sandbox's
   personal key as ``X-API-Key``, deterministic generation, bounded examples per operation.
   A mutant counts as killed when Schemathesis reports a failure (check, operation) that it did
   not report on the clean reference; if it fails the clean reference at all, its raw
   pass/fail says nothing, and the table says so.

Rate limits: the apps Schemathesis talks to run on the wall clock; at the documented 30 and 10
requests per 60 s its few hundred requests would be 429s within a second, so they are served
with the sandbox's raised limits (``serve --videos-limit`` does the same). The rate-limit
mutants are therefore out of its reach by construction; the table counts them anyway.

The key never appears in output: it travels in the environment of the Schemathesis process,
its reports go to a temp dir that is deleted, and only counts are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
OPENAPI = ROOT / "conformance" / "contract" / "openapi.yaml"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
RAISED_LIMIT = 1_000_000
CLEAN = "clean-reference"


@dataclass(frozen=True)
class SchemathesisRun:
    name: str
    seconds: float
    exit_code: int
    failures: frozenset[str]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(name: str, port: int) -> None:
    """Serve one mutant (or the clean reference) with raised rate limits; runs until killed."""
    import uvicorn

    from conformance.contract.constants import EDITS_BUCKET, VIDEOS_BUCKET
    from conformance.mutants.registry import SERVER
    from conformance.reference import ReferenceSettings, create_app

    settings = ReferenceSettings(
        videos_bucket=VIDEOS_BUCKET.__class__(
            VIDEOS_BUCKET.name, RAISED_LIMIT, VIDEOS_BUCKET.window_seconds
        ),
        edits_bucket=EDITS_BUCKET.__class__(
            EDITS_BUCKET.name, RAISED_LIMIT, EDITS_BUCKET.window_seconds
        ),
    )
    app = create_app(settings) if name == CLEAN else SERVER.get(name).build(settings=settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _personal_key() -> str:
    from conformance.reference import create_app

    fixtures = create_app().state.fixtures
    return str(fixtures.keys.personal)


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {server.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1.0, trust_env=False)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not answer within 30 s")


def _failures(junit: Path) -> frozenset[str]:
    """``<operation>: <failure code>`` (``ST108`` ...) for every failure in a JUnit report."""
    if not junit.is_file():
        return frozenset()
    found = set()
    for case in ET.parse(junit).getroot().iter("testcase"):
        for failure in [*case.iter("failure"), *case.iter("error")]:
            codes = (failure.get("message") or failure.tag).replace(",", " ").split()
            found.update(f"{case.get('name')}: {code}" for code in codes)
    return frozenset(found)


def run_schemathesis(name: str, workdir: Path, args: argparse.Namespace) -> SchemathesisRun:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-P", str(Path(__file__).resolve()), "--serve", name, "--port", str(port)],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    report = workdir / name
    try:
        _wait_until_up(port, server)
        environment = {**os.environ, "KNOWLIFY_API_KEY": _personal_key()}
        command = [
            str(SCHEMATHESIS), "run", str(OPENAPI), "--url", f"http://127.0.0.1:{port}",
            "--checks", "all", "--header", f"X-API-Key: {environment['KNOWLIFY_API_KEY']}",
            "--max-examples", str(args.max_examples), "--generation-deterministic",
            "--suppress-health-check", "all", "--request-timeout", "10", "--workers", "1",
            "--no-color", "--report", "junit", "--report-junit-path", str(report / "junit.xml"),
        ]  # fmt: skip
        started = time.monotonic()
        completed = subprocess.run(
            command,
            env=environment,
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=args.timeout,
            check=False,
        )
        seconds = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    return SchemathesisRun(name, seconds, completed.returncode, _failures(report / "junit.xml"))


def run_ours(pattern: str | None, workdir: Path) -> tuple[dict[str, str], float, float]:
    """Our outcome per mutant, the mutation run's wall time, and the clean run's time."""
    selection = ["-k", pattern] if pattern else []
    command = [sys.executable, "-P", "-m", "conformance.cli", "mutants", "--side", "server",
               "-n", "1", "--quiet", "--output", str(workdir / "ours"), *selection]  # fmt: skip
    started = time.monotonic()
    subprocess.run(command, cwd=workdir, stdout=subprocess.DEVNULL, check=False)
    seconds = time.monotonic() - started
    matrix = json.loads(next((workdir / "ours").glob("*/matrix.json")).read_text())
    status = {o["mutant"]: o["status"] for o in matrix["outcomes"]}
    return status, seconds, float(matrix["clean_reference"]["seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("-k", dest="pattern", help="only mutants whose name contains this")
    parser.add_argument("--max-examples", type=int, default=10, help="Schemathesis -n (10)")
    parser.add_argument("--timeout", type=float, default=600.0, help="per Schemathesis run")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port)
        return 0

    from conformance.mutants.registry import SERVER

    names = [n for n in SERVER.names() if not args.pattern or args.pattern in n]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="side-by-side-") as temp:
        workdir = Path(temp)
        ours, ours_seconds, ours_clean = run_ours(args.pattern, workdir)
        started = time.monotonic()
        clean = run_schemathesis(CLEAN, workdir, args)
        theirs = {name: run_schemathesis(name, workdir, args) for name in names}
        theirs_seconds = time.monotonic() - started
    table = _table(names, ours, ours_seconds, ours_clean, clean, theirs, theirs_seconds, args)
    print(table)
    print(f"\n(1-minute load average before the runs: {load:.2f})")
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return 0


def _table(
    names: list[str],
    ours: dict[str, str],
    ours_seconds: float,
    ours_clean: float,
    clean: SchemathesisRun,
    theirs: dict[str, SchemathesisRun],
    theirs_seconds: float,
    args: argparse.Namespace,
) -> str:
    def their_kill(run: SchemathesisRun) -> bool:
        return bool(run.failures - clean.failures)

    ours_killed = sum(ours.get(name) == "killed" for name in names)
    theirs_killed = sum(their_kill(theirs[name]) for name in names)
    theirs_raw = sum(theirs[name].exit_code != 0 for name in names)
    clean_note = (
        "passes the clean reference"
        if clean.exit_code == 0
        else f"FAILS the clean reference ({len(clean.failures)} distinct failures): its raw "
        "pass/fail on a mutant means nothing; only failures new against the clean run count"
    )
    lines = [
        "| | our suite (quick profile) | Schemathesis alone |",
        "|---|---|---|",
        f"| mutants killed | {ours_killed} / {len(names)} (precise kills) | "
        f"{theirs_killed} / {len(names)} (a failure not seen on the clean reference) |",
        f"| wall time, all mutants, 1 process | {ours_seconds:.0f} s (clean run included) | "
        f"{theirs_seconds:.0f} s (clean run and uvicorn start-ups included) |",
        f"| one run against the clean reference | {ours_clean:.1f} s | {clean.seconds:.1f} s |",
        f"| clean reference | conformant (the matrix requires it) | {clean_note} |",
        f"| raw non-zero exits on mutants | - | {theirs_raw} / {len(names)} |",
        "",
        f"Schemathesis settings: --checks all, --max-examples {args.max_examples}, "
        "--generation-deterministic, --workers 1, all phases; rate limits raised on its servers.",
        "",
        "| mutant | our suite | Schemathesis (new failures vs clean) | Schemathesis time |",
        "|---|---|---|---|",
    ]
    for name in names:
        run = theirs[name]
        new = sorted(run.failures - clean.failures)
        shown = "; ".join(new[:2]) + (f" (+{len(new) - 2})" if len(new) > 2 else "")
        lines.append(
            f"| `{name}` | {ours.get(name, '?')} | "
            f"{'killed: ' + shown if new else 'survived'} | {run.seconds:.1f} s |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
