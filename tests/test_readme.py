"""The README stays short and true: its commands are the measured ones, its numbers generated.

Counts typed into prose go stale (the README once said 145 mutants and `87/87 MUST`): README
and docs/ state no count of requirements or mutants; the generated documents, the matrix and
the badge carry them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from quick_start import STEP_1, STEP_2  # noqa: E402

README = (REPO / "README.md").read_text(encoding="utf-8")
#: Generated (checked by their own tests) or dated measurements.
NOT_PROSE = {"traceability.md", "strategies.md", "benchmarks.md", "configuration.md"}
TYPED_COUNT = re.compile(
    r"\b\d+ (?:mutants?|requirements?|faults?|scenarios?)\b|\b\d+/\d+ MUST\b", re.IGNORECASE
)


def test_the_readme_is_short() -> None:
    assert len(README.splitlines()) <= 150


def test_the_quick_start_is_the_measured_one() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert block.strip().splitlines() == [STEP_1, STEP_2]


PROSE = [REPO / "README.md", *sorted(p for p in (REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize(
    "page", [p for p in PROSE if p.name not in NOT_PROSE], ids=lambda p: p.name
)
def test_no_count_is_typed_by_hand(page: Path) -> None:
    typed = TYPED_COUNT.findall(page.read_text(encoding="utf-8"))
    assert not typed, f"{page.name} types counts that go stale: {typed}"


def test_the_docs_index_names_every_page() -> None:
    index = (REPO / "docs" / "README.md").read_text(encoding="utf-8")
    for page in (REPO / "docs").glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index, page.name
