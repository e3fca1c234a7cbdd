"""Validation faults: one boundary of one field is off, or a refusal has the wrong status.

Each swaps the state's ``RequestModels`` for a subclass of the reference model with one rule
loosened, the way a hand-written schema drifts from the docs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, Field, StrictInt, StrictStr, create_model

from ...contract.constants import (
    BATCH_MAX_ITEMS,
    BATCH_MIN_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    HEX_COLOUR_PATTERN,
    PALETTE_KEYS,
    TASK_MAX_LENGTH,
    TASK_MIN_LENGTH,
)
from ...reference.payloads import CreateVideosRequest, RequestModels, VideoCreateItem
from ...reference.state import ReferenceState
from ..rewrite import Answer
from ._build import server_mutant

__all__ = ["MUTANTS"]


def _use(model: type[CreateVideosRequest]) -> Callable[[ReferenceState], None]:
    def prepare(state: ReferenceState) -> None:
        state.models = RequestModels(create_videos=model)

    return prepare


def _batch_of(
    item: type[VideoCreateItem],
    *,
    min_items: int = BATCH_MIN_ITEMS,
    max_items: int = BATCH_MAX_ITEMS,
) -> type[CreateVideosRequest]:
    """The reference's request model, with ``item`` as the item model and these batch sizes."""
    items = Annotated[list[item], Field(min_length=min_items, max_length=max_items)]  # type: ignore[valid-type]
    model: type[CreateVideosRequest] = create_model(
        f"Mutant{item.__name__}Batch", __base__=CreateVideosRequest, videos=(items, ...)
    )
    return model


class _LongTaskItem(VideoCreateItem):
    task: Annotated[StrictStr, Field(min_length=TASK_MIN_LENGTH, max_length=TASK_MAX_LENGTH + 1)]


class _ShortDurationItem(VideoCreateItem):
    video_duration_seconds: Annotated[
        StrictInt, Field(ge=DURATION_MIN_SECONDS - 1, le=DURATION_MAX_SECONDS)
    ] = 60


def _palette_checker(
    colour: re.Pattern[str], *, check_keys: bool = True
) -> Callable[[dict[str, str]], dict[str, str]]:
    def check(value: dict[str, str]) -> dict[str, str]:
        if check_keys and set(value) - set(PALETTE_KEYS):
            raise ValueError(f"unknown palette key(s); allowed: {list(PALETTE_KEYS)}")
        for text in value.values():
            if not colour.fullmatch(text):
                raise ValueError("must be a hex colour such as #fff or #ffffff")
        return value

    return check


# '#' and three or six "characters": a regex that forgot to say which characters.
_ANY_THREE = re.compile(r"#([0-9A-Za-z]{3}|[0-9A-Fa-f]{6})")
# 3 to 6 hex digits, so the 4- and 5-digit forms slip through.
_THREE_TO_SIX = re.compile(r"#[0-9A-Fa-f]{3,6}")


class _AnyLettersItem(VideoCreateItem):
    color_palette: (
        Annotated[dict[StrictStr, StrictStr], AfterValidator(_palette_checker(_ANY_THREE))] | None
    ) = None


class _FourDigitsItem(VideoCreateItem):
    color_palette: (
        Annotated[dict[StrictStr, StrictStr], AfterValidator(_palette_checker(_THREE_TO_SIX))]
        | None
    ) = None


class _AnyKeyItem(VideoCreateItem):
    color_palette: (
        Annotated[
            dict[StrictStr, StrictStr],
            AfterValidator(_palette_checker(HEX_COLOUR_PATTERN, check_keys=False)),
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
        prepare=_use(_batch_of(VideoCreateItem, max_items=BATCH_MAX_ITEMS + 1)),
    ),
    server_mutant(
        "empty-batch-accepted",
        "a batch of 0 videos is accepted (no min_length)",
        breaks={"VID-BATCH-001"},
        prepare=_use(_batch_of(VideoCreateItem, min_items=0)),
    ),
    server_mutant(
        "task-5001-accepted",
        "a 5001-character task is accepted (max_length off by one)",
        breaks={"VID-VAL-001"},
        prepare=_use(_batch_of(_LongTaskItem)),
    ),
    server_mutant(
        "duration-29-accepted",
        "a 29-second video_duration_seconds is accepted (ge off by one)",
        breaks={"VID-VAL-002"},
        prepare=_use(_batch_of(_ShortDurationItem)),
    ),
    server_mutant(
        "hex-ggg-accepted",
        "a palette colour '#ggg' is accepted (any letters after '#')",
        breaks={"VID-VAL-006"},
        prepare=_use(_batch_of(_AnyLettersItem)),
    ),
    server_mutant(
        "hex-ffff-accepted",
        "a 4-digit palette colour '#ffff' is accepted (3 to 6 hex digits)",
        breaks={"VID-VAL-006"},
        prepare=_use(_batch_of(_FourDigitsItem)),
    ),
    server_mutant(
        "unknown-palette-key-accepted",
        "a color_palette key outside primary/secondary/tertiary/accent is accepted",
        breaks={"VID-VAL-007"},
        prepare=_use(_batch_of(_AnyKeyItem)),
    ),
    server_mutant(
        "bad-enum-422",
        "an aspect_ratio or video_type outside its enum is answered 422, not 400",
        breaks={"VID-VAL-003", "VID-VAL-004", "EDIT-006"},
        rewrite=_enum_refusals_as_422,
    ),
)
