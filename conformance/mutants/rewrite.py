"""An ASGI middleware that rewrites whole answers: the seam of faults that live on the wire.

A real server gets its envelope or headers wrong in its framework glue (a custom exception
handler, a forgotten header on one route). Such faults are modelled here as one pure function
``Answer -> Answer`` applied to every HTTP answer of the reference app; the reference itself is
untouched. Answers the framework's outermost error middleware sends (an unhandled exception's
500) do not pass through.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["Answer", "Rewrite", "RewriteAnswers", "read_body", "replayed"]

Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]


@dataclass(frozen=True, slots=True)
class Answer:
    """One HTTP answer and the request it answers (method and path only)."""

    method: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        """The body as JSON, or ``None`` when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_json(self, document: Any, *, status: int | None = None) -> Answer:
        """The same answer carrying ``document`` as a JSON body (and ``status`` if given)."""
        headers = {**self.headers, "content-type": "application/json"}
        return replace(
            self,
            status=self.status if status is None else status,
            headers=headers,
            body=json.dumps(document).encode(),
        )

    def without_headers(self, *names: str) -> Answer:
        lowered = {name.lower() for name in names}
        return replace(self, headers={k: v for k, v in self.headers.items() if k not in lowered})


Rewrite = Callable[[Answer], Answer]


class RewriteAnswers:
    """Wrap an ASGI app; every HTTP answer goes through ``rewrite`` before it is sent."""

    def __init__(self, app: Any, rewrite: Rewrite) -> None:
        self.app = app
        self.rewrite = rewrite

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            answer = self.rewrite(_answer(scope, start, b"".join(chunks)))
            await send(_start_message(answer))
            await send({"type": "http.response.body", "body": answer.body})

        await self.app(scope, receive, capture)


def _answer(scope: Message, start: Message, body: bytes) -> Answer:
    headers = {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in start.get("headers", [])
    }
    return Answer(
        method=str(scope.get("method", "")),
        path=str(scope.get("path", "")),
        status=int(start.get("status", 200)),
        headers=headers,
        body=body,
    )


def _start_message(answer: Answer) -> Message:
    headers = {k: v for k, v in answer.headers.items() if k != "content-length"}
    headers["content-length"] = str(len(answer.body))
    return {
        "type": "http.response.start",
        "status": answer.status,
        "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
    }


# A middleware that must read the request body (to key on it, or to change it) hands the app a
# ``receive`` that replays what it read.
async def read_body(receive: Receive) -> bytes:
    """The whole request body, however many ``http.request`` messages carry it."""
    body = b""
    while True:
        message: Message = await receive()
        chunk: bytes = message.get("body", b"")
        body += chunk
        if not message.get("more_body", False):
            return body


def replayed(body: bytes) -> Receive:
    """A ``receive`` that hands the app ``body`` as one message."""

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
