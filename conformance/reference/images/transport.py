"""The two ports through which the guard touches the outside world: DNS and one HEAD request.

The guard never opens a socket itself. It asks a ``Resolver`` for a host name's addresses and a
``Fetcher`` for the HEAD answer of one URL. Tests and the sandbox inject table-driven
implementations (``sandbox``); this package ships no network implementation.

An implementation that does use the network must:

- map every failure (NXDOMAIN, timeout, refused, TLS error ...) to ``ResolutionError`` or
  ``FetchError``, never letting a library's own exception escape;
- **not** follow redirects in ``head``: the guard follows them itself, checking each hop;
- connect only to the addresses the guard's resolver returned for the host (pin them), otherwise
  a DNS answer that changes between the check and the request (DNS rebinding) slips through.

Exception tree::

    Exception
    ├── ResolutionError   the host name has no usable address
    └── FetchError        the HEAD request got no HTTP answer (timeout, unreachable ...)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from .hosts import Address

__all__ = ["FetchError", "Fetcher", "HeadResponse", "ResolutionError", "Resolver"]


class ResolutionError(Exception):
    """Raised by a ``Resolver`` when a host name cannot be resolved."""


class FetchError(Exception):
    """Raised by a ``Fetcher`` when the HEAD request gets no HTTP answer at all."""


@dataclass(frozen=True, slots=True)
class HeadResponse:
    """The status and headers of one HEAD answer. Header names are matched case-insensitively."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """The value of header ``name``, or ``None`` when absent.

        When several keys spell the same name in different cases, their values are joined with
        ``", "`` in key order, as HTTP combines repeated fields (RFC 9110 section 5.3), so a
        duplicated ``Content-Length`` reads as a list rather than one number.
        """
        wanted = name.lower()
        values = [value for key, value in self.headers.items() if key.lower() == wanted]
        return ", ".join(values) if values else None


class Resolver(Protocol):
    """Looks up the addresses of a DNS name."""

    def resolve(self, host: str) -> list[Address]:
        """All addresses of ``host`` (ASCII, lower-case, no trailing dot).

        Raises ``ResolutionError`` when the name does not resolve.
        """
        ...


class Fetcher(Protocol):
    """Sends one HEAD request, without following redirects."""

    def head(self, url: str) -> HeadResponse:
        """The HEAD answer for ``url``; raises ``FetchError`` when there is no HTTP answer."""
        ...
