"""URL syntax: which values are *malformed* (HTTP 400) as opposed to merely refused later.

A reference image URL is malformed, and ``malformed_url_reason`` returns a short reason, when the
first of these rules that applies says so (they are checked in this order):

1. the value is not a ``str``;
2. it is the empty string;
3. it contains whitespace or a control character: any character ``c`` for which Python's
   ``c.isspace()`` is true, or any code point in U+0000-U+001F or U+007F. Only the raw text is
   inspected; percent-escapes such as ``%20`` or ``%0a`` are *not* decoded;
4. it is longer than ``URL_MAX_LENGTH`` (2048) characters;
5. it does not start with a scheme: ``^[A-Za-z][A-Za-z0-9+.-]*:``;
6. when the text right after the scheme's ``:`` starts with ``//`` (a hierarchical URL, whatever
   the scheme), the *authority* is the text after those two slashes up to the first ``/``, ``?``
   or ``#`` (or the end). Within it:

   a. the *userinfo* is everything before the last ``@``, if there is one, and is not checked;
      the *host-port* is what follows it;
   b. if the host-port starts with ``[``, it must contain a ``]``; the text between the brackets
      must be an IPv6 address that Python's ``ipaddress.IPv6Address`` accepts, optionally followed
      by an RFC 6874 zone identifier: ``%25`` then at least one more character. After the ``]``
      there must be nothing or ``:`` and a port. ``[v1.x]`` (IPvFuture) is malformed;
   c. otherwise the host-port must contain neither ``[`` nor ``]``; the host is the text before
      the first ``:`` and the port is the text after it;
   d. the host must be non-empty, except for the ``file`` scheme (compared case-insensitively),
      where ``file:///etc/passwd`` is well formed;
   e. a port, when present and non-empty, must be ASCII digits only with a value of at most
      65535 (leading zeros are fine). An empty port after ``:`` is allowed, as in RFC 3986.

Nothing else is checked. In particular a well-formed URL with a scheme other than ``https``
(``http://``, ``file:///etc/passwd``, ``gopher://``, ``data:image/png;base64,...``,
``javascript:...``) is **not** malformed: the guard refuses it later with 422. Likewise a
well-formed URL naming a private host, or one whose authority holds a backslash, is a 422 decided
by the guard. URLs with no ``//`` after the scheme (``mailto:x``, ``https:example.com``) have no
authority and pass rules 6a-6e vacuously.

``split_url`` exposes the same parse so that the guard reads the host exactly as it was validated.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "URL_MAX_LENGTH",
    "Authority",
    "MalformedURLError",
    "SplitURL",
    "malformed_url_reason",
    "split_url",
    "split_zone",
]

URL_MAX_LENGTH: Final = 2048
"""The longest URL, in characters, that is still well formed."""

PORT_MAX: Final = 65535

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_DIGITS = re.compile(r"[0-9]+")
_AUTHORITY_END = re.compile(r"[/?#]")
_ZONE_PREFIX: Final = "%25"
_HOSTLESS_SCHEMES: Final = frozenset({"file"})


class MalformedURLError(ValueError):
    """Raised by ``split_url`` when a value is not a syntactically valid absolute URL."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Authority:
    """The ``//userinfo@host:port`` part of a hierarchical URL, as written.

    ``host`` keeps IPv6 brackets and any zone identifier. ``port`` is ``None`` when there is no
    ``:`` after the host and ``""`` when the ``:`` is followed by nothing.
    """

    userinfo: str | None
    host: str
    port: str | None

    @property
    def port_number(self) -> int | None:
        """The port as a number, or ``None`` when none (or an empty one) is written."""
        return int(self.port) if self.port else None


@dataclass(frozen=True, slots=True)
class SplitURL:
    """A well-formed URL cut into scheme, authority and the rest.

    ``scheme`` is lower-cased. ``authority`` is ``None`` when no ``//`` follows the scheme.
    ``rest`` is everything after the authority (path, query and fragment), or everything after
    the scheme's ``:`` when there is no authority.
    """

    scheme: str
    authority: Authority | None
    rest: str


def malformed_url_reason(url: object) -> str | None:
    """Say why ``url`` is not a syntactically valid absolute URL, or return ``None`` if it is.

    The rules are those of this module's docstring. The reason never quotes the userinfo.
    """
    if not isinstance(url, str):
        return f"expected a string, got {type(url).__name__}"
    try:
        split_url(url)
    except MalformedURLError as error:
        return error.reason
    return None


def split_url(url: str) -> SplitURL:
    """Parse ``url`` by this module's rules; raise ``MalformedURLError`` when it is malformed."""
    if not url:
        raise MalformedURLError("the URL is empty")
    if any(_is_whitespace_or_control(character) for character in url):
        raise MalformedURLError("the URL contains whitespace or a control character")
    if len(url) > URL_MAX_LENGTH:
        raise MalformedURLError(f"the URL is longer than {URL_MAX_LENGTH} characters")
    scheme_match = _SCHEME.match(url)
    if scheme_match is None:
        raise MalformedURLError("the URL has no scheme")
    scheme = scheme_match.group()[:-1].lower()
    after_scheme = url[scheme_match.end() :]
    if not after_scheme.startswith("//"):
        return SplitURL(scheme=scheme, authority=None, rest=after_scheme)
    hierarchical = after_scheme[2:]
    end = _AUTHORITY_END.search(hierarchical)
    cut = end.start() if end is not None else len(hierarchical)
    authority = _parse_authority(hierarchical[:cut], scheme=scheme)
    return SplitURL(scheme=scheme, authority=authority, rest=hierarchical[cut:])


def split_zone(bracketed_inside: str) -> tuple[str, str | None]:
    """Cut the text between IPv6 brackets into the address and the zone after ``%`` (if any).

    The zone is returned without its ``%``; ``%25eth0`` gives ``"25eth0"``.
    """
    address, percent, zone = bracketed_inside.partition("%")
    return address, (zone if percent else None)


def _is_whitespace_or_control(character: str) -> bool:
    code_point = ord(character)
    return character.isspace() or code_point < 0x20 or code_point == 0x7F


def _parse_authority(authority: str, *, scheme: str) -> Authority:
    userinfo, at_sign, host_port = authority.rpartition("@")
    if host_port.startswith("["):
        host, port = _split_bracketed(host_port)
    else:
        if "[" in host_port or "]" in host_port:
            raise MalformedURLError("the host contains a stray '[' or ']'")
        host, colon, port_text = host_port.partition(":")
        port = port_text if colon else None
    if not host and scheme not in _HOSTLESS_SCHEMES:
        raise MalformedURLError("the URL has an empty host")
    if port:
        _check_port(port)
    return Authority(userinfo=userinfo if at_sign else None, host=host, port=port)


def _split_bracketed(host_port: str) -> tuple[str, str | None]:
    closing = host_port.find("]")
    if closing == -1:
        raise MalformedURLError("the IPv6 literal has no closing ']'")
    host, after = host_port[: closing + 1], host_port[closing + 1 :]
    address, zone = split_zone(host[1:-1])
    if zone is not None and (not zone.startswith("25") or len(zone) == len("25")):
        raise MalformedURLError(f"an IPv6 zone identifier must be written as '{_ZONE_PREFIX}<id>'")
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        raise MalformedURLError("the bracketed host is not a valid IPv6 address") from None
    if not after:
        return host, None
    if not after.startswith(":"):
        raise MalformedURLError("unexpected text after the IPv6 literal")
    return host, after[1:]


def _check_port(port: str) -> None:
    if _DIGITS.fullmatch(port) is None:
        raise MalformedURLError("the port is not a number")
    if int(port) > PORT_MAX:
        raise MalformedURLError(f"the port {port} is above {PORT_MAX}")
