"""``mutants``: run the suite against every named fault and print the kill matrix.

A mutant counts as killed only when a requirement it breaks fails (a precise kill). Exit 0 when
every selected mutant is precisely killed, 1 otherwise, 2 when the clean reference is not
conformant (the matrix would mean nothing) or the selection is empty.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import sys
from pathlib import Path
from typing import Any

from ._common import CommandError, add_debug, new_run_folder, positive

__all__ = ["add_parser", "handle"]

SIDES = ("server", "client", "all")


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "mutants", help="run the suite against named faults and print the kill matrix"
    )
    parser.add_argument("--side", choices=SIDES, default="all", help="which mutants (default all)")
    parser.add_argument(
        "-n", "--workers", type=positive, default=os.cpu_count() or 1,
        help="suite runs at once (default: one per core)",
    )  # fmt: skip
    parser.add_argument("--output", type=Path, default=Path("reports"), help="reports folder")
    parser.add_argument("--quiet", action="store_true", help="print only mutants not killed")
    parser.add_argument(
        "-k", dest="pattern", metavar="NAME-PATTERN",
        help="only mutants whose name contains this text (or matches this glob)",
    )  # fmt: skip
    add_debug(parser)
    parser.set_defaults(handler=handle)


def _selected(side: str, pattern: str | None) -> list[Any]:
    from ..mutants.registry import mutants_of

    chosen = mutants_of(side)
    if not chosen:
        raise CommandError(f"no {side}-side mutants are available in this installation")
    if pattern:
        glob = any(char in pattern for char in "*?[")
        chosen = [
            m for m in chosen if (fnmatch.fnmatch(m.name, pattern) if glob else pattern in m.name)
        ]
        if not chosen:
            raise CommandError(f"no mutant name matches {pattern!r}; see the list with -k ''")
    return chosen


def handle(args: argparse.Namespace) -> int:
    from ..mutants.matrix import Outcome, Status
    from ..mutants.registry import CLEAN_SPECS
    from ..mutants.runner import CleanRunFailed, run_matrix

    mutants = _selected(args.side, args.pattern)
    folder = new_run_folder(args.output, "mutants")
    print(f"Running the suite against the clean reference and {len(mutants)} mutant(s), "
          f"{args.workers} at a time...", flush=True)  # fmt: skip

    def progress(outcome: Outcome) -> None:
        if not args.quiet or outcome.status is not Status.KILLED:
            print(_line(outcome), flush=True)

    try:
        matrix = run_matrix(mutants, folder, workers=args.workers, clean_specs=CLEAN_SPECS,
                            progress=progress, complete=args.pattern is None)  # fmt: skip
    except CleanRunFailed as exc:
        raise CommandError(
            f"the clean reference is not conformant under the quick profile ({exc}); the kill "
            f"matrix would mean nothing: fix the reference or the suite first (runs in {folder})"
        ) from None
    (folder / "matrix.json").write_text(json.dumps(matrix.as_dict(), indent=2), encoding="utf-8")
    (folder / "matrix.md").write_text(matrix.to_markdown(), encoding="utf-8")
    _summary(matrix, folder)
    return matrix.exit_code()


def _line(outcome: Any) -> str:
    status = outcome.status.value.upper()
    how = "by " + ", ".join(outcome.killed_by) if outcome.killed_by else outcome.note
    extra = f"  (incidental: {', '.join(outcome.incidental)})" if outcome.incidental else ""
    return f"  {status:<9} {outcome.mutant:<34} {how}{extra}"


def _summary(matrix: Any, folder: Path) -> None:
    from ..mutants.matrix import Status

    out = sys.stdout
    for name, unjudged in matrix.gaps.items():
        print(f"  note: {name}: the selection never judges {', '.join(unjudged)}", file=out)
    killed, total = matrix.count(Status.KILLED), len(matrix.outcomes)
    verdict = "ALL KILLED" if matrix.all_killed else "NOT ALL KILLED"
    witnessed = matrix.judged - len(matrix.unwitnessed)
    if not matrix.complete:
        gaps = " (a -k selection: only a run of every mutant names the gaps)"
    else:
        gaps = f"; none yet for {', '.join(matrix.unwitnessed)}" if matrix.unwitnessed else ""
    print(
        f"  requirements witnessed by a precise kill: {witnessed} of {matrix.judged} judged{gaps}",
        file=out,
    )
    print(f"  class labels witnessed: {matrix.labels_witnessed} of {matrix.labels}", file=out)
    if matrix.complete and matrix.unwitnessed:
        verdict = "CHECKS NOT ALL WITNESSED" if matrix.all_killed else verdict
    print(
        f"\n{verdict}: {killed} of {total} mutants precisely killed, "
        f"{matrix.count(Status.SURVIVED)} survived, {matrix.count(Status.ERROR)} error "
        f"({matrix.total_seconds:.1f} s; clean reference conformant in "
        f"{matrix.clean_seconds:.1f} s)\nMatrix: {folder / 'matrix.md'}",
        file=out,
    )
