"""``clients``: certify a client SDK's error handling and retries against the scenario catalogue.

``--python MODULE:FACTORY`` plays every scenario in process (httpx SDKs, respx, virtual time);
``--adapter 'COMMAND'`` drives an SDK in any language through an adapter command speaking JSON
lines, against loopback scenario servers (docs/client-adapter-protocol.md). Same results
document, profiles, report files and exit codes as ``run``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..config import PROFILES, load_config
from ._common import CommandError, add_debug, new_run_folder, positive
from .report import add_output_arguments, baseline_of, finish

__all__ = ["add_parser", "handle"]


def add_parser(commands: Any) -> None:
    from ..client.crosslang import DEFAULT_WORKERS

    clients = commands.add_parser(
        "clients", help="certify a client SDK: errors, retries, per-item results, key safety"
    )
    which = clients.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--python", metavar="MODULE:FACTORY", help="an in-process adapter factory (httpx SDKs)"
    )
    which.add_argument(
        "--adapter", metavar="COMMAND", help="an adapter command speaking JSON lines (any language)"
    )
    clients.add_argument("--config", type=Path, help="config file (YAML, JSON or TOML)")
    clients.add_argument("--profile", choices=PROFILES, help="documented (default) or strict")
    clients.add_argument("--output", type=Path, default=Path("reports"), help="reports folder")
    clients.add_argument(
        "-k", dest="keyword", help="only scenarios whose ID or requirement contains this text"
    )
    clients.add_argument(
        "--workers", type=positive, default=DEFAULT_WORKERS,
        help=f"adapter processes run side by side (--adapter; default {DEFAULT_WORKERS})",
    )  # fmt: skip
    clients.add_argument("--quiet", action="store_true", help="print only the verdict and failures")
    add_output_arguments(clients)
    add_debug(clients)
    clients.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..client.runner import new_api_key, observations, select_scenarios
    from ..results import build_results

    config = load_config(args.config, profile=args.profile)
    baseline = baseline_of(args)  # a bad file stops here, before any scenario runs
    scenarios = select_scenarios(args.keyword)
    if not scenarios:
        raise CommandError(
            f"no client scenario matches -k {args.keyword!r}; give part of a scenario ID "
            "(SCN-RETRY) or a requirement ID (CLI-RETRY-004)"
        )
    api_key = new_api_key()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    if args.python is not None:
        target = f"python:{args.python}"
        runs = _run_python(args.python, scenarios, api_key)
    else:
        target = f"adapter:{args.adapter}"
        runs = _run_adapter(args.adapter, scenarios, api_key, args.workers)
    timing = {
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "duration_seconds": round(time.perf_counter() - clock, 3),
    }
    test_runs = {f"client::{run.scenario.id}": {"duration_seconds": run.seconds} for run in runs}
    results = build_results(
        config,
        observations(runs, api_key),
        side="client",
        target=target,
        timing=timing,
        test_runs=test_runs,
        selection=f"-k {args.keyword}" if args.keyword else None,
    )
    return finish(results, new_run_folder(args.output, "clients"), args, baseline=baseline)


def _run_python(spec: str, scenarios: Any, api_key: str) -> Any:
    from ..client.inprocess import play_in_process
    from ..client.runner import check_factory, resolve_factory

    cwd = os.getcwd()
    if cwd not in sys.path:  # like uvicorn: the current directory is importable
        sys.path.insert(0, cwd)
    factory = resolve_factory(spec)
    check_factory(spec, factory, api_key)
    return play_in_process(factory, scenarios, api_key=api_key)


def _run_adapter(text: str, scenarios: Any, api_key: str, workers: int) -> Any:
    from ..client.crosslang import play_with_adapter, preflight

    try:
        command = shlex.split(text)
    except ValueError as exc:
        raise CommandError(f"--adapter {text!r} cannot be split into words: {exc}") from None
    if not command:
        raise CommandError("--adapter is empty; give the command that starts your adapter")
    program = command[0]
    if shutil.which(program) is None and not Path(program).is_file():
        raise CommandError(
            f"adapter command {program!r} not found; give a program on PATH or a path to it"
        )
    preflight(command, api_key=api_key)
    return play_with_adapter(command, scenarios, api_key=api_key, workers=workers)
