"""One request and its response, captured and redacted the moment they are recorded.

Oracles judge an ``Exchange``; reports print it. Credentials never enter one: the API key,
bearer tokens and cookies are replaced at construction, and the curl line reads the key from
``$KNOWLIFY_API_KEY`` instead of spelling it.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from .config import ENVIRONMENT_VARIABLES
from .contract.constants import API_KEY_HEADER, API_KEY_PATTERN, AUTHORIZATION_HEADER

__all__ = ["REDACTED", "Exchange", "redact_fragments", "redact_headers", "redact_text"]

REDACTED = "[REDACTED]"
_BODY_PREVIEW = 4096


def redact_text(text: str, secrets: Mapping[str, str]) -> str:
    """Replace each secret value with ``[REDACTED:<its config name>]``.

    Matching ignores case: a probe such as the key with upper-case hex (AUTH-004) gives the
    real key away as surely as the key itself. The usual encodings of a secret a server may
    echo are masked too: percent-encoded, hex, and base64 (standard or URL-safe, at any
    alignment inside a longer base64 text). Longer forms go first, so a secret that contains
    another is masked whole.
    """
    folded = text.lower()
    for form, pattern, label in _maskers(tuple(secrets.items())):
        if form in folded:  # a cheap test first: most texts hold no secret
            text = pattern.sub(label.replace("\\", r"\\"), text)  # a literal label
            folded = text.lower()
    return text


@functools.lru_cache(maxsize=64)
def _maskers(
    secrets: tuple[tuple[str, str], ...],
) -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """``redact_text``'s forms (lower-cased), patterns and labels, longest form first:
    compiled once per set of secrets (every header of every exchange is redacted)."""
    forms = sorted(
        {(form, name) for name, secret in secrets if secret for form in _forms(secret)},
        key=lambda item: (-len(item[0]), item),
    )
    return tuple(
        (form.lower(), re.compile(re.escape(form), re.IGNORECASE), f"{REDACTED[:-1]}:{name}]")
        for form, name in forms
    )


def _forms(secret: str) -> set[str]:
    """``secret`` as written, and as a server might echo it encoded."""
    raw = secret.encode()
    forms = {secret, quote(secret, safe=""), "".join(f"%{byte:02x}" for byte in raw), raw.hex()}
    for shift in range(3):  # base64 of the secret at each alignment within a longer text
        first, end = -(-8 * shift // 6), (8 * (shift + len(raw))) // 6
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            forms.add(encode(b"\0" * shift + raw).decode()[first:end])
    return {form for form in forms if len(form) >= min(len(secret), 8)}


_FRAGMENT_LENGTH = 12
_TOKEN = re.compile(rf"[A-Za-z0-9_.\-]{{{_FRAGMENT_LENGTH},}}")


def redact_fragments(text: str, secrets: Mapping[str, str]) -> str:
    """``redact_text``, and also mask what a truncated repr leaves of a secret.

    pytest shortens long argument reprs by cutting out their middle (``'kn_b908...'``), so a
    secret can reach a traceback as a long prefix or suffix that no whole-value match finds.
    Any run of key-like characters sharing 12 characters with a secret is masked whole.
    """
    text = redact_text(text, secrets)
    lowered = {n: s.lower() for n, s in secrets.items() if s and len(s) >= _FRAGMENT_LENGTH}
    if not lowered:
        return text

    def mask(match: re.Match[str]) -> str:
        token, size = match.group(0).lower(), _FRAGMENT_LENGTH
        windows = {token[i : i + size] for i in range(len(token) - size + 1)}
        for name, secret in lowered.items():
            if any(window in secret for window in windows):
                return f"{REDACTED[:-1]}:{name}]"
        return match.group(0)

    return _TOKEN.sub(mask, text)


def _redact_header(name: str, value: str, secrets: Mapping[str, str]) -> str:
    value = redact_text(value, secrets)
    lower = name.lower()
    if lower == API_KEY_HEADER.lower():
        # A malformed probe key cannot be anyone's key: keep it so the reproduction is exact.
        return REDACTED if API_KEY_PATTERN.fullmatch(value) else value
    if lower == AUTHORIZATION_HEADER.lower() and REDACTED[:-1] not in value:
        scheme, _, token = value.partition(" ")
        return f"{scheme} {REDACTED}" if token else value
    if lower == "cookie":
        return REDACTED
    return value


def redact_headers(
    headers: Iterable[tuple[str, str]], secrets: Mapping[str, str] | None = None
) -> tuple[tuple[str, str], ...]:
    return tuple((name, _redact_header(name, value, secrets or {})) for name, value in headers)


# Config name -> the environment variable the suite reads it from (``keys.personal`` ->
# ``KNOWLIFY_API_KEY``), so a curl line names the variable the user already has.
_VARIABLE_OF = {dotted.removeprefix("fixtures."): variable
                for variable, dotted in ENVIRONMENT_VARIABLES.items()
                if dotted.startswith("fixtures.")}  # fmt: skip


def _shell_reference(value: str) -> str:
    """``[REDACTED:keys.personal]`` -> ``$KNOWLIFY_API_KEY``: the curl line never has it."""
    prefix = value.split(REDACTED[:-1], 1)[0]
    name = value.rsplit(":", 1)[-1].rstrip("]") if ":" in value.split("REDACTED", 1)[1] else "key"
    variable = _VARIABLE_OF.get(
        name, "KNOWLIFY_" + "".join(c if c.isalnum() else "_" for c in name).upper()
    )
    return f"{prefix}${variable}"


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
    # False when the body sent was not valid UTF-8 (``response_body`` holds it decoded with
    # replacement characters, for redaction): JSON must be UTF-8, so no envelope can hold.
    response_body_utf8: bool = True

    @classmethod
    def from_httpx(
        cls, response: httpx.Response, *, secrets: Mapping[str, str] | None = None
    ) -> Exchange:
        """Capture a response and its request; every value in ``secrets`` is masked."""
        request = response.request
        hidden = {name: value for name, value in (secrets or {}).items() if value}
        body = request.content if request.stream is not None else b""
        try:
            elapsed = response.elapsed.total_seconds()
        except RuntimeError:
            elapsed = 0.0
        try:
            response.content.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        return cls(
            method=request.method,
            url=redact_text(str(request.url), hidden),
            request_headers=redact_headers(request.headers.multi_items(), hidden),
            request_body=redact_text(body.decode("utf-8", "replace"), hidden).encode(),
            status_code=response.status_code,
            response_headers=redact_headers(response.headers.multi_items(), hidden),
            response_body=redact_text(response.content.decode("utf-8", "replace"), hidden).encode(),
            elapsed=elapsed,
            response_body_utf8=utf8,
        )

    def response_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.response_headers if k.lower() == wanted), None)

    def request_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.request_headers if k.lower() == wanted), None)

    def json(self) -> Any:
        """The response body as JSON; raises ``ResponseNotJson`` (a ValueError) when it is not."""
        from .failures import ResponseNotJson

        try:
            return json.loads(self.response_body)
        except ValueError as exc:
            raise ResponseNotJson(exchange=self, reason=str(exc)) from None
        except RecursionError:  # valid JSON nested deeper than Python parses: no envelope
            reason = "JSON nested deeper than the suite parses"
            raise ResponseNotJson(exchange=self, reason=reason) from None

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
            if lower in (API_KEY_HEADER.lower(), AUTHORIZATION_HEADER.lower()) and (
                REDACTED[:-1] in value
            ):
                parts += ["-H", f'"{name}: {_shell_reference(value)}"']
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
            joined: dict[str, str] = {}
            for name, value in items:  # a repeated header shows every value, in order
                joined[name] = f"{joined[name]}, {value}" if name in joined else value
            return joined

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
