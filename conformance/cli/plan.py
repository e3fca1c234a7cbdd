"""What a run will send, per rate-limit bucket, and the least time the limits allow for it.

``--dry-run`` prints the plan; an HTTP run prints its one-line estimate before it starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..config import SuiteConfig

__all__ = ["BucketPlan", "estimate_line", "plan_buckets"]


@dataclass(frozen=True)
class BucketPlan:
    bucket: str
    requests: int
    billable: int
    limit: int
    window_seconds: int

    @property
    def least_seconds(self) -> int:
        """Whole windows one key must wait out to send them all."""
        return max(0, (self.requests - 1) // self.limit) * self.window_seconds


def plan_buckets(requests: Sequence[Mapping[str, Any]], config: SuiteConfig) -> list[BucketPlan]:
    limits = config.rate_limits
    return [
        BucketPlan(
            bucket,
            sum(1 for line in requests if line["bucket"] == bucket),
            sum(1 for line in requests if line["bucket"] == bucket and line["billable"]),
            limit,
            limits.window_seconds,
        )
        for bucket, limit in (("videos", limits.videos), ("edits", limits.edits))
    ]


def estimate_line(requests: Sequence[Mapping[str, Any]], config: SuiteConfig) -> str:
    """``Estimate: 412 requests (videos 300, edits 112); at least 540 s ...``."""
    plans = plan_buckets(requests, config)
    least = max((plan.least_seconds for plan in plans), default=0)
    per_bucket = ", ".join(f"{plan.bucket} {plan.requests}" for plan in plans)
    line = (
        f"Estimate: {len(requests)} request(s) ({per_bucket}); at least {least} s of "
        f"rate-limit windows at the declared limits; run budget {config.run_budget_seconds:g} s"
    )
    if least > config.run_budget_seconds:
        line += " (too short: raise --budget or run_budget_seconds)"
    return line
