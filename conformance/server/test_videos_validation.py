"""POST /v1/videos validation (sections 4.1, 5.1): each fault gets its exact status.

Probes are requests a conformant server refuses, so they cost nothing; the boundary values
that must be *accepted* are sent only where spending is allowed (the sandbox).
"""

from __future__ import annotations

from typing import Any

import pytest

from ..contract.constants import (
    BATCH_MAX_ITEMS,
    DURATION_MAX_SECONDS,
    DURATION_MIN_SECONDS,
    EMAIL_MAX_LENGTH,
    GLOBAL_STYLE_PROMPT_MAX_LENGTH,
    TASK_MAX_LENGTH,
)
from ..harness import Harness
from ..oracles import expect_status
from .bodies import VIDEOS, video_item, videos_body

requirement = pytest.mark.requirement

# (requirement, body, why) -- each body breaks exactly one rule.
REFUSED: list[tuple[str, Any, str]] = [
    ("VID-VAL-001", videos_body(task=""), "an empty task"),
    ("VID-VAL-001", videos_body(task="x" * (TASK_MAX_LENGTH + 1)), "a 5001-character task"),
    ("VID-VAL-001", videos_body(task="é" * (TASK_MAX_LENGTH + 1)), "5001 two-byte characters"),
    ("VID-VAL-002", videos_body(video_duration_seconds=DURATION_MIN_SECONDS - 1), "29 seconds"),
    ("VID-VAL-002", videos_body(video_duration_seconds=DURATION_MAX_SECONDS + 1), "301 seconds"),
    ("VID-VAL-003", videos_body(aspect_ratio="16:10"), "aspect_ratio 16:10"),
    ("VID-VAL-003", videos_body(aspect_ratio="16/9"), "aspect_ratio 16/9"),
    ("VID-VAL-003", videos_body(aspect_ratio=" 16:9"), "aspect_ratio with a space"),
    ("VID-VAL-004", videos_body(video_type="Explainer"), "video_type in another case"),
    ("VID-VAL-004", videos_body(video_type="vlog"), "an unknown video_type"),
    ("VID-VAL-005", videos_body(global_style_prompt="s" * (GLOBAL_STYLE_PROMPT_MAX_LENGTH + 1)),
     "a 5001-character global_style_prompt"),
    ("VID-VAL-006", videos_body(color_palette={"primary": "#ggg"}), "colour #ggg"),
    ("VID-VAL-006", videos_body(color_palette={"primary": "#ffff"}), "colour #ffff"),
    ("VID-VAL-006", videos_body(color_palette={"primary": "fff"}), "colour without #"),
    ("VID-VAL-006", videos_body(color_palette={"primary": "red"}), "a named colour"),
    ("VID-VAL-007", videos_body(color_palette={"background": "#fff"}), "palette key background"),
    ("VID-VAL-009", {**videos_body(), "email": "a@" + "b" * (EMAIL_MAX_LENGTH - 4) + ".io"},
     "a 321-character email"),
    ("VID-VAL-010", {**videos_body(), "email": "not-an-email"}, "an email without @"),
    ("VID-VAL-010", {**videos_body(), "email": "user@"}, "an email without a domain"),
    ("VID-VAL-010", {**videos_body(), "email": "@example.com"}, "an email without a local part"),
    ("VID-VAL-011", {"videos": [{"video_type": "explainer"}]}, "an item without task"),
    ("VID-VAL-011", videos_body(task=5), "task as a number"),
    ("VID-VAL-011", videos_body(video_duration_seconds=45.5), "duration 45.5"),
    # Not "60" as a string: a FastAPI server in Pydantic's lax mode accepts it (and a live one
    # would bill the job); the contract does not say whether it must be refused.
    ("VID-VAL-014", [video_item()], "a JSON array body"),
    ("VID-VAL-014", "videos", "a JSON string body"),
    ("VID-VAL-014", 42, "a JSON number body"),
    ("VID-BATCH-001", {"videos": []}, "a batch of 0 items"),
    ("VID-BATCH-002", videos_body(BATCH_MAX_ITEMS + 1), "a batch of 51 items"),
    ("VID-VAL-014", {}, "a body without videos"),
    ("VID-VAL-014", {"videos": video_item()}, "videos as an object"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "body", "why"),
    [
        pytest.param(*case, marks=requirement(case[0]), id=f"{case[0]}:{case[2]}")
        for case in REFUSED
    ],
)
def test_invalid_field_is_400(knowlify: Harness, rule: str, body: Any, why: str) -> None:
    exchange = knowlify.post(VIDEOS, json=body)
    expect_status(exchange, 400, requirement=rule, why=why)


@requirement("VID-VAL-014")
def test_json_null_body_is_400(knowlify: Harness) -> None:
    exchange = knowlify.post(VIDEOS, content=b"null", headers={"Content-Type": "application/json"})
    expect_status(exchange, 400, requirement="VID-VAL-014", why="the JSON body null")


NOT_JSON = {
    "truncated": b'{"videos": [',
    "trailing-garbage": b'{"videos": []} x',
    "single-quotes": b"{'videos': []}",
    "nan": b'{"videos": [{"task": "t", "video_duration_seconds": NaN}]}',
}


@requirement("VID-VAL-012")
@pytest.mark.parametrize("content", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_body_that_is_not_json_is_422(knowlify: Harness, content: bytes) -> None:
    exchange = knowlify.post(VIDEOS, content=content, headers={"Content-Type": "application/json"})
    expect_status(exchange, 422, requirement="VID-VAL-012", why="a body that is not valid JSON")


@requirement("VID-VAL-013")
def test_empty_body_is_422(knowlify: Harness) -> None:
    exchange = knowlify.post(VIDEOS, content=b"", headers={"Content-Type": "application/json"})
    expect_status(exchange, 422, requirement="VID-VAL-013", why="an empty body")


# Boundary values that must be accepted: sending them creates (and bills) jobs.
ACCEPTED: list[tuple[str, Any, str]] = [
    ("VID-VAL-001", videos_body(task="x"), "a 1-character task"),
    ("VID-VAL-001", videos_body(task="é" * TASK_MAX_LENGTH), "5000 two-byte characters"),
    ("VID-VAL-002", videos_body(video_duration_seconds=DURATION_MIN_SECONDS), "30 seconds"),
    ("VID-VAL-002", videos_body(video_duration_seconds=DURATION_MAX_SECONDS), "300 seconds"),
    ("VID-VAL-008", videos_body(color_palette={"primary": "#FFF", "accent": "#A1B2C3"}),
     "upper-case hex colours"),
    ("VID-BATCH-003", videos_body(1), "a batch of 1"),
    ("VID-BATCH-003", videos_body(BATCH_MAX_ITEMS), "a batch of 50"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "body", "why"),
    [
        pytest.param(*case, marks=requirement(case[0]), id=f"{case[0]}:{case[2]}")
        for case in ACCEPTED
    ],
)
def test_boundary_value_is_accepted(knowlify: Harness, rule: str, body: Any, why: str) -> None:
    knowlify.spend(f"{why} creates video jobs")
    exchange = knowlify.post(VIDEOS, json=body)
    expect_status(exchange, 200, requirement=rule, why=why)
