"""Generation speed of every public strategy, each inside a plain ``@given`` test.

    python benchmarks/strategies.py                 # print the table
    python benchmarks/strategies.py --write-docs    # and put it in docs/strategies.md

For each strategy a ``@given`` test draws ``--examples`` values (generation phase only,
derandomised, no database) and counts them; the best of ``--repeat`` runs is kept, so a busy
machine hurts the figure less. Labelled (bad-input) strategies must reach ``TARGET`` cases per
second. This file shares its name with the ``strategies`` package, so its own directory is taken
off ``sys.path`` and the project root put first.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT))]

from strategies import REGISTRY  # noqa: E402
from strategies._docgen import BENCHMARK_BEGIN, BENCHMARK_END  # noqa: E402

TARGET = 300
"""Labelled cases per second every bad-input strategy must reach."""

DOCS = ROOT / "docs" / "strategies.md"


def rate(strategy: st.SearchStrategy[Any], examples: int) -> tuple[int, float]:
    """How many values a plain ``@given`` test drew, and how many per second."""
    drawn = 0

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw(value: Any) -> None:
        nonlocal drawn
        drawn += 1

    start = time.perf_counter()
    draw()
    elapsed = time.perf_counter() - start
    return drawn, drawn / elapsed


def measure(examples: int, repeat: int, names: list[str]) -> list[tuple[str, str, int, float]]:
    """(name, family, values drawn, best values per second) for each strategy named."""
    rows = []
    for name in names:
        info = REGISTRY[name]
        best = max((rate(info.function(), examples) for _ in range(repeat)), key=lambda r: r[1])
        rows.append((name, info.family, best[0], best[1]))
    return rows


def table(rows: list[tuple[str, str, int, float]]) -> list[str]:
    """The rows as a Markdown table, with a verdict for labelled strategies."""
    lines = [
        "| strategy | family | values drawn | per second | target |",
        "|---|---|---:|---:|---|",
    ]
    for name, family, drawn, per_second in rows:
        labelled = REGISTRY[name].labelled
        verdict = ("met" if per_second >= TARGET else "MISSED") if labelled else "-"
        lines.append(f"| `{name}` | {family} | {drawn} | {per_second:,.0f} | {verdict} |")
    return lines


def machine() -> str:
    """Date, cores, Python and Hypothesis versions, for the record."""
    today = datetime.date.today().isoformat()
    return (
        f"Measured {today} on {platform.machine()} Linux, `nproc` = {os.cpu_count()}, "
        f"Python {platform.python_version()}, Hypothesis {hypothesis.__version__}"
    )


def write_docs(lines: list[str], settings_line: str) -> None:
    """Replace the benchmark block of docs/strategies.md."""
    page = DOCS.read_text(encoding="utf-8")
    start = page.index(BENCHMARK_BEGIN)
    end = page.index(BENCHMARK_END) + len(BENCHMARK_END)
    intro = (
        f"Labelled cases (or values) per second drawn by a plain `@given` test per strategy "
        f"(`python benchmarks/strategies.py --write-docs`). Target: at least {TARGET} labelled "
        "cases per second for every bad-input strategy. Finite strategies stop early, when "
        "Hypothesis has drawn every distinct value."
    )
    block = "\n".join([BENCHMARK_BEGIN, intro, "", settings_line, "", *lines, BENCHMARK_END])
    DOCS.write_text(page[:start] + block + page[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a labelled strategy misses the target."""
    parser = argparse.ArgumentParser(description="Generation speed of the strategies.")
    parser.add_argument("--examples", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("names", nargs="*", help="strategies to measure (default: all)")
    arguments = parser.parse_args(argv)
    names = arguments.names or list(REGISTRY)
    rows = measure(arguments.examples, arguments.repeat, names)
    lines = table(rows)
    settings_line = (
        f"{machine()}; {arguments.examples} examples per run, best of {arguments.repeat}."
    )
    print(settings_line)
    print("\n".join(lines))
    if arguments.write_docs:
        write_docs(lines, settings_line)
    missed = [name for name, _, _, speed in rows if REGISTRY[name].labelled and speed < TARGET]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
