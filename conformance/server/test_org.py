"""Personal vs organization scope (sections 2.4, 5.1, 6.3, 6.4): ``org_id``, ``email``, members.

Refusals cost nothing; the checks that need a 200 create one-item batches and spend.
"""

from __future__ import annotations

from typing import Any

import pytest

from ..exchange import Exchange
from ..failures import FailureFactory
from ..harness import Harness
from ..oracles import expect_status
from .bodies import UNKNOWN_ID, VIDEOS, edit_path, revert_path, videos_body
from .fresh_edits import revertable_edit

requirement = pytest.mark.requirement


_fail = FailureFactory("org scope breaks the contract")


def _field(exchange: Exchange, name: str, requirement: str) -> Any:
    """A top-level field of a 200 body; its absence fails ``requirement``."""
    body = exchange.json()
    if not isinstance(body, dict) or name not in body:
        raise _fail(requirement, f"the 200 has no {name!r} field", exchange)
    return body[name]


@requirement("ORG-001")
def test_org_key_with_a_foreign_org_id_is_400(knowlify: Harness) -> None:
    org_key, own = knowlify.fixture("keys.org"), knowlify.fixture("org_id")
    foreign = UNKNOWN_ID if own != UNKNOWN_ID else "00000000-0000-4000-8000-000000000001"
    exchange = knowlify.post(VIDEOS, key=org_key, json={**videos_body(), "org_id": foreign})
    expect_status(exchange, 400, requirement="ORG-001", why="an org_id other than the key's org")


@requirement("ORG-002")
def test_org_key_with_its_own_org_id_is_accepted(knowlify: Harness) -> None:
    org_key, own = knowlify.fixture("keys.org"), knowlify.fixture("org_id")
    knowlify.spend("a one-item batch naming the org key's own org")
    exchange = knowlify.post(VIDEOS, key=org_key, json={**videos_body(), "org_id": own})
    expect_status(exchange, 200, requirement="ORG-002", why="the org key's own org_id")


@requirement("ORG-003")
@pytest.mark.parametrize("scope", ["org", "personal"])
def test_response_org_id_is_the_keys_scope(knowlify: Harness, scope: str) -> None:
    key = knowlify.fixture(f"keys.{scope}")
    expected = knowlify.fixture("org_id") if scope == "org" else None
    knowlify.spend(f"a one-item batch with the {scope} key")
    exchange = knowlify.post(VIDEOS, key=key, json=videos_body())
    expect_status(exchange, 200, requirement="ORG-003", why=f"a valid batch, {scope} key")
    org_id = _field(exchange, "org_id", "ORG-003")
    if org_id != expected:
        raise _fail(
            "ORG-003",
            f"org_id is {org_id!r} for the {scope} key, expected "
            f"{'the key org' if expected else 'null'}",
            exchange,
        )


@requirement("ORG-004")
def test_personal_key_naming_an_org_is_refused(knowlify: Harness) -> None:
    # The org the key's own user belongs to: still not the personal key's scope.
    body = {**videos_body(), "org_id": knowlify.fixture("org_id")}
    exchange = knowlify.post(VIDEOS, json=body)
    expect_status(exchange, {400, 403}, requirement="ORG-004", why="a personal key with org_id")


@requirement("ORG-005")
def test_jwt_non_member_naming_the_org_is_403(knowlify: Harness) -> None:
    token = knowlify.fixture("sessions.non_member")
    body = {**videos_body(), "org_id": knowlify.fixture("org_id")}
    exchange = knowlify.post(
        VIDEOS, key=None, json=body, headers={"Authorization": f"Bearer {token}"}
    )
    expect_status(
        exchange,
        403,
        requirement="ORG-005",
        why="a JWT caller naming an org it is not an active member of",
    )


@requirement("ORG-006")
def test_email_is_advisory_for_api_keys(knowlify: Harness) -> None:
    user_id = knowlify.fixture("user_id")
    knowlify.spend("two one-item batches with different email values", requests=2)
    for email in ("someone.else@example.com", "another.person@example.org"):
        exchange = knowlify.post(VIDEOS, json={**videos_body(), "email": email})
        expect_status(exchange, 200, requirement="ORG-006", why=f"a valid batch with {email}")
        answered = _field(exchange, "user_id", "ORG-006")
        if answered != user_id:
            raise _fail(
                "ORG-006",
                f"user_id {answered!r} is not the key's user with email {email!r}",
                exchange,
            )


# --- another active key of the submitter's org (sections 6.3, 6.4) ------------------------------
@requirement("EDIT-025")
def test_another_org_member_may_get_the_edit(knowlify: Harness) -> None:
    key, edit_id = knowlify.fixture("keys.org_second_member"), knowlify.fixture("edits.org_shared")
    exchange = knowlify.get(edit_path(edit_id), key=key)
    expect_status(
        exchange,
        200,
        requirement="EDIT-025",
        why="another active key of the org the edit was submitted under",
    )
    if _field(exchange, "edit_id", "EDIT-025") != edit_id:
        raise _fail("EDIT-025", "the 200 is not the edit asked for", exchange)


@requirement("REV-014")
def test_another_org_member_may_revert_the_edit(knowlify: Harness) -> None:
    key = knowlify.fixture("keys.org_second_member")
    edit_id = revertable_edit(knowlify, "org_revertable", key=knowlify.fixture("keys.org"))
    exchange = knowlify.post(revert_path(edit_id), key=key)
    expect_status(
        exchange,
        200,
        requirement="REV-014",
        why="another active key of the org reverting the org's latest edit",
    )
    if _field(exchange, "status", "REV-014") != "reverted":
        raise _fail("REV-014", "the revert's 200 does not show status 'reverted'", exchange)
