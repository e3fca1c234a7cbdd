"""Credits at the edges (sections 4.1, 5.1, 6.1): a balance equal to the cost, and videos' no 402.

The 402 itself (CRED-001..004) is in ``test_edits.py``; both checks here spend.
"""

from __future__ import annotations

import pytest

from ..contract.constants import EDIT_ACCEPTED_STATUSES, INSUFFICIENT_CREDITS_PATTERN
from ..failures import ConformanceFailure, NotApplicable
from ..harness import Harness
from ..oracles import expect_status
from .bodies import EDITS, VIDEOS, edit_body, videos_body

requirement = pytest.mark.requirement


@requirement("CRED-005")
def test_balance_equal_to_the_worst_case_is_accepted(knowlify: Harness) -> None:
    # The fixture account holds exactly the worst-case cost of a plain edit (no images).
    key = knowlify.fixture("keys.exact_balance")
    video = knowlify.fixture("videos.exact_balance_complete")
    knowlify.spend("an edit costing exactly the account's balance")
    exchange = knowlify.post(EDITS, key=key, json=edit_body(video))
    if exchange.status_code == 402:
        detail = exchange.json().get("detail", "")
        match = INSUFFICIENT_CREDITS_PATTERN.match(detail)
        if match is None:
            raise NotApplicable(f"the 402's detail {detail!r} does not say cost and balance")
        if match["cost"] == match["balance"]:
            raise ConformanceFailure(
                requirement="CRED-005",
                title="balance equal to the worst case refused",
                message=f"402 although the balance equals the cost: {detail!r}",
                exchange=exchange,
            )
        raise NotApplicable(
            f"keys.exact_balance does not hold exactly the cost ({detail!r}); "
            "consumed by an earlier run? re-seed the sandbox"
        )
    expect_status(
        exchange,
        EDIT_ACCEPTED_STATUSES,
        requirement="CRED-005",
        why="an edit whose worst case equals the balance",
    )


@requirement("CRED-006")
def test_video_creation_never_answers_402(knowlify: Harness) -> None:
    knowlify.spend("a one-item batch from an account low on credit")
    exchange = knowlify.post(VIDEOS, key=knowlify.fixture("keys.low_balance"), json=videos_body())
    expect_status(
        exchange,
        200,
        requirement="CRED-006",
        why="a valid batch from a low-balance account: videos document no 402",
    )
