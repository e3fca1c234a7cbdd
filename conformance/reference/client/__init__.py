"""The reference client: a small, well-made httpx client for the Knowlify API v1.

A model SDK for our users and the control of the client-side suite: it passes every client
requirement, and ``faults.py`` turns it into named faulty variants that must each be caught::

    from conformance.reference.client import KnowlifyClient, RateLimitError

    with KnowlifyClient(api_key, base_url="https://api.knowlify.com") as client:
        batch = client.create_videos([{"task": "Explain HTTPS"}])
        retried = client.resubmit_failed(batch)     # only the failed items, original indexes
"""

from __future__ import annotations

from ._client import DEFAULT_BASE_URL, KnowlifyClient
from ._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InsufficientCreditsError,
    InvalidResponseError,
    KnowlifyError,
    KnowlifyTransportError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestValidationError,
    ServerError,
    UnprocessableEntityError,
    UnsupportedMediaError,
)
from ._models import BatchResult, Edit, ResultRow, Video
from ._policies import Policies

__all__ = [
    "DEFAULT_BASE_URL",
    "APIStatusError",
    "AuthenticationError",
    "BadRequestError",
    "BatchResult",
    "ConflictError",
    "Edit",
    "InsufficientCreditsError",
    "InvalidResponseError",
    "KnowlifyClient",
    "KnowlifyError",
    "KnowlifyTransportError",
    "NotFoundError",
    "PermissionDeniedError",
    "Policies",
    "RateLimitError",
    "RequestValidationError",
    "ResultRow",
    "ServerError",
    "UnprocessableEntityError",
    "UnsupportedMediaError",
    "Video",
]
