"""Suite runs in warm child processes: each forked from a server that imported the heavy
libraries once, so a run pays for its tests, not for importing FastAPI, Hypothesis and pytest.

Every run is still its own process (``max_tasks_per_child=1``): no state survives from one
mutant to the next. The child works in the run's folder with the ``KNOWLIFY_*`` and
``PYTEST_*`` variables removed (a live key left in the shell must not reach a mutant run) and
calls the ``knowlify-conformance`` entry point with its output sent to ``output.txt``.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

__all__ = ["PRELOAD", "run_cli_here", "warm_pool"]

#: Imported once by the fork server: everything a run needs but the test modules, which pytest
#: must import (and rewrite) itself. Preloaded modules of this distribution cannot be rewritten;
#: ``run`` silences pytest's warning about it, and none of them relies on assert messages.
PRELOAD = (
    "anyio",
    "fastapi",
    "httpx",
    "hypothesis",
    "jsonschema",
    "pydantic",
    "pytest",
    "respx",
    "schemathesis",
    "starlette",
    "yaml",
    "strategies",
    "conformance.cli",
    "conformance.cli.run",
    "conformance.cli.clients",
    "conformance.client.runner",
    "conformance.client.inprocess",
    "conformance.config",
    "conformance.contract.catalogue",
    "conformance.harness",
    "conformance.mutants.apps",
    "conformance.mutants._preload_examples",
    "conformance.mutants.registry",
    "conformance.oracles",
    "conformance.plugin",
    "conformance.reference",
    "conformance.reference.client.faults",
    "conformance.reports",
    "conformance.results",
    "conformance.server.bodies",
    "conformance.server.schemathesis_support",
    "conformance.targets",
)


def warm_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose every task runs in a fresh child forked from a preloaded server."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=1)


def run_cli_here(argv: list[str], folder: str) -> int:
    """In the child: ``knowlify-conformance <argv>`` from ``folder``; its exit code."""
    os.chdir(folder)
    for name in [n for n in os.environ if n.startswith(("KNOWLIFY_", "PYTEST_"))]:
        del os.environ[name]
    with (
        open(Path(folder) / "output.txt", "w", encoding="utf-8") as out,
        redirect_stdout(out),
        redirect_stderr(out),
    ):
        from ..cli import main

        return main(argv)
