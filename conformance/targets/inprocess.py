"""A synchronous httpx transport that calls an ASGI application in-process.

httpx ships only an async ASGI transport; the harness is synchronous, so each request runs the
app on a short-lived event loop. App exceptions after a response was sent (Starlette re-raises
500s) are swallowed: the response the app sent is what the suite judges. The body is read
within ``MAX_RESPONSE_BYTES`` and the timeout, as over the network (``suite_client``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import httpx

from .transport import MAX_RESPONSE_BYTES, ResponseTooLarge, suite_client

__all__ = ["InProcessTransport", "in_process_client"]


class _Body(httpx.SyncByteStream):
    """Bytes already read, handed on undecoded (the bounded transport decodes them)."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        yield self._body


class InProcessTransport(httpx.BaseTransport):
    def __init__(self, app: Any, *, timeout: float) -> None:
        self._transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._timeout = timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            try:
                with anyio.fail_after(self._timeout):
                    response = await self._transport.handle_async_request(request)
                    body = bytearray()
                    async for chunk in response.stream:  # type: ignore[union-attr]
                        body += chunk
                        if len(body) > MAX_RESPONSE_BYTES:
                            raise ResponseTooLarge(f"response body over {MAX_RESPONSE_BYTES} bytes")
            except TimeoutError:
                raise httpx.ReadTimeout("the app did not answer in time", request=request) from None
            return httpx.Response(
                response.status_code, headers=response.headers, stream=_Body(bytes(body))
            )

        return anyio.run(send)


def in_process_client(app: Any, *, base_url: str, timeout: float) -> httpx.Client:
    return suite_client(
        InProcessTransport(app, timeout=timeout), base_url=base_url, timeout=timeout
    )
