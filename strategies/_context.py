"""The valid surroundings a bad value is planted in, so that it is the request's only fault.

Surroundings come from fixed pools of valid items and bodies (short and boundary-length texts,
multi-byte text, every optional field, palettes), so a labelled case spends its draws on the bad
value and generation stays fast; the valid strategies of ``_valid`` are where valid bodies
vary freely. A faulty video item sits at some position among up to two valid items; a faulty
edit field sits in a valid edit body whose ``video_uuid`` a fill points at the caller's complete
video. ``tests/strategy_checks`` validates every pool entry against the OpenAPI schemas.
"""

from __future__ import annotations

from typing import Any, Final, TypeAlias

from hypothesis import strategies as st

from conformance.contract.constants import EDIT_REQUEST_MAX_LENGTH, TASK_MAX_LENGTH

from ._cases import PLACEHOLDER_UUID

__all__ = [
    "BATCH_CONTEXTS",
    "EDIT_CONTEXTS",
    "ITEM_CONTEXTS",
    "LAYOUTS",
    "Layout",
    "batch_contexts",
    "edit_contexts",
    "item_contexts",
    "layouts",
    "place",
]

Layout: TypeAlias = tuple[tuple[dict[str, Any], ...], int]
"""Valid neighbours of a faulty item, and the position the faulty item takes among them."""

ITEM_CONTEXTS: Final[tuple[dict[str, Any], ...]] = (
    {"task": "Explain how HTTPS works"},
    {"task": "x"},
    {
        "task": "La photosynthèse expliquée simplement, 光合作用 🌱",
        "video_duration_seconds": 30,
        "aspect_ratio": "9:16",
    },
    {
        "task": "Onboarding tour for new hires",
        "video_type": "corporate",
        "video_duration_seconds": 300,
        "color_palette": {"primary": "#0a84ff", "accent": "#fff"},
    },
    {
        "task": "Quarterly results in two minutes",
        "video_duration_seconds": 120,
        "aspect_ratio": "16:9",
        "video_type": "marketing",
        "global_style_prompt": "Calm, minimal, lots of white space",
        "color_palette": {
            "primary": "#112233",
            "secondary": "#abc",
            "tertiary": "#000000",
            "accent": "#f0f",
        },
    },
    {"task": "A lighthouse keeper's last night", "video_type": "narrative"},
    {"task": "t" * TASK_MAX_LENGTH, "video_type": "instructional"},
    {"task": "é" * TASK_MAX_LENGTH, "video_type": "explainer", "global_style_prompt": ""},
    {"task": "Ten tips in 45 seconds", "video_type": "social", "video_duration_seconds": 45},
)
"""Valid video items, simplest first; a bad value replaces or adds one field."""

_NEIGHBOURS: Final = (
    {"task": "Explain DNS"},
    {"task": "Explain TLS", "aspect_ratio": "9:16", "video_type": "explainer"},
)
LAYOUTS: Final[tuple[Layout, ...]] = (
    ((), 0),
    ((_NEIGHBOURS[0],), 0),
    ((_NEIGHBOURS[0],), 1),
    (_NEIGHBOURS, 1),
    (_NEIGHBOURS, 2),
)
"""Batches around a faulty item: alone, first, last, in the middle, after two."""

EDIT_CONTEXTS: Final[tuple[dict[str, Any], ...]] = (
    {"video_uuid": PLACEHOLDER_UUID, "edit_request": "Make scene 2 brighter"},
    {"video_uuid": PLACEHOLDER_UUID, "edit_request": "x"},
    {
        "video_uuid": PLACEHOLDER_UUID,
        "edit_request": "Rends la scène 3 plus lumineuse, s'il te plaît 🌞",
        "aspect_ratio": "9:16",
    },
    {
        "video_uuid": PLACEHOLDER_UUID,
        "edit_request": "Swap the music for something calmer",
        "aspect_ratio": "16:9",
        "reference_image_urls": [],
    },
    {"video_uuid": PLACEHOLDER_UUID, "edit_request": "中" * EDIT_REQUEST_MAX_LENGTH},
)
"""Valid edit bodies without reference URLs; ``video_uuid`` is a placeholder for a fill."""

BATCH_CONTEXTS: Final[tuple[dict[str, Any], ...]] = tuple(
    {"videos": [item, *neighbours]}
    for item, neighbours in zip(
        ITEM_CONTEXTS[:5], ((), (), _NEIGHBOURS, (), _NEIGHBOURS[:1]), strict=True
    )
)
"""Valid POST /v1/videos bodies without ``email``."""


def item_contexts() -> st.SearchStrategy[dict[str, Any]]:
    """A valid video item from the pool; shrinks to the first."""
    return st.sampled_from(ITEM_CONTEXTS)


def layouts() -> st.SearchStrategy[Layout]:
    """Where a faulty item goes; shrinks to a batch of that item alone."""
    return st.sampled_from(LAYOUTS)


def edit_contexts() -> st.SearchStrategy[dict[str, Any]]:
    """A valid edit body from the pool; shrinks to the first."""
    return st.sampled_from(EDIT_CONTEXTS)


def batch_contexts() -> st.SearchStrategy[dict[str, Any]]:
    """A valid create-videos body from the pool; shrinks to the first."""
    return st.sampled_from(BATCH_CONTEXTS)


def place(item: Any, layout: Layout) -> dict[str, Any]:
    """A create-videos body holding ``item`` among the layout's valid neighbours."""
    neighbours, position = layout
    items: list[Any] = list(neighbours)
    items.insert(position, item)
    return {"videos": items}
