"""The steps every route takes first, in the contract's precedence: 401, then 429."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from ..contract.constants import RateBucket
from .accounts import Caller
from .errors import attach_rate_headers, rate_headers_of
from .state import ReferenceState

__all__ = ["admit", "authenticate", "ok", "state_of"]


def state_of(request: Request) -> ReferenceState:
    state = request.app.state.reference
    assert isinstance(state, ReferenceState)
    return state


def authenticate(request: Request) -> Caller:
    """The caller, or a 401 before anything else about the request is looked at."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    return state_of(request).directory.authenticate(headers)


def admit(request: Request, identity: str, bucket: RateBucket) -> None:
    """Count the request in its bucket; a 429 once the window's cap is passed."""
    decision = state_of(request).limiter.hit(identity, bucket)
    if not decision.allowed:
        raise decision.refusal()
    attach_rate_headers(request, decision.headers())


def ok(request: Request, body: dict[str, Any]) -> JSONResponse:
    """A 200 carrying the caller's ``X-RateLimit-*`` headers (section 3.3)."""
    return JSONResponse(body, status_code=200, headers=rate_headers_of(request))
