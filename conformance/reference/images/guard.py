"""The reference image guard: the SSRF and media rules of contract.md §6.2.

``ReferenceImageGuard.check(url)`` returns ``None`` when a reference image URL is acceptable and
raises ``ImageRejected(status, detail)`` otherwise. It talks to the world only through the
injected ``Resolver`` and ``Fetcher``. The checks run in this order; the first failure wins.

Before any hop
    - a malformed URL (``urls.malformed_url_reason``) → **400**.

Each hop (the given URL, then each redirect target), before any request to it
    1. scheme other than ``https`` → **422**;
    2. no ``//`` authority (``https:example.com``, ``https:/x``) → **422**: there is no host to
       check, and parsers disagree on what such URLs mean;
    3. a backslash in the authority (``https://a.example\\@127.0.0.1/``) → **422**: URL parsers
       disagree on where such a host ends;
    4. an IPv6 zone identifier (``[fe80::1%25eth0]``) → **422**: it names a local interface;
    5. a host that is neither an IP address nor a valid DNS name (``hosts``), e.g. ``256.0.0.1``
       or ``example.123`` → **422**;
    6. an IP literal, in any spelling ``hosts.parse_host`` knows, that ``addresses.
       non_public_reason`` refuses → **422**;
    7. a DNS name ``localhost`` or ``*.localhost`` → **422** (RFC 6761: always loopback);
    8. a DNS name that does not resolve, resolves to nothing, or has **any** non-public address
       among its answers → **422**.

    Userinfo (``https://user:pw@host/``) is allowed and ignored: the host after the *last* ``@``
    is what is checked, so ``https://public.example@127.0.0.1/`` is refused as 127.0.0.1. The
    userinfo is never echoed in a detail and never sent: the fetcher receives a **rebuilt** URL,
    ``https://<checked host>[:port]<path and query>`` (no userinfo, no fragment, the host in the
    normalised form that was checked), so the request goes to exactly the host that was checked.
    Any port is allowed.

Each hop, after the checks: one ``fetcher.head(url)``
    - ``FetchError`` (timeout, unreachable) → **415**: the media could not be verified, and the
      section 6.2 table ties HEAD-check failures to 415;
    - a 3xx status is a redirect hop. No (or a blank) ``Location`` → **415**. Otherwise the hop is
      counted, and more than ``max_redirects`` hops → **422** (counted before the target is
      checked). A ``Location`` holding a backslash → **422**; otherwise it is resolved against the
      current URL (``urllib.parse.urljoin``), a malformed result → **422**, and the target goes
      through the hop checks above (an ``http://`` target or a private host → **422**);
    - any other non-2xx status → **415**.

The final 2xx answer
    - ``Content-Type`` missing, or whose media type (before any ``;``, trimmed, case-insensitive)
      is not ``image/<token>`` → **415**;
    - ``Content-Length`` missing, or not ASCII digits after trimming spaces and tabs (so ``-1``,
      ``+5``, ``1.5``, ``1_000`` and a repeated ``2048, 2048`` all fail) → **415**;
    - ``Content-Length`` above ``max_bytes`` → **415**; exactly ``max_bytes`` is accepted.

Every ``detail`` is a non-empty sentence naming the problem; it may quote the host but never the
userinfo.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from ipaddress import ip_address
from typing import Final
from urllib.parse import urljoin

from ...contract.constants import REFERENCE_IMAGE_MAX_BYTES, REFERENCE_IMAGE_MAX_REDIRECTS
from .addresses import (
    Address,
    InvalidHostError,
    host_name,
    non_public_reason,
    parse_host,
)
from .transport import Fetcher, FetchError, HeadResponse, ResolutionError, Resolver
from .urls import malformed_url_reason, split_url

__all__ = ["ImageRejected", "ReferenceImageGuard"]

_MALFORMED: Final = int(HTTPStatus.BAD_REQUEST)
_UNSUPPORTED_MEDIA: Final = int(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
_REFUSED_HOST: Final = int(HTTPStatus.UNPROCESSABLE_ENTITY)
_REQUIRED_SCHEME: Final = "https"
_LOCALHOST: Final = "localhost"
_SHOWN_MAX_LENGTH: Final = 80
_HTTP_WHITESPACE: Final = " \t"
_IMAGE_MEDIA_TYPE = re.compile(r"image/[!#$%&'*+.^_`|~0-9a-z\-]+")
_DIGITS = re.compile(r"[0-9]+")


class ImageRejected(Exception):
    """Raised by ``ReferenceImageGuard.check`` with the HTTP status and detail to answer."""

    def __init__(self, status: int, detail: str) -> None:
        if not detail:
            raise ValueError("an ImageRejected detail must be non-empty text")
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail


class ReferenceImageGuard:
    """Checks reference image URLs against section 6.2 through an injected resolver and fetcher.

    ``max_bytes`` is the largest accepted ``Content-Length``; ``max_redirects`` the number of
    redirect hops followed. Both default to the contract and must be non-negative integers.
    """

    def __init__(
        self,
        resolver: Resolver,
        fetcher: Fetcher,
        *,
        max_bytes: int = REFERENCE_IMAGE_MAX_BYTES,
        max_redirects: int = REFERENCE_IMAGE_MAX_REDIRECTS,
    ) -> None:
        _require_non_negative("max_bytes", max_bytes)
        _require_non_negative("max_redirects", max_redirects)
        self._resolver = resolver
        self._fetcher = fetcher
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects

    @property
    def fetcher(self) -> Fetcher:
        """What sends the HEAD requests (the sandbox's keeps a log of them)."""
        return self._fetcher

    @property
    def max_bytes(self) -> int:
        """The largest ``Content-Length`` accepted."""
        return self._max_bytes

    @property
    def max_redirects(self) -> int:
        """How many redirect hops are followed before refusing."""
        return self._max_redirects

    def check(self, url: str) -> None:
        """Return if ``url`` passes every rule; raise ``ImageRejected`` naming the first failure."""
        reason = malformed_url_reason(url)
        if reason is not None:
            raise ImageRejected(_MALFORMED, f"reference image URL is malformed: {reason}")
        current = self._vetted(url, role="reference image URL")
        redirects = 0
        while True:
            response = self._head(current)
            if not _is_redirect(response.status):
                _check_final_answer(response, max_bytes=self._max_bytes)
                return
            location = (response.header("Location") or "").strip(_HTTP_WHITESPACE)
            if not location:
                raise ImageRejected(
                    _UNSUPPORTED_MEDIA,
                    f"reference image URL answered {response.status} without a Location header",
                )
            redirects += 1
            if redirects > self._max_redirects:
                raise ImageRejected(
                    _REFUSED_HOST,
                    f"reference image URL redirects more than {self._max_redirects} time(s)",
                )
            current = self._vetted(_redirect_target(current, location), role="redirect target")

    def _vetted(self, url: str, *, role: str) -> str:
        """Apply the hop checks to ``url`` and return the rebuilt URL to send the HEAD to."""
        parts = split_url(url)
        if parts.scheme != _REQUIRED_SCHEME:
            raise ImageRejected(_REFUSED_HOST, f"{role} must use https, not {parts.scheme!r}")
        authority = parts.authority
        if authority is None or not authority.host:
            raise ImageRejected(_REFUSED_HOST, f"{role} has no host (expected https://host/...)")
        raw_host = authority.host
        if "\\" in f"{authority.userinfo or ''}{raw_host}{authority.port or ''}":
            raise ImageRejected(_REFUSED_HOST, f"{role} has a backslash in its authority")
        if raw_host.startswith("[") and "%" in raw_host:
            raise ImageRejected(
                _REFUSED_HOST,
                f"{role} host {_shown(raw_host)} has an IPv6 zone id (a local interface)",
            )
        try:
            literal = parse_host(raw_host)
            if literal is not None:
                self._require_public_literal(literal, raw_host, role=role)
                url_host = f"[{literal}]" if literal.version == 6 else str(literal)
            else:
                url_host = host_name(raw_host)
                self._require_public_name(url_host, role=role)
        except InvalidHostError as error:
            raise ImageRejected(
                _REFUSED_HOST, f"{role} host {_shown(raw_host)} is not valid: {error.reason}"
            ) from None
        port = authority.port_number
        port_part = f":{port}" if port is not None else ""
        path_and_query = parts.rest.partition("#")[0]
        return f"{_REQUIRED_SCHEME}://{url_host}{port_part}{path_and_query}"

    def _require_public_literal(self, literal: Address, raw_host: str, *, role: str) -> None:
        reason = non_public_reason(literal)
        if reason is not None:
            raise ImageRejected(
                _REFUSED_HOST,
                f"{role} host {_shown(raw_host)} is the IP address {literal}, "
                f"which is not public: {reason}",
            )

    def _require_public_name(self, name: str, *, role: str) -> None:
        if name == _LOCALHOST or name.endswith(f".{_LOCALHOST}"):
            raise ImageRejected(_REFUSED_HOST, f"{role} host {name!r} always means loopback")
        try:
            answers = self._resolver.resolve(name)
        except ResolutionError:
            raise ImageRejected(_REFUSED_HOST, f"{role} host {name!r} does not resolve") from None
        if not answers:
            raise ImageRejected(_REFUSED_HOST, f"{role} host {name!r} resolves to no address")
        for answer in answers:
            address = _as_address(answer, name=name, role=role)
            reason = non_public_reason(address)
            if reason is not None:
                raise ImageRejected(
                    _REFUSED_HOST,
                    f"{role} host {name!r} resolves to {address}, which is not public: {reason}",
                )

    def _head(self, url: str) -> HeadResponse:
        try:
            return self._fetcher.head(url)
        except FetchError:
            raise ImageRejected(
                _UNSUPPORTED_MEDIA,
                "reference image could not be verified: the HEAD request got no answer",
            ) from None


def _redirect_target(current: str, location: str) -> str:
    if "\\" in location:
        raise ImageRejected(_REFUSED_HOST, "redirect Location contains a backslash")
    target = urljoin(current, location)
    reason = malformed_url_reason(target)
    if reason is not None:
        raise ImageRejected(_REFUSED_HOST, f"redirect target is malformed: {reason}")
    return target


def _check_final_answer(response: HeadResponse, *, max_bytes: int) -> None:
    if not HTTPStatus.OK <= response.status < HTTPStatus.MULTIPLE_CHOICES:
        raise ImageRejected(
            _UNSUPPORTED_MEDIA, f"reference image HEAD answered {response.status}, not 2xx"
        )
    content_type = response.header("Content-Type")
    if content_type is None:
        raise ImageRejected(_UNSUPPORTED_MEDIA, "reference image has no Content-Type")
    media_type = content_type.partition(";")[0].strip(_HTTP_WHITESPACE).lower()
    if _IMAGE_MEDIA_TYPE.fullmatch(media_type) is None:
        raise ImageRejected(
            _UNSUPPORTED_MEDIA,
            f"reference image Content-Type {_shown(media_type)} is not image/*",
        )
    content_length = response.header("Content-Length")
    if content_length is None:
        raise ImageRejected(_UNSUPPORTED_MEDIA, "reference image has no Content-Length")
    length_text = content_length.strip(_HTTP_WHITESPACE)
    if _DIGITS.fullmatch(length_text) is None:
        raise ImageRejected(
            _UNSUPPORTED_MEDIA, "reference image Content-Length is not a non-negative integer"
        )
    significant_digits = length_text.lstrip("0") or "0"
    if len(significant_digits) > len(str(max_bytes)) or int(significant_digits) > max_bytes:
        raise ImageRejected(
            _UNSUPPORTED_MEDIA,
            f"reference image is {_shown(significant_digits)} bytes, "
            f"above the {max_bytes}-byte limit",
        )


def _is_redirect(status: int) -> bool:
    return HTTPStatus.MULTIPLE_CHOICES <= status < HTTPStatus.BAD_REQUEST


def _as_address(answer: object, *, name: str, role: str) -> Address:
    """Accept a resolver answer only if it is (or spells) an IP address."""
    if isinstance(answer, Address):
        return answer
    try:
        return ip_address(str(answer))
    except ValueError:
        raise ImageRejected(
            _REFUSED_HOST, f"{role} host {name!r} resolved to something that is not an address"
        ) from None


def _shown(text: str) -> str:
    """Quote ``text`` for a detail, shortened so a long host cannot flood the message."""
    if len(text) > _SHOWN_MAX_LENGTH:
        text = text[: _SHOWN_MAX_LENGTH - 1] + "…"
    return repr(text)


def _require_non_negative(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
