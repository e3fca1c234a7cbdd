"""Access faults: who gets in (401), whose org counts, who owns what (403/404), the 409 guards
and the 402 text."""

from __future__ import annotations

import json
from typing import Any

from ...contract.constants import (
    API_KEY_HEADER,
    API_PREFIX,
    DOCS_SAMPLE_API_KEY,
    EDIT_NOT_REVERTABLE_TEMPLATE,
)
from ...reference.accounts import Caller, Directory
from ...reference.edit_jobs import EditJob, EditJobs
from ...reference.errors import APIError
from ...reference.video_jobs import VideoJob, VideoJobs
from ..rewrite import Answer
from ._build import server_mutant, swap

__all__ = ["MUTANTS"]


class _DemoKeyDirectory(Directory):
    """Lets the docs' sample key in as a demo account (the first user), before the pattern
    check: a "try it" convenience left on in production."""

    def _by_api_key(self, secret: str) -> Caller:
        if secret == DOCS_SAMPLE_API_KEY and self.users:
            return Caller(user_id=next(iter(self.users)), org_id=None, via="api_key")
        return super()._by_api_key(secret)


class _CaseBlindDirectory(Directory):
    """Lower-cases the key before the lookup, so upper-case hex is accepted."""

    def _by_api_key(self, secret: str) -> Caller:
        return super()._by_api_key(secret.lower())


class _RevocationBlindDirectory(Directory):
    """Never reads the key's ``revoked`` flag."""

    def _by_api_key(self, secret: str) -> Caller:
        record = self.keys.get(secret)
        if record is not None and record.revoked:
            return Caller(user_id=record.user_id, org_id=record.org_id, via="api_key")
        return super()._by_api_key(secret)


class _GuardlessEditJobs(EditJobs):
    """Reverts any complete edit: none of the three revert guards is checked."""

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        self.settle(video, now)
        status = self.status(edit, now)
        if status != "complete":
            raise APIError(409, EDIT_NOT_REVERTABLE_TEMPLATE.format(status=status))
        if edit.edit_id in video.planner_history:
            video.planner_history.remove(edit.edit_id)
        edit.reverted_at = now


class _AlwaysCompleteForEdits(VideoJobs):
    """Tells the edit route every video is complete, so the 'still building' 409 is skipped."""

    def status(self, job: VideoJob, now: float) -> str:
        return "complete"


class _DropOrgIdForApiKeys:
    """Removes ``org_id`` from API-key callers' POST /v1/videos bodies: the mismatch check
    never sees it (an org_id the key's scope "wins" over)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = {k.decode("latin-1").lower() for k, _ in scope.get("headers", [])}
        applies = (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and scope.get("path") == f"{API_PREFIX}/videos"
            and API_KEY_HEADER.lower() in headers
        )
        if not applies:
            await self.app(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        try:
            document = json.loads(body)
        except ValueError:
            document = None
        if isinstance(document, dict) and "org_id" in document:
            del document["org_id"]
            body = json.dumps(document).encode()
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                following: dict[str, Any] = await receive()
                return following
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _swap_403_404_on_video_polls(answer: Answer) -> Answer:
    if answer.method != "GET" or not answer.path.startswith(f"{API_PREFIX}/videos/"):
        return answer
    swapped = {403: 404, 404: 403}.get(answer.status)
    return answer if swapped is None else answer.with_json(answer.json(), status=swapped)


def _vague_402(answer: Answer) -> Answer:
    if answer.status != 402:
        return answer
    return answer.with_json({"detail": "Insufficient credits"})


MUTANTS = (
    server_mutant(
        "malformed-key-accepted",
        "the docs' 65-hex sample key (malformed) authenticates as a demo account",
        breaks={"AUTH-003"},
        prepare=swap("directory", lambda state: _DemoKeyDirectory()),
    ),
    server_mutant(
        "upper-case-key-accepted",
        "keys are lower-cased before the lookup, so upper-case hex is accepted",
        breaks={"AUTH-004"},
        prepare=swap("directory", lambda state: _CaseBlindDirectory()),
    ),
    server_mutant(
        "revoked-key-accepted",
        "a revoked key still authenticates",
        breaks={"AUTH-006", "PREC-001"},
        prepare=swap("directory", lambda state: _RevocationBlindDirectory()),
    ),
    server_mutant(
        "org-id-mismatch-ignored",
        "an API key's body org_id is ignored: a foreign or unwarranted org_id gets 200",
        breaks={"ORG-001", "ORG-004"},
        middleware=_DropOrgIdForApiKeys,
    ),
    server_mutant(
        "poll-403-404-swapped",
        "GET /v1/videos/{uuid} answers 404 for another account's video and 403 for an unknown one",
        breaks={"VID-POLL-009", "VID-POLL-010"},
        rewrite=_swap_403_404_on_video_polls,
    ),
    server_mutant(
        "revert-guards-skipped",
        "a complete edit is reverted without the active / LIFO / snapshot guards (no 409)",
        breaks={"REV-007", "REV-008", "REV-010", "REV-011"},
        prepare=swap("edits", lambda state: _GuardlessEditJobs(state.settings.timings)),
    ),
    server_mutant(
        "building-video-editable",
        "an edit of a video still building or failed is accepted (no 409)",
        breaks={"EDIT-011", "PREC-005"},
        prepare=swap("videos", lambda state: _AlwaysCompleteForEdits(state.settings.timings)),
    ),
    server_mutant(
        "credits-text-wrong",
        "the 402 detail is 'Insufficient credits', not the documented INSUFFICIENT_CREDITS text",
        breaks={"CRED-002", "CRED-003"},
        proves={"CRED-002"},
        rewrite=_vague_402,
    ),
)
