"""Validation faults: one boundary of one field is off, or a refusal has the wrong status.

Each swaps the state's ``RequestModels`` for a subclass of the reference model with one rule
loosened, the way a hand-written schema drifts from the docs.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StrictInt, StrictStr

from ...contract.constants import (
    BATCH_MAX_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    HEX_COLOUR_PATTERN,
    TASK_MAX_LENGTH,
    TASK_MIN_LENGTH,
)
from ...reference.payloads import VideoCreateItem
from ..rewrite import Answer
from ._build import server_mutant
from ._models import batch_of, palette_checker, use_models

__all__ = ["MUTANTS"]


class _LongTaskItem(VideoCreateItem):
    task: Annotated[StrictStr, Field(min_length=TASK_MIN_LENGTH, max_length=TASK_MAX_LENGTH + 1)]


class _ShortDurationItem(VideoCreateItem):
    video_duration_seconds: Annotated[
        StrictInt, Field(ge=DURATION_MIN_SECONDS - 1, le=DURATION_MAX_SECONDS)
    ] = 60


# '#' and three or six "characters": a regex that forgot to say which characters.
_ANY_THREE = re.compile(r"#([0-9A-Za-z]{3}|[0-9A-Fa-f]{6})")
# 3 to 6 hex digits, so the 4- and 5-digit forms slip through.
_THREE_TO_SIX = re.compile(r"#[0-9A-Fa-f]{3,6}")


class _AnyLettersItem(VideoCreateItem):
    color_palette: (
        Annotated[dict[StrictStr, StrictStr], AfterValidator(palette_checker(_ANY_THREE))] | None
    ) = None


class _FourDigitsItem(VideoCreateItem):
    color_palette: (
        Annotated[dict[StrictStr, StrictStr], AfterValidator(palette_checker(_THREE_TO_SIX))] | None
    ) = None


class _AnyKeyItem(VideoCreateItem):
    color_palette: (
        Annotated[
            dict[StrictStr, StrictStr],
            AfterValidator(palette_checker(HEX_COLOUR_PATTERN, check_keys=False)),
        ]
        | None
    ) = None


def _enum_refusals_as_422(answer: Answer) -> Answer:
    # An enum left to the framework's own validation: its refusal keeps FastAPI's 422.
    document = answer.json()
    detail = document.get("detail") if isinstance(document, dict) else None
    if answer.status == 400 and isinstance(detail, str) and "must be one of" in detail:
        return answer.with_json(document, status=422)
    return answer


MUTANTS = (
    server_mutant(
        "batch-51-accepted",
        "a batch of 51 videos is accepted (max_length off by one)",
        breaks={"VID-BATCH-002"},
        prepare=use_models(create_videos=batch_of(VideoCreateItem, max_items=BATCH_MAX_ITEMS + 1)),
    ),
    server_mutant(
        "empty-batch-accepted",
        "a batch of 0 videos is accepted (no min_length)",
        breaks={"VID-BATCH-001"},
        prepare=use_models(create_videos=batch_of(VideoCreateItem, min_items=0)),
    ),
    server_mutant(
        "task-5001-accepted",
        "a 5001-character task is accepted (max_length off by one)",
        breaks={"VID-VAL-001"},
        prepare=use_models(create_videos=batch_of(_LongTaskItem)),
    ),
    server_mutant(
        "duration-29-accepted",
        "a 29-second video_duration_seconds is accepted (ge off by one)",
        breaks={"VID-VAL-002"},
        prepare=use_models(create_videos=batch_of(_ShortDurationItem)),
    ),
    server_mutant(
        "hex-ggg-accepted",
        "a palette colour '#ggg' is accepted (any letters after '#')",
        breaks={"VID-VAL-006"},
        prepare=use_models(create_videos=batch_of(_AnyLettersItem)),
    ),
    server_mutant(
        "hex-ffff-accepted",
        "a 4-digit palette colour '#ffff' is accepted (3 to 6 hex digits)",
        breaks={"VID-VAL-006"},
        prepare=use_models(create_videos=batch_of(_FourDigitsItem)),
    ),
    server_mutant(
        "unknown-palette-key-accepted",
        "a color_palette key outside primary/secondary/tertiary/accent is accepted",
        breaks={"VID-VAL-007"},
        prepare=use_models(create_videos=batch_of(_AnyKeyItem)),
    ),
    server_mutant(
        "bad-enum-422",
        "an aspect_ratio or video_type outside its enum is answered 422, not 400",
        breaks={"VID-VAL-003", "VID-VAL-004", "EDIT-006"},
        rewrite=_enum_refusals_as_422,
    ),
)
