"""Credentials, scopes and the org_id rules of the reference server (section 2)."""

from __future__ import annotations

from typing import Any

import pytest
from support import assert_envelope, one_video

from conformance.contract.constants import DOCS_SAMPLE_API_KEY
from conformance.reference import SandboxFixtures

HEX64 = "0123456789abcdef" * 4


@pytest.mark.parametrize(
    "key",
    [
        "",
        "kn_",
        "kn_" + HEX64[:63],
        "kn_" + HEX64 + "0",
        "kn_" + HEX64.upper(),
        "KN_" + HEX64,
        "sk_" + HEX64,
        " kn_" + HEX64,
        "kn_" + HEX64[:-1] + "g",
        DOCS_SAMPLE_API_KEY,
    ],
    ids=[
        "empty",
        "prefix-only",
        "63-hex",
        "65-hex",
        "upper-hex",
        "upper-prefix",
        "sk-prefix",
        "leading-space",
        "non-hex",
        "docs-sample",
    ],
)
def test_malformed_keys_are_401(api: Any, key: str) -> None:
    response = api.post("/v1/videos", key=key, json=one_video())
    assert response.status_code == 401
    assert_envelope(response)


def test_well_formed_unknown_key_is_401(api: Any) -> None:
    assert api.post("/v1/videos", key="kn_" + HEX64, json=one_video()).status_code == 401


def test_revoked_key_is_401(api: Any, sandbox: SandboxFixtures) -> None:
    assert "revoked" in assert_envelope(
        api.post("/v1/videos", key=sandbox.keys.revoked, json=one_video())
    )


def test_org_key_of_a_departed_member_is_401(api: Any, sandbox: SandboxFixtures) -> None:
    response = api.post("/v1/videos", key=sandbox.keys.departed_org_member, json=one_video())
    assert response.status_code == 401


def test_401_comes_before_everything_else(api: Any) -> None:
    assert api.post("/v1/videos", key=None, content=b"{not json").status_code == 401
    assert api.get("/v1/videos/not-a-uuid", key=None).status_code == 401


def test_org_key_acts_as_the_org(api: Any, sandbox: SandboxFixtures) -> None:
    body = api.post("/v1/videos", key=sandbox.keys.org, json=one_video()).json()
    assert body["org_id"] == sandbox.org_id
    assert body["user_id"] == sandbox.user_id


def test_personal_key_has_no_org(api: Any, sandbox: SandboxFixtures) -> None:
    assert api.post("/v1/videos", json=one_video()).json()["org_id"] is None


@pytest.mark.parametrize("which", ["personal", "org"])
def test_org_id_mismatch_with_an_api_key_is_400(
    api: Any, sandbox: SandboxFixtures, which: str
) -> None:
    key = getattr(sandbox.keys, which)
    response = api.post("/v1/videos", key=key, json={**one_video(), "org_id": "another-org"})
    assert response.status_code == 400
    assert "org_id" in assert_envelope(response)


def test_org_key_with_its_own_org_id_is_accepted(api: Any, sandbox: SandboxFixtures) -> None:
    response = api.post(
        "/v1/videos", key=sandbox.keys.org, json={**one_video(), "org_id": sandbox.org_id}
    )
    assert response.status_code == 200


def test_jwt_member_naming_the_org_acts_as_the_org(api: Any, sandbox: SandboxFixtures) -> None:
    headers = {"Authorization": f"Bearer {sandbox.sessions.member}"}
    response = api.post(
        "/v1/videos", key=None, headers=headers, json={**one_video(), "org_id": sandbox.org_id}
    )
    assert response.status_code == 200
    assert response.json()["org_id"] == sandbox.org_id


def test_jwt_non_member_naming_the_org_is_403(api: Any, sandbox: SandboxFixtures) -> None:
    headers = {"Authorization": f"Bearer {sandbox.sessions.non_member}"}
    response = api.post(
        "/v1/videos", key=None, headers=headers, json={**one_video(), "org_id": sandbox.org_id}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("value", ["Bearer", "Bearer ", "Basic abc", "Token x", "Bearer nope"])
def test_bad_bearer_is_401(api: Any, value: str) -> None:
    assert (
        api.post(
            "/v1/videos", key=None, headers={"Authorization": value}, json=one_video()
        ).status_code
        == 401
    )


def test_other_accounts_resources_are_403(api: Any, sandbox: SandboxFixtures) -> None:
    assert api.get(f"/v1/videos/{sandbox.videos.other_account}").status_code == 403
    assert api.get(f"/v1/edits/{sandbox.edits.other_account}").status_code == 403
    revert = api.post(f"/v1/edits/{sandbox.edits.other_account}/revert")
    assert (revert.status_code, revert.json()["detail"]) == (403, "API key does not own this edit")
    edit = api.post(
        "/v1/edits", json={"video_uuid": sandbox.videos.other_account, "edit_request": "x"}
    )
    assert edit.status_code == 403


def test_org_member_personal_key_reaches_org_videos(api: Any, sandbox: SandboxFixtures) -> None:
    assert api.get(f"/v1/videos/{sandbox.videos.org_complete}").status_code == 200


def test_unknown_ids_are_404_with_documented_text(api: Any) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.get(f"/v1/videos/{missing}").status_code == 404
    revert = api.post(f"/v1/edits/{missing}/revert")
    assert (revert.status_code, revert.json()["detail"]) == (404, "edit not found")
