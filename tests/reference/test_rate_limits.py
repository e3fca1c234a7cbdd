"""Fixed windows per identity and bucket, driven by the manual clock (section 3)."""

from __future__ import annotations

from typing import Any

from support import one_video

from conformance.contract.constants import EDITS_BUCKET, RATE_LIMIT_DETAIL_TEMPLATE, VIDEOS_BUCKET
from conformance.reference import ManualClock, SandboxFixtures

MISSING = "00000000-0000-4000-8000-000000000000"


def spend(api: Any, path: str, count: int, **kwargs: Any) -> list[Any]:
    return [api.get(path, **kwargs) for _ in range(count)]


def test_videos_bucket_allows_30_then_429(api: Any) -> None:
    answers = spend(api, f"/v1/videos/{MISSING}", VIDEOS_BUCKET.limit)
    assert [r.status_code for r in answers] == [404] * VIDEOS_BUCKET.limit
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in answers]
    assert remaining == list(range(VIDEOS_BUCKET.limit - 1, -1, -1))
    refused = api.get(f"/v1/videos/{MISSING}")
    assert refused.status_code == 429
    assert refused.json()["detail"] == RATE_LIMIT_DETAIL_TEMPLATE.format(
        limit=30, window=60, seconds=60
    )


def test_headers_on_success(api: Any, sandbox: SandboxFixtures) -> None:
    response = api.get(f"/v1/videos/{sandbox.videos.complete}")
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Limit"] == "30"
    assert response.headers["X-RateLimit-Remaining"] == "29"
    assert response.headers["X-RateLimit-Reset"] == "60"


def test_reset_counts_down_in_whole_seconds(api: Any, clock: ManualClock) -> None:
    api.get(f"/v1/videos/{MISSING}")
    clock.advance(14.2)
    assert api.get(f"/v1/videos/{MISSING}").headers["X-RateLimit-Reset"] == "46"


def test_window_reopens_after_60_seconds(api: Any, clock: ManualClock) -> None:
    spend(api, f"/v1/edits/{MISSING}", EDITS_BUCKET.limit)
    clock.advance(59.5)
    late = api.get(f"/v1/edits/{MISSING}")
    assert late.status_code == 429
    assert late.headers["Retry-After"] == "1"
    assert late.json()["detail"].endswith("Retry in 1s.")
    clock.advance(0.5)
    fresh = api.get(f"/v1/edits/{MISSING}")
    assert fresh.status_code == 404
    assert fresh.headers["X-RateLimit-Remaining"] == str(EDITS_BUCKET.limit - 1)


def test_edits_and_videos_buckets_are_separate(api: Any) -> None:
    spend(api, f"/v1/edits/{MISSING}", EDITS_BUCKET.limit)
    assert api.get(f"/v1/edits/{MISSING}").status_code == 429
    assert api.get(f"/v1/videos/{MISSING}").status_code == 404


def test_post_and_get_share_the_videos_bucket(api: Any) -> None:
    spend(api, f"/v1/videos/{MISSING}", VIDEOS_BUCKET.limit - 1)
    assert api.post("/v1/videos", json=one_video()).headers["X-RateLimit-Remaining"] == "0"
    assert api.post("/v1/videos", json=one_video()).status_code == 429


def test_personal_and_org_identities_are_counted_apart(api: Any, sandbox: SandboxFixtures) -> None:
    spend(api, f"/v1/edits/{MISSING}", EDITS_BUCKET.limit)
    assert api.get(f"/v1/edits/{MISSING}").status_code == 429
    assert api.get(f"/v1/edits/{MISSING}", key=sandbox.keys.org).status_code == 404


def test_failed_requests_count(api: Any) -> None:
    spend(api, "/v1/edits/not-even-a-uuid", EDITS_BUCKET.limit)
    assert api.get(f"/v1/edits/{MISSING}").status_code == 429


def test_unauthenticated_requests_are_not_counted(api: Any) -> None:
    spend(api, f"/v1/edits/{MISSING}", 20, key=None)
    assert api.get(f"/v1/edits/{MISSING}").headers["X-RateLimit-Remaining"] == "9"
