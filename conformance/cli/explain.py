"""``explain``: print what a requirement says, where it comes from and how it is checked."""

from __future__ import annotations

import argparse
import difflib
from typing import TYPE_CHECKING, Any

from ._common import CommandError, add_debug

if TYPE_CHECKING:
    from ..contract.catalogue import Requirement

__all__ = ["add_parser", "format_requirement", "handle"]


def add_parser(commands: Any) -> None:
    explain = commands.add_parser("explain", help="print what a requirement says and checks")
    explain.add_argument("ids", nargs="+", metavar="ID", help="requirement ID, e.g. ENV-001")
    explain.add_argument(
        "--tests", action="store_true",
        help="also list the tests that check it (read from their requirement markers)",
    )  # fmt: skip
    add_debug(explain)
    explain.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..contract.catalogue import load_catalogue

    catalogue = load_catalogue()
    found: list[Requirement] = []
    for wanted in args.ids:
        try:
            found.append(catalogue.get(wanted.strip().upper()))
        except KeyError as exc:
            message = str(exc.args[0])
            if "did you mean" not in message:
                close = difflib.get_close_matches(
                    wanted.strip().upper(), list(catalogue.requirements), n=3, cutoff=0.0
                )
                message += f"; closest: {', '.join(close)}" if close else ""
            raise CommandError(f"{message} (docs/traceability.md lists every ID)") from None
    for index, requirement in enumerate(found):
        if index:
            print()
        print(format_requirement(requirement))
        if args.tests:
            print(format_tests(requirement.id))
    return 0


def format_tests(requirement_id: str) -> str:
    """The tests whose ``requirement`` marker names the ID, and any global oracle judging it."""
    from ..reports.checked_by import global_oracles, requirement_tests

    tests = requirement_tests().get(requirement_id, [])
    labels = ["tests:", *[""] * len(tests)]
    lines = [f"{label:<12}{test}" for label, test in zip(labels, tests, strict=False)]
    if not tests:
        lines.append(f"{'tests:':<12}none carries its marker yet: a run reports it 'skip'")
    oracle = global_oracles().get(requirement_id)
    if oracle is not None:
        lines.append(f"{'also:':<12}judged on every response of every test by the oracle {oracle}")
    return "\n".join(lines)


def format_requirement(requirement: Requirement) -> str:
    fields = (
        ("id", requirement.id),
        ("side", requirement.side.value),
        ("level", requirement.level.value),
        ("area", requirement.area.value),
        ("confidence", requirement.confidence.value),
        ("summary", requirement.summary),
        ("source", requirement.source),
        ("check", requirement.check),
    )
    return "\n".join(f"{name + ':':<12}{value}" for name, value in fields)
