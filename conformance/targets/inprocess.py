"""A synchronous httpx transport that calls an ASGI application in-process.

httpx ships only an async ASGI transport; the harness is synchronous, so each request runs the
app on a short-lived event loop. App exceptions after a response was sent (Starlette re-raises
500s) are swallowed: the response the app sent is what the suite judges.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx

__all__ = ["InProcessTransport", "in_process_client"]


class InProcessTransport(httpx.BaseTransport):
    def __init__(self, app: Any, *, timeout: float) -> None:
        self._transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._timeout = timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            try:
                with anyio.fail_after(self._timeout):
                    response = await self._transport.handle_async_request(request)
                    content = await response.aread()
            except TimeoutError:
                raise httpx.ReadTimeout("the app did not answer in time", request=request) from None
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return anyio.run(send)


def in_process_client(app: Any, *, base_url: str, timeout: float) -> httpx.Client:
    return httpx.Client(
        transport=InProcessTransport(app, timeout=timeout), base_url=base_url, timeout=timeout
    )
