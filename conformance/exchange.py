"""One request and its response, captured and redacted the moment they are recorded.

Oracles judge an ``Exchange``; reports print it. Credentials never enter one: the API key,
bearer tokens and cookies are replaced at construction, and the curl line reads the key from
``$KNOWLIFY_API_KEY`` instead of spelling it.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from .contract.constants import API_KEY_HEADER, AUTHORIZATION_HEADER

__all__ = ["REDACTED", "Exchange", "redact_headers", "redact_text"]

REDACTED = "[REDACTED]"
_SECRET_HEADERS = frozenset({API_KEY_HEADER.lower(), AUTHORIZATION_HEADER.lower(), "cookie"})
_BODY_PREVIEW = 4096


def redact_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, REDACTED if name.lower() in _SECRET_HEADERS else value) for name, value in headers
    )


def redact_text(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


@dataclass(frozen=True, slots=True)
class Exchange:
    """A redacted request/response pair."""

    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    request_body: bytes
    status_code: int
    response_headers: tuple[tuple[str, str], ...]
    response_body: bytes
    elapsed: float
    secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def from_httpx(cls, response: httpx.Response, *, secrets: Iterable[str] = ()) -> Exchange:
        request = response.request
        hidden = tuple(s for s in secrets if s)
        body = request.content if request.stream is not None else b""
        try:
            elapsed = response.elapsed.total_seconds()
        except RuntimeError:
            elapsed = 0.0
        return cls(
            method=request.method,
            url=redact_text(str(request.url), hidden),
            request_headers=redact_headers(request.headers.multi_items()),
            request_body=redact_text(body.decode("utf-8", "replace"), hidden).encode(),
            status_code=response.status_code,
            response_headers=redact_headers(response.headers.multi_items()),
            response_body=redact_text(response.content.decode("utf-8", "replace"), hidden).encode(),
            elapsed=elapsed,
        )

    def response_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == wanted), None)

    def request_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.request_headers if k.lower() == wanted), None)

    def json(self) -> Any:
        """The response body as JSON; raises ``ValueError`` when it is not."""
        return json.loads(self.response_body)

    @property
    def summary(self) -> str:
        return f"{self.method} {self.url} -> {self.status_code}"

    def curl(self) -> str:
        """A shell line reproducing the request; credentials come from the environment."""
        parts = ["curl", "-i", "-X", self.method, shlex.quote(self.url)]
        for name, value in self.request_headers:
            lower = name.lower()
            if lower in {"host", "content-length", "accept-encoding", "connection", "user-agent"}:
                continue
            if lower == API_KEY_HEADER.lower():
                parts += ["-H", f'"{API_KEY_HEADER}: $KNOWLIFY_API_KEY"']
            elif lower == AUTHORIZATION_HEADER.lower():
                parts += ["-H", '"Authorization: Bearer $KNOWLIFY_JWT"']
            else:
                parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.request_body:
            parts += ["--data-binary", shlex.quote(self.request_body.decode("utf-8", "replace"))]
        return " ".join(parts)

    def as_evidence(self) -> dict[str, Any]:
        """A JSON-ready record for reports, with bodies truncated."""

        def text(body: bytes) -> str:
            decoded = body.decode("utf-8", "replace")
            return decoded if len(decoded) <= _BODY_PREVIEW else decoded[:_BODY_PREVIEW] + "..."

        def headers(pairs: Mapping[str, str] | tuple[tuple[str, str], ...]) -> dict[str, str]:
            items = pairs.items() if isinstance(pairs, Mapping) else pairs
            return {k: v for k, v in items}

        return {
            "request": {
                "method": self.method,
                "url": self.url,
                "headers": headers(self.request_headers),
                "body": text(self.request_body),
            },
            "response": {
                "status": self.status_code,
                "headers": headers(self.response_headers),
                "body": text(self.response_body),
            },
            "elapsed_seconds": round(self.elapsed, 4),
            "curl": self.curl(),
        }
