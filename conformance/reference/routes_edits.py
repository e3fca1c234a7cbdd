"""POST /v1/edits, GET /v1/edits/{edit_id}, POST /v1/edits/{edit_id}/revert (section 6).

The order of checks follows the precedence in ``contract/decisions.md``: 401, 429, 422 (not
JSON), 400, 404 / 403, 409, 402, then the reference-image checks (SSRF 422 / media 415).
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from ..contract.constants import (
    API_PREFIX,
    EDIT_NOT_FOUND_DETAIL,
    EDIT_NOT_OWNED_DETAIL,
    IDEMPOTENCY_KEY_HEADER,
    INSUFFICIENT_CREDITS_TEMPLATE,
)
from .accounts import Caller
from .edit_jobs import EditJob
from .errors import APIError
from .gate import admit, authenticate, ok, state_of
from .idempotency import fingerprint
from .images import ImageRejected
from .payloads import CreateEditRequest, parse_json_body, validate
from .state import ReferenceState
from .video_jobs import VideoJob

__all__ = ["router"]

router = APIRouter()


def _owned_video(state: ReferenceState, caller: Caller, video_uuid: str) -> VideoJob:
    video = state.videos.jobs.get(video_uuid)
    if video is None:
        raise APIError(404, "video not found")
    if not state.directory.may_access(caller, video.owner):
        raise APIError(403, "API key does not own this video")
    return video


def _owned_edit(state: ReferenceState, caller: Caller, edit_id: str) -> tuple[EditJob, VideoJob]:
    edit = state.edits.edits.get(edit_id)
    if edit is None:
        raise APIError(404, EDIT_NOT_FOUND_DETAIL)
    if not state.directory.may_access(caller, edit.owner):
        raise APIError(403, EDIT_NOT_OWNED_DETAIL)
    return edit, state.videos.jobs[edit.video_uuid]


def _worst_case_cost(state: ReferenceState, payload: CreateEditRequest) -> int:
    settings = state.settings
    per_image = settings.edit_cost_per_reference_image
    return settings.edit_base_cost + per_image * len(payload.reference_image_urls)


@router.post(f"{API_PREFIX}/edits")
async def create_edit(request: Request) -> JSONResponse:
    state = state_of(request)
    caller = authenticate(request)
    admit(request, caller.identity, state.settings.edits_bucket)
    document = parse_json_body(await request.body(), request.headers.get("content-type"))
    payload = validate(state.models.create_edit, document)
    now = state.clock.now()

    idempotency_key = request.headers.get(IDEMPOTENCY_KEY_HEADER)
    digest = fingerprint(document)
    if idempotency_key:
        stored = state.idempotency.replay(caller.identity, idempotency_key, digest, now)
        if stored is not None:
            return ok(request, stored.body)

    video = _owned_video(state, caller, payload.video_uuid)
    video_status = state.videos.status(video, now)
    if video_status == "failed":
        raise APIError(409, "video has errored and cannot be edited")
    if video_status != "complete":
        raise APIError(409, f"video is still being built (status={video_status})")
    cost, balance = _worst_case_cost(state, payload), state.directory.balance(caller.scope)
    if balance < cost:
        raise APIError(402, INSUFFICIENT_CREDITS_TEMPLATE.format(cost=cost, balance=balance))
    for url in payload.reference_image_urls:
        try:
            state.image_guard.check(url)
        except ImageRejected as rejection:
            raise APIError(rejection.status, rejection.detail) from None
    if state.markers.server_error in payload.edit_request:
        raise RuntimeError("sandbox: simulated unexpected failure")

    edit = EditJob(
        edit_id=str(uuid.uuid4()),
        video_uuid=video.uuid,
        owner=caller.scope,
        created_at=now,
        fails=state.markers.edit_failure in payload.edit_request,
    )
    state.edits.submit(edit, video, now)
    state.directory.spend(caller.scope, cost)
    body = state.edits.view(edit, video, now)
    if idempotency_key:
        state.idempotency.remember(caller.identity, idempotency_key, digest, body, now)
    return ok(request, body)


@router.get(f"{API_PREFIX}/edits/{{edit_id}}")
async def get_edit(request: Request, edit_id: str) -> JSONResponse:
    state = state_of(request)
    caller = authenticate(request)
    admit(request, caller.identity, state.settings.edits_bucket)
    edit, video = _owned_edit(state, caller, edit_id)
    return ok(request, state.edits.view(edit, video, state.clock.now()))


@router.post(f"{API_PREFIX}/edits/{{edit_id}}/revert")
async def revert_edit(request: Request, edit_id: str) -> JSONResponse:
    state = state_of(request)
    caller = authenticate(request)
    admit(request, caller.identity, state.settings.edits_bucket)
    edit, video = _owned_edit(state, caller, edit_id)
    now = state.clock.now()
    state.edits.revert(edit, video, now)
    return ok(request, state.edits.view(edit, video, now))
