"""The error envelope: one exception type for every refusal and the handlers that render it.

Every non-2xx answer of the reference server, framework paths included (unknown route, wrong
method, unhandled exception), is ``{"detail": "<non-empty text>"}`` with
``Content-Type: application/json`` (contract.md §4.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

__all__ = [
    "APIError",
    "attach_rate_headers",
    "envelope",
    "install_error_handlers",
    "rate_headers_of",
]

_RATE_HEADERS_STATE = "knowlify_rate_headers"


class APIError(Exception):
    """Raised anywhere in the reference server to answer with an error envelope."""

    def __init__(
        self, status_code: int, detail: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        if not detail:
            raise ValueError("an error detail must be non-empty text")
        super().__init__(f"{status_code}: {detail}")
        self.status_code = status_code
        self.detail = detail
        self.headers = dict(headers or {})


def envelope(
    status_code: int, detail: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The one way this server renders an error."""
    return JSONResponse({"detail": detail}, status_code=status_code, headers=dict(headers or {}))


def attach_rate_headers(request: Request, headers: Mapping[str, str]) -> None:
    """Remember the caller's rate-limit headers so error answers carry them too."""
    setattr(request.state, _RATE_HEADERS_STATE, dict(headers))


def rate_headers_of(request: Request) -> dict[str, str]:
    return dict(getattr(request.state, _RATE_HEADERS_STATE, {}))


def _reason(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return f"HTTP {status_code}"


def install_error_handlers(app: FastAPI) -> None:
    """Replace FastAPI's defaults (422 with a list ``detail``, text/plain 500) with the envelope."""

    async def on_api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, APIError)
        return envelope(exc.status_code, exc.detail, {**rate_headers_of(request), **exc.headers})

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail else None
        return envelope(exc.status_code, detail or _reason(exc.status_code), exc.headers)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        # Routes parse their own bodies; this only guards framework-level parameter checks.
        return envelope(400, "Request validation failed", rate_headers_of(request))

    async def on_unhandled(request: Request, exc: Exception) -> JSONResponse:
        return envelope(500, "Internal server error: the request could not be handled")

    app.add_exception_handler(APIError, on_api_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unhandled)
