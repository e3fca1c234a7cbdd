"""What the client returns: typed views of the documented response bodies.

Each model keeps the whole decoded body in ``raw`` so that fields the docs do not list
(``chat_url``, ``error_message``, ``session_id``) are never lost, and unknown ones never fail
parsing (CLI-ITEM-005).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["BatchResult", "Edit", "ResultRow", "Video"]


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One row of ``results[]``: queued, parked (with ``queue_position``) or error."""

    index: int
    status: str
    uuid: str | None = None
    queue_position: int | None = None
    code: str | None = None
    message: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def failed(self) -> bool:
        return self.status == "error"


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The answer to ``POST /v1/videos`` and the items it was asked to queue.

    ``rows`` carry the index of each item in ``items`` (the caller's original batch): after a
    resubmission the client maps the new request's indexes back, so callers never re-correlate.
    """

    items: Sequence[Mapping[str, Any]]
    rows: Sequence[ResultRow]
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def failures(self) -> list[ResultRow]:
        """The failed rows, each with ``index``, ``code`` and ``message``."""
        return [row for row in self.rows if row.failed]


@dataclass(frozen=True, slots=True)
class Video:
    """The answer to ``GET /v1/videos/{uuid}``."""

    uuid: str
    status: str
    is_complete: bool
    is_failed: bool
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)
class Edit:
    """An edit as ``POST /v1/edits``, ``GET /v1/edits/{id}`` and revert return it."""

    edit_id: str
    status: str
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)
