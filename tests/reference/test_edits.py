"""Edits: lifecycle, serialization per video, credits, idempotency and revert (section 6)."""

from __future__ import annotations

from typing import Any

import pytest
from support import assert_envelope

from conformance.contract.constants import IDEMPOTENCY_TTL_SECONDS
from conformance.reference import ManualClock, ReferenceSettings, SandboxFixtures
from conformance.reference.sandbox import EXACT_BALANCE_RESTORE_PATH


def edit_body(video_uuid: str, **fields: Any) -> dict[str, Any]:
    return {"video_uuid": video_uuid, "edit_request": "Make scene 2 brighter", **fields}


def test_edit_lifecycle(api: Any, sandbox: SandboxFixtures, clock: ManualClock) -> None:
    created = api.post("/v1/edits", json=edit_body(sandbox.videos.complete)).json()
    assert created["status"] == "processing"
    assert created["result"] is None
    edit_id = created["edit_id"]
    clock.advance(8)
    assert api.get(f"/v1/edits/{edit_id}").json()["status"] == "applying"
    clock.advance(4)
    done = api.get(f"/v1/edits/{edit_id}").json()
    assert (done["status"], done["is_complete"], done["is_failed"]) == ("complete", True, False)
    assert done["result"]["link"]
    assert done["video_uuid"] == sandbox.videos.complete


def test_edit_failure(api: Any, sandbox: SandboxFixtures, clock: ManualClock) -> None:
    body = edit_body(sandbox.videos.complete, edit_request="[sandbox:edit-fail]")
    edit_id = api.post("/v1/edits", json=body).json()["edit_id"]
    clock.advance(60)
    failed = api.get(f"/v1/edits/{edit_id}").json()
    assert (failed["status"], failed["is_failed"], failed["is_complete"]) == ("error", True, False)
    assert failed["error_message"]


def test_edits_on_one_video_are_serialized(
    api: Any, sandbox: SandboxFixtures, clock: ManualClock
) -> None:
    first = api.post("/v1/edits", json=edit_body(sandbox.videos.complete)).json()
    second = api.post("/v1/edits", json=edit_body(sandbox.videos.complete)).json()
    assert (first["status"], second["status"]) == ("processing", "queued")
    clock.advance(12)
    assert api.get(f"/v1/edits/{first['edit_id']}").json()["status"] == "complete"
    assert api.get(f"/v1/edits/{second['edit_id']}").json()["status"] == "processing"


@pytest.mark.parametrize(
    ("video", "words"), [("building", "still being built"), ("errored", "errored")]
)
def test_edit_on_an_unfinished_video_is_409(
    api: Any, sandbox: SandboxFixtures, video: str, words: str
) -> None:
    response = api.post("/v1/edits", json=edit_body(getattr(sandbox.videos, video)))
    assert response.status_code == 409
    assert words in assert_envelope(response)


def test_edit_on_a_video_still_rendering_is_409(api: Any, clock: ManualClock) -> None:
    uuid = api.post("/v1/videos", json={"videos": [{"task": "t"}]}).json()["results"][0]["uuid"]
    assert api.post("/v1/edits", json=edit_body(uuid)).status_code == 409
    clock.advance(600)
    assert api.post("/v1/edits", json=edit_body(uuid)).status_code == 200


def test_edit_validation_is_400(api: Any, sandbox: SandboxFixtures) -> None:
    complete = sandbox.videos.complete
    for body in (
        {"edit_request": "x"},
        {"video_uuid": "not-a-uuid", "edit_request": "x"},
        edit_body(complete, edit_request=""),
        edit_body(complete, edit_request="x" * 5001),
        edit_body(complete, reference_image_urls=["https://ok.images.test/a.png"] * 6),
        edit_body(complete, reference_image_urls=["not a url"]),
        edit_body(complete, aspect_ratio="4:3"),
    ):
        assert api.post("/v1/edits", json=body).status_code == 400, body


def test_five_reference_images_are_allowed(api: Any, sandbox: SandboxFixtures) -> None:
    urls = ["https://ok.images.test/a.png"] * 5
    response = api.post(
        "/v1/edits", json=edit_body(sandbox.videos.complete, reference_image_urls=urls)
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("purpose", "status"),
    [
        ("ok", 200),
        ("one_hop", 200),
        ("exact_limit", 200),
        ("two_hops", 422),
        ("redirect_http", 422),
        ("redirect_private", 422),
        ("wrong_type", 415),
        ("too_big", 415),
        ("no_length", 415),
    ],
)
def test_reference_image_fixtures(
    api: Any, sandbox: SandboxFixtures, purpose: str, status: int
) -> None:
    from conformance.reference.images import SANDBOX_IMAGE_URLS

    body = edit_body(sandbox.videos.complete, reference_image_urls=[SANDBOX_IMAGE_URLS[purpose]])
    assert api.post("/v1/edits", json=body).status_code == status


class TestCredits:
    @pytest.fixture
    def reference_settings(self) -> ReferenceSettings:
        return ReferenceSettings(edit_base_cost=3, edit_cost_per_reference_image=1)

    def test_balance_equal_to_worst_case_passes(self, api: Any, sandbox: SandboxFixtures) -> None:
        body = edit_body(sandbox.videos.low_balance_complete)
        assert api.post("/v1/edits", key=sandbox.keys.low_balance, json=body).status_code == 200

    def test_balance_below_worst_case_is_402_with_the_documented_text(
        self, api: Any, sandbox: SandboxFixtures
    ) -> None:
        body = edit_body(
            sandbox.videos.low_balance_complete,
            reference_image_urls=["https://ok.images.test/a.png"],
        )
        response = api.post("/v1/edits", key=sandbox.keys.low_balance, json=body)
        assert response.status_code == 402
        assert response.json()["detail"] == "INSUFFICIENT_CREDITS: edit could cost up to 4, have 3"

    def test_the_sandbox_restores_the_exact_balance_account(
        self, api: Any, sandbox: SandboxFixtures
    ) -> None:
        """One edit spends the whole balance; the sandbox-only route gives it back, exactly."""
        body, key = edit_body(sandbox.videos.exact_balance_complete), sandbox.keys.exact_balance
        assert api.post("/v1/edits", key=key, json=body).status_code == 200
        refused = api.post("/v1/edits", key=key, json=body)
        assert refused.json()["detail"] == "INSUFFICIENT_CREDITS: edit could cost up to 3, have 0"
        restored = api.post(EXACT_BALANCE_RESTORE_PATH, key=None)
        assert (restored.status_code, restored.json()) == (200, {"balance": 3})
        assert api.post("/v1/edits", key=key, json=body).status_code == 200
        assert api.post(EXACT_BALANCE_RESTORE_PATH, key=None).json() == {"balance": 3}


class TestIdempotency:
    def test_replay_returns_the_original_and_creates_nothing(
        self, api: Any, sandbox: SandboxFixtures
    ) -> None:
        headers = {"Idempotency-Key": "op-1"}
        first = api.post("/v1/edits", headers=headers, json=edit_body(sandbox.videos.complete))
        again = api.post("/v1/edits", headers=headers, json=edit_body(sandbox.videos.complete))
        assert first.status_code == again.status_code == 200
        assert first.json() == again.json()
        fresh = api.post(
            "/v1/edits",
            headers={"Idempotency-Key": "op-2"},
            json=edit_body(sandbox.videos.complete),
        )
        assert fresh.json()["edit_id"] != first.json()["edit_id"]
        assert fresh.json()["status"] == "queued"  # the replay did not create a second edit

    def test_key_expires_after_24_hours(
        self, api: Any, sandbox: SandboxFixtures, clock: ManualClock
    ) -> None:
        headers = {"Idempotency-Key": "op-1"}
        first = api.post("/v1/edits", headers=headers, json=edit_body(sandbox.videos.complete))
        clock.advance(IDEMPOTENCY_TTL_SECONDS)
        later = api.post("/v1/edits", headers=headers, json=edit_body(sandbox.videos.complete))
        assert later.json()["edit_id"] != first.json()["edit_id"]

    def test_same_key_other_body_is_409(self, api: Any, sandbox: SandboxFixtures) -> None:
        headers = {"Idempotency-Key": "op-1"}
        api.post("/v1/edits", headers=headers, json=edit_body(sandbox.videos.complete))
        other = api.post(
            "/v1/edits",
            headers=headers,
            json=edit_body(sandbox.videos.complete, edit_request="other"),
        )
        assert other.status_code == 409

    def test_keys_are_per_caller(self, api: Any, sandbox: SandboxFixtures) -> None:
        headers = {"Idempotency-Key": "shared"}
        mine = api.post("/v1/edits", headers=headers, json=edit_body(sandbox.videos.complete))
        theirs = api.post(
            "/v1/edits",
            headers=headers,
            key=sandbox.keys.second_account,
            json=edit_body(sandbox.videos.other_account),
        )
        assert theirs.json()["edit_id"] != mine.json()["edit_id"]


class TestRevert:
    def test_revert_a_complete_edit(self, api: Any, sandbox: SandboxFixtures) -> None:
        response = api.post(f"/v1/edits/{sandbox.edits.revertable}/revert")
        body = response.json()
        assert (response.status_code, body["status"], body["is_complete"]) == (
            200,
            "reverted",
            True,
        )
        assert "revert_diff" in body["result"]
        assert body["result"]["link"]
        again = api.post(f"/v1/edits/{sandbox.edits.revertable}/revert")
        assert (again.status_code, again.json()["detail"]) == (
            409,
            "edit is not in a revertable state (status=reverted)",
        )

    @pytest.mark.parametrize(
        ("edit", "words"),
        [
            ("errored", "status=error"),
            ("blocked_by_active_edit", "active"),
            ("blocked_by_newer_edit", "newer"),
            ("blocked_by_dashboard_snapshot", "snapshot"),
        ],
    )
    def test_guards_refuse_with_409(
        self, api: Any, sandbox: SandboxFixtures, edit: str, words: str
    ) -> None:
        response = api.post(f"/v1/edits/{getattr(sandbox.edits, edit)}/revert")
        assert response.status_code == 409
        assert words in assert_envelope(response)

    def test_reverts_are_strictly_lifo(
        self, api: Any, sandbox: SandboxFixtures, clock: ManualClock
    ) -> None:
        video = sandbox.videos.complete
        first = api.post("/v1/edits", json=edit_body(video)).json()["edit_id"]
        second = api.post("/v1/edits", json=edit_body(video)).json()["edit_id"]
        assert api.post(f"/v1/edits/{first}/revert").status_code == 409  # still processing
        clock.advance(30)
        assert "newer" in api.post(f"/v1/edits/{first}/revert").json()["detail"]
        assert api.post(f"/v1/edits/{second}/revert").status_code == 200
        assert api.post(f"/v1/edits/{first}/revert").status_code == 200

    def test_failed_newer_edit_does_not_block(
        self, api: Any, sandbox: SandboxFixtures, clock: ManualClock
    ) -> None:
        video = sandbox.videos.complete
        first = api.post("/v1/edits", json=edit_body(video)).json()["edit_id"]
        api.post("/v1/edits", json=edit_body(video, edit_request="[sandbox:edit-fail]"))
        clock.advance(60)
        assert api.post(f"/v1/edits/{first}/revert").status_code == 200
