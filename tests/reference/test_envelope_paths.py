"""Every error the reference server can return is the envelope, framework paths included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from support import assert_envelope, one_video

from conformance.reference import SandboxFixtures

Request = Callable[[Any, SandboxFixtures], Any]

ERROR_PATHS: list[tuple[str, int, Request]] = [
    ("bad enum", 400, lambda api, fx: api.post("/v1/videos", json=one_video(video_type="vlog"))),
    (
        "51 items",
        400,
        lambda api, fx: api.post("/v1/videos", json={"videos": [{"task": "t"}] * 51}),
    ),
    (
        "bad hex",
        400,
        lambda api, fx: api.post("/v1/videos", json=one_video(color_palette={"primary": "#ggg"})),
    ),
    ("array body", 400, lambda api, fx: api.post("/v1/videos", json=[1, 2])),
    (
        "org mismatch",
        400,
        lambda api, fx: api.post("/v1/videos", json={**one_video(), "org_id": "x"}),
    ),
    ("missing key", 401, lambda api, fx: api.post("/v1/videos", key=None, json=one_video())),
    (
        "revoked key",
        401,
        lambda api, fx: api.get(f"/v1/videos/{fx.videos.complete}", key=fx.keys.revoked),
    ),
    (
        "insufficient credits",
        402,
        lambda api, fx: api.post(
            "/v1/edits",
            key=fx.keys.low_balance,
            json={"video_uuid": fx.videos.low_balance_complete, "edit_request": "x"},
        ),
    ),
    ("not owner", 403, lambda api, fx: api.get(f"/v1/videos/{fx.videos.other_account}")),
    (
        "jwt non-member",
        403,
        lambda api, fx: api.post(
            "/v1/videos",
            key=None,
            headers={"Authorization": f"Bearer {fx.sessions.non_member}"},
            json={**one_video(), "org_id": fx.org_id},
        ),
    ),
    (
        "unknown video",
        404,
        lambda api, fx: api.get("/v1/videos/00000000-0000-4000-8000-000000000000"),
    ),
    (
        "unknown edit",
        404,
        lambda api, fx: api.get("/v1/edits/00000000-0000-4000-8000-000000000000"),
    ),
    ("unknown route", 404, lambda api, fx: api.get("/v1/unknown")),
    ("root", 404, lambda api, fx: api.get("/", key=None)),
    ("wrong method", 405, lambda api, fx: api.request("DELETE", "/v1/videos")),
    (
        "video building",
        409,
        lambda api, fx: api.post(
            "/v1/edits", json={"video_uuid": fx.videos.building, "edit_request": "x"}
        ),
    ),
    (
        "revert guard",
        409,
        lambda api, fx: api.post(f"/v1/edits/{fx.edits.blocked_by_newer_edit}/revert"),
    ),
    (
        "image too big",
        415,
        lambda api, fx: api.post(
            "/v1/edits",
            json={
                "video_uuid": fx.videos.complete,
                "edit_request": "x",
                "reference_image_urls": ["https://too-big.images.test/a.png"],
            },
        ),
    ),
    ("not json", 422, lambda api, fx: api.post("/v1/videos", content=b"{nope")),
    ("empty body", 422, lambda api, fx: api.post("/v1/videos", content=b"")),
    (
        "ssrf",
        422,
        lambda api, fx: api.post(
            "/v1/edits",
            json={
                "video_uuid": fx.videos.complete,
                "edit_request": "x",
                "reference_image_urls": ["https://169.254.169.254/latest"],
            },
        ),
    ),
    (
        "unhandled exception",
        500,
        lambda api, fx: api.post("/v1/videos", json=one_video(task="boom [sandbox:server-error]")),
    ),
]


@pytest.mark.parametrize(
    ("status", "send"), [(s, r) for _, s, r in ERROR_PATHS], ids=[n for n, _, _ in ERROR_PATHS]
)
def test_error_path_answers_with_the_envelope(
    api: Any, sandbox: SandboxFixtures, status: int, send: Request
) -> None:
    response = send(api, sandbox)
    assert response.status_code == status
    assert_envelope(response)


def test_every_error_status_the_contract_names_is_reachable() -> None:
    from conformance.contract.constants import ENDPOINTS

    documented = set().union(*(endpoint.error_statuses for endpoint in ENDPOINTS))
    covered = {status for _, status, _ in ERROR_PATHS} | {429}  # 429: its own test below
    assert documented <= covered


def test_429_is_the_envelope_with_retry_after(api: Any) -> None:
    for _ in range(10):
        assert api.get("/v1/edits/00000000-0000-4000-8000-000000000000").status_code == 404
    response = api.get("/v1/edits/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 429
    assert_envelope(response)
    assert response.headers["Retry-After"] == response.headers["X-RateLimit-Reset"]
