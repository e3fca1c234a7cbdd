"""Outcomes other than "held": typed failures of the implementation, and harness problems.

``ConformanceFailure`` -- the implementation broke a requirement (verdict ``fail``).
``NotApplicable`` -- the rule cannot be judged here (verdict ``skip``, with the reason).
``HarnessError`` -- the suite or the transport broke (verdict ``error``): never the
implementation's fault. Writers import this module without importing any oracle.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .exchange import Exchange

__all__ = [
    "ConformanceFailure",
    "FailureFactory",
    "HarnessError",
    "NotApplicable",
    "ResponseNotJson",
    "TargetUnreachable",
    "UnexpectedStatus",
]


class ConformanceFailure(AssertionError):
    """Raised by an oracle when the implementation breaks ``requirement``."""

    def __init__(
        self,
        *,
        requirement: str,
        title: str,
        message: str,
        exchange: Exchange | None = None,
    ) -> None:
        super().__init__(f"[{requirement}] {title}: {message}")
        self.requirement = requirement
        self.title = title
        self.message = message
        self.exchange = exchange

    def __str__(self) -> str:
        label = f"[{self.requirement}] " if self.requirement else ""
        text = f"{label}{self.title}: {self.message}"
        if self.exchange is not None:
            text += f"\n  request: {self.exchange.summary}\n  reproduce: {self.exchange.curl()}"
        return text


def _describe(statuses: Collection[int]) -> str:
    ordered = sorted(statuses)
    if len(ordered) > 4 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}-{ordered[-1]}"
    return " or ".join(str(s) for s in ordered)


class UnexpectedStatus(ConformanceFailure):
    """The response's status is not one the requirement allows."""

    def __init__(
        self,
        *,
        requirement: str,
        expected: Collection[int],
        exchange: Exchange,
        why: str,
    ) -> None:
        allowed = _describe(expected)
        body = exchange.response_body[:300].decode("utf-8", "replace")
        super().__init__(
            requirement=requirement,
            title="unexpected status",
            message=f"{why}: expected {allowed}, got {exchange.status_code} (body: {body})",
            exchange=exchange,
        )
        self.expected = frozenset(expected)
        self.actual = exchange.status_code


class NotApplicable(Exception):
    """The rule cannot be judged against this target (missing fixture, feature off...)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FailureFactory:
    """Builds the failures of one area with a shared title: ``fail(ID, message, exchange)``."""

    def __init__(self, title: str) -> None:
        self.title = title

    def __call__(
        self, requirement: str, message: str, exchange: Exchange | None = None
    ) -> ConformanceFailure:
        return ConformanceFailure(
            requirement=requirement, title=self.title, message=message, exchange=exchange
        )


class ResponseNotJson(ConformanceFailure, ValueError):
    """A check needed a JSON body and the server sent something else.

    It names no single requirement: the plugin charges it to every requirement of the test
    that read the body, since none of them can hold over a body that is not JSON. It is also
    a ``ValueError``, so code that treats "not JSON" as data keeps working.
    """

    def __init__(self, *, exchange: Exchange, reason: str) -> None:
        preview = exchange.response_body[:120].decode("utf-8", "replace")
        super().__init__(
            requirement="",
            title="response body is not JSON",
            message=f"{exchange.status_code} answer: {reason}; body starts {preview!r}",
            exchange=exchange,
        )
        self.reason = reason


class HarnessError(Exception):
    """The suite or the transport failed; the implementation is not blamed."""


class TargetUnreachable(HarnessError):
    """The target could not be reached or did not answer in time."""
