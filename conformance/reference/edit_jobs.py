"""Edit jobs: serialized per video, three phases, and revert with its three guards (section 6).

Timeline of an edit once it holds its video's slot: ``processing`` (phases 1 and 2), then
``applying`` (phase 3), then ``complete`` -- at which moment it saves a planner snapshot -- or
``error`` at the end of processing. Edits behind it on the same video wait as ``queued``.
Seeded fixture edits are *pinned*: their status never moves by itself.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ..contract.constants import EDIT_ACTIVE_STATUSES, EDIT_NOT_REVERTABLE_TEMPLATE
from .accounts import Scope
from .clock import isoformat
from .errors import APIError
from .settings import Timings
from .video_jobs import VideoJob

__all__ = ["EditJob", "EditJobs"]


@dataclass(slots=True)
class EditJob:
    edit_id: str
    video_uuid: str
    owner: Scope
    created_at: float
    sequence: int = 0
    fails: bool = False
    pinned_status: str | None = None
    started_at: float | None = None
    reverted_at: float | None = None
    changed_scenes: list[int] = field(default_factory=lambda: [1])


class EditJobs:
    """Every edit, each video's queue of waiting edits, and the revert rules."""

    def __init__(self, timings: Timings) -> None:
        self._timings = timings
        self.edits: dict[str, EditJob] = {}
        self._by_video: dict[str, list[EditJob]] = {}
        self._running: dict[str, EditJob] = {}
        self._waiting: dict[str, deque[EditJob]] = {}
        self._sequence = 0

    def _register(self, edit: EditJob) -> None:
        self._sequence += 1
        edit.sequence = self._sequence
        self.edits[edit.edit_id] = edit
        self._by_video.setdefault(edit.video_uuid, []).append(edit)

    def add_pinned(self, edit: EditJob) -> None:
        self._register(edit)

    def submit(self, edit: EditJob, video: VideoJob, now: float) -> None:
        self.settle(video, now)
        self._register(edit)
        if video.uuid in self._running or self.has_active(video.uuid, now, exclude=edit):
            self._waiting.setdefault(video.uuid, deque()).append(edit)
        else:
            edit.started_at = now
            self._running[video.uuid] = edit

    def _finish_time(self, edit: EditJob) -> float:
        assert edit.started_at is not None
        done = edit.started_at + self._timings.edit_processing
        return done if edit.fails else done + self._timings.edit_applying

    def settle(self, video: VideoJob, now: float) -> None:
        """Finish the running edit if due, save its snapshot, start the next waiting one."""
        while (running := self._running.get(video.uuid)) is not None:
            finished_at = self._finish_time(running)
            if finished_at > now:
                return
            del self._running[video.uuid]
            if not running.fails:
                video.planner_history.append(running.edit_id)
            waiting = self._waiting.get(video.uuid)
            if waiting:
                following = waiting.popleft()
                following.started_at = finished_at
                self._running[video.uuid] = following

    def status(self, edit: EditJob, now: float) -> str:
        if edit.reverted_at is not None:
            return "reverted"
        if edit.pinned_status is not None:
            return edit.pinned_status
        if edit.started_at is None:
            return "queued"
        elapsed = now - edit.started_at
        if elapsed < self._timings.edit_processing:
            return "processing"
        if edit.fails:
            return "error"
        if elapsed < self._timings.edit_processing + self._timings.edit_applying:
            return "applying"
        return "complete"

    def has_active(self, video_uuid: str, now: float, *, exclude: EditJob | None = None) -> bool:
        return any(
            self.status(other, now) in EDIT_ACTIVE_STATUSES
            for other in self._by_video.get(video_uuid, [])
            if other is not exclude
        )

    def view(self, edit: EditJob, video: VideoJob, now: float) -> dict[str, Any]:
        """The GET /v1/edits/{edit_id} body at time ``now``."""
        self.settle(video, now)
        status = self.status(edit, now)
        result: dict[str, Any] | None = None
        if status in {"complete", "reverted"}:
            result = {
                "link": f"https://videos.sandbox.test/{edit.video_uuid}/{edit.edit_id}.mp4",
                "changed_scenes": list(edit.changed_scenes),
                "regenerated_scenes": list(edit.changed_scenes),
            }
            if status == "reverted":
                result["revert_diff"] = {"restored_scenes": list(edit.changed_scenes)}
        phase = {"queued": 0, "processing": 1, "applying": 3}.get(status, 3)
        return {
            "edit_id": edit.edit_id,
            "video_uuid": edit.video_uuid,
            "status": status,
            "is_complete": status in {"complete", "reverted"},
            "is_failed": status == "error",
            "progress": {"phase": phase, "phases": 3},
            "result": result,
            "error_message": "Edit failed in the sandbox (simulated)"
            if status == "error"
            else None,
            "created_at": isoformat(edit.created_at),
            "updated_at": isoformat(self._updated_at(edit, status)),
        }

    def _updated_at(self, edit: EditJob, status: str) -> float:
        if edit.reverted_at is not None:
            return edit.reverted_at
        if edit.started_at is None or edit.pinned_status is not None:
            return edit.created_at
        if status == "processing":
            return edit.started_at
        if status == "applying":
            return edit.started_at + self._timings.edit_processing
        return self._finish_time(edit)

    def revert(self, edit: EditJob, video: VideoJob, now: float) -> None:
        """Undo ``edit`` if it is complete and passes all three guards, else a 409 naming why."""
        self.settle(video, now)
        status = self.status(edit, now)
        if status != "complete":
            raise APIError(409, EDIT_NOT_REVERTABLE_TEMPLATE.format(status=status))
        siblings = self._by_video.get(video.uuid, [])
        active = [e.edit_id for e in siblings if self.status(e, now) in EDIT_ACTIVE_STATUSES]
        if active:
            raise APIError(409, f"revert refused: an edit is active on this video ({active[0]})")
        newer = [
            e.edit_id
            for e in siblings
            if e.sequence > edit.sequence and self.status(e, now) not in {"error", "reverted"}
        ]
        if newer:
            raise APIError(
                409, f"revert refused: a newer edit ({newer[-1]}) must be reverted first (LIFO)"
            )
        if not video.planner_history or video.planner_history[-1] != edit.edit_id:
            raise APIError(
                409, "revert refused: the latest planner snapshot was not saved by this edit"
            )
        video.planner_history.pop()
        edit.reverted_at = now
