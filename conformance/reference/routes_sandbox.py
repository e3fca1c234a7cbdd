"""Sandbox-only routes, outside the contract's ``/v1``: what the suite's image host saw.

The sandbox's image hosts are virtual (``images/sandbox.py``): the suite cannot watch them
from outside, so their request log is published here for REF-010 (a refused or second-hop URL
is never requested). Served only by seeded sandboxes; a deployment of the API has no such path.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from .errors import APIError
from .sandbox import IMAGE_HOST_REQUESTS_PATH

__all__ = ["router"]

router = APIRouter()


@router.get(IMAGE_HOST_REQUESTS_PATH)
def image_host_requests(request: Request) -> dict[str, Any]:
    """Every URL the server sent a HEAD request to, in order."""
    fetcher = request.app.state.reference.image_guard.fetcher
    requests = getattr(fetcher, "requests", None)
    if requests is None:
        raise APIError(404, "this server's image fetcher keeps no request log")
    return {"requests": list(requests)}
