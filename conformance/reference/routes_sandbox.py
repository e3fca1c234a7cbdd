"""Sandbox-only routes, outside the contract's ``/v1``: what the suite cannot do through the API.

The sandbox's image hosts are virtual (``images/sandbox.py``): the suite cannot watch them
from outside, so their request log is published here for REF-010 (a refused or second-hop URL
is never requested). And the API offers no way to top up an account, so the exact-balance
account that CRED-005 spends is restored here before each run's edit. Served only by seeded
sandboxes; a deployment of the API has no such path.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from .errors import APIError
from .sandbox import EXACT_BALANCE_RESTORE_PATH, IMAGE_HOST_REQUESTS_PATH, restore_exact_balance

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


@router.post(EXACT_BALANCE_RESTORE_PATH)
async def exact_balance_restore(request: Request) -> dict[str, Any]:
    """Set the account of ``keys.exact_balance`` back to one plain edit's worst-case cost."""
    balance = restore_exact_balance(request.app.state.reference, request.app.state.fixtures)
    return {"balance": balance}
