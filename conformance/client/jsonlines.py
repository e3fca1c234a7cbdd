"""Serve a Python adapter factory as an adapter command (JSON lines on stdin/stdout).

``python -m conformance.client.jsonlines MODULE:FACTORY`` lets any in-process adapter run
through the cross-language harness too. One adapter is built per (base URL, key) pair and
kept for the session, so ``resubmit_failed`` finds the batch before it. Only protocol lines go
to stdout; anything else the SDK prints is sent to stderr.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import sys
import time
from collections.abc import Callable
from typing import IO, Any

from .protocol import AdapterFactory, ClientAdapter, error_outcome, normalise

__all__ = ["load_factory", "main", "serve"]

_MAX_LINE_CHARS = 1 << 20


def load_factory(spec: str) -> AdapterFactory:
    """Import ``MODULE:FACTORY``; ``ValueError`` / ``ImportError`` say what is wrong."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"{spec!r} is not MODULE:FACTORY (e.g. mysdk.conformance:factory)")
    module = importlib.import_module(module_name)
    factory: Any = module
    for part in attribute.split("."):
        try:
            factory = getattr(factory, part)
        except AttributeError:
            raise ValueError(f"module {module_name!r} has no attribute {attribute!r}") from None
    if not callable(factory):
        raise ValueError(f"{spec} is not callable; it must be a factory function")
    result: AdapterFactory = factory
    return result


def serve(
    factory: AdapterFactory,
    stdin: IO[str],
    stdout: IO[str],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Answer each request line with one outcome line until stdin closes."""
    adapters: dict[tuple[str, str], ClientAdapter] = {}
    while line := stdin.readline(_MAX_LINE_CHARS + 1):
        if len(line) > _MAX_LINE_CHARS:
            raise SystemExit(f"a request line of over {_MAX_LINE_CHARS} characters")
        if not line.strip():
            continue
        request: dict[str, Any] = json.loads(line)
        pair = (str(request["base_url"]), str(request["api_key"]))
        if pair not in adapters:
            adapters[pair] = factory(base_url=pair[0], api_key=pair[1], sleep=sleep)
        try:
            with contextlib.redirect_stdout(sys.stderr):
                outcome = dict(
                    adapters[pair].perform(
                        str(request["operation"]),
                        request.get("arguments") or {},
                        request.get("options") or {},
                    )
                )
        except Exception as exc:  # the SDK crashed: report it as the client's outcome
            outcome = error_outcome(
                type_name=type(exc).__name__, status=None, detail=None, message=str(exc)
            )
        outcome["id"] = request.get("id")
        stdout.write(json.dumps(normalise(outcome)) + "\n")
        stdout.flush()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m conformance.client.jsonlines MODULE:FACTORY", file=sys.stderr)
        return 2
    serve(load_factory(args[0]), sys.stdin, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
