"""The reference client's exceptions, one class per documented status.

::

    KnowlifyError
     +-- APIStatusError(status_code, detail, *, request, response)   any non-2xx answer
     |    +-- BadRequestError            400
     |    +-- AuthenticationError        401
     |    +-- InsufficientCreditsError   402
     |    +-- PermissionDeniedError      403
     |    +-- NotFoundError              404
     |    +-- ConflictError              409
     |    +-- UnsupportedMediaError      415
     |    +-- UnprocessableEntityError   422
     |    +-- RateLimitError             429 (retry_after)
     |    +-- ServerError                5xx
     +-- KnowlifyTransportError          timeouts and network faults: no answer at all
     +-- InvalidResponseError            a 2xx whose body is not the documented JSON
     +-- RequestValidationError          refused before sending (batch size outside 1-50)

``detail`` is the server's text verbatim, or None when the body held none (an HTML page from a
proxy, an empty body, FastAPI's list). No message or repr ever contains the API key: the
exceptions keep the ``httpx`` request and response, whose reprs show method and URL only.
"""

from __future__ import annotations

from typing import Final

import httpx

__all__ = [
    "STATUS_ERRORS",
    "APIStatusError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InsufficientCreditsError",
    "InvalidResponseError",
    "KnowlifyError",
    "KnowlifyTransportError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsupportedMediaError",
]


class KnowlifyError(Exception):
    """The base of every error the client raises."""


class APIStatusError(KnowlifyError):
    """Raised when the API answers with a status outside 2xx."""

    def __init__(
        self,
        status_code: int,
        detail: str | None,
        *,
        request: httpx.Request,
        response: httpx.Response,
        message: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.detail = detail
        self.request = request
        self.response = response
        shown = detail if detail is not None else "(no detail in the body)"
        super().__init__(message or f"{status_code} {response.reason_phrase}: {shown}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code}, detail={self.detail!r})"


class BadRequestError(APIStatusError):
    """Raised on 400: the request failed validation; fix it before sending again."""


class AuthenticationError(APIStatusError):
    """Raised on 401: the key is missing, malformed or revoked."""


class InsufficientCreditsError(APIStatusError):
    """Raised on 402: the balance is below the edit's worst-case cost; top up, then resubmit."""


class PermissionDeniedError(APIStatusError):
    """Raised on 403: the key does not own the resource."""


class NotFoundError(APIStatusError):
    """Raised on 404: the video or edit does not exist."""


class ConflictError(APIStatusError):
    """Raised on 409: the video is still building, or a revert guard failed."""


class UnsupportedMediaError(APIStatusError):
    """Raised on 415: a reference image failed the HEAD checks."""


class UnprocessableEntityError(APIStatusError):
    """Raised on 422: the body was not JSON, or a reference URL failed the SSRF check."""


class RateLimitError(APIStatusError):
    """Raised on 429 once retries are spent; ``retry_after`` is the server's wait in seconds."""

    def __init__(
        self,
        status_code: int,
        detail: str | None,
        *,
        request: httpx.Request,
        response: httpx.Response,
        message: str | None = None,
    ) -> None:
        super().__init__(status_code, detail, request=request, response=response, message=message)
        self.retry_after = parse_retry_after(response.headers.get("Retry-After"))


class ServerError(APIStatusError):
    """Raised on 5xx once retries are spent."""


class KnowlifyTransportError(KnowlifyError):
    """Raised when no answer arrived: a timeout, a refused connection, a broken stream."""


class InvalidResponseError(KnowlifyError):
    """Raised when a 2xx answer's body is not the JSON object the contract documents."""


class RequestValidationError(KnowlifyError, ValueError):
    """Raised before sending when a request breaks a documented limit (batch size 1-50)."""


STATUS_ERRORS: Final[dict[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    415: UnsupportedMediaError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header in its delta form; None if absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
