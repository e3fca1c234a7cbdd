"""Job faults: parking and queue positions, per-item rows, edit serialisation, idempotency."""

from __future__ import annotations

from collections import deque
from typing import Any

from ...contract.constants import API_PREFIX, IDEMPOTENCY_KEY_HEADER
from ...reference.edit_jobs import EditJob, EditJobs
from ...reference.idempotency import IdempotencyStore, StoredResponse
from ...reference.video_jobs import VideoJob, VideoJobs
from ..rewrite import Answer, read_body, replayed
from ._build import server_mutant, swap

__all__ = ["MUTANTS"]


class _ZeroBasedQueue(VideoJobs):
    def submit(self, job: VideoJob, now: float) -> int | None:
        position = super().submit(job, now)
        return None if position is None else position - 1


class _Unlimited(VideoJobs):
    """Starts every job at once: the 3-active-jobs limit is missing, nothing is parked."""

    def submit(self, job: VideoJob, now: float) -> int | None:
        self.settle(job.pool, now)
        self.jobs[job.uuid] = job
        job.started_at = now
        self._active.setdefault(job.pool, []).append(job)
        return None


class _Unserialised(EditJobs):
    """Starts every edit at once, even while another on the same video is running."""

    def submit(self, edit: EditJob, video: VideoJob, now: float) -> None:
        self.settle(video, now)
        self._register(edit)
        edit.started_at = now
        self._waiting.setdefault(video.uuid, deque())


class _Forgetful(IdempotencyStore):
    """Never remembers an answer: every replay is a new request."""

    def replay(self, identity: str, key: str, digest: str, now: float) -> StoredResponse | None:
        return None


def _rows_without_index(answer: Answer) -> Answer:
    document = answer.json()
    if answer.method != "POST" or answer.path != f"{API_PREFIX}/videos" or answer.status != 200:
        return answer
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        return answer
    for row in document["results"]:
        if isinstance(row, dict):
            row.pop("index", None)
    return answer.with_json(document)


class _ReplayButForward:
    """A response cache in front of POST /v1/edits: a replay gets the stored answer, but the
    request is still forwarded (without its key), so a second edit is created behind it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._stored: dict[tuple[str, bytes], list[dict[str, Any]]] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        header = IDEMPOTENCY_KEY_HEADER.lower().encode()
        headers = list(scope.get("headers", []))
        key = next((v.decode("latin-1") for k, v in headers if k.lower() == header), None)
        applies = (
            scope["type"] == "http"
            and scope.get("method") == "POST"
            and scope.get("path") == f"{API_PREFIX}/edits"
            and key
        )
        if not applies or key is None:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        stored = self._stored.get((key, body))
        if stored is not None:
            unkeyed = {**scope, "headers": [(k, v) for k, v in headers if k.lower() != header]}
            await self.app(unkeyed, replayed(body), _discard)
            for message in stored:
                await send(message)
            return
        messages: list[dict[str, Any]] = []

        async def keep(message: dict[str, Any]) -> None:
            messages.append(message)
            await send(message)

        await self.app(scope, replayed(body), keep)
        if messages and messages[0].get("status") == 200:
            self._stored[(key, body)] = messages


async def _discard(message: dict[str, Any]) -> None:
    return None


MUTANTS = (
    server_mutant(
        "queue-position-0-based",
        "a parked row's queue_position is 0-based",
        breaks={"VID-PARK-003"},
        prepare=swap("videos", lambda state: _ZeroBasedQueue(state.settings.timings)),
    ),
    server_mutant(
        "render-limit-missing",
        "every job starts at once: no 3-active-jobs limit, nothing is parked",
        breaks={"VID-PARK-001", "VID-PARK-002", "VID-PARK-003", "VID-PARK-004", "VID-PARK-006"},
        proves={"VID-PARK-001"},
        prepare=swap("videos", lambda state: _Unlimited(state.settings.timings)),
    ),
    server_mutant(
        "rows-without-index",
        "per-item rows of POST /v1/videos carry no `index`",
        breaks={"VID-ROW-005", "VID-ROW-006", "VID-ROW-008", "VID-PARK-002"},
        proves={"VID-ROW-005"},
        rewrite=_rows_without_index,
    ),
    server_mutant(
        "edits-not-serialised",
        "a second edit of a video runs at once instead of waiting as `queued`",
        breaks={"EDIT-015"},
        prepare=swap("edits", lambda state: _Unserialised(state.settings.timings)),
    ),
    server_mutant(
        "idempotency-key-ignored",
        "Idempotency-Key is ignored: a replay creates and answers a new edit",
        breaks={"IDEM-001", "IDEM-002", "IDEM-004"},
        proves={"IDEM-002"},
        prepare=swap("idempotency", lambda state: _Forgetful()),
    ),
    server_mutant(
        "replay-creates-second-edit",
        "a replay answers the original edit, but a second edit is created behind it",
        breaks={"IDEM-002"},
        middleware=_ReplayButForward,
    ),
)
