"""A small image host for live runs: the sandbox's image behaviours on one real host, logged.

The reference-image checks need URLs whose HEAD answers are known (a small PNG, exactly the
byte limit, no ``Content-Length``, one redirect, two redirects ...) and a log of what the
server under test requested (REF-010: a refused URL, or a second hop, is never fetched). The
sandbox simulates both; against a deployment of your own, run this host where the deployment
can reach it over https (behind your TLS proxy), and paste the fixtures it prints::

    python -m conformance.reference.imagehost --port 8080 --public-url https://images.example.com

Each behaviour of the sandbox's table (``images/sandbox.py``) is served under a path prefix:
``/ok/...``, ``/exact-limit/...``, ``/one-hop/...`` ...; every request (HEAD or GET) is logged
as ``scheme://host/path``, the scheme from ``X-Forwarded-Proto`` when a proxy sends it, and
``GET /requests`` answers ``{"requests": [URL, ...]}``, oldest first. Host names that must
resolve to private addresses (``internal``, ``metadata``, ``rebind``) and a host that never
answers are DNS matters, not this host's: the printed fixtures say what to point where.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Final

import yaml

from .images.sandbox import SANDBOX_DOMAIN, SANDBOX_HOSTS, SANDBOX_IMAGE_URLS, SandboxHost

__all__ = ["REQUESTS_PATH", "ImageHost", "fixtures_for", "main"]

REQUESTS_PATH: Final = "/requests"
#: Sandbox fixtures that are DNS names, not paths of this host: what each must resolve to.
DNS_FIXTURES: Final = {
    "internal": "a name of yours resolving to a private address (A record 10.0.0.7)",
    "metadata": "a name of yours resolving to 169.254.169.254",
    "rebind": "a name of yours resolving to this host's public address and to 127.0.0.1",
    "unreachable": "a public address that drops connections to port 443",
    "unknown_host": "a name of yours without any record",
}
_PRIVATE_REDIRECT: Final = "https://10.0.0.7/redirect-private.png"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _label(host_name: str) -> str:
    return host_name.removesuffix(f".{SANDBOX_DOMAIN}")


_HOSTS: Final = {_label(name): host for name, host in SANDBOX_HOSTS.items()}


def _path_of(sandbox_url: str) -> str:
    """``https://one-hop.images.test/one-hop.png`` -> ``/one-hop/one-hop.png``."""
    host, _, rest = sandbox_url.split("://", 1)[1].partition("/")
    return f"/{_label(host)}/{rest}"


class ImageHost:
    """The ASGI app. ``requests`` is the log, in arrival order."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        scheme = headers.get("x-forwarded-proto") or scope.get("scheme", "http")
        host = headers.get("host", "")
        path = scope.get("path", "/")
        if path == REQUESTS_PATH and scope["method"] == "GET":
            with self._lock:
                body = json.dumps({"requests": list(self.requests)}).encode()
            await _answer(send, 200, {"Content-Type": "application/json"}, body)
            return
        with self._lock:
            self.requests.append(f"{scheme}://{host}{path}")
        label = path.strip("/").split("/", 1)[0]
        behaviour = _HOSTS.get(label)
        if behaviour is None:
            await _answer(send, 404, {"Content-Type": "text/plain"}, b"no such image\n")
            return
        await _answer(send, behaviour.status, _headers(behaviour, scheme, host, path), b"")


def _headers(behaviour: SandboxHost, scheme: str, host: str, path: str) -> dict[str, str]:
    """The sandbox behaviour's HEAD headers, its redirects pointed at this host."""
    headers = dict(behaviour.head_response().headers)
    location = headers.get("Location")
    if location is not None:
        target_host = location.split("://", 1)[1].split("/", 1)[0]
        if _label(target_host) == "internal":
            headers["Location"] = _PRIVATE_REDIRECT
        elif location.startswith("http://"):
            headers["Location"] = f"http://{host}{_path_of('https' + location[4:])}"
        else:
            headers["Location"] = f"{scheme}://{host}{_path_of(location)}"
    return headers


async def _answer(send: Send, status: int, headers: dict[str, str], body: bytes) -> None:
    """Headers as given: a ``Content-Length`` stated for HEAD is kept, even without a body."""
    raw = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    if b"content-length" not in {name for name, _ in raw} and body:
        raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def fixtures_for(public_url: str) -> dict[str, Any]:
    """The ``image_urls`` and ``image_host`` fixtures of a host served at ``public_url``."""
    from ..fixture_docs import described_fixtures

    base = public_url.rstrip("/")
    wanted = {name.removeprefix("image_urls.") for name in described_fixtures()}
    urls = {
        name: f"{base}{_path_of(url)}"
        for name, url in SANDBOX_IMAGE_URLS.items()
        if name in wanted and name not in DNS_FIXTURES
    }
    return {
        "image_urls": {**urls, **{name: f"<{why}>" for name, why in DNS_FIXTURES.items()}},
        "image_host": {
            "requests_url": f"{base}{REQUESTS_PATH}",
            "second_hop_target": f"{base}/ok/after-two-hops.png",
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conformance.reference.imagehost",
        description="serve the reference-image behaviours the suite's checks need, with a log",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument(
        "--public-url", required=True,
        help="the https URL the server under test reaches this host at (your TLS proxy)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    print("# Paste under `fixtures:` in your config (see `knowlify-conformance init`):")
    print(yaml.safe_dump(fixtures_for(args.public_url), sort_keys=False), flush=True)
    import uvicorn

    uvicorn.run(ImageHost(), host=args.host, port=args.port, log_level="warning", lifespan="off")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
