"""Request models with one rule drifted: the seam of validation faults.

A fault of this kind swaps the state's ``RequestModels`` (``use_models``) for the reference's
model with one field loosened or tightened, the way a hand-written schema drifts from the docs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import Field, create_model

from ...contract.constants import BATCH_MAX_ITEMS, BATCH_MIN_ITEMS, PALETTE_KEYS
from ...reference.payloads import CreateVideosRequest, RequestModels, VideoCreateItem
from ...reference.state import ReferenceState

__all__ = ["batch_of", "palette_checker", "use_models"]


def use_models(**models: Any) -> Callable[[ReferenceState], None]:
    """A ``prepare`` that has the routes validate against ``models`` (``create_videos=``,
    ``create_edit=``), the reference's model for the other operation."""

    def prepare(state: ReferenceState) -> None:
        state.models = RequestModels(**models)

    return prepare


def batch_of(
    item: type[VideoCreateItem] = VideoCreateItem,
    *,
    min_items: int = BATCH_MIN_ITEMS,
    max_items: int = BATCH_MAX_ITEMS,
    base: type[CreateVideosRequest] = CreateVideosRequest,
) -> type[CreateVideosRequest]:
    """The request model on ``base``, with ``item`` as the item model and these batch sizes."""
    items = Annotated[list[item], Field(min_length=min_items, max_length=max_items)]  # type: ignore[valid-type]
    model: type[CreateVideosRequest] = create_model(
        f"Mutant{item.__name__}{base.__name__}", __base__=base, videos=(items, ...)
    )
    return model


def palette_checker(
    colour: re.Pattern[str], *, check_keys: bool = True
) -> Callable[[dict[str, str]], dict[str, str]]:
    """A ``color_palette`` validator: keys from the contract (unless not ``check_keys``), each
    value a full match of ``colour``."""

    def check(value: dict[str, str]) -> dict[str, str]:
        if check_keys and set(value) - set(PALETTE_KEYS):
            raise ValueError(f"unknown palette key(s); allowed: {list(PALETTE_KEYS)}")
        for text in value.values():
            if not colour.fullmatch(text):
                raise ValueError("must be a hex colour such as #fff or #ffffff")
        return value

    return check
