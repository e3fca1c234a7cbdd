"""The ``coverage`` rows of a run: one per class label of bad input whose check was selected.

The bad-input checks (``conformance/server/test_bad_input.py``) write their own rows; these
helpers make the rows of checks that never ran (disabled, skipped at setup) and complete the
section at the end: a check selected that left no row is ``error`` with nothing sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .verdicts import Verdict

__all__ = ["completed_rows", "unsent_row"]

Selected = tuple[str, str, list[str]]
"""A selected label check: family, label, requirements."""


def unsent_row(family: str, label: str, requirements: list[str], verdict: str) -> dict[str, Any]:
    """The row of a label check that sent nothing."""
    return {"family": family, "label": label, "requirements": requirements, "explicit": 0,
            "drawn": 0, "sent": 0, "verdict": verdict}  # fmt: skip


def completed_rows(
    rows: Iterable[dict[str, Any]], selected: Sequence[Selected] | None
) -> list[dict[str, Any]]:
    """One row per selected check, in selection order (``None``: not known, as on xdist's
    controller, which does not collect: the rows as they came)."""
    found = {(row["family"], row["label"]): row for row in rows}
    if selected is None:
        return list(found.values())
    return [
        found.get((family, label)) or unsent_row(family, label, requirements, Verdict.ERROR.value)
        for family, label, requirements in selected
    ]
