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
#: The sandbox-only route that gives ``keys.exact_balance`` its balance back (fixtures.yaml).
_RESTORE_URL = "sandbox_routes.exact_balance_restore_url"


@requirement("CRED-005")
def test_balance_equal_to_the_worst_case_is_accepted(knowlify: Harness) -> None:
    # The fixture account holds exactly the worst-case cost of a plain edit (no images).
    key = knowlify.fixture("keys.exact_balance")
    video = knowlify.fixture("videos.exact_balance_complete")
    knowlify.spend("an edit costing exactly the account's balance")
    restored = _restore_exact_balance(knowlify)
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
            f"keys.exact_balance does not hold exactly the cost ({detail!r}); {restored}"
        )
    expect_status(
        exchange,
        EDIT_ACCEPTED_STATUSES,
        requirement="CRED-005",
        why="an edit whose worst case equals the balance",
    )


def _restore_exact_balance(knowlify: Harness) -> str:
    """On a sandbox that offers it, make the single-use exact-balance account whole again.

    Returns what to tell the user if the account still does not hold exactly the cost. Any
    other target is left alone: the fixture is single-use there, as the config docs say.
    """
    consumed = "consumed by an earlier run? re-seed the sandbox"
    url = knowlify.config.fixtures.get(_RESTORE_URL)
    if not knowlify.config.sandbox or url in (None, ""):
        return consumed
    # Keyless and outside /v1: no bucket to pace, nothing billed.
    answer = knowlify.post(str(url), key=None)
    if not 200 <= answer.status_code < 300:
        return f"{consumed} (fixtures.{_RESTORE_URL} answered {answer.status_code})"
    return f"fixtures.{_RESTORE_URL} answered {answer.status_code} but did not restore it"


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
