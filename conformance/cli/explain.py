"""``explain``: print what a requirement says, where it comes from and how it is checked."""

from __future__ import annotations

import argparse
import difflib
from typing import TYPE_CHECKING, Any

from ._common import CommandError, add_debug

if TYPE_CHECKING:
    from ..contract.catalogue import Requirement

__all__ = ["add_parser", "cited_pages", "format_requirement", "handle"]

LIST_HINT = "`knowlify-conformance explain --list` lists every ID"
#: The pages shipped beside the catalogue that a ``source`` may cite, by the name it cites them.
PAGES = ("contract.md", "decisions.md")


def add_parser(commands: Any) -> None:
    explain = commands.add_parser("explain", help="print what a requirement says and checks")
    explain.add_argument("ids", nargs="*", metavar="ID", help="requirement ID, e.g. ENV-001")
    explain.add_argument(
        "--list", action="store_true", help="list every requirement: ID, side, level, summary"
    )
    explain.add_argument(
        "--tests", action="store_true",
        help="also list the tests that check it (read from their requirement markers)",
    )  # fmt: skip
    add_debug(explain)
    explain.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..contract.catalogue import load_catalogue

    catalogue = load_catalogue()
    if args.list:
        for requirement in catalogue:
            print(f"{requirement.id:<15}{requirement.side.value:<7}{requirement.level.value:<7}"
                  f"{requirement.summary}")  # fmt: skip
        return 0
    if not args.ids:
        raise CommandError(f"explain: give a requirement ID such as ENV-001; {LIST_HINT}")
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
            raise CommandError(f"{message} ({LIST_HINT})") from None
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
        *(("read", page) for page in cited_pages(requirement.source)),
        ("check", requirement.check),
    )
    return "\n".join(f"{name + ':':<12}{value}" for name, value in fields)


def cited_pages(source: str) -> list[str]:
    """Where the pages a ``source`` cites are installed (they ship in ``conformance.contract``)."""
    from importlib import resources

    folder = resources.files("conformance.contract")
    return [str(folder.joinpath(page)) for page in PAGES if page in source]
