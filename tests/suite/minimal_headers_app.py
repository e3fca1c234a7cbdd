"""The reference, but sending ``X-RateLimit-*`` on 2xx and 429 answers only.

The contract promises those headers on 2xx (RATE-001) and on 429 (RATE-009); on other errors
they are a profile option (RATE-016). A server this minimal keeps every MUST: the suite must
not blame it for anything but RATE-016. Run as ``reference:minimal_headers_app:factory``.
"""

from __future__ import annotations

from typing import Any

from conformance.contract.constants import RATE_LIMIT_HEADERS
from conformance.reference import create_app

_STRIPPED = {name.lower().encode() for name in RATE_LIMIT_HEADERS}


class _HeadersOn2xxAnd429:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state  # the sandbox fixtures the reference target reads

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def strip(message: Any) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                if not (200 <= status < 300 or status == 429):
                    message["headers"] = [
                        (name, value)
                        for name, value in message["headers"]
                        if name.lower() not in _STRIPPED
                    ]
            await send(message)

        await self.app(scope, receive, strip)


def factory(**kwargs: Any) -> _HeadersOn2xxAnd429:
    return _HeadersOn2xxAnd429(create_app(**kwargs))
