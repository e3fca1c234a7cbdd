"""The sandbox's image hosts: a fixed table of names under ``images.test``, and no network.

``SandboxResolver`` and ``SandboxFetcher`` answer from ``SANDBOX_HOSTS``; neither opens a socket.
Public sandbox names resolve to ``SANDBOX_PUBLIC_ADDRESS`` (93.184.215.14, a real public unicast
address: nothing ever connects to it). ``.test`` is reserved (RFC 6761), so no fixture name can
collide with a real host.

``SANDBOX_IMAGES`` lists one fixture URL per purpose with the status the guard gives it under the
contract's default limits (``None`` = accepted); ``SANDBOX_IMAGE_URLS`` is the same as a plain
purpose → URL mapping for config writers.

The fetcher answers any host that is not in the table (a name another resolver resolved, or a
public IP literal) with a small ``image/png``; asked for a non-public IP literal it raises
``FetchError``, so a guard bug cannot be masked by a friendly answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from ipaddress import IPv4Address
from types import MappingProxyType
from typing import Final

from ...contract.constants import REFERENCE_IMAGE_MAX_BYTES
from .addresses import Address, InvalidHostError, non_public_reason, parse_host
from .transport import FetchError, HeadResponse, ResolutionError
from .urls import MalformedURLError, split_url

__all__ = [
    "SANDBOX_DOMAIN",
    "SANDBOX_HOSTS",
    "SANDBOX_IMAGES",
    "SANDBOX_IMAGE_BYTES",
    "SANDBOX_IMAGE_URLS",
    "SANDBOX_PUBLIC_ADDRESS",
    "SANDBOX_SECOND_HOP_TARGET",
    "SandboxFetcher",
    "SandboxHost",
    "SandboxImage",
    "SandboxResolver",
    "sandbox_hosts",
]

SANDBOX_DOMAIN: Final = "images.test"
SANDBOX_PUBLIC_ADDRESS: Final = IPv4Address("93.184.215.14")
SANDBOX_IMAGE_BYTES: Final = 2048
"""The ``Content-Length`` of every ordinary sandbox image."""

_PUBLIC: Final = (SANDBOX_PUBLIC_ADDRESS,)
_OK: Final = int(HTTPStatus.OK)
_REFUSED_HOST: Final = int(HTTPStatus.UNPROCESSABLE_ENTITY)
_UNSUPPORTED_MEDIA: Final = int(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)


@dataclass(frozen=True, slots=True)
class SandboxHost:
    """One sandbox host: the addresses its name resolves to and its answer to every HEAD.

    ``content_type``, ``content_length`` and ``location`` are sent as headers unless ``None``.
    ``unreachable`` makes the fetcher raise ``FetchError`` instead of answering.
    """

    description: str
    addresses: tuple[Address, ...] = _PUBLIC
    status: int = _OK
    content_type: str | None = "image/png"
    content_length: str | None = str(SANDBOX_IMAGE_BYTES)
    location: str | None = None
    unreachable: bool = False

    def head_response(self) -> HeadResponse:
        """The HEAD answer this host gives for any path."""
        headers = {
            name: value
            for name, value in (
                ("Content-Type", self.content_type),
                ("Content-Length", self.content_length),
                ("Location", self.location),
            )
            if value is not None
        }
        return HeadResponse(status=self.status, headers=headers)


@dataclass(frozen=True, slots=True)
class SandboxImage:
    """One fixture URL: what it is for and the status the guard answers (``None``: accepted)."""

    url: str
    expected_status: int | None
    description: str


def _name(label: str) -> str:
    return f"{label}.{SANDBOX_DOMAIN}"


def _url(label: str, path: str) -> str:
    return f"https://{_name(label)}/{path}"


SANDBOX_SECOND_HOP_TARGET: Final = _url("ok", "after-two-hops.png")
"""Where the two-hops chain's second redirect points: no conformant server requests it."""


def sandbox_hosts(max_bytes: int = REFERENCE_IMAGE_MAX_BYTES) -> Mapping[str, SandboxHost]:
    """The sandbox host table, sized for a guard whose limit is ``max_bytes``."""
    redirect = int(HTTPStatus.MOVED_PERMANENTLY)
    found = int(HTTPStatus.FOUND)
    table = {
        "ok": SandboxHost("a small PNG"),
        "exact-limit": SandboxHost(
            "a JPEG of exactly the byte limit",
            content_type="image/jpeg",
            content_length=str(max_bytes),
        ),
        "one-byte": SandboxHost("a PNG of one byte", content_length="1"),
        "decimal-limit": SandboxHost("a PNG of 5,000,000 bytes", content_length="5000000"),
        "wrong-type": SandboxHost("an HTML page", content_type="text/html; charset=utf-8"),
        "too-big": SandboxHost("a PNG one byte over the limit", content_length=str(max_bytes + 1)),
        "no-length": SandboxHost("a PNG sent without Content-Length", content_length=None),
        "bad-length": SandboxHost("a PNG whose Content-Length is '2kB'", content_length="2kB"),
        "not-found": SandboxHost("a 404 answer", status=int(HTTPStatus.NOT_FOUND)),
        "no-location": SandboxHost("a 302 without Location", status=found, content_type=None),
        "one-hop": SandboxHost(
            "one redirect to the ok host", status=redirect, location=_url("ok", "one-hop.png")
        ),
        "two-hops": SandboxHost(
            "a redirect to the relay host (two hops in all)",
            status=found,
            location=_url("relay", "two-hops.png"),
        ),
        "relay": SandboxHost(
            "the two-hops chain's first stop: a second redirect, to an image",
            status=redirect,
            location=SANDBOX_SECOND_HOP_TARGET,
        ),
        "redirect-http": SandboxHost(
            "a redirect to plain http",
            status=redirect,
            location=f"http://{_name('ok')}/redirect-http.png",
        ),
        "redirect-private": SandboxHost(
            "a redirect to the internal host",
            status=redirect,
            location=_url("internal", "redirect-private.png"),
        ),
        "internal": SandboxHost("a name for the private 10.0.0.7", (IPv4Address("10.0.0.7"),)),
        "metadata": SandboxHost(
            "a name for the cloud metadata endpoint", (IPv4Address("169.254.169.254"),)
        ),
        "rebind": SandboxHost(
            "a name resolving to a public address and to loopback",
            (SANDBOX_PUBLIC_ADDRESS, IPv4Address("127.0.0.1")),
        ),
        "unreachable": SandboxHost("a host whose HEAD request times out", unreachable=True),
    }
    return MappingProxyType({_name(label): host for label, host in table.items()})


SANDBOX_HOSTS: Final = sandbox_hosts()
"""The sandbox host table at the contract's byte limit, keyed by full host name."""

SANDBOX_IMAGES: Final[Mapping[str, SandboxImage]] = MappingProxyType(
    {
        "ok": SandboxImage(_url("ok", "ok.png"), None, "a small PNG: accepted"),
        "exact_limit": SandboxImage(
            _url("exact-limit", "exact-limit.jpg"), None, "exactly the byte limit: accepted"
        ),
        "one_hop": SandboxImage(
            _url("one-hop", "one-hop.png"), None, "one redirect hop to an image: accepted"
        ),
        "one_byte": SandboxImage(_url("one-byte", "one-byte.png"), None, "one byte: accepted"),
        "decimal_limit": SandboxImage(
            _url("decimal-limit", "decimal-limit.png"), None, "5,000,000 bytes: accepted"
        ),
        "wrong_type": SandboxImage(
            _url("wrong-type", "wrong-type.png"), _UNSUPPORTED_MEDIA, "text/html, not image/*"
        ),
        "too_big": SandboxImage(
            _url("too-big", "too-big.png"), _UNSUPPORTED_MEDIA, "one byte over the limit"
        ),
        "no_length": SandboxImage(
            _url("no-length", "no-length.png"), _UNSUPPORTED_MEDIA, "no Content-Length"
        ),
        "bad_length": SandboxImage(
            _url("bad-length", "bad-length.png"), _UNSUPPORTED_MEDIA, "a non-numeric length"
        ),
        "not_found": SandboxImage(
            _url("not-found", "not-found.png"), _UNSUPPORTED_MEDIA, "HEAD answers 404"
        ),
        "no_location": SandboxImage(
            _url("no-location", "no-location.png"), _UNSUPPORTED_MEDIA, "a 302 without Location"
        ),
        "unreachable": SandboxImage(
            _url("unreachable", "unreachable.png"), _UNSUPPORTED_MEDIA, "HEAD gets no answer"
        ),
        "two_hops": SandboxImage(
            _url("two-hops", "two-hops.png"), _REFUSED_HOST, "two redirect hops"
        ),
        "redirect_http": SandboxImage(
            _url("redirect-http", "redirect-http.png"), _REFUSED_HOST, "a redirect to http://"
        ),
        "redirect_private": SandboxImage(
            _url("redirect-private", "redirect-private.png"),
            _REFUSED_HOST,
            "a redirect to a private host",
        ),
        "internal": SandboxImage(
            _url("internal", "internal.png"), _REFUSED_HOST, "resolves to 10.0.0.7"
        ),
        "metadata": SandboxImage(
            _url("metadata", "latest/meta-data/"), _REFUSED_HOST, "resolves to 169.254.169.254"
        ),
        "rebind": SandboxImage(
            _url("rebind", "rebind.png"), _REFUSED_HOST, "one of its addresses is 127.0.0.1"
        ),
        "unknown_host": SandboxImage(
            _url("missing", "missing.png"), _REFUSED_HOST, "a name that does not resolve"
        ),
    }
)
"""One fixture per purpose, with the status the guard gives it at the default limits."""

SANDBOX_IMAGE_URLS: Final[Mapping[str, str]] = MappingProxyType(
    {purpose: image.url for purpose, image in SANDBOX_IMAGES.items()}
)
"""Purpose → fixture URL, e.g. ``SANDBOX_IMAGE_URLS["too_big"]``."""


class SandboxResolver:
    """Resolves sandbox host names from a table; every other name raises ``ResolutionError``."""

    def __init__(self, hosts: Mapping[str, SandboxHost] = SANDBOX_HOSTS) -> None:
        self._hosts = hosts
        self._lookups: list[str] = []

    @property
    def lookups(self) -> tuple[str, ...]:
        """Every name asked for, in order."""
        return tuple(self._lookups)

    def resolve(self, host: str) -> list[Address]:
        """The table's addresses for ``host`` (case-insensitive, one trailing dot ignored)."""
        self._lookups.append(host)
        entry = self._hosts.get(_table_key(host))
        if entry is None:
            raise ResolutionError(f"{host!r} is not a sandbox image host")
        return list(entry.addresses)


class SandboxFetcher:
    """Answers HEAD requests from the sandbox table without touching the network."""

    def __init__(self, *, max_bytes: int = REFERENCE_IMAGE_MAX_BYTES) -> None:
        self._hosts = sandbox_hosts(max_bytes)
        self._requests: list[str] = []

    @property
    def requests(self) -> tuple[str, ...]:
        """Every URL a HEAD was asked for, in order."""
        return tuple(self._requests)

    def head(self, url: str) -> HeadResponse:
        """The table's answer for the URL's host; a small PNG for hosts not in the table."""
        self._requests.append(url)
        try:
            authority = split_url(url).authority
            literal = parse_host(authority.host) if authority is not None else None
        except (MalformedURLError, InvalidHostError):
            raise FetchError("the sandbox cannot parse this URL") from None
        if authority is None:
            raise FetchError("the sandbox only serves URLs with a host")
        if literal is not None and non_public_reason(literal) is not None:
            raise FetchError("the sandbox never contacts a non-public address")
        entry = self._hosts.get(_table_key(authority.host))
        if entry is None:
            return SandboxHost("any other public host").head_response()
        if entry.unreachable:
            raise FetchError(f"{authority.host} did not answer (sandbox timeout)")
        return entry.head_response()


def _table_key(host: str) -> str:
    key = host.lower()
    return key[:-1] if key.endswith(".") else key
