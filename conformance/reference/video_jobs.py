"""Video jobs: at most 3 rendering per caller, the rest parked in FIFO order (section 3.4).

Time is read lazily: each read first settles every completion up to ``now`` and promotes parked
jobs into the slots those completions freed, at the moment they freed them. Seeded fixture
videos are *pinned*: their status never moves and they hold no slot.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from ..contract.constants import MAX_ACTIVE_JOBS, VIDEO_STATUSES
from .accounts import Scope
from .clock import isoformat
from .settings import Timings

__all__ = ["RENDER_STAGES", "VideoJob", "VideoJobs"]

RENDER_STAGES = VIDEO_STATUSES[2:7]  # voiceover .. generating_frames
_TOTAL_SCENES = 5


@dataclass(slots=True)
class VideoJob:
    uuid: str
    owner: Scope
    pool: str
    task: str
    created_at: float
    fail_at_stage: int | None = None
    pinned_status: str | None = None
    pinned_error: str | None = None
    started_at: float | None = None
    planner_history: list[str] = field(default_factory=list)
    updated_at: float = 0.0


def _finish_time(job: VideoJob, timings: Timings) -> float:
    assert job.started_at is not None
    stages = len(RENDER_STAGES) if job.fail_at_stage is None else job.fail_at_stage + 1
    return job.started_at + timings.video_queued + stages * timings.video_stage


class VideoJobs:
    """Every video job, and the active/parked pools per caller identity."""

    def __init__(self, timings: Timings) -> None:
        self._timings = timings
        self.jobs: dict[str, VideoJob] = {}
        self._active: dict[str, list[VideoJob]] = {}
        self._parked: dict[str, deque[VideoJob]] = {}

    def add_pinned(self, job: VideoJob) -> None:
        self.jobs[job.uuid] = job

    def submit(self, job: VideoJob, now: float) -> int | None:
        """Start a job or park it; returns its 1-based queue position when parked."""
        self.settle(job.pool, now)
        self.jobs[job.uuid] = job
        active = self._active.setdefault(job.pool, [])
        if len(active) < MAX_ACTIVE_JOBS:
            job.started_at = now
            active.append(job)
            return None
        parked = self._parked.setdefault(job.pool, deque())
        parked.append(job)
        return len(parked)

    def settle(self, pool: str, now: float) -> None:
        """Finish every job due by ``now``; each freed slot goes to the oldest parked job."""
        active = self._active.setdefault(pool, [])
        parked = self._parked.setdefault(pool, deque())
        while active:
            first = min(active, key=lambda job: _finish_time(job, self._timings))
            finished_at = _finish_time(first, self._timings)
            if finished_at > now:
                return
            active.remove(first)
            if parked:
                promoted = parked.popleft()
                promoted.started_at = finished_at
                active.append(promoted)

    def view(self, job: VideoJob, now: float) -> dict[str, Any]:
        """The GET /v1/videos/{uuid} body for a job at time ``now``."""
        self.settle(job.pool, now)
        status, error, percent, updated = self._state(job, now)
        scene = min(_TOTAL_SCENES, max(1, round(percent * _TOTAL_SCENES / 100) or 1))
        return {
            "uuid": job.uuid,
            "status": status,
            "is_complete": status == "complete",
            "is_failed": status == "failed",
            "progress": {
                "stage": status,
                "percent": percent,
                "current_scene": scene,
                "total_scenes": _TOTAL_SCENES,
            },
            "error_message": error,
            "task": job.task,
            "created_at": isoformat(job.created_at),
            "updated_at": isoformat(updated),
        }

    def status(self, job: VideoJob, now: float) -> str:
        self.settle(job.pool, now)
        return self._state(job, now)[0]

    def _state(self, job: VideoJob, now: float) -> tuple[str, str | None, int, float]:
        if job.pinned_status is not None:
            percent = {"complete": 100, "failed": 40}.get(job.pinned_status, 70)
            return job.pinned_status, job.pinned_error, percent, job.updated_at or job.created_at
        if job.started_at is None:
            return "pending", None, 0, job.created_at
        timings = self._timings
        elapsed = now - job.started_at
        if elapsed < timings.video_queued:
            return "queued", None, 0, job.started_at
        stage = int((elapsed - timings.video_queued) // timings.video_stage)
        changed = job.started_at + timings.video_queued + stage * timings.video_stage
        if job.fail_at_stage is not None and stage > job.fail_at_stage:
            failed_at = _finish_time(job, timings)
            percent = 100 * job.fail_at_stage // len(RENDER_STAGES)
            return "failed", "Rendering failed in the sandbox (simulated)", percent, failed_at
        if stage >= len(RENDER_STAGES):
            return "complete", None, 100, _finish_time(job, timings)
        percent = int(
            100 * (elapsed - timings.video_queued) / (len(RENDER_STAGES) * timings.video_stage)
        )
        return RENDER_STAGES[stage], None, percent, changed
