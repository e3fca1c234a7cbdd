"""``matrix``: one page comparing client SDKs: clients x requirements, a verdict per cell.

``knowlify-conformance matrix RESULTS.json... --output DIR`` reads the ``results.json`` of
several ``clients`` runs (``NAME=RESULTS.json`` names a client; by default its target) and
writes ``DIR/index.html`` (self-contained: each cell links its evidence, a badge per client)
and ``DIR/matrix.json``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._common import CommandError, add_debug

__all__ = ["add_parser", "handle"]


def add_parser(commands: Any) -> None:
    matrix = commands.add_parser(
        "matrix", help="one page comparing client SDKs from their clients results"
    )
    matrix.add_argument(
        "results", nargs="+", metavar="RESULTS.json",
        help="results.json of a clients run, or NAME=RESULTS.json to name the client",
    )  # fmt: skip
    matrix.add_argument("--output", type=Path, required=True, help="folder for index.html")
    add_debug(matrix)
    matrix.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..reports.sdk_matrix import MatrixInputError, load_matrix_input, write_matrix

    try:
        clients = [load_matrix_input(argument) for argument in args.results]
    except MatrixInputError as exc:
        raise CommandError(str(exc)) from None
    names = [client.name for client in clients]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise CommandError(f"client {twice[0]!r} is given twice; name them with NAME=RESULTS.json")
    try:
        page = write_matrix(clients, args.output)
    except OSError as exc:
        raise CommandError(f"cannot write the matrix into {args.output}: {exc}") from None
    print(f"Matrix of {len(clients)} client(s): {page}")
    return 0
