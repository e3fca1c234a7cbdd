"""POST /v1/videos and GET /v1/videos/{uuid} (contract.md §5)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..contract.constants import API_PREFIX, ITEM_FAILED_CODE
from .accounts import Caller
from .errors import APIError
from .gate import admit, authenticate, ok, state_of
from .payloads import parse_json_body, validate
from .state import ReferenceState
from .video_jobs import VideoJob

__all__ = ["router"]

router = APIRouter()


def _claimed_org(raw: bytes) -> str | None:
    """The body's ``org_id`` if it is readable now; used only to pick the rate identity."""
    try:
        document = json.loads(raw)
    except ValueError:
        return None
    org_id = document.get("org_id") if isinstance(document, dict) else None
    return org_id if isinstance(org_id, str) else None


def _rate_identity(state: ReferenceState, caller: Caller, raw: bytes) -> str:
    # A JWT caller naming an org it belongs to is counted as that org (section 3.2).
    org_id = _claimed_org(raw) if caller.via == "jwt" else None
    if org_id is not None and state.directory.is_member(caller.user_id, org_id):
        return f"org:{org_id}"
    return caller.identity


def _scoped(state: ReferenceState, caller: Caller, org_id: str | None) -> Caller:
    """Apply the body's ``org_id``: 400 on an API-key mismatch, 403 for a JWT non-member."""
    if org_id is None:
        return caller
    if caller.via == "api_key":
        if org_id != caller.org_id:
            raise APIError(400, "org_id does not match the API key's organization")
        return caller
    if not state.directory.is_member(caller.user_id, org_id):
        raise APIError(403, "caller is not an active member of the requested organization")
    return Caller(user_id=caller.user_id, org_id=org_id, via="jwt")


@router.post(f"{API_PREFIX}/videos")
async def create_videos(request: Request) -> JSONResponse:
    state = state_of(request)
    caller = authenticate(request)
    raw = await request.body()
    admit(request, _rate_identity(state, caller, raw), state.settings.videos_bucket)
    payload = validate(
        state.models.create_videos, parse_json_body(raw, request.headers.get("content-type"))
    )
    caller = _scoped(state, caller, payload.org_id)
    markers = state.markers
    if any(markers.server_error in item.task for item in payload.videos):
        raise RuntimeError("sandbox: simulated unexpected failure")

    now = state.clock.now()
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(payload.videos):
        video_uuid = str(uuid.uuid4())
        if markers.item_failure in item.task:
            rows.append(
                {
                    "index": index,
                    "uuid": video_uuid,
                    "status": "error",
                    "code": ITEM_FAILED_CODE,
                    "message": "sandbox: the simulated queue rejected this item",
                }
            )
            continue
        job = VideoJob(
            uuid=video_uuid,
            owner=caller.scope,
            pool=caller.identity,
            task=item.task,
            created_at=now,
            fail_at_stage=1 if markers.render_failure in item.task else None,
        )
        position = state.videos.submit(job, now)
        row: dict[str, Any] = {"index": index, "uuid": video_uuid, "status": "queued"}
        if position is not None:
            row.update(status="parked", queue_position=position)
        rows.append(row)

    counts = {
        status: sum(row["status"] == status for row in rows)
        for status in ("queued", "parked", "error")
    }
    return ok(
        request,
        {
            "status": "ok",
            "total": len(rows),
            "enqueued": counts["queued"],
            "parked": counts["parked"],
            "errors": counts["error"],
            "user_id": caller.user_id,
            "org_id": caller.org_id,
            "results": rows,
        },
    )


@router.get(f"{API_PREFIX}/videos/{{video_uuid}}")
async def get_video(request: Request, video_uuid: str) -> JSONResponse:
    state = state_of(request)
    caller = authenticate(request)
    admit(request, caller.identity, state.settings.videos_bucket)
    job = state.videos.jobs.get(video_uuid)
    if job is None:
        raise APIError(404, "video not found")
    if not state.directory.may_access(caller, job.owner):
        raise APIError(403, "API key does not own this video")
    return ok(request, state.videos.view(job, state.clock.now()))
