"""POST /v1/videos and the video lifecycle: validation, parking, rows, polling (section 5)."""

from __future__ import annotations

from typing import Any

import pytest
from support import assert_envelope, one_video

from conformance.reference import ManualClock, SandboxFixtures

VALID_BOUNDARIES = [
    {"task": "x"},
    {"task": "x" * 5000},
    {"task": "é" * 5000},
    {"task": "t", "video_duration_seconds": 30},
    {"task": "t", "video_duration_seconds": 300},
    {"task": "t", "aspect_ratio": "9:16", "video_type": "social"},
    {"task": "t", "global_style_prompt": "s" * 5000},
    {
        "task": "t",
        "color_palette": {"primary": "#fff", "secondary": "#A1b2C3", "accent": "#000000"},
    },
    {"task": "t", "color_palette": {}},
    {"task": "t", "unknown_field": 1},
    {"task": "t", "global_style_prompt": None, "color_palette": None, "voice_description": None},
]
INVALID_ITEMS = [
    {},
    {"task": ""},
    {"task": "x" * 5001},
    {"task": "é" * 5001},
    {"task": 5},
    {"task": "t", "video_duration_seconds": 29},
    {"task": "t", "video_duration_seconds": 301},
    {"task": "t", "video_duration_seconds": 60.0},
    {"task": "t", "video_duration_seconds": "60"},
    {"task": "t", "video_duration_seconds": True},
    {"task": "t", "aspect_ratio": "16:10"},
    {"task": "t", "aspect_ratio": "16/9"},
    {"task": "t", "aspect_ratio": None},
    {"task": "t", "video_type": "Explainer"},
    {"task": "t", "video_type": "explainer "},
    {"task": "t", "global_style_prompt": "s" * 5001},
    {"task": "t", "color_palette": {"primary": "#ggg"}},
    {"task": "t", "color_palette": {"primary": "#ffff"}},
    {"task": "t", "color_palette": {"primary": "fff"}},
    {"task": "t", "color_palette": {"primary": "#ffffff00"}},
    {"task": "t", "color_palette": {"background": "#fff"}},
    {"task": "t", "color_palette": ["#fff"]},
]


@pytest.mark.parametrize("item", VALID_BOUNDARIES, ids=range(len(VALID_BOUNDARIES)))
def test_valid_items_are_accepted(api: Any, item: dict[str, Any]) -> None:
    assert api.post("/v1/videos", json={"videos": [item]}).status_code == 200


@pytest.mark.parametrize("item", INVALID_ITEMS, ids=range(len(INVALID_ITEMS)))
def test_invalid_items_are_400(api: Any, item: dict[str, Any]) -> None:
    response = api.post("/v1/videos", json={"videos": [item]})
    assert response.status_code == 400
    assert_envelope(response)


@pytest.mark.parametrize(
    "body",
    [
        {"videos": []},
        {"videos": [{"task": "t"}] * 51},
        {},
        {"videos": {"task": "t"}},
        {"videos": ["t"]},
        {**one_video(), "email": "not-an-email"},
        {**one_video(), "email": "a@" + "b" * 316 + ".io"},
        [],
        "videos",
        5,
    ],
    ids=[
        "0-items",
        "51-items",
        "no-videos",
        "videos-object",
        "item-string",
        "bad-email",
        "email-321",
        "array",
        "string",
        "number",
    ],
)
def test_bad_request_bodies_are_400(api: Any, body: Any) -> None:
    assert api.post("/v1/videos", json=body).status_code == 400


def test_json_null_body_is_400(api: Any) -> None:
    response = api.post("/v1/videos", content=b"null", headers={"Content-Type": "application/json"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"", "application/json"),
        (b"   ", "application/json"),
        (b"{", "application/json"),
        (b'{"videos": []} x', "application/json"),
        (b'{"a": NaN}', "application/json"),
        (b"\xef\xbb\xbf{}", "application/json"),
        (b"\xff\xfe", "application/json"),
        (b'{"videos": [{"task": "t"}]}', "text/plain"),
    ],
    ids=["empty", "blank", "truncated", "trailing", "nan", "bom", "not-utf8", "text-plain"],
)
def test_bodies_that_are_not_json_are_422(api: Any, content: bytes, content_type: str) -> None:
    response = api.post("/v1/videos", content=content, headers={"Content-Type": content_type})
    assert response.status_code == 422
    assert_envelope(response)


def test_duplicate_keys_are_400(api: Any) -> None:
    raw = b'{"videos": [{"task": "a", "task": "b"}]}'
    assert (
        api.post(
            "/v1/videos", content=raw, headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )


def test_50_items_accepted_and_three_start(api: Any) -> None:
    body = api.post("/v1/videos", json={"videos": [{"task": f"t{i}"} for i in range(50)]}).json()
    assert (body["total"], body["enqueued"], body["parked"], body["errors"]) == (50, 3, 47, 0)
    assert [row["index"] for row in body["results"]] == list(range(50))
    parked = [row for row in body["results"] if row["status"] == "parked"]
    assert [row["queue_position"] for row in parked] == list(range(1, 48))
    assert all("queue_position" not in row for row in body["results"][:3])


def test_parking_counts_jobs_from_earlier_batches(api: Any) -> None:
    api.post("/v1/videos", json={"videos": [{"task": "a"}, {"task": "b"}]})
    body = api.post("/v1/videos", json={"videos": [{"task": "c"}, {"task": "d"}]}).json()
    assert [row["status"] for row in body["results"]] == ["queued", "parked"]
    assert body["results"][1]["queue_position"] == 1


def test_item_failure_row(api: Any) -> None:
    body = api.post(
        "/v1/videos", json={"videos": [{"task": "ok"}, {"task": "[sandbox:item-fail]"}]}
    ).json()
    assert (body["total"], body["enqueued"], body["errors"]) == (2, 1, 1)
    row = body["results"][1]
    assert row["index"] == 1
    assert row["status"] == "error"
    assert row["code"] == "ITEM_FAILED"
    assert row["message"]


def test_lifecycle_runs_through_every_stage(api: Any, clock: ManualClock) -> None:
    uuid = api.post("/v1/videos", json=one_video()).json()["results"][0]["uuid"]
    seen = []
    for _ in range(20):
        body = api.get(f"/v1/videos/{uuid}").json()
        if not seen or seen[-1] != body["status"]:
            seen.append(body["status"])
        assert body["progress"]["stage"] == body["status"]
        clock.advance(2)
    assert seen == [
        "queued",
        "voiceover",
        "highlevel",
        "lowlevel",
        "scan_assets",
        "generating_frames",
        "complete",
    ]
    final = api.get(f"/v1/videos/{uuid}").json()
    assert final["is_complete"]
    assert not final["is_failed"]
    assert final["progress"]["percent"] == 100
    assert final["created_at"].endswith("+00:00")


def test_render_failure_is_terminal(api: Any, clock: ManualClock) -> None:
    uuid = api.post("/v1/videos", json=one_video(task="[sandbox:render-fail]")).json()["results"][
        0
    ]["uuid"]
    clock.advance(600)
    body = api.get(f"/v1/videos/{uuid}").json()
    assert (body["status"], body["is_failed"], body["is_complete"]) == ("failed", True, False)
    assert body["error_message"]


def test_parked_jobs_are_promoted_fifo(api: Any, clock: ManualClock) -> None:
    rows = api.post("/v1/videos", json={"videos": [{"task": f"t{i}"} for i in range(5)]}).json()[
        "results"
    ]
    uuids = [row["uuid"] for row in rows]
    assert api.get(f"/v1/videos/{uuids[3]}").json()["status"] == "pending"
    clock.advance(32.0)  # the first three finish at 2 + 5 * 6 = 32 s
    assert api.get(f"/v1/videos/{uuids[0]}").json()["status"] == "complete"
    assert api.get(f"/v1/videos/{uuids[3]}").json()["status"] == "queued"
    assert api.get(f"/v1/videos/{uuids[4]}").json()["status"] == "queued"


def test_get_video_echoes_the_task(api: Any, sandbox: SandboxFixtures) -> None:
    body = api.get(f"/v1/videos/{sandbox.videos.complete}").json()
    assert body["uuid"] == sandbox.videos.complete
    assert set(body) == {
        "uuid",
        "status",
        "is_complete",
        "is_failed",
        "progress",
        "error_message",
        "task",
        "created_at",
        "updated_at",
    }
