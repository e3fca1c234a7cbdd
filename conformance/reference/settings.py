"""Tunable behaviour of the reference server: limits, simulated timings and sandbox costs."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..contract.constants import EDITS_BUCKET, VIDEOS_BUCKET, RateBucket

__all__ = ["ReferenceSettings", "Timings"]


@dataclass(frozen=True, slots=True)
class Timings:
    """How long each simulated phase lasts, in clock seconds."""

    video_queued: float = 2.0
    video_stage: float = 6.0
    edit_processing: float = 8.0
    edit_applying: float = 4.0

    def scaled(self, factor: float) -> Timings:
        """The same phases, ``factor`` times as long (a fast sandbox for black-box runs)."""
        return Timings(
            video_queued=self.video_queued * factor,
            video_stage=self.video_stage * factor,
            edit_processing=self.edit_processing * factor,
            edit_applying=self.edit_applying * factor,
        )


@dataclass(frozen=True, slots=True)
class ReferenceSettings:
    """Everything about the reference server that is a choice rather than the contract.

    ``videos_bucket`` and ``edits_bucket`` default to the documented limits; the sandbox may
    raise them (``serve --videos-limit``) and the written config then says so.
    """

    videos_bucket: RateBucket = VIDEOS_BUCKET
    edits_bucket: RateBucket = EDITS_BUCKET
    timings: Timings = field(default_factory=Timings)
    # The docs do not publish the credit formula; the sandbox's worst case is this.
    edit_base_cost: int = 10
    edit_cost_per_reference_image: int = 5
