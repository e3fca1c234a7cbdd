"""The reference server's world: one object holding every store, injected into the routes."""

from __future__ import annotations

from dataclasses import dataclass, field

from .accounts import Directory
from .clock import Clock
from .edit_jobs import EditJobs
from .idempotency import IdempotencyStore
from .images import ReferenceImageGuard
from .payloads import RequestModels
from .ratelimit import FixedWindowLimiter
from .settings import ReferenceSettings
from .video_jobs import VideoJobs

__all__ = ["ReferenceState", "SandboxMarkers"]


@dataclass(frozen=True, slots=True)
class SandboxMarkers:
    """Texts that, inside a ``task`` or ``edit_request``, make the sandbox simulate a fault.

    They let a black-box run reach behaviour a healthy request never shows (per-item failures,
    a 500, a failed render). A live API has no such markers: their requirements are skipped.
    """

    item_failure: str = "[sandbox:item-fail]"
    server_error: str = "[sandbox:server-error]"
    render_failure: str = "[sandbox:render-fail]"
    edit_failure: str = "[sandbox:edit-fail]"


@dataclass(slots=True)
class ReferenceState:
    clock: Clock
    settings: ReferenceSettings
    directory: Directory
    image_guard: ReferenceImageGuard
    limiter: FixedWindowLimiter
    videos: VideoJobs
    edits: EditJobs
    idempotency: IdempotencyStore = field(default_factory=IdempotencyStore)
    markers: SandboxMarkers = field(default_factory=SandboxMarkers)
    models: RequestModels = field(default_factory=RequestModels)

    @classmethod
    def empty(
        cls, clock: Clock, settings: ReferenceSettings, image_guard: ReferenceImageGuard
    ) -> ReferenceState:
        return cls(
            clock=clock,
            settings=settings,
            directory=Directory(),
            image_guard=image_guard,
            limiter=FixedWindowLimiter(clock),
            videos=VideoJobs(settings.timings),
            edits=EditJobs(settings.timings),
        )
