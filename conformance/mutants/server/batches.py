"""Video batch faults: field validation, per-item rows, parking and polling.

Validation faults swap the state's ``RequestModels`` for the reference model with one rule
drifted; row faults rewrite the 200 of POST /v1/videos; parking and poll faults replace the video
job store by a subclass whose answer (or clock arithmetic, or waiting list) is wrong in one way.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import replace
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StrictStr

from ...contract.constants import (
    API_PREFIX,
    BATCH_MAX_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    EMAIL_MAX_LENGTH,
    GLOBAL_STYLE_PROMPT_MAX_LENGTH,
)
from ...reference.accounts import Caller, Directory
from ...reference.payloads import CreateVideosRequest, VideoCreateItem
from ...reference.state import ReferenceState
from ...reference.video_jobs import RENDER_STAGES, VideoJob, VideoJobs
from ..rewrite import Answer, read_body, replayed
from ._build import server_mutant, swap
from ._models import batch_of, palette_checker, use_models

__all__ = ["MUTANTS"]

_VIDEOS = f"{API_PREFIX}/videos"


# --- validation ---------------------------------------------------------------------------------
class _LongStyleItem(VideoCreateItem):
    global_style_prompt: (
        Annotated[StrictStr, Field(max_length=GLOBAL_STYLE_PROMPT_MAX_LENGTH + 1)] | None
    ) = None


# The docs show lower-case colours only: upper-case digits are refused.
_LOWER_HEX = re.compile(r"#(?:[0-9a-f]{3}|[0-9a-f]{6})")


class _LowerHexItem(VideoCreateItem):
    color_palette: (
        Annotated[dict[StrictStr, StrictStr], AfterValidator(palette_checker(_LOWER_HEX))] | None
    ) = None


class _FractionalDurationItem(VideoCreateItem):
    # Declared as a JSON "number" rather than an "integer".
    video_duration_seconds: Annotated[
        float, Field(ge=DURATION_MIN_SECONDS, le=DURATION_MAX_SECONDS)
    ] = 60  # type: ignore[assignment]


def _email_check(pattern: re.Pattern[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise ValueError("must be an email address")
        return value

    return check


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# An address is anything with an '@' in it.
_HAS_AT = re.compile(r".*@.*")


class _LongEmailRequest(CreateVideosRequest):
    email: (
        Annotated[
            StrictStr, Field(max_length=EMAIL_MAX_LENGTH + 1), AfterValidator(_email_check(_EMAIL))
        ]
        | None
    ) = None


class _AtSignEmailRequest(CreateVideosRequest):
    email: (
        Annotated[
            StrictStr, Field(max_length=EMAIL_MAX_LENGTH), AfterValidator(_email_check(_HAS_AT))
        ]
        | None
    ) = None


# --- request bodies -----------------------------------------------------------------------------
def _creating_videos(answer: Answer) -> bool:
    return answer.method == "POST" and answer.path == _VIDEOS


def _refusal_as(status: int, detail_prefix: str) -> Callable[[Answer], Answer]:
    """Answers of POST /v1/videos whose ``detail`` starts with ``detail_prefix`` get ``status``."""

    def rewrite(answer: Answer) -> Answer:
        document = answer.json()
        detail = document.get("detail") if isinstance(document, dict) else None
        refused = isinstance(detail, str) and detail.startswith(detail_prefix)
        if _creating_videos(answer) and refused:
            return answer.with_json(document, status=status)
        return answer

    return rewrite


class _EmptyBodyIsEmptyObject:
    """Reads an empty POST /v1/videos body as ``{}``, so it is refused for lacking ``videos``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or (scope.get("method"), scope.get("path")) != ("POST", _VIDEOS):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        await self.app(scope, replayed(body if body.strip() else b"{}"), send)


# --- rows of the 200 ----------------------------------------------------------------------------
def _batch_answer(change: Callable[[dict[str, Any]], None]) -> Callable[[Answer], Answer]:
    """A rewrite applying ``change`` to the JSON body of every 200 of POST /v1/videos."""

    def rewrite(answer: Answer) -> Answer:
        document = answer.json()
        if not _creating_videos(answer) or answer.status != 200 or not isinstance(document, dict):
            return answer
        change(document)
        return answer.with_json(document)

    return rewrite


def _rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    rows = document.get("results")
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def _drop_nulls(document: dict[str, Any]) -> None:
    for name in [name for name, value in document.items() if value is None]:
        del document[name]


def _total_of_accepted(document: dict[str, Any]) -> None:
    document["total"] = document["enqueued"] + document["parked"]


def _parked_counted_as_enqueued(document: dict[str, Any]) -> None:
    document["enqueued"] += document["parked"]


def _queued_spelt_enqueued(document: dict[str, Any]) -> None:
    for row in _rows(document):
        if row.get("status") == "queued":
            row["status"] = "enqueued"


def _error_row_uuid_hex(document: dict[str, Any]) -> None:
    for row in _rows(document):
        if row.get("status") == "error" and isinstance(row.get("uuid"), str):
            row["uuid"] = uuid.UUID(row["uuid"]).hex


def _queued_row_uuid_null(document: dict[str, Any]) -> None:
    for row in _rows(document):
        if row.get("status") == "queued":
            row["uuid"] = None


def _parked_position_as_text(document: dict[str, Any]) -> None:
    for row in _rows(document):
        if row.get("status") == "parked" and "queue_position" in row:
            row["queue_position"] = str(row["queue_position"])


def _parked_row_without_uuid(document: dict[str, Any]) -> None:
    # A serializer that leaves out the uuid until the job is given one at promotion.
    for row in _rows(document):
        if row.get("status") == "parked":
            row.pop("uuid", None)


def _error_row_code_item_error(document: dict[str, Any]) -> None:
    for row in _rows(document):
        if row.get("status") == "error":
            row["code"] = "ITEM_ERROR"


def _failed_item_aborts_batch(answer: Answer) -> Answer:
    document = answer.json()
    if not _creating_videos(answer) or answer.status != 200 or not isinstance(document, dict):
        return answer
    if any(row.get("status") == "error" for row in _rows(document)):
        return answer.with_json({"detail": "Internal server error: an item failed"}, status=500)
    return answer


# --- parking ------------------------------------------------------------------------------------
_REQUEST_USER: ContextVar[str | None] = ContextVar("mutant_request_user", default=None)


class _RememberingDirectory(Directory):
    """Notes the user behind the request being served, for the job store below."""

    def authenticate(self, headers: dict[str, str]) -> Caller:
        caller = super().authenticate(headers)
        _REQUEST_USER.set(caller.user_id)
        return caller


class _SlotsPerUser(VideoJobs):
    """Counts render slots per user: an org key's jobs share its creator's personal pool."""

    def submit(self, job: VideoJob, now: float) -> int | None:
        job.pool = _REQUEST_USER.get() or job.pool
        return super().submit(job, now)


def _pools_per_user(state: ReferenceState) -> None:
    state.directory = _RememberingDirectory()
    state.videos = _SlotsPerUser(state.settings.timings)


class _StackedParking(VideoJobs):
    """Parks each job at the front of the waiting list, so the last parked is promoted first."""

    def submit(self, job: VideoJob, now: float) -> int | None:
        position = super().submit(job, now)
        if position is not None:
            self._parked[job.pool].rotate(1)
        return position


class _ParkedPollsQueued(VideoJobs):
    """Reports a parked job (not yet started) as ``queued``, not ``pending``."""

    def _state(self, job: VideoJob, now: float) -> tuple[str, str | None, int, float]:
        status, error, percent, updated = super()._state(job, now)
        return ("queued" if status == "pending" else status), error, percent, updated


# --- polling ------------------------------------------------------------------------------------
def _poll_answer(change: Callable[[dict[str, Any]], None]) -> Callable[[Answer], Answer]:
    """A rewrite applying ``change`` to the JSON body of every 200 of GET /v1/videos/{uuid}."""

    def rewrite(answer: Answer) -> Answer:
        document = answer.json()
        polled = answer.method == "GET" and answer.path.startswith(f"{_VIDEOS}/")
        if not polled or answer.status != 200 or not isinstance(document, dict):
            return answer
        change(document)
        return answer.with_json(document)

    return rewrite


_TASK_COLUMN = 255


class _TaskColumn255(VideoJobs):
    """Stores the task in a 255-character column."""

    def submit(self, job: VideoJob, now: float) -> int | None:
        job.task = job.task[:_TASK_COLUMN]
        return super().submit(job, now)


class _CollapsedStages(VideoJobs):
    """Reports the five rendering stages as one ``rendering`` status."""

    def view(self, job: VideoJob, now: float) -> dict[str, Any]:
        body = super().view(job, now)
        if body["status"] in RENDER_STAGES:
            body["status"] = body["progress"]["stage"] = "rendering"
        return body


class _EmptyErrorMessage(VideoJobs):
    """Writes ``""`` (the column's default) as ``error_message`` of healthy jobs."""

    def view(self, job: VideoJob, now: float) -> dict[str, Any]:
        body = super().view(job, now)
        if body["error_message"] is None:
            body["error_message"] = ""
        return body


class _FractionPercent(VideoJobs):
    """Reports ``progress.percent`` as a fraction of 1."""

    def view(self, job: VideoJob, now: float) -> dict[str, Any]:
        body = super().view(job, now)
        body["progress"]["percent"] = body["progress"]["percent"] / 100
        return body


_RETRY_AFTER_SECONDS = 10.0


class _RetriedFailures(VideoJobs):
    """Retries a failed render: some seconds after ``failed`` the job starts over and completes."""

    def _state(self, job: VideoJob, now: float) -> tuple[str, str | None, int, float]:
        state = super()._state(job, now)
        if state[0] != "failed" or job.pinned_status is not None:
            return state
        restarted = state[3] + _RETRY_AFTER_SECONDS
        if now < restarted:
            return state
        return super()._state(replace(job, started_at=restarted, fail_at_stage=None), now)


_SWAPPED_STAGES = {"highlevel": "lowlevel", "lowlevel": "highlevel"}


class _SwappedStages(VideoJobs):
    """Runs the ``lowlevel`` stage before ``highlevel`` (a stage list out of order)."""

    def _state(self, job: VideoJob, now: float) -> tuple[str, str | None, int, float]:
        status, error, percent, updated = super()._state(job, now)
        return _SWAPPED_STAGES.get(status, status), error, percent, updated


def _jobs(store: type[VideoJobs]) -> Callable[[ReferenceState], None]:
    return swap("videos", lambda state: store(state.settings.timings))


MUTANTS = (
    server_mutant(
        "style-prompt-5001-accepted",
        "a 5001-character global_style_prompt is accepted (max_length off by one)",
        breaks={"VID-VAL-005"},
        prepare=use_models(create_videos=batch_of(_LongStyleItem)),
    ),
    server_mutant(
        "hex-upper-case-refused",
        "a palette colour in upper-case hex ('#FFF') is refused (the regex lists a-f only)",
        breaks={"VID-VAL-008"},
        prepare=use_models(create_videos=batch_of(_LowerHexItem)),
    ),
    server_mutant(
        "email-321-accepted",
        "a 321-character email is accepted (max_length off by one)",
        breaks={"VID-VAL-009"},
        prepare=use_models(create_videos=batch_of(base=_LongEmailRequest)),
    ),
    server_mutant(
        "email-needs-only-at",
        "any email containing '@' is accepted ('user@', '@example.com')",
        breaks={"VID-VAL-010"},
        prepare=use_models(create_videos=batch_of(base=_AtSignEmailRequest)),
    ),
    server_mutant(
        "duration-fraction-accepted",
        "a fractional video_duration_seconds (45.5) is accepted (typed number, not integer)",
        breaks={"VID-VAL-011"},
        prepare=use_models(create_videos=batch_of(_FractionalDurationItem)),
    ),
    server_mutant(
        "invalid-json-400",
        "a POST /v1/videos body that is not valid JSON is answered 400, not 422",
        breaks={"VID-VAL-012"},
        rewrite=_refusal_as(400, "Request body is not valid JSON"),
    ),
    server_mutant(
        "empty-body-read-as-object",
        "an empty POST /v1/videos body is read as {} and refused 400, not 422",
        breaks={"VID-VAL-013"},
        middleware=_EmptyBodyIsEmptyObject,
    ),
    server_mutant(
        "non-object-body-422",
        "a POST /v1/videos JSON body that is not an object is answered 422, not 400",
        breaks={"VID-VAL-014"},
        rewrite=_refusal_as(422, "Request body must be a JSON object"),
    ),
    server_mutant(
        "batch-50-refused",
        "a batch of 50 videos is refused (max_length off by one)",
        breaks={"VID-BATCH-003"},
        prepare=use_models(create_videos=batch_of(max_items=BATCH_MAX_ITEMS - 1)),
    ),
    server_mutant(
        "batch-null-org-id-dropped",
        "the batch answer leaves out `org_id` when it is null (nulls excluded)",
        breaks={"VID-ROW-001", "ORG-003"},
        rewrite=_batch_answer(_drop_nulls),
    ),
    server_mutant(
        "total-counts-accepted-only",
        "`total` counts the accepted items only, not the failed ones",
        breaks={"VID-ROW-002", "VID-ROW-003"},
        proves={"VID-ROW-002"},
        rewrite=_batch_answer(_total_of_accepted),
    ),
    server_mutant(
        "parked-counted-as-enqueued",
        "`enqueued` counts parked items too",
        breaks={"VID-ROW-003"},
        rewrite=_batch_answer(_parked_counted_as_enqueued),
    ),
    server_mutant(
        "queued-row-says-enqueued",
        "a dispatched row's status is 'enqueued', not 'queued'",
        breaks={"VID-ROW-004", "VID-ROW-003"},
        proves={"VID-ROW-004"},
        rewrite=_batch_answer(_queued_spelt_enqueued),
    ),
    server_mutant(
        "item-failure-aborts-batch",
        "an item that fails queueing turns the whole batch into a 500",
        breaks={"VID-ROW-007"},
        rewrite=_failed_item_aborts_batch,
    ),
    server_mutant(
        "error-row-uuid-hex",
        "a failed row's uuid is 32 hex digits without hyphens",
        breaks={"VID-ROW-009"},
        rewrite=_batch_answer(_error_row_uuid_hex),
    ),
    server_mutant(
        "queued-row-uuid-null",
        "a dispatched row's uuid is null (read from the dispatch receipt, which carries none)",
        breaks={"VID-ROW-006"},
        rewrite=_batch_answer(_queued_row_uuid_null),
    ),
    server_mutant(
        "error-row-code-item-error",
        "a failed row's code is 'ITEM_ERROR', not 'ITEM_FAILED'",
        breaks={"VID-ROW-008"},
        rewrite=_batch_answer(_error_row_code_item_error),
    ),
    server_mutant(
        "queue-position-as-text",
        "a parked row's queue_position is sent as a string ('1'), not an integer",
        breaks={"VID-PARK-002"},
        rewrite=_batch_answer(_parked_position_as_text),
    ),
    server_mutant(
        "parked-row-without-uuid",
        "a parked row leaves out its uuid (given only at promotion), so it cannot be polled",
        breaks={"VID-PARK-002"},
        rewrite=_batch_answer(_parked_row_without_uuid),
    ),
    server_mutant(
        "parked-jobs-promoted-lifo",
        "parked jobs are promoted last-in-first-out (a stack, not a FIFO queue)",
        breaks={"VID-PARK-004"},
        prepare=_jobs(_StackedParking),
    ),
    server_mutant(
        "parked-job-polls-queued",
        "a parked job polls as 'queued' instead of 'pending' until it is promoted",
        breaks={"VID-PARK-006"},
        prepare=_jobs(_ParkedPollsQueued),
    ),
    server_mutant(
        "render-slots-per-user",
        "render slots are counted per user: an org key's jobs share its creator's personal pool",
        breaks={"VID-PARK-005"},
        prepare=_pools_per_user,
    ),
    server_mutant(
        "poll-null-fields-dropped",
        "the poll leaves out fields that are null (`error_message` of a healthy job)",
        breaks={"VID-POLL-001"},
        rewrite=_poll_answer(_drop_nulls),
    ),
    server_mutant(
        "task-truncated-255",
        "the job's task is stored in a 255-character column, so the poll echoes it cut",
        breaks={"VID-POLL-002"},
        prepare=_jobs(_TaskColumn255),
    ),
    server_mutant(
        "render-stages-collapsed",
        "the poll reports the five rendering stages as one 'rendering' status",
        breaks={"VID-POLL-003"},
        prepare=_jobs(_CollapsedStages),
    ),
    server_mutant(
        "error-message-empty-string",
        "a healthy job's error_message is '' instead of null",
        breaks={"VID-POLL-004"},
        prepare=_jobs(_EmptyErrorMessage),
    ),
    server_mutant(
        "failed-render-retried",
        "a failed render is retried: the job leaves `failed` and renders again",
        breaks={"VID-POLL-006"},
        prepare=_jobs(_RetriedFailures),
    ),
    server_mutant(
        "stages-out-of-order",
        "the lowlevel stage runs before highlevel, so the status moves back",
        breaks={"VID-POLL-007"},
        prepare=_jobs(_SwappedStages),
    ),
    server_mutant(
        "progress-percent-fraction",
        "progress.percent is a fraction of 1, not an integer 0-100",
        breaks={"VID-POLL-008"},
        prepare=_jobs(_FractionPercent),
    ),
)
