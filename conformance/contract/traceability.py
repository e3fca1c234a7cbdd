"""Generate ``docs/traceability.md``: which requirement or untestable fact covers each section.

Usage::

    python -m conformance.contract.traceability                 # print the document
    python -m conformance.contract.traceability --output docs/traceability.md
    python -m conformance.contract.traceability --check         # exit 1 if the file is stale

The document is a pure function of the catalogue, so ``--check`` in CI proves the committed copy
matches ``catalogue.yaml`` byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from .catalogue import (
    AREAS,
    PROFILE_LEVELS,
    Catalogue,
    Level,
    Requirement,
    Side,
    UntestableFact,
    iter_citations,
    load_catalogue,
)

__all__ = ["DEFAULT_OUTPUT", "main", "render_traceability"]

DEFAULT_OUTPUT: Final = Path("docs/traceability.md")
REGENERATE_COMMAND: Final = (
    "python -m conformance.contract.traceability --output docs/traceability.md"
)
_LEVELS: Final = (Level.MUST, Level.SHOULD, Level.OPTION)


def render_traceability(catalogue: Catalogue) -> str:
    """Render the traceability document for ``catalogue`` as Markdown."""
    lines: list[str] = [
        "# Requirement traceability",
        "",
        "<!-- Generated from conformance/contract/catalogue.yaml; do not edit by hand. -->",
        "",
        "Generated from `conformance/contract/catalogue.yaml` "
        f"(schema {catalogue.schema_version}, digest `{catalogue.short_digest}`). "
        f"Regenerate with `{REGENERATE_COMMAND}`; "
        "`python -m conformance.contract.traceability --check` fails when this file is stale.",
        "",
        "Each numbered section of `contract.md` lists the requirements and untestable facts "
        "whose `source` cites it; an entry citing several sections appears under each. "
        "Levels follow the source's confidence tag: `doc` → MUST, `inferred` → SHOULD, "
        "`3p` → SHOULD at most, `undocumented` → OPTION (SHOULD where a decisions.md entry "
        "sets it). "
        + "Profiles: "
        + "; ".join(
            f"`{name}` runs {_join_levels(levels)}" for name, levels in PROFILE_LEVELS.items()
        )
        + ".",
        "",
    ]
    lines += _render_sections(catalogue)
    lines += _render_untestable(catalogue.untestable)
    lines += _render_counts(catalogue)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m conformance.contract.traceability",
        description="Generate the requirement traceability document from the catalogue.",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"file to write (default: print to stdout; with --check: {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the output file differs from what would be generated",
    )
    args = parser.parse_args(argv)
    document = render_traceability(load_catalogue())

    if args.check:
        target: Path = args.output or DEFAULT_OUTPUT
        try:
            current = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            print(f"{target} is missing; run: {REGENERATE_COMMAND}", file=sys.stderr)
            return 1
        if current != document:
            print(f"{target} is out of date; run: {REGENERATE_COMMAND}", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0

    if args.output is None:
        sys.stdout.write(document)
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(document, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


# --- private ------------------------------------------------------------------------------------


def _render_sections(catalogue: Catalogue) -> list[str]:
    citing: dict[str, list[Requirement | UntestableFact]] = {n: [] for n in catalogue.sections}
    for number, entry in iter_citations(catalogue):
        citing[number].append(entry)

    lines = ["## Coverage by section of contract.md", ""]
    for number, title in catalogue.sections.items():
        lines += [f"### §{number} {title}", ""]
        entries = citing[number]
        if not entries:
            has_children = any(other.startswith(f"{number}.") for other in catalogue.sections)
            lines += [
                "_Covered through its subsections._" if has_children else "_Not cited._",
                "",
            ]
            continue
        lines += ["| ID | Side | Level | Summary |", "|---|---|---|---|"]
        for entry in entries:
            if isinstance(entry, Requirement):
                lines.append(
                    f"| {entry.id} | {entry.side.value} | {entry.level.value} "
                    f"| {_cell(entry.summary)} |"
                )
            else:
                lines.append(f"| {entry.id} | — | untestable | {_cell(entry.fact)} |")
        lines.append("")
    return lines


def _render_untestable(facts: Sequence[UntestableFact]) -> list[str]:
    lines = [
        "## Untestable facts",
        "",
        "Facts of sections 1 to 6 that cannot be checked from outside the API, and why.",
        "",
        "| ID | Source | Fact | Why not testable |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {fact.id} | {_cell(fact.source)} | {_cell(fact.fact)} | {_cell(fact.reason)} |"
        for fact in facts
    ]
    return [*lines, ""]


def _render_counts(catalogue: Catalogue) -> list[str]:
    requirements = list(catalogue.requirements.values())
    by_side_level = Counter((r.side, r.level) for r in requirements)
    by_area_level = Counter((r.area, r.level) for r in requirements)
    header = "| MUST | SHOULD | OPTION | total |"
    lines = [
        "## Counts",
        "",
        f"{len(requirements)} requirements and {len(catalogue.untestable)} untestable facts.",
        "",
        f"| Side {header}",
        "|---|---:|---:|---:|---:|",
    ]
    for side in Side:
        counts = [by_side_level[(side, level)] for level in _LEVELS]
        lines.append(f"| {side.value} | {_counts_cells(counts)} |")
    totals = [sum(by_side_level[(side, level)] for side in Side) for level in _LEVELS]
    lines += [f"| **all** | {_counts_cells(totals)} |", ""]

    lines += [f"| Side | Area {header}", "|---|---|---:|---:|---:|---:|"]
    for side in Side:
        for area in AREAS[side]:
            counts = [by_area_level[(area, level)] for level in _LEVELS]
            lines.append(f"| {side.value} | {area.value} | {_counts_cells(counts)} |")
    return [*lines, ""]


def _counts_cells(counts: Sequence[int]) -> str:
    return " | ".join(str(count) for count in [*counts, sum(counts)])


def _join_levels(levels: frozenset[Level]) -> str:
    return "+".join(level.value for level in _LEVELS if level in levels)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    raise SystemExit(main())
