"""The suite's HTTP clients: every answer bounded in time and size, and no state kept.

A target may be hostile or broken, so each request the suite sends:

- finishes within its deadline (``timeout_seconds``, total wall time), whatever the server
  trickles: every socket read and write waits at most what is left of the deadline, not
  httpx's per-read timeout afresh (``DeadlineBackend``);
- reads the body as a stream and stops at ``MAX_RESPONSE_BYTES`` on the wire, and again at
  ``MAX_RESPONSE_BYTES`` once decompressed (a 2 MB gzip expanding to 2 GiB is refused after
  4 MiB of output), raising ``ResponseTooLarge``;
- asks for an uncompressed answer (``Accept-Encoding: identity``) and carries no cookie: the
  jar refuses every ``Set-Cookie``, so nothing rides from one request to the next except what
  a check sends on purpose.

``suite_client`` builds such a client around any inner transport (the network, or an ASGI app
in-process); the response it returns keeps the server's headers as sent (``Content-Encoding``
included) with the body already read and decoded.
"""

from __future__ import annotations

import contextvars
import datetime
import http.cookiejar
import time
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, Final

import httpcore
import httpx

__all__ = [
    "MAX_RESPONSE_BYTES",
    "BoundedTransport",
    "DeadlineBackend",
    "ResponseTooLarge",
    "bounded_response",
    "network_transport",
    "suite_client",
]

#: The most the suite reads of one response body, on the wire and again once decompressed.
MAX_RESPONSE_BYTES: Final = 4 * 1024 * 1024

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "knowlify_deadline", default=None
)


class ResponseTooLarge(httpx.TransportError):
    """The response body went past ``MAX_RESPONSE_BYTES`` (compressed or decompressed)."""


def _left(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of the current request's deadline."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, each wait cut to what is left of the request's deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _left(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(
            self._inner.connect_unix_socket(path, _left(timeout), socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def network_transport() -> httpx.HTTPTransport:
    """httpx's transport over the network, its sockets on the ``DeadlineBackend``."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx has no argument for the network backend: give its pool one that keeps deadlines.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        network_backend=DeadlineBackend(),
    )
    return transport


def read_capped(
    chunks: Iterable[bytes], *, deadline: float, limit: int = MAX_RESPONSE_BYTES
) -> bytes:
    """The chunks joined, refused past ``limit`` bytes or past ``deadline`` (monotonic)."""
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise ResponseTooLarge(f"response body over {limit} bytes")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the request's deadline passed")
    return bytes(body)


_WBITS: Final = {
    "gzip": 16 + zlib.MAX_WBITS,
    "x-gzip": 16 + zlib.MAX_WBITS,
    "deflate": zlib.MAX_WBITS,
}


def _inflate(body: bytes, wbits: int, limit: int) -> bytes:
    """``body`` inflated, member after member (gzip allows several), at most ``limit`` bytes."""
    out = bytearray()
    while body:
        decoder = zlib.decompressobj(wbits)
        out += decoder.decompress(body, limit + 1 - len(out))  # never 0, which is "no limit"
        if len(out) > limit or decoder.unconsumed_tail:
            raise ResponseTooLarge(f"response body over {limit} bytes once decompressed")
        body = decoder.unused_data if decoder.eof else b""
    return bytes(out)


def decode_capped(body: bytes, encodings: list[str], *, limit: int = MAX_RESPONSE_BYTES) -> bytes:
    """``body`` with its gzip / deflate ``Content-Encoding``s undone, at most ``limit`` bytes.

    An encoding the suite did not ask for and cannot bound (br, zstd ...) is left as it is: the
    checks then judge the bytes the server sent.
    """
    for coding in reversed(encodings):
        wbits = _WBITS.get(coding)
        if wbits is None:
            break
        try:
            body = _inflate(body, wbits, limit)
        except zlib.error:
            if coding != "deflate":
                raise httpx.DecodingError(f"the {coding} body does not decode") from None
            try:  # some servers send raw deflate, without the zlib wrapper
                body = _inflate(body, -zlib.MAX_WBITS, limit)
            except zlib.error:
                raise httpx.DecodingError("the deflate body does not decode") from None
    return body


def bounded_response(
    status_code: int,
    headers: httpx.Headers | list[tuple[bytes, bytes]],
    body: bytes,
    *,
    started: float,
    extensions: dict[str, Any] | None = None,
) -> httpx.Response:
    """A response holding ``body`` (raw, as read) decoded within the cap, headers as sent."""
    sent = httpx.Headers(headers)
    encodings = [v.strip().lower() for v in sent.get_list("content-encoding", split_commas=True)]
    decoded = decode_capped(body, [e for e in encodings if e and e != "identity"])
    plain = [(k, v) for k, v in sent.raw if k.lower() != b"content-encoding"]  # bytes as sent
    response = httpx.Response(status_code, headers=plain, content=decoded, extensions=extensions)
    response.headers = sent  # the body is read: the header no longer drives any decoding
    response.elapsed = datetime.timedelta(seconds=time.monotonic() - started)
    return response


class BoundedTransport(httpx.BaseTransport):
    """``inner``'s answers, each read within ``deadline_seconds`` and the size caps."""

    def __init__(self, inner: httpx.BaseTransport, *, deadline_seconds: float) -> None:
        self._inner = inner
        self._deadline_seconds = deadline_seconds

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.monotonic()
        deadline = started + self._deadline_seconds
        token = _DEADLINE.set(deadline)
        try:
            response = self._inner.handle_request(request)
            try:
                stream = response.stream
                assert isinstance(stream, Iterable)
                body = read_capped(_chunks(stream), deadline=deadline)
            finally:
                response.close()
        finally:
            _DEADLINE.reset(token)
        return bounded_response(
            response.status_code,
            response.headers,
            body,
            started=started,
            extensions=dict(response.extensions),
        )

    def close(self) -> None:
        self._inner.close()


def _chunks(stream: Iterable[bytes]) -> Iterator[bytes]:
    yield from stream


def _no_cookies() -> http.cookiejar.CookieJar:
    """A jar that accepts no cookie from any server (httpx keeps a jar given as such; a
    ``Cookies`` object would be copied into a fresh jar with the default policy)."""
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


def suite_client(inner: httpx.BaseTransport, *, base_url: str, timeout: float) -> httpx.Client:
    """An httpx client for the suite's requests: bounded, cookie-less, never redirected."""
    return httpx.Client(
        transport=BoundedTransport(inner, deadline_seconds=timeout),
        base_url=base_url,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        trust_env=False,
        cookies=_no_cookies(),
        headers={"Accept-Encoding": "identity"},
    )
