"""A naive first implementation of the Knowlify API v1: plain FastAPI, framework defaults.

It is what a competent developer writes on day one from the docs, and the suite must catch it:

- Pydantic request models carry the documented constraints, so FastAPI answers field
  validation with its default 422 and a *list* in ``detail`` (the contract says 400 and a string);
- an API-key check against a small in-memory table raises ``HTTPException(401)``;
- no rate limiting at all, so no ``X-RateLimit-*`` headers and never a 429;
- an unhandled exception reaches Starlette's default plain-text 500;
- response models serialise timestamps the Pydantic way (``...789012Z``, not ``+00:00``);
- reference image URLs are stored as given: no SSRF host check, no HEAD media check;
- ``Idempotency-Key`` is ignored, edits are not serialised per video, and revert checks the
  edit's status but none of the three guards.

Everything else behaves as documented (404/403/409/402 with the documented ``detail`` texts).
Like the reference sandbox, texts in ``MARKERS`` inside a ``task`` or ``edit_request`` simulate
faults. ``fixtures_block()`` describes the seeded world in the shape of the suite config's
``fixtures`` (the same keys as ``SandboxFixtures.as_config()``).

Target: ``asgi:naive_app:app`` with this folder on ``sys.path``.
"""

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException
from pydantic import BaseModel, Field, HttpUrl

from conformance.reference.images import SANDBOX_IMAGE_URLS

__all__ = ["EDIT_COST", "KEYS", "MARKERS", "SESSIONS", "app", "create_app", "fixtures_block"]

SEED = "naive-app-v1"
EDIT_COST = 10
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"knowlify-naive:{SEED}")
_FIXED_TIME = datetime(2026, 4, 25, 12, 34, 56, 789012, tzinfo=UTC)


def _id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


def _key(name: str) -> str:
    return "kn_" + hashlib.sha256(f"{SEED}:key:{name}".encode()).hexdigest()


def _token(name: str) -> str:
    return "naive-jwt." + hashlib.sha256(f"{SEED}:jwt:{name}".encode()).hexdigest()


ALICE, BOB, CAROL, LOWE, RITA = (
    _id(f"user:{n}") for n in ("alice", "bob", "carol", "lowe", "rita")
)
ORG = _id("org:acme")

KEYS: dict[str, str] = {
    "personal": _key("alice"),
    "org": _key("alice@acme"),
    "second_account": _key("bob"),
    "revoked": _key("alice-old"),
    "departed_org_member": _key("carol@acme"),
    "low_balance": _key("lowe"),
    "rate_limit_probe": _key("rita"),
}
SESSIONS: dict[str, str] = {"member": _token("alice"), "non_member": _token("bob")}
MARKERS: dict[str, str] = {
    "item_failure": "[naive:item-fail]",
    "server_error": "[naive:server-error]",
    "render_failure": "[naive:render-fail]",
    "edit_failure": "[naive:edit-fail]",
}

VideoType = Literal["instructional", "explainer", "corporate", "marketing", "narrative", "social"]
AspectRatio = Literal["16:9", "9:16"]
HexColour = Annotated[str, Field(pattern=r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
PaletteKey = Literal["primary", "secondary", "tertiary", "accent"]


# --- request and response models ------------------------------------------------------------
class VideoItem(BaseModel):
    task: str = Field(min_length=1, max_length=5000)
    video_duration_seconds: int = Field(60, ge=30, le=300)
    aspect_ratio: AspectRatio = "16:9"
    video_type: VideoType = "explainer"
    global_style_prompt: str | None = Field(None, max_length=5000)
    color_palette: dict[PaletteKey, HexColour] | None = None
    voice_description: str | None = None


class VideosRequest(BaseModel):
    videos: list[VideoItem] = Field(min_length=1, max_length=50)
    email: str | None = Field(None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    org_id: str | None = None


class EditRequest(BaseModel):
    video_uuid: uuid.UUID
    edit_request: str = Field(min_length=1, max_length=5000)
    reference_image_urls: list[HttpUrl] | None = Field(None, max_length=5)
    aspect_ratio: AspectRatio | None = None


class VideoOut(BaseModel):
    uuid: str
    status: str
    is_complete: bool
    is_failed: bool
    progress: dict[str, Any]
    error_message: str | None
    task: str
    created_at: datetime
    updated_at: datetime


class EditOut(BaseModel):
    edit_id: str
    video_uuid: str
    status: str
    is_complete: bool
    is_failed: bool
    progress: dict[str, Any]
    result: dict[str, Any] | None
    error_message: str | None
    created_at: datetime
    updated_at: datetime


class EditAccepted(BaseModel):
    """All the docs promise about the answer to POST /v1/edits: an id and the initial state."""

    edit_id: str
    status: str


# --- state ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Caller:
    user_id: str
    org_id: str | None = None

    @property
    def owner(self) -> str:
        return f"org:{self.org_id}" if self.org_id else self.user_id


@dataclass(slots=True)
class ApiKey:
    caller: Caller
    revoked: bool = False


@dataclass(slots=True)
class Video:
    uuid: str
    owner: str
    task: str
    status: str
    created_at: datetime
    updated_at: datetime
    error_message: str | None = None


@dataclass(slots=True)
class Edit:
    edit_id: str
    video_uuid: str
    owner: str
    status: str
    created_at: datetime
    updated_at: datetime
    result: dict[str, Any] | None = None
    error_message: str | None = None


@dataclass(slots=True)
class State:
    keys: dict[str, ApiKey] = field(default_factory=dict)
    sessions: dict[str, Caller] = field(default_factory=dict)
    credits: dict[str, int] = field(default_factory=dict)
    videos: dict[str, Video] = field(default_factory=dict)
    edits: dict[str, Edit] = field(default_factory=dict)


def _now() -> datetime:
    return datetime.now(UTC)


def _seed() -> State:
    state = State()
    alice, org = Caller(ALICE), Caller(ALICE, ORG)
    for name, caller in (
        ("personal", alice),
        ("org", org),
        ("second_account", Caller(BOB)),
        ("departed_org_member", Caller(CAROL, ORG)),
        ("low_balance", Caller(LOWE)),
        ("rate_limit_probe", Caller(RITA)),
    ):
        state.keys[KEYS[name]] = ApiKey(caller)
    state.keys[KEYS["revoked"]] = ApiKey(alice, revoked=True)
    state.sessions = {SESSIONS["member"]: alice, SESSIONS["non_member"]: Caller(BOB)}
    state.credits = {ALICE: 1_000_000, f"org:{ORG}": 1_000_000, BOB: 1_000_000, CAROL: 1_000_000,
                     LOWE: 3, RITA: 1_000_000}  # fmt: skip
    for name, owner, status in _VIDEOS:
        video_id = _id(f"video:{name}")
        error = "Rendering failed" if status == "failed" else None
        state.videos[video_id] = Video(video_id, owner, f"Fixture video {name}", status,
                                       _FIXED_TIME, _FIXED_TIME, error)  # fmt: skip
    for name, video, status in _EDITS:
        edit_id = _id(f"edit:{name}")
        owner = state.videos[_id(f"video:{video}")].owner
        result = _result(edit_id) if status == "complete" else None
        error = "Planner rewrite failed" if status == "error" else None
        state.edits[edit_id] = Edit(edit_id, _id(f"video:{video}"), owner, status, _FIXED_TIME,
                                    _FIXED_TIME, result, error)  # fmt: skip
    return state


# (fixture name, owner, status)
_VIDEOS = [
    ("complete", ALICE, "complete"),
    ("building", ALICE, "generating_frames"),
    ("errored", ALICE, "failed"),
    ("org_complete", f"org:{ORG}", "complete"),
    ("other_account", BOB, "complete"),
    ("low_balance_complete", LOWE, "complete"),
    ("revert-target", ALICE, "complete"),
    ("errored-edit-target", ALICE, "complete"),
    ("bob-edit-target", BOB, "complete"),
    ("guard1", ALICE, "complete"),
    ("guard2", ALICE, "complete"),
    ("guard3", ALICE, "complete"),
]
# (fixture name, video, status); the guard videos' other edits (a running one on guard1, a
# newer complete one on guard2) exist too. A dashboard edit on guard3 is invisible here.
_EDITS = [
    ("revertable", "revert-target", "complete"),
    ("errored", "errored-edit-target", "error"),
    ("other_account", "bob-edit-target", "complete"),
    ("blocked_by_active_edit", "guard1", "complete"),
    ("guard1-running", "guard1", "processing"),
    ("blocked_by_newer_edit", "guard2", "complete"),
    ("guard2-newer", "guard2", "complete"),
    ("blocked_by_dashboard_snapshot", "guard3", "complete"),
]


def _result(edit_id: str) -> dict[str, Any]:
    return {"link": f"https://videos.naive.test/{edit_id}.mp4", "changed_scenes": [2]}


def fixtures_block() -> dict[str, Any]:
    """The seeded world in the shape of ``SandboxFixtures.as_config()`` (fixtures checks read)."""
    from conformance.fixture_docs import only_described

    return only_described(
        {
            "seed": SEED,
            "org_id": ORG,
            "user_id": ALICE,
            "keys": dict(KEYS),
            "sessions": dict(SESSIONS),
            "videos": {name: _id(f"video:{name}") for name, _, _ in _VIDEOS[:6]},
            "edits": {name: _id(f"edit:{name}") for name, _, _ in _EDITS if "-" not in name},
            "markers": dict(MARKERS),
            # The naive app fetches nothing, so any host names do; these are the sandbox's.
            "image_urls": dict(SANDBOX_IMAGE_URLS),
        }
    )


# --- the app ----------------------------------------------------------------------------------
def create_app() -> FastAPI:
    state = _seed()
    api = FastAPI(title="Naive Knowlify")

    def authenticate(
        x_api_key: Annotated[str | None, Header()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Caller:
        if x_api_key is not None:
            record = state.keys.get(x_api_key)
            if record is None or record.revoked:
                raise HTTPException(status_code=401, detail="Invalid API key")
            return record.caller
        if authorization:
            scheme, _, token = authorization.partition(" ")
            caller = state.sessions.get(token) if scheme.lower() == "bearer" else None
            if caller is not None:
                return caller
        raise HTTPException(status_code=401, detail="Not authenticated")

    Authenticated = Annotated[Caller, Depends(authenticate)]

    def video_out(video: Video) -> VideoOut:
        return VideoOut(
            uuid=video.uuid, status=video.status, is_complete=video.status == "complete",
            is_failed=video.status == "failed", progress={"stage": video.status},
            error_message=video.error_message, task=video.task, created_at=video.created_at,
            updated_at=video.updated_at,
        )  # fmt: skip

    def edit_out(edit: Edit) -> EditOut:
        return EditOut(
            edit_id=edit.edit_id, video_uuid=edit.video_uuid, status=edit.status,
            is_complete=edit.status in ("complete", "reverted"), is_failed=edit.status == "error",
            progress={}, result=edit.result, error_message=edit.error_message,
            created_at=edit.created_at, updated_at=edit.updated_at,
        )  # fmt: skip

    def owned_edit(edit_id: str, caller: Caller) -> Edit:
        edit = state.edits.get(edit_id)
        if edit is None:
            raise HTTPException(status_code=404, detail="edit not found")
        if edit.owner != caller.owner:
            raise HTTPException(status_code=403, detail="API key does not own this edit")
        return edit

    @api.post("/v1/videos")
    def create_videos(body: VideosRequest, caller: Authenticated) -> dict[str, Any]:
        if body.org_id is not None and body.org_id != caller.org_id:
            raise HTTPException(status_code=400, detail="org_id does not match the API key")
        results: list[dict[str, Any]] = []
        for index, item in enumerate(body.videos):
            if MARKERS["server_error"] in item.task:
                raise RuntimeError("render queue connection lost")  # nobody handles this
            if MARKERS["item_failure"] in item.task:
                results.append({"index": index, "status": "error", "code": "ITEM_FAILED",
                                "message": "could not queue the job"})  # fmt: skip
                continue
            now = _now()
            status = "failed" if MARKERS["render_failure"] in item.task else "queued"
            video = Video(str(uuid.uuid4()), caller.owner, item.task, status, now, now)
            state.videos[video.uuid] = video
            results.append({"index": index, "uuid": video.uuid, "status": "queued"})
        errors = sum(row["status"] == "error" for row in results)
        return {
            "status": "ok", "total": len(results), "enqueued": len(results) - errors,
            "parked": 0, "errors": errors, "user_id": caller.user_id, "org_id": caller.org_id,
            "results": results,
        }  # fmt: skip

    @api.get("/v1/videos/{video_uuid}")
    def get_video(video_uuid: str, caller: Authenticated) -> VideoOut:
        video = state.videos.get(video_uuid)
        if video is None:
            raise HTTPException(status_code=404, detail="video not found")
        if video.owner != caller.owner:
            raise HTTPException(status_code=403, detail="API key does not own this video")
        return video_out(video)

    @api.post("/v1/edits")
    def create_edit(body: EditRequest, caller: Authenticated) -> EditAccepted:
        video = state.videos.get(str(body.video_uuid))
        if video is None:
            raise HTTPException(status_code=404, detail="video not found")
        if video.owner != caller.owner:
            raise HTTPException(status_code=403, detail="API key does not own this video")
        if video.status != "complete":
            raise HTTPException(status_code=409, detail=f"video is not editable ({video.status})")
        balance = state.credits.get(caller.owner, 0)
        if balance < EDIT_COST:
            raise HTTPException(
                status_code=402,
                detail=f"INSUFFICIENT_CREDITS: edit could cost up to {EDIT_COST}, have {balance}",
            )
        now = _now()
        failed = MARKERS["edit_failure"] in body.edit_request
        edit = Edit(str(uuid.uuid4()), video.uuid, caller.owner,
                    "error" if failed else "processing", now, now)  # fmt: skip
        state.edits[edit.edit_id] = edit
        return EditAccepted(edit_id=edit.edit_id, status=edit.status)

    @api.get("/v1/edits/{edit_id}")
    def get_edit(edit_id: str, caller: Authenticated) -> EditOut:
        return edit_out(owned_edit(edit_id, caller))

    @api.post("/v1/edits/{edit_id}/revert")
    def revert_edit(edit_id: str, caller: Authenticated) -> EditOut:
        edit = owned_edit(edit_id, caller)
        if edit.status != "complete":
            raise HTTPException(
                status_code=409, detail=f"edit is not in a revertable state (status={edit.status})"
            )
        edit.status, edit.updated_at = "reverted", _now()
        edit.result = {**(edit.result or {}), "revert_diff": {"restored_scenes": [2]}}
        return edit_out(edit)

    return api


app = create_app()
