"""``docs/strategies.md`` is generated from the registry and must be up to date."""

from __future__ import annotations

from pathlib import Path

from strategies import REGISTRY
from strategies._docgen import BENCHMARK_BEGIN, BENCHMARK_END, render

PAGE = Path(__file__).resolve().parents[2] / "docs" / "strategies.md"


def test_the_committed_page_is_up_to_date() -> None:
    committed = PAGE.read_text(encoding="utf-8")
    assert render(committed) == committed, (
        "docs/strategies.md is out of date: python -m strategies._docgen --write docs/strategies.md"
    )


def test_the_page_lists_every_strategy_and_label_and_the_benchmark() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for name, info in REGISTRY.items():
        assert f"### `{name}(" in page
        for label in info.labels:
            assert f"| `{label}` |" in page
    assert BENCHMARK_BEGIN in page
    assert BENCHMARK_END in page
