"""The 429 probes' order: spend a window of a key of its own first, read it fresh last."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conformance.plugin import _run_order

FIRST, MIDDLE, LAST = 0, 1, 2


class _Item:
    """Just enough of a pytest item for ``_run_order``: its markers by name."""

    def __init__(self, **markers: tuple[str, ...]) -> None:
        self.markers = {
            name: getattr(pytest.mark, name)(*args).mark for name, args in markers.items()
        }

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return self.markers.get(name)


def PROBE(fixture: str) -> bool:
    return fixture == "keys.rate_limit_probe"


def NONE(fixture: str) -> bool:
    return False


def test_a_window_spent_on_its_own_key_is_spent_first() -> None:
    assert _run_order(_Item(knowlify_opening=("keys.rate_limit_probe",)), PROBE) == FIRST  # type: ignore[arg-type]


def test_without_its_own_key_the_spending_test_goes_last() -> None:
    assert _run_order(_Item(knowlify_opening=("keys.rate_limit_probe",)), NONE) == LAST  # type: ignore[arg-type]


def test_other_tests_keep_their_place_between() -> None:
    assert _run_order(_Item(), PROBE) == MIDDLE  # type: ignore[arg-type]
    assert _run_order(_Item(knowlify_last=()), PROBE) == LAST  # type: ignore[arg-type]


def test_the_reference_run_spends_probe_windows_first_and_reads_fresh_ones_last(
    tmp_path: Path,
) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    listed = subprocess.run(
        [
            sys.executable, "-m", "pytest", "--pyargs", "conformance.server",
            "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path),
            "-p", "no:cacheprovider", "--collect-only", "-q",
            "--knowlify-target", "reference", "--knowlify-profile", "strict",
        ],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stdout[-2000:] + listed.stderr[-2000:]
    order = [line for line in listed.stdout.splitlines() if "::" in line]
    spending = [i for i, node in enumerate(order) if "spent_window_is_429" in node]
    fresh = [i for i, node in enumerate(order) if "fresh_window_admits" in node]
    assert spending == [0, 1], order[:3]
    assert len(fresh) == 2
    assert min(fresh) >= len(order) - 4, order[-4:]
