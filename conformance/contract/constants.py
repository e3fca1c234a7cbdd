"""The Knowlify API v1 contract's numbers, enums, statuses and fixed texts.

This module is the single source of truth for every fact of the contract that code needs: the
reference server, the OpenAPI document (proved equal by ``tests/contract/test_openapi.py``), the
strategies and the oracles all read it from here. Section numbers refer to
``conformance/contract/contract.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "API_KEY_HEADER",
    "API_KEY_HEX_LENGTH",
    "API_KEY_PATTERN",
    "API_KEY_PREFIX",
    "API_PREFIX",
    "ASPECT_RATIOS",
    "AUTHORIZATION_HEADER",
    "BATCH_MAX_ITEMS",
    "BATCH_MIN_ITEMS",
    "DOCS_SAMPLE_API_KEY",
    "DURATION_MAX_SECONDS",
    "DURATION_MIN_SECONDS",
    "EDITS_BUCKET",
    "EDIT_ACCEPTED_STATUSES",
    "EDIT_ACTIVE_STATUSES",
    "EDIT_NOT_FOUND_DETAIL",
    "EDIT_NOT_OWNED_DETAIL",
    "EDIT_NOT_REVERTABLE_TEMPLATE",
    "EDIT_REQUEST_MAX_LENGTH",
    "EDIT_REQUEST_MIN_LENGTH",
    "EDIT_STATUSES",
    "EMAIL_MAX_LENGTH",
    "ENDPOINTS",
    "ERROR_CONTENT_TYPE",
    "GLOBAL_STYLE_PROMPT_MAX_LENGTH",
    "HEX_COLOUR_PATTERN",
    "IDEMPOTENCY_KEY_HEADER",
    "IDEMPOTENCY_TTL_SECONDS",
    "INSUFFICIENT_CREDITS_PATTERN",
    "INSUFFICIENT_CREDITS_TEMPLATE",
    "ITEM_FAILED_CODE",
    "MAX_ACTIVE_JOBS",
    "NO_RETRY_STATUSES",
    "PALETTE_KEYS",
    "RATE_LIMIT_DETAIL_PATTERN",
    "RATE_LIMIT_DETAIL_TEMPLATE",
    "RATE_LIMIT_HEADERS",
    "RATE_LIMIT_LIMIT_HEADER",
    "RATE_LIMIT_REMAINING_HEADER",
    "RATE_LIMIT_RESET_HEADER",
    "REFERENCE_IMAGE_MAX_BYTES",
    "REFERENCE_IMAGE_MAX_REDIRECTS",
    "REFERENCE_IMAGE_URLS_MAX",
    "RESULT_ROW_STATUSES",
    "RETRY_AFTER_HEADER",
    "SERVER_ERROR_BACKOFF_START_SECONDS",
    "TASK_MAX_LENGTH",
    "TASK_MIN_LENGTH",
    "VIDEOS_BUCKET",
    "VIDEO_STATUSES",
    "VIDEO_STATUSES_SEEN_LIVE",
    "VIDEO_TERMINAL_STATUSES",
    "VIDEO_TYPES",
    "Endpoint",
    "RateBucket",
]

# --- 1. Global conventions ----------------------------------------------------------------
API_PREFIX: Final = "/v1"
ERROR_CONTENT_TYPE: Final = "application/json"

# --- 2. Authentication ----------------------------------------------------------------------
API_KEY_HEADER: Final = "X-API-Key"
AUTHORIZATION_HEADER: Final = "Authorization"
API_KEY_PREFIX: Final = "kn_"
API_KEY_HEX_LENGTH: Final = 64
API_KEY_PATTERN: Final = re.compile(rf"^{API_KEY_PREFIX}[0-9a-f]{{{API_KEY_HEX_LENGTH}}}$")
# The authentication page's own sample key: 65 hex digits, so malformed by the rule (§2.2).
DOCS_SAMPLE_API_KEY: Final = (
    API_KEY_PREFIX + "4f3c8b1a9e7d2f5a6b8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3"
)


# --- 3. Rate limits, batch size and concurrency ----------------------------------------------
@dataclass(frozen=True, slots=True)
class RateBucket:
    """One fixed-window rate-limit bucket (section 3.1)."""

    name: str
    limit: int
    window_seconds: int


VIDEOS_BUCKET: Final = RateBucket(name="videos", limit=30, window_seconds=60)
EDITS_BUCKET: Final = RateBucket(name="edits", limit=10, window_seconds=60)

RATE_LIMIT_LIMIT_HEADER: Final = "X-RateLimit-Limit"
RATE_LIMIT_REMAINING_HEADER: Final = "X-RateLimit-Remaining"
RATE_LIMIT_RESET_HEADER: Final = "X-RateLimit-Reset"
RATE_LIMIT_HEADERS: Final = (
    RATE_LIMIT_LIMIT_HEADER,
    RATE_LIMIT_REMAINING_HEADER,
    RATE_LIMIT_RESET_HEADER,
)
RETRY_AFTER_HEADER: Final = "Retry-After"
RATE_LIMIT_DETAIL_TEMPLATE: Final = (
    "Rate limit exceeded: {limit} requests per {window}s. Retry in {seconds}s."
)
RATE_LIMIT_DETAIL_PATTERN: Final = re.compile(
    r"^Rate limit exceeded: (?P<limit>\d+) requests per (?P<window>\d+)s\. "
    r"Retry in (?P<seconds>\d+)s\.$"
)

BATCH_MIN_ITEMS: Final = 1
BATCH_MAX_ITEMS: Final = 50
MAX_ACTIVE_JOBS: Final = 3

# --- 4. Errors ---------------------------------------------------------------------------------
ITEM_FAILED_CODE: Final = "ITEM_FAILED"
INSUFFICIENT_CREDITS_TEMPLATE: Final = (
    "INSUFFICIENT_CREDITS: edit could cost up to {cost}, have {balance}"
)
INSUFFICIENT_CREDITS_PATTERN: Final = re.compile(
    r"^INSUFFICIENT_CREDITS: edit could cost up to (?P<cost>\d+), have (?P<balance>\d+)$"
)
EDIT_NOT_FOUND_DETAIL: Final = "edit not found"
EDIT_NOT_OWNED_DETAIL: Final = "API key does not own this edit"
EDIT_NOT_REVERTABLE_TEMPLATE: Final = "edit is not in a revertable state (status={status})"

# Retry guidance (section 4.3): statuses a client must not retry automatically. 402, 404, 409 and
# 415 have no documented row; they are request faults too, so the client side treats them alike.
NO_RETRY_STATUSES: Final = frozenset({400, 401, 402, 403, 404, 409, 415, 422})
SERVER_ERROR_BACKOFF_START_SECONDS: Final = 2.0

# --- 5. Videos -----------------------------------------------------------------------------------
TASK_MIN_LENGTH: Final = 1
TASK_MAX_LENGTH: Final = 5000
DURATION_MIN_SECONDS: Final = 30
DURATION_MAX_SECONDS: Final = 300
GLOBAL_STYLE_PROMPT_MAX_LENGTH: Final = 5000
EMAIL_MAX_LENGTH: Final = 320
ASPECT_RATIOS: Final = ("16:9", "9:16")
VIDEO_TYPES: Final = (
    "instructional",
    "explainer",
    "corporate",
    "marketing",
    "narrative",
    "social",
)
PALETTE_KEYS: Final = ("primary", "secondary", "tertiary", "accent")
HEX_COLOUR_PATTERN: Final = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
RESULT_ROW_STATUSES: Final = ("queued", "parked", "error")
VIDEO_STATUSES: Final = (
    "pending",
    "queued",
    "voiceover",
    "highlevel",
    "lowlevel",
    "scan_assets",
    "generating_frames",
    "complete",
    "failed",
)
VIDEO_TERMINAL_STATUSES: Final = frozenset({"complete", "failed"})
# Returned by the live API though the docs omit it (§5.2, [3p]): accepted as a video status.
VIDEO_STATUSES_SEEN_LIVE: Final = ("video_generation",)

# --- 6. Edits ------------------------------------------------------------------------------------
IDEMPOTENCY_KEY_HEADER: Final = "Idempotency-Key"
IDEMPOTENCY_TTL_SECONDS: Final = 24 * 60 * 60
EDIT_REQUEST_MIN_LENGTH: Final = 1
EDIT_REQUEST_MAX_LENGTH: Final = 5000
REFERENCE_IMAGE_URLS_MAX: Final = 5
# "5 MB" is read as 5 MiB (decisions.md: 5 MB); boundary examples avoid 5,000,000..5,242,880.
REFERENCE_IMAGE_MAX_BYTES: Final = 5 * 1024 * 1024
REFERENCE_IMAGE_MAX_REDIRECTS: Final = 1
EDIT_STATUSES: Final = ("queued", "processing", "applying", "complete", "error", "reverted")

#: The answers that accept an edit. The docs show 200 "(or other 2xx?)" (contract.md §6.1):
#: only EDIT-014, an OPTION, pins 200; every other rule takes any 2xx as "accepted".
EDIT_ACCEPTED_STATUSES: Final = frozenset(range(200, 300))
EDIT_ACTIVE_STATUSES: Final = frozenset({"queued", "processing", "applying"})


# --- Endpoints -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Endpoint:
    """One documented operation: where it lives, which bucket it spends, what it may answer."""

    operation_id: str
    method: str
    path: str
    bucket: RateBucket
    error_statuses: frozenset[int]
    has_body: bool


ENDPOINTS: Final = (
    Endpoint(
        operation_id="createVideos",
        method="POST",
        path=f"{API_PREFIX}/videos",
        bucket=VIDEOS_BUCKET,
        error_statuses=frozenset({400, 401, 403, 422, 429, 500}),
        has_body=True,
    ),
    Endpoint(
        operation_id="getVideo",
        method="GET",
        path=f"{API_PREFIX}/videos/{{uuid}}",
        bucket=VIDEOS_BUCKET,
        error_statuses=frozenset({401, 403, 404, 429, 500}),
        has_body=False,
    ),
    Endpoint(
        operation_id="createEdit",
        method="POST",
        path=f"{API_PREFIX}/edits",
        bucket=EDITS_BUCKET,
        error_statuses=frozenset({400, 401, 402, 403, 404, 409, 415, 422, 429, 500}),
        has_body=True,
    ),
    Endpoint(
        operation_id="getEdit",
        method="GET",
        path=f"{API_PREFIX}/edits/{{edit_id}}",
        bucket=EDITS_BUCKET,
        error_statuses=frozenset({401, 403, 404, 429, 500}),
        has_body=False,
    ),
    Endpoint(
        operation_id="revertEdit",
        method="POST",
        path=f"{API_PREFIX}/edits/{{edit_id}}/revert",
        bucket=EDITS_BUCKET,
        error_statuses=frozenset({401, 403, 404, 409, 429, 500}),
        has_body=False,
    ),
)
