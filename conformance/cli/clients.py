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
from ._common import CommandError, add_debug, new_run_folder, positive, whole_number
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
    clients.add_argument(
        "--examples", type=whole_number(0), metavar="N",
        help="drawn answer sequences per kind (default 25 with --python, 2 with --adapter; "
        "0: the fixed scenarios only)",
    )  # fmt: skip
    clients.add_argument(
        "--seed", type=whole_number(0), default=0, metavar="N",
        help="seed of the drawn answers (default 0; recorded in results.json)",
    )  # fmt: skip
    clients.add_argument("--quiet", action="store_true", help="print only the verdict and failures")
    add_output_arguments(clients)
    add_debug(clients)
    clients.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..client.drawn import DEFAULT_EXAMPLES, kinds_for
    from ..client.runner import new_api_key, observations, select_scenarios
    from ..results import build_results

    config = load_config(args.config, profile=args.profile)
    baseline = baseline_of(args)  # a bad file stops here, before any scenario runs
    scenarios = select_scenarios(args.keyword)
    kinds = kinds_for(args.keyword)
    if not scenarios and not kinds:
        raise CommandError(
            f"no client scenario matches -k {args.keyword!r}; give part of a scenario ID "
            "(SCN-RETRY) or a requirement ID (CLI-RETRY-004)"
        )
    route = "in-process" if args.python is not None else "adapter"
    examples = DEFAULT_EXAMPLES[route] if args.examples is None else args.examples
    api_key = new_api_key()
    started = datetime.now(UTC)
    clock = time.perf_counter()
    if args.python is not None:
        target = f"python:{args.python}"
        runs, drawn = _run_python(args.python, scenarios, api_key, kinds, examples, args.seed)
    else:
        target = f"adapter:{args.adapter}"
        runs, drawn = _run_adapter(
            args.adapter, scenarios, api_key, args.workers, kinds, examples, args.seed
        )
    timing = {
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "duration_seconds": round(time.perf_counter() - clock, 3),
    }
    how = (
        f"--python {shlex.quote(args.python)}"
        if args.python is not None
        else (f"--adapter {shlex.quote(args.adapter)}")
    )
    profile = f" --profile {config.profile}" if config.profile != "documented" else ""
    rerun = f"knowlify-conformance clients {how}{profile}"
    test_runs: dict[str, dict[str, Any]] = {
        f"client::{run.scenario.id}": {
            "duration_seconds": run.seconds,
            "rerun": f"{rerun} --examples 0 -k {run.scenario.id}",
        }
        for run in runs
    }
    for kind in drawn:
        test_runs[kind.test] = {
            "duration_seconds": kind.seconds,
            "rerun": f"{rerun} --seed {args.seed} --examples {examples} -k {kind.test[8:]}",
        }
    found = observations(runs, api_key) + [o for kind in drawn for o in kind.observations]
    results = build_results(
        config,
        found,
        side="client",
        target=target,
        timing=timing,
        test_runs=test_runs,
        selection=f"-k {args.keyword}" if args.keyword else None,
    )
    results["drawn_answers"] = {
        "seed": args.seed,
        "examples_per_kind": examples,
        "kinds": {
            kind.kind: {
                "examples": kind.examples,
                "seconds": round(kind.seconds, 3),
                "minimal_failing_answers": kind.minimal,
            }
            for kind in drawn
        },
    }
    return finish(results, new_run_folder(args.output, "clients"), args, baseline=baseline)


def _run_python(
    spec: str, scenarios: Any, api_key: str, kinds: list[str], examples: int, seed: int
) -> tuple[Any, Any]:
    from ..client.drawn import play_drawn
    from ..client.inprocess import play_in_process
    from ..client.runner import check_factory, resolve_factory

    cwd = os.getcwd()
    if cwd not in sys.path:  # like uvicorn: the current directory is importable
        sys.path.insert(0, cwd)
    factory = resolve_factory(spec)
    check_factory(spec, factory, api_key)
    runs = play_in_process(factory, scenarios, api_key=api_key)
    if not examples:
        return runs, []
    drawn = play_drawn(
        lambda scenario: play_in_process(factory, [scenario], api_key=api_key)[0],
        api_key=api_key, seed=seed, examples=examples, kinds=kinds,
    )  # fmt: skip
    return runs, drawn


def _run_adapter(
    text: str,
    scenarios: Any,
    api_key: str,
    workers: int,
    kinds: list[str],
    examples: int,
    seed: int,
) -> tuple[Any, Any]:
    from ..client.answers import ADAPTER
    from ..client.crosslang import AdapterSession, play_with_adapter, preflight
    from ..client.drawn import play_drawn

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
    runs = play_with_adapter(command, scenarios, api_key=api_key, workers=workers)
    if not examples:
        return runs, []
    session = AdapterSession(command)
    try:
        drawn = play_drawn(
            lambda scenario: session.play(scenario, api_key),
            api_key=api_key, seed=seed, examples=examples, budget=ADAPTER, kinds=kinds,
        )  # fmt: skip
    finally:
        session.close()
    return runs, drawn
