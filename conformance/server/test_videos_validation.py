"""POST /v1/videos validation (sections 4.1, 5.1): the boundary values that must be accepted.

The values that must be refused are the bad-input families of ``strategies``, sent by
``test_bad_input.py`` (the hand-picked ones are their explicit examples, in ``families.py``).
The boundary values here would create (and bill) jobs: they are sent only where spending is
allowed (the sandbox, or within ``--allow-spend``).
"""

from __future__ import annotations

from typing import Any

import pytest

from ..contract.constants import (
    BATCH_MAX_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    TASK_MAX_LENGTH,
)
from ..harness import Harness
from ..oracles import expect_status
from .bodies import VIDEOS, videos_body

requirement = pytest.mark.requirement

# Boundary values that must be accepted: sending them creates (and bills) jobs.
ACCEPTED: list[tuple[str, Any, str]] = [
    ("VID-VAL-001", videos_body(task="x"), "a 1-character task"),
    ("VID-VAL-001", videos_body(task="é" * TASK_MAX_LENGTH), "5000 two-byte characters"),
    ("VID-VAL-002", videos_body(video_duration_seconds=DURATION_MIN_SECONDS), "30 seconds"),
    ("VID-VAL-002", videos_body(video_duration_seconds=DURATION_MAX_SECONDS), "300 seconds"),
    ("VID-VAL-008", videos_body(color_palette={"primary": "#FFF", "accent": "#A1B2C3"}),
     "upper-case hex colours"),
    ("VID-BATCH-003", videos_body(1), "a batch of 1"),
    ("VID-BATCH-003", videos_body(BATCH_MAX_ITEMS), "a batch of 50"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "body", "why"),
    [
        pytest.param(*case, marks=requirement(case[0]), id=f"{case[0]}:{case[2]}")
        for case in ACCEPTED
    ],
)
def test_boundary_value_is_accepted(knowlify: Harness, rule: str, body: Any, why: str) -> None:
    knowlify.spend(f"{why} creates video jobs")
    exchange = knowlify.post(VIDEOS, json=body)
    expect_status(exchange, 200, requirement=rule, why=why)
