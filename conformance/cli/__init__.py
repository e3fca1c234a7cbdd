"""``knowlify-conformance``: one module per command, assembled here.

Exit codes: 0 conformant, 1 not conformant, 2 harness or usage error. Bad input gives one
line on stderr naming what is wrong and what to do; ``--debug`` (before or after the command)
adds the traceback. Heavy imports (pytest, the targets, uvicorn) happen inside the commands, so
``--help``, ``--version`` and usage errors answer at once.

A command module exposes ``add_parser(subparsers)``, which registers its flags and sets
``handler`` (``Namespace -> exit code``) as the parser's default; list it in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from .. import __version__
from ..failures import HarnessError
from ._common import CommandError, Parser, one_line

__all__ = ["COMMANDS", "PROG", "build_parser", "main"]

PROG = "knowlify-conformance"
#: Command name -> module under ``conformance.cli`` (the order ``--help`` lists them in).
COMMANDS = {
    "run": "run",
    "serve": "serve",
    "explain": "explain",
    "report": "report",
    "clients": "clients",
    "mutants": "mutants",
    "matrix": "matrix",
    "init": "init",
}


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog=PROG, description="Conformance suite for the Knowlify video API v1.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    # Not required=True: argparse would then report a missing command before an unknown flag.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS.values():
        importlib.import_module(f"{__name__}.{module}").add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; everything it prints has its control characters escaped."""
    from ..printable import EscapingStream

    streams = sys.stdout, sys.stderr
    sys.stdout = EscapingStream(sys.stdout)
    sys.stderr = EscapingStream(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.error(f"a command is required: {', '.join(COMMANDS)}")
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 2
    debug = bool(args.debug)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (CommandError, HarnessError) as exc:  # ConfigError is a HarnessError
        if debug:
            traceback.print_exc()
        print(f"{PROG}: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 2
    except Exception as exc:  # a bug in the suite: still one line unless --debug
        if debug:
            traceback.print_exc()
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {one_line(exc)}; "
            "rerun with --debug for the traceback",
            file=sys.stderr,
        )
        return 2
