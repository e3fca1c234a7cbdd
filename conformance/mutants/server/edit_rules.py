"""Edit faults: the edit request's validation, lifecycle, 404 / 403, answer shape and 402."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated, Any

from pydantic import Field, StrictStr

from ...contract.constants import (
    API_PREFIX,
    EDIT_NOT_FOUND_DETAIL,
    EDIT_NOT_OWNED_DETAIL,
    EDIT_REQUEST_MAX_LENGTH,
    EDIT_REQUEST_MIN_LENGTH,
    REFERENCE_IMAGE_URLS_MAX,
)
from ...reference.accounts import Directory, Scope
from ...reference.edit_jobs import EditJob, EditJobs
from ...reference.payloads import CreateEditRequest, ReferenceUrl
from ...reference.state import ReferenceState
from ...reference.video_jobs import VideoJob
from ..rewrite import Answer, Rewrite, read_body, replayed
from ._build import server_mutant, swap
from ._models import use_models

__all__ = ["MUTANTS"]

_EDITS = f"{API_PREFIX}/edits"
_VIDEO_NOT_OWNED = "API key does not own this video"
#: A change to one edit body (a JSON object with ``edit_id``).
Change = Callable[[dict[str, Any]], dict[str, Any]]


# --- request models with one rule loosened -----------------------------------------------------
class _LongRequest(CreateEditRequest):
    edit_request: Annotated[
        StrictStr, Field(min_length=EDIT_REQUEST_MIN_LENGTH, max_length=EDIT_REQUEST_MAX_LENGTH + 1)
    ]


class _ShortRequest(CreateEditRequest):
    edit_request: Annotated[
        StrictStr, Field(min_length=EDIT_REQUEST_MIN_LENGTH, max_length=EDIT_REQUEST_MAX_LENGTH - 1)
    ]


class _SixUrls(CreateEditRequest):
    reference_image_urls: Annotated[
        list[ReferenceUrl],
        Field(max_length=REFERENCE_IMAGE_URLS_MAX + 1),
    ] = Field(default_factory=list)


class _AnyVideoId(CreateEditRequest):
    video_uuid: StrictStr


# --- components with one behaviour changed -----------------------------------------------------
class _ShortIds(EditJobs):
    """Issues ``edit_<12 hex>`` ids (a prefixed short id) instead of UUIDs."""

    def submit(self, edit: EditJob, video: VideoJob, now: float) -> None:
        edit.edit_id = f"edit_{uuid.uuid4().hex[:12]}"
        super().submit(edit, video, now)


class _Synchronous(EditJobs):
    """Runs the edit before answering: every phase takes no time, so it is born complete."""

    def __init__(self, state: ReferenceState) -> None:
        timings = replace(state.settings.timings, edit_processing=0.0, edit_applying=0.0)
        super().__init__(timings)


class _NoCreditCheck(Directory):
    """Reads every workspace as able to pay: the worst-case check before an edit never refuses."""

    def balance(self, scope: Scope) -> int:
        return max(super().balance(scope), 10**9)


# --- answer rewrites ---------------------------------------------------------------------------
def _detail(answer: Answer) -> str:
    document = answer.json()
    detail = document.get("detail") if isinstance(document, dict) else None
    return detail if isinstance(detail, str) else ""


def _on_edit_post(status: int, says: str, becomes: int, detail: str | None = None) -> Rewrite:
    """POST /v1/edits answers ``status`` whose detail contains ``says`` with ``becomes``."""

    def rewrite(answer: Answer) -> Answer:
        if answer.method != "POST" or answer.path != _EDITS or answer.status != status:
            return answer
        if says not in _detail(answer):
            return answer
        return answer.with_json({"detail": detail or _detail(answer)}, status=becomes)

    return rewrite


def _on_edit_poll(status: int, becomes: int, detail: str) -> Rewrite:
    """GET /v1/edits/{edit_id} answers ``status`` with ``becomes`` and ``detail``."""

    def rewrite(answer: Answer) -> Answer:
        if answer.method != "GET" or not answer.path.startswith(f"{_EDITS}/"):
            return answer
        if answer.status != status:
            return answer
        return answer.with_json({"detail": detail}, status=becomes)

    return rewrite


def _edit_bodies(change: Change, *, methods: tuple[str, ...] = ("GET", "POST")) -> Rewrite:
    """Every 200 edit body (POST /v1/edits, GET and revert) passed through ``change``."""

    def rewrite(answer: Answer) -> Answer:
        document = answer.json()
        if answer.method not in methods or not answer.path.startswith(_EDITS):
            return answer
        if answer.status != 200 or not isinstance(document, dict) or "edit_id" not in document:
            return answer
        return answer.with_json(change(document))

    return rewrite


def _accepted_as_202(answer: Answer) -> Answer:
    if answer.method == "POST" and answer.path == _EDITS and answer.status == 200:
        return answer.with_json(answer.json(), status=202)
    return answer


def _without_nulls(body: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in body.items() if value is not None}


def _ids_swapped(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "edit_id": body.get("video_uuid"), "video_uuid": body.get("edit_id")}


def _error_named_failed(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "status": "failed"} if body.get("status") == "error" else body


def _empty_error_message(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "error_message": body.get("error_message") or ""}


def _result_null(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "result": None}


# --- middleware --------------------------------------------------------------------------------


def _is_edit_post(scope: dict[str, Any]) -> bool:
    return scope["type"] == "http" and scope.get("method") == "POST" and scope.get("path") == _EDITS


class _EmptyBodyAsObject:
    """Reads an empty POST /v1/edits body as ``{}`` (``await request.json() if body else {}``),
    so it is refused 400 for its missing fields instead of 422."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not _is_edit_post(scope):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        await self.app(scope, replayed(body if body.strip() else b"{}"), send)


class _EditRowBeforeCreditCheck:
    """Inserts the edit row before the credit check: a 402 leaves a failed edit behind on the
    video and names its ``edit_id`` in the refusal."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not _is_edit_post(scope):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, replayed(body), capture)
        answer = b"".join(chunks)
        if start.get("status") == 402:
            answer = self._leave_an_edit(scope["app"].state.reference, body, answer)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(answer)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": answer})

    @staticmethod
    def _leave_an_edit(state: ReferenceState, request: bytes, answer: bytes) -> bytes:
        video = state.videos.jobs[json.loads(request)["video_uuid"]]
        now = state.clock.now()
        edit = EditJob(
            edit_id=str(uuid.uuid4()),
            video_uuid=video.uuid,
            owner=video.owner,
            created_at=now,
            fails=True,
        )
        state.edits.submit(edit, video, now)
        return json.dumps({**json.loads(answer), "edit_id": edit.edit_id}).encode()


MUTANTS = (
    server_mutant(
        "edit-request-5001-accepted",
        "a 5001-character edit_request is accepted (max_length off by one)",
        breaks={"EDIT-001", "PREC-003", "PREC-007"},
        prepare=use_models(create_edit=_LongRequest),
    ),
    server_mutant(
        "edit-request-5000-refused",
        "a 5000-character edit_request is refused 400 (max_length off by one, the other way)",
        breaks={"EDIT-001"},
        prepare=use_models(create_edit=_ShortRequest),
    ),
    server_mutant(
        "edit-6-urls-accepted",
        "an edit with 6 reference_image_urls is accepted (max_length off by one)",
        breaks={"EDIT-002"},
        prepare=use_models(create_edit=_SixUrls),
    ),
    server_mutant(
        "edit-malformed-url-422",
        "a malformed reference image URL gets 422, as if the SSRF host check refused it",
        breaks={"EDIT-003"},
        rewrite=_on_edit_post(400, "malformed URL", 422),
    ),
    server_mutant(
        "edit-missing-field-422",
        "an edit body without video_uuid or edit_request gets FastAPI's 422, not 400",
        breaks={"EDIT-004"},
        rewrite=_on_edit_post(400, "Field required", 422),
    ),
    server_mutant(
        "edit-video-uuid-not-validated",
        "an edit's video_uuid is any string: one that is not a UUID is looked up and gets 404",
        breaks={"EDIT-005"},
        prepare=use_models(create_edit=_AnyVideoId),
    ),
    server_mutant(
        "edit-invalid-json-400",
        "an edit body that is not valid JSON gets 400, folded into the validation errors",
        breaks={"EDIT-007"},
        rewrite=_on_edit_post(422, "not valid JSON", 400),
    ),
    server_mutant(
        "edit-empty-body-400",
        "an empty edit body is read as {} and refused 400 for missing fields, not 422",
        breaks={"EDIT-008"},
        middleware=_EmptyBodyAsObject,
    ),
    server_mutant(
        "edit-unknown-video-403",
        "an edit of an unknown video_uuid gets 403 (looked up among the caller's videos only)",
        breaks={"EDIT-009"},
        rewrite=_on_edit_post(404, "video not found", 403, _VIDEO_NOT_OWNED),
    ),
    server_mutant(
        "edit-foreign-video-404",
        "an edit of another account's video gets 404, not 403",
        breaks={"EDIT-010", "PREC-004"},
        rewrite=_on_edit_post(403, _VIDEO_NOT_OWNED, 404, "video not found"),
    ),
    server_mutant(
        "edit-id-not-uuid",
        "a new edit's edit_id is 'edit_<12 hex>', not a UUID string",
        breaks={"EDIT-012"},
        prepare=swap("edits", lambda state: _ShortIds(state.settings.timings)),
    ),
    server_mutant(
        "edit-runs-synchronously",
        "POST /v1/edits answers once the edit has run: a new edit is already 'complete'",
        breaks={"EDIT-013"},
        prepare=swap("edits", _Synchronous),
    ),
    server_mutant(
        "edit-accepted-202",
        "an accepted edit answers 202 Accepted, not 200",
        breaks={"EDIT-014"},
        rewrite=_accepted_as_202,
    ),
    server_mutant(
        "edit-poll-drops-nulls",
        "GET /v1/edits/{edit_id} leaves out null fields (error_message, result)",
        breaks={"EDIT-016"},
        rewrite=_edit_bodies(_without_nulls, methods=("GET",)),
    ),
    server_mutant(
        "edit-poll-ids-swapped",
        "GET /v1/edits/{edit_id} answers edit_id and video_uuid swapped",
        breaks={"EDIT-017"},
        rewrite=_edit_bodies(_ids_swapped, methods=("GET",)),
    ),
    server_mutant(
        "edit-error-status-named-failed",
        "a failed edit's status is 'failed' (the video enum), not 'error'",
        breaks={"EDIT-018"},
        rewrite=_edit_bodies(_error_named_failed),
    ),
    server_mutant(
        "edit-error-message-empty-string",
        "a healthy edit's error_message is '' instead of null",
        breaks={"EDIT-019", "EDIT-014"},
        rewrite=_edit_bodies(_empty_error_message),
    ),
    server_mutant(
        "edit-result-always-null",
        "an edit's result stays null once it is complete",
        breaks={"EDIT-020"},
        rewrite=_edit_bodies(_result_null),
    ),
    server_mutant(
        "edit-poll-foreign-404",
        "GET of another account's edit gets 404, not 403",
        breaks={"EDIT-023"},
        rewrite=_on_edit_poll(403, 404, EDIT_NOT_FOUND_DETAIL),
    ),
    server_mutant(
        "edit-poll-unknown-403",
        "GET of an unknown edit_id gets 403, not 404",
        breaks={"EDIT-024"},
        rewrite=_on_edit_poll(404, 403, EDIT_NOT_OWNED_DETAIL),
    ),
    server_mutant(
        "edit-credit-check-missing",
        "an edit is accepted whatever the balance: no 402 below the worst-case cost",
        breaks={"CRED-001", "PREC-006"},
        prepare=swap("directory", lambda state: _NoCreditCheck()),
    ),
    server_mutant(
        "edit-402-leaves-an-edit",
        "the edit is recorded before the credit check: a 402 leaves an edit and names its edit_id",
        breaks={"CRED-004", "ENV-004"},
        middleware=_EditRowBeforeCreditCheck,
    ),
)
